-- Expressions and casts Ember does not run natively (at the time of writing): the operator
-- that holds them stays in Spark, with its reason, and the answer must still be Spark's,
-- with the Parquet scan below still native.

-- name: string_functions
SELECT id, upper(s) AS u, lower(s) AS l, length(s) AS n, substr(s, 2, 3) AS sub, concat(s, '!') AS c,
       trim(s) AS t, reverse(s) AS r
FROM edge

-- name: string_predicates
SELECT id, s FROM edge WHERE s LIKE 'a%' OR s RLIKE '^[A-Z]' OR startswith(s, 'lo') OR contains(s, '本')

-- name: cast_numbers_to_string
SELECT id, CAST(i AS STRING) AS a, CAST(d AS STRING) AS b, CAST(f AS STRING) AS c, CAST(dec_38_38 AS STRING) AS d_,
       CAST(b AS STRING) AS e
FROM edge

-- name: cast_strings_to_numbers
SELECT id, s, CAST(s AS INT) AS a, CAST(s AS DOUBLE) AS b, CAST(s AS DECIMAL(10, 2)) AS c FROM edge

-- name: cast_float_to_decimal
SELECT id, f, d, CAST(f AS DECIMAL(10, 4)) AS a, CAST(d AS DECIMAL(38, 10)) AS b, CAST(d AS DECIMAL(5, 2)) AS c
FROM edge

-- name: cast_datetime
SELECT id, CAST(dt AS TIMESTAMP) AS a, CAST(ts AS DATE) AS b, CAST(ts AS STRING) AS c, CAST(ntz AS TIMESTAMP) AS d_,
       CAST(ts AS TIMESTAMP_NTZ) AS e, CAST(dt AS STRING) AS f_
FROM edge WHERE dt > DATE'0001-01-02' AND ts > TIMESTAMP'0001-01-03 00:00:00' AND dt < DATE'9999-01-01'
  AND ntz < TIMESTAMP_NTZ'9999-01-01 00:00:00'

-- name: cast_boolean
SELECT id, CAST(b AS INT) AS a, CAST(i AS BOOLEAN) AS b_, CAST(d AS BOOLEAN) AS c, CAST(s AS BOOLEAN) AS d_ FROM edge

-- name: datetime_fields_in_session_zone
SELECT id, year(dt) AS y, month(dt) AS m, dayofweek(dt) AS dow, hour(ts) AS h, minute(ts) AS mi, hour(ntz) AS hn,
       date_add(dt, 1) AS next
FROM edge WHERE dt > DATE'1000-01-01' AND dt < DATE'9999-01-01'
  AND ntz < TIMESTAMP_NTZ'9999-01-01 00:00:00'

-- name: datetime_fields_across_dst
SELECT id, ts, hour(ts) AS h, date_format(ts, 'yyyy-MM-dd HH:mm:ss XXX') AS local, unix_timestamp(ts) AS u,
       from_utc_timestamp(ts, 'Europe/Berlin') AS berlin
FROM dst

-- name: math_functions
SELECT id, sqrt(d) AS a, exp(f) AS b, ln(i) AS c, floor(d) AS d_, ceil(dec_18_6) AS e, round(d, 2) AS f_,
       round(dec_38_10, 3) AS g, bround(dec_5_2, 1) AS h
FROM edge

-- name: hash_functions
SELECT id, hash(i, s, d) AS h, xxhash64(l, dec_38_10, bin) AS x, md5(bin) AS m, crc32(bin) AS c FROM edge

-- name: mixed_project_supported_and_not
SELECT id, i + 1 AS supported, upper(s) AS unsupported, d * 2 AS supported_too FROM edge WHERE i > 0

-- name: supported_filter_unsupported_project
SELECT id, length(s) AS n FROM edge WHERE i > 0 AND s IS NOT NULL

-- name: unsupported_filter_supported_project
SELECT id, i + 1 AS a FROM edge WHERE upper(s) = 'ABC'

-- name: null_type_literal
SELECT id, NULL AS n, i FROM edge

-- name: nondeterministic_filter
SELECT count(*) > 0 AS x FROM edge WHERE rand(42) >= 0

-- name: input_file_name
SELECT id, input_file_name() LIKE '%part-0%' AS from_part0 FROM edge_arrow_plain

-- name: partitioned_table_scan
SELECT id, s, d, b, t FROM edge_partitioned WHERE b IS NOT NULL AND d > 0

-- name: partitioned_table_partition_filter
SELECT id, s, b, t FROM edge_partitioned WHERE t < 0 OR t IS NULL

-- name: disabled_expression
-- conf: spark.ember.expression.Add.enabled=false
SELECT id, i + 1 AS a, i * 2 AS b FROM edge

-- name: disabled_operator
-- conf: spark.ember.operator.Filter.enabled=false
SELECT id, i FROM edge WHERE i > 0

-- name: disabled_scan
-- conf: spark.ember.operator.ParquetScan.enabled=false
SELECT id, i * 2 AS x FROM edge WHERE i > 0

-- name: interval_arithmetic
SELECT id, ts + INTERVAL '1' HOUR AS b, ts - INTERVAL '90' MINUTE AS c, ntz + INTERVAL 1 DAY AS d_ FROM dst

-- name: timestamp_difference
SELECT id, ts - TIMESTAMP'2023-03-12 00:00:00' AS diff, datediff(dt, DATE'1970-01-01') AS days FROM edge

-- name: complex_types
SELECT id, array(i, i + 1) AS arr, named_struct('a', s, 'b', d) AS st, map(s, i) AS m FROM edge WHERE s IS NOT NULL

-- name: case_sensitive_columns
-- conf: spark.sql.caseSensitive=true
SELECT id, I FROM (SELECT id, i AS I FROM edge)
