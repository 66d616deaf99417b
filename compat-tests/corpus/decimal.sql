-- Decimal arithmetic: Spark's result types (precision and scale, and the adjustment above
-- precision 38), HALF_UP rounding, overflow to NULL (legacy mode), mixed precisions, and
-- the same with spark.sql.decimalOperations.allowPrecisionLoss=false.
-- native
-- subset

-- name: add_sub_scales
SELECT id, dec_5_2 + dec_9_4 AS a, dec_18_6 - dec_1_0 AS b, dec_28_10 + dec_38_0 AS c, dec_38_38 - dec_5_2 AS d_,
       dec_38_10 + dec_38_10 AS e
FROM edge

-- name: multiply_precisions
SELECT id, dec_5_2 * dec_9_4 AS a, dec_18_6 * dec_18_6 AS b, dec_19_0 * dec_10_0 AS c, dec_38_10 * dec_5_2 AS d_,
       dec_38_38 * dec_38_38 AS e, dec_38_0 * dec_1_0 AS f_
FROM edge

-- name: divide_precisions
SELECT id, dec_5_2 / dec_9_4 AS a, dec_18_6 / dec_1_0 AS b, dec_38_10 / dec_19_0 AS c, dec_1_0 / dec_38_38 AS d_,
       dec_28_10 / dec_5_2 AS e, dec_10_0 / dec_10_0 AS f_
FROM edge

-- name: overflow_is_null
SELECT id, dec_38_0 + dec_38_0 AS a, dec_38_0 * 10 AS b, dec_38_10 * dec_38_10 AS c, dec_38_0 / 0.1 AS d_,
       dec_28_10 * dec_28_10 AS e
FROM edge

-- name: half_up_division
SELECT id, a, b, a / b AS q, a / 3 AS third, a / 7 AS seventh, a / -6 AS neg_sixth FROM pair_dec_5_2

-- name: half_up_multiplication_loss
SELECT id, a, b, a * b AS p, a * 0.5 AS half FROM pair_dec_38_10

-- name: rounding_ties
SELECT id, dec_9_4 / 2 AS a, dec_18_6 / 4 AS b, dec_5_2 / 8 AS c, dec_38_38 / 2 AS d_ FROM edge

-- name: literals_of_many_scales
SELECT id, dec_5_2 + 0.005 AS a, dec_5_2 * 1.00000000000000000001 AS b, dec_38_10 - 12345678901234567890.123 AS c,
       dec_18_6 / 0.333 AS d_
FROM edge

-- name: decimal_and_integers
SELECT id, dec_5_2 + t AS a, dec_9_4 * sm AS b, dec_18_6 - i AS c, dec_38_0 + l AS d_, dec_38_10 / l AS e,
       i / dec_5_2 AS f_
FROM edge

-- name: filter_decimal_arithmetic
SELECT id, dec_18_6, dec_5_2 FROM edge WHERE dec_18_6 * 2 > dec_5_2 + 1

-- name: tiny_decimals
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_5_2 WHERE a < 1 AND a > -1

-- name: pairs_38_0_overflow
SELECT id, a, b, a + b AS add, a * b AS mul FROM pair_dec_38_0 WHERE a IS NOT NULL AND b IS NOT NULL

-- name: no_precision_loss_add_mul
-- conf: spark.sql.decimalOperations.allowPrecisionLoss=false
SELECT id, dec_38_10 + dec_5_2 AS a, dec_18_6 * dec_18_6 AS b, dec_38_10 * dec_38_10 AS c, dec_28_10 - dec_38_38 AS d_
FROM edge

-- name: no_precision_loss_divide
-- conf: spark.sql.decimalOperations.allowPrecisionLoss=false
SELECT id, dec_5_2 / dec_9_4 AS a, dec_38_10 / dec_19_0 AS b, dec_18_6 / 3 AS c, dec_1_0 / dec_38_38 AS d_ FROM edge

-- name: no_precision_loss_pairs
-- conf: spark.sql.decimalOperations.allowPrecisionLoss=false
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_38_10
-- also-on: pair_dec_38_10=pair_dec_18_6,pair_dec_38_38

-- name: tpch_decimal_math
SELECT l_orderkey, l_linenumber, l_extendedprice * l_discount AS revenue, l_extendedprice / l_quantity AS unit,
       (l_extendedprice - l_discount) * (l_tax + 1) AS x
FROM lineitem WHERE l_orderkey < 1000
