-- Aggregations: grouping by every type (NaN groups together, -0.0 and 0.0 are one group,
-- NULL is a group), count, sum, avg, min, max, first/last, the variances, bool_and/bool_or,
-- FILTER, count distinct; decimal sums and averages; sums of doubles are order-dependent
-- in Spark itself, so those few queries compare within a relative tolerance or run over a
-- one-file table (one partition, rows in file order).
-- Ember runs the partial HashAggregate over the scan and the final one over Spark's
-- exchange, so most queries are annotated `native`; the buffer layouts are Spark's, so a
-- native partial can also feed Spark's final aggregate. Min/max/first/last of strings and
-- binary plan as SortAggregate/ObjectHashAggregate in Spark (not hash).

-- name: count_star
-- native
SELECT count(*) AS n, count(i) AS ni, count(s) AS ns, count(DISTINCT s) AS ds FROM edge

-- name: group_by_double_nan_zero
-- native
SELECT d, count(*) AS n FROM edge GROUP BY d

-- name: group_by_float
-- native
SELECT f, count(*) AS n, min(id) AS first_id FROM edge GROUP BY f

-- name: group_by_string
-- native
SELECT s, count(*) AS n, max(i) AS mx FROM edge GROUP BY s

-- name: group_by_decimal
-- native
SELECT dec_38_10, count(*) AS n, sum(dec_5_2) AS total FROM edge GROUP BY dec_38_10

-- name: group_by_timestamp
-- native
SELECT ts, count(*) AS n FROM edge GROUP BY ts

-- name: group_by_several
-- native
SELECT b, t, dt, count(*) AS n, min(l) AS mn, max(l) AS mx FROM edge GROUP BY b, t, dt

-- name: min_max_every_type
SELECT min(b), max(b), min(t), max(t), min(sm), max(sm), min(i), max(i), min(l), max(l), min(f), max(f), min(d), max(d),
       min(dec_38_38), max(dec_38_38), min(s), max(s), min(bin), max(bin), min(dt), max(dt), min(ts), max(ts), min(ntz),
       max(ntz)
FROM edge

-- name: sum_integers_wraps
-- native
SELECT sum(t) AS st, sum(sm) AS ssm, sum(i) AS si, sum(l) AS sl FROM edge

-- name: sum_decimals
SELECT sum(dec_5_2) AS a, sum(dec_18_6) AS b, sum(dec_28_10) AS c, sum(dec_38_0) AS d_, avg(dec_9_4) AS e,
       avg(dec_38_10) AS f_
FROM edge

-- name: sum_doubles
-- native
-- tolerance: 1e-12
SELECT sum(d) AS sd, avg(d) AS ad, sum(f) AS sf FROM edge WHERE d BETWEEN -1e10 AND 1e10

-- name: sum_doubles_with_special
-- native
SELECT sum(d) AS sd, max(d) AS mx, min(d) AS mn FROM edge

-- name: filtered_aggregate
-- native
SELECT b, count(*) AS n, sum(i) AS si FROM edge WHERE i > 0 AND d = d GROUP BY b

-- name: having
-- native
SELECT s, count(*) AS n FROM edge GROUP BY s HAVING count(*) > 10

-- name: aggregate_over_empty
-- native
SELECT count(*) AS n, sum(i) AS s, max(d) AS m FROM edge_empty

-- name: aggregate_over_all_null
SELECT count(i) AS n, sum(i) AS s, max(d) AS m, min(s) AS ms FROM edge_nulls

-- name: group_by_expression
-- native
SELECT i % 3 AS k, count(*) AS n, sum(dec_5_2 * 2) AS s FROM edge GROUP BY i % 3

-- name: distinct_rows
-- native
SELECT DISTINCT b, t FROM edge

-- name: pairs_group_by_comparison
-- native
SELECT a < b AS lt, a = b AS eq, count(*) AS n FROM pair_double GROUP BY a < b, a = b

-- name: tpch_q1_like
-- native
SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice * (1 - l_discount)) AS disc,
       avg(l_discount) AS avg_disc, count(*) AS n
FROM lineitem WHERE l_shipdate <= DATE'1998-09-02' GROUP BY l_returnflag, l_linestatus

-- name: tpch_count_distinct
-- native
SELECT count(DISTINCT o_custkey) AS customers, count(*) AS n FROM orders WHERE o_orderstatus = 'F'

-- name: group_by_every_key_type
-- native
-- subset
SELECT b, t, sm, i, l, f, d, dec_1_0, dec_18_6, dec_38_38, s, bin, dt, ts, ntz, count(*) AS n, sum(id) AS sid
FROM edge GROUP BY b, t, sm, i, l, f, d, dec_1_0, dec_18_6, dec_38_38, s, bin, dt, ts, ntz

