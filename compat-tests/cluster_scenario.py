"""The driver of test_cluster.py, run in its own Python process (PySpark allows one
SparkContext per process, and the test session already holds a local one).

Against a standalone master with two one-core workers it:
 1. writes a fact and a dimension table (Parquet) with Spark;
 2. runs a shuffle-heavy query (a shuffled join and a GROUP BY) with Ember off, then on,
    and records the rows, the plan, which executor JVMs have a sidecar, and the shuffle
    bytes read from other executors (Spark's REST API);
 3. runs the query again with Ember on and kill -9 of one executor's sidecar while that
    executor runs a task, and records the rows, the retried tasks and the sidecars after;
    again (up to three times) if the kill fell between two tasks.

It prints one JSON object on its last line; the test asserts on it.
"""

import argparse
import json
import os
import signal
import subprocess
import threading
import time
import urllib.request

from pyspark.sql import SparkSession

QUERY = """
SELECT f.k % 97 AS g, count(*) AS n, sum(f.v) AS total, max(d.name) AS top_name
FROM facts f JOIN dims d ON f.k = d.k
WHERE f.id % 10 <> 3
GROUP BY f.k % 97
"""


def rest(spark, path):
    base = spark.sparkContext.uiWebUrl
    app = spark.sparkContext.applicationId
    with urllib.request.urlopen(f"{base}/api/v1/applications/{app}/{path}", timeout=30) as r:
        return json.load(r)


def sidecars():
    """{sidecar pid: parent pid} of every ember-sidecar process on the machine."""
    out = subprocess.run(["pgrep", "-f", "ember-sidecar"], capture_output=True, text=True).stdout.split()
    result = {}
    for pid in map(int, out):
        try:
            with open(f"/proc/{pid}/stat") as f:
                # pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
                result[pid] = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return result


def cpu_ticks(pid):
    """User plus system CPU ticks of process `pid` so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def executor_pids(spark):
    """{executor id: JVM pid} of the application's live executors (the driver left out)."""
    pids = {}
    for e in rest(spark, "executors"):
        if e["id"] == "driver":
            continue
        # The executor JVM's command line names its executor id and application id.
        out = subprocess.run(["pgrep", "-f", f"CoarseGrainedExecutorBackend.*--executor-id {e['id']} .*"
                              f"{spark.sparkContext.applicationId}"], capture_output=True, text=True).stdout.split()
        if out:
            pids[e["id"]] = int(out[0])
    return pids


def rows(df):
    return sorted(tuple(r) for r in df.collect())


def settle(spark):
    """Waits until the driver's listeners have seen every event, so the REST API's stage
    figures are complete."""
    spark.sparkContext._jsc.sc().listenerBus().waitUntilEmpty()


# The SQL metric of a native exchange counting the blocks its readers handed to the sidecar
# as local file segments (EmberShuffleExchangeExec.localSegmentBytes).
SEGMENT_METRIC = "local blocks read by the sidecar from files"


def segment_totals(spark):
    """The totals (as Spark's UI prints them, e.g. "1.2 MiB") of SEGMENT_METRIC in the latest
    SQL execution that has it."""
    settle(spark)
    executions = rest(spark, "sql?details=true&planDescription=false&length=100000")
    for e in sorted(executions, key=lambda e: -e["id"]):
        values = [m["value"] for n in e.get("nodes", []) for m in n.get("metrics", []) if m["name"] == SEGMENT_METRIC]
        if values:
            # "total (min, med, max (stageId: taskId))\n<total> (<min>, ...)"
            return [v.split("\n")[-1].split(" (")[0].strip() for v in values]
    return []


def stage_ids(spark):
    settle(spark)
    return {s["stageId"] for s in rest(spark, "stages?status=complete")}


def new_stages(spark, before):
    settle(spark)
    return [s for s in rest(spark, "stages") if s["stageId"] not in before]


def in_task_retries(logs):
    """How many times a task retried on the restarted sidecar within the task, so far, in
    the executors' stderr under `logs` (SidecarResultStream logs each)."""
    if not logs:
        return 0
    count = 0
    for root, _, files in os.walk(logs):
        if "stderr" in files:
            with open(os.path.join(root, "stderr"), errors="replace") as f:
                count += f.read().count("retrying once on the restarted sidecar")
    return count


def kill_once(spark, expected, logs):
    """Runs QUERY and kill -9s the sidecar of an executor running one of its tasks; returns
    the rows' agreement, the error, the retried tasks and whether the sidecar came back."""
    before = stage_ids(spark)
    retries_before = in_task_retries(logs)
    holder = {}

    def run():
        try:
            holder["rows"] = rows(spark.sql(QUERY))
        except Exception as e:  # reported, not raised: the test asserts on it
            holder["error"] = str(e)[-3000:]

    t = threading.Thread(target=run)
    t.start()
    victim = None
    deadline = time.time() + 120
    while victim is None and t.is_alive() and time.time() < deadline:
        busy = [e["id"] for e in rest(spark, "executors") if e["id"] != "driver" and e["activeTasks"] > 0]
        execs = executor_pids(spark)
        cars = sidecars()
        # A sidecar that is using CPU is running a task's plan (not waiting for the JVM).
        before_cpu = {s: cpu_ticks(s) for s in cars}
        time.sleep(0.03)
        for eid in busy:
            pid = execs.get(eid)
            owned = [s for s, parent in cars.items() if parent == pid and cpu_ticks(s) > before_cpu[s]]
            if owned:
                victim = (eid, owned[0])
                break
    if victim:
        os.kill(victim[1], signal.SIGKILL)
    attempt = {"killed": victim is not None, "killed_while_running": t.is_alive()}
    t.join()
    attempt["error"] = holder.get("error")
    attempt["matches"] = holder.get("rows") == expected
    attempt["failed_tasks"] = sum(s.get("numFailedTasks", 0) for s in new_stages(spark, before))
    attempt["in_task_retries"] = in_task_retries(logs) - retries_before
    attempt["restarted"] = False
    if victim:
        # The executor's supervisor starts a new sidecar after the death (with backoff).
        deadline = time.time() + 30
        while True:
            pid = executor_pids(spark).get(victim[0])
            owned = [s for s, parent in sidecars().items() if parent == pid]
            attempt["restarted"] = bool(owned) and victim[1] not in owned
            if attempt["restarted"] or time.time() > deadline:
                break
            time.sleep(0.5)
    return attempt


