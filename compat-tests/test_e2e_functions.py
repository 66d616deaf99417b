"""End to end on real Spark 3.5 with the Ember jar: conditional and math
functions (CaseWhen, If, NULLIF, NVL2, NVL/IFNULL/Coalesce, Greatest, Least,
In, InSet, unary minus, abs, %, pmod, div) in legacy mode, and string
functions (upper, lower, substr, left, concat, trims, length, LIKE), over data with
NULLs and edge values, each query run with Ember off and on and compared."""

import datetime
import decimal
import math
import re

import pytest
from pyspark.sql import Row
from pyspark.sql.types import (BooleanType, ByteType, DateType, DecimalType, DoubleType, FloatType,
                               IntegerType, LongType, ShortType, StringType, StructField, StructType)

from ember_spark import executed_plan

SCHEMA = StructType([
    StructField("b", ByteType()),
    StructField("h", ShortType()),
    StructField("i", IntegerType()),
    StructField("j", IntegerType()),
    StructField("l", LongType()),
    StructField("f", FloatType()),
    StructField("x", DoubleType()),
    StructField("y", DoubleType()),
    StructField("d", DecimalType(12, 2)),
    StructField("e", DecimalType(38, 6)),
    StructField("s", StringType()),
    StructField("dt", DateType()),
    StructField("bo", BooleanType()),
])

DOUBLES = [0.0, -0.0, 1.5, -2.25, float("nan"), float("inf"), float("-inf"), 1e300, -1e-300, 3.0, 7.0, -7.0]


def function_rows():
    """Deterministic rows: NULLs in every column, NaN, -0.0, infinities, min and max integers."""
    rows = []
    for k in range(300):
        rows.append(Row(
            b=None if k % 11 == 0 else [-128, 127, -1, 0, 1, 5, -7][k % 7],
            h=None if k % 13 == 0 else [-32768, 32767, -1, 0, 3, -9][k % 6],
            i=None if k % 10 == 0 else ([-2**31, 2**31 - 1, 0, -1, 1, 7, -7, 100, -55][k % 9] if k % 4 else (k * 37) % 200 - 100),
            j=None if k % 9 == 0 else [0, -1, 3, -3, 7, 2**31 - 1, -2**31, 10][k % 8],
            l=None if k % 12 == 0 else [-2**63, 2**63 - 1, 0, -1, 1, 10_000_000_019, -987_654_321_012][k % 7],
            f=None if k % 8 == 0 else [0.0, -0.0, 1.5, float("nan"), float("-inf"), -3.25, 2.5][k % 7],
            x=None if k % 7 == 0 else DOUBLES[k % len(DOUBLES)],
            y=None if k % 6 == 0 else DOUBLES[(k * 5) % len(DOUBLES)],
            d=None if k % 5 == 0 else decimal.Decimal(f"{(k * 7919) % 2_000_000_000 - 1_000_000_000}.{k % 100:02d}"),
            e=None if k % 4 == 0 else decimal.Decimal(f"{(k * 104729) % 10**12 - 5 * 10**11}.{(k * 31) % 10**6:06d}"),
            s=None if k % 9 == 0 else ["", "a", "ember", "Ünïcødé ✓", "zz", "A longer string value"][k % 6] + str(k % 4),
            dt=None if k % 17 == 0 else datetime.date(1900, 1, 1) + datetime.timedelta(days=k * 197),
            bo=None if k % 3 == 0 else k % 2 == 0,
        ))
    rows.append(Row(b=None, h=None, i=None, j=None, l=None, f=None, x=None, y=None, d=None, e=None, s=None,
                    dt=None, bo=None))
    rows.append(Row(b=127, h=32767, i=2**31 - 1, j=-1, l=2**63 - 1, f=3.4028235e38, x=1.7976931348623157e308,
                    y=-0.0, d=decimal.Decimal("9999999999.99"), e=decimal.Decimal("99999999999999999999999999999999.999999"),
                    s="max", dt=datetime.date(9999, 12, 31), bo=True))
    rows.append(Row(b=-128, h=-32768, i=-2**31, j=-1, l=-2**63, f=-3.4028235e38, x=-1.7976931348623157e308,
                    y=0.0, d=decimal.Decimal("-9999999999.99"), e=decimal.Decimal("-99999999999999999999999999999999.999999"),
                    s="min", dt=datetime.date(1, 1, 1), bo=False))
    return rows