-- name: group_by_one_key_each_type
SELECT 'b' AS k, count(*) AS n FROM edge GROUP BY b
UNION ALL SELECT 't', count(*) FROM edge GROUP BY t
UNION ALL SELECT 'sm', count(*) FROM edge GROUP BY sm
UNION ALL SELECT 'i', count(*) FROM edge GROUP BY i
UNION ALL SELECT 'l', count(*) FROM edge GROUP BY l
UNION ALL SELECT 'dt', count(*) FROM edge GROUP BY dt
UNION ALL SELECT 'ntz', count(*) FROM edge GROUP BY ntz
UNION ALL SELECT 'bin', count(*) FROM edge GROUP BY bin
UNION ALL SELECT 'dec', count(*) FROM edge GROUP BY dec_38_0

-- name: group_by_float_and_double_nan_zero
-- native
-- subset
SELECT f, d, count(*) AS n, min(id) AS lo, max(id) AS hi FROM edge GROUP BY f, d

-- name: group_by_nan_bits_pairs
-- native
SELECT a, count(*) AS n, sum(id) AS s FROM pair_double GROUP BY a

-- name: count_several_args
-- native
SELECT b, count(i, s) AS n2, count(d, f, l) AS n3, count(*) AS n FROM edge GROUP BY b

-- name: sum_every_numeric_type_grouped
-- native
-- subset
SELECT b, sum(t) AS st, sum(sm) AS ssm, sum(i) AS si, sum(l) AS sl, sum(dec_1_0) AS s1, sum(dec_9_4) AS s9,
       sum(dec_10_0) AS s10, sum(dec_18_6) AS s18, sum(dec_19_0) AS s19, sum(dec_28_10) AS s28
FROM edge GROUP BY b

-- name: sum_doubles_one_partition
-- native
SELECT b, sum(d) AS sd, sum(f) AS sf FROM edge_arrow_plain GROUP BY b

-- name: sum_decimal_38_overflow_grouped
-- native
SELECT b, sum(dec_38_0) AS s, sum(dec_38_10) AS s10, sum(dec_38_38) AS s38 FROM edge GROUP BY b

-- name: sum_decimal_38_overflow_global
-- native
SELECT sum(dec_38_0) AS s, sum(dec_38_10) AS s10, sum(dec_38_38) AS s38 FROM edge_arrow_plain

-- name: sum_decimal_38_in_range
-- native
SELECT i, sum(dec_38_0) AS s, count(*) AS n FROM edge WHERE dec_38_0 BETWEEN -1000 AND 1000 GROUP BY i

-- name: sum_decimal_overflow_ansi
-- conf: spark.sql.ansi.enabled=true
-- expect-error: ARITHMETIC_OVERFLOW
SELECT b, sum(dec_38_0) AS s FROM edge GROUP BY b

-- name: sum_long_overflow_ansi
-- conf: spark.sql.ansi.enabled=true
-- The native partial raises: without AQE the final stage is planned (with its reasons)
-- before the first stage runs.
-- conf: spark.sql.adaptive.enabled=false
-- expect-error: ARITHMETIC_OVERFLOW
SELECT sum(l) AS s FROM edge

-- name: sum_long_ansi_in_range
-- native
-- conf: spark.sql.ansi.enabled=true
SELECT b, sum(l) AS s, sum(i) AS si, avg(l) AS a FROM edge WHERE l BETWEEN -1000000 AND 1000000 GROUP BY b

-- name: try_sum_stays_in_spark
SELECT b, try_sum(l) AS s, try_avg(i) AS a FROM edge GROUP BY b

-- name: avg_every_numeric_type
SELECT b, avg(t) AS at, avg(sm) AS asm, avg(i) AS ai, avg(l) AS al, avg(dec_5_2) AS a5, avg(dec_18_6) AS a18,
       avg(dec_38_10) AS a38
FROM edge_arrow_plain GROUP BY b

-- name: avg_doubles_one_partition
-- native
SELECT t, avg(d) AS ad, avg(f) AS af FROM edge_arrow_plain GROUP BY t

-- name: min_max_fixed_width_types_grouped
-- native
-- subset
SELECT b, min(t), max(t), min(sm), max(sm), min(i), max(i), min(l), max(l), min(f), max(f), min(d), max(d),
       min(dec_1_0), max(dec_1_0), min(dec_18_6), max(dec_18_6), min(dec_38_38), max(dec_38_38), min(dt), max(dt),
       min(ts), max(ts), min(ntz), max(ntz), min(b), max(b)
FROM edge GROUP BY b

