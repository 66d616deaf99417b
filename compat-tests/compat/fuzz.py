"""Fuzz mode: random expressions over random typed data, compared like the corpus.

Everything derives from one seed: the tables (one per round, written by pyarrow with random
writer settings), the expressions, and the queries. A run is reproduced exactly by the
same `--fuzz N --seed S`; a mismatch prints the seed, the round and batch, the expression,
and the differing rows with their inputs.

To keep 10,000 cases affordable on 2 cores, one query evaluates many expressions at once:

    SELECT rid, <e1>, ..., <eK> FROM fuzz_r<round> [WHERE <predicate>]

Each projected expression is one case (the WHERE predicate, when there is one, is one more).
Both answers are sorted by the unique `rid` and compared column by column, so a mismatch is
pinned to its expression. Most batches draw only from what Ember supports (comparisons,
AND/OR/NOT, IS [NOT] NULL, + - * /, numeric casts, literals and columns of every type), so
they run natively; about one batch in six also draws from just beyond it (unary minus, %,
abs, CASE, COALESCE, string functions, casts from and to strings...), which checks that the
fallback keeps Spark's answer.
"""

import collections
import datetime
import decimal
import os
import random
import shutil
import time

import pyarrow as pa
import pyarrow.parquet as pq

from . import compare, data, runner

D = decimal.Decimal
NUMERIC_TYPES = ["tinyint", "smallint", "int", "bigint", "float", "double"]
ALPHABET = ["a", "b", "A", "Z", " ", "0", "9", "-", ".", "é", "日", "😀", "\t", "e\u0301"]
MIN_TS = data.micros("0001-01-02T00:00:00")
MAX_TS = data.micros("9999-12-31T23:59:59.999999")
EXPRS_PER_QUERY = 40
BATCHES_PER_ROUND = 12


class Table:
    """A random table: `rid` and one or more columns per type. cols: {name: spark type}."""

    def __init__(self, rng, name, path):
        self.name = name
        self.path = path
        self.rows = rng.randint(60, 400)
        decs = [(rng.randint(1, 9), None), (rng.randint(10, 18), None), (rng.randint(19, 38), None),
                (38, None)]
        decs = [(p, rng.randint(0, p)) for p, _ in decs]
        self.types = {}  # column -> type name of data.TYPES or ("decimal", p, s)
        for t in ["boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string", "binary", "date",
                  "timestamp", "timestamp_ntz"]:
            self.types[f"c_{t}"] = t
        for t in ["int", "bigint", "double", "string"]:
            self.types[f"c_{t}2"] = t
        for k, (p, s) in enumerate(decs):
            self.types[f"c_dec{k}"] = ("decimal", p, s)
        arrays = {"rid": pa.array(range(self.rows), pa.int32())}
        for col, t in self.types.items():
            all_null = rng.random() < 0.03
            null_rate = rng.choice([0.0, 0.05, 0.2])
            values = [None if all_null or rng.random() < null_rate else random_value(rng, t) for _ in range(self.rows)]
            arrays[col] = arrow_array(values, t)
        table = pa.table(arrays)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        options = dict(use_dictionary=rng.random() < 0.5, compression=rng.choice(["snappy", "zstd", "none"]),
                       row_group_size=rng.randint(16, 160), store_decimal_as_integer=rng.random() < 0.5,
                       data_page_version=rng.choice(["1.0", "2.0"]))
        pq.write_table(table, os.path.join(path, "part-0.parquet"), **options)
        self.options = options

    def columns(self, category):
        return [c for c, t in self.types.items() if type_category(t) == category]

    def spark_type(self, col):
        return spark_type(self.types[col])


def spark_type(t):
    if isinstance(t, tuple):
        return f"decimal({t[1]},{t[2]})"
    return data.TYPES[t][0].lower()


def type_category(t):
    if isinstance(t, tuple) or t in NUMERIC_TYPES:
        return "num"
    return {"boolean": "bool", "string": "str", "binary": "bin", "date": "date", "timestamp": "ts",
            "timestamp_ntz": "ntz"}[t]


def arrow_array(values, t):
    if isinstance(t, tuple):
        return pa.array(values, pa.decimal128(t[1], t[2]))
    return data.arrow_array(values, t)


def random_decimal(rng, p, s):
    k = rng.randint(1, p)
    unscaled = rng.randint(-(10 ** k - 1), 10 ** k - 1)
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        return D(unscaled).scaleb(-s)


