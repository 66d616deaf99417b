-- Comparisons between columns of different types (Spark's analyzer casts one side: integer
-- widening, integer to decimal, decimal to double, float to double), and with literals of
-- edge values (NaN, -0.0, infinities, limits).
-- native
-- subset

-- name: integer_widths
SELECT id, t < sm AS a, sm = i AS b, i <= l AS c, t <=> l AS d_, l > i AS e FROM edge

-- name: integer_and_decimal
SELECT id, i = dec_10_0 AS a, l < dec_19_0 AS b, t >= dec_1_0 AS c, sm <=> dec_5_2 AS d_, l > dec_38_0 AS e FROM edge

-- name: decimals_of_different_scales
SELECT id, dec_5_2 < dec_9_4 AS a, dec_18_6 = dec_28_10 AS b, dec_38_0 > dec_38_10 AS c, dec_38_38 <= dec_1_0 AS d_,
       dec_19_0 <=> dec_10_0 AS e
FROM edge

-- name: float_and_double
SELECT id, f, d, f = d AS eq, f < d AS lt, f >= d AS ge, f <=> d AS ens FROM edge

-- name: integer_and_double
SELECT id, i = d AS a, l < d AS b, t > f AS c, l = f AS d_ FROM edge

-- name: decimal_and_double
SELECT id, dec_38_10 < d AS a, dec_5_2 = f AS b, dec_38_38 >= d AS c FROM edge

-- name: nan_literals
SELECT id, d, d = CAST('NaN' AS DOUBLE) AS is_nan, d > CAST('Infinity' AS DOUBLE) AS above_inf,
       d < CAST('NaN' AS DOUBLE) AS below_nan, f = CAST('NaN' AS FLOAT) AS f_nan, f >= CAST('NaN' AS FLOAT) AS f_ge_nan
FROM edge

-- name: negative_zero_literals
SELECT id, d, d = -0.0D AS eq_neg_zero, d = 0.0D AS eq_zero, d < 0.0D AS lt_zero, f = -0.0F AS f_neg_zero,
       d <=> -0.0D AS ens_neg_zero
FROM edge

-- name: filter_nan
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, d FROM edge WHERE d = CAST('NaN' AS DOUBLE)
-- also-on: edge=edge_spark_plain

-- name: filter_nan_arrow
-- Spark's answer misses NaN rows of pyarrow-written row groups (parquet-mr's row-group filter trusts
-- statistics that leave NaN out): the scan declines filters NaN could satisfy, so Spark runs it.
-- native: false
SELECT id, d FROM edge_arrow_plain WHERE d = CAST('NaN' AS DOUBLE)
-- also-on: edge_arrow_plain=edge_arrow_dict

-- name: filter_nan_arrow_no_pushdown
-- conf: spark.sql.parquet.filterPushdown=false
SELECT id, d FROM edge_arrow_plain WHERE d = CAST('NaN' AS DOUBLE)
-- also-on: edge_arrow_plain=edge_arrow_dict

-- name: filter_above_infinity
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, d, f FROM edge WHERE d > CAST('Infinity' AS DOUBLE) OR f > CAST('Infinity' AS FLOAT)

-- name: filter_negative_zero
SELECT id, d, f FROM edge WHERE d = 0.0 OR f = -0.0

-- name: filter_integer_limits
SELECT id, t, sm, i, l FROM edge
WHERE t = -128 OR sm = 32767 OR i = -2147483648 OR l = 9223372036854775807

-- name: filter_long_beyond_double_precision
SELECT id, l FROM edge WHERE l = 9007199254740993 OR l > 9007199254740992
-- also-on: edge=edge_arrow_delta

-- name: filter_decimal_limits
SELECT id, dec_38_0, dec_38_38 FROM edge
WHERE dec_38_0 = 99999999999999999999999999999999999999 OR dec_38_38 = -0.99999999999999999999999999999999999999

-- name: filter_decimal_smallest_step
SELECT id, dec_38_38, dec_18_6 FROM edge
WHERE dec_38_38 = 0.00000000000000000000000000000000000001 OR dec_18_6 = -0.000001

-- name: int_literal_types
SELECT id, t = 127 AS a, sm < 100000 AS b, i > 2147483647L AS c, l = 1.0 AS d_, i = 1.5 AS e, t < 1e3 AS f_
FROM edge

-- name: filter_out_of_range_literal
-- native: false
-- (Spark folds the condition to false and reads nothing: a LocalTableScan, no Parquet scan)
SELECT id, t, sm FROM edge WHERE t > 1000 OR sm < -100000

-- name: decimal_literal_vs_int
SELECT id, i FROM edge WHERE i > 6.5 AND i < 65535.000001

-- name: literal_on_left
SELECT id, i FROM edge WHERE 0 < i AND 7 >= i

-- name: column_to_itself
SELECT id, d = d AS a, d <=> d AS b, f < f AS c, s = s AS d_, dec_38_10 >= dec_38_10 AS e FROM edge
