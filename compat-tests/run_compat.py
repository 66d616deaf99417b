#!/usr/bin/env python3
"""`make compat`: Ember's correctness gate. Runs the corpus (compat-tests/corpus/*.sql) on
real Spark 3.5 with Ember off and on, compares every answer, checks native expectations,
strict mode and coverage, writes build/compat/report.json (and details.json), prints a
summary, and exits non-zero on any failure.

  run_compat.py --jar JAR                          the whole corpus
  run_compat.py --jar JAR --filter 'arith'         queries whose "<file>/<name>" matches
  run_compat.py --jar JAR --subset                 the subset `make test` runs
  run_compat.py --jar JAR --fuzz 10000 --seed 7    the corpus, then 10,000 fuzz cases
  run_compat.py --jar JAR --no-corpus --fuzz 10000 --seed 7      fuzz only
  run_compat.py --jar JAR --no-corpus --tpch-sf1   TPC-H SF1 vs the reference answers
"""

import argparse
import os
import random
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from compat import corpus, coverage, fuzz, report, runner, tpch  # noqa: E402
from ember_spark import spark_session  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", required=True, help="the Ember plugin jar")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"), help="directory of .sql files")
    ap.add_argument("--out", default=os.path.join(REPO, "build", "compat"),
                    help="where data, report.json and details.json go (default build/compat)")
    ap.add_argument("--filter", help="run only queries whose '<file>/<name>' matches this regular expression")
    ap.add_argument("--subset", action="store_true", help="run only the queries annotated `subset` (make test)")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus (with --fuzz or --tpch-sf1)")
    ap.add_argument("--fuzz", type=int, default=0, metavar="N", help="also run N random fuzz cases")
    ap.add_argument("--seed", type=int, help="fuzz seed (default: random, printed)")
    ap.add_argument("--tpch-sf1", action="store_true",
                    help="also run TPC-H SF1 (generated with tpchgen-cli) against the reference answers")
    ap.add_argument("--tpch-sf1-dir", help="where the SF1 Parquet files are, or are generated if they are not there "
                    "(default: <out>/tpch-sf1); e.g. the benchmark's build/bench/data/sf1")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="a Spark setting for the whole run (repeatable), e.g. spark.sql.adaptive.enabled=false")
    ap.add_argument("--tpch-answers", default=os.path.join(os.path.dirname(REPO), "shared", "tpch", "answers-sf1"),
                    help="directory of the SF1 reference answers qNN.csv")
    ap.add_argument("--verbose", action="store_true", help="keep Spark's log output")
    return ap.parse_args(argv)


class Progress:
    """One line per corpus file: a dot per passed query, F failed, K known bug."""

    def __init__(self):
        self.area = None
        self.count = 0

    def __call__(self, o):
        area = o.id.split("/")[0]
        if area != self.area:
            if self.area is not None:
                print(f" {self.count}", flush=True)
            self.area, self.count = area, 0
            print(f"{area:<24}", end="", flush=True)
        self.count += 1
        mark = {runner.PASSED: ".", runner.KNOWN_BUG: "K"}.get(o.status, "F")
        print(mark, end="", flush=True)

    def done(self):
        if self.area is not None:
            print(f" {self.count}", flush=True)
        self.area = None


def main(argv=None):
    args = parse_args(argv)
    if args.no_corpus and not (args.fuzz or args.tpch_sf1):
        sys.exit("--no-corpus needs --fuzz or --tpch-sf1")
    t0 = time.monotonic()
    queries = [] if args.no_corpus else corpus.load(args.corpus, args.filter)
    if args.subset:
        queries = [q for q in queries if q.subset]
    # Test a private copy of the jar: a rebuild during the run must not change the classes under test.
    os.makedirs(args.out, exist_ok=True)
    jar = os.path.join(args.out, "ember-under-test.jar")
    shutil.copyfile(args.jar, jar)
    extra_conf = {"spark.driver.memory": "4g", "spark.ui.showConsoleProgress": "false"}
    for setting in args.conf:
        key, sep, value = setting.partition("=")
        if not sep:
            sys.exit(f"--conf {setting}: want KEY=VALUE")
        extra_conf[key.strip()] = value.strip()
    spark = spark_session(jar, app_name="ember-compat", extra_conf=extra_conf)
    rn = runner.Runner(spark, args.out, quiet=not args.verbose).setup()
    print(f"Spark {spark.version}, Java {rn.java_version()}, session time zone "
          f"{spark.conf.get('spark.sql.session.timeZone')}; data in {args.out}; setup {time.monotonic() - t0:.0f} s",
          flush=True)
    outcomes, extra_lines, extra_details = [], [], {}
    progress = Progress()
    for q in queries:
        o = rn.run(q)
        outcomes.append(o)
        progress(o)
    progress.done()

    coverage_missing = None
    if queries and not args.filter and not args.subset:
        coverage_missing, _ = coverage.check(outcomes, rn.supported_expressions(), rn.supported_operators(),
                                             rn.java_version())

    if args.fuzz:
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2 ** 31)
        print(f"fuzz: {args.fuzz} cases, seed {seed}", flush=True)
        f_out, stats, mismatches = fuzz.run(rn, args.fuzz, seed, args.out, progress=progress)
        progress.done()
        outcomes.extend(f_out)
        extra_details["fuzz"] = {"seed": seed, **{k: v for k, v in stats.items()}}
        extra_lines.append("")
        extra_lines.append(f"fuzz: seed {seed}: {stats['cases']} cases in {stats['queries']} queries "
                           f"({stats['within_queries']} within Ember's support, {stats['beyond_queries']} beyond), "
                           f"{stats['native_cases']} cases ran natively, {len(mismatches)} mismatches, "
                           f"{stats['seconds']} s")
        within_fb = sorted((k, v) for k, v in stats.items() if k.startswith("within fallback"))
        for k, v in within_fb[:10]:
            extra_lines.append(f"  {v:>4} x {k}")
        if mismatches:
            extra_lines.append(f"fuzz: {len(mismatches)} mismatches; reproduce with --fuzz {args.fuzz} --seed {seed}")

    if args.tpch_sf1:
        t1 = time.monotonic()
        sf1 = tpch.run_sf1(rn, args.corpus, args.tpch_answers, args.tpch_sf1_dir or os.path.join(args.out, "tpch-sf1"))
        outcomes.extend(sf1)
        secs = time.monotonic() - t1
        extra_details["tpch_sf1_seconds"] = round(secs, 1)
        extra_lines.append("")
        refs = [o for o in sf1 if o.reference_mismatch]
        extra_lines.append(f"TPC-H SF1: {sum(o.status == runner.PASSED for o in sf1)} of {len(sf1)} queries passed "
                           f"(Ember = Spark, and = the reference wherever Spark is); {len(refs)} reference files "
                           f"disagree with Spark itself: {', '.join(o.id for o in refs) or 'none'}; "
                           f"{secs:.0f} s (data generation included)")

    rn.close()
    spark.stop()
    seconds = time.monotonic() - t0
    rep = report.build(outcomes)
    report.write(args.out, rep, report.details(outcomes, coverage_missing, extra_details))
    print()
    print(report.summary(outcomes, rep, coverage_missing, seconds, extra_lines))
    print(f"report: {os.path.join(args.out, 'report.json')}, details: {os.path.join(args.out, 'details.json')}")
    ok = rep["failed"] == 0 and not coverage_missing and rep["queries"] > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
