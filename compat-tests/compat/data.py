"""The tables the corpus runs on, written by the suite itself, deterministically.

Every table is built from the value lists below (no clock, no unseeded randomness), written
as Parquet by pyarrow, by Spark and (TPC-H) by tpchgen-cli's parquet-rs, with several row
groups, dictionary and plain (and delta) encodings, snappy and zstd. `register_all` writes
them under a directory and registers one temporary view per table.

Tables (the corpus refers to them by these names):

  edge                 every primitive type, edge values and nulls; Spark-written (snappy,
                       dictionary, INT96 timestamps, 3 files)
  edge_arrow_plain     the same rows, pyarrow: no dictionary, zstd, 40-row row groups
  edge_arrow_dict      the same rows, pyarrow: dictionary, snappy, decimals stored as
                       INT32/INT64, data page v2, 64-row row groups
  edge_arrow_delta     the same rows, pyarrow: DELTA_BINARY_PACKED and DELTA_BYTE_ARRAY
                       encodings (Spark's reader has no BYTE_STREAM_SPLIT), uncompressed, 50-row row groups
  edge_spark_plain     the same rows, Spark: no dictionary, zstd, TIMESTAMP_MICROS, many
                       small row groups
  edge_partitioned     id, s, d of edge, partitioned by b and t (Spark-written)
  edge_nulls           the same columns, every value NULL but `id` (all-null columns)
  edge_nulls_arrow     the same, written by pyarrow
  edge_empty           the same columns, no rows (Spark-written)
  edge_empty_arrow     the same, written by pyarrow (a file with no row group)
  pair_<type>          columns `id`, `a`, `b` of one type: every ordered pair of that
                       type's edge values (NULL included), for comparisons and arithmetic
  prune_arrow, prune_arrow_dict, prune_spark
                       eight 10-row row groups built to test row-group pruning by
                       statistics (NaN, all NULL, -0.0, infinities, long strings, limits)
  dst                  `ts` TIMESTAMP and `ntz` TIMESTAMP_NTZ every 10 minutes across the
                       2023 DST changes of America/Los_Angeles and Europe/Berlin
  lineitem, orders, customer, part, partsupp, supplier, nation, region
                       TPC-H at scale factor 0.01 from tpchgen-cli (parquet-rs; snappy for
                       some tables, zstd for the others; small row groups)
"""

import datetime
import decimal
import hashlib
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq

D = decimal.Decimal
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)

# Bump when the data changes, so cached copies are rewritten.
DATA_VERSION = "5"


