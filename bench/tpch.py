#!/usr/bin/env python3
"""TPC-H on Spark with and without Ember, beside Comet, DuckDB and DataFusion.

One run, one set of Parquet files (tpchgen-cli, cached per scale factor), every engine:

- spark:      Spark 3.5 as shipped (the baseline),
- ember:      the same Spark session with Ember on,
- comet:      the same Spark session with DataFusion Comet on (its jar from Maven Central),
- duckdb, datafusion: single-machine references (PyPI).

Spark, Ember and Comet share one SparkSession, so they run with the same settings (printed
in the report); each query switches the engine with session confs (`spark.ember.enabled`,
`spark.comet.enabled`). Every query is warmed up on each engine, then timed `--iterations`
times with the engines interleaved (q1 spark, q1 ember, q1 comet, ..., then again), so
drift on the machine hits them alike. The median counts.

Each answer is checked: against dbgen's answers in shared/tpch where it has them (SF1 and
SF0.1, most queries), else against Spark's own answer (same rules: numbers to the digits both show; rows in order when
the query has ORDER BY). A mismatch is printed loudly and that engine's time for the query
does not count. An engine that cannot be set up is reported as skipped, with the reason.

Writes build/bench/tpch-sf<N>.json, .md and .html (a chart).
"""

import argparse
import datetime
import glob
import html
import json
import math
import os
import platform
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "compat-tests"))

from compat import data as cdata  # noqa: E402
from compat import tpch as ctpch  # noqa: E402

SHARED_TPCH = os.environ.get("EMBER_TPCH_SHARED", os.path.join(os.path.dirname(ROOT), "shared", "tpch"))
ENGINES = ["spark", "ember", "comet", "duckdb", "datafusion"]
SPARK_ENGINES = ("spark", "ember", "comet")
TABLES = cdata.TPCH_TABLES

# The Spark settings every Spark-based engine runs with (Comet needs off-heap memory and its
# shuffle manager, which with Comet off hands ordinary shuffles to Spark's sort shuffle).
SPARK_CONF = {
    "spark.master": "local[2]",
    "spark.driver.memory": "10g",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.adaptive.enabled": "true",
    "spark.memory.offHeap.enabled": "true",
    "spark.memory.offHeap.size": "4g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
}
COMET_CONF = {
    "spark.shuffle.manager": "org.apache.spark.sql.comet.execution.shuffle.CometShuffleManager",
    "spark.comet.explainFallback.enabled": "false",
}


def log(msg=""):
    print(msg, flush=True)


# --------------------------------------------------------------------------------------------
# Queries and data

def load_queries(names=None):
    """The 22 queries from shared/tpch/queries, or, in a checkout without shared/tpch beside it,
    the same queries from the compat corpus (compat-tests/corpus/tpch.sql)."""
    out = []
    paths = glob.glob(os.path.join(SHARED_TPCH, "queries", "q*.sql"))
    if paths:
        for path in sorted(paths, key=lambda p: int(re.search(r"q(\d+)", p).group(1))):
            text = open(path).read()
            sql = "\n".join(l for l in text.splitlines() if not l.strip().startswith("--")).strip().rstrip(";")
            out.append((os.path.basename(path)[:-4], sql))
    else:
        from compat import corpus as ccorpus
        log(f"queries: no {os.path.join(SHARED_TPCH, 'queries')}; using compat-tests/corpus/tpch.sql "
            "(answers are then checked against Spark's only)")
        qs = [q for q in ccorpus.load(os.path.join(ROOT, "compat-tests", "corpus"))
              if q.file == "tpch" and re.fullmatch(r"q\d+", q.name)]
        out = [(q.name, q.sql.strip().rstrip(";")) for q in sorted(qs, key=lambda q: int(q.name[1:]))]
    out = [(n, sql, bool(re.search(r"\border\s+by\b", sql, re.I))) for n, sql in out if not names or n in names]
    if not out:
        raise SystemExit(f"tpch: no queries to run (looked in {SHARED_TPCH} and compat-tests/corpus/tpch.sql"
                         + (f", wanted {sorted(names)}" if names else "") + ")")
    return out


