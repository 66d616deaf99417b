-- ROLLUP, CUBE, GROUPING SETS and several count(DISTINCT): Spark plans them through
-- ExpandExec, which Ember runs natively (each input row's projections in Spark's order),
-- over every type of grouping column with nulls.

-- name: rollup_int_string
-- subset
SELECT i, s, count(*) AS n, sum(l) AS sl, grouping_id() AS gid FROM edge GROUP BY ROLLUP(i, s)
-- also-on: edge=edge_nulls

-- name: cube_boolean_date
SELECT b, dt, count(*) AS n, max(d) AS md, grouping(b) AS gb, grouping(dt) AS gdt FROM edge GROUP BY CUBE(b, dt)

-- name: grouping_sets_mixed_types
SELECT s, ts, dec_38_10, count(i) AS n FROM edge GROUP BY GROUPING SETS ((s), (ts, dec_38_10), ())

-- name: rollup_expressions
SELECT i % 3 AS m, upper(s) AS us, count(*) AS n FROM edge GROUP BY ROLLUP(i % 3, upper(s))

-- name: several_count_distinct
-- subset
SELECT count(DISTINCT i) AS di, count(DISTINCT s) AS ds, count(DISTINCT dt) AS ddt, count(*) AS n FROM edge
-- also-on: edge=edge_nulls

-- name: several_count_distinct_grouped
SELECT b, count(DISTINCT i) AS di, count(DISTINCT ntz) AS dn, sum(DISTINCT sm) AS ss FROM edge GROUP BY b