-- name: min_max_global_fixed_width
-- native
SELECT min(t), max(t), min(i), max(i), min(l), max(l), min(f), max(f), min(d), max(d), min(dec_38_0), max(dec_38_0),
       min(dt), max(dt), min(ts), max(ts)
FROM edge_arrow_plain

-- name: min_max_doubles_nan_zero
-- native
SELECT a < 0 AS neg, min(a) AS mn, max(a) AS mx, min(b) AS mnb, max(b) AS mxb FROM pair_double GROUP BY a < 0

-- name: bool_and_or
-- native
-- subset
SELECT t, bool_and(b) AS ba, bool_or(b) AS bo, every(b) AS e, some(b) AS so, any(b) AS an FROM edge GROUP BY t

-- name: first_last
-- native
SELECT b, first(i) AS fi, last(i) AS li, first(i, true) AS fin, last(i, true) AS lin, first(d) AS fd,
       last(dec_38_10, true) AS ldec, first(dt) AS fdt, last(ts) AS lts
FROM edge_arrow_plain GROUP BY b

-- name: first_last_global
-- native
SELECT first(l) AS fl, last(l) AS ll, first(l, true) AS fln, last(l, true) AS lln, first(f, true) AS ff
FROM edge_arrow_plain

-- name: first_last_all_null
-- native
SELECT first(i, true) AS a, last(i, true) AS b, first(i) AS c, count(*) AS n FROM edge_nulls_arrow

-- name: variances
-- native
SELECT b, var_samp(d) AS vs, var_pop(d) AS vp, stddev_samp(i) AS ss, stddev_pop(l) AS sp, stddev(t) AS sd,
       variance(sm) AS v
FROM edge_arrow_plain GROUP BY b

-- name: variances_finite
-- native
-- tolerance: 1e-12
SELECT t, var_samp(d) AS vs, var_pop(d) AS vp, stddev_samp(d) AS ss, stddev_pop(d) AS sp
FROM edge WHERE d BETWEEN -1e6 AND 1e6 GROUP BY t

-- name: variances_one_row_groups
-- native
SELECT id, var_samp(i) AS vs, stddev_samp(i) AS ss, var_pop(i) AS vp FROM edge_arrow_plain GROUP BY id

-- name: variances_one_row_groups_legacy
-- native
-- conf: spark.sql.legacy.statisticalAggregate=true
SELECT id, var_samp(i) AS vs, stddev_samp(i) AS ss, var_pop(i) AS vp FROM edge_arrow_plain GROUP BY id

-- name: aggregate_filter_clause
-- native
-- subset
SELECT b, count(*) FILTER (WHERE i > 0) AS pos, sum(l) FILTER (WHERE t < 0) AS sneg, max(d) FILTER (WHERE s = 'a') AS mxa,
       avg(i) FILTER (WHERE d IS NULL) AS anull, count(*) AS n
FROM edge GROUP BY b

-- name: aggregate_filter_clause_global
-- native
SELECT count(*) FILTER (WHERE b) AS t, min(i) FILTER (WHERE dt > DATE'2000-01-01') AS m, sum(dec_18_6) FILTER (WHERE f > 0) AS s
FROM edge

-- name: count_distinct_grouped
-- native
SELECT b, count(DISTINCT i) AS di, count(*) AS n, sum(l) AS sl FROM edge GROUP BY b

-- name: count_distinct_float_keys
-- native
SELECT count(DISTINCT d) AS dd, count(DISTINCT f) AS df FROM edge

-- name: global_over_empty_every_function
-- native
SELECT count(*) AS n, count(i) AS ni, sum(l) AS sl, sum(dec_38_0) AS sd, avg(d) AS ad, min(f) AS mf, max(ts) AS mts,
       first(i) AS fi, last(i, true) AS li, var_samp(d) AS vs, bool_and(b) AS ba
FROM edge_empty

-- name: grouped_over_empty
SELECT b, count(*) AS n, sum(i) AS s FROM edge_empty_arrow GROUP BY b

-- name: global_over_all_null_every_function
-- native
SELECT count(*) AS n, count(i) AS ni, sum(l) AS sl, sum(dec_38_0) AS sd, avg(d) AS ad, min(f) AS mf, max(ts) AS mts,
       first(i) AS fi, last(i, true) AS li, var_samp(d) AS vs, stddev_pop(d) AS sp, bool_or(b) AS bo
FROM edge_nulls

-- name: group_by_all_null_key
-- native
SELECT i, count(*) AS n, max(l) AS m FROM edge_nulls GROUP BY i

-- name: having_over_native_partial
-- native
SELECT t, sum(l) AS s, count(*) AS n FROM edge GROUP BY t HAVING count(*) > 20

