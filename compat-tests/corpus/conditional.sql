-- Conditional expressions and more arithmetic: CASE WHEN, IF, COALESCE, GREATEST, LEAST,
-- IN (and the InSet Spark uses for long IN lists), unary minus, abs, %, pmod, div, over
-- every numeric type and the edge values.
-- native
-- subset

-- name: case_when
SELECT id, CASE WHEN i > 0 THEN 'pos' WHEN i < 0 THEN 'neg' WHEN i = 0 THEN 'zero' END AS sign,
       CASE WHEN d > 0 THEN d ELSE -d END AS absd, CASE i WHEN 1 THEN 10 WHEN 7 THEN 70 ELSE 0 END AS simple
FROM edge

-- name: case_when_types
SELECT id, CASE WHEN b THEN dec_38_10 ELSE dec_5_2 END AS a, CASE WHEN b THEN ts END AS t_,
       CASE WHEN i IS NULL THEN s ELSE 'x' END AS s_, CASE WHEN b THEN bin ELSE X'00' END AS bn
FROM edge

-- name: if_expression
SELECT id, IF(i > 0, l, -l) AS a, IF(d = d, d, 0.0D) AS b, IF(b, dt, DATE'2000-01-01') AS c FROM edge

-- name: coalesce_every_type
SELECT id, coalesce(t, sm) AS a, coalesce(i, l, 0) AS b_, coalesce(f, d) AS c, coalesce(dec_5_2, dec_38_10) AS d_,
       coalesce(s, '') AS e, coalesce(bin, X'') AS f_, coalesce(dt, DATE'1970-01-01') AS g, coalesce(ts, ts) AS h,
       coalesce(ntz, TIMESTAMP_NTZ'2000-01-01 00:00:00') AS k, coalesce(b, FALSE) AS m
FROM edge

-- name: greatest_least
SELECT id, greatest(t, sm, i) AS a, least(l, i) AS b_, greatest(d, f) AS c, least(d, CAST('NaN' AS DOUBLE)) AS d_,
       greatest(dec_5_2, dec_9_4) AS e, least(s, 'm') AS f_, greatest(dt, DATE'2000-01-01') AS g,
       least(ts, TIMESTAMP'2023-03-12 03:00:00') AS h
FROM edge

-- name: in_list
SELECT id, i IN (0, 1, 7, NULL) AS a, s IN ('a', '', '日本語') AS b_, d IN (0.0, CAST('NaN' AS DOUBLE)) AS c,
       dec_5_2 IN (0.01, -999.99) AS d_, dt IN (DATE'1970-01-01') AS e
FROM edge

-- name: in_set_long_list
SELECT id, l FROM edge WHERE l IN (0, 1, -1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 2147483648, -3037000500,
                                   9007199254740993, 9223372036854775807, -9223372036854775808)

-- name: not_in_with_null
SELECT id, i FROM edge WHERE i NOT IN (1, 7) OR i IS NULL

-- name: unary_minus
SELECT id, -t AS a, -sm AS b, -i AS c, -l AS d_, -f AS e, -d AS f_, -dec_38_38 AS g, -dec_38_0 AS h FROM edge

-- name: abs_values
SELECT id, abs(t) AS a, abs(sm) AS b, abs(i) AS c, abs(l) AS d_, abs(f) AS e, abs(d) AS f_, abs(dec_38_10) AS g
FROM edge

-- name: remainder
SELECT id, a, b, a % b AS r, pmod(a, b) AS p FROM pair_int
-- also-on: pair_int=pair_tinyint,pair_bigint,pair_double,pair_float,pair_dec_18_6,pair_dec_38_10

-- name: integral_divide
SELECT id, a, b, a div b AS q FROM pair_bigint
-- also-on: pair_bigint=pair_int,pair_smallint,pair_dec_18_6

-- name: conditional_filter
SELECT id, i, s FROM edge WHERE coalesce(i, 0) > 0 AND CASE WHEN s IS NULL THEN FALSE ELSE s > 'a' END