def random_value(rng, t):
    if isinstance(t, tuple):
        _, p, s = t
        if rng.random() < 0.2:
            with decimal.localcontext() as ctx:
                ctx.prec = 80
                big = (D(10) ** p - 1).scaleb(-s)
                return rng.choice([big, -big, D(0).scaleb(-s), D(1).scaleb(-s)])
        return random_decimal(rng, p, s)
    if rng.random() < 0.3:
        return rng.choice([v for v in data.TYPES[t][2] if v is not None])
    if t == "boolean":
        return rng.random() < 0.5
    if t in ("tinyint", "smallint", "int", "bigint"):
        bits = {"tinyint": 8, "smallint": 16, "int": 32, "bigint": 64}[t]
        width = rng.randint(1, bits - 1)
        return rng.randint(-(2 ** width), 2 ** width - 1)
    if t in ("float", "double"):
        maxexp = 38 if t == "float" else 300
        v = rng.choice([rng.uniform(-100, 100), rng.randint(-20, 20) / 4,
                        rng.gauss(0, 1) * 10.0 ** rng.randint(-maxexp, maxexp)])
        return data.f32(v) if t == "float" else v
    if t == "string":
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))
    if t == "binary":
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 5)))
    if t == "date":
        return datetime.date(1, 1, 1) + datetime.timedelta(days=rng.randint(0, 3652058))
    if t in ("timestamp", "timestamp_ntz"):
        if rng.random() < 0.5:  # near the 2023 DST changes
            return data.micros("2023-03-12T00:00:00") + rng.randint(0, 240 * 86400) * 1_000_000
        return rng.randint(MIN_TS, MAX_TS)
    raise ValueError(t)


# ---------------------------------------------------------------------------------------------
# Expressions