@pytest.fixture(scope="module")
def fn_table(spark, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("functions") / "functions.parquet")
    spark.conf.set("spark.ember.enabled", "false")
    spark.conf.set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
    spark.createDataFrame(function_rows(), SCHEMA).repartition(3).write.parquet(path)
    spark.conf.set("spark.ember.enabled", "true")
    spark.read.parquet(path).createOrReplaceTempView("fn")
    return path


# Each query is a Project and/or Filter over the Parquet scan; every one must run
# natively with Ember on and give Spark's rows.
QUERIES = {
    # CaseWhen: searched and simple forms, with and without ELSE, every result type.
    "case_searched": "SELECT CASE WHEN i > 50 THEN 'big' WHEN i < -50 THEN 'small' WHEN i IS NULL THEN 'none' "
                     "ELSE s END AS c1, CASE WHEN x > 0 THEN x WHEN x < 0 THEN y END AS c2 FROM fn",
    "case_simple": "SELECT CASE j WHEN 0 THEN 'zero' WHEN -1 THEN 'minus one' WHEN 3 THEN NULL ELSE 'other' END AS c1, "
                   "CASE s WHEN 'a1' THEN d WHEN 'ember2' THEN d * 2 END AS c2 FROM fn",
    "case_types": "SELECT CASE WHEN bo THEN l WHEN NOT bo THEN -1 END AS cl, "
                  "CASE WHEN x IS NULL THEN dt WHEN x > 0 THEN DATE'2000-01-01' END AS cd, "
                  "CASE WHEN i IS NULL THEN bo ELSE i > 0 END AS cb, "
                  "CASE WHEN h > 0 THEN h WHEN b > 0 THEN b END AS ch, "
                  "CASE WHEN f = f THEN f ELSE CAST('NaN' AS FLOAT) END AS cf, "
                  "CASE WHEN e > 0 THEN e WHEN d < 0 THEN d ELSE NULL END AS ce FROM fn",
    "case_nested_lazy": "SELECT CASE WHEN j = 0 THEN NULL WHEN i % j = 0 THEN i div j ELSE "
                        "CASE WHEN x > y THEN x - y ELSE y - x END END AS c FROM fn",
    "case_in_filter": "SELECT i, s FROM fn WHERE CASE WHEN x IS NULL THEN false WHEN x > 1 THEN true END",
    "case_all_null_cond": "SELECT CASE WHEN bo AND i IS NULL THEN s ELSE 'no' END AS c FROM fn",
    # If, and NULLIF / NVL2 (rewritten to If by Spark).
    "if": "SELECT IF(i > 0, i, -i) AS a, IF(x = x, 'number', 'nan') AS bb, IF(bo, d, NULL) AS c, "
          "IF(NULL, 1, 2) AS n FROM fn",
    "nullif_nvl2": "SELECT NULLIF(i, 0) AS a, NULLIF(s, 'a1') AS bb, NULLIF(x, y) AS c, "
                   "NVL2(s, i, j) AS dd, NVL2(x, 'set', 'unset') AS ee FROM fn",
    # Coalesce, NVL, IFNULL.
    "coalesce": "SELECT COALESCE(i, j, 0) AS a, COALESCE(s, 'none') AS bb, COALESCE(x, y) AS c, "
                "COALESCE(d, e) AS dd, COALESCE(dt, DATE'1970-01-01') AS ee, COALESCE(bo, i > 0) AS ff FROM fn",
    "nvl_ifnull": "SELECT NVL(i, -1) AS a, IFNULL(s, '') AS bb, NVL(x, y) AS c, NVL(NULL, l) AS dd FROM fn",
    "coalesce_filter": "SELECT i FROM fn WHERE COALESCE(i, j) > 0",
    # Greatest and Least: NULLs skipped, NaN greatest, -0.0 = 0.0.
    "greatest_least_numbers": "SELECT GREATEST(i, j) AS g1, LEAST(i, j) AS l1, GREATEST(x, y) AS g2, LEAST(x, y) AS l2, "
                              "GREATEST(x, y, 0.0) AS g3, LEAST(f, 0) AS l3, GREATEST(b, h) AS g4, "
                              "LEAST(l, i) AS l4, GREATEST(d, e) AS g5, LEAST(d, 0) AS l5 FROM fn",
    "greatest_least_other": "SELECT GREATEST(s, 'b') AS g1, LEAST(s, 'b', NULL) AS l1, GREATEST(dt, DATE'2000-01-01') AS g2, "
                            "LEAST(dt, DATE'1950-06-01') AS l2, GREATEST(bo, i > 0) AS g3, LEAST(bo, x > 0) AS l3 FROM fn",
    "greatest_zeros": "SELECT GREATEST(y, x) AS g, LEAST(y, x) AS l, GREATEST(-0.0, y) AS gz, LEAST(0.0, y) AS lz FROM fn",
    # In (short lists) and InSet (lists longer than 10 literals), NULLs in the value and the list.
    "in_ints": "SELECT i IN (1, 7, -7) AS a, i IN (1, NULL) AS bb, i NOT IN (0, NULL) AS c, "
               "b IN (-128, 127) AS dd, h IN (0) AS ee, l IN (-9223372036854775808, 0) AS ff FROM fn",
    "in_doubles": "SELECT x IN (0.0, 1.5) AS a, x IN (CAST('NaN' AS DOUBLE)) AS bb, x IN (-0.0) AS c, "
                  "x IN (1.0, NULL) AS dd, f IN (CAST(0.0 AS FLOAT), CAST(1.5 AS FLOAT)) AS ee FROM fn",
    "in_other": "SELECT s IN ('a1', 'zz2', 'max') AS a, s IN ('', NULL) AS bb, d IN (0.00, 9999999999.99) AS c, "
                "dt IN (DATE'0001-01-01', DATE'1900-01-01') AS dd, bo IN (true) AS ee FROM fn",
    "in_columns": "SELECT i IN (j, 7) AS a, x IN (y, 1.5) AS bb, s IN (s, 'x') AS c FROM fn",
    "in_filter": "SELECT i, s FROM fn WHERE i IN (1, 7, -7, 100) OR s IN ('a1', 'ember2')",
    "inset_ints": "SELECT i IN (1,2,3,4,5,6,7,8,9,10,11,12,-55,100) AS a, "
                  "i IN (1,2,3,4,5,6,7,8,9,10,11,12,NULL) AS bb, "
                  "l IN (0,1,2,3,4,5,6,7,8,9,10,-1,9223372036854775807) AS c, "
                  "b IN (1,2,3,4,5,6,7,8,9,10,11,-128) AS dd FROM fn",
    "inset_doubles": "SELECT x IN (0.0,1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0,11.0) AS a, "
                     "x IN (-0.0,1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0,CAST('NaN' AS DOUBLE)) AS bb, "
                     "x IN (1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0,10.0,11.0,NULL) AS c FROM fn",
    "inset_other": "SELECT s IN ('a0','a1','a2','a3','b','c','d','e','f','g','h','zz2') AS a, "
                   "s IN ('a0','a1','a2','a3','b','c','d','e','f','g','h',NULL) AS bb, "
                   "d IN (0,1,2,3,4,5,6,7,8,9,10,9999999999.99) AS c FROM fn",
    "inset_filter": "SELECT i FROM fn WHERE i NOT IN (1,2,3,4,5,6,7,8,9,10,11,12)",
    # Unary minus and abs on every numeric type: legacy wraps at the minimum integer.
    "unary_minus": "SELECT -b AS nb, -h AS nh, -i AS ni, -l AS nl, -f AS nf, -x AS nx, -d AS nd, -e AS ne FROM fn",
    "abs": "SELECT abs(b) AS ab, abs(h) AS ah, abs(i) AS ai, abs(l) AS al, abs(f) AS af, abs(x) AS ax, "
           "abs(d) AS ad, abs(e) AS ae FROM fn",
    # Remainder, pmod and div: a zero divisor gives NULL.
    "remainder": "SELECT i % j AS a, i % 0 AS z, l % -1 AS c, b % 3 AS dd, h % b AS ee, x % y AS ff, x % 0.0 AS g, "
                 "f % 1.5 AS hh, d % 3.3 AS ii, e % d AS jj, mod(i, -3) AS kk, d % 0 AS ll FROM fn",
    "pmod": "SELECT pmod(i, j) AS a, pmod(i, 0) AS z, pmod(l, 7) AS c, pmod(b, b) AS dd, pmod(h, -5) AS ee, "
            "pmod(x, y) AS ff, pmod(f, CAST(-1.5 AS FLOAT)) AS g, pmod(d, 3.3) AS hh, pmod(e, -d) AS ii, "
            "pmod(-1, i) AS jj FROM fn",
    "div": "SELECT i div j AS a, i div 0 AS z, l div -1 AS c, l div 3 AS dd, b div h AS ee, "
           "d div 0.7 AS ff, e div d AS g, d div 0 AS hh FROM fn",
    "math_filter": "SELECT i, l FROM fn WHERE abs(i) > 50 AND pmod(l, 2) = 1 OR -i < -100 OR i % 3 = 0",
    # String functions (kernels/str): case mapping, substr/left, concat, trims, length, LIKE.
    "string_functions": "SELECT upper(s) AS u, lower(s) AS lo, substr(s, 2, 3) AS sub, substr(s, -2) AS tail, "
                        "left(s, 2) AS le, concat(s, '!', s) AS c, trim(concat(' ', s, ' ')) AS t, "
                        "ltrim(s, 'ae') AS lt, rtrim(s, '0123') AS rt, length(s) AS n FROM fn",
    "string_like": "SELECT s, s LIKE 'a%' AS p, s LIKE '%_1' AS q, s LIKE '%ü%' AS r FROM fn "
                   "WHERE s LIKE '%e%' OR contains(s, 'z') OR endswith(s, '2')",
}


