-- ANSI mode (spark.sql.ansi.enabled=true): where Spark raises, Ember must raise the same
-- error class; where it does not, the same answer. + - * / run natively in ANSI mode (the
-- sidecar's error reaches Spark as Spark's own exception); what Ember does not run in ANSI mode
-- stays in Spark with a reason.
-- conf: spark.sql.ansi.enabled=true
-- subset

-- name: int_add_overflow
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, i + 2147483647 FROM edge

-- name: long_multiply_overflow
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, l * l FROM edge

-- name: tinyint_add_overflow
-- native
-- expect-error: BINARY_ARITHMETIC_OVERFLOW
SELECT id, t + t FROM edge

-- name: divide_by_zero
-- expect-error: DIVIDE_BY_ZERO
SELECT id, i / 0 FROM edge

-- name: decimal_divide_by_zero
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, dec_5_2 / 0 FROM edge

-- name: decimal_overflow
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT id, dec_38_0 * 10 FROM edge

-- name: cast_long_to_int_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(l AS INT) FROM edge

-- name: cast_double_to_long_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(d AS BIGINT) FROM edge

-- name: cast_decimal_overflow
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT id, CAST(dec_18_6 AS DECIMAL(5, 2)) FROM edge

-- name: cast_string_to_int_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS INT) FROM edge

-- name: overflow_in_filter
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id FROM edge WHERE i * 2 > 0

-- name: no_overflow_same_answer
-- native
SELECT id, i + 1 AS a, d * 2 AS b, dec_5_2 + 1 AS c FROM edge WHERE i BETWEEN -100 AND 100

-- name: comparisons_only
SELECT id, i, d, s FROM edge WHERE i > 0 AND d < 1 AND s <> 'a'

-- name: safe_casts
SELECT id, CAST(t AS INT) AS a, CAST(i AS BIGINT) AS b, CAST(i AS DOUBLE) AS c, CAST(dec_5_2 AS DECIMAL(10, 2)) AS d_
FROM edge

-- name: try_add_no_error
SELECT id, try_add(i, 2147483647) AS a, try_multiply(l, l) AS b, try_divide(i, 0) AS c FROM edge

-- name: legacy_again
-- conf: spark.sql.ansi.enabled=false
SELECT id, i + 2147483647 AS a, l * l AS b, i / 0 AS c, CAST(l AS INT) AS d_ FROM edge

-- name: smallint_multiply_overflow
-- native
-- expect-error: BINARY_ARITHMETIC_OVERFLOW
SELECT id, sm * sm FROM edge

-- name: int_subtract_overflow
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, i - 2147483647 - 2 FROM edge

-- name: long_add_overflow_from_pairs
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT a + b FROM pair_bigint

-- name: decimal_subtract_overflow_pairs
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT a - b FROM pair_dec_38_0

-- name: overflow_only_in_null_rows
-- native
SELECT id, i + 2147483647 FROM edge WHERE i IS NULL OR i <= 0

-- name: double_arithmetic_never_raises
-- native
SELECT id, d + d AS a, d * d AS b, d - 1e308 AS c, f * f AS e FROM edge

-- name: decimal_arithmetic_in_range
-- native
SELECT id, dec_5_2 + dec_5_2 AS a, dec_18_6 * dec_5_2 AS b, dec_18_6 - dec_5_2 AS c, dec_5_2 / dec_18_6 AS q
FROM edge WHERE dec_18_6 <> 0

-- name: decimal_divide_by_zero_column
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, dec_18_6 / dec_5_2 FROM edge

-- name: division_by_zero_in_untaken_branch
-- native
SELECT id, CASE WHEN dec_5_2 <> 0 THEN dec_18_6 / dec_5_2 END FROM edge

-- name: unary_minus_int_minimum
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, -i FROM edge

-- name: abs_tinyint_minimum
-- native
-- expect-error: _LEGACY_ERROR_TEMP_2043
SELECT id, abs(t) FROM edge

-- name: abs_and_negate_in_range
-- native
SELECT id, abs(i) AS a, -l AS b, abs(d) AS c, -f AS e FROM edge WHERE i > -1000 AND l > -1000000

-- name: remainder_by_zero
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, l % 0 FROM edge

-- name: pmod_double_by_zero
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, pmod(d, CAST(0 AS DOUBLE)) FROM edge