def generate(data_dir, sf):
    path = os.path.join(data_dir, f"sf{sf}")
    marker = os.path.join(path, "_GENERATED")
    if os.path.exists(marker):
        log(f"data: TPC-H SF{sf} already in {path}")
    else:
        log(f"data: generating TPC-H SF{sf} with tpchgen-cli into {path} (once per scale factor)...")
        t0 = time.monotonic()
        cdata.generate_tpch(path, sf)
        log(f"data: done in {time.monotonic() - t0:.0f} s")
    return path


def reference_rows(name, sf):
    """dbgen's answer for the query at this scale factor, if shared/tpch has one (SF1, SF0.1)."""
    path = os.path.join(SHARED_TPCH, f"answers-sf{sf}", f"q{int(name[1:]):02d}.csv")
    if not os.path.exists(path):
        return None
    return ctpch.load_answer(path)[1]


def as_text_rows(rows):
    return [[ctpch._value_text(v).strip() if v is not None else "NULL" for v in r] for r in rows]


# --------------------------------------------------------------------------------------------
# Engines

class SparkEngines:
    """One SparkSession with Ember (and Comet when its jar is there), switched per query."""

    def __init__(self, ember_jar, comet_jar):
        from pyspark.sql import SparkSession
        self.skipped = {}
        jars = [os.path.abspath(ember_jar)]
        plugins = ["dev.ember.spark.EmberPlugin"]
        conf = dict(SPARK_CONF)
        if comet_jar and os.path.exists(comet_jar):
            jars.append(os.path.abspath(comet_jar))
            plugins.append("org.apache.spark.CometPlugin")
            conf.update(COMET_CONF)
            conf["spark.driver.extraClassPath"] = os.path.abspath(comet_jar)
            conf["spark.executor.extraClassPath"] = os.path.abspath(comet_jar)
        else:
            self.skipped["comet"] = f"no Comet jar at {comet_jar} (make tpch downloads it from Maven Central)"
        b = SparkSession.builder.appName("ember-tpch")
        for k, v in conf.items():
            if k != "spark.master":
                b = b.config(k, v)
        b = b.master(conf["spark.master"]).config("spark.jars", ",".join(jars)).config("spark.plugins", ",".join(plugins))
        self.spark = b.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")
        self.conf = conf
        if "comet" not in self.skipped:
            try:
                self.use("comet")
                self.spark.sql("SELECT 1").collect()
            except Exception as e:  # a Comet that cannot load never fails the run
                self.skipped["comet"] = f"Comet failed to start: {str(e).splitlines()[0]}"

    def register(self, path):
        for t in TABLES:
            self.spark.read.parquet(os.path.join(path, f"{t}.parquet")).createOrReplaceTempView(t)

    def use(self, engine):
        s = self.spark.conf
        s.set("spark.ember.enabled", "true" if engine == "ember" else "false")
        if "comet" not in self.skipped or engine == "comet":
            on = "true" if engine == "comet" else "false"
            for k in ("spark.comet.enabled", "spark.comet.exec.enabled", "spark.comet.exec.shuffle.enabled",
                      "spark.comet.shuffle.enabled"):
                s.set(k, on)

    def run(self, engine, sql):
        self.use(engine)
        df = self.spark.sql(sql)
        rows = df.collect()
        return rows, df

    def native_info(self, df):
        """(fully native, fallback reasons) of Ember's plan for df."""
        jvm = self.spark._jvm
        plan = df._jdf.queryExecution().executedPlan()
        nodes = list(jvm.dev.ember.spark.EmberExplain.nativeNodes(plan))
        fallbacks = [str(f) for f in jvm.dev.ember.spark.EmberExplain.fallbacks(plan)]
        reasons = sorted({f.replace("\t", ": ") for f in fallbacks})
        exchanges = [str(x).replace("\t", ": ") for x in jvm.dev.ember.spark.EmberExplain.sparkExchanges(plan)]
        return bool(nodes) and not fallbacks, reasons, exchanges


