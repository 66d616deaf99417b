"""The corpus: `.sql` files, one per operator or function family, and their annotations.

A file holds queries separated by `-- name:` lines. Annotation lines (`-- <key>` or
`-- <key>: <value>`) before the first `-- name:` apply to every query of the file; those
after a `-- name:` line (before or after its SQL, up to the next `-- name:`) apply to
that query and override the file's. Other comment lines
are plain comments.

  -- name: <identifier>        starts a query; unique in its file
  -- native [: false]          every node of the plan must run in Ember (no fallback)
  -- ordered [: false]         the query has a top-level ORDER BY that orders its rows
                               totally: rows compare in order (else as multisets)
  -- conf: <key>=<value>       a session setting for this query (repeatable)
  -- tolerance: <relative>     floating-point results compare within this relative
                               tolerance; only for results Spark itself computes in an
                               order-dependent way (sums of doubles across partitions)
  -- expect-error [: <class>]  Spark raises an error here (of this error class, when
                               given): Ember must raise the same error class
  -- also-on: <t>=<v1>,<v2>    run the query again with table <t> replaced by each <vN>
                               (e.g. the same rows written by another Parquet writer)
  -- known-bug: <text>         a known Ember bug: reported separately, not counted as
                               passed; the note says what is wrong
  -- subset [: false]          part of the subset `make test` runs (test_compat.py)
"""

import dataclasses
import glob
import os
import re

ANNOTATIONS = {"name", "native", "ordered", "conf", "tolerance", "expect-error", "also-on", "known-bug",
               "subset"}
_ANNOTATION = re.compile(r"^--\s*([a-z][a-z-]*)\s*(?::\s*(.*?))?\s*$")


class CorpusError(Exception):
    pass


@dataclasses.dataclass
class Query:
    file: str  # the corpus file's stem, e.g. "arithmetic"
    name: str  # unique in the file; variants get "@<table>"
    sql: str
    line: int  # where the query starts in its file
    native: bool = False
    ordered: bool = False
    conf: dict = dataclasses.field(default_factory=dict)
    tolerance: float = None
    expect_error: str = None  # "" for any error class
    known_bug: str = None
    subset: bool = False

    @property
    def id(self):
        return f"{self.file}/{self.name}"

    @property
    def location(self):
        return f"corpus/{self.file}.sql:{self.line}"


def _bool(value, key, where):
    if value is None or value == "" or value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise CorpusError(f"{where}: -- {key}: expects true or false, got {value!r}")


def _apply(ann, key, value, where):
    if key == "native":
        ann["native"] = _bool(value, key, where)
    elif key == "ordered":
        ann["ordered"] = _bool(value, key, where)
    elif key == "subset":
        ann["subset"] = _bool(value, key, where)
    elif key == "conf":
        if not value or "=" not in value:
            raise CorpusError(f"{where}: -- conf: expects key=value")
        k, v = value.split("=", 1)
        ann.setdefault("conf", {})
        ann["conf"] = dict(ann["conf"], **{k.strip(): v.strip()})
    elif key == "tolerance":
        try:
            ann["tolerance"] = float(value)
        except (TypeError, ValueError):
            raise CorpusError(f"{where}: -- tolerance: expects a number")
    elif key == "expect-error":
        ann["expect_error"] = value or ""
    elif key == "known-bug":
        if not value:
            raise CorpusError(f"{where}: -- known-bug: needs a note saying what is wrong")
        ann["known_bug"] = value
    elif key == "also-on":
        if not value or "=" not in value:
            raise CorpusError(f"{where}: -- also-on: expects table=variant1,variant2")
        t, vs = value.split("=", 1)
        ann["also_on"] = (t.strip(), [v.strip() for v in vs.split(",") if v.strip()])


def _strip_sql(lines):
    sql = "\n".join(lines).strip()
    while sql.endswith(";"):
        sql = sql[:-1].rstrip()
    return sql


def _mask(sql):
    """`sql` with string literals, quoted identifiers and comments blanked out."""
    out = re.sub(r"--[^\n]*", lambda m: " " * len(m.group()), sql)
    out = re.sub(r"'(?:[^'\\]|\\.)*'|`[^`]*`|\"(?:[^\"\\]|\\.)*\"", lambda m: " " * len(m.group()), out)
    return out


def has_top_level_order_by(sql):
    """Whether the outermost query ends with an ORDER BY (outside any parenthesis)."""
    masked = _mask(sql).lower()
    depth = 0
    found = False
    for m in re.finditer(r"\(|\)|\border\s+by\b|\b(?:sort|cluster|distribute)\s+by\b|\bunion\b|\bexcept\b|"
                         r"\bintersect\b", masked):
        tok = m.group()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif depth == 0:
            found = tok.startswith("order")
    return found


def parse_file(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = {}
    queries = []
    current = None  # (annotations, sql lines, start line)

    def finish():
        if current is None:
            return
        ann, body, start = current
        sql = _strip_sql(body)
        where = f"{path}:{start}"
        if not sql:
            raise CorpusError(f"{where}: query {ann['name']!r} has no SQL")
        also_on = ann.pop("also_on", None)
        q = Query(file=stem, sql=sql, line=start, **ann)
        if q.ordered and not has_top_level_order_by(sql):
            raise CorpusError(f"{where}: {q.name} is annotated ordered but has no top-level ORDER BY")
        if not q.ordered and has_top_level_order_by(sql):
            raise CorpusError(f"{where}: {q.name} has a top-level ORDER BY: annotate it `-- ordered` "
                              "(and make the order total) or drop the ORDER BY")
        queries.append(q)
        if also_on:
            table, variants = also_on
            pattern = re.compile(rf"\b{re.escape(table)}\b")
            if not pattern.search(sql):
                raise CorpusError(f"{where}: -- also-on: table {table} does not occur in the query")
            for v in variants:
                queries.append(dataclasses.replace(q, name=f"{q.name}@{v}", sql=pattern.sub(v, sql)))

    for lineno, line in enumerate(lines, 1):
        m = _ANNOTATION.match(line.strip())
        if m and m.group(1) in ANNOTATIONS:
            key, value = m.group(1), m.group(2)
            where = f"{path}:{lineno}"
            if key == "name":
                finish()
                if not value or not re.fullmatch(r"[A-Za-z0-9_]+", value):
                    raise CorpusError(f"{where}: -- name: expects an identifier")
                ann = {k: (dict(v) if isinstance(v, dict) else v) for k, v in header.items()}
                ann["name"] = value
                current = (ann, [], lineno)
            elif current is None:
                if key in ("known-bug", "expect-error", "also-on"):
                    raise CorpusError(f"{where}: -- {key} belongs to a query, not to the file")
                _apply(header, key, value, where)
            else:
                _apply(current[0], key, value, where)
        elif current is not None:
            if not line.strip().startswith("--"):
                current[1].append(line)
        elif line.strip() and not line.strip().startswith("--"):
            raise CorpusError(f"{path}:{lineno}: SQL before the first -- name:")
    finish()
    names = [q.name for q in queries]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise CorpusError(f"{path}: duplicate query names {dupes}")
    return queries


def load(corpus_dir, pattern=None):
    """Every query of every `.sql` file in `corpus_dir`, in file order; `pattern` (a regular
    expression searched in "<file>/<name>") selects some."""
    queries = []
    for path in sorted(glob.glob(os.path.join(corpus_dir, "*.sql"))):
        queries.extend(parse_file(path))
    if pattern:
        rx = re.compile(pattern)
        queries = [q for q in queries if rx.search(q.id)]
    return queries
