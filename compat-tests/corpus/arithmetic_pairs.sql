-- Arithmetic + - * / between two columns of one numeric type over every pair of that type's
-- edge values (legacy mode: integer overflow wraps, division by zero and decimal overflow
-- give NULL; integer / is a double division), then mixed types and literals.
-- native
-- subset

-- name: pairs_tinyint
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_tinyint

-- name: pairs_smallint
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_smallint

-- name: pairs_int
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_int

-- name: pairs_bigint
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_bigint

-- name: pairs_float
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_float

-- name: pairs_double
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_double

-- name: pairs_dec_5_2
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_5_2

-- name: pairs_dec_18_6
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_18_6

-- name: pairs_dec_19_0
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_19_0

-- name: pairs_dec_38_0
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_38_0

-- name: pairs_dec_38_10
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_38_10

-- name: pairs_dec_38_38
SELECT id, a, b, a + b AS add, a - b AS sub, a * b AS mul, a / b AS div FROM pair_dec_38_38
