-- Joins over shuffles run natively: sort-merge joins as Ember's hash join (without their
-- sorts, spark.ember.sortMergeJoin.replaceWithHashJoin) and shuffled hash joins, each task
-- reading partition i of both exchanges (two Arrow inputs, pulled by the sidecar). Broadcasts
-- are off, so Spark plans every equi-join over shuffles. Every join type, NULL and duplicate
-- keys (the edge and pair tables repeat their values), empty and all-NULL sides, extra
-- conditions, several keys, skewed keys with AQE's skew-join splitting; AQE on and off.
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
-- native

-- name: smj_inner_int
-- subset
SELECT x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a
-- also-on: edge=edge_arrow_dict

-- name: smj_inner_int_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a

-- name: smj_left_outer
SELECT x.id AS xid, y.id AS yid, x.i, y.b FROM edge x LEFT JOIN pair_int y ON x.i = y.a AND y.b = 7

-- name: smj_left_outer_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, x.i, y.b FROM edge x LEFT JOIN pair_int y ON x.i = y.a

-- name: smj_right_outer
SELECT x.id AS xid, y.id AS yid, x.b, y.sm FROM pair_smallint x RIGHT JOIN edge y ON x.a = y.sm

-- name: smj_full_outer
SELECT x.id AS xid, y.id AS yid, x.s, y.b FROM edge x FULL OUTER JOIN pair_string y ON x.s = y.a

-- name: smj_full_outer_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid FROM pair_int x FULL OUTER JOIN pair_bigint y ON x.a = y.a AND x.b = y.b

-- name: smj_full_outer_condition
SELECT x.id AS xid, y.id AS yid FROM edge x FULL OUTER JOIN pair_int y ON x.i = y.a AND x.id > y.id

-- name: smj_left_semi
SELECT x.id, x.s FROM edge x LEFT SEMI JOIN pair_string y ON x.s = y.a AND y.id < 30

-- name: smj_left_anti
SELECT x.id, x.s FROM edge x LEFT ANTI JOIN pair_string y ON x.s = y.a AND y.id < 30

-- name: smj_left_anti_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id, x.l FROM edge x LEFT ANTI JOIN pair_bigint y ON x.l = y.a AND y.b > x.l

-- name: smj_empty_right
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, y.s FROM edge x LEFT JOIN edge_empty y ON x.i = y.i

-- name: smj_empty_right_full_outer
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, y.s FROM edge x FULL OUTER JOIN edge_empty y ON x.i = y.i

-- name: smj_all_null_keys
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid FROM edge x FULL OUTER JOIN edge_nulls y ON x.i = y.i

-- name: smj_inner_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a
-- also-on: edge=edge_nulls,edge_empty

-- name: smj_outer_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, x.s, y.b FROM edge x FULL OUTER JOIN pair_string y ON x.s = y.a
-- also-on: edge=edge_nulls,edge_empty

-- name: smj_right_outer_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, x.b, y.sm FROM pair_smallint x RIGHT JOIN edge y ON x.a = y.sm
-- also-on: edge=edge_nulls,edge_empty

-- name: smj_semi_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id, x.s FROM edge x LEFT SEMI JOIN pair_string y ON x.s = y.a AND y.id < 30
-- also-on: edge=edge_nulls,edge_empty

-- name: smj_anti_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id, x.s FROM edge x LEFT ANTI JOIN pair_string y ON x.s = y.a AND y.id < 30
-- also-on: edge=edge_nulls,edge_empty

