import random, struct, math
from pyspark.sql import SparkSession
from pyspark.sql.types import StructType, StructField, DoubleType, FloatType, IntegerType
s = SparkSession.builder.master("local[1]").config("spark.ui.enabled","false").getOrCreate()
rng = random.Random(11)
vals = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 0.1, -0.1, 1e-300, 5e-324, 1.7976931348623157e308,
        -1.7976931348623157e308, 9007199254740993.0, 1e19, -2147483648.5, 123456.789, 0.045, 1.45, 1.55, 2.82879384806159E17,
        1e22, 1e23, 4.35, 0.285, 1234.5, 12345678901234567890.0, 3.141592653589793, 99.99, 0.0005, -0.0005]
for _ in range(220):
    k = rng.randrange(4)
    if k == 0:
        vals.append(rng.uniform(-1000, 1000))
    elif k == 1:
        vals.append(round(rng.uniform(-100, 100), rng.randrange(1, 6)))  # short decimals, ties likely
    elif k == 2:
        vals.append(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])
    else:
        vals.append(rng.randrange(-10**6, 10**6) / 8 * 10 ** rng.randrange(-5, 5))
vals = [v for v in vals if not math.isnan(v)]
scales = [-3, -1, 0, 1, 2, 3, 5, 10, 16, 20, -20, -310, 330]
rows = [(i, v, float(struct.unpack("<f", struct.pack("<f", v))[0]) if abs(v) < 3e38 else 0.0) for i, v in enumerate(vals)]
df = s.createDataFrame(rows, StructType([StructField("id", IntegerType()), StructField("d", DoubleType()), StructField("f", FloatType())]))
df.createOrReplaceTempView("t")
exprs = ", ".join([f"round(d, {sc}) r{i}, bround(d, {sc}) b{i}, round(f, {sc}) rf{i}, bround(f, {sc}) bf{i}" for i, sc in enumerate(scales)])
out = open("round_spark.txt", "w")  # then: gzip -9 round_spark.txt
out.write("# kind input_bits scale result_bits; from Spark 3.5.9 on Java 17 (gen: see round_test.go)\n")
for r in s.sql(f"select id, d, f, {exprs} from t order by id").collect():
    for i, sc in enumerate(scales):
        for kind, src, col, fmt in (("round64", r.d, f"r{i}", "d"), ("bround64", r.d, f"b{i}", "d"), ("round32", r.f, f"rf{i}", "f"), ("bround32", r.f, f"bf{i}", "f")):
            pk = "<Q" if fmt == "d" else "<I"
            res = r[col]
            ib = struct.unpack(pk, struct.pack("<" + fmt, src))[0]
            rb = struct.unpack(pk, struct.pack("<" + fmt, res))[0]
            out.write(f"{kind} {ib:x} {sc} {rb:x}\n")
out.close()