def f32(x):
    """x rounded to the nearest float32, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f64_bits(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def micros(text):
    """Microseconds since the epoch of an ISO timestamp in UTC, e.g. '2023-03-12T10:00:00'."""
    dt = datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)
    return (dt - EPOCH) // datetime.timedelta(microseconds=1)


def _dec_values(p, s):
    """Edge values of decimal(p, s): zero, the limits, the smallest step, halves, NULL."""
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        return _dec_values_exact(p, s)


def _dec_values_exact(p, s):
    q = D(1).scaleb(-s)
    biggest = (D(10) ** p - 1).scaleb(-s)
    vals = [D(0).quantize(q), biggest, -biggest, q, -q]
    if p - s >= 1:
        vals += [D(1).quantize(q), D(-1).quantize(q)]
    if s >= 1:
        vals += [D(5).scaleb(-s), D(-5).scaleb(-s)]  # a 5 in the last digit: rounding
        if p - s >= 2:
            vals.append((D(10) ** (p - s - 1) + D(5).scaleb(-s)).quantize(q))
    mid = D("1234567890123456789012345678901234567890"[:p]).scaleb(-s)
    vals += [mid, -mid, None]
    out = []
    for v in vals:
        if v not in out:
            out.append(v)
    return out


NAN_PAYLOAD = f64_bits(0x7FF8000000000123)
NEG_NAN = f64_bits(0xFFF8000000000000)

# The decimal types of the edge tables: (precision, scale).
DECIMALS = [(1, 0), (5, 2), (9, 4), (10, 0), (18, 6), (19, 0), (28, 10), (38, 0), (38, 10), (38, 38)]

TS_VALUES = [
    0, -1, 1,
    micros("1969-12-31T23:59:59.999999"),
    micros("2023-03-12T09:59:59.999999"),  # Los Angeles: last instant of PST
    micros("2023-03-12T10:00:00"),  # Los Angeles: 03:00 PDT
    micros("2023-03-12T10:30:00"),
    micros("2023-11-05T08:30:00"),  # Los Angeles: 01:30 PDT (first)
    micros("2023-11-05T09:30:00"),  # Los Angeles: 01:30 PST (second)
    micros("2023-03-26T01:00:00"),  # Berlin: 03:00 CEST
    micros("2023-10-29T00:30:00"),  # Berlin: 02:30 CEST (first)
    micros("2023-10-29T01:30:00"),  # Berlin: 02:30 CET (second)
    micros("1900-01-01T00:00:00"),  # before 1883: local mean time offsets
    micros("1582-10-10T12:00:00"),  # in the Julian/Gregorian gap
    micros("0001-01-02T00:00:00"),  # (PySpark cannot convert the first day of year 1 to Python)
    micros("9999-12-31T23:59:59.999999"),
    micros("2100-06-15T12:34:56.789012"),
    None,
]

# name -> (Spark type, arrow type, values). Each list has NULL in it.
TYPES = {
    "boolean": ("BOOLEAN", pa.bool_(), [True, False, None]),
    "tinyint": ("TINYINT", pa.int8(), [0, 1, -1, 127, -128, 42, None]),
    "smallint": ("SMALLINT", pa.int16(), [0, 1, -1, 32767, -32768, 255, -129, None]),
    "int": ("INT", pa.int32(), [0, 1, -1, 2**31 - 1, -2**31, 65535, -65536, 1000000, 7, None]),
    "bigint": ("BIGINT", pa.int64(), [0, 1, -1, 2**63 - 1, -2**63, 2**31, -2**31 - 1, 2**53 + 1,
                                      -3037000500, None]),
    "float": ("FLOAT", pa.float32(), [0.0, -0.0, 1.0, -1.5, math.nan, math.inf, -math.inf,
                                      f32(3.4028234663852886e38), f32(-3.4028234663852886e38),
                                      f32(1.401298464324817e-45), f32(1.1754943508222875e-38),
                                      f32(0.1), f32(16777217.0), f32(2.5), None]),
    "double": ("DOUBLE", pa.float64(), [0.0, -0.0, 1.0, -1.5, math.nan, NAN_PAYLOAD, NEG_NAN,
                                        math.inf, -math.inf, 1.7976931348623157e308,
                                        -1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
                                        0.1, 9007199254740993.0, 2.5, -2147483648.5, 1e19, None]),
    "string": ("STRING", pa.string(), ["", " ", "a", "A", "abc", "abc ", "ábc", "日本語", "😀",
                                       "a\u0000b", "Z", "zz", "e\u0301", "\u00e9", "\t",
                                       "long " * 40, "NaN", "-0", None]),
    "binary": ("BINARY", pa.binary(), [b"", b"\x00", b"\xff", b"\x7f", b"\x80", b"abc", b"\x00\x00",
                                       bytes(range(40)), None]),
    "date": ("DATE", pa.date32(), [datetime.date(1970, 1, 1), datetime.date(1969, 12, 31),
                                   datetime.date(1, 1, 1), datetime.date(1000, 3, 1),
                                   datetime.date(1582, 10, 4), datetime.date(1582, 10, 15),
                                   datetime.date(1900, 1, 1), datetime.date(2000, 2, 29),
                                   datetime.date(2038, 1, 19), datetime.date(2100, 1, 1),
                                   datetime.date(2262, 4, 12), datetime.date(9999, 12, 31), None]),
    "timestamp": ("TIMESTAMP", pa.timestamp("us", tz="UTC"), TS_VALUES),
    "timestamp_ntz": ("TIMESTAMP_NTZ", pa.timestamp("us"), TS_VALUES),
}
for _p, _s in DECIMALS:
    TYPES[f"dec_{_p}_{_s}"] = (f"DECIMAL({_p},{_s})", pa.decimal128(_p, _s), _dec_values(_p, _s))

# Columns of the wide edge tables: (column name, type name).
EDGE_COLUMNS = [
    ("b", "boolean"), ("t", "tinyint"), ("sm", "smallint"), ("i", "int"), ("l", "bigint"),
    ("f", "float"), ("d", "double"),
] + [(f"dec_{p}_{s}", f"dec_{p}_{s}") for p, s in DECIMALS] + [
    ("s", "string"), ("bin", "binary"), ("dt", "date"), ("ts", "timestamp"), ("ntz", "timestamp_ntz"),
]
EDGE_ROWS = 240

# The pair tables: one per type name.
PAIR_TYPES = ["boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string", "binary",
              "date", "timestamp", "timestamp_ntz", "dec_5_2", "dec_18_6", "dec_19_0", "dec_38_0",
              "dec_38_10", "dec_38_38"]

EDGE_TABLES = ["edge", "edge_arrow_plain", "edge_arrow_dict", "edge_arrow_delta", "edge_spark_plain",
               "edge_nulls", "edge_nulls_arrow", "edge_empty", "edge_empty_arrow", "edge_partitioned", "dst", "prune_arrow",
               "prune_arrow_dict", "prune_spark"] + \
              [f"pair_{t}" for t in PAIR_TYPES]
TPCH_TABLES = ["lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region"]


def arrow_array(values, type_name):
    _, atype, _ = TYPES[type_name]
    if pa.types.is_timestamp(atype):
        return pa.array(values, pa.int64()).cast(atype)
    return pa.array(values, atype)


def edge_table(rows=EDGE_ROWS, all_null=False):
    """The wide edge table: the first rows of each column run through all of its values,
    the others pick them with a seeded generator (one per column)."""
    cols = {"id": pa.array(range(rows), pa.int32())}
    for c, (name, type_name) in enumerate(EDGE_COLUMNS):
        values = TYPES[type_name][2]
        rng = random.Random(1000 + c)
        picked = []
        for k in range(rows):
            if all_null:
                picked.append(None)
            elif k < len(values):
                picked.append(values[(k + c) % len(values)])
            else:
                picked.append(values[rng.randrange(len(values))])
        cols[name] = arrow_array(picked, type_name)
    return pa.table(cols)


def pair_table(type_name):
    values = TYPES[type_name][2]
    a = [x for x in values for _ in values]
    b = [y for _ in values for y in values]
    return pa.table({"id": pa.array(range(len(a)), pa.int32()),
                     "a": arrow_array(a, type_name), "b": arrow_array(b, type_name)})


def dst_table():
    """Every 10 minutes over 6 hours around each 2023 DST change of Los Angeles and Berlin."""
    starts = ["2023-03-12T07:00:00", "2023-11-05T06:00:00", "2023-03-25T22:00:00", "2023-10-28T22:00:00"]
    ts = []
    for s in starts:
        base = micros(s)
        ts += [base + k * 600_000_000 for k in range(37)]
    ts.append(None)
    return pa.table({"id": pa.array(range(len(ts)), pa.int32()),
                     "ts": pa.array(ts, pa.int64()).cast(pa.timestamp("us", tz="UTC")),
                     "ntz": pa.array(ts, pa.int64()).cast(pa.timestamp("us"))})


PRUNE_GROUP_ROWS = 10


def prune_table():
    """Eight 10-row groups whose statistics tempt row-group pruning into mistakes: NaN mixed
    with numbers and NaN only (Parquet statistics leave NaN out), all NULL, -0.0 with 0.0,
    infinities, multi-byte and long strings (truncated statistics), integer and decimal
    limits, dates before 1582 and far timestamps."""
    rows = []
    nan = math.nan
    for k in range(10):
        rows.append(dict(d=float(k + 1), f=float(k + 1), i=k + 1, s=chr(ord("a") + k), dec=D(k + 1),
                         dt=datetime.date(2000, 1, 1 + k), ts=micros(f"2000-01-01T00:00:0{k}"), bin=bytes([k])))
    for k in range(10):
        rows.append(dict(d=nan if k % 2 == 0 else float(k), f=nan if k % 3 == 0 else float(k), i=k, s="m" * (k + 1),
                         dec=D(k).scaleb(-4), dt=datetime.date(1970, 1, 1), ts=micros("2023-03-12T10:00:00") + k,
                         bin=b"\x7f" * k))
    for k in range(10):
        rows.append(dict(d=nan, f=nan, i=-k, s="", dec=D(0), dt=datetime.date(1969, 12, 31), ts=-k, bin=b""))
    for k in range(10):
        rows.append(dict(d=None, f=None, i=None, s=None, dec=None, dt=None, ts=None, bin=None))
    for k in range(10):
        z = -0.0 if k % 2 else 0.0
        rows.append(dict(d=z, f=z, i=0, s=" ", dec=D("-0.0000"), dt=datetime.date(1582, 10, 15), ts=0, bin=b"\x00"))
    for k in range(10):
        inf = math.inf if k % 2 else -math.inf
        rows.append(dict(d=inf, f=inf, i=k * 1000, s="z" * 3, dec=D("99999999999999.9999"),
                         dt=datetime.date(9999, 12, 31), ts=micros("9999-12-31T23:59:59.999999"), bin=b"\xff\xff"))
    for k in range(10):
        rows.append(dict(d=1e300 * (k + 1) / 10, f=f32(1e38), i=2**31 - 1 - k, s=["日本", "😀", "long " * 30, "é"][k % 4],
                         dec=D("-99999999999999.9999"), dt=datetime.date(1000, 1, 1 + k),
                         ts=micros("1900-01-01T00:00:00") - k, bin=b"\x80" + bytes([k])))
    for k in range(10):
        rows.append(dict(d=-1e-300 * (k + 1), f=f32(-1e-38), i=-2**31 + k, s="NaN", dec=D("0.0001"),
                         dt=datetime.date(1, 1, 1 + k), ts=micros("0001-01-02T00:00:00") + k, bin=None))
    cols = {"id": pa.array(range(len(rows)), pa.int32())}
    types = {"d": "double", "f": "float", "i": "int", "s": "string", "dec": "dec_18_4", "dt": "date",
             "ts": "timestamp", "bin": "binary"}
    for c, t in types.items():
        vals = [r[c] for r in rows]
        cols[c] = pa.array(vals, pa.decimal128(18, 4)) if t == "dec_18_4" else arrow_array(vals, t)
    return pa.table(cols)


def spark_schema_ddl(table):
    """The Spark DDL schema of an arrow table made by this module."""
    by_arrow = {"decimal128(18, 4)": "DECIMAL(18,4)"}
    for name, (sql, atype, _) in TYPES.items():
        by_arrow.setdefault(str(atype), sql)
    fields = []
    for f in table.schema:
        sql = "INT" if f.name == "id" else by_arrow[str(f.type)]
        fields.append(f"`{f.name}` {sql}")
    return ", ".join(fields)


# ---------------------------------------------------------------------------------------------
# Writers


def _write_arrow(table, path, **options):
    os.makedirs(path, exist_ok=True)
    pq.write_table(table, os.path.join(path, "part-0.parquet"), **options)


ARROW_VARIANTS = {
    "plain": dict(use_dictionary=False, compression="zstd", row_group_size=40),
    "dict": dict(use_dictionary=True, compression="snappy", row_group_size=64, store_decimal_as_integer=True,
                 data_page_version="2.0"),
    "delta": dict(use_dictionary=False, compression="none", row_group_size=50, column_encoding="delta"),
}


def _delta_encodings(table):
    """Per-column encodings for the delta variant (only types the encodings allow)."""
    enc = {}
    for f in table.schema:
        t = f.type
        if pa.types.is_integer(t) or pa.types.is_date(t) or pa.types.is_timestamp(t):
            enc[f.name] = "DELTA_BINARY_PACKED"
        elif pa.types.is_string(t) or pa.types.is_binary(t):
            enc[f.name] = "DELTA_BYTE_ARRAY"
    return enc


def write_arrow_variant(table, path, variant):
    options = dict(ARROW_VARIANTS[variant])
    if options.get("column_encoding") == "delta":
        options["column_encoding"] = _delta_encodings(table)
    _write_arrow(table, path, **options)


def _spark_rewrite(spark, src, dst, ddl, *, files, compression, dictionary, timestamp_type,
                   block_size=None):
    """Spark reads a pyarrow-written table and writes it again with Spark's Parquet writer."""
    saved = spark.conf.get("spark.sql.parquet.outputTimestampType")
    spark.conf.set("spark.sql.parquet.outputTimestampType", timestamp_type)
    try:
        df = spark.read.schema(ddl).parquet(src).orderBy("id")
        if files > 1:
            df = df.repartitionByRange(files, "id")
        else:
            df = df.coalesce(1)
        w = (df.write.mode("overwrite").option("compression", compression)
             .option("parquet.enable.dictionary", str(dictionary).lower()))
        if block_size:
            # Spark's writer checks the row group size every 100 rows at the earliest.
            w = w.option("parquet.block.size", str(block_size)).option("parquet.page.size.row.check.min", "10") \
                 .option("parquet.page.size.row.check.max", "10")
        w.parquet(dst)
    finally:
        spark.conf.set("spark.sql.parquet.outputTimestampType", saved)


