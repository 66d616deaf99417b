-- Comparisons: = <=> < <= > >= (and != as NOT =) between two columns of one type, over
-- every ordered pair of that type's edge values (NULL, NaN, -0.0, infinities, limits, empty
-- and multi-byte strings, bytes above 0x7f, dates before 1582, timestamps across DST).
-- Then mixed types (Spark inserts casts), literals, and comparisons used as filters.
-- native
-- subset

-- name: all_ops_boolean
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_boolean

-- name: all_ops_tinyint
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_tinyint

-- name: all_ops_smallint
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_smallint

-- name: all_ops_int
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_int

-- name: all_ops_bigint
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_bigint

-- name: all_ops_float
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_float

-- name: all_ops_double
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_double

-- name: all_ops_string
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_string

-- name: all_ops_binary
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_binary

-- name: all_ops_date
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_date

-- name: all_ops_timestamp
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_timestamp

-- name: all_ops_timestamp_ntz
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_timestamp_ntz

-- name: all_ops_dec_5_2
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_dec_5_2

-- name: all_ops_dec_18_6
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_dec_18_6

-- name: all_ops_dec_19_0
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_dec_19_0

-- name: all_ops_dec_38_0
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_dec_38_0

-- name: all_ops_dec_38_10
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_dec_38_10

-- name: all_ops_dec_38_38
SELECT id, a, b, a = b AS eq, a <=> b AS eq_null_safe, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       a != b AS ne
FROM pair_dec_38_38

-- name: filter_lt_boolean
SELECT id, a, b FROM pair_boolean WHERE a < b

-- name: filter_lt_tinyint
SELECT id, a, b FROM pair_tinyint WHERE a < b

-- name: filter_lt_smallint
SELECT id, a, b FROM pair_smallint WHERE a < b

-- name: filter_lt_int
SELECT id, a, b FROM pair_int WHERE a < b

-- name: filter_lt_bigint
SELECT id, a, b FROM pair_bigint WHERE a < b

-- name: filter_lt_float
SELECT id, a, b FROM pair_float WHERE a < b

-- name: filter_lt_double
SELECT id, a, b FROM pair_double WHERE a < b

-- name: filter_lt_string
SELECT id, a, b FROM pair_string WHERE a < b

-- name: filter_lt_binary
SELECT id, a, b FROM pair_binary WHERE a < b

-- name: filter_lt_date
SELECT id, a, b FROM pair_date WHERE a < b

-- name: filter_lt_timestamp
SELECT id, a, b FROM pair_timestamp WHERE a < b

-- name: filter_lt_timestamp_ntz
SELECT id, a, b FROM pair_timestamp_ntz WHERE a < b

-- name: filter_lt_dec_5_2
SELECT id, a, b FROM pair_dec_5_2 WHERE a < b

-- name: filter_lt_dec_18_6
SELECT id, a, b FROM pair_dec_18_6 WHERE a < b

-- name: filter_lt_dec_19_0
SELECT id, a, b FROM pair_dec_19_0 WHERE a < b

-- name: filter_lt_dec_38_0
SELECT id, a, b FROM pair_dec_38_0 WHERE a < b

-- name: filter_lt_dec_38_10
SELECT id, a, b FROM pair_dec_38_10 WHERE a < b

-- name: filter_lt_dec_38_38
SELECT id, a, b FROM pair_dec_38_38 WHERE a < b

-- name: filter_eq_null_safe_double
SELECT id, a, b FROM pair_double WHERE a <=> b OR b >= a

-- name: filter_eq_null_safe_float
SELECT id, a, b FROM pair_float WHERE a <=> b OR b >= a

-- name: filter_eq_null_safe_string
SELECT id, a, b FROM pair_string WHERE a <=> b OR b >= a

-- name: filter_eq_null_safe_binary
SELECT id, a, b FROM pair_binary WHERE a <=> b OR b >= a

-- name: filter_eq_null_safe_timestamp
SELECT id, a, b FROM pair_timestamp WHERE a <=> b OR b >= a

-- name: filter_eq_null_safe_dec_38_10
SELECT id, a, b FROM pair_dec_38_10 WHERE a <=> b OR b >= a

-- name: filter_eq_null_safe_date
SELECT id, a, b FROM pair_date WHERE a <=> b OR b >= a
