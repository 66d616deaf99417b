"""The demo's PySpark job, run with spark-submit exactly as a user would:

    spark-submit --master local[2] --jars ember-spark-3.5_2.12-<version>.jar \
        --conf spark.plugins=dev.ember.spark.EmberPlugin demo_query.py <table.parquet>

It prints the physical plan and the query's rows."""

import sys

from pyspark.sql import SparkSession

QUERY = """
SELECT id, qty * 2 AS double_qty, price * qty AS amount, discount + 0.05 AS discount_plus,
       name, shipped
FROM sales
WHERE qty > 3 AND price IS NOT NULL AND discount < 0.08
"""


def main():
    path = sys.argv[1]
    spark = SparkSession.builder.appName("ember-demo").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.read.parquet(path).createOrReplaceTempView("sales")
    df = spark.sql(QUERY)
    enabled = spark.conf.get("spark.ember.enabled", "true")
    print(f"=== spark.ember.enabled={enabled}: physical plan ===")
    print(df._jdf.queryExecution().executedPlan().toString())
    rows = sorted(df.collect(), key=lambda r: r.id)
    print(f"=== spark.ember.enabled={enabled}: {len(rows)} rows ===")
    for r in rows:
        print(tuple(r))
    spark.stop()


if __name__ == "__main__":
    main()