def sql_string(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


class ExprGen:
    """Random SQL expressions of a category ('num', 'bool', 'str', 'bin', 'date', 'ts',
    'ntz') over a table. `beyond` allows constructs Ember does not support."""

    def __init__(self, rng, table, beyond, java_version):
        self.rng = rng
        self.t = table
        self.beyond = beyond
        self.java_version = java_version

    def pick(self, options):
        """options: [(weight, fn)] -> fn()."""
        total = sum(w for w, _ in options)
        x = self.rng.random() * total
        for w, fn in options:
            x -= w
            if x <= 0:
                return fn()
        return options[-1][1]()

    def b(self, w):
        return w if self.beyond else 0

    def column(self, category):
        return self.rng.choice(self.t.columns(category))

    def gen(self, category, depth):
        return getattr(self, "gen_" + category)(depth)

    # numbers -------------------------------------------------------------------------------

    def num_literal(self):
        rng = self.rng
        t = rng.choice(NUMERIC_TYPES + ["decimal", "decimal", "plain"])
        if t == "plain":
            return rng.choice(["0", "1", "-1", "2", "7", "100", "2147483647", "1.5", "0.1", "-2.25", "1e10",
                               "12345678901234567890", "0.000001", "99999999999999999999999999999999999999",
                               "3.4028235E38D", "1e-300"])
        if t == "decimal":
            p = rng.randint(1, 38)
            s = rng.randint(0, p)
            return f"CAST('{random_value(rng, ('decimal', p, s))}' AS DECIMAL({p},{s}))"
        v = random_value(rng, t)
        if isinstance(v, float):
            v = repr(v).replace("inf", "Infinity").replace("nan", "NaN")
            return f"CAST('{v}' AS {t.upper()})"
        return f"CAST({v} AS {t.upper()})"

    def num_type(self):
        rng = self.rng
        if rng.random() < 0.35:
            p = rng.randint(1, 38)
            return f"DECIMAL({p},{rng.randint(0, p)})"
        return rng.choice(NUMERIC_TYPES).upper()

    def gen_num(self, depth):
        rng = self.rng
        if depth <= 0:
            return self.pick([(6, lambda: self.column("num")), (2, self.num_literal),
                              (0.3, lambda: f"CAST(NULL AS {self.num_type()})")])
        sub = lambda: self.gen_num(depth - 1)  # noqa: E731
        op = lambda o: lambda: f"({sub()} {o} {sub()})"  # noqa: E731

        def cast():
            inner = sub()
            target = self.num_type()
            if self.java_version < 19 and not self.beyond and target.startswith("DECIMAL"):
                # float/double -> decimal stays in Spark before Java 19: cast an integer-typed column
                inner = self.column_of(["tinyint", "smallint", "int", "bigint"], ("decimal",))
            return f"CAST({inner} AS {target})"

        return self.pick([
            (3, lambda: self.gen_num(0)),
            (2, op("+")), (2, op("-")), (2, op("*")), (2, op("/")),
            (2, cast),
            (self.b(1), lambda: f"(- {sub()})"),
            (self.b(1), op("%")),
            (self.b(0.5), lambda: f"abs({sub()})"),
            (self.b(0.5), lambda: f"pmod({sub()}, {sub()})"),
            (self.b(0.5), lambda: f"greatest({sub()}, {sub()})"),
            (self.b(0.5), lambda: f"coalesce({sub()}, {sub()})"),
            (self.b(0.5), lambda: f"CASE WHEN {self.gen_bool(depth - 1)} THEN {sub()} ELSE {sub()} END"),
            (self.b(0.5), lambda: f"round({sub()}, {rng.randint(-2, 4)})"),
            (self.b(0.3), lambda: f"CAST({self.gen_str(depth - 1)} AS {self.num_type()})"),
            (self.b(0.3), lambda: f"length({self.gen_str(depth - 1)})"),
            (self.b(0.3), lambda: f"CAST({self.gen_bool(depth - 1)} AS INT)"),
        ])

    def column_of(self, types, decimal_ok=()):
        cols = [c for c, t in self.t.types.items() if t in types or (isinstance(t, tuple) and "decimal" in decimal_ok)]
        return self.rng.choice(cols)

    # booleans ------------------------------------------------------------------------------

    def literal(self, category):
        rng = self.rng
        if category == "num":
            return self.num_literal()
        if category == "bool":
            return rng.choice(["TRUE", "FALSE", "CAST(NULL AS BOOLEAN)"])
        if category == "str":
            return rng.choice([sql_string(random_value(rng, "string")), "''", "'a'", "'日本語'", "'abc '"])
        if category == "bin":
            return "X'" + random_value(rng, "binary").hex() + "'"
        if category == "date":
            d = random_value(rng, "date")
            return f"DATE'{d.year:04d}-{d.month:02d}-{d.day:02d}'"
        us = random_value(rng, "timestamp")
        dt = data.EPOCH + datetime.timedelta(microseconds=us)
        text = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d} {dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}.{dt.microsecond:06d}"
        if category == "ts":
            return f"TIMESTAMP'{text}'" if rng.random() < 0.6 else f"TIMESTAMP'{text}Z'"
        return f"TIMESTAMP_NTZ'{text}'"

    def operand(self, category, depth):
        if category == "num":
            return self.gen_num(depth)
        if category == "bool":
            return self.gen_bool(depth)
        if category == "str" and self.beyond:
            return self.gen_str(depth)
        return self.pick([(3, lambda: self.column(category)), (1, lambda: self.literal(category))])

    def gen_bool(self, depth):
        rng = self.rng
        cats = ["num", "num", "num", "str", "bin", "date", "ts", "ntz", "bool"]

        def cmp():
            c = rng.choice(cats)
            o = rng.choice(["=", "<=>", "<", "<=", ">", ">=", "!=", "<>"])
            return f"({self.operand(c, max(depth - 1, 0))} {o} {self.operand(c, max(depth - 1, 0))})"

        def null_test():
            c = rng.choice(cats)
            return f"({self.operand(c, max(depth - 1, 0))} IS {rng.choice(['', 'NOT '])}NULL)"

        if depth <= 0:
            return self.pick([(3, cmp), (1, lambda: self.column("bool")), (1, null_test),
                              (0.2, lambda: self.literal("bool"))])
        sub = lambda: self.gen_bool(depth - 1)  # noqa: E731
        return self.pick([
            (3, cmp), (1.5, null_test),
            (2, lambda: f"({sub()} AND {sub()})"), (2, lambda: f"({sub()} OR {sub()})"),
            (1, lambda: f"(NOT {sub()})"),
            (0.5, lambda: f"({self.gen_num(depth - 1)} BETWEEN {self.gen_num(0)} AND {self.gen_num(0)})"),
            (self.b(0.5), lambda: f"({self.gen_num(depth - 1)} IN ({self.num_literal()}, {self.num_literal()}))"),
            (self.b(0.5), lambda: f"isnan({self.gen_num(depth - 1)})"),
            (self.b(0.5), lambda: f"({self.gen_str(depth - 1)} LIKE {rng.choice(['%a%', 'a%', '_'])!r})"),
            (self.b(0.5), lambda: f"({self.column('str')} = {self.gen_num(0)})"),
            (self.b(0.3), lambda: f"({self.column('date')} < {self.column('ts')})"),
        ])

    def gen_str(self, depth):
        if depth <= 0 or not self.beyond:
            return self.pick([(3, lambda: self.column("str")), (1, lambda: self.literal("str"))])
        sub = lambda: self.gen_str(depth - 1)  # noqa: E731
        return self.pick([
            (2, lambda: self.gen_str(0)),
            (1, lambda: f"upper({sub()})"), (1, lambda: f"concat({sub()}, {sub()})"),
            (1, lambda: f"substr({sub()}, {self.rng.randint(-3, 3)}, {self.rng.randint(0, 4)})"),
            (1, lambda: f"CAST({self.gen_num(depth - 1)} AS STRING)"),
            (0.5, lambda: f"CAST({self.column(self.rng.choice(['date', 'ts', 'ntz']))} AS STRING)"),
        ])

    def expression(self):
        """(category, SQL) of a new top-level case."""
        rng = self.rng
        depth = rng.choice([0, 1, 1, 2, 2, 3])
        category = self.pick([(5, lambda: "num"), (4, lambda: "bool"),
                              (1, lambda: rng.choice(["str", "bin", "date", "ts", "ntz"]))])
        if category in ("num", "bool"):
            return category, self.gen(category, depth)
        if self.beyond and category == "str":
            return category, self.gen_str(depth)
        return category, self.operand(category, depth)


