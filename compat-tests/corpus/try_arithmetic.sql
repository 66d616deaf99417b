-- try_add, try_subtract, try_multiply, try_divide (Spark 3.5 plans them as + - * / in TRY
-- mode): NULL where ANSI mode raises, the same answer otherwise; with ANSI on and off.
-- native

-- name: try_add_int_overflow
SELECT id, i, try_add(i, 2147483647) AS a FROM edge

-- name: try_subtract_long_overflow
SELECT id, l, try_subtract(l, 9223372036854775807) AS s FROM edge

-- name: try_multiply_pairs_tinyint
SELECT id, a, b, try_multiply(a, b) AS m FROM pair_tinyint

-- name: try_multiply_pairs_smallint
SELECT id, a, b, try_multiply(a, b) AS m FROM pair_smallint

-- name: try_arithmetic_pairs_bigint
SELECT id, a, b, try_add(a, b) AS s, try_subtract(a, b) AS d, try_multiply(a, b) AS m FROM pair_bigint

-- name: try_divide_double_by_zero
SELECT id, d, try_divide(d, 0.0D) AS q, try_divide(d, d) AS qq FROM edge

-- name: try_decimal_pairs
SELECT id, a, b, try_add(a, b) AS s, try_multiply(a, b) AS m, try_divide(a, b) AS q FROM pair_dec_38_10

-- name: try_decimal_overflow_ansi
-- conf: spark.sql.ansi.enabled=true
SELECT id, try_multiply(dec_38_0, dec_38_0) AS m, try_add(dec_38_0, dec_38_0) AS s FROM edge

-- name: try_int_overflow_ansi
-- conf: spark.sql.ansi.enabled=true
SELECT id, try_add(i, i) AS s, try_multiply(l, l) AS m FROM edge
