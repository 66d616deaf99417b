"""Issue 7 item 2: what reading local shuffle blocks as file segments buys.

One local[2] SparkSession with Ember on; each query runs with
spark.ember.shuffle.localSegments.enabled true (the sidecar reads its executor's blocks from
the shuffle files) and false (the JVM reads every block through Spark's block manager and
forwards its bytes), one warm-up then --iterations timed runs, interleaved. Results are
written with Spark's `noop` format (every row produced, nothing collected); the two settings'
answers are compared through an order-independent digest.

Queries over Parquet generated once by Spark into --data-dir (--rows rows):

  * groupby: GROUP BY a key of rows/4 distinct values (a wide shuffle of partial aggregates)
  * join:    a shuffled join of the table with itself on a unique key (sort-merge join,
             broadcast off), two shuffle inputs per task

Run: python bench/local_segments.py --jar <ember jar>
"""

import argparse
import os
import statistics
import time


def log(msg=""):
    print(msg, flush=True)


QUERIES = {
    "groupby": "SELECT k, count(*) AS c, sum(v) AS s, max(name) AS m FROM t GROUP BY k",
    "join": "SELECT a.id, a.v, b.name FROM t a JOIN t b ON a.id = b.id",
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--rows", type=int, default=4_000_000)
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--partitions", type=int, default=16, help="spark.sql.shuffle.partitions")
    ap.add_argument("--data-dir", default=os.path.join(os.path.dirname(__file__), "..", "build", "bench", "segments"))
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("ember-local-segments")
             .config("spark.jars", os.path.abspath(args.jar))
             .config("spark.plugins", "dev.ember.spark.EmberPlugin")
             .config("spark.driver.memory", "4g")
             .config("spark.memory.offHeap.enabled", "true")
             .config("spark.memory.offHeap.size", "2g")
             .config("spark.sql.shuffle.partitions", str(args.partitions))
             .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
             .config("spark.sql.autoBroadcastJoinThreshold", "-1")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    path = os.path.join(os.path.abspath(args.data_dir), f"t{args.rows}")
    if not os.path.exists(path):
        spark.conf.set("spark.ember.enabled", "false")
        (spark.range(0, args.rows, numPartitions=8)
         .selectExpr("id", f"(id * 7919) % {max(1, args.rows // 4)} AS k", "cast(id % 1000 AS double) / 8 AS v",
                     "concat('name-', id % 5003) AS name")
         .write.parquet(path))
    spark.conf.set("spark.ember.enabled", "true")
    spark.read.parquet(path).createOrReplaceTempView("t")

    def digest(q):
        cols = spark.sql(q).columns
        h = "+".join(f"hash({c})" for c in cols)
        row = spark.sql(f"SELECT count(*), sum(cast({h} AS bigint)) FROM ({q})").collect()[0]
        return tuple(row)

    def run(q, on):
        spark.conf.set("spark.ember.shuffle.localSegments.enabled", str(on).lower())
        t0 = time.perf_counter()
        spark.sql(q).write.format("noop").mode("overwrite").save()
        return time.perf_counter() - t0

    log(f"rows={args.rows} partitions={args.partitions} cores={os.cpu_count()} load={os.getloadavg()}")
    for name, q in QUERIES.items():
        spark.conf.set("spark.ember.shuffle.localSegments.enabled", "true")
        d_on = digest(q)
        spark.conf.set("spark.ember.shuffle.localSegments.enabled", "false")
        d_off = digest(q)
        assert d_on == d_off, f"{name}: answers differ: {d_on} vs {d_off}"
        run(q, True)
        run(q, False)
        times = {True: [], False: []}
        for _ in range(args.iterations):
            for on in (True, False):
                times[on].append(run(q, on))
        med_on, med_off = statistics.median(times[True]), statistics.median(times[False])
        log(f"{name}: segments on  {' '.join(f'{t:.2f}' for t in times[True])}  median {med_on:.2f}s")
        log(f"{name}: segments off {' '.join(f'{t:.2f}' for t in times[False])}  median {med_off:.2f}s"
            f"  ({(med_off - med_on) / med_off * 100:+.1f}% with segments)")
    log(f"load after: {os.getloadavg()}")
    spark.stop()


if __name__ == "__main__":
    main()
