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
-- known-bug: Spark 3.5 itself raises java.lang.ArrayIndexOutOfBoundsException (Decimal.toLong indexes POW_10 by a scale of 19 or more for a value kept as a long) where Ember returns the value; to give Spark's answer Ember would have to decline casts from decimal with scale >= 19 to integral types
SELECT id, CAST(CAST(dec_18_6 AS DECIMAL(19, 19)) AS BIGINT) AS a FROM edge

-- name: decimal_scale_20_to_int
-- known-bug: Spark 3.5 itself raises java.lang.ArrayIndexOutOfBoundsException (see decimal_scale_19_to_integer); Ember returns the value
SELECT id, CAST(CAST(dec_5_2 AS DECIMAL(20, 19)) AS INT) AS a FROM edge
