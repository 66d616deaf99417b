"""End to end on real Spark 3.5 (local[2]) with the Ember jar and a real
sidecar process: native filter and project over Parquet, compared with Spark."""

import datetime
import decimal
import math
import os
import signal
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import Row
from pyspark.sql.types import (DateType, DecimalType, DoubleType, IntegerType, LongType, StringType,
                               StructField, StructType)

from ember_spark import executed_plan, sidecar_pids

HERE = os.path.dirname(os.path.abspath(__file__))

SCHEMA = StructType([
    StructField("i", IntegerType()),
    StructField("l", LongType()),
    StructField("x", DoubleType()),
    StructField("d", DecimalType(12, 2)),
    StructField("s", StringType()),
    StructField("dt", DateType()),
])


def edge_rows():
    """Deterministic rows with nulls in every column and edge values."""
    rows = []
    for k in range(400):
        rows.append(Row(
            i=None if k % 11 == 0 else (k * 37) % 200 - 100,
            l=None if k % 13 == 0 else (k - 200) * 10_000_000_019,
            x=None if k % 7 == 0 else [0.0, -0.0, 1.5, -2.25, float("nan"), float("inf"), float("-inf"),
                                       1e300, -1e-300, 3.14159][k % 10] * (1 if k % 3 else -1),
            d=None if k % 5 == 0 else decimal.Decimal(f"{(k * 7919) % 2_000_000_000 - 1_000_000_000}.{k % 100:02d}"),
            s=None if k % 9 == 0 else ["", "a", "ember", "Ünïcødé ✓", "zz", "A longer string value"][k % 6] + str(k % 4),
            dt=None if k % 17 == 0 else datetime.date(1900, 1, 1) + datetime.timedelta(days=k * 197),
        ))
    rows.append(Row(i=None, l=None, x=None, d=None, s=None, dt=None))
    rows.append(Row(i=2**31 - 1, l=2**63 - 1, x=1.7976931348623157e308, d=decimal.Decimal("9999999999.99"),
                    s="max", dt=datetime.date(9999, 12, 31)))
    rows.append(Row(i=-2**31, l=-2**63, x=-1.7976931348623157e308, d=decimal.Decimal("-9999999999.99"),
                    s="min", dt=datetime.date(1, 1, 1)))
    return rows


@pytest.fixture(scope="module")
def edge_table(spark, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("edge") / "edge.parquet")
    spark.conf.set("spark.ember.enabled", "false")
    # Dates before 1582 are written as they are (proleptic Gregorian), as Spark 3 reads them.
    spark.conf.set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
    spark.createDataFrame(edge_rows(), SCHEMA).repartition(3).write.parquet(path)
    spark.conf.set("spark.ember.enabled", "true")
    spark.read.parquet(path).createOrReplaceTempView("edge")
    return path


QUERIES = {
    "filter_int": "SELECT i, s FROM edge WHERE i > 10",
    "filter_and_or_not": "SELECT * FROM edge WHERE (i < 0 OR l > 0) AND NOT (s = 'ember1')",
    "is_null": "SELECT i, d FROM edge WHERE d IS NULL OR s IS NOT NULL",
    "null_safe_equal": "SELECT i, s FROM edge WHERE s <=> 'a1' OR i <=> NULL",
    "date_and_string": "SELECT s, dt FROM edge WHERE dt >= DATE'1990-01-01' AND s < 'b'",
    "double_compare": "SELECT x FROM edge WHERE x < 1e300 AND (x > 1.0 OR x <= -1e300 OR x = 0.0)",
    "int_arith": "SELECT i + 1 AS a, i - 7 AS b, i * i AS c, l + l AS ll, l * 3 AS l3 FROM edge",
    "double_arith": "SELECT x + 1.5 AS a, x * x AS b, x / 3.0 AS c, x - x AS d, i / 0 AS z FROM edge",
    "decimal_arith": "SELECT d + d AS a, d - 1.25 AS b, d * d AS c, d / 3 AS q, d / d AS one FROM edge",
    "decimal_mixed": "SELECT d * i AS di, d + l AS dl, d / 0.07 AS dq FROM edge WHERE d > 0",
    "casts": "SELECT CAST(x AS INT) AS xi, CAST(l AS INT) AS li, CAST(i AS DOUBLE) AS id, "
             "CAST(d AS BIGINT) AS dl, CAST(i AS DECIMAL(5, 1)) AS idd, CAST(l AS DECIMAL(38, 2)) AS ld, "
             "CAST(d AS DOUBLE) AS dd, CAST(l AS FLOAT) AS lf FROM edge",
    "project_filter": "SELECT i * 2 AS i2, d, s FROM edge WHERE i IS NOT NULL AND d < 100",
}


