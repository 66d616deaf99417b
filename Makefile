# Ember build. `make demo` and `make test` are the two commands README.md gives.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VERSION       := 0.1.0-SNAPSHOT
SPARK_VERSION := 3.5.9
COMET_VERSION := 0.12.0
SF            ?= 1
ITERATIONS    ?= 3
WARMUPS       ?= 1
BUILD         := build
VENV          := $(BUILD)/venv
PY            := $(VENV)/bin/python
JAR           := jvm-plugin/target/ember-spark-3.5_2.12-$(VERSION).jar
HOST_ARCH     := $(shell go env GOARCH)
GIT_COMMIT    := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
GO_LDFLAGS    := -s -w -X github.com/ember-spark/ember/sidecar.BuildID=$(VERSION)+$(GIT_COMMIT)
MVN           := mvn -B -q -Dspark.version=$(SPARK_VERSION) -Dember.native.dir=$(CURDIR)/$(BUILD)/sidecar
BUF           := cd proto && go tool -modfile=tools/go.mod buf
GO_SOURCES    := $(shell find . -name '*.go' -not -path './build/*' -not -path './jvm-plugin/*') go.mod go.sum

.PHONY: all proto proto-check docs sidecar jar venv demo test test-go test-jvm test-e2e compat compat-tpch-sf1 tpch spill-check bench-operators bench-deps clean

all: jar

## proto: regenerate the checked-in Go code from proto/ (buf and the plugins run through the Go toolchain).
proto:
	$(BUF) lint
	$(BUF) generate

## proto-check: fail when proto/gen is stale or buf lint fails.
proto-check:
	$(BUF) lint
	rm -rf $(CURDIR)/$(BUILD)/_proto-check && mkdir -p $(CURDIR)/$(BUILD)/_proto-check
	$(BUF) generate -o $(CURDIR)/$(BUILD)/_proto-check
	diff -r proto/gen $(BUILD)/_proto-check/gen || { echo "proto/gen is stale: run 'make proto' and commit the result" >&2; exit 1; }

## docs: regenerate docs/compatibility.md and docs/configuration.md from the plugin's registries.
docs:
	cd jvm-plugin && $(MVN) test -Dember.skipNative=true -Dsuites=dev.ember.spark.tools.EmberDocsSuite -Dember.docs.write=true

## sidecar: the ember-sidecar binaries for linux/amd64 and linux/arm64, bundled into the jar.
sidecar: $(BUILD)/sidecar/linux-amd64/ember-sidecar $(BUILD)/sidecar/linux-arm64/ember-sidecar

$(BUILD)/sidecar/linux-%/ember-sidecar: $(GO_SOURCES)
	mkdir -p $(dir $@)
	CGO_ENABLED=0 GOOS=linux GOARCH=$* go build -trimpath -ldflags '$(GO_LDFLAGS)' -o $@ ./sidecar/cmd/ember-sidecar

## jar: the plugin jar with both sidecar binaries inside.
jar: sidecar
	cd jvm-plugin && $(MVN) package -DskipTests
	@echo "built $(JAR)"

## venv: a local virtualenv with pyspark $(SPARK_VERSION) (Spark itself), pyarrow and pytest.
venv: $(VENV)/.installed

$(VENV)/.installed: compat-tests/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r compat-tests/requirements.txt
	touch $@

## demo: build everything, write a small Parquet table, run one query with and without Ember.
demo: jar venv
	$(PY) compat-tests/demo.py --jar $(JAR)

## test: everything CI runs.
test: proto-check test-go test-jvm test-e2e

test-go:
	go vet ./...
	go test ./...

test-jvm: sidecar
	cd jvm-plugin && $(MVN) test -Dember.sidecar.path=$(CURDIR)/$(BUILD)/sidecar/linux-$(HOST_ARCH)/ember-sidecar

test-e2e: jar venv
	$(PY) -m pytest -q compat-tests --jar $(JAR)

## spill-check: issue 5's memory acceptance check: with a 64 MB sidecar budget, a GROUP BY over
## 10M keys and an ORDER BY over 50M rows spill, match Spark, stay under budget + 64 MB RSS and
## leave no spill file (about 4 minutes on 2 cores).
spill-check: jar venv
	$(PY) bench/spill_check.py --jar $(JAR)

## bench-operators: issue 5's operator figures beside Spark's time for the same query (GROUP BY
## an int64 key at 16 and 1M groups over 20M rows, ORDER BY over 10M rows), same run.
bench-operators: jar venv
	$(PY) bench/operators.py --jar $(JAR)

## tpch: the TPC-H benchmark (SF=1 by default): Spark, Spark + Ember, Spark + Comet, DuckDB and
## DataFusion on the same files, answers checked; writes build/bench/tpch-sf$(SF).{json,md,html}.
tpch: jar venv bench-deps
	$(PY) bench/tpch.py --sf $(SF) --jar $(JAR) --iterations $(ITERATIONS) --warmups $(WARMUPS)

## bench-deps: DuckDB and DataFusion from PyPI, Comet's jar from Maven Central (a missing one is
## reported by the benchmark as skipped, never a failure).
bench-deps: venv $(VENV)/.bench-installed $(BUILD)/bench/jars/comet.jar

$(VENV)/.bench-installed: bench/requirements.txt
	$(PY) -m pip install -q -r bench/requirements.txt
	touch $@

$(BUILD)/bench/jars/comet.jar:
	mkdir -p $(dir $@)
	mvn -B -q dependency:copy -Dartifact=org.apache.datafusion:comet-spark-spark3.5_2.12:$(COMET_VERSION) \
	  -DoutputDirectory=$(CURDIR)/$(BUILD)/bench/jars -Dmdep.stripVersion=true \
	  && mv $(BUILD)/bench/jars/comet-spark-spark3.5_2.12.jar $@ \
	  || echo "Comet's jar could not be downloaded: the benchmark will report comet as skipped"

## compat: the whole compat corpus against real Spark; writes build/compat/report.json (see compat-tests/README.md).
compat: jar venv
	$(PY) compat-tests/run_compat.py --jar $(JAR) --fuzz 10000 --seed 42

## compat-tpch-sf1: TPC-H scale factor 1, Ember off and on, checked against dbgen answers in ../shared/tpch.
compat-tpch-sf1: jar venv
	$(PY) compat-tests/run_compat.py --jar $(JAR) --no-corpus --tpch-sf1

clean:
	rm -rf $(BUILD) jvm-plugin/target
