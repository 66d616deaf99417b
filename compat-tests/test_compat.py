"""The compat suite's subset that `make test` runs (CI): every corpus query annotated
`subset` (the variants `also-on` adds are left to `make compat`), compared with Spark like
`run_compat.py` does, then the coverage check over them and a short seeded fuzz run.

One test per query, named after it, so a failure names the query and shows the SQL and
both answers. `make compat` (run_compat.py) runs the whole corpus."""

import os

import pytest

from compat import corpus, coverage, fuzz, runner

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(os.path.dirname(HERE), "build", "compat")
FUZZ_CASES = 400
FUZZ_SEED = 20240607

SUBSET = [q for q in corpus.load(os.path.join(HERE, "corpus")) if q.subset and "@" not in q.name]
_outcomes = {}


@pytest.fixture(scope="module")
def compat(spark):
    rn = runner.Runner(spark, BUILD, quiet=False).setup()
    yield rn
    rn.close()


@pytest.mark.parametrize("query", SUBSET, ids=[q.id for q in SUBSET])
def test_query(compat, query):
    outcome = compat.run(query)
    _outcomes[query.id] = outcome
    if outcome.status == runner.KNOWN_BUG:
        pytest.xfail(f"known bug: {query.known_bug}")
    if outcome.failed:
        pytest.fail(outcome.report(), pytrace=False)


def test_coverage(compat):
    if len(_outcomes) < len(SUBSET):
        pytest.skip("only part of the subset ran")
    missing, _ = coverage.check(list(_outcomes.values()), compat.supported_expressions(),
                                compat.supported_operators(), compat.java_version())
    assert not missing, "supported but never run natively over the edge-case data:\n  " + "\n  ".join(missing)


def test_fuzz(compat):
    outcomes, stats, mismatches = fuzz.run(compat, FUZZ_CASES, FUZZ_SEED, BUILD)
    assert stats["cases"] >= FUZZ_CASES
    failed = [o for o in outcomes if o.failed]
    assert not failed, "\n\n".join(o.message for o in failed)
