-- Rounding (mathExpressions.scala: Round, BRound, RoundCeil, RoundFloor, Floor, Ceil) over the
-- edge values: decimals up to precision 38 with their limits and halves in the last digit,
-- integral limits (legacy rounding to a negative scale wraps), doubles and floats with NaN,
-- infinities, -0.0 and the largest values. Rounding doubles and floats runs in Ember on Java 19+
-- only (Spark rounds the decimal Double.toString prints), so those queries are not annotated
-- native.
-- native
-- subset

-- name: round_decimal
SELECT id, round(dec_5_2, 1) AS a, round(dec_5_2, -1) AS b, round(dec_9_4, 2) AS c, round(dec_18_6, 3) AS d_,
       round(dec_38_10, 2) AS e, round(dec_38_10, 9) AS f_, round(dec_38_38, 37) AS g, round(dec_38_38, 0) AS h,
       round(dec_28_10, -5) AS k, round(dec_19_0, -3) AS m, round(dec_1_0, -1) AS n, round(dec_10_0, 2) AS o,
       round(dec_38_0, 0) AS p, round(dec_38_10, -27) AS q, round(dec_5_2) AS r
FROM edge
-- also-on: edge=edge_arrow_plain,edge_spark_plain,edge_nulls

-- name: bround_decimal
SELECT id, bround(dec_5_2, 1) AS a, bround(dec_5_2, -1) AS b, bround(dec_9_4, 3) AS c, bround(dec_18_6, 5) AS d_,
       bround(dec_38_10, 9) AS e, bround(dec_38_38, 37) AS f_, bround(dec_38_38, 1) AS g, bround(dec_19_0, -1) AS h,
       bround(dec_5_2) AS k
FROM edge

-- name: round_decimal_ties
SELECT id, i, round(CAST(i AS DECIMAL(10,0)) / 20, 1) AS r1, bround(CAST(i AS DECIMAL(10,0)) / 20, 1) AS b1,
       round(CAST(l AS DECIMAL(20,0)) / 20, 0) AS r0, bround(CAST(l AS DECIMAL(20,0)) / 20, 0) AS b0,
       round(CAST(i AS DECIMAL(10,0)) * 5, -1) AS rm, bround(CAST(i AS DECIMAL(10,0)) * 5, -1) AS bm
FROM edge

-- name: round_decimal_pairs
SELECT id, a, round(a, 9) AS r9, bround(a, 9) AS b9, round(a, 1) AS r1, round(a, -20) AS rm20, bround(a, -1) AS bm1
FROM pair_dec_38_10

-- name: ceil_floor_with_scale
SELECT id, ceil(dec_5_2, 1) AS a, floor(dec_5_2, 1) AS b, ceil(dec_9_4, -2) AS c, floor(dec_9_4, -2) AS d_,
       floor(dec_38_10, 3) AS e, ceil(dec_38_10, 9) AS f_, ceil(dec_38_38, 0) AS g, floor(dec_38_38, 0) AS h,
       floor(dec_18_6, -10) AS k, ceil(dec_28_10, -3) AS m, ceil(i, -1) AS n, floor(l, -2) AS o, ceil(dec_10_0, 0) AS p
FROM edge

-- name: floor_ceil
SELECT id, floor(d) AS a, ceil(d) AS b, floor(f) AS c, ceil(f) AS d_, floor(l) AS e, ceil(i) AS f_,
       floor(dec_5_2) AS g, ceil(dec_5_2) AS h, floor(dec_38_10) AS k, ceil(dec_38_38) AS m, floor(dec_38_38) AS n,
       ceil(dec_38_0) AS o, floor(dec_1_0) AS p, ceil(dec_19_0) AS q, floor(t) AS r
FROM edge
-- also-on: edge=edge_arrow_plain,edge_spark_plain

-- name: floor_ceil_double_pairs
SELECT id, a, floor(a) AS fl, ceil(a) AS ce, floor(a * 1e10) AS fl10, ceil(-a) AS cn FROM pair_double

-- name: round_integral
SELECT id, round(t, -1) AS a, round(sm, -2) AS b, round(i, -1) AS c, round(i, -9) AS d_, round(i, -10) AS e,
       round(l, -1) AS f_, round(l, -18) AS g, round(l, -19) AS h, bround(i, -1) AS k, bround(l, -2) AS m,
       round(i, 2) AS n, round(t) AS o, bround(sm, -1) AS p, round(l, -400) AS q
FROM edge

-- name: round_integral_ansi
-- conf: spark.sql.ansi.enabled=true
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, round(i, -1) AS c FROM edge

-- name: round_integral_ansi_positive_scale
-- conf: spark.sql.ansi.enabled=true
SELECT id, round(i, 1) AS a, bround(l, 0) AS b, round(dec_38_10, 2) AS c, floor(dec_5_2) AS d_ FROM edge

-- name: round_decimal_38_0_negative_scale
-- native: false
-- expect-error: DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION
SELECT id, round(dec_38_0, -1) AS a FROM edge

-- name: ceil_decimal_beyond_38_digits
-- native: false
-- expect-error: DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION
SELECT id, ceil(dec_5_2, -38) AS a FROM edge

-- name: round_double
-- native: false
SELECT id, d, round(d, 2) AS a, bround(d, 2) AS b, round(d, -2) AS c, round(d, 0) AS d_, bround(d) AS e,
       round(d, 300) AS f_, round(d, -308) AS g, round(d, 17) AS h
FROM edge
-- also-on: edge=edge_spark_plain

-- name: round_float
-- native: false
SELECT id, f, round(f, 1) AS a, bround(f, 0) AS b, round(f, -2) AS c, round(f, 40) AS d_, bround(f, -39) AS e FROM edge

-- name: round_double_pairs
-- native: false
SELECT id, a, b, round(a / 7, 3) AS r, bround(a * 0.5, 0) AS br FROM pair_double

-- name: round_double_allow_incompatible
-- conf: spark.ember.expression.Round.allowIncompatible=true
-- conf: spark.ember.expression.BRound.allowIncompatible=true
SELECT id, d, round(d, 2) AS a, bround(d, 2) AS b, round(d, -2) AS c, round(d, 0) AS d_, bround(d) AS e,
       round(d, 300) AS f_, round(d, -308) AS g, round(d, 17) AS h, round(d, 1) AS k, bround(d, -1) AS m
FROM edge
-- also-on: edge=edge_spark_plain,edge_arrow_plain

-- name: round_float_allow_incompatible
-- conf: spark.ember.expression.Round.allowIncompatible=true
-- conf: spark.ember.expression.BRound.allowIncompatible=true
SELECT id, f, round(f, 1) AS a, bround(f, 0) AS b, round(f, -2) AS c, round(f, 40) AS d_, bround(f, -39) AS e,
       round(f, 5) AS g
FROM edge

-- name: round_double_pairs_allow_incompatible
-- conf: spark.ember.expression.Round.allowIncompatible=true
-- conf: spark.ember.expression.BRound.allowIncompatible=true
SELECT id, a, b, round(a / 7, 3) AS r, bround(a * 0.5, 0) AS br, round(a * 1000.5, -3) AS rk, bround(b / 3, 15) AS b15
FROM pair_double