-- name: shj_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ SHUFFLE_HASH(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x LEFT JOIN pair_int y ON x.i = y.a
-- also-on: edge=edge_nulls,edge_empty

-- name: shj_anti_empty_sides
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ SHUFFLE_HASH(x) */ x.id, x.s FROM edge x LEFT ANTI JOIN pair_string y ON x.s = y.a AND y.id < 30
-- also-on: edge=edge_nulls,edge_empty

-- name: smj_several_keys
SELECT x.id AS xid, y.id AS yid, x.d FROM edge x JOIN edge_arrow_plain y ON x.s = y.s AND x.i = y.i AND x.d = y.d

-- name: smj_double_keys
SELECT x.id AS xid, y.id AS yid, x.a, y.a AS ya FROM pair_double x JOIN pair_double y ON x.a = y.a
WHERE x.b IS NULL AND y.b IS NULL

-- name: smj_condition_inner
SELECT x.id AS xid, y.id AS yid FROM edge x JOIN pair_int y ON x.i = y.a AND x.id > y.id + 50

-- name: smj_aggregate_above
SELECT y.b, count(*) AS n, sum(x.l) AS sl FROM edge x JOIN pair_int y ON x.i = y.a GROUP BY y.b

-- name: shj_inner_build_right
-- subset
SELECT /*+ SHUFFLE_HASH(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a

-- name: shj_inner_build_left
SELECT /*+ SHUFFLE_HASH(x) */ x.id AS xid, y.id AS yid, y.l FROM pair_bigint x JOIN edge y ON x.a = y.l

-- name: shj_inner_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ SHUFFLE_HASH(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a

-- name: shj_left_outer
SELECT /*+ SHUFFLE_HASH(y) */ x.id AS xid, y.id AS yid FROM edge x LEFT JOIN pair_int y ON x.i = y.a AND y.b = 7

-- name: shj_left_outer_build_left
SELECT /*+ SHUFFLE_HASH(x) */ x.id AS xid, y.id AS yid FROM edge x LEFT JOIN pair_int y ON x.i = y.a

-- name: shj_right_outer
SELECT /*+ SHUFFLE_HASH(x) */ x.id AS xid, y.id AS yid FROM pair_smallint x RIGHT JOIN edge y ON x.a = y.sm

-- name: shj_full_outer
SELECT /*+ SHUFFLE_HASH(y) */ x.id AS xid, y.id AS yid, x.s FROM edge x FULL OUTER JOIN pair_string y ON x.s = y.a

-- name: shj_full_outer_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ SHUFFLE_HASH(x) */ x.id AS xid, y.id AS yid FROM edge x FULL OUTER JOIN pair_int y ON x.i = y.a AND x.id > y.id

-- name: shj_left_semi
SELECT /*+ SHUFFLE_HASH(y) */ x.id, x.s FROM edge x LEFT SEMI JOIN pair_string y ON x.s = y.a

-- name: shj_left_anti
SELECT /*+ SHUFFLE_HASH(y) */ x.id, x.s FROM edge x LEFT ANTI JOIN pair_string y ON x.s = y.a AND y.id < 30

-- name: shj_left_anti_build_left
SELECT /*+ SHUFFLE_HASH(x) */ x.id, x.l FROM edge x LEFT ANTI JOIN pair_bigint y ON x.l = y.a

-- name: smj_skew
-- conf: spark.sql.adaptive.skewJoin.enabled=true
-- conf: spark.sql.adaptive.skewJoin.skewedPartitionFactor=1
-- conf: spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes=100
-- conf: spark.sql.adaptive.advisoryPartitionSizeInBytes=200
-- conf: spark.sql.adaptive.coalescePartitions.enabled=false
-- conf: spark.sql.shuffle.partitions=4
SELECT x.id AS xid, y.id AS yid, x.b FROM pair_int x JOIN edge y ON x.a % 2 = y.i % 2

-- name: shj_skew
-- conf: spark.sql.adaptive.skewJoin.enabled=true
-- conf: spark.sql.adaptive.skewJoin.skewedPartitionFactor=1
-- conf: spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes=100
-- conf: spark.sql.adaptive.advisoryPartitionSizeInBytes=200
-- conf: spark.sql.adaptive.coalescePartitions.enabled=false
-- conf: spark.sql.shuffle.partitions=4
SELECT /*+ SHUFFLE_HASH(x) */ x.id AS xid, y.id AS yid FROM pair_int x LEFT JOIN edge y ON x.a % 2 = y.i % 2

-- name: joins_over_joins
SELECT x.id AS xid, y.id AS yid, z.id AS zid FROM edge x JOIN pair_int y ON x.i = y.a
LEFT JOIN pair_bigint z ON y.b = z.a

-- name: tpch_orders_lineitem
SELECT o.o_orderpriority, count(*) AS n, sum(l.l_extendedprice) AS rev
FROM orders o JOIN lineitem l ON o.o_orderkey = l.l_orderkey
WHERE l.l_commitdate < l.l_receiptdate GROUP BY o.o_orderpriority

-- name: stacked_broadcasts_over_exchange
-- conf: spark.sql.autoBroadcastJoinThreshold=10485760
SELECT /*+ BROADCAST(n), BROADCAST(r) */ n.n_name, r.r_name, sum(s.total) AS total
FROM (SELECT c_nationkey, count(*) AS total FROM customer GROUP BY c_nationkey) s
JOIN nation n ON s.c_nationkey = n.n_nationkey JOIN region r ON n.n_regionkey = r.r_regionkey
GROUP BY n.n_name, r.r_name

-- Stacked sort-merge joins on one key (TPC-H q18, q21): the upper join no longer merges once
-- it is a hash join, so the lower one's order is not needed and both run natively, in one
-- region over three exchanges.

-- name: smj_stacked_inner_left
-- subset
SELECT x.id AS xid, y.id AS yid, z.id AS zid FROM edge x JOIN pair_int y ON x.i = y.a LEFT JOIN pair_int z ON x.i = z.a

-- name: smj_stacked_inner_left_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid, z.id AS zid FROM edge x JOIN pair_int y ON x.i = y.a LEFT JOIN pair_int z ON x.i = z.a

-- name: smj_stacked_semi_anti
-- subset
SELECT x.id, x.i FROM edge x LEFT SEMI JOIN pair_int y ON x.i = y.a AND y.b <> x.i
LEFT ANTI JOIN pair_int z ON x.i = z.a AND z.b > x.id

-- name: smj_stacked_exists_not_exists_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id, x.i FROM edge x
WHERE EXISTS (SELECT * FROM pair_int y WHERE y.a = x.i AND y.b <> x.i)
  AND NOT EXISTS (SELECT * FROM pair_int z WHERE z.a = x.i AND z.b > x.id)

-- name: smj_stacked_in_aggregate
SELECT x.i, count(*) AS n, sum(y.b) AS total FROM edge x JOIN pair_int y ON x.i = y.a
WHERE x.i IN (SELECT a FROM pair_int GROUP BY a HAVING count(*) > 3) GROUP BY x.i

-- name: smj_stacked_string_keys_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id AS xid, y.id AS yid FROM edge x JOIN pair_string y ON x.s = y.a LEFT SEMI JOIN pair_string z ON x.s = z.b

-- name: smj_stacked_right_outer
SELECT x.id AS xid, y.id AS yid, z.id AS zid FROM edge x RIGHT JOIN pair_int y ON x.i = y.a JOIN pair_int z ON y.a = z.a
