"""Runs one query on real Spark with Ember off and then on, in one session, and decides.

For each query:
1. the query's `conf` settings are applied (and put back afterwards);
2. `spark.ember.enabled=false`: the query runs; Spark's answer (schema and rows, or its
   error class) is the reference; the plan must contain no Ember node;
3. `spark.ember.enabled=true`: the query runs again; after it ran (with AQE the final plan
   is known only then) `EmberExplain` lists the nodes Spark ran, with Ember's reasons;
4. the answers are compared (see `compare`), and then:
   - strict mode: any node left to Spark without a reason fails the query;
   - a query annotated `native` fails when any node is left to Spark.

Timestamps come back to Python as naive datetimes in the Python process's local time
zone; the runner sets that zone to UTC (`TZ=UTC`), so every instant maps to a distinct
value (no DST fold) whatever the session time zone is.
"""

import dataclasses
import os
import time

from py4j.java_gateway import is_instance_of
from py4j.protocol import Py4JNetworkError

from . import compare, data

os.environ["TZ"] = "UTC"
time.tzset()

PASSED = "passed"
WRONG_RESULT = "wrong_result"
ERROR = "error"
NOT_NATIVE = "not_native"
STRICT = "strict"
KNOWN_BUG = "known_bug"
FAILED_STATUSES = (WRONG_RESULT, ERROR, NOT_NATIVE, STRICT)

# Session settings for the whole run: a time zone with DST, and dates/timestamps before
# 1582 written and read as they are (proleptic Gregorian), so pyarrow's files read back.
SESSION_CONF = {
    "spark.sql.session.timeZone": "America/Los_Angeles",
    "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED",
    "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED",
    "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED",
    "spark.sql.parquet.int96RebaseModeInRead": "CORRECTED",
    "spark.ember.explainFallback.enabled": "false",
    "spark.ember.enabled": "true",
}

NO_REASON = "<no reason recorded>"


@dataclasses.dataclass
class ErrorInfo:
    identity: str  # "DIVIDE_BY_ZERO" or "java.lang.ArithmeticException" when Spark gave no class
    message: str


@dataclasses.dataclass
class Result:
    schema: object = None
    rows: list = None
    error: ErrorInfo = None
    seconds: float = 0.0
    fallbacks: list = None  # [(node name, reason)]
    native_nodes: list = None  # ["EmberExec [Project, Filter, ParquetScan]"]
    native_exprs: list = None  # ["Add(int,int)->int"]


@dataclasses.dataclass
class Outcome:
    id: str
    sql: str
    status: str
    message: str = ""
    location: str = ""
    conf: dict = None
    spark: Result = None
    ember: Result = None
    known_bug: str = None
    note: str = ""
    reference_mismatch: str = None  # TPC-H SF1: Spark's own answer differs from the reference file

    @property
    def failed(self):
        return self.status in FAILED_STATUSES

    @property
    def fully_native(self):
        e = self.ember
        return bool(e and e.error is None and e.native_nodes and e.fallbacks == [])

    def report(self):
        """The failure message: names the query, shows the SQL and both answers."""
        lines = [f"{self.status.upper().replace('_', ' ')}: {self.id}" + (f" ({self.location})" if self.location else "")]
        if self.known_bug:
            lines.append(f"  known bug: {self.known_bug}")
        lines.append("  SQL: " + self.sql.strip().replace("\n", "\n       "))
        if self.conf:
            lines.append("  conf: " + ", ".join(f"{k}={v}" for k, v in self.conf.items()))
        if self.ember is not None and self.ember.native_nodes is not None:
            lines.append(f"  Ember plan: native {self.ember.native_nodes or 'none'}; left to Spark: "
                         + (", ".join(f"{n} ({r})" for n, r in self.ember.fallbacks) or "nothing"))
        lines.extend("  " + l for l in self.message.split("\n"))
        return "\n".join(lines)


