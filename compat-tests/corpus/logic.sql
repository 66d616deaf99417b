-- AND, OR, NOT with three-valued logic (NULL AND FALSE is FALSE, NULL OR TRUE is TRUE),
-- nested, in projections and filters.
-- native
-- subset

-- name: truth_tables
SELECT id, a, b, a AND b AS and_, a OR b AS or_, NOT a AS not_a, NOT (a AND b) AS nand, NOT a OR NOT b AS demorgan
FROM pair_boolean

-- name: filter_and
SELECT id, a, b FROM pair_boolean WHERE a AND b

-- name: filter_or
SELECT id, a, b FROM pair_boolean WHERE a OR b

-- name: filter_not
SELECT id, a, b FROM pair_boolean WHERE NOT a

-- name: filter_not_or_null
SELECT id, a, b FROM pair_boolean WHERE NOT (a OR b) OR a IS NULL

-- name: comparisons_combined
SELECT id, i, l, d, s FROM edge WHERE (i > 0 AND l < 0) OR (d = d AND s IS NOT NULL) OR NOT (i <= 7)

-- name: null_comparison_and_false
SELECT id, (i = i) AND (d < 0) AS x, (i = i) OR (d < 0) AS y, NOT (d < 0 AND s = 'a') AS z FROM edge

-- name: deep_nesting
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id FROM edge
WHERE NOT (NOT (NOT (i IS NULL OR (l > 0 AND (d < 1.0 OR (f >= 0.0 AND NOT (s < 'b')))))))

-- name: boolean_column_in_logic
SELECT id, b, b AND i > 0 AS x, b OR i > 0 AS y, NOT b AS z FROM edge

-- name: filter_boolean_column
SELECT id, b, s FROM edge WHERE b
-- also-on: edge=edge_arrow_plain,edge_spark_plain

-- name: filter_not_boolean_column
SELECT id, b, s FROM edge WHERE NOT b

-- name: not_equal_operators
SELECT id, a, b, a != b AS ne, a <> b AS ne2, NOT (a <=> b) AS is_distinct FROM pair_double
-- also-on: pair_double=pair_string,pair_dec_18_6,pair_date

-- name: between
SELECT id, i, d, dt FROM edge
WHERE i BETWEEN -1 AND 65535 OR d BETWEEN -1.5 AND 0.1 OR dt BETWEEN DATE'1582-10-04' AND DATE'1970-01-01'

-- name: not_between
SELECT id, l FROM edge WHERE l NOT BETWEEN -1 AND 2147483648