def normalize(value):
    """Rows compare exactly: -0.0 differs from 0.0, a decimal keeps its scale."""
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def collect_sorted(df):
    return sorted((tuple(normalize(v) for v in r) for r in df.collect()), key=repr)


def spark_operators(plan):
    """The names of the plan's operators, one per line of the plan text, without the
    tree drawing and the whole-stage-codegen prefix: "*(1) Project [...]" is "Project"."""
    names = []
    for line in plan.splitlines():
        text = re.sub(r"^\*\(\d+\)\s*", "", line.strip().lstrip("+-:| "))
        if text:
            names.append(text.split(" ")[0])
    return names


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_function_matches_spark_and_runs_natively(spark, fn_table, name):
    sql = QUERIES[name]
    spark.conf.set("spark.ember.enabled", "false")
    expected_df = spark.sql(sql)
    assert "EmberExec" not in executed_plan(expected_df)
    if name.startswith("inset"):
        # Lists longer than spark.sql.optimizer.inSetConversionThreshold (10) become InSet.
        assert "INSET" in expected_df._jdf.queryExecution().optimizedPlan().toString()
    expected = collect_sorted(expected_df)
    spark.conf.set("spark.ember.enabled", "true")
    df = spark.sql(sql)
    plan = executed_plan(df)
    assert "EmberExec" in plan, f"{name} did not run natively:\n{plan}"
    ops = spark_operators(plan)
    for spark_op in ("Project", "Filter", "FileScan"):
        assert spark_op not in ops, f"{name}: a Spark {spark_op} is left in the plan:\n{plan}"
    got = collect_sorted(df)
    assert len(got) == len(expected) > 0
    for g, e in zip(got, expected):
        assert g == e, f"{name}: Ember's row {g} differs from Spark's {e}"


def test_ansi_math_runs_natively(spark, fn_table):
    """ANSI-mode %, pmod and unary minus on integers run in the sidecar (they raise
    Spark's error classes there); without an error the answer is Spark's."""
    sql = "SELECT i % 7 AS r, pmod(i, 5) AS p, -i AS n FROM fn WHERE i > -1000 AND i < 1000"
    spark.conf.set("spark.sql.ansi.enabled", "true")
    try:
        spark.conf.set("spark.ember.enabled", "false")
        expected = collect_sorted(spark.sql(sql))
        spark.conf.set("spark.ember.enabled", "true")
        df = spark.sql(sql)
        plan = executed_plan(df)
        assert "Project" not in spark_operators(plan), plan
        assert "EmberExec [Project" in plan, plan
        assert collect_sorted(df) == expected
    finally:
        spark.conf.set("spark.sql.ansi.enabled", "false")
        spark.conf.set("spark.ember.enabled", "true")
