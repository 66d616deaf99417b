-- Native range exchanges (ORDER BY, REPARTITION_BY_RANGE): Spark's RangePartitioner samples
-- the bounds from the region's rows on the driver, the region's map tasks send each row to
-- the first bound not below its sort keys (the sidecar compares with the Sort operator's
-- ordering), and the Sort above reads the blocks. Every key type, ASC/DESC, NULLS FIRST/LAST,
-- NaN above every number and equal to itself, -0.0 equal to 0.0, strings and binary in
-- unsigned byte order, several keys, fewer distinct keys than partitions (fewer bounds),
-- empty inputs (no bounds; without AQE, which replaces an empty stage by an empty
-- LocalTableScan), AQE on (with and without coalescing) and off. Seven partitions,
-- not coalesced, so that rows do cross range boundaries. ORDER BY keys end with the unique
-- `id`: the order is total and compared row by row.
-- native
-- conf: spark.sql.shuffle.partitions=7
-- conf: spark.sql.adaptive.coalescePartitions.enabled=false

-- name: range_double_nan_nulls
-- ordered
-- subset
SELECT id, d FROM edge ORDER BY d, id
-- also-on: edge=edge_nulls

-- name: range_double_desc_nulls_first
-- ordered
SELECT id, d FROM edge ORDER BY d DESC NULLS FIRST, id DESC

-- name: range_float_nulls_last
-- ordered
SELECT id, f FROM edge ORDER BY f ASC NULLS LAST, id

-- name: range_float_desc
-- ordered
SELECT id, f FROM edge ORDER BY f DESC, id

-- name: range_integers
-- ordered
-- subset
SELECT id, t, sm, i, l FROM edge ORDER BY i DESC, id

-- name: range_long_nulls_last
-- ordered
SELECT id, l FROM edge ORDER BY l ASC NULLS LAST, id

-- name: range_tiny_small
-- ordered
SELECT id, t, sm FROM edge ORDER BY t DESC NULLS LAST, sm NULLS LAST, id

-- name: range_decimals
-- ordered
-- subset
SELECT id, dec_38_10, dec_5_2 FROM edge ORDER BY dec_38_10 DESC, id

-- name: range_decimal_short
-- ordered
SELECT id, dec_5_2, dec_18_6 FROM edge ORDER BY dec_18_6 NULLS LAST, dec_5_2 DESC, id

-- name: range_strings
-- ordered
-- subset
SELECT id, s FROM edge ORDER BY s, id
-- also-on: edge=edge_nulls

-- name: range_strings_desc_nulls_first
-- ordered
SELECT id, s FROM edge ORDER BY s DESC NULLS FIRST, id

-- name: range_binary
-- ordered
SELECT id, bin FROM edge ORDER BY bin DESC NULLS LAST, id

-- name: range_dates_timestamps
-- ordered
SELECT id, dt, ts, ntz FROM edge ORDER BY dt, ts DESC, id

-- name: range_timestamp_ntz
-- ordered
SELECT id, ntz FROM edge ORDER BY ntz DESC NULLS FIRST, id

-- name: range_boolean_few_bounds
-- ordered
-- subset
SELECT id, b FROM edge ORDER BY b DESC, id

-- name: range_several_keys
-- ordered
-- subset
SELECT id, s, b, dec_18_6, d FROM edge ORDER BY s DESC NULLS LAST, b, dec_18_6 DESC, d NULLS LAST, id

-- name: range_expression_key
-- ordered
SELECT id, i, l FROM edge ORDER BY i + 1 DESC, l % 7, id

-- name: range_no_aqe
-- ordered
-- subset
-- conf: spark.sql.adaptive.enabled=false
SELECT id, s, d, ts FROM edge ORDER BY d DESC, s, id
-- also-on: edge=edge_empty

-- name: range_aqe_coalesced
-- ordered
-- conf: spark.sql.adaptive.coalescePartitions.enabled=true
-- conf: spark.sql.shuffle.partitions=40
SELECT id, l, s FROM edge ORDER BY l, id

-- name: range_over_aggregate
-- ordered
SELECT s, count(*) AS n, max(id) AS m FROM edge GROUP BY s ORDER BY n DESC, s

-- name: repartition_by_range
-- subset
SELECT id, i, s, d FROM (SELECT /*+ REPARTITION_BY_RANGE(5, i, s) */ * FROM edge)
-- also-on: edge=edge_empty

-- name: repartition_by_range_then_aggregate
SELECT s, count(*), sum(i) FROM (SELECT /*+ REPARTITION_BY_RANGE(4, d) */ * FROM edge) GROUP BY s
