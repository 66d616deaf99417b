-- UNION ALL of native branches: each Spark task reads one branch, as Spark's union does;
-- branches of different writers, nullability and file counts.
-- native

-- name: union_all_two_tables
-- subset
SELECT id, i, s, d FROM edge UNION ALL SELECT id, i, s, d FROM edge_nulls

-- name: union_all_three_branches_with_projections
SELECT id, i + 1 AS v, upper(s) AS s FROM edge
UNION ALL SELECT id, l AS v, s FROM edge_arrow_dict
UNION ALL SELECT id, 7 AS v, 'x' AS s FROM edge_spark_plain WHERE id < 10

-- name: union_all_every_type
SELECT * FROM edge UNION ALL SELECT * FROM edge_arrow_plain

-- name: union_all_with_empty_branch
SELECT id, ts, ntz, dec_38_10 FROM edge UNION ALL SELECT id, ts, ntz, dec_38_10 FROM edge_empty_arrow

-- name: union_all_filter_above
SELECT * FROM (SELECT id, i, f FROM edge UNION ALL SELECT id, i, f FROM edge_nulls_arrow) WHERE i > 0 OR f IS NULL

-- name: union_distinct_native_aggregate
-- UNION (distinct) is an aggregate over the union: both run natively.
SELECT i, s FROM edge UNION SELECT i, s FROM edge_nulls

-- name: union_all_of_aggregates_over_exchanges
-- Both branches end in a final aggregate over Spark's exchange: one region reads both
-- exchanges, each task the rows of its branch's partition.
SELECT 'i' AS kind, i % 5 AS k, count(*) AS n, sum(l) AS s FROM edge GROUP BY i % 5
UNION ALL SELECT 'b' AS kind, CAST(b AS INT) AS k, count(*) AS n, sum(l) AS s FROM edge_nulls GROUP BY b

-- name: union_all_three_aggregates_over_exchanges_filtered
SELECT * FROM (
  SELECT s AS k, count(*) AS n FROM edge GROUP BY s
  UNION ALL SELECT CAST(i AS STRING) AS k, count(*) AS n FROM edge_arrow_dict GROUP BY i
  UNION ALL SELECT CAST(dt AS STRING) AS k, max(id) AS n FROM edge_spark_plain GROUP BY dt)
WHERE n > 0

-- name: union_all_of_aggregates_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT i % 3 AS k, count(*) AS n FROM edge GROUP BY i % 3
UNION ALL SELECT i % 4 AS k, count(*) AS n FROM edge_nulls GROUP BY i % 4

-- name: union_all_of_repartitioned_rows_stays_in_spark
-- native: false
-- A Union of bare exchanges only converts rows to Arrow and back: left to Spark.
SELECT id, i FROM (SELECT /*+ REPARTITION(3) */ id, i FROM edge)
UNION ALL SELECT id, i FROM (SELECT /*+ REPARTITION(2) */ id, i FROM edge_nulls)