class Runner:
    def __init__(self, spark, build_dir, quiet=True):
        self.spark = spark
        self.build_dir = build_dir
        self.quiet = quiet
        self.jvm = spark._jvm
        self.gateway = spark.sparkContext._gateway
        self.explain = spark._jvm.dev.ember.spark.EmberExplain
        self._saved = {}
        self.tables = []

    # --- session ------------------------------------------------------------------------

    def setup(self, tpch=True):
        if self.quiet:
            self.spark.sparkContext.setLogLevel("OFF")
        for k, v in SESSION_CONF.items():
            self._saved[k] = self.spark.conf.get(k, None)
            self.spark.conf.set(k, v)
        self.tables = data.register_all(self.spark, self.build_dir, tpch=tpch)
        return self

    def close(self):
        """Drops the views and puts the session settings back as they were."""
        for name in self.tables:
            self.spark.catalog.dropTempView(name)
        self.tables = []
        for k, v in self._saved.items():
            if v is None:
                self.spark.conf.unset(k)
            else:
                self.spark.conf.set(k, v)
        self._saved = {}

    def supported_expressions(self):
        return list(self.explain.supportedExpressions())

    def supported_operators(self):
        return list(self.explain.supportedOperators())

    def java_version(self):
        return int(self.jvm.java.lang.Runtime.version().feature())

    # --- one query ----------------------------------------------------------------------

    def run(self, q):
        return self.run_sql(q.id, q.sql, native=q.native, ordered=q.ordered, conf=q.conf, tolerance=q.tolerance,
                            expect_error=q.expect_error, known_bug=q.known_bug, location=q.location)

    def run_sql(self, qid, sql, native=False, ordered=False, conf=None, tolerance=None, expect_error=None,
                known_bug=None, location="", spark_errors_ok=False):
        conf = dict(conf or {})
        saved = {k: self.spark.conf.get(k, None) for k in conf}
        try:
            for k, v in conf.items():
                self.spark.conf.set(k, v)
            spark_res = self._execute(sql, enabled=False)
            ember_res = self._execute(sql, enabled=True)
        finally:
            for k, v in saved.items():
                if v is None:
                    self.spark.conf.unset(k)
                else:
                    self.spark.conf.set(k, v)
            self.spark.conf.set("spark.ember.enabled", "true")
        out = Outcome(id=qid, sql=sql, status=PASSED, location=location, conf=conf or None, spark=spark_res,
                      ember=ember_res, known_bug=known_bug)
        problems = self._judge(spark_res, ember_res, native, ordered, tolerance, expect_error, spark_errors_ok)
        if problems:
            out.status = problems[0][0]
            out.message = "\n".join(p[1] for p in problems)
        if known_bug:
            if out.failed:
                out.status = KNOWN_BUG
            else:
                out.note = f"{qid} is annotated known-bug but passed: remove the annotation if the bug is fixed"
        return out

    def _judge(self, s, e, native, ordered, tolerance, expect_error, spark_errors_ok):
        problems = []
        if s.native_nodes:
            problems.append((ERROR, f"runner: Ember ran although spark.ember.enabled=false: {s.native_nodes}"))
        if expect_error is not None:
            if s.error is None:
                problems.append((ERROR, "corpus: the query is annotated expect-error but Spark did not raise"))
            elif expect_error and s.error.identity != expect_error:
                problems.append((ERROR, f"corpus: Spark raised {s.error.identity}, the query expects {expect_error}:"
                                        f"\n  {s.error.message}"))
        elif s.error is not None and not spark_errors_ok:
            problems.append((ERROR, f"Spark itself failed ({s.error.identity}): {s.error.message}\n"
                                    "  fix the query, or annotate it expect-error if Spark should raise"))
        if s.error is not None:
            if e.error is None:
                problems.append((WRONG_RESULT,
                                 f"Spark raised {s.error.identity}: {s.error.message}\n"
                                 f"Ember raised nothing and returned {len(e.rows)} rows" +
                                 "".join(f"\n    {compare.show_row(r)}" for r in e.rows[:compare.MAX_SHOWN_ROWS])))
            elif e.error.identity != s.error.identity:
                problems.append((WRONG_RESULT, f"error classes differ:\n  Spark: {s.error.identity}: {s.error.message}"
                                               f"\n  Ember: {e.error.identity}: {e.error.message}"))
        elif e.error is not None:
            problems.append((ERROR, f"Ember raised {e.error.identity} where Spark returned {len(s.rows)} rows:\n"
                                    f"  {e.error.message}"))
        else:
            diff = compare.compare_schema(s.schema, e.schema)
            if diff is None:
                diff = compare.compare_rows(s.rows, e.rows, ordered=ordered, tolerance=tolerance)
            if diff is not None:
                problems.append((WRONG_RESULT, diff))
        if e.fallbacks is not None:
            silent = [n for n, r in e.fallbacks if r == NO_REASON]
            if silent:
                problems.append((STRICT, "strict mode: Spark runs these nodes and Ember recorded no reason: "
                                         + ", ".join(silent)))
            if native and (e.fallbacks or not e.native_nodes):
                problems.append((NOT_NATIVE, "the query is annotated native but runs partly in Spark:\n" +
                                 "\n".join(f"  {n}: {r}" for n, r in e.fallbacks) if e.fallbacks else
                                 "the query is annotated native but has no Ember node"))
        order = {WRONG_RESULT: 0, ERROR: 1, STRICT: 2, NOT_NATIVE: 3}
        problems.sort(key=lambda p: order[p[0]])
        return problems

    def _execute(self, sql, enabled):
        self.spark.conf.set("spark.ember.enabled", "true" if enabled else "false")
        res = Result()
        df = None
        t0 = time.monotonic()
        try:
            df = self.spark.sql(sql)
            res.schema = df.schema
            res.rows = df.collect()
        except Py4JNetworkError:
            raise
        except Exception as exc:  # noqa: BLE001 - every query error is an answer to compare
            res.error = self.error_info(exc)
        res.seconds = time.monotonic() - t0
        if df is not None:
            try:
                plan = df._jdf.queryExecution().executedPlan()
                res.fallbacks = []
                for entry in self.explain.fallbacks(plan):
                    node, _, reason = entry.partition("\t")
                    res.fallbacks.append((node.strip(), reason or NO_REASON))
                res.native_nodes = list(self.explain.nativeNodes(plan))
                res.native_exprs = list(self.explain.nativeExpressions(plan))
            except Py4JNetworkError:
                raise
            except Exception:  # noqa: BLE001 - the plan of a query that failed to plan
                pass
        return res

    def error_info(self, exc):
        """The error class of `exc` (the first in its cause chain), else its root cause's
        Java class, and a one-line message."""
        jexc = getattr(exc, "_origin", None) or getattr(exc, "java_exception", None)
        if jexc is None:
            return ErrorInfo(type(exc).__name__, _first_line(str(exc)))
        chain = []
        c = jexc
        while c is not None and len(chain) < 30:
            chain.append(c)
            c = c.getCause()
        for c in chain:
            if is_instance_of(self.gateway, c, "org.apache.spark.SparkThrowable"):
                cls = c.getErrorClass()
                if cls:
                    return ErrorInfo(str(cls), _first_line(c.getMessage()))
        root = chain[-1]
        return ErrorInfo(root.getClass().getName(), _first_line(root.getMessage()))


def _first_line(msg, limit=400):
    msg = (msg or "").strip().split("\n")[0]
    return msg if len(msg) <= limit else msg[:limit - 3] + "..."
