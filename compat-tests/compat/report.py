"""build/compat/report.json and the readable summary.

report.json has exactly the keys the issue asks for:
  queries        queries run (corpus queries, and fuzz or TPC-H queries when run)
  passed         queries whose answers matched and whose expectations held
  failed         queries that failed for any reason (wrong result, error, a native query
                 that fell back, a node left to Spark without a reason)
  wrong_results  failed: Ember's answer (rows, schema or error class) differed from Spark's
  errors         failed: Ember raised where Spark did not, or the query could not run
  fully_native   queries whose whole plan ran in Ember
  fallback_reasons  for every node Ember left to Spark, its reason -> how many nodes
Queries annotated known-bug that still fail are counted in `queries` only, and listed in
details.json and the summary. details.json has every query's outcome, the known bugs and
the coverage check.
"""

import collections
import json
import os

from . import runner


def build(outcomes):
    reasons = collections.Counter()
    for o in outcomes:
        for _, reason in (o.ember.fallbacks or []) if o.ember else []:
            reasons[reason] += 1
    return {
        "queries": len(outcomes),
        "passed": sum(o.status == runner.PASSED for o in outcomes),
        "failed": sum(o.failed for o in outcomes),
        "wrong_results": sum(o.status == runner.WRONG_RESULT for o in outcomes),
        "errors": sum(o.status == runner.ERROR for o in outcomes),
        "fully_native": sum(o.fully_native for o in outcomes),
        "fallback_reasons": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def details(outcomes, coverage_missing, extra=None):
    return {
        "queries": [{
            "id": o.id, "status": o.status, "location": o.location, "fully_native": o.fully_native,
            "spark_seconds": round(o.spark.seconds, 3) if o.spark else None,
            "ember_seconds": round(o.ember.seconds, 3) if o.ember else None,
            "native": (o.ember.native_nodes if o.ember else None),
            "fallbacks": [f"{n}: {r}" for n, r in (o.ember.fallbacks or [])] if o.ember else None,
            "message": o.message or None, "known_bug": o.known_bug,
            **({"reference_mismatch": o.reference_mismatch} if o.reference_mismatch else {}),
        } for o in outcomes],
        "known_bugs": [{"id": o.id, "note": o.known_bug, "message": o.message} for o in outcomes
                       if o.status == runner.KNOWN_BUG],
        "coverage_missing": coverage_missing,
        **(extra or {}),
    }


def write(out_dir, report, detail):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "details.json"), "w") as f:
        json.dump(detail, f, indent=2, default=str)
        f.write("\n")


def summary(outcomes, report, coverage_missing, seconds, extra_lines=()):
    lines = []
    by_file = collections.OrderedDict()
    for o in outcomes:
        by_file.setdefault(o.id.split("/")[0], []).append(o)
    lines.append(f"{'area':<24}{'queries':>8}{'passed':>8}{'failed':>8}{'known':>7}{'native':>8}")
    for area, os_ in by_file.items():
        lines.append(f"{area:<24}{len(os_):>8}{sum(o.status == runner.PASSED for o in os_):>8}"
                     f"{sum(o.failed for o in os_):>8}{sum(o.status == runner.KNOWN_BUG for o in os_):>7}"
                     f"{sum(o.fully_native for o in os_):>8}")
    failures = [o for o in outcomes if o.failed]
    if failures:
        lines.append("")
        lines.append(f"=== {len(failures)} failures ===")
        for o in failures:
            lines.append(o.report())
            lines.append("")
    known = [o for o in outcomes if o.status == runner.KNOWN_BUG]
    if known:
        lines.append("")
        lines.append(f"=== {len(known)} known bugs (not counted as passed) ===")
        for o in known:
            lines.append(f"- {o.id} ({o.location}): {o.known_bug}")
    notes = [o.note for o in outcomes if o.note]
    if notes:
        lines.append("")
        lines.extend(f"note: {n}" for n in notes)
    if report["fallback_reasons"]:
        lines.append("")
        lines.append("Most frequent reasons a node stayed in Spark:")
        for reason, n in list(report["fallback_reasons"].items())[:12]:
            lines.append(f"  {n:>5}  {reason[:150]}")
    if coverage_missing is not None:
        lines.append("")
        if coverage_missing:
            lines.append(f"COVERAGE: {len(coverage_missing)} supported operators/expressions never ran natively "
                         "in a passing query over the edge-case data:")
            lines.extend(f"  - {m}" for m in coverage_missing)
        else:
            lines.append("coverage: every supported operator and expression ran natively over the edge-case data")
    lines.extend(extra_lines)
    lines.append("")
    lines.append(f"{report['queries']} queries: {report['passed']} passed, {report['failed']} failed "
                 f"({report['wrong_results']} wrong results, {report['errors']} errors), "
                 f"{len(known)} known bugs, {report['fully_native']} fully native; {seconds:.0f} s")
    return "\n".join(lines)