class DuckDB:
    def __init__(self, path):
        import duckdb
        self.con = duckdb.connect()
        self.con.execute("PRAGMA threads=2")
        for t in TABLES:
            self.con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{os.path.join(path, t + '.parquet')}/*.parquet')"
                             if os.path.isdir(os.path.join(path, t + ".parquet")) else
                             f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{os.path.join(path, t + '.parquet')}')")

    def run(self, sql):
        return self.con.execute(sql).fetchall()


class DataFusion:
    def __init__(self, path):
        import datafusion
        cfg = datafusion.SessionConfig().with_target_partitions(2)
        self.ctx = datafusion.SessionContext(cfg)
        for t in TABLES:
            self.ctx.register_parquet(t, os.path.join(path, t + ".parquet"))

    def run(self, sql):
        # DataFusion has no year(); extract(year from x) is the same function in its dialect.
        sql = re.sub(r"\byear\(", "extract(year from ", sql, flags=re.I)
        rows = []
        for batch in self.ctx.sql(sql).collect():
            cols = [c.to_pylist() for c in batch.columns]
            rows.extend(zip(*cols))
        return rows


# --------------------------------------------------------------------------------------------
# The run

def check(rows, expected, ordered):
    if expected is None:
        return None
    try:
        return ctpch.compare_answer([tuple(r) for r in rows], expected, ordered)
    except Exception as e:
        return f"cannot compare: {e}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sf", type=lambda s: int(s) if float(s).is_integer() else float(s), default=1)
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--warmups", type=int, default=1, choices=(0, 1),
                    help="untimed warm-up runs per query and engine (0 at large scale factors: the first "
                         "run is then timed too)")
    ap.add_argument("--jar", required=True, help="the Ember plugin jar")
    ap.add_argument("--comet-jar", default=os.path.join(ROOT, "build", "bench", "jars", "comet.jar"))
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--queries", default="", help="e.g. q1,q6 (default: all 22)")
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "build", "bench", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--master", default=SPARK_CONF["spark.master"],
                    help="Spark master (a cluster's when run with spark-submit; the data dir must then be shared)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="another Spark setting for the Spark engines (repeatable)")
    args = ap.parse_args(argv)
    SPARK_CONF["spark.master"] = args.master
    for kv in args.conf:
        k, _, v = kv.partition("=")
        SPARK_CONF[k] = v

    engines = [e for e in args.engines.split(",") if e]
    queries = load_queries(set(args.queries.split(",")) if args.queries else None)
    path = generate(args.data_dir, args.sf)
    skipped = {}

    spark_engines = None
    if any(e in SPARK_ENGINES for e in engines):
        spark_engines = SparkEngines(args.jar, args.comet_jar if "comet" in engines else None)
        spark_engines.register(path)
        skipped.update({k: v for k, v in spark_engines.skipped.items() if k in engines})
    local = {}
    for name, cls in (("duckdb", DuckDB), ("datafusion", DataFusion)):
        if name in engines:
            try:
                local[name] = cls(path)
            except Exception as e:
                skipped[name] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    active = [e for e in engines if e not in skipped]
    for e, why in skipped.items():
        log(f"engine {e}: SKIPPED ({why})")
    log(f"engines: {', '.join(active)}; {len(queries)} queries; {args.warmups} warm-up + {args.iterations} timed runs each, interleaved")

    results = {}
    for name, sql, ordered in queries:
        expected = reference_rows(name, args.sf)
        q = {"query": name, "times": {e: [] for e in active}, "errors": {}, "mismatch": {}}
        spark_text = None
        for it in range(max(args.iterations + args.warmups, 1)):
            for e in active:
                if e in q["errors"]:
                    continue
                t0 = time.monotonic()
                try:
                    if e in SPARK_ENGINES:
                        rows, df = spark_engines.run(e, sql)
                    else:
                        rows, df = local[e].run(sql), None
                except Exception as ex:
                    q["errors"][e] = f"{type(ex).__name__}: {str(ex).splitlines()[0] if str(ex) else ''}"
                    log(f"  {name} {e}: FAILED: {q['errors'][e]}")
                    continue
                secs = time.monotonic() - t0
                if it == 0:
                    # Correctness, once per engine: against dbgen's answer, else Spark's. When
                    # Spark itself disagrees with the answer file, suspect the file (as the
                    # compat suite does) and hold every engine to Spark's answer instead.
                    if e == "spark":
                        spark_text = as_text_rows(rows)
                        if expected is not None:
                            spark_diff = check(rows, expected, ordered)
                            if spark_diff:
                                q["reference_mismatch"] = spark_diff
                                log(f"  {name}: Spark's answer differs from dbgen's file (suspect the file; "
                                    f"engines are checked against Spark's answer): {spark_diff}")
                                expected = None
                    against = expected if expected is not None else spark_text
                    diff = check(rows, against, ordered) if against is not None and e != "spark" or \
                        (e == "spark" and expected is not None) else None
                    if diff:
                        q["mismatch"][e] = diff
                        log(f"  !!! {name} {e}: WRONG ANSWER: {diff}")
                    if e == "ember":
                        q["native"], q["fallbacks"], q["spark_exchanges"] = spark_engines.native_info(df)
                if it >= args.warmups:
                    q["times"][e].append(secs)
        q["seconds"] = {e: (statistics.median(t) if t and e not in q["mismatch"] else None)
                        for e, t in q["times"].items()}
        q["results_match"] = "ember" in q["seconds"] and "ember" not in q["mismatch"] and "ember" not in q["errors"]
        shown = "  ".join(f"{e} {s:.2f}s" if s is not None else f"{e} -" for e, s in q["seconds"].items())
        log(f"{name:>4}: {shown}" + ("" if q.get("native", True) else "  (Ember: partly in Spark)"))
        results[name] = q

    report = build_report(args, active, skipped, queries, results, spark_engines)
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, f"tpch-sf{args.sf}")
    with open(base + ".json", "w") as f:
        json.dump(report, f, indent=2)
    md = markdown(report)
    with open(base + ".md", "w") as f:
        f.write(md)
    with open(base + ".html", "w") as f:
        f.write(chart(report))
    log("")
    log(md)
    log(f"wrote {base}.json, .md and .html")
    wrong = [q["query"] for q in report["queries"] if not q["results_match"]]
    if spark_engines:
        spark_engines.spark.stop()
    return 1 if wrong else 0


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def build_report(args, active, skipped, queries, results, spark_engines):
    qs = []
    for name, _, _ in queries:
        r = results[name]
        qs.append({
            "query": name,
            "native": r.get("native"),
            "fallbacks": r.get("fallbacks", []),
            "spark_exchanges": r.get("spark_exchanges", []),
            "results_match": r["results_match"],
            "mismatches": r["mismatch"],
            "reference_mismatch": r.get("reference_mismatch"),
            "errors": r["errors"],
            "seconds": r["seconds"],
        })
    # Totals over the queries every active engine answered correctly, so they compare.
    common = [q for q in qs if all(q["seconds"].get(e) is not None for e in active)]
    totals = {e: sum(q["seconds"][e] for q in common) for e in active}
    ratios = {}
    for other in ("spark", "comet"):
        if "ember" in active and other in active:
            ratios[f"ember/{other}"] = geomean([q["seconds"]["ember"] / q["seconds"][other] for q in common])
    return {
        "scale_factor": args.sf,
        "engines": active,
        "skipped": skipped,
        "iterations": args.iterations,
        "warmups": args.warmups,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {mem_gib():.0f} GiB, {platform.platform()}",
        "spark_conf": spark_engines.conf if spark_engines else {},
        "queries": qs,
        "totals": totals,
        "totals_over": [q["query"] for q in common],
        "geomean_ratios": ratios,
    }


def mem_gib():
    try:
        with open("/proc/meminfo") as f:
            return int(f.readline().split()[1]) / (1 << 20)
    except OSError:
        return 0


def markdown(r):
    eng = r["engines"]
    lines = [f"TPC-H SF{r['scale_factor']}, {r['date']}, {r['machine']}; median of {r['iterations']} runs"
             f"{' after a warm-up' if r.get('warmups', 1) else ' (no warm-up)'}.",
             "", "| query | " + " | ".join(eng) + " | Ember/Spark | Ember/Comet | Ember native | answers |",
             "|---|" + "---|" * (len(eng) + 4)]
    for q in r["queries"]:
        s = q["seconds"]
        cell = lambda e: f"{s[e]:.2f}" if s.get(e) is not None else ("error" if e in q["errors"] else "wrong" if e in q["mismatches"] else "-")
        ratio = lambda o: f"{s['ember'] / s[o]:.2f}" if s.get("ember") and s.get(o) else "-"
        native = "yes" if q["native"] else ("no: " + "; ".join(q["fallbacks"][:3]) if q["fallbacks"] else "-")
        if q["native"] and q.get("spark_exchanges"):
            native += f" ({len(q['spark_exchanges'])} exchange(s) in Spark: " + "; ".join(sorted(set(q["spark_exchanges"]))[:2]) + ")"
        if q["mismatches"]:
            answers = "MISMATCH: " + ", ".join(q["mismatches"])
        elif q["reference_mismatch"]:
            answers = "all match Spark (Spark differs from dbgen's file: suspect the file)"
        else:
            answers = "match" if q["results_match"] else "-"
        lines.append(f"| {q['query']} | " + " | ".join(cell(e) for e in eng) + f" | {ratio('spark')} | {ratio('comet')} | {native} | {answers} |")
    t = r["totals"]
    lines.append("| **total** | " + " | ".join(f"**{t[e]:.2f}**" for e in eng) + " | " +
                 (f"{t['ember'] / t['spark']:.2f}" if t.get("ember") and t.get("spark") else "-") + " | " +
                 (f"{t['ember'] / t['comet']:.2f}" if t.get("ember") and t.get("comet") else "-") + " | | |")
    lines.append("")
    lines.append(f"Totals over the {len(r['totals_over'])} queries every engine answered correctly. Geometric mean of "
                 "per-query ratios: " + ", ".join(f"{k} {v:.2f}" for k, v in r["geomean_ratios"].items() if v) + ".")
    for e, why in r["skipped"].items():
        lines.append(f"Skipped {e}: {why}.")
    lines.append("Spark settings (spark, ember, comet): " + ", ".join(f"{k}={v}" for k, v in r["spark_conf"].items()) + ".")
    return "\n".join(lines) + "\n"


def chart(r):
    """Grouped horizontal bars per query, one colour per engine, as inline SVG."""
    colours = {"spark": "#e25a1c", "ember": "#c0392b", "comet": "#2c7fb8", "duckdb": "#e6b400", "datafusion": "#6a51a3"}
    colours["ember"] = "#d62728"
    eng = r["engines"]
    qs = r["queries"]
    top = max([s for q in qs for s in q["seconds"].values() if s] or [1])
    bar, gap, left, width = 9, 10, 60, 640
    height = len(qs) * (len(eng) * bar + gap) + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" font-family="sans-serif" font-size="11">']
    y = 30
    for i, e in enumerate(eng):
        parts.append(f'<rect x="{left + i * 110}" y="5" width="10" height="10" fill="{colours.get(e, "#888")}"/>'
                     f'<text x="{left + i * 110 + 14}" y="14">{html.escape(e)}</text>')
    for q in qs:
        parts.append(f'<text x="5" y="{y + len(eng) * bar / 2 + 4}">{q["query"]}</text>')
        for e in eng:
            s = q["seconds"].get(e)
            if s:
                w = max(1, width * s / top)
                parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 1}" fill="{colours.get(e, "#888")}">'
                             f'<title>{q["query"]} {e}: {s:.2f} s</title></rect>'
                             f'<text x="{left + w + 3:.1f}" y="{y + bar - 1}" font-size="8">{s:.2f}</text>')
            y += bar
        y += gap
    parts.append("</svg>")
    title = f"TPC-H SF{r['scale_factor']}: median seconds per query ({r['date']}, {r['machine']})"
    return (f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<h3>{html.escape(title)}</h3>{''.join(parts)}\n")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
