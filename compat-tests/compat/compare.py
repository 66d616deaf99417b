"""How Spark's and Ember's answers are compared, and how a difference is shown.

Rule by rule:
- Schemas: the same column names and the same Spark types, in order (nullability is not
  compared).
- Rows: as multisets, or in order when the query is annotated `ordered`.
- Decimals, strings, binary, dates and timestamps: exactly (decimals with their scale,
  timestamps to the microsecond as instants: the runner converts them in UTC).
- Floating point: exactly, by value: NaN equals NaN (any payload), and -0.0 and 0.0 differ
  when Spark shows them differently (they compare by their IEEE representation, sign
  included). Only a query annotated `tolerance: r` compares floats within the relative
  tolerance r (|a - b| <= r * max(|a|, |b|)), infinities and NaN still exactly; the corpus
  uses it only where Spark's own result depends on the order in which it adds doubles.
"""

import collections
import datetime
import decimal
import math

from pyspark.sql import Row

MAX_SHOWN_ROWS = 8
MAX_VALUE_CHARS = 80


def canon(v):
    """A hashable, totally ordered, exact stand-in for a value from `collect()`."""
    if v is None:
        return ("0null",)
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, float):
        return ("float", "nan" if math.isnan(v) else v.hex())
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, decimal.Decimal):
        return ("dec", str(v))
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, (bytes, bytearray)):
        return ("bin", bytes(v).hex())
    if isinstance(v, datetime.datetime):
        return ("ts", v.isoformat())
    if isinstance(v, datetime.date):
        return ("date", v.isoformat())
    if isinstance(v, datetime.timedelta):
        return ("interval", v.days, v.seconds, v.microseconds)
    if isinstance(v, Row):
        return ("row",) + tuple(canon(x) for x in v)
    if isinstance(v, (list, tuple)):
        return ("list",) + tuple(canon(x) for x in v)
    if isinstance(v, dict):
        return ("map",) + tuple(sorted((canon(k), canon(x)) for k, x in v.items()))
    return ("other", repr(v))


def canon_row(row):
    return tuple(canon(v) for v in row)


def _sort_key(crow):
    return repr(crow)


def show_value(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        return repr(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, (bytes, bytearray)):
        s = "X'" + bytes(v).hex() + "'"
    elif isinstance(v, datetime.datetime):
        s = v.isoformat(sep=" ") + "Z"
    elif isinstance(v, datetime.date):
        s = v.isoformat()
    elif isinstance(v, Row):
        s = "{" + ", ".join(show_value(x) for x in v) + "}"
    elif v is None:
        return "NULL"
    else:
        s = repr(v)
    return s if len(s) <= MAX_VALUE_CHARS else s[:MAX_VALUE_CHARS - 3] + "..."


def show_row(row):
    return "(" + ", ".join(show_value(v) for v in row) + ")"


def schema_string(schema):
    return ", ".join(f"{f.name}: {f.dataType.simpleString()}" for f in schema.fields)


def compare_schema(expected, actual):
    """None when the schemas match, else a message."""
    e = [(f.name, f.dataType.simpleString()) for f in expected.fields]
    a = [(f.name, f.dataType.simpleString()) for f in actual.fields]
    if e == a:
        return None
    return f"schemas differ:\n  Spark: {schema_string(expected)}\n  Ember: {schema_string(actual)}"


def _floats_close(x, y, tol):
    if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
        return canon(x) == canon(y)
    if x == y:
        return math.copysign(1, x) == math.copysign(1, y) or tol is not None
    return abs(x - y) <= tol * max(abs(x), abs(y))


def _values_close(x, y, tol):
    if isinstance(x, float) and isinstance(y, float):
        return _floats_close(x, y, tol)
    if isinstance(x, Row) and isinstance(y, Row) or isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_values_close(a, b, tol) for a, b in zip(x, y))
    return canon(x) == canon(y)


