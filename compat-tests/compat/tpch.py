"""Independent truth: TPC-H at scale factor 1 checked against dbgen's reference answers.

The 22 queries are the corpus' `tpch.sql` (Spark's own TPC-H queries, default substitution
parameters). Data comes from tpchgen-cli, whose output is byte-identical to dbgen's, so the
reference answers (`qNN.csv`, pipe-separated with a header; q16 has none) apply. Each query
runs with Ember off and on and the two answers are compared as usual; then both are
compared with the reference file:

- fields are trimmed; strings and dates compare as text;
- numbers compare numerically, to the digits both sides show: the reference rounds some
  averages and revenues that Spark prints with more digits and vice versa, so both are
  rounded HALF_UP to the fewer digits and may differ by one unit in that last digit (the
  reference was computed in another engine, in another order);
- rows compare in order for queries with ORDER BY, else as multisets.

A query fails when Ember's answer differs from Spark's, or from the reference where Spark's
matches it. When Spark itself disagrees with a reference file, suspect the file first (see
shared/tpch/README.md): the query is listed as a reference mismatch with both rows, and
fails only if Ember's answer differs from Spark's.
"""

import csv
import decimal
import os
import re

from . import corpus, data, runner

D = decimal.Decimal


def load_answer(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter="|"))
    header = [h.strip() for h in rows[0]]
    body = [[c.strip() for c in r] for r in rows[1:] if any(c.strip() for c in r)]
    return header, body


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _digits(text):
    return len(text.split(".")[1]) if "." in text else 0


def _value_text(v):
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def field_matches(value, expected):
    if value is None:
        return expected in ("", "NULL", "null")
    text = _value_text(value).strip()
    if _NUMBER.match(expected) and isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        got = D(text) if not isinstance(value, float) else D(repr(value))
        digits = min(_digits(expected), _digits(format(got, "f")))
        q = D(1).scaleb(-digits)
        with decimal.localcontext() as ctx:
            ctx.prec = 60
            a = got.quantize(q, rounding=decimal.ROUND_HALF_UP)
            b = D(expected).quantize(q, rounding=decimal.ROUND_HALF_UP)
            return abs(a - b) <= q
    return text == expected


def compare_answer(rows, expected_rows, ordered):
    """None when `rows` (from collect()) match the reference rows, else a message."""
    if len(rows) != len(expected_rows):
        return f"{len(rows)} rows, the reference has {len(expected_rows)}"

    def row_ok(r, e):
        return len(r) == len(e) and all(field_matches(v, x) for v, x in zip(r, e))

    if ordered:
        for i, (r, e) in enumerate(zip(rows, expected_rows)):
            if not row_ok(r, e):
                return f"row {i} differs:\n    got       {tuple(_value_text(v) for v in r)}\n    reference {tuple(e)}"
        return None
    remaining = list(expected_rows)
    for r in rows:
        k = next((j for j, e in enumerate(remaining) if row_ok(r, e)), None)
        if k is None:
            return f"row not in the reference: {tuple(_value_text(v) for v in r)}"
        remaining.pop(k)
    return None


def run_sf1(rn, corpus_dir, answers_dir, sf1_dir, log=print):
    """Generates (or reuses) SF1, runs the 22 queries both ways and checks them against the
    reference answers. Returns the outcomes (ids `tpch-sf1/qN`)."""
    log(f"TPC-H SF1: generating with tpchgen-cli into {sf1_dir} (cached)...")
    data.generate_tpch(sf1_dir, 1)
    data.register_tpch(rn.spark, sf1_dir)
    queries = [q for q in corpus.load(corpus_dir) if q.file == "tpch" and re.fullmatch(r"q\d+", q.name)]
    outcomes = []
    try:
        for q in sorted(queries, key=lambda q: int(q.name[1:])):
            o = rn.run(q)
            o.id = f"tpch-sf1/{q.name}"
            answer = os.path.join(answers_dir, f"q{int(q.name[1:]):02d}.csv")
            if os.path.exists(answer):
                _, expected = load_answer(answer)
                ember_diff = compare_answer(o.ember.rows, expected, q.ordered) if o.ember.rows is not None else None
                spark_diff = compare_answer(o.spark.rows, expected, q.ordered) if o.spark.rows is not None else None
                if ember_diff and not spark_diff:
                    o.message += ("\n" if o.message else "") + f"Ember's answer differs from {answer}: {ember_diff}"
                    if o.status == runner.PASSED:
                        o.status = runner.WRONG_RESULT
                elif spark_diff:
                    # Spark itself disagrees with the file: suspect the file (or the generator) first.
                    o.reference_mismatch = f"Spark's answer differs from {answer} (suspect the file): {spark_diff}"
                    o.note = f"{o.id}: {o.reference_mismatch}"
                    if ember_diff and ember_diff != spark_diff:
                        o.message += ("\n" if o.message else "") + f"Ember's answer differs from {answer}: {ember_diff}"
                        if o.status == runner.PASSED:
                            o.status = runner.WRONG_RESULT
            else:
                o.note = f"{o.id}: no reference answer ({os.path.basename(answer)}); compared with Spark only"
            log(f"  {o.id}: {o.status} (Spark {o.spark.seconds:.1f} s, Ember {o.ember.seconds:.1f} s)"
                + (" [reference mismatch]" if o.reference_mismatch else ""))
            outcomes.append(o)
    finally:
        data.register_tpch(rn.spark, os.path.join(rn.build_dir, "tpch-sf0.01"))
    return outcomes
