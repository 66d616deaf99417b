"""`make demo`: write a small Parquet table, run one query with spark-submit
without and with Ember, and print both results and the plan with the Ember node."""

import argparse
import datetime
import decimal
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN_CLASS = "dev.ember.spark.EmberPlugin"


def write_table(path):
    """20 rows of int, long, double, decimal(12,2), string and date, with nulls."""
    n = 20
    ids = list(range(n))
    table = pa.table({
        "id": pa.array(ids, pa.int32()),
        "qty": pa.array([None if i % 7 == 3 else i % 10 for i in ids], pa.int64()),
        "price": pa.array([None if i % 5 == 4 else decimal.Decimal(f"{i * 3}.{i % 100:02d}") for i in ids],
                          pa.decimal128(12, 2)),
        "discount": pa.array([None if i % 6 == 5 else (i % 10) / 100 for i in ids], pa.float64()),
        "name": pa.array([None if i % 9 == 8 else f"item-{i}-é" for i in ids], pa.string()),
        "shipped": pa.array([None if i % 8 == 7 else datetime.date(1995, 1, 1) + datetime.timedelta(days=37 * i)
                             for i in ids], pa.date32()),
    })
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(table, path, row_group_size=8)


def spark_env():
    """The environment spark-submit needs when run from the virtualenv without activating it."""
    import pyspark
    env = dict(os.environ)
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    return env


def spark_submit(jar, table, ember_enabled):
    spark_submit_bin = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    cmd = [
        spark_submit_bin, "--master", "local[2]",
        "--jars", jar,
        "--conf", f"spark.plugins={PLUGIN_CLASS}",
        "--conf", f"spark.ember.enabled={str(ember_enabled).lower()}",
        "--conf", "spark.ui.enabled=false",
        os.path.join(HERE, "demo_query.py"), table,
    ]
    print("$ " + " ".join(cmd), flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, env=spark_env())
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-5000:])
        raise SystemExit(f"spark-submit failed with exit code {out.returncode}")
    return out.stdout


def rows_of(output):
    lines = output.splitlines()
    start = next(i for i, l in enumerate(lines) if " rows ===" in l)
    return lines[start + 1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--table", default=os.path.join("build", "demo", "sales.parquet"))
    args = ap.parse_args()
    jar = os.path.abspath(args.jar)
    write_table(args.table)
    table = os.path.abspath(args.table)

    spark_out = spark_submit(jar, table, ember_enabled=False)
    print(spark_out)
    ember_out = spark_submit(jar, table, ember_enabled=True)
    print(ember_out)

    if "EmberExec" not in ember_out:
        raise SystemExit("demo: the Ember plan has no EmberExec node")
    if rows_of(spark_out) != rows_of(ember_out):
        raise SystemExit("demo: Ember's rows differ from Spark's")
    print(f"demo: Ember ran the query natively (EmberExec in the plan) and returned Spark's "
          f"{len(rows_of(ember_out))} rows exactly.")


if __name__ == "__main__":
    main()
