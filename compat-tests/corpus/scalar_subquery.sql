-- Uncorrelated scalar subqueries inside native regions: Spark computes the subquery before
-- the region runs and Ember sends its value as a literal of its type (NULL when the
-- subquery returns no row). In WHERE, HAVING, projections and join conditions; values of
-- every primitive type (from the edge table's extremes: NaN, -0.0, decimals up to
-- precision 38, ancient and far dates, timestamps, multi-byte strings, binary); a subquery
-- used twice (Spark reuses it) and nested ones; AQE on and off. Correlated subqueries are
-- rewritten into joins by Spark's optimizer and run as whatever it plans.

-- name: where_int
-- native
-- subset
SELECT id, i FROM edge WHERE i > (SELECT avg(i) FROM edge WHERE id < 50)

-- name: where_int_no_aqe
-- native
-- conf: spark.sql.adaptive.enabled=false
SELECT id, i FROM edge WHERE i > (SELECT avg(i) FROM edge WHERE id < 50)

-- name: where_decimal
-- native
-- subset
SELECT id, dec_38_10, dec_5_2 FROM edge
WHERE dec_38_10 < (SELECT max(dec_38_10) FROM edge WHERE id % 3 = 0) AND dec_5_2 >= (SELECT min(dec_5_2) FROM edge)

-- name: where_double_float
-- native
SELECT id, d, f FROM edge WHERE d = (SELECT max(d) FROM edge WHERE id < 7) OR f < (SELECT min(f) FROM edge WHERE id > 200)

-- name: where_string
SELECT id, s FROM edge WHERE s >= (SELECT max(s) FROM edge WHERE id < 20)

-- name: where_date_timestamp
SELECT id, dt, ts, ntz FROM edge
WHERE dt > (SELECT min(dt) FROM edge WHERE id > 100) AND ts <= (SELECT max(ts) FROM edge WHERE id < 120)
  AND ntz IS NOT NULL

-- name: where_boolean_bigint_smallint
SELECT id, b, l, sm, t FROM edge
WHERE b = (SELECT max(b) FROM edge WHERE id < 5) AND l <> (SELECT max(l) FROM edge)
  AND sm > (SELECT min(sm) FROM edge) AND t < (SELECT max(t) FROM edge)

-- name: where_binary
SELECT id, bin FROM edge WHERE bin = (SELECT max(bin) FROM edge WHERE id = 3)

-- name: having_sum
-- native
-- subset
SELECT t, count(*) AS n, sum(dec_18_6) AS total FROM edge GROUP BY t
HAVING sum(dec_18_6) > (SELECT sum(dec_18_6) / 20 FROM edge)

-- name: having_no_aqe
-- native
-- conf: spark.sql.adaptive.enabled=false
SELECT t, count(*) AS n FROM edge GROUP BY t HAVING count(*) > (SELECT count(*) / 10 FROM edge)

-- name: projection_every_type
SELECT id,
  (SELECT max(i) FROM edge) AS mi, (SELECT min(l) FROM edge) AS ml, (SELECT max(d) FROM edge) AS md,
  (SELECT min(f) FROM edge) AS mf, (SELECT max(dec_38_38) FROM edge) AS mdec, (SELECT max(s) FROM edge) AS ms,
  (SELECT min(dt) FROM edge) AS mdt, (SELECT max(ts) FROM edge) AS mts, (SELECT min(ntz) FROM edge) AS mntz,
  (SELECT min(b) FROM edge) AS mb, (SELECT max(bin) FROM edge) AS mbin, (SELECT max(t) FROM edge) AS mt,
  (SELECT min(sm) FROM edge) AS msm
FROM edge WHERE id < 10

-- name: projection_arithmetic
-- native
SELECT id, i - (SELECT min(i) FROM edge) AS di, dec_9_4 * (SELECT max(dec_9_4) FROM edge WHERE id < 30) AS pd
FROM edge WHERE id < 100

-- name: no_row_is_null
-- native
SELECT id, (SELECT max(i) FROM edge_empty) AS none, coalesce((SELECT min(d) FROM edge WHERE id < 0), -1.5) AS dflt
FROM edge WHERE id < 20

-- name: no_row_in_where
-- native
SELECT id FROM edge WHERE i = (SELECT first(i) FROM edge_empty) OR id < 3

-- name: all_null_values
SELECT id, s FROM edge WHERE s = (SELECT max(s) FROM edge_nulls) OR id = (SELECT max(i) FROM edge_nulls)

-- name: reused_and_nested
-- native
SELECT t, count(*) AS n FROM edge WHERE d > (SELECT avg(d) FROM edge WHERE d BETWEEN -10 AND 10) GROUP BY t
HAVING count(*) >= (SELECT count(*) / 20 FROM edge WHERE d > (SELECT avg(d) FROM edge WHERE d BETWEEN -10 AND 10))

-- name: in_join_condition
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id AS xid, y.id AS yid FROM edge x JOIN pair_int y ON x.i = y.a AND y.b > (SELECT avg(b) FROM pair_int)

-- name: over_exchange
-- native
SELECT i, cnt FROM (SELECT i, count(*) AS cnt FROM edge GROUP BY i) WHERE cnt >= (SELECT max(id) / 100 FROM edge)

-- name: correlated_rewritten
SELECT id, i FROM edge x WHERE i > (SELECT avg(i) FROM edge_arrow_plain y WHERE y.t = x.t)

-- name: too_many_rows
-- expect-error
SELECT id FROM edge WHERE i = (SELECT i FROM edge WHERE id < 3)