def kill_until_a_task_is_hit(spark, expected, logs, attempts=3):
    """kill_once until a kill lands on a running task: a sidecar seen busy can finish its
    task between the sample and the kill (tasks last a fraction of a second), and then
    no task is retried. Every attempt must still end with Spark's rows."""
    done = []
    for _ in range(attempts):
        done.append(kill_once(spark, expected, logs))
        last = done[-1]
        if last["killed"] and last["failed_tasks"] + last["in_task_retries"] > 0:
            break
    return done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--master", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--shuffle-service-port", type=int, help="use the workers' external shuffle service")
    ap.add_argument("--skip-kill", action="store_true", help="skip step 3")
    ap.add_argument("--logs", help="the workers' work directories (executor stderr files), to count "
                                   "the tasks retried on a restarted sidecar")
    args = ap.parse_args()

    builder = SparkSession.builder
    if args.shuffle_service_port:
        builder = (builder.config("spark.shuffle.service.enabled", "true")
                   .config("spark.shuffle.service.port", str(args.shuffle_service_port)))
    spark = (builder.master(args.master).appName("ember-cluster-test")
             .config("spark.jars", os.path.abspath(args.jar))
             .config("spark.plugins", "dev.ember.spark.EmberPlugin")
             .config("spark.executor.cores", "1")
             .config("spark.executor.memory", "1g")
             .config("spark.cores.max", "2")
             .config("spark.driver.memory", "1g")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.ui.port", "0")
             .config("spark.sql.shuffle.partitions", "8")
             .config("spark.sql.autoBroadcastJoinThreshold", "-1")
             # Blocks of the other executor on this host are fetched over the network, as
             # from another machine, instead of read from its disk directly.
             .config("spark.shuffle.readHostLocalDisk", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ember.explainFallback.enabled", "true")
             .getOrCreate())
    result = {}
    try:
        # Both executors must be up before anything runs, or one could do all the work.
        deadline = time.time() + 120
        while len(executor_pids(spark)) < 2 and time.time() < deadline:
            time.sleep(1)
        result["executors"] = sorted(executor_pids(spark))

        facts, dims = os.path.join(args.data, "facts"), os.path.join(args.data, "dims")
        spark.conf.set("spark.ember.enabled", "false")
        (spark.range(0, args.rows, numPartitions=12)
         .selectExpr("id", "id * 7919 % 200003 AS k", "cast(id % 1000 AS double) / 4 AS v")
         .write.mode("overwrite").parquet(facts))
        (spark.range(0, 200003, numPartitions=4)
         .selectExpr("id AS k", "concat('name-', id % 1009) AS name")
         .write.mode("overwrite").parquet(dims))
        spark.read.parquet(facts).createOrReplaceTempView("facts")
        spark.read.parquet(dims).createOrReplaceTempView("dims")

        expected = rows(spark.sql(QUERY))
        result["expected_rows"] = len(expected)

        spark.conf.set("spark.ember.enabled", "true")
        df = spark.sql(QUERY)
        before = stage_ids(spark)
        result["matches"] = rows(df) == expected
        # After the run, so that AQE's final plan (with Ember's nodes) is the one shown.
        result["plan"] = df._jdf.queryExecution().executedPlan().toString()
        stages = new_stages(spark, before)
        result["remote_shuffle_bytes"] = sum(s.get("shuffleRemoteBytesRead", 0) for s in stages)
        result["shuffle_read_bytes"] = sum(s.get("shuffleReadBytes", 0) for s in stages)
        result["local_shuffle_bytes"] = sum(s.get("shuffleLocalBytesRead", 0) for s in stages)
        result["segment_totals"] = segment_totals(spark)
        execs = executor_pids(spark)
        cars = sidecars()
        result["sidecar_parents"] = sorted(e for e, pid in execs.items() if pid in cars.values())
        # Executors serve their blocks through the service when their block manager says so.
        result["shuffle_service"] = spark.sparkContext._jsc.sc().env().blockManager().externalShuffleServiceEnabled()
        if args.skip_kill:
            return

        # kill -9 of one executor's sidecar while that executor runs a task of the query.
        result["kill_attempts"] = kill_until_a_task_is_hit(spark, expected, args.logs)
    finally:
        spark.stop()
        print(json.dumps(result))


if __name__ == "__main__":
    main()