def normalize(value):
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def collect_sorted(df):
    return sorted((tuple(normalize(v) for v in r) for r in df.collect()), key=repr)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_matches_spark_and_runs_natively(spark, edge_table, name):
    sql = QUERIES[name]
    spark.conf.set("spark.ember.enabled", "false")
    expected_df = spark.sql(sql)
    assert "EmberExec" not in executed_plan(expected_df)
    expected = collect_sorted(expected_df)
    spark.conf.set("spark.ember.enabled", "true")
    df = spark.sql(sql)
    plan = executed_plan(df)
    assert "EmberExec" in plan, f"{name} did not run natively:\n{plan}"
    assert "FileScan" not in plan, f"{name}: a Spark scan is left in the plan:\n{plan}"
    got = collect_sorted(df)
    assert got == expected, f"{name}: Ember's rows differ from Spark's"
    assert len(expected) > 0


def test_spark_submit_runs_natively(jar, tmp_path):
    """A PySpark script run by spark-submit --jars ... --conf spark.plugins=... runs natively."""
    out = subprocess.run([sys.executable, os.path.join(HERE, "demo.py"), "--jar", jar,
                          "--table", str(tmp_path / "sales.parquet")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "EmberExec" in out.stdout
    assert "returned Spark's" in out.stdout


def test_sidecar_killed_between_queries(spark, edge_table):
    sql = QUERIES["project_filter"]
    spark.conf.set("spark.ember.enabled", "false")
    expected = collect_sorted(spark.sql(sql))
    spark.conf.set("spark.ember.enabled", "true")
    assert collect_sorted(spark.sql(sql)) == expected
    before = sidecar_pids(spark)
    assert before, "no sidecar process found under the Spark JVM"
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    df = spark.sql(sql)
    assert "EmberExec" in executed_plan(df)
    assert collect_sorted(df) == expected
    after = sidecar_pids(spark)
    assert after and not set(after) & set(before), f"sidecar was not restarted: before {before}, after {after}"


def assert_ember_error(spark, sql, *fragments):
    with pytest.raises(Exception) as info:
        spark.sql(sql).collect()
    message = str(info.value)
    assert "Ember sidecar error" in message, message[-3000:]
    for f in fragments:
        assert f in message, f"{f!r} not in error:\n{message[-3000:]}"


def test_truncated_parquet_is_a_clear_error(spark, tmp_path):
    path = tmp_path / "truncated.parquet"
    pq.write_table(pa.table({"a": pa.array(range(10000), pa.int64())}), str(path), row_group_size=1000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    # Spark lists the file itself; the footer read happens in the sidecar.
    spark.conf.set("spark.ember.enabled", "true")
    view = spark.read.schema("a BIGINT").parquet(str(path))
    view.createOrReplaceTempView("truncated")
    assert_ember_error(spark, "SELECT a FROM truncated WHERE a > 5", "truncated.parquet")
    # The sidecar keeps serving.
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"a": pa.array(range(100), pa.int64())}), str(good))
    df = spark.read.parquet(str(good)).where("a > 5")
    assert "EmberExec" in executed_plan(df)
    assert df.count() == 94


@pytest.mark.parametrize("fault,fragments", [
    ("malformed-plan", ["INVALID_ARGUMENT", "invalid plan"]),
    ("wrong-token", ["UNAUTHENTICATED", "token"]),
])
def test_injected_faults_are_clear_errors(spark, edge_table, fault, fragments):
    spark.conf.set("spark.ember.testing.faultInjection", fault)
    try:
        assert_ember_error(spark, "SELECT i FROM edge WHERE i > 0", *fragments)
    finally:
        spark.conf.unset("spark.ember.testing.faultInjection")
    df = spark.sql("SELECT i FROM edge WHERE i > 0")
    assert "EmberExec" in executed_plan(df)
    assert df.count() > 0
