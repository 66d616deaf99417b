-- Literals of every primitive type, typed NULLs included, projected next to columns and
-- used in filters (Spark folds the casts below into literals).
-- native
-- subset

-- name: every_type
SELECT id,
       TRUE AS bool_t, FALSE AS bool_f,
       CAST(-128 AS TINYINT) AS tiny, CAST(32767 AS SMALLINT) AS small, 2147483647 AS int_max,
       -9223372036854775808L AS long_min,
       CAST('NaN' AS FLOAT) AS float_nan, CAST('-0.0' AS FLOAT) AS float_neg_zero, CAST('3.4028235E38' AS FLOAT) AS float_max,
       CAST('-Infinity' AS DOUBLE) AS double_ninf, -0.0D AS double_neg_zero, 4.9E-324D AS double_min,
       CAST('NaN' AS DOUBLE) AS double_nan,
       1.5 AS dec_2_1, 99999999999999999999999999999999999999 AS dec_38_0,
       -0.00000000000000000000000000000000000001 AS dec_38_38, CAST(12.345 AS DECIMAL(18, 6)) AS dec_18_6,
       '' AS empty_string, 'Ünïcødé ✓ 日本語 😀' AS multibyte,
       X'' AS empty_binary, X'00FF7F80' AS bytes,
       DATE'0001-01-01' AS date_min, DATE'1582-10-04' AS date_julian, DATE'9999-12-31' AS date_max,
       TIMESTAMP'2023-03-12 02:30:00' AS ts_in_gap, TIMESTAMP'2023-11-05 01:30:00' AS ts_ambiguous,
       TIMESTAMP'1900-01-01 00:00:00Z' AS ts_utc_literal,
       TIMESTAMP_NTZ'2023-03-12 02:30:00' AS ntz_in_gap, TIMESTAMP_NTZ'0001-01-02 00:00:00' AS ntz_old
FROM edge

-- name: typed_nulls
SELECT id, CAST(NULL AS BOOLEAN) AS n_bool, CAST(NULL AS TINYINT) AS n_tiny, CAST(NULL AS SMALLINT) AS n_small,
       CAST(NULL AS INT) AS n_int, CAST(NULL AS BIGINT) AS n_long, CAST(NULL AS FLOAT) AS n_float,
       CAST(NULL AS DOUBLE) AS n_double, CAST(NULL AS DECIMAL(38, 10)) AS n_dec, CAST(NULL AS STRING) AS n_string,
       CAST(NULL AS BINARY) AS n_binary, CAST(NULL AS DATE) AS n_date, CAST(NULL AS TIMESTAMP) AS n_ts,
       CAST(NULL AS TIMESTAMP_NTZ) AS n_ntz
FROM edge

-- name: literal_comparisons_every_type
SELECT id,
       b = TRUE AS b_true, t = CAST(-128 AS TINYINT) AS t_min, sm < CAST(0 AS SMALLINT) AS sm_neg,
       i = 2147483647 AS i_max, l = -9223372036854775808L AS l_min, f = CAST('NaN' AS FLOAT) AS f_nan,
       d = CAST('NaN' AS DOUBLE) AS d_nan, d = -0.0D AS d_zero, d > CAST('Infinity' AS DOUBLE) AS d_above_inf,
       dec_38_10 > CAST(0 AS DECIMAL(38, 10)) AS dec_pos, s = '' AS s_empty, s > '日' AS s_cjk,
       bin = X'' AS bin_empty, bin > X'7F' AS bin_high, dt < DATE'1582-10-15' AS dt_julian,
       ts >= TIMESTAMP'2023-03-12 03:00:00' AS ts_after_dst, ntz < TIMESTAMP_NTZ'1970-01-01 00:00:00' AS ntz_neg
FROM edge

-- name: literal_with_null_comparisons
SELECT id, i = CAST(NULL AS INT) AS eq_null, i <=> CAST(NULL AS INT) AS ens_null, s <=> CAST(NULL AS STRING) AS s_null,
       d <=> CAST(NULL AS DOUBLE) AS d_null
FROM edge

-- name: only_literals
SELECT 1 AS one, 'x' AS x, CAST(NULL AS DECIMAL(10, 2)) AS n FROM edge WHERE id < 5

-- name: invalid_utf8_string_literals
-- native: false
-- (a string literal of malformed UTF-8, here folded from CAST(binary AS STRING), would reach the
-- sidecar as text with U+FFFD: the literal serde declines it wherever it appears)
SELECT id, s = CAST(X'FF' AS STRING) AS a, coalesce(s, CAST(X'C3' AS STRING)) AS b,
       CASE WHEN i > 0 THEN CAST(X'EDA080' AS STRING) ELSE s END AS c
FROM edge

-- name: valid_utf8_string_literals
SELECT id, s = CAST(X'C3A9' AS STRING) AS a, coalesce(s, '日本語😀') AS b FROM edge
