-- Aggregations (in Spark today, over Ember's scans and filters): grouping by every type
-- (NaN groups together, -0.0 and 0.0 are one group, NULL is a group), count, sum, avg,
-- min, max, count distinct; decimal sums and averages; sums of doubles are order-dependent
-- in Spark itself, so those few queries compare within a relative tolerance.

-- name: count_star
SELECT count(*) AS n, count(i) AS ni, count(s) AS ns, count(DISTINCT s) AS ds FROM edge

-- name: group_by_double_nan_zero
SELECT d, count(*) AS n FROM edge GROUP BY d

-- name: group_by_float
SELECT f, count(*) AS n, min(id) AS first_id FROM edge GROUP BY f

-- name: group_by_string
SELECT s, count(*) AS n, max(i) AS mx FROM edge GROUP BY s

-- name: group_by_decimal
SELECT dec_38_10, count(*) AS n, sum(dec_5_2) AS total FROM edge GROUP BY dec_38_10

-- name: group_by_timestamp
SELECT ts, count(*) AS n FROM edge GROUP BY ts

-- name: group_by_several
SELECT b, t, dt, count(*) AS n, min(l) AS mn, max(l) AS mx FROM edge GROUP BY b, t, dt

-- name: min_max_every_type
SELECT min(b), max(b), min(t), max(t), min(sm), max(sm), min(i), max(i), min(l), max(l), min(f), max(f), min(d), max(d),
       min(dec_38_38), max(dec_38_38), min(s), max(s), min(bin), max(bin), min(dt), max(dt), min(ts), max(ts), min(ntz),
       max(ntz)
FROM edge

-- name: sum_integers_wraps
SELECT sum(t) AS st, sum(sm) AS ssm, sum(i) AS si, sum(l) AS sl FROM edge

-- name: sum_decimals
SELECT sum(dec_5_2) AS a, sum(dec_18_6) AS b, sum(dec_28_10) AS c, sum(dec_38_0) AS d_, avg(dec_9_4) AS e,
       avg(dec_38_10) AS f_
FROM edge

-- name: sum_doubles
-- tolerance: 1e-12
SELECT sum(d) AS sd, avg(d) AS ad, sum(f) AS sf FROM edge WHERE d BETWEEN -1e10 AND 1e10

-- name: sum_doubles_with_special
SELECT sum(d) AS sd, max(d) AS mx, min(d) AS mn FROM edge

-- name: filtered_aggregate
SELECT b, count(*) AS n, sum(i) AS si FROM edge WHERE i > 0 AND d = d GROUP BY b

-- name: having
SELECT s, count(*) AS n FROM edge GROUP BY s HAVING count(*) > 10

-- name: aggregate_over_empty
SELECT count(*) AS n, sum(i) AS s, max(d) AS m FROM edge_empty

-- name: aggregate_over_all_null
SELECT count(i) AS n, sum(i) AS s, max(d) AS m, min(s) AS ms FROM edge_nulls

-- name: group_by_expression
SELECT i % 3 AS k, count(*) AS n, sum(dec_5_2 * 2) AS s FROM edge GROUP BY i % 3

-- name: distinct_rows
SELECT DISTINCT b, t FROM edge

-- name: pairs_group_by_comparison
SELECT a < b AS lt, a = b AS eq, count(*) AS n FROM pair_double GROUP BY a < b, a = b

-- name: tpch_q1_like
SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice * (1 - l_discount)) AS disc,
       avg(l_discount) AS avg_disc, count(*) AS n
FROM lineitem WHERE l_shipdate <= DATE'1998-09-02' GROUP BY l_returnflag, l_linestatus

-- name: tpch_count_distinct
SELECT count(DISTINCT o_custkey) AS customers, count(*) AS n FROM orders WHERE o_orderstatus = 'F'
