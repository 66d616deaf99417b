"""Helpers shared by the demo and the tests: a local Spark session with the
Ember jar, plan inspection, and the sidecar processes of this JVM."""

import os
import subprocess

from pyspark.sql import SparkSession

PLUGIN_CLASS = "dev.ember.spark.EmberPlugin"


def spark_session(jar, app_name="ember", extra_conf=None):
    """A local[2] Spark session with Ember plugged in, as a user would start it."""
    builder = (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.jars", os.path.abspath(jar))
        .config("spark.plugins", PLUGIN_CLASS)
        .config("spark.ember.explainFallback.enabled", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", "UTC")
    )
    for key, value in (extra_conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def executed_plan(df):
    """The physical plan Spark will run, as text."""
    return df._jdf.queryExecution().executedPlan().toString()


def jvm_pid(spark):
    return int(spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())


def sidecar_pids(spark):
    """The ember-sidecar processes started by this Spark JVM."""
    out = subprocess.run(
        ["pgrep", "-P", str(jvm_pid(spark)), "-f", "ember-sidecar"],
        capture_output=True, text=True,
    )
    return sorted(int(p) for p in out.stdout.split())