# ---------------------------------------------------------------------------------------------
# Running


class Mismatch:
    def __init__(self, seed, round_no, batch, sql_expr, detail, query_sql, table):
        self.seed, self.round, self.batch = seed, round_no, batch
        self.expr, self.detail, self.query, self.table = sql_expr, detail, query_sql, table

    def text(self):
        return (f"FUZZ MISMATCH (seed {self.seed}, round {self.round}, batch {self.batch}; reproduce with "
                f"`run_compat.py --no-corpus --fuzz <N> --seed {self.seed}`)\n"
                f"  case: {self.expr}\n  table {self.table.name}: {self.table.path} ({self.table.rows} rows, "
                f"written with {self.table.options})\n"
                + "\n".join("  " + l for l in self.detail.split("\n")))


def _rows_by_rid(rows):
    return {r[0]: r for r in rows}


def run(rn, n_cases, seed, out_dir, progress=None):
    """Runs at least `n_cases` random cases; returns (outcomes, stats, mismatches)."""
    rng = random.Random(seed)
    java_version = rn.java_version()
    outcomes, mismatches = [], []
    stats = collections.Counter()
    round_no = 0
    t0 = time.monotonic()
    while stats["cases"] < n_cases:
        table = Table(random.Random(rng.getrandbits(64)), f"fuzz_r{round_no}",
                      os.path.join(out_dir, "fuzz", f"r{round_no}"))
        rn.spark.read.parquet(table.path).createOrReplaceTempView(table.name)
        for batch in range(BATCHES_PER_ROUND):
            if stats["cases"] >= n_cases:
                break
            brng = random.Random(rng.getrandbits(64))
            beyond = brng.random() < 1 / 6
            gen = ExprGen(brng, table, beyond, java_version)
            k = min(EXPRS_PER_QUERY, max(1, n_cases - stats["cases"]))
            exprs = [gen.expression()[1] for _ in range(k)]
            where = gen.gen_bool(brng.choice([0, 1, 2])) if brng.random() < 0.5 else None
            o, found = run_batch(rn, seed, round_no, batch, table, exprs, where, beyond)
            outcomes.append(o)
            mismatches.extend(found)
            stats["cases"] += len(exprs) + (1 if where else 0)
            stats["queries"] += 1
            stats["beyond_queries" if beyond else "within_queries"] += 1
            if o.fully_native:
                stats["native_cases"] += len(exprs) + (1 if where else 0)
            elif not beyond:
                stats["within_not_native"] += 1
                for n, r in (o.ember.fallbacks or []):
                    stats[f"within fallback: {n}: {r[:120]}"] += 1
            if progress:
                progress(o)
        rn.spark.catalog.dropTempView(table.name)
        round_no += 1
    stats["seconds"] = round(time.monotonic() - t0, 1)
    stats["mismatches"] = len(mismatches)
    return outcomes, stats, mismatches


