"""Checks that every operator and expression Ember lists as supported ran natively, over
the edge-case data, in a query that passed.

The lists come from the plugin's own registries (`EmberExplain.supportedExpressions` and
`supportedOperators`, the same registries docs/compatibility.md is generated from), so a
newly supported expression fails this check until a query exercises it. Each Ember node
records the signatures of the expressions it evaluated (`Add(int,int)->int`); beyond the
class itself, the check asks for the input types docs/compatibility.md promises:

- comparisons, IS [NOT] NULL, column references and literals: every primitive type
  (boolean, tinyint, smallint, int, bigint, float, double, decimal, string, binary, date,
  timestamp, timestamp_ntz);
- hash and xxhash64: an argument of every primitive type;
- + - *: every numeric type; / : double and decimal (Spark divides integers as doubles);
- Cast: every pair of numeric types (float/double to decimal only on Java 19+, where Ember
  supports it); boolean to and from every numeric type; numeric and boolean to string
  (float/double only on Java 19+); string to every numeric type and boolean; the datetime
  casts (date/timestamp/timestamp_ntz to string and to each other, timestamp to boolean and
  numbers, integral numbers to timestamp, string to date); string to timestamp and
  timestamp_ntz, boolean/float/double/decimal to timestamp, date to boolean and numbers.
"""

import re

PRIMITIVES = ["boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "string", "binary",
              "date", "timestamp", "timestamp_ntz"]
NUMERIC = ["tinyint", "smallint", "int", "bigint", "float", "double", "decimal"]
COMPARISONS = ["EqualTo", "EqualNullSafe", "LessThan", "LessThanOrEqual", "GreaterThan", "GreaterThanOrEqual"]
EDGE_TABLE = re.compile(r"\b(edge\w*|pair_\w+|prune_\w+|dst)\b", re.IGNORECASE)


def family(t):
    return "decimal" if t.startswith("decimal") else t


def _split_top(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


def parse_signature(sig):
    """'Add(decimal(5,2),int)->decimal(16,2)' -> ('Add', ('decimal', 'int'), 'decimal')."""
    cls, rest = sig.split("(", 1)
    args, result = rest.rsplit(")->", 1)
    return cls, tuple(family(a) for a in _split_top(args)), family(result)


def requirements(supported_exprs, java_version):
    """[(label, predicate over a parsed signature)] for every supported expression."""
    reqs = []
    for cls in supported_exprs:
        reqs.append((cls, lambda s, c=cls: s[0] == c))
        if cls in COMPARISONS:
            for t in PRIMITIVES:
                reqs.append((f"{cls}({t},{t})", lambda s, c=cls, t=t: s[0] == c and s[1] == (t, t)))
        elif cls in ("IsNull", "IsNotNull"):
            for t in PRIMITIVES:
                reqs.append((f"{cls}({t})", lambda s, c=cls, t=t: s[0] == c and s[1] == (t,)))
        elif cls in ("AttributeReference", "Literal"):
            for t in PRIMITIVES:
                reqs.append((f"{cls} of {t}", lambda s, c=cls, t=t: s[0] == c and s[2] == t))
        elif cls in ("Add", "Subtract", "Multiply", "Divide"):
            for t in (NUMERIC if cls != "Divide" else ["double", "decimal"]):
                reqs.append((f"{cls}({t},{t})", lambda s, c=cls, t=t: s[0] == c and s[1] == (t, t)))
        elif cls in ("Murmur3Hash", "XxHash64"):
            for t in PRIMITIVES:
                reqs.append((f"{cls} of {t}", lambda s, c=cls, t=t: s[0] == c and t in s[1]))
        elif cls == "Cast":
            for f in NUMERIC:
                for t in NUMERIC:
                    if f == t and f != "decimal":
                        continue  # the optimizer removes a cast to the same type
                    if f in ("float", "double") and t == "decimal" and java_version < 19:
                        continue
                    reqs.append((f"Cast({f})->{t}", lambda s, f=f, t=t: s[0] == "Cast" and s[1] == (f,) and s[2] == t))
            # Boolean and string casts (docs/compatibility.md, Cast).
            pairs = [("boolean", t) for t in NUMERIC + ["string"]] + [(f, "boolean") for f in NUMERIC]
            pairs += [(f, "string") for f in NUMERIC if f not in ("float", "double") or java_version >= 19]
            pairs += [("string", t) for t in NUMERIC + ["boolean"]]
            # Datetime casts (docs/compatibility.md, Cast).
            pairs += [(f, "string") for f in ("date", "timestamp", "timestamp_ntz")]
            pairs += [("timestamp", "date"), ("timestamp_ntz", "date"), ("date", "timestamp"), ("date", "timestamp_ntz"),
                      ("timestamp", "timestamp_ntz"), ("timestamp_ntz", "timestamp")]
            pairs += [("timestamp", t) for t in ("boolean", "tinyint", "smallint", "int", "bigint", "float", "double")]
            pairs += [(f, "timestamp") for f in ("tinyint", "smallint", "int", "bigint")]
            pairs += [("string", "date")]
            pairs += [("string", "timestamp"), ("string", "timestamp_ntz"), ("boolean", "timestamp")]
            pairs += [(f, "timestamp") for f in ("float", "double", "decimal")]
            pairs += [("date", t) for t in NUMERIC + ["boolean"]]
            for f, t in pairs:
                reqs.append((f"Cast({f})->{t}", lambda s, f=f, t=t: s[0] == "Cast" and s[1] == (f,) and s[2] == t))
    return reqs


def node_names(native_nodes):
    """'EmberExec [Project, Filter, ParquetScan]' -> {'Project', 'Filter', 'ParquetScan'}."""
    names = set()
    for n in native_nodes or []:
        m = re.search(r"\[(.*)\]", n)
        if m:
            names.update(x.strip() for x in m.group(1).split(","))
    return names


def check(outcomes, supported_exprs, supported_ops, java_version):
    """The requirements no passed query over edge-case data covered (empty when all are), and
    the signatures seen."""
    seen, ops = set(), set()
    for o in outcomes:
        if o.status != "passed" or o.ember is None or not EDGE_TABLE.search(o.sql):
            continue
        for sig in o.ember.native_exprs or []:
            seen.add(parse_signature(sig))
        ops |= node_names(o.ember.native_nodes)
    missing = [f"operator {op}" for op in supported_ops if op not in ops]
    for label, pred in requirements(supported_exprs, java_version):
        if not any(pred(s) for s in seen):
            missing.append(f"expression {label}")
    return missing, seen
