-- Arithmetic + - * / across types (Spark's result types and coercions), with literals, on
-- the edge values: integer overflow wraps, / is a double or decimal division, x / 0 is
-- NULL, NaN and infinities propagate, -0.0 survives.
-- native
-- subset

-- name: integer_mixed_widths
SELECT id, t + sm AS a, sm - i AS b, i * l AS c, t * t AS d_, sm * sm AS e, l - t AS f_ FROM edge

-- name: integer_overflow_wraps
SELECT id, i + 2147483647 AS a, i - 2147483647 AS b, i * 65536 AS c, l + 9223372036854775807 AS d_,
       l * l AS e, t + CAST(127 AS TINYINT) AS f_, sm * CAST(300 AS SMALLINT) AS g
FROM edge

-- name: integer_division_is_double
SELECT id, i / 7 AS a, l / 3 AS b, t / sm AS c, i / l AS d_, 1 / i AS e FROM edge

-- name: division_by_zero_is_null
SELECT id, i / 0 AS a, l / 0 AS b, d / 0 AS c, f / 0.0 AS d_, dec_5_2 / 0 AS e, dec_38_10 / 0.0 AS f_ FROM edge

-- name: double_special_values
SELECT id, d + 1.0D AS a, d - d AS b, d * 0.0D AS c, d / d AS d_, d * -1.0D AS e, 0.0D - d AS f_ FROM edge

-- name: float_arithmetic
SELECT id, f + f AS a, f - 1.5F AS b, f * 3.0F AS c, f / 3.0F AS d_, f * f AS e FROM edge

-- name: float_and_double
SELECT id, f + d AS a, f * d AS b, d - f AS c, f / d AS d_ FROM edge

-- name: integer_and_double
SELECT id, i + d AS a, l * d AS b, t - d AS c, l / d AS d_, sm * f AS e FROM edge

-- name: integer_and_decimal
SELECT id, i + dec_5_2 AS a, l * dec_18_6 AS b, t - dec_38_10 AS c, sm / dec_9_4 AS d_, l + dec_38_0 AS e FROM edge

-- name: decimal_and_double
SELECT id, dec_5_2 + d AS a, dec_38_10 * d AS b, d / dec_18_6 AS c, f - dec_9_4 AS d_ FROM edge

-- name: literals_of_each_type
SELECT id, t + 1Y AS a, sm - 1S AS b, i * 2 AS c, l + 1L AS d_, f * 2.5F AS e, d / 0.1D AS f_,
       dec_9_4 + 0.0001 AS g
FROM edge

-- name: negative_zero_results
SELECT id, d, d * 0.0D AS a, -0.0D * d AS b, d - d AS c, 0.0D * -1.0D AS d_ FROM edge WHERE d = 0.0 OR d = 1.0

-- name: precedence
SELECT id, i + l * t - sm / 2 AS a, (i + l) * (t - sm) AS b, d - d / 2 * 2 AS c FROM edge

-- name: filter_on_arithmetic
SELECT id, i, l FROM edge WHERE i + 1 > 0 AND l * 2 < 0

-- name: filter_on_wrapped_value
SELECT id, i FROM edge WHERE i + 1 < i

-- name: filter_on_division
SELECT id, d, i FROM edge WHERE d / 2.0 > 0.5 OR i / 2 > 10

-- name: nested_arithmetic_deep
SELECT id, ((((i + 1) * 2) - 3) / 4) AS a, (((d * d) + d) - 1.0D) / (d + 1.0D) AS b FROM edge

-- name: arithmetic_over_all_null
SELECT id, i + l AS a, d * f AS b, dec_38_10 / dec_5_2 AS c, t - sm AS d_ FROM edge_nulls

-- name: arithmetic_over_empty
SELECT id, i + l AS a, d * f AS b, dec_38_10 / dec_5_2 AS c FROM edge_empty

-- name: tpch_expressions
SELECT l_orderkey, l_linenumber, l_extendedprice * (1 - l_discount) AS disc_price,
       l_extendedprice * (1 - l_discount) * (1 + l_tax) AS charge, l_quantity / 3 AS third
FROM lineitem WHERE l_orderkey < 2000
