"""Ember on a Spark standalone cluster the test starts on this machine: one master and two
workers of one core each, so the application gets two executors, each with its own
sidecar. The scenario (cluster_scenario.py, its own driver process) checks that
 - a shuffle-heavy query runs natively with Spark's answer while shuffle blocks cross
   executors (bytes read from the other executor, from Spark's REST API);
 - kill -9 of one executor's sidecar while it runs a task of the query ends with Spark's
   answer: the task is retried (on the restarted sidecar within the task if the sidecar had
   sent nothing yet, else by Spark), and the sidecar is restarted;
 - with Spark's external shuffle service on (one worker of two cores running it), the
   native shuffle's blocks are fetched from the service with Spark's answer.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from pyspark.find_spark_home import _find_spark_home

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Standalone:
    """A master and workers started with spark-class, logs under `workdir`."""

    def __init__(self, workdir, workers=2, cores=1, worker_opts=""):
        self.spark_class = os.path.join(_find_spark_home(), "bin", "spark-class")
        self.workdir = workdir
        self.procs = []
        env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", SPARK_DAEMON_MEMORY="512m",
                   SPARK_LOG_DIR=str(workdir), SPARK_WORKER_DIR=str(workdir / "work"),
                   SPARK_WORKER_OPTS=worker_opts)
        self.env = env
        port, ui = free_port(), free_port()
        self.url = f"spark://127.0.0.1:{port}"
        self.ui = f"http://127.0.0.1:{ui}/json/"
        self._start("master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui))
        for i in range(workers):
            self._start(f"worker{i}", "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", str(cores), "--memory", "2g",
                        "--webui-port", str(free_port()), "--work-dir", str(workdir / f"work{i}"), self.url)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.alive_workers() == workers:
                return
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"the standalone cluster did not start {workers} workers:\n{self.logs()}")

    def _start(self, name, cls, *args):
        log = open(self.workdir / f"{name}.log", "w")
        self.procs.append((name, subprocess.Popen([self.spark_class, cls, *args], env=self.env,
                                                  stdout=log, stderr=subprocess.STDOUT)))

    def alive_workers(self):
        try:
            with urllib.request.urlopen(self.ui, timeout=5) as r:
                return json.load(r).get("aliveworkers", 0)
        except OSError:
            return 0

    def logs(self, tail=3000):
        """The daemons' logs and the executors' stderr, ends only."""
        out = []
        for path in sorted(self.workdir.rglob("*")):
            if path.is_file() and (path.suffix == ".log" or path.name == "stderr"):
                out.append(f"--- {path}\n{path.read_text(errors='replace')[-tail:]}")
        return "\n".join(out)

    def stop(self):
        for _, p in reversed(self.procs):
            p.terminate()
        for _, p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def run_scenario(jar, workdir, cluster, *extra):
    """Runs cluster_scenario.py against `cluster`; its result, with the cluster's logs."""
    out = subprocess.run([sys.executable, os.path.join(HERE, "cluster_scenario.py"), "--master", cluster.url,
                          "--jar", jar, "--data", str(workdir / "data"), *extra],
                         capture_output=True, text=True, timeout=900)
    if out.returncode != 0 or not out.stdout.strip():
        pytest.fail(f"the cluster scenario failed ({out.returncode}):\n{out.stdout[-3000:]}\n"
                    f"{out.stderr[-5000:]}\n{cluster.logs()}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print("cluster scenario:", {k: v for k, v in result.items() if k != "plan"})
    result["logs"] = cluster.logs()
    return result


@pytest.fixture(scope="module")
def scenario(jar, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("standalone")
    cluster = Standalone(workdir)
    try:
        yield run_scenario(jar, workdir, cluster, "--logs", str(workdir))
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def shuffle_service_scenario(jar, tmp_path_factory):
    """One worker of two cores running Spark's external shuffle service (one per host: two
    workers on this machine would both bind its port), so the application's two executors
    fetch each other's blocks from it."""
    workdir = tmp_path_factory.mktemp("standalone-ess")
    port = free_port()
    cluster = Standalone(workdir, workers=1, cores=2,
                         worker_opts=f"-Dspark.shuffle.service.enabled=true -Dspark.shuffle.service.port={port}")
    try:
        result = run_scenario(jar, workdir, cluster, "--shuffle-service-port", str(port), "--skip-kill",
                              "--rows", "1000000")
        # The service logs each executor that registers its shuffle directories with it.
        result["registered_with_service"] = (workdir / "worker0.log").read_text(errors="replace") \
            .count("Registered executor")
        yield result
    finally:
        cluster.stop()


def test_two_executors_each_with_a_sidecar(scenario):
    assert len(scenario["executors"]) == 2, scenario["executors"]
    assert scenario["sidecar_parents"] == scenario["executors"], \
        f"executors with a sidecar: {scenario['sidecar_parents']}, executors: {scenario['executors']}"


def test_shuffle_crosses_executors_with_spark_answer(scenario):
    assert "EmberExec" in scenario["plan"], scenario["plan"]
    assert "EmberShuffleExchange" in scenario["plan"], scenario["plan"]
    assert scenario["expected_rows"] == 97
    assert scenario["matches"], "Ember's rows differ from Spark's on the cluster"
    assert scenario["remote_shuffle_bytes"] > 0, \
        f"no shuffle byte was read from another executor (read: {scenario['shuffle_read_bytes']})"
    # Each executor's own blocks went to its sidecar as file segments, beside the remote ones.
    assert_local_segments(scenario)


def assert_local_segments(s):
    assert s["local_shuffle_bytes"] > 0, f"no local shuffle read (read: {s['shuffle_read_bytes']})"
    assert any(t and not t.startswith("0.0 ") for t in s["segment_totals"]), \
        f"no block was read from local files by a sidecar: {s['segment_totals']}"


def test_sidecar_killed_mid_query_task_retried(scenario):
    attempts = scenario["kill_attempts"]
    for a in attempts:
        assert a["killed"] and a["killed_while_running"], f"the kill did not land during the query: {a}"
        assert a["error"] is None, a["error"]
        assert a["matches"], "after the kill, the query's rows differ from Spark's"
        assert a["restarted"], f"the killed sidecar was not restarted:\n{scenario['logs'][-6000:]}"
    # A task whose sidecar died before it sent any output retries once on the restarted
    # sidecar (SidecarResultStream); one that had, fails and Spark retries it.
    hit = attempts[-1]
    assert hit["failed_tasks"] + hit["in_task_retries"] >= 1, \
        f"no task was retried (by Spark or on the restarted sidecar) in {len(attempts)} kills: {attempts}"


def test_external_shuffle_service_serves_native_shuffle_blocks(shuffle_service_scenario):
    s = shuffle_service_scenario
    assert s["shuffle_service"], "the application did not enable the external shuffle service"
    assert s["registered_with_service"] >= 2, \
        f"executors registered with the shuffle service: {s['registered_with_service']}\n{s['logs'][-6000:]}"
    assert len(s["executors"]) == 2, s["executors"]
    assert "EmberShuffleExchange" in s["plan"], s["plan"]
    assert s["matches"], "Ember's rows differ from Spark's with the external shuffle service"
    assert s["remote_shuffle_bytes"] > 0, \
        f"no shuffle byte was fetched from the shuffle service (read: {s['shuffle_read_bytes']})"
    assert_local_segments(s)