def run_batch(rn, seed, round_no, batch, table, exprs, where, beyond):
    cols = ",\n       ".join(f"{e} AS e{i}" for i, e in enumerate(exprs))
    sql = f"SELECT rid,\n       {cols}\nFROM {table.name}" + (f"\nWHERE {where}" if where else "")
    qid = f"fuzz/seed{seed}-r{round_no}-b{batch}"
    s = rn._execute(sql, enabled=False)
    e = rn._execute(sql, enabled=True)
    rn.spark.conf.set("spark.ember.enabled", "true")
    out = runner.Outcome(id=qid, sql=sql, status=runner.PASSED, spark=s, ember=e)
    found = []
    if s.error or e.error:
        if s.error and e.error and s.error.identity == e.error.identity:
            return out, found
        if len(exprs) > 1 or where:
            # Pin the error to its expression: one query per expression.
            for i, ex in enumerate(exprs):
                sub, fs = run_batch(rn, seed, round_no, batch, table, [ex], None, beyond)
                found.extend(fs)
            if where:
                sub, fs = run_batch(rn, seed, round_no, batch, table, ["rid"], where, beyond)
                found.extend(f for f in fs if f not in found)
            if not found:
                found.append(Mismatch(seed, round_no, batch, "the whole batch", _error_text(s, e), sql, table))
        else:
            found.append(Mismatch(seed, round_no, batch, where or exprs[0], _error_text(s, e), sql, table))
    else:
        found.extend(_compare_columns(seed, round_no, batch, table, exprs, where, s, e, sql))
    silent = [n for n, r in (e.fallbacks or []) if r == runner.NO_REASON]
    if silent:
        out.status = runner.STRICT
        out.message = "strict mode: nodes left to Spark without a reason: " + ", ".join(silent)
    if found:
        out.status = runner.WRONG_RESULT if not any("raised" in m.detail for m in found) else runner.ERROR
        out.message = "\n\n".join(m.text() for m in found)
    return out, found


def _error_text(s, e):
    show = lambda r: f"raised {r.error.identity}: {r.error.message}" if r.error else f"returned {len(r.rows)} rows"  # noqa
    return f"Spark {show(s)}\nEmber {show(e)}"


def _compare_columns(seed, round_no, batch, table, exprs, where, s, e, sql):
    found = []
    sr, er = _rows_by_rid(s.rows), _rows_by_rid(e.rows)
    if where and set(sr) != set(er):
        only_s, only_e = sorted(set(sr) - set(er)), sorted(set(er) - set(sr))
        found.append(Mismatch(seed, round_no, batch, f"WHERE {where}",
                              f"the filter kept different rows: rid only in Spark's answer {only_s[:20]}, "
                              f"only in Ember's {only_e[:20]}\n"
                              + _inputs(table, where, only_s[:3] + only_e[:3]), sql, table))
    common = sorted(set(sr) & set(er))
    for i, ex in enumerate(exprs):
        sf, ef = s.schema.fields[i + 1], e.schema.fields[i + 1]
        if sf.dataType.simpleString() != ef.dataType.simpleString():
            found.append(Mismatch(seed, round_no, batch, ex, f"types differ: Spark {sf.dataType.simpleString()}, "
                                                             f"Ember {ef.dataType.simpleString()}", sql, table))
            continue
        bad = [rid for rid in common if compare.canon(sr[rid][i + 1]) != compare.canon(er[rid][i + 1])]
        if bad:
            lines = [f"type {sf.dataType.simpleString()}; {len(bad)} of {len(common)} rows differ:"]
            for rid in bad[:6]:
                lines.append(f"  rid {rid}: Spark {compare.show_value(sr[rid][i + 1])}, "
                             f"Ember {compare.show_value(er[rid][i + 1])}")
            lines.append(_inputs(table, ex, bad[:6]))
            found.append(Mismatch(seed, round_no, batch, ex, "\n".join(lines), sql, table))
    return found


def _inputs(table, expr, rids):
    """The input values of the columns `expr` uses, for these rows (read back with pyarrow)."""
    cols = [c for c in sorted(table.types, key=len, reverse=True) if c in expr]
    if not cols or not rids:
        return ""
    t = pq.read_table(table.path).to_pydict()
    lines = ["inputs:"]
    for rid in rids:
        k = t["rid"].index(rid)
        lines.append(f"  rid {rid}: " + ", ".join(f"{c}={_show_input(t[c][k])}" for c in cols))
    return "\n".join(lines)


def _show_input(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    return compare.show_value(v)