-- name: div_long_overflow
-- native
-- expect-error: ARITHMETIC_OVERFLOW
SELECT id, l div CAST(-1 AS BIGINT) FROM edge

-- name: remainder_pmod_div_nonzero
-- native
SELECT id, i % 7 AS r, pmod(l, 5) AS p, l div 3 AS q, d % 2.5 AS dr FROM edge

-- name: remainder_zero_divisor_null_dividend
-- native
SELECT id, i % 0 FROM edge WHERE i IS NULL

-- name: decimal_remainder_by_zero
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, a % b FROM pair_dec_18_6

-- name: decimal_pmod_by_zero
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, pmod(a, b) FROM pair_dec_5_2

-- name: decimal_div_by_zero
-- native
-- expect-error: DIVIDE_BY_ZERO
SELECT id, a div b FROM pair_dec_38_10

-- name: decimal_remainder_pmod_div_nonzero
-- native
SELECT id, a, b, a % b AS r, pmod(a, b) AS p, a div b AS q FROM pair_dec_38_10 WHERE b <> 0
-- also-on: pair_dec_38_10=pair_dec_5_2,pair_dec_18_6,pair_dec_38_38

-- name: decimal_mixed_remainder_nonzero
-- native
SELECT id, dec_18_6 % dec_5_2 AS r, pmod(dec_38_10, dec_9_4) AS p, dec_28_10 div dec_5_2 AS q,
       dec_5_2 % dec_38_0 AS s
FROM edge WHERE dec_5_2 <> 0 AND dec_9_4 <> 0 AND dec_38_0 <> 0

-- name: decimal_zero_divisor_null_dividend
-- native
SELECT id, dec_18_6 % CAST(0 AS DECIMAL(5,2)) AS r, dec_18_6 div CAST(0 AS DECIMAL(5,2)) AS q FROM edge
WHERE dec_18_6 IS NULL

-- name: decimal_abs_negate
-- native
SELECT id, -dec_38_38 AS a, abs(dec_38_10) AS b, -dec_5_2 AS c, abs(dec_38_0) AS d_ FROM edge

-- name: cast_widening_native
-- native
SELECT id, CAST(t AS SMALLINT) AS a, CAST(sm AS INT) AS b, CAST(i AS BIGINT) AS c, CAST(l AS DOUBLE) AS d_,
       CAST(l AS FLOAT) AS e, CAST(f AS DOUBLE) AS f_, CAST(d AS FLOAT) AS g, CAST(dec_38_38 AS DOUBLE) AS h,
       CAST(dec_38_0 AS FLOAT) AS i_, CAST(i AS DECIMAL(10,0)) AS j, CAST(t AS DECIMAL(5,2)) AS k,
       CAST(l AS DECIMAL(38,18)) AS l_, CAST(dec_5_2 AS DECIMAL(10,3)) AS m, CAST(dec_18_6 AS DECIMAL(38,6)) AS n
FROM edge

-- name: cast_smallint_to_tinyint_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(sm AS TINYINT) FROM edge

-- name: cast_float_to_int_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(f AS INT) FROM edge

-- name: cast_double_nan_to_long
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(d AS BIGINT) FROM edge WHERE isnan(d)

-- name: cast_decimal_to_int_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(dec_38_10 AS INT) FROM edge

-- name: cast_decimal_to_tinyint_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(dec_5_2 AS TINYINT) FROM edge

-- name: cast_decimal_to_long_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(dec_38_0 AS BIGINT) FROM edge

-- name: cast_int_to_decimal_overflow
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT id, CAST(i AS DECIMAL(5,2)) FROM edge

-- name: cast_decimal_round_overflow
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT id, CAST(dec_5_2 AS DECIMAL(4,1)) FROM edge

-- name: cast_narrowing_in_range
SELECT id, CAST(i AS SMALLINT) AS a, CAST(l AS INT) AS b, CAST(d AS INT) AS c, CAST(dec_38_38 AS TINYINT) AS d_,
       CAST(dec_28_10 AS BIGINT) AS e, CAST(dec_9_4 AS INT) AS f_, CAST(dec_5_2 AS DECIMAL(6,3)) AS g
FROM edge WHERE i BETWEEN -100 AND 100 AND l BETWEEN -100 AND 100 AND d BETWEEN -100 AND 100

