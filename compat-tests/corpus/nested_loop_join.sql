-- Joins without equal keys (Spark's BroadcastNestedLoopJoinExec) run natively as a join with
-- no keys: every stream row meets every build row and the condition alone decides (a NULL
-- condition is no match). Inner and cross joins on either build side, left outer, semi and
-- anti joins building the right, right outer building the left; NULLs in the compared
-- columns, empty build sides; AQE on and off.
-- native

-- name: bnlj_inner_less_than
-- subset
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.i, y.a FROM edge x JOIN pair_int y ON x.i < y.a AND y.id < 30
-- also-on: edge=edge_nulls,edge_arrow_dict

-- name: bnlj_inner_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x JOIN pair_int y ON x.i + y.b > 100 AND y.id < 30

-- name: bnlj_inner_build_left
SELECT /*+ BROADCAST(x) */ x.id AS xid, y.id AS yid, y.l FROM (SELECT * FROM pair_bigint WHERE id < 20) x JOIN edge y ON x.a > y.l

-- name: bnlj_cross
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.s, y.a FROM edge x CROSS JOIN (SELECT * FROM pair_string WHERE id < 8) y

-- name: bnlj_cross_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x CROSS JOIN (SELECT * FROM pair_int WHERE id < 8) y

-- name: bnlj_left_outer
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, x.s, y.a FROM edge x LEFT JOIN pair_string y ON x.s > y.a AND y.id < 20
-- also-on: edge=edge_nulls,edge_empty

-- name: bnlj_left_outer_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x LEFT JOIN pair_int y ON x.i BETWEEN y.a AND y.b

-- name: bnlj_right_outer_build_left
SELECT /*+ BROADCAST(x) */ x.id AS xid, y.id AS yid, x.b, y.sm FROM (SELECT * FROM pair_smallint WHERE id < 25) x
RIGHT JOIN edge y ON x.a <> y.sm AND x.b < y.id

-- name: bnlj_left_semi
SELECT /*+ BROADCAST(y) */ x.id, x.d FROM edge x LEFT SEMI JOIN pair_double y ON x.d < y.a AND y.id < 10
-- also-on: edge=edge_nulls

-- name: bnlj_left_anti
SELECT /*+ BROADCAST(y) */ x.id, x.d FROM edge x LEFT ANTI JOIN pair_double y ON x.d < y.a AND y.id < 10
-- also-on: edge=edge_nulls

-- name: bnlj_left_anti_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id, x.dt FROM edge x LEFT ANTI JOIN pair_date y ON x.dt >= y.a

-- name: bnlj_empty_build_anti
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id, x.i FROM edge x LEFT ANTI JOIN edge_empty y ON x.i > y.i

-- name: bnlj_empty_build_outer
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid, y.s FROM edge x LEFT JOIN edge_empty y ON x.i > y.i

-- name: bnlj_empty_build_semi
-- conf: spark.sql.adaptive.enabled=false
SELECT /*+ BROADCAST(y) */ x.id, x.i FROM edge x LEFT SEMI JOIN edge_empty y ON x.i > y.i

-- name: bnlj_or_of_equalities
-- A disjunction of equalities has no equal keys: a nested loop.
SELECT /*+ BROADCAST(y) */ x.id AS xid, y.id AS yid FROM edge x JOIN pair_int y ON x.i = y.a OR x.id = y.id

-- name: bnlj_region_continues_above
SELECT /*+ BROADCAST(y) */ y.b, count(*) AS n, sum(x.l) AS sl, max(x.s) AS ms
FROM edge x JOIN (SELECT * FROM pair_int WHERE id < 30) y ON x.i > y.a GROUP BY y.b