# ---------------------------------------------------------------------------------------------
# TPC-H


def tpchgen_bin():
    exe = os.path.join(os.path.dirname(sys.executable), "tpchgen-cli")
    return exe if os.path.exists(exe) else shutil.which("tpchgen-cli") or "tpchgen-cli"


def generate_tpch(out_dir, scale_factor, row_group_bytes=None):
    """TPC-H at `scale_factor` in Parquet with tpchgen-cli, cached: written once into
    `out_dir` and reused while the marker file matches."""
    marker = os.path.join(out_dir, "_GENERATED")
    want = json.dumps({"sf": scale_factor, "rg": row_group_bytes, "v": DATA_VERSION})
    if os.path.exists(marker) and open(marker).read() == want:
        return out_dir
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    # Half of the tables snappy, half zstd.
    for tables, compression in (("lineitem,part,nation,supplier", "SNAPPY"),
                                ("orders,customer,partsupp,region", "ZSTD(3)")):
        cmd = [tpchgen_bin(), "parquet", "-s", str(scale_factor), "-o", out_dir, "-q", "-T", tables,
               "-c", compression]
        if row_group_bytes:
            cmd += ["--row-group-bytes", str(row_group_bytes)]
        subprocess.run(cmd, check=True)
    with open(marker, "w") as f:
        f.write(want)
    return out_dir


