-- Numeric casts (legacy mode) from every numeric column of the edge table to every numeric
-- type: integer narrowing wraps, float to integer truncates toward zero and saturates (NaN
-- is 0), decimal narrowing rounds HALF_UP and gives NULL on overflow, double to float
-- rounds (and overflows to infinity).
-- native
-- subset

-- name: from_t
SELECT id, t,
       CAST(t AS SMALLINT) AS to_smallint,
       CAST(t AS INT) AS to_int,
       CAST(t AS BIGINT) AS to_bigint,
       CAST(t AS FLOAT) AS to_float,
       CAST(t AS DOUBLE) AS to_double,
       CAST(t AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(t AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(t AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(t AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(t AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(t AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(t AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(t AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(t AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(t AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_sm
SELECT id, sm,
       CAST(sm AS TINYINT) AS to_tinyint,
       CAST(sm AS INT) AS to_int,
       CAST(sm AS BIGINT) AS to_bigint,
       CAST(sm AS FLOAT) AS to_float,
       CAST(sm AS DOUBLE) AS to_double,
       CAST(sm AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(sm AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(sm AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(sm AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(sm AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(sm AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(sm AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(sm AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(sm AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(sm AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_i
SELECT id, i,
       CAST(i AS TINYINT) AS to_tinyint,
       CAST(i AS SMALLINT) AS to_smallint,
       CAST(i AS BIGINT) AS to_bigint,
       CAST(i AS FLOAT) AS to_float,
       CAST(i AS DOUBLE) AS to_double,
       CAST(i AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(i AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(i AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(i AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(i AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(i AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(i AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(i AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(i AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(i AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_l
SELECT id, l,
       CAST(l AS TINYINT) AS to_tinyint,
       CAST(l AS SMALLINT) AS to_smallint,
       CAST(l AS INT) AS to_int,
       CAST(l AS FLOAT) AS to_float,
       CAST(l AS DOUBLE) AS to_double,
       CAST(l AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(l AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(l AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(l AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(l AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(l AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(l AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(l AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(l AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(l AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_f
SELECT id, f,
       CAST(f AS TINYINT) AS to_tinyint,
       CAST(f AS SMALLINT) AS to_smallint,
       CAST(f AS INT) AS to_int,
       CAST(f AS BIGINT) AS to_bigint,
       CAST(f AS DOUBLE) AS to_double
FROM edge

-- name: from_d
SELECT id, d,
       CAST(d AS TINYINT) AS to_tinyint,
       CAST(d AS SMALLINT) AS to_smallint,
       CAST(d AS INT) AS to_int,
       CAST(d AS BIGINT) AS to_bigint,
       CAST(d AS FLOAT) AS to_float
FROM edge

-- name: from_dec_1_0
SELECT id, dec_1_0,
       CAST(dec_1_0 AS TINYINT) AS to_tinyint,
       CAST(dec_1_0 AS SMALLINT) AS to_smallint,
       CAST(dec_1_0 AS INT) AS to_int,
       CAST(dec_1_0 AS BIGINT) AS to_bigint,
       CAST(dec_1_0 AS FLOAT) AS to_float,
       CAST(dec_1_0 AS DOUBLE) AS to_double,
       CAST(dec_1_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_1_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_1_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_1_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_1_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_1_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_1_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_1_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_1_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_5_2
SELECT id, dec_5_2,
       CAST(dec_5_2 AS TINYINT) AS to_tinyint,
       CAST(dec_5_2 AS SMALLINT) AS to_smallint,
       CAST(dec_5_2 AS INT) AS to_int,
       CAST(dec_5_2 AS BIGINT) AS to_bigint,
       CAST(dec_5_2 AS FLOAT) AS to_float,
       CAST(dec_5_2 AS DOUBLE) AS to_double,
       CAST(dec_5_2 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_5_2 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_5_2 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_5_2 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_5_2 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_5_2 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_5_2 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_5_2 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_5_2 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_9_4
SELECT id, dec_9_4,
       CAST(dec_9_4 AS TINYINT) AS to_tinyint,
       CAST(dec_9_4 AS SMALLINT) AS to_smallint,
       CAST(dec_9_4 AS INT) AS to_int,
       CAST(dec_9_4 AS BIGINT) AS to_bigint,
       CAST(dec_9_4 AS FLOAT) AS to_float,
       CAST(dec_9_4 AS DOUBLE) AS to_double,
       CAST(dec_9_4 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_9_4 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_9_4 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_9_4 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_9_4 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_9_4 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_9_4 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_9_4 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_9_4 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_9_4 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_10_0
SELECT id, dec_10_0,
       CAST(dec_10_0 AS TINYINT) AS to_tinyint,
       CAST(dec_10_0 AS SMALLINT) AS to_smallint,
       CAST(dec_10_0 AS INT) AS to_int,
       CAST(dec_10_0 AS BIGINT) AS to_bigint,
       CAST(dec_10_0 AS FLOAT) AS to_float,
       CAST(dec_10_0 AS DOUBLE) AS to_double,
       CAST(dec_10_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_10_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_10_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_10_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_10_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_10_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_10_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_10_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_10_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_18_6
SELECT id, dec_18_6,
       CAST(dec_18_6 AS TINYINT) AS to_tinyint,
       CAST(dec_18_6 AS SMALLINT) AS to_smallint,
       CAST(dec_18_6 AS INT) AS to_int,
       CAST(dec_18_6 AS BIGINT) AS to_bigint,
       CAST(dec_18_6 AS FLOAT) AS to_float,
       CAST(dec_18_6 AS DOUBLE) AS to_double,
       CAST(dec_18_6 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_18_6 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_18_6 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_18_6 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_18_6 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_18_6 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_18_6 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_18_6 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_18_6 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_18_6 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_19_0
SELECT id, dec_19_0,
       CAST(dec_19_0 AS TINYINT) AS to_tinyint,
       CAST(dec_19_0 AS SMALLINT) AS to_smallint,
       CAST(dec_19_0 AS INT) AS to_int,
       CAST(dec_19_0 AS BIGINT) AS to_bigint,
       CAST(dec_19_0 AS FLOAT) AS to_float,
       CAST(dec_19_0 AS DOUBLE) AS to_double,
       CAST(dec_19_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_19_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_19_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_19_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_19_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_19_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_19_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_19_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_19_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_19_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_28_10
SELECT id, dec_28_10,
       CAST(dec_28_10 AS TINYINT) AS to_tinyint,
       CAST(dec_28_10 AS SMALLINT) AS to_smallint,
       CAST(dec_28_10 AS INT) AS to_int,
       CAST(dec_28_10 AS BIGINT) AS to_bigint,
       CAST(dec_28_10 AS FLOAT) AS to_float,
       CAST(dec_28_10 AS DOUBLE) AS to_double,
       CAST(dec_28_10 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_28_10 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_28_10 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_28_10 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_28_10 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_28_10 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_28_10 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_28_10 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_28_10 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_28_10 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_38_0
SELECT id, dec_38_0,
       CAST(dec_38_0 AS TINYINT) AS to_tinyint,
       CAST(dec_38_0 AS SMALLINT) AS to_smallint,
       CAST(dec_38_0 AS INT) AS to_int,
       CAST(dec_38_0 AS BIGINT) AS to_bigint,
       CAST(dec_38_0 AS FLOAT) AS to_float,
       CAST(dec_38_0 AS DOUBLE) AS to_double,
       CAST(dec_38_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_38_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_38_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_38_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_38_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_38_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_38_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_38_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_38_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_38_10
SELECT id, dec_38_10,
       CAST(dec_38_10 AS TINYINT) AS to_tinyint,
       CAST(dec_38_10 AS SMALLINT) AS to_smallint,
       CAST(dec_38_10 AS INT) AS to_int,
       CAST(dec_38_10 AS BIGINT) AS to_bigint,
       CAST(dec_38_10 AS FLOAT) AS to_float,
       CAST(dec_38_10 AS DOUBLE) AS to_double,
       CAST(dec_38_10 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_38_10 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_38_10 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_38_10 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_38_10 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_38_10 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_38_10 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_38_10 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_38_10 AS DECIMAL(38,18)) AS to_decimal_38_18,
       CAST(dec_38_10 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: from_dec_38_38
SELECT id, dec_38_38,
       CAST(dec_38_38 AS TINYINT) AS to_tinyint,
       CAST(dec_38_38 AS SMALLINT) AS to_smallint,
       CAST(dec_38_38 AS INT) AS to_int,
       CAST(dec_38_38 AS BIGINT) AS to_bigint,
       CAST(dec_38_38 AS FLOAT) AS to_float,
       CAST(dec_38_38 AS DOUBLE) AS to_double,
       CAST(dec_38_38 AS DECIMAL(1,0)) AS to_decimal_1_0,
       CAST(dec_38_38 AS DECIMAL(3,1)) AS to_decimal_3_1,
       CAST(dec_38_38 AS DECIMAL(5,2)) AS to_decimal_5_2,
       CAST(dec_38_38 AS DECIMAL(9,9)) AS to_decimal_9_9,
       CAST(dec_38_38 AS DECIMAL(10,0)) AS to_decimal_10_0,
       CAST(dec_38_38 AS DECIMAL(18,2)) AS to_decimal_18_2,
       CAST(dec_38_38 AS DECIMAL(19,4)) AS to_decimal_19_4,
       CAST(dec_38_38 AS DECIMAL(38,0)) AS to_decimal_38_0,
       CAST(dec_38_38 AS DECIMAL(38,18)) AS to_decimal_38_18
FROM edge

-- name: decimal_scale_19_to_integer
-- Spark 3.5 itself raises java.lang.ArrayIndexOutOfBoundsException (Decimal.toLong indexes
-- POW_10 by a scale of 19 or more for a value kept as a long). Ember declines such casts of
-- computed decimals, so Spark runs the Project, but over Ember's scan: ArrowColumnVector
-- hands Spark expanded (BigDecimal) decimals, which do not hit the bug.
-- native: false
-- expect-error: java.lang.ArrayIndexOutOfBoundsException
-- known-bug: Spark 3.5 raises ArrayIndexOutOfBoundsException for a compact decimal(19,19); the cast is declined, but Spark's Project over Ember's scan gets expanded decimals from ArrowColumnVector and returns the values
SELECT id, CAST(CAST(dec_18_6 AS DECIMAL(19, 19)) AS BIGINT) AS a FROM edge

-- name: decimal_scale_20_to_int
-- native: false
-- expect-error: java.lang.ArrayIndexOutOfBoundsException
-- known-bug: Spark 3.5 raises ArrayIndexOutOfBoundsException (see decimal_scale_19_to_integer); declined, but Spark over Ember's scan returns the values
SELECT id, CAST(CAST(dec_5_2 AS DECIMAL(20, 19)) AS INT) AS a FROM edge

-- TRY mode (try_cast): the ANSI cast with NULL where ANSI raises: integral narrowing,
-- float/double outside the target's range (NaN and infinities included), decimal overflow.
-- Expanded decimals (precision >= 19) go to int/short/byte through their double.

-- name: try_from_t
SELECT id, t,
       try_cast(t AS TINYINT) AS to_tinyint,
       try_cast(t AS SMALLINT) AS to_smallint,
       try_cast(t AS INT) AS to_int,
       try_cast(t AS BIGINT) AS to_bigint,
       try_cast(t AS FLOAT) AS to_float,
       try_cast(t AS DOUBLE) AS to_double,
       try_cast(t AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(t AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(t AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(t AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(t AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(t AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(t AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(t AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(t AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(t AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_sm
SELECT id, sm,
       try_cast(sm AS TINYINT) AS to_tinyint,
       try_cast(sm AS SMALLINT) AS to_smallint,
       try_cast(sm AS INT) AS to_int,
       try_cast(sm AS BIGINT) AS to_bigint,
       try_cast(sm AS FLOAT) AS to_float,
       try_cast(sm AS DOUBLE) AS to_double,
       try_cast(sm AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(sm AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(sm AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(sm AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(sm AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(sm AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(sm AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(sm AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(sm AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(sm AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_i
SELECT id, i,
       try_cast(i AS TINYINT) AS to_tinyint,
       try_cast(i AS SMALLINT) AS to_smallint,
       try_cast(i AS INT) AS to_int,
       try_cast(i AS BIGINT) AS to_bigint,
       try_cast(i AS FLOAT) AS to_float,
       try_cast(i AS DOUBLE) AS to_double,
       try_cast(i AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(i AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(i AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(i AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(i AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(i AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(i AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(i AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(i AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(i AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_l
SELECT id, l,
       try_cast(l AS TINYINT) AS to_tinyint,
       try_cast(l AS SMALLINT) AS to_smallint,
       try_cast(l AS INT) AS to_int,
       try_cast(l AS BIGINT) AS to_bigint,
       try_cast(l AS FLOAT) AS to_float,
       try_cast(l AS DOUBLE) AS to_double,
       try_cast(l AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(l AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(l AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(l AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(l AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(l AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(l AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(l AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(l AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(l AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_f
SELECT id, f,
       try_cast(f AS TINYINT) AS to_tinyint,
       try_cast(f AS SMALLINT) AS to_smallint,
       try_cast(f AS INT) AS to_int,
       try_cast(f AS BIGINT) AS to_bigint,
       try_cast(f AS FLOAT) AS to_float,
       try_cast(f AS DOUBLE) AS to_double
FROM edge

-- name: try_from_d
SELECT id, d,
       try_cast(d AS TINYINT) AS to_tinyint,
       try_cast(d AS SMALLINT) AS to_smallint,
       try_cast(d AS INT) AS to_int,
       try_cast(d AS BIGINT) AS to_bigint,
       try_cast(d AS FLOAT) AS to_float,
       try_cast(d AS DOUBLE) AS to_double
FROM edge

-- name: try_from_dec_1_0
SELECT id, dec_1_0,
       try_cast(dec_1_0 AS TINYINT) AS to_tinyint,
       try_cast(dec_1_0 AS SMALLINT) AS to_smallint,
       try_cast(dec_1_0 AS INT) AS to_int,
       try_cast(dec_1_0 AS BIGINT) AS to_bigint,
       try_cast(dec_1_0 AS FLOAT) AS to_float,
       try_cast(dec_1_0 AS DOUBLE) AS to_double,
       try_cast(dec_1_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_1_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_1_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_1_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_1_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_1_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_1_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_1_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_1_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_1_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_5_2
SELECT id, dec_5_2,
       try_cast(dec_5_2 AS TINYINT) AS to_tinyint,
       try_cast(dec_5_2 AS SMALLINT) AS to_smallint,
       try_cast(dec_5_2 AS INT) AS to_int,
       try_cast(dec_5_2 AS BIGINT) AS to_bigint,
       try_cast(dec_5_2 AS FLOAT) AS to_float,
       try_cast(dec_5_2 AS DOUBLE) AS to_double,
       try_cast(dec_5_2 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_5_2 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_5_2 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_5_2 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_5_2 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_5_2 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_5_2 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_5_2 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_5_2 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_5_2 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_9_4
SELECT id, dec_9_4,
       try_cast(dec_9_4 AS TINYINT) AS to_tinyint,
       try_cast(dec_9_4 AS SMALLINT) AS to_smallint,
       try_cast(dec_9_4 AS INT) AS to_int,
       try_cast(dec_9_4 AS BIGINT) AS to_bigint,
       try_cast(dec_9_4 AS FLOAT) AS to_float,
       try_cast(dec_9_4 AS DOUBLE) AS to_double,
       try_cast(dec_9_4 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_9_4 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_9_4 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_9_4 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_9_4 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_9_4 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_9_4 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_9_4 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_9_4 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_9_4 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_10_0
SELECT id, dec_10_0,
       try_cast(dec_10_0 AS TINYINT) AS to_tinyint,
       try_cast(dec_10_0 AS SMALLINT) AS to_smallint,
       try_cast(dec_10_0 AS INT) AS to_int,
       try_cast(dec_10_0 AS BIGINT) AS to_bigint,
       try_cast(dec_10_0 AS FLOAT) AS to_float,
       try_cast(dec_10_0 AS DOUBLE) AS to_double,
       try_cast(dec_10_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_10_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_10_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_10_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_10_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_10_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_10_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_10_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_10_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_10_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_18_6
SELECT id, dec_18_6,
       try_cast(dec_18_6 AS TINYINT) AS to_tinyint,
       try_cast(dec_18_6 AS SMALLINT) AS to_smallint,
       try_cast(dec_18_6 AS INT) AS to_int,
       try_cast(dec_18_6 AS BIGINT) AS to_bigint,
       try_cast(dec_18_6 AS FLOAT) AS to_float,
       try_cast(dec_18_6 AS DOUBLE) AS to_double,
       try_cast(dec_18_6 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_18_6 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_18_6 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_18_6 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_18_6 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_18_6 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_18_6 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_18_6 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_18_6 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_18_6 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_19_0
SELECT id, dec_19_0,
       try_cast(dec_19_0 AS TINYINT) AS to_tinyint,
       try_cast(dec_19_0 AS SMALLINT) AS to_smallint,
       try_cast(dec_19_0 AS INT) AS to_int,
       try_cast(dec_19_0 AS BIGINT) AS to_bigint,
       try_cast(dec_19_0 AS FLOAT) AS to_float,
       try_cast(dec_19_0 AS DOUBLE) AS to_double,
       try_cast(dec_19_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_19_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_19_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_19_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_19_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_19_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_19_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_19_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_19_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_19_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_28_10
SELECT id, dec_28_10,
       try_cast(dec_28_10 AS TINYINT) AS to_tinyint,
       try_cast(dec_28_10 AS SMALLINT) AS to_smallint,
       try_cast(dec_28_10 AS INT) AS to_int,
       try_cast(dec_28_10 AS BIGINT) AS to_bigint,
       try_cast(dec_28_10 AS FLOAT) AS to_float,
       try_cast(dec_28_10 AS DOUBLE) AS to_double,
       try_cast(dec_28_10 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_28_10 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_28_10 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_28_10 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_28_10 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_28_10 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_28_10 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_28_10 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_28_10 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_28_10 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_38_0
SELECT id, dec_38_0,
       try_cast(dec_38_0 AS TINYINT) AS to_tinyint,
       try_cast(dec_38_0 AS SMALLINT) AS to_smallint,
       try_cast(dec_38_0 AS INT) AS to_int,
       try_cast(dec_38_0 AS BIGINT) AS to_bigint,
       try_cast(dec_38_0 AS FLOAT) AS to_float,
       try_cast(dec_38_0 AS DOUBLE) AS to_double,
       try_cast(dec_38_0 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_38_0 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_38_0 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_38_0 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_38_0 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_38_0 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_38_0 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_38_0 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_38_0 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_38_0 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_38_10
SELECT id, dec_38_10,
       try_cast(dec_38_10 AS TINYINT) AS to_tinyint,
       try_cast(dec_38_10 AS SMALLINT) AS to_smallint,
       try_cast(dec_38_10 AS INT) AS to_int,
       try_cast(dec_38_10 AS BIGINT) AS to_bigint,
       try_cast(dec_38_10 AS FLOAT) AS to_float,
       try_cast(dec_38_10 AS DOUBLE) AS to_double,
       try_cast(dec_38_10 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_38_10 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_38_10 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_38_10 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_38_10 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_38_10 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_38_10 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_38_10 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_38_10 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_38_10 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- name: try_from_dec_38_38
SELECT id, dec_38_38,
       try_cast(dec_38_38 AS TINYINT) AS to_tinyint,
       try_cast(dec_38_38 AS SMALLINT) AS to_smallint,
       try_cast(dec_38_38 AS INT) AS to_int,
       try_cast(dec_38_38 AS BIGINT) AS to_bigint,
       try_cast(dec_38_38 AS FLOAT) AS to_float,
       try_cast(dec_38_38 AS DOUBLE) AS to_double,
       try_cast(dec_38_38 AS DECIMAL(1,0)) AS to_decimal_1_0,
       try_cast(dec_38_38 AS DECIMAL(3,1)) AS to_decimal_3_1,
       try_cast(dec_38_38 AS DECIMAL(5,2)) AS to_decimal_5_2,
       try_cast(dec_38_38 AS DECIMAL(9,9)) AS to_decimal_9_9,
       try_cast(dec_38_38 AS DECIMAL(10,0)) AS to_decimal_10_0,
       try_cast(dec_38_38 AS DECIMAL(18,2)) AS to_decimal_18_2,
       try_cast(dec_38_38 AS DECIMAL(19,4)) AS to_decimal_19_4,
       try_cast(dec_38_38 AS DECIMAL(38,0)) AS to_decimal_38_0,
       try_cast(dec_38_38 AS DECIMAL(38,18)) AS to_decimal_38_18,
       try_cast(dec_38_38 AS DECIMAL(38,38)) AS to_decimal_38_38
FROM edge

-- Boolean, string: numeric and boolean to string (Java's toString; decimals as
-- BigDecimal.toString in legacy mode, so 1E-38 and 0E-10), string to boolean and numbers
-- (UTF8String trimming of bytes <= 0x20 and 0x7F, Java's parseDouble and BigDecimal grammars;
-- invalid input is NULL).

-- name: boolean_to_numeric
SELECT id, b, CAST(b AS TINYINT) AS a, CAST(b AS SMALLINT) AS b_, CAST(b AS INT) AS c, CAST(b AS BIGINT) AS d_,
       CAST(b AS FLOAT) AS e, CAST(b AS DOUBLE) AS f_, CAST(b AS DECIMAL(1,0)) AS g, CAST(b AS DECIMAL(3,3)) AS h,
       CAST(b AS DECIMAL(38,37)) AS i_, CAST(b AS STRING) AS j
FROM edge

-- name: numeric_to_boolean
SELECT id, CAST(t AS BOOLEAN) AS a, CAST(sm AS BOOLEAN) AS b_, CAST(i AS BOOLEAN) AS c, CAST(l AS BOOLEAN) AS d_,
       CAST(f AS BOOLEAN) AS e, CAST(d AS BOOLEAN) AS f_, CAST(dec_1_0 AS BOOLEAN) AS g, CAST(dec_38_38 AS BOOLEAN) AS h,
       CAST(dec_18_6 AS BOOLEAN) AS i_, CAST(dec_38_0 AS BOOLEAN) AS j
FROM edge

-- name: integral_to_string
SELECT id, CAST(t AS STRING) AS a, CAST(sm AS STRING) AS b_, CAST(i AS STRING) AS c, CAST(l AS STRING) AS d_
FROM edge

-- name: decimal_to_string
SELECT id, CAST(dec_1_0 AS STRING) AS a, CAST(dec_5_2 AS STRING) AS b_, CAST(dec_9_4 AS STRING) AS c,
       CAST(dec_10_0 AS STRING) AS d_, CAST(dec_18_6 AS STRING) AS e, CAST(dec_19_0 AS STRING) AS f_,
       CAST(dec_28_10 AS STRING) AS g, CAST(dec_38_0 AS STRING) AS h, CAST(dec_38_10 AS STRING) AS i_,
       CAST(dec_38_38 AS STRING) AS j
FROM edge

-- name: string_column_to_numbers
SELECT id, s, CAST(s AS BOOLEAN) AS a, CAST(s AS TINYINT) AS b_, CAST(s AS INT) AS c, CAST(s AS BIGINT) AS d_,
       CAST(s AS FLOAT) AS e, CAST(s AS DOUBLE) AS f_, CAST(s AS DECIMAL(10,2)) AS g, CAST(s AS DECIMAL(38,0)) AS h
FROM edge

-- name: string_roundtrip
SELECT id, CAST(CAST(t AS STRING) AS TINYINT) AS a, CAST(CAST(i AS STRING) AS INT) AS b_,
       CAST(CAST(l AS STRING) AS BIGINT) AS c, CAST(CAST(l AS STRING) AS INT) AS d_,
       CAST(CAST(sm AS STRING) AS TINYINT) AS e, CAST(CAST(dec_18_6 AS STRING) AS INT) AS f_,
       CAST(CAST(dec_38_10 AS STRING) AS BIGINT) AS g, CAST(CAST(dec_38_10 AS STRING) AS DECIMAL(38,10)) AS h,
       CAST(CAST(dec_38_38 AS STRING) AS DECIMAL(38,38)) AS i_, CAST(CAST(dec_38_38 AS STRING) AS DECIMAL(5,2)) AS j,
       CAST(CAST(dec_18_6 AS STRING) AS DOUBLE) AS k, CAST(CAST(dec_38_0 AS STRING) AS FLOAT) AS l_,
       CAST(CAST(dec_38_0 AS STRING) AS DOUBLE) AS m, CAST(CAST(l AS STRING) AS DOUBLE) AS n,
       CAST(CAST(dec_28_10 AS STRING) AS DECIMAL(20,5)) AS o, CAST(CAST(b AS STRING) AS BOOLEAN) AS p,
       CAST(CAST(i AS STRING) AS BOOLEAN) AS q, CAST(CAST(dec_9_4 AS STRING) AS SMALLINT) AS r
FROM edge

-- name: string_literals_to_numbers
SELECT id, x, CAST(x AS BOOLEAN) AS a, CAST(x AS TINYINT) AS b_, CAST(x AS SMALLINT) AS c, CAST(x AS INT) AS d_,
       CAST(x AS BIGINT) AS e, CAST(x AS FLOAT) AS f_, CAST(x AS DOUBLE) AS g, CAST(x AS DECIMAL(10,2)) AS h,
       CAST(x AS DECIMAL(38,38)) AS i_, CAST(x AS DECIMAL(1,0)) AS j, CAST(x AS DECIMAL(38,0)) AS k
FROM (SELECT id, CASE id % 48
  WHEN 0 THEN ' 12 ' WHEN 1 THEN '1.9' WHEN 2 THEN '-1.9' WHEN 3 THEN '.' WHEN 4 THEN '1.' WHEN 5 THEN '+7'
  WHEN 6 THEN '-' WHEN 7 THEN '1e3' WHEN 8 THEN '1E-3' WHEN 9 THEN '0x1p3' WHEN 10 THEN 'Infinity' WHEN 11 THEN '-inf'
  WHEN 12 THEN 'nan' WHEN 13 THEN '+NaN' WHEN 14 THEN '1.5d' WHEN 15 THEN '2.5F' WHEN 16 THEN '127' WHEN 17 THEN '128'
  WHEN 18 THEN '-129' WHEN 19 THEN '2147483648' WHEN 20 THEN '9223372036854775807' WHEN 21 THEN '9223372036854775808'
  WHEN 22 THEN ' yes ' WHEN 23 THEN 'N' WHEN 24 THEN 'TRUE' WHEN 25 THEN '0' WHEN 26 THEN '\t1\n' WHEN 27 THEN '1 2'
  WHEN 28 THEN '1e400' WHEN 29 THEN '4.9e-324' WHEN 30 THEN '0.000000000000000000000000000000000000005'
  WHEN 31 THEN '99999999999999999999999999999999999999.5' WHEN 32 THEN '1e38' WHEN 33 THEN '0e50' WHEN 34 THEN '-0'
  WHEN 35 THEN '9.5' WHEN 36 THEN '１２' WHEN 37 THEN '١٢' WHEN 38 THEN '1,5' WHEN 39 THEN '--1' WHEN 40 THEN '0.1'
  WHEN 41 THEN '3.4028236e38' WHEN 42 THEN '1e' WHEN 43 THEN '  -0.005  ' WHEN 44 THEN '12345678.995'
  WHEN 45 THEN 'infinity' WHEN 46 THEN '00012' ELSE s END AS x FROM edge)

-- name: try_string_casts
SELECT id, x, try_cast(x AS BOOLEAN) AS a, try_cast(x AS TINYINT) AS b_, try_cast(x AS INT) AS c,
       try_cast(x AS BIGINT) AS d_, try_cast(x AS FLOAT) AS e, try_cast(x AS DOUBLE) AS f_,
       try_cast(x AS DECIMAL(10,2)) AS g, try_cast(x AS DECIMAL(38,0)) AS h
FROM (SELECT id, CASE id % 12
  WHEN 0 THEN ' 12 ' WHEN 1 THEN '1.9' WHEN 2 THEN '.' WHEN 3 THEN '128' WHEN 4 THEN 'yes' WHEN 5 THEN '1e38'
  WHEN 6 THEN '99999999999999999999999999999999999999.5' WHEN 7 THEN 'inf' WHEN 8 THEN '1.5d' WHEN 9 THEN '2147483648'
  WHEN 10 THEN '12345678.995' ELSE s END AS x FROM edge)

-- name: try_to_string_and_boolean
SELECT id, try_cast(dec_38_38 AS STRING) AS a, try_cast(dec_28_10 AS STRING) AS b_, try_cast(l AS STRING) AS c,
       try_cast(b AS DECIMAL(3,3)) AS d_, try_cast(b AS INT) AS e, try_cast(d AS BOOLEAN) AS f_,
       try_cast(b AS STRING) AS g
FROM edge

-- Datetime casts in the session time zone (America/Los_Angeles, with its 2023 DST gap and
-- overlap and its local mean time before 1883): to string (uuuu-MM-dd HH:mm:ss and the
-- fraction without trailing zeros), timestamp <-> date / timestamp_ntz, timestamp to numbers,
-- integral numbers to timestamp.

-- name: datetime_to_string
SELECT id, CAST(dt AS STRING) AS a, CAST(ts AS STRING) AS b_, CAST(ntz AS STRING) AS c FROM edge

-- name: datetime_conversions
SELECT id, CAST(ts AS DATE) AS a, CAST(ntz AS DATE) AS b_, CAST(dt AS TIMESTAMP) AS c,
       CAST(dt AS TIMESTAMP_NTZ) AS d_, CAST(ts AS TIMESTAMP_NTZ) AS e, CAST(ntz AS TIMESTAMP) AS f_
FROM edge
WHERE (dt IS NULL OR dt BETWEEN DATE'0002-01-01' AND DATE'9998-01-01')
  AND (ts IS NULL OR ts BETWEEN TIMESTAMP'0002-01-01 00:00:00' AND TIMESTAMP'9998-01-01 00:00:00')
  AND (ntz IS NULL OR ntz BETWEEN TIMESTAMP_NTZ'0002-01-01 00:00:00' AND TIMESTAMP_NTZ'9998-01-01 00:00:00')

-- name: datetime_conversions_dst
SELECT id, ts, ntz, CAST(ts AS DATE) AS a, CAST(ntz AS TIMESTAMP) AS b_, CAST(ts AS TIMESTAMP_NTZ) AS c,
       CAST(ts AS STRING) AS d_
FROM dst

-- name: datetime_conversions_berlin
-- conf: spark.sql.session.timeZone=Europe/Berlin
SELECT id, CAST(ts AS DATE) AS a, CAST(ntz AS TIMESTAMP) AS b_, CAST(ts AS TIMESTAMP_NTZ) AS c,
       CAST(ts AS STRING) AS d_, CAST(dt AS TIMESTAMP) AS e
FROM edge
WHERE (dt IS NULL OR dt BETWEEN DATE'0002-01-01' AND DATE'9998-01-01')
  AND (ts IS NULL OR ts BETWEEN TIMESTAMP'0002-01-01 00:00:00' AND TIMESTAMP'9998-01-01 00:00:00')
  AND (ntz IS NULL OR ntz BETWEEN TIMESTAMP_NTZ'0002-01-01 00:00:00' AND TIMESTAMP_NTZ'9998-01-01 00:00:00')

-- name: datetime_conversions_sao_paulo
-- conf: spark.sql.session.timeZone=America/Sao_Paulo
SELECT id, CAST(dt AS TIMESTAMP) AS a, CAST(CAST(CAST(ts AS DATE) AS TIMESTAMP) AS STRING) AS b_,
       CAST(ntz AS TIMESTAMP) AS c
FROM edge
WHERE (dt IS NULL OR dt BETWEEN DATE'0002-01-01' AND DATE'9998-01-01')
  AND (ts IS NULL OR ts BETWEEN TIMESTAMP'0002-01-01 00:00:00' AND TIMESTAMP'9998-01-01 00:00:00')
  AND (ntz IS NULL OR ntz BETWEEN TIMESTAMP_NTZ'0002-01-01 00:00:00' AND TIMESTAMP_NTZ'9998-01-01 00:00:00')

-- name: timestamp_to_numbers
SELECT id, CAST(ts AS BIGINT) AS a, CAST(ts AS INT) AS b_, CAST(ts AS SMALLINT) AS c, CAST(ts AS TINYINT) AS d_,
       CAST(ts AS DOUBLE) AS e, CAST(ts AS FLOAT) AS f_, CAST(ts AS BOOLEAN) AS g
FROM edge

-- name: numbers_to_timestamp
SELECT id, CAST(t AS TIMESTAMP) AS a, CAST(sm AS TIMESTAMP) AS b_, CAST(i AS TIMESTAMP) AS c FROM edge

-- name: long_to_timestamp
-- (Long.MaxValue seconds saturate at a year PySpark cannot show: the limits are in the unit tests)
SELECT id, CAST(l AS TIMESTAMP) AS a FROM edge WHERE l BETWEEN -100000000000 AND 100000000000

-- name: try_datetime
SELECT id, try_cast(ts AS INT) AS a, try_cast(ts AS STRING) AS b_, try_cast(dt AS TIMESTAMP) AS c,
       try_cast(ntz AS TIMESTAMP) AS d_, try_cast(i AS TIMESTAMP) AS e
FROM edge
WHERE (dt IS NULL OR dt BETWEEN DATE'0002-01-01' AND DATE'9998-01-01')
  AND (ts IS NULL OR ts BETWEEN TIMESTAMP'0002-01-01 00:00:00' AND TIMESTAMP'9998-01-01 00:00:00')
  AND (ntz IS NULL OR ntz BETWEEN TIMESTAMP_NTZ'0002-01-01 00:00:00' AND TIMESTAMP_NTZ'9998-01-01 00:00:00')

-- name: string_to_date
SELECT id, x, CAST(x AS DATE) AS a, try_cast(x AS DATE) AS b_
FROM (SELECT id, CASE id % 24
  WHEN 0 THEN '2023-03-12' WHEN 1 THEN ' 2023-3-1 ' WHEN 2 THEN '2023' WHEN 3 THEN '2023-03' WHEN 4 THEN '2023-03-12T10:00:00'
  WHEN 5 THEN '2023-03-12 garbage' WHEN 6 THEN '2023-02-29' WHEN 7 THEN '2024-02-29' WHEN 8 THEN '+10000-01-01'
  WHEN 9 THEN '0001-01-01' WHEN 10 THEN '202-01-01' WHEN 11 THEN '2023/01/01' WHEN 12 THEN '2023-13-01'
  WHEN 13 THEN '2023-01 x' WHEN 14 THEN '2023T' WHEN 15 THEN '1582-10-10' WHEN 16 THEN '2023-1-1x'
  WHEN 17 THEN '\t1969-12-31\n' WHEN 18 THEN '9999-12-31' WHEN 19 THEN '2023-001-01' WHEN 20 THEN '2023-01-'
  WHEN 21 THEN '1234567-01-01' ELSE s END AS x FROM edge)
WHERE x IS NULL OR x NOT IN ('1234567-01-01', '+10000-01-01')

-- name: date_string_roundtrip
SELECT id, CAST(CAST(dt AS STRING) AS DATE) AS a, CAST(CAST(ts AS STRING) AS DATE) AS b_,
       CAST(CAST(ntz AS STRING) AS DATE) AS c
FROM edge

-- String to timestamp / timestamp_ntz (SparkDateTimeUtils.parseTimestampString): trimming, ' '
-- or 'T', year / year-month / date-only forms, fractions (beyond 6 digits dropped), zone
-- suffixes (Z, offsets, UTC/GMT/UT prefixes, short ids, region ids), DST gaps and overlaps
-- in the session time zone, invalid dates and times, a time alone (the current date).

-- name: string_to_timestamp
SELECT id, x, CAST(x AS TIMESTAMP) AS a, try_cast(x AS TIMESTAMP) AS b_, CAST(x AS TIMESTAMP_NTZ) AS c,
       try_cast(x AS TIMESTAMP_NTZ) AS d_
FROM (SELECT id, CASE id % 60
  WHEN 0 THEN '2023-03-12 10:00:00' WHEN 1 THEN ' 2023-3-1T1:2:3 ' WHEN 2 THEN '2023' WHEN 3 THEN '2023-03'
  WHEN 4 THEN '2023-03-12' WHEN 5 THEN '2023-03-12T' WHEN 6 THEN '2023-03-12 10' WHEN 7 THEN '2023-03-12 10:30'
  WHEN 8 THEN '2023-03-12 10:30:15.123456789' WHEN 9 THEN '2023-03-12 10:30:15.5Z' WHEN 10 THEN '2023-03-12 10:30:15+08:00'
  WHEN 11 THEN '2023-03-12 10:30:15 -8:00' WHEN 12 THEN '2023-03-12 10:30:15+0530' WHEN 13 THEN '2023-03-12 10:30:15 UTC'
  WHEN 14 THEN '2023-03-12 10:30:15 GMT+1' WHEN 15 THEN '2023-03-12 10:30:15 UT-03:30' WHEN 16 THEN '2023-03-12 10:30:15 Europe/Berlin'
  WHEN 17 THEN '2023-03-12 10:30:15 PST' WHEN 18 THEN '2023-03-12 10:30:15 EST' WHEN 19 THEN '2023-03-12 10:30:15 Mars/Base'
  WHEN 20 THEN '2023-03-12 10:30:15 +19' WHEN 21 THEN '2023-03-12 02:30:00' WHEN 22 THEN '2023-11-05 01:30:00'
  WHEN 23 THEN '2023-03-26 02:30:00 Europe/Berlin' WHEN 24 THEN '2023-02-29 00:00:00' WHEN 25 THEN '2024-02-29 23:59:59.999999'
  WHEN 26 THEN '2023-01-01 24:00:00' WHEN 27 THEN '2023-01-01 23:60:00' WHEN 28 THEN '2023-01-01 23:59:60'
  WHEN 29 THEN '1883-11-18 12:00:00' WHEN 30 THEN '0002-01-02 00:00:00' WHEN 31 THEN '9999-12-30 23:59:59.999999'
  WHEN 32 THEN '202-01-01' WHEN 33 THEN '2023/01/01' WHEN 34 THEN '2023-01-01 x' WHEN 35 THEN '2023-01-01T10:00:00.123.4'
  WHEN 36 THEN '\t1969-12-31 23:59:59.999999\n' WHEN 37 THEN '1970-01-01 00:00:00.000001 Asia/Kolkata'
  WHEN 38 THEN '2023-03-12 10:30:15 europe/berlin' WHEN 39 THEN '2023-03-12 10:30:15 Etc/GMT+5'
  WHEN 40 THEN '2023-03-12 10:30:15 +18:00' WHEN 41 THEN '2023-03-12 10:30:15 +08:60' WHEN 42 THEN '2023-03-12 10:30'
  WHEN 43 THEN '2023-03-12 10:30:15.' WHEN 44 THEN '+2023-03-12' WHEN 45 THEN '2023-03-12 10:30:15 GMTX'
  WHEN 46 THEN '2023-03-12 10:30:15 UTC+' WHEN 47 THEN '2023-03-12 10:30:15 Zulu' WHEN 48 THEN '2023-03-12 10:30:15 CST'
  WHEN 49 THEN '1900-01-01 00:00:00 Asia/Kolkata' WHEN 50 THEN '2023-03-12 10:30:15 Australia/Lord_Howe'
  WHEN 51 THEN '2023-13-01' WHEN 52 THEN '2023-01-32' WHEN 53 THEN '2023-00-10' WHEN 54 THEN '-'
  WHEN 55 THEN '2023-03-12 10:30:15.1+01:00:30' WHEN 56 THEN '2023-03-12 10:30:15 +1:3' ELSE s END AS x FROM edge)

-- name: string_time_only_to_timestamp
-- (a time alone takes the current date in the zone: LocalDate.now)
SELECT id, x, CAST(x AS TIMESTAMP) AS a, CAST(x AS TIMESTAMP_NTZ) AS b_
FROM (SELECT id, CASE id % 8
  WHEN 0 THEN 'T12:00' WHEN 1 THEN '12:30:15' WHEN 2 THEN 'T1:2:3.5Z' WHEN 3 THEN '10:00:00 Asia/Tokyo'
  WHEN 4 THEN 'T25:00' WHEN 5 THEN '12:00' WHEN 6 THEN ' T23:59:59' ELSE s END AS x FROM edge)

-- name: string_to_timestamp_berlin
-- conf: spark.sql.session.timeZone=Europe/Berlin
SELECT id, x, CAST(x AS TIMESTAMP) AS a, try_cast(x AS TIMESTAMP_NTZ) AS b_
FROM (SELECT id, CASE id % 10
  WHEN 0 THEN '2023-03-26 02:30:00' WHEN 1 THEN '2023-10-29 02:30:00' WHEN 2 THEN '2023-10-29 03:00:00'
  WHEN 3 THEN '1893-04-01 00:00:00' WHEN 4 THEN '2023-03-26 01:59:59.999999' WHEN 5 THEN '2023-06-01 12:00:00 UTC'
  WHEN 6 THEN '2023-06-01' WHEN 7 THEN '1945-05-24 02:30:00' ELSE s END AS x FROM edge)

-- name: timestamp_string_roundtrip
SELECT id, CAST(CAST(ts AS STRING) AS TIMESTAMP) AS a, CAST(CAST(ntz AS STRING) AS TIMESTAMP_NTZ) AS b_,
       CAST(CAST(dt AS STRING) AS TIMESTAMP) AS c, try_cast(CAST(ts AS STRING) AS TIMESTAMP_NTZ) AS d_
FROM edge
WHERE (dt IS NULL OR dt BETWEEN DATE'0002-01-01' AND DATE'9998-01-01')
  AND (ts IS NULL OR ts BETWEEN TIMESTAMP'0002-01-01 00:00:00' AND TIMESTAMP'9998-01-01 00:00:00')
  AND (ntz IS NULL OR ntz BETWEEN TIMESTAMP_NTZ'0002-01-01 00:00:00' AND TIMESTAMP_NTZ'9998-01-01 00:00:00')

-- Boolean, float, double and decimal to timestamp (legacy: NaN and infinities NULL, d * 10^6
-- saturating; decimals truncated), date to boolean and numbers (always NULL in legacy mode).
-- (values beyond year 9999 are left out: PySpark cannot show them)

-- name: more_numbers_to_timestamp
SELECT id, CAST(b AS TIMESTAMP) AS a,
       CAST(CASE WHEN abs(d) < 1e11 THEN d END AS TIMESTAMP) AS b_,
       CAST(CASE WHEN abs(f) < 1e11 THEN f END AS TIMESTAMP) AS c,
       CAST(CASE WHEN abs(dec_18_6) < 1e11 THEN dec_18_6 END AS TIMESTAMP) AS d_,
       CAST(dec_5_2 AS TIMESTAMP) AS e, CAST(dec_9_4 AS TIMESTAMP) AS f_,
       CAST(CASE WHEN abs(dec_28_10) < 1e11 THEN dec_28_10 END AS TIMESTAMP) AS g,
       try_cast(CASE WHEN abs(d) < 1e11 THEN d END AS TIMESTAMP) AS h,
       CAST(CASE WHEN abs(d) < 1e11 THEN d ELSE -d END AS TIMESTAMP) IS NULL AS i_
FROM edge

-- name: date_to_numbers
SELECT id, CAST(dt AS BOOLEAN) AS a, CAST(dt AS TINYINT) AS b_, CAST(dt AS INT) AS c, CAST(dt AS BIGINT) AS d_,
       CAST(dt AS SMALLINT) AS h,
       CAST(dt AS FLOAT) AS e, CAST(dt AS DOUBLE) AS f_, CAST(dt AS DECIMAL(10,2)) AS g
FROM edge