-- name: aggregate_other_writers
-- native
SELECT b, count(*) AS n, sum(i) AS si, min(d) AS md, max(dec_38_10) AS mx FROM edge_arrow_dict GROUP BY b
-- also-on: edge_arrow_dict=edge_arrow_delta,edge_spark_plain

-- name: tpch_q6_like
-- native
SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem
WHERE l_shipdate >= DATE'1994-01-01' AND l_shipdate < DATE'1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07
  AND l_quantity < 24

-- name: sum_small_decimals_make_decimal
-- native
-- DecimalAggregates sums decimal(p <= 8) as longs and reads the sum back with MakeDecimal.
SELECT i % 4 AS k, sum(dec_5_2) AS s, sum(-dec_5_2) AS ns, count(dec_5_2) AS n FROM edge GROUP BY i % 4

-- name: sum_small_decimals_make_decimal_ansi
-- native
-- conf: spark.sql.ansi.enabled=true
SELECT sum(dec_5_2) AS s, sum(dec_5_2 + dec_5_2) AS s2 FROM edge

-- name: min_max_strings_grouped_sort_aggregate
-- native
-- subset
-- Spark plans min/max of strings and binary as a SortAggregate; Ember runs it as a hash
-- aggregate and drops the Sort below it.
SELECT i % 7 AS k, min(s) AS mn, max(s) AS mx, min(bin) AS mnb, max(bin) AS mxb, count(*) AS n FROM edge GROUP BY i % 7

-- name: min_max_strings_grouped_ordered
-- native
-- ordered
SELECT s, min(s) AS mn, max(concat(s, 'x')) AS mx FROM edge GROUP BY s ORDER BY s

-- (first/last under a SortAggregate are declined: their answer follows the order of Spark's
-- sort, which is not stable, so no query here compares them.)

-- name: min_max_strings_over_empty_and_nulls
-- native
SELECT min(s) AS a, max(s) AS b, min(bin) AS c FROM edge_nulls

-- name: sort_aggregates_feeding_a_sort_merge_join
-- native: false
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
-- The join relies on the final SortAggregates' output order (Spark adds no Sort between):
-- those stay in Spark; their partial halves still run natively.
SELECT x.k, x.m, y.m AS m2 FROM (SELECT i % 5 AS k, max(s) AS m FROM edge GROUP BY i % 5) x
JOIN (SELECT i % 5 AS k, min(s) AS m FROM edge_nulls GROUP BY i % 5) y ON x.k = y.k

-- The partial aggregates below skip grouping after their first row (minRows=1,
-- groupRatio=0): each later row leaves as a partial row of its own, which the final
-- aggregate merges with the rest. Those that add doubles keep grouping (skipping would
-- change the order of the additions, and so the last bits).

-- name: partial_skip_every_function
-- native
-- subset
-- conf: spark.ember.aggregate.partialSkip.minRows=1
-- conf: spark.ember.aggregate.partialSkip.groupRatio=0
SELECT b, t, count(*) AS n, count(i) AS ci, sum(l) AS sl, sum(sm) AS ssm, min(d) AS mnd, max(f) AS mxf,
       sum(dec_18_6) AS sdec, avg(dec_38_10) AS adec, bool_and(b) AS ba, bool_or(b) AS bo,
       count(*) FILTER (WHERE i > 0) AS pos, min(dt) AS mdt, max(ts) AS mts
FROM edge GROUP BY b, t

-- name: partial_skip_double_sums_keep_grouping
-- native
-- conf: spark.ember.aggregate.partialSkip.minRows=1
-- conf: spark.ember.aggregate.partialSkip.groupRatio=0
SELECT b, t, avg(i) AS ai, sum(d) AS sd, var_pop(sm) AS vp, stddev_samp(i) AS ss, count(*) AS n
FROM edge GROUP BY b, t

-- name: partial_skip_first_last_one_partition
-- native
-- conf: spark.ember.aggregate.partialSkip.minRows=1
-- conf: spark.ember.aggregate.partialSkip.groupRatio=0
SELECT b, first(i) AS fi, last(i) AS li, first(i, true) AS fin, last(i, true) AS lin
FROM edge_arrow_plain GROUP BY b

-- name: partial_skip_count_distinct
-- native
-- conf: spark.ember.aggregate.partialSkip.minRows=1
-- conf: spark.ember.aggregate.partialSkip.groupRatio=0
SELECT b, count(DISTINCT i) AS di, count(DISTINCT s) AS ds, sum(l) AS sl FROM edge GROUP BY b

-- name: partial_skip_tpch_orderkey
-- native
-- conf: spark.ember.aggregate.partialSkip.minRows=1000
-- conf: spark.ember.aggregate.partialSkip.groupRatio=0.2
SELECT l_orderkey, sum(l_quantity) AS q, count(*) AS n, max(l_shipdate) AS last_ship
FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 200
