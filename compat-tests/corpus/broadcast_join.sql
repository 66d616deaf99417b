-- Broadcast hash joins run natively inside the stream side's region: the build side is the
-- broadcast relation's rows, streamed to the region's ArrowInput in every task. Every join
-- type Spark plans as a broadcast hash join, NULL and duplicate keys (the edge and pair
-- tables repeat their values), empty build sides, extra conditions, several keys, keys of
-- every atomic type, NOT IN (null-aware anti join) with and without NULLs; AQE on and off
-- (off for the empty build sides: AQE replaces a join with an empty side by a local relation).
-- native

-- name: bhj_inner_int
-- subset
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a
-- also-on: edge=edge_nulls,edge_empty,edge_arrow_dict

-- name: bhj_inner_int_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x JOIN pair_int y ON x.i = y.a

-- name: bhj_inner_build_left
SELECT /*+ BROADCAST(x) */ x.id AS xid, y.id AS yid, y.l FROM pair_bigint x JOIN edge y ON x.a = y.l

-- name: bhj_inner_build_left_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(x) */ x.id AS xid, y.id AS yid, y.l FROM pair_bigint x JOIN edge y ON x.a = y.l

-- name: bhj_left_outer
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x LEFT JOIN pair_int y ON x.i = y.a AND y.b = 7
-- also-on: edge=edge_nulls,edge_arrow_plain

-- name: bhj_left_outer_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.i, y.b FROM edge x LEFT JOIN pair_int y ON x.i = y.a

-- name: bhj_right_outer_build_left
SELECT /*+ BROADCAST(x) */ x.id AS xid, y.id AS yid, x.b, y.sm FROM pair_smallint x RIGHT JOIN edge y ON x.a = y.sm

-- name: bhj_left_semi
SELECT /*+ BROADCAST(y) */ x.id, x.s FROM edge x LEFT SEMI JOIN pair_string y ON x.s = y.a AND y.id < 30
-- also-on: edge=edge_nulls,edge_arrow_delta

-- name: bhj_left_anti
SELECT /*+ BROADCAST(y) */ x.id, x.s FROM edge x LEFT ANTI JOIN pair_string y ON x.s = y.a AND y.id < 30
-- also-on: edge=edge_nulls,edge_arrow_delta

-- name: bhj_left_anti_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id, x.s FROM edge x LEFT ANTI JOIN pair_string y ON x.s = y.a

-- name: bhj_empty_build_inner
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x JOIN edge_empty y ON x.i = y.i

-- name: bhj_empty_build_outer
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, y.s FROM edge x LEFT JOIN edge_empty y ON x.i = y.i

-- name: bhj_empty_build_anti
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id, x.i FROM edge x LEFT ANTI JOIN edge_empty y ON x.i = y.i

-- name: bhj_empty_build_semi
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id, x.i FROM edge x LEFT SEMI JOIN edge_empty_arrow y ON x.i = y.i

-- name: bhj_all_null_build_keys
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x LEFT JOIN edge_nulls y ON x.i = y.i

-- name: bhj_condition_inner
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x JOIN pair_int y ON x.i = y.a AND x.id > y.id + 50

-- name: bhj_condition_outer
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x LEFT JOIN pair_int y
ON x.i = y.a AND (y.b IS NULL OR x.l > y.b)

-- name: bhj_condition_semi
SELECT /*+ BROADCAST(y) */ x.id, x.l FROM edge x LEFT SEMI JOIN pair_bigint y ON x.l = y.a AND y.b > x.l

-- name: bhj_condition_anti
SELECT /*+ BROADCAST(y) */ x.id, x.l FROM edge x LEFT ANTI JOIN pair_bigint y ON x.l = y.a AND y.b > x.l

-- name: bhj_condition_right_outer
SELECT /*+ BROADCAST(x) */ x.id AS xid, y.id AS yid FROM pair_int x RIGHT JOIN edge y ON x.a = y.i AND x.b < y.id

-- name: bhj_multi_keys
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x JOIN edge_arrow_plain y
ON x.i = y.i AND x.s = y.s AND x.dt = y.dt AND x.dec_18_6 = y.dec_18_6

-- name: bhj_multi_keys_outer
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x LEFT JOIN edge_spark_plain y
ON x.t = y.t AND x.sm = y.sm AND x.b = y.b

-- name: bhj_key_types
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM pair_string x JOIN pair_string y ON x.a = y.b
-- also-on: pair_string=pair_binary,pair_date,pair_timestamp,pair_timestamp_ntz,pair_dec_5_2,pair_dec_18_6,pair_dec_19_0,pair_dec_38_0,pair_dec_38_10,pair_dec_38_38,pair_boolean,pair_tinyint,pair_double,pair_float

-- name: bhj_float_keys_nan_and_zero
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.d FROM edge x JOIN edge_arrow_plain y ON x.d = y.d

-- name: bhj_not_in_without_nulls
SELECT id, i FROM edge WHERE i NOT IN (SELECT a FROM pair_int WHERE a IS NOT NULL AND id < 40)
-- also-on: edge=edge_nulls,edge_arrow_dict

-- name: bhj_not_in_with_nulls
SELECT id, i FROM edge WHERE i NOT IN (SELECT a FROM pair_int WHERE id < 40)

-- name: bhj_not_in_empty_subquery
-- conf: spark.sql.adaptive.enabled=false
SELECT id, i FROM edge WHERE i NOT IN (SELECT a FROM pair_int WHERE id < 0)

-- name: bhj_not_in_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT id, i FROM edge WHERE i NOT IN (SELECT a FROM pair_int WHERE id < 40)

-- name: bhj_not_in_with_nulls_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT id, s FROM edge WHERE s NOT IN (SELECT a FROM pair_string)

-- name: bhj_region_continues_above
SELECT /*+ BROADCAST(y) */ y.b, count(*) AS n, sum(x.l) AS sl, max(x.s) AS ms
FROM edge x JOIN pair_int y ON x.i = y.a WHERE x.id % 3 <> 0 GROUP BY y.b

-- name: bhj_region_continues_above_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ y.b, count(*) AS n, sum(x.l) AS sl FROM edge x JOIN pair_int y ON x.i = y.a GROUP BY y.b

-- name: bhj_tpch_orders_lineitem
SELECT /*+ BROADCAST(o) */ o.o_orderpriority, count(*) AS n, sum(l.l_extendedprice) AS price
FROM lineitem l JOIN orders o ON l.l_orderkey = o.o_orderkey
WHERE o.o_orderdate < DATE'1994-01-01' GROUP BY o.o_orderpriority

-- name: bhj_broadcast_reused
-- subset
-- Two joins with the same native broadcast (Ember's exchange over a filtered scan): built once, reused.
SELECT /*+ BROADCAST(y), BROADCAST(z) */ x.id, y.b AS yb, z.b AS zb
FROM edge x JOIN (SELECT a, b FROM pair_int WHERE id < 40) y ON x.i = y.a
JOIN (SELECT a, b FROM pair_int WHERE id < 40) z ON x.i = z.a
-- also-on: edge=edge_nulls

-- name: bhj_broadcast_reused_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y), BROADCAST(z) */ x.id, y.b AS yb, z.b AS zb
FROM edge x JOIN (SELECT a, b FROM pair_int WHERE id < 40) y ON x.i = y.a
JOIN (SELECT a, b FROM pair_int WHERE id < 40) z ON x.i = z.a