def register_tpch(spark, tpch_dir):
    for t in TPCH_TABLES:
        spark.read.parquet(os.path.join(tpch_dir, f"{t}.parquet")).createOrReplaceTempView(t)


# ---------------------------------------------------------------------------------------------
# Everything


def _fingerprint():
    h = hashlib.sha256(DATA_VERSION.encode())
    h.update(open(__file__, "rb").read())
    return h.hexdigest()[:16]


def write_edge_tables(spark, data_dir):
    """Writes every edge table under `data_dir` (once: reused while this module is unchanged)
    and returns {view name: (path, DDL schema)}."""
    marker = os.path.join(data_dir, "_GENERATED")
    fresh = os.path.exists(marker) and open(marker).read() == _fingerprint()
    tables = {}
    edge = edge_table()
    ddl = spark_schema_ddl(edge)
    arrow_dir = os.path.join(data_dir, "edge_arrow_plain")
    plan = [("edge_arrow_plain", lambda p: write_arrow_variant(edge, p, "plain")),
            ("edge_arrow_dict", lambda p: write_arrow_variant(edge, p, "dict")),
            ("edge_arrow_delta", lambda p: write_arrow_variant(edge, p, "delta")),
            ("edge", lambda p: _spark_rewrite(spark, arrow_dir, p, ddl, files=3, compression="snappy",
                                              dictionary=True, timestamp_type="INT96")),
            ("edge_spark_plain", lambda p: _spark_rewrite(spark, arrow_dir, p, ddl, files=1,
                                                          compression="zstd", dictionary=False,
                                                          timestamp_type="TIMESTAMP_MICROS",
                                                          block_size=4096)),
            ("edge_partitioned", lambda p: spark.read.schema(ddl).parquet(arrow_dir).select("id", "t", "s", "d", "b")
             .write.mode("overwrite").partitionBy("b", "t").parquet(p)),
            ("edge_nulls_arrow", lambda p: write_arrow_variant(edge_table(20, all_null=True), p, "plain")),
            ("edge_nulls", lambda p: _spark_rewrite(spark, os.path.join(data_dir, "edge_nulls_arrow"), p, ddl,
                                                    files=1, compression="snappy", dictionary=True,
                                                    timestamp_type="INT96")),
            ("edge_empty_arrow", lambda p: _write_arrow(edge.slice(0, 0), p)),
            ("edge_empty", lambda p: _spark_rewrite(spark, os.path.join(data_dir, "edge_empty_arrow"), p, ddl,
                                                    files=1, compression="snappy", dictionary=True,
                                                    timestamp_type="INT96"))]
    dst = dst_table()
    plan.append(("dst", lambda p: write_arrow_variant(dst, p, "dict")))
    prune = prune_table()
    prune_ddl = spark_schema_ddl(prune)
    prune_arrow = os.path.join(data_dir, "prune_arrow")
    plan.append(("prune_arrow", lambda p: _write_arrow(prune, p, row_group_size=PRUNE_GROUP_ROWS, compression="zstd")))
    plan.append(("prune_arrow_dict", lambda p: _write_arrow(prune, p, row_group_size=PRUNE_GROUP_ROWS,
                                                            use_dictionary=True, store_decimal_as_integer=True)))
    plan.append(("prune_spark", lambda p: _spark_rewrite(spark, prune_arrow, p, prune_ddl, files=2,
                                                         compression="snappy", dictionary=False,
                                                         timestamp_type="TIMESTAMP_MICROS", block_size=1024)))
    for k, t in enumerate(PAIR_TYPES):
        variant = ["plain", "dict", "delta"][k % 3]
        plan.append((f"pair_{t}", lambda p, t=t, v=variant: write_arrow_variant(pair_table(t), p, v)))
    if not fresh:
        shutil.rmtree(data_dir, ignore_errors=True)
        os.makedirs(data_dir)
        for name, write in plan:
            write(os.path.join(data_dir, name))
        with open(marker, "w") as f:
            f.write(_fingerprint())
    for name, _ in plan:
        if name == "dst":
            schema = spark_schema_ddl(dst)
        elif name.startswith("prune_"):
            schema = prune_ddl
        elif name == "edge_partitioned":
            schema = None
        elif name.startswith("pair_"):
            schema = spark_schema_ddl(pair_table(name[len("pair_"):]))
        else:
            schema = ddl
        tables[name] = (os.path.join(data_dir, name), schema)
    return tables


def register_all(spark, build_dir, tpch=True):
    """Writes (or reuses) every table and registers the views. Ember must be off while Spark
    writes, so the data never depends on Ember."""
    enabled = spark.conf.get("spark.ember.enabled", "true")
    spark.conf.set("spark.ember.enabled", "false")
    try:
        tables = write_edge_tables(spark, os.path.join(build_dir, "data"))
        for name, (path, ddl) in tables.items():
            reader = spark.read.schema(ddl) if ddl else spark.read
            reader.parquet(path).createOrReplaceTempView(name)
        if tpch:
            register_tpch(spark, generate_tpch(os.path.join(build_dir, "tpch-sf0.01"), 0.01, "256KB"))
    finally:
        spark.conf.set("spark.ember.enabled", enabled)
    return sorted(tables) + (TPCH_TABLES if tpch else [])
