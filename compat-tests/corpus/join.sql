-- Joins (in Spark today) over Ember's scans: NaN join keys match each other, -0.0 matches
-- 0.0, NULL keys never match (but <=> does); broadcast and sort-merge joins, semi, anti and
-- outer joins.

-- name: self_join_double_keys
SELECT x.id AS xid, y.id AS yid, x.d FROM edge x JOIN edge_arrow_plain y ON x.d = y.d WHERE x.id < 40

-- name: join_sort_merge
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid, x.s FROM edge x JOIN edge_spark_plain y ON x.s = y.s AND x.i = y.i

-- name: join_null_safe
SELECT x.id AS xid, y.id AS yid FROM edge x JOIN edge_arrow_dict y ON x.dec_38_10 <=> y.dec_38_10 WHERE x.id < 60

-- name: left_outer_join
SELECT x.id AS xid, y.id AS yid, y.ts FROM edge x LEFT JOIN dst y ON x.ts = y.ts

-- name: full_outer_join
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid FROM pair_int x FULL OUTER JOIN pair_bigint y ON x.a = y.a AND x.b = y.b

-- name: semi_join
SELECT id, s FROM edge WHERE s IN (SELECT a FROM pair_string WHERE b = 'abc')

-- name: anti_join
SELECT id, i FROM edge WHERE NOT EXISTS (SELECT 1 FROM pair_int p WHERE p.a = edge.i AND p.b = 7)

-- name: join_float_zero_and_nan
SELECT x.id AS xid, y.id AS yid, x.a, y.a AS ya FROM pair_float x JOIN pair_float y ON x.a = y.a
WHERE x.b IS NULL AND y.b IS NULL

-- name: join_with_native_filters
SELECT o.o_orderkey, o.o_orderdate, l.l_linenumber, l.l_extendedprice * (1 - l.l_discount) AS rev
FROM orders o JOIN lineitem l ON o.o_orderkey = l.l_orderkey
WHERE o.o_orderdate < DATE'1993-01-01' AND l.l_quantity > 45

-- name: tpch_three_way
SELECT n.n_name, count(*) AS suppliers, sum(s.s_acctbal) AS bal
FROM supplier s JOIN nation n ON s.s_nationkey = n.n_nationkey JOIN region r ON n.n_regionkey = r.r_regionkey
WHERE r.r_name <> 'ASIA' GROUP BY n.n_name

-- name: scalar_subquery
SELECT id, d FROM edge WHERE d > (SELECT avg(d) FROM edge WHERE d BETWEEN -10 AND 10)

-- name: union_all
SELECT id, s FROM edge WHERE i > 0 UNION ALL SELECT id, s FROM edge_arrow_plain WHERE i < 0

-- name: intersect_except
SELECT s FROM edge INTERSECT SELECT a FROM pair_string EXCEPT SELECT s FROM edge WHERE s = 'a'

-- name: smj_stacked_same_key
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid, z.id AS zid FROM edge x JOIN pair_int y ON x.i = y.a JOIN pair_int z ON x.i = z.a

-- name: smj_order_relied_by_window
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid, z.id AS zid, count(*) OVER (PARTITION BY x.i) AS n
FROM edge x JOIN pair_int y ON x.i = y.a JOIN pair_int z ON x.i = z.a

-- name: smj_four_on_one_key
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid, z.id AS zid, w.id AS wid FROM edge x JOIN pair_int y ON x.i = y.a
JOIN pair_int z ON x.i = z.a LEFT JOIN pair_int w ON x.i = w.b

-- name: smj_four_on_one_key_no_aqe
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, z.id AS zid, w.id AS wid FROM edge x JOIN pair_int y ON x.i = y.a
JOIN pair_int z ON x.i = z.a LEFT JOIN pair_int w ON x.i = w.b

-- name: smj_five_on_one_key
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid, z.id AS zid, w.id AS wid, v.id AS vid FROM edge x JOIN pair_int y ON x.i = y.a
JOIN pair_int z ON x.i = z.a LEFT JOIN pair_int w ON x.i = w.b JOIN edge_arrow_plain v ON x.i = v.i

-- name: smj_five_on_one_key_no_aqe
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, z.id AS zid, w.id AS wid, v.id AS vid FROM edge x JOIN pair_int y ON x.i = y.a
JOIN pair_int z ON x.i = z.a LEFT JOIN pair_int w ON x.i = w.b JOIN edge_arrow_plain v ON x.i = v.i
