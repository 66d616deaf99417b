"""Issue 5's operator figures beside Spark's own time for the same query, in the same run.

Queries (over Parquet generated once by Spark into --data-dir):

  * agg-16:  GROUP BY an int64 key with 16 distinct values (count, sum), --rows rows
  * agg-1m:  the same with 1,000,000 distinct keys
  * sort:    ORDER BY an int64 key (a permutation), --sort-rows rows

Each query runs on Spark (Ember off) and Spark + Ember in one SparkSession, one warm-up then
--iterations timed runs, interleaved; the result is written with Spark's `noop` format so
every row is produced and nothing is collected to the driver. The GROUP BY answers are
compared through an order-independent digest. Run with `make bench-operators`.
"""

import argparse
import os
import statistics
import sys
import time


def log(msg=""):
    print(msg, flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--rows", type=int, default=20_000_000, help="rows of the GROUP BY tables")
    ap.add_argument("--sort-rows", type=int, default=10_000_000)
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--data-dir", default=os.path.join(os.path.dirname(__file__), "..", "build", "bench", "operators"))
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("ember-operators")
             .config("spark.jars", os.path.abspath(args.jar))
             .config("spark.plugins", "dev.ember.spark.EmberPlugin")
             .config("spark.driver.memory", "8g")
             .config("spark.memory.offHeap.enabled", "true")
             .config("spark.memory.offHeap.size", "4g")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    data = os.path.abspath(args.data_dir)
    tables = {}
    spark.conf.set("spark.ember.enabled", "false")
    for name, keys, rows in (("agg16", 16, args.rows), ("agg1m", 1_000_000, args.rows),
                             ("sort", args.sort_rows, args.sort_rows)):
        path = os.path.join(data, f"{name}-{rows}")
        if not os.path.exists(os.path.join(path, "_SUCCESS")):
            t0 = time.monotonic()
            spark.range(0, rows, numPartitions=4).selectExpr(
                f"pmod(id * 2654435761, {keys}) AS k", "id AS v").write.mode("overwrite").parquet(path)
            log(f"data {name}: {rows:,} rows, {keys:,} keys ({time.monotonic() - t0:.0f} s)")
        tables[name] = path

    agg = "SELECT k, count(*) AS c, sum(v) AS s FROM parquet.`{}` GROUP BY k"
    digest = "SELECT count(*), sum(c), sum(s), sum(hash(k, c, s)) FROM ({})"
    queries = [
        ("agg-16", agg.format(tables["agg16"]), args.rows),
        ("agg-1m", agg.format(tables["agg1m"]), args.rows),
        ("sort", f"SELECT k, v FROM parquet.`{tables['sort']}` ORDER BY k", args.sort_rows),
    ]
    wrong = []
    lines = ["| query | rows | Spark s | Ember s | Ember/Spark | Ember Mrows/s |", "|---|---|---|---|---|---|"]
    for name, sql, rows in queries:
        if name.startswith("agg"):
            answers = {}
            for engine in ("spark", "ember"):
                spark.conf.set("spark.ember.enabled", "true" if engine == "ember" else "false")
                answers[engine] = spark.sql(digest.format(sql)).collect()
            if answers["spark"] != answers["ember"]:
                wrong.append(name)
                log(f"!!! {name}: WRONG ANSWER: Ember {answers['ember']} != Spark {answers['spark']}")
        times = {"spark": [], "ember": []}
        for it in range(args.iterations + 1):
            for engine in ("spark", "ember"):
                spark.conf.set("spark.ember.enabled", "true" if engine == "ember" else "false")
                t0 = time.monotonic()
                spark.sql(sql).write.format("noop").mode("overwrite").save()
                if it:
                    times[engine].append(time.monotonic() - t0)
        s, e = statistics.median(times["spark"]), statistics.median(times["ember"])
        log(f"{name}: spark {s:.2f} s, ember {e:.2f} s")
        lines.append(f"| {name} | {rows:,} | {s:.2f} | {e:.2f} | {e / s:.2f} | {rows / e / 1e6:.1f} |")
    spark.stop()
    log("")
    log(f"local[2], median of {args.iterations} runs after a warm-up, whole query (scan, operator, "
        "exchange where Spark plans one), written with the noop format:")
    log("\n".join(lines))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