def _rows_close(r1, r2, tol):
    return len(r1) == len(r2) and all(_values_close(a, b, tol) for a, b in zip(r1, r2))


def _tolerant_key(row, tol):
    """Sort key that rounds floats to the digits the tolerance keeps, so rows that are equal
    within the tolerance usually sort to the same place."""
    digits = max(1, int(-math.log10(tol)) - 1) if tol else 17

    def k(v):
        if isinstance(v, float) and math.isfinite(v) and v != 0:
            return ("float", f"{v:.{digits}e}")
        return canon(v)
    return repr(tuple(k(v) for v in row))


def compare_rows(expected, actual, ordered=False, tolerance=None):
    """None when Ember's rows (`actual`) are Spark's (`expected`), else a message showing the
    differing rows of both."""
    if tolerance is None:
        if ordered:
            ce, ca = [canon_row(r) for r in expected], [canon_row(r) for r in actual]
            if ce == ca:
                return None
            return _ordered_diff(expected, actual, ce, ca)
        ce, ca = collections.Counter(map(canon_row, expected)), collections.Counter(map(canon_row, actual))
        if ce == ca:
            return None
        return _multiset_diff(expected, actual, ce, ca)
    e, a = list(expected), list(actual)
    if not ordered:
        e.sort(key=lambda r: _tolerant_key(r, tolerance))
        a.sort(key=lambda r: _tolerant_key(r, tolerance))
    if len(e) == len(a) and all(_rows_close(x, y, tolerance) for x, y in zip(e, a)):
        return None
    return _ordered_diff(e, a, [canon_row(r) for r in e], [canon_row(r) for r in a],
                         note=f"rows compared {'in order' if ordered else 'sorted'}, floats within "
                              f"relative tolerance {tolerance}", tol=tolerance)


def _multiset_diff(expected, actual, ce, ca):
    only_e = ce - ca
    only_a = ca - ce
    by_canon = {}
    for r in list(expected) + list(actual):
        by_canon.setdefault(canon_row(r), r)
    lines = [f"rows differ (compared as multisets): Spark {len(expected)} rows, Ember {len(actual)} rows; "
             f"{sum(only_e.values())} only in Spark's answer, {sum(only_a.values())} only in Ember's"]
    for title, diff in (("only in Spark's answer", only_e), ("only in Ember's answer", only_a)):
        if not diff:
            continue
        lines.append(f"  {title}:")
        items = sorted(diff.items(), key=lambda kv: _sort_key(kv[0]))
        for crow, n in items[:MAX_SHOWN_ROWS]:
            lines.append(f"    {show_row(by_canon[crow])}" + (f"  x{n}" if n > 1 else ""))
        if len(items) > MAX_SHOWN_ROWS:
            lines.append(f"    ... {len(items) - MAX_SHOWN_ROWS} more")
    return "\n".join(lines)


def _ordered_diff(expected, actual, ce, ca, note="rows compared in order", tol=None):
    n = min(len(ce), len(ca))
    if tol is None:
        first = next((i for i in range(n) if ce[i] != ca[i]), n)
    else:
        first = next((i for i in range(n) if not _rows_close(expected[i], actual[i], tol)), n)
    lines = [f"rows differ ({note}): Spark {len(expected)} rows, Ember {len(actual)} rows; first difference "
             f"at row {first}"]
    lo, hi = max(0, first - 1), first + MAX_SHOWN_ROWS - 1
    for title, rows in (("Spark", expected), ("Ember", actual)):
        lines.append(f"  {title} rows {lo}..:")
        for i in range(lo, min(hi, len(rows))):
            lines.append(f"    {'>' if i == first else ' '} [{i}] {show_row(rows[i])}")
        if len(rows) > hi:
            lines.append(f"      ... {len(rows) - hi} more")
    if tol is None and collections.Counter(ce) == collections.Counter(ca):
        lines.append("  (the same rows in another order)")
    return "\n".join(lines)