-- name: cast_to_string_native
-- native
SELECT id, CAST(i AS STRING) AS a, CAST(l AS STRING) AS b_, CAST(b AS STRING) AS c, CAST(dec_38_38 AS STRING) AS d_,
       CAST(dec_28_10 AS STRING) AS e, CAST(dec_5_2 AS STRING) AS f_, CAST(b AS INT) AS g, CAST(d AS BOOLEAN) AS h,
       CAST(b AS DECIMAL(5,2)) AS i_
FROM edge

-- name: cast_string_to_boolean_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS BOOLEAN) FROM edge

-- name: cast_string_to_double_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS DOUBLE) FROM edge

-- name: cast_string_to_decimal_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS DECIMAL(10,2)) FROM edge

-- name: cast_string_decimal_part_to_int
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(CAST(dec_5_2 AS STRING) AS INT) FROM edge

-- name: cast_string_to_decimal_overflow
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT id, CAST(CAST(dec_18_6 AS STRING) AS DECIMAL(5,2)) FROM edge

-- name: cast_string_to_tinyint_out_of_range
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(CAST(sm AS STRING) AS TINYINT) FROM edge

-- name: cast_boolean_to_decimal_overflow
-- native
-- expect-error: NUMERIC_VALUE_OUT_OF_RANGE
SELECT id, CAST(b AS DECIMAL(2,2)) FROM edge

-- name: cast_valid_strings
SELECT id, CAST(CAST(i AS STRING) AS INT) AS a, CAST(CAST(l AS STRING) AS BIGINT) AS b_,
       CAST(CAST(dec_38_10 AS STRING) AS DECIMAL(38,10)) AS c, CAST(CAST(b AS STRING) AS BOOLEAN) AS d_,
       CAST(CAST(dec_38_38 AS STRING) AS DECIMAL(38,38)) AS e
FROM edge

-- name: cast_datetime_native
-- native
SELECT id, CAST(dt AS STRING) AS a, CAST(ts AS STRING) AS b_, CAST(ts AS DATE) AS c, CAST(ts AS BIGINT) AS d_,
       CAST(ts AS DOUBLE) AS e, CAST(ntz AS DATE) AS f_
FROM edge

-- name: cast_timestamp_to_int_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(ts AS INT) FROM edge

-- name: cast_string_to_date_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS DATE) FROM edge

-- name: cast_string_to_timestamp_valid
-- native
SELECT id, x, CAST(x AS TIMESTAMP) AS a, CAST(x AS TIMESTAMP_NTZ) AS b_
FROM (SELECT id, CASE id % 6
  WHEN 0 THEN '2023-03-12 02:30:00' WHEN 1 THEN ' 2023-11-05T01:30:00.5 ' WHEN 2 THEN '2023'
  WHEN 3 THEN '2023-03-12 10:30:15+08:00' WHEN 4 THEN '2023-03-12 10:30:15 Europe/Berlin' ELSE CAST(dt AS STRING) END AS x
  FROM edge WHERE dt IS NULL OR dt BETWEEN DATE'0002-01-01' AND DATE'9998-01-01')

-- name: cast_string_to_timestamp_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS TIMESTAMP) FROM edge

-- name: cast_string_to_timestamp_ntz_invalid
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(s AS TIMESTAMP_NTZ) FROM edge

-- name: cast_string_to_timestamp_bad_zone
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(CONCAT(CAST(dt AS STRING), ' 12:00:00 ', CASE WHEN id % 3 = 0 THEN 'Mars/Base' ELSE 'UTC' END) AS TIMESTAMP)
FROM edge

-- name: cast_double_to_timestamp_valid
-- native
SELECT id, CAST(CASE WHEN abs(d) < 1e11 THEN d END AS TIMESTAMP) AS a,
       CAST(CASE WHEN abs(dec_18_6) < 1e11 THEN dec_18_6 END AS TIMESTAMP) AS b_
FROM edge

-- name: cast_double_nan_to_timestamp
-- native
-- expect-error: CAST_INVALID_INPUT
SELECT id, CAST(CASE WHEN abs(d) < 1e11 THEN d ELSE CAST('NaN' AS DOUBLE) END AS TIMESTAMP) FROM edge

-- name: cast_double_to_timestamp_overflow
-- native
-- expect-error: CAST_OVERFLOW
SELECT id, CAST(CAST(l AS DOUBLE) * 1e10 AS TIMESTAMP) FROM edge
