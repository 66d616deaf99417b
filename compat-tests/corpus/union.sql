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

-- name: union_distinct_runs_in_spark_aggregate
-- native: false
SELECT i, s FROM edge UNION SELECT i, s FROM edge_nulls
