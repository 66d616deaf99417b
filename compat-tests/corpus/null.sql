-- IS NULL and IS NOT NULL on every type, in projections and filters, over columns with some
-- NULLs, all-null columns, empty tables; null-safe equality with NULL.
-- native
-- subset

-- name: is_null_every_column
SELECT id, b IS NULL, t IS NULL, sm IS NULL, i IS NULL, l IS NULL, f IS NULL, d IS NULL, dec_1_0 IS NULL,
       dec_38_38 IS NULL, s IS NULL, bin IS NULL, dt IS NULL, ts IS NULL, ntz IS NULL
FROM edge
-- also-on: edge=edge_nulls,edge_empty,edge_arrow_dict

-- name: is_not_null_every_column
SELECT id, b IS NOT NULL, t IS NOT NULL, sm IS NOT NULL, i IS NOT NULL, l IS NOT NULL, f IS NOT NULL,
       d IS NOT NULL, dec_19_0 IS NOT NULL, dec_38_0 IS NOT NULL, s IS NOT NULL, bin IS NOT NULL, dt IS NOT NULL,
       ts IS NOT NULL, ntz IS NOT NULL
FROM edge
-- also-on: edge=edge_nulls,edge_arrow_plain

-- name: filter_is_null_double
SELECT id, d FROM edge WHERE d IS NULL

-- name: filter_is_not_null_string
SELECT id, s FROM edge WHERE s IS NOT NULL

-- name: filter_is_null_decimal
SELECT id, dec_38_10, dec_5_2 FROM edge WHERE dec_38_10 IS NULL OR dec_5_2 IS NULL

-- name: filter_is_null_timestamps
SELECT id, ts, ntz FROM edge WHERE ts IS NULL AND ntz IS NOT NULL

-- name: filter_is_null_binary_date
SELECT id, bin, dt FROM edge WHERE bin IS NULL OR dt IS NULL

-- name: filter_is_null_boolean
SELECT id, b FROM edge WHERE b IS NULL

-- name: filter_is_not_null_all_null_table
SELECT * FROM edge_nulls WHERE i IS NOT NULL
-- also-on: edge_nulls=edge_nulls_arrow

-- name: filter_is_null_all_null_table
SELECT * FROM edge_nulls WHERE s IS NULL AND dec_38_38 IS NULL
-- also-on: edge_nulls=edge_nulls_arrow

-- name: null_of_expression
SELECT id, (i + 1) IS NULL AS a, (d / 0) IS NULL AS b, (dec_38_0 * dec_38_0) IS NULL AS c, (i < l) IS NOT NULL AS e
FROM edge

-- name: null_safe_equal_null
SELECT id, i <=> NULL AS a, NULL <=> s AS b, CAST(NULL AS DOUBLE) <=> CAST(NULL AS DOUBLE) AS c FROM edge

-- name: pairs_null_tests
SELECT id, a IS NULL, b IS NOT NULL, a IS NULL AND b IS NULL FROM pair_timestamp_ntz
-- also-on: pair_timestamp_ntz=pair_binary,pair_dec_38_38,pair_float
