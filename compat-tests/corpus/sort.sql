-- Sort, top-N and limits. ORDER BY (SortExec above a range exchange, native with the
-- exchange's rows as input), SORT BY (SortExec over the scan), every key type: NULL first
-- ascending and last descending by default, NULLS FIRST/LAST both ways, NaN above every
-- number and equal to itself, -0.0 equal to 0.0 (ties keep their input order, and the
-- ORDER BY keys end with the unique `id`, so the order is total), strings and binary in
-- unsigned byte order, decimals up to precision 38, dates and timestamps at their limits.
-- ORDER BY ... LIMIT is TakeOrderedAndProjectExec: a native TopN per partition, Spark's
-- merge on top. LIMIT/OFFSET in subqueries are LocalLimitExec and GlobalLimitExec.

-- name: order_double_nan_nulls
-- native
-- ordered
-- subset
SELECT id, d FROM edge ORDER BY d, id
-- also-on: edge=edge_arrow_dict,edge_nulls

-- name: order_double_desc
-- native
-- ordered
SELECT id, d FROM edge ORDER BY d DESC, id

-- name: order_double_desc_nulls_first
-- native
-- ordered
SELECT id, d FROM edge ORDER BY d DESC NULLS FIRST, id DESC

-- name: order_float_nulls_last
-- native
-- ordered
SELECT id, f FROM edge ORDER BY f ASC NULLS LAST, id DESC

-- name: order_float_desc
-- native
-- ordered
SELECT id, f FROM edge ORDER BY f DESC, id

-- name: order_strings_bytes
-- native
-- ordered
-- subset
SELECT id, s FROM edge ORDER BY s, id
-- also-on: edge=edge_arrow_delta,edge_spark_plain

-- name: order_strings_desc_nulls_first
-- native
-- ordered
SELECT id, s FROM edge ORDER BY s DESC NULLS FIRST, id

-- name: order_binary
-- native
-- ordered
SELECT id, bin FROM edge ORDER BY bin DESC NULLS FIRST, id

-- name: order_binary_asc
-- native
-- ordered
SELECT id, bin FROM edge ORDER BY bin ASC NULLS LAST, id DESC

-- name: order_decimal
-- native
-- ordered
SELECT id, dec_38_38, dec_38_0 FROM edge ORDER BY dec_38_38, dec_38_0 DESC, id

-- name: order_decimals_every_precision
-- native
-- ordered
SELECT id, dec_1_0, dec_5_2, dec_9_4, dec_10_0, dec_18_6, dec_19_0, dec_28_10, dec_38_10 FROM edge
ORDER BY dec_19_0 DESC NULLS FIRST, dec_28_10, dec_18_6 DESC, dec_10_0, dec_9_4, dec_5_2, dec_1_0, dec_38_10, id
-- also-on: edge=edge_arrow_dict

-- name: order_decimal_wide_keys
-- native
-- ordered
SELECT id, dec_38_10 FROM edge ORDER BY dec_38_10 DESC, id

-- name: order_integers
-- native
-- ordered
SELECT id, t, sm, i, l FROM edge ORDER BY t NULLS LAST, sm DESC, i, l DESC NULLS FIRST, id

-- name: order_bigint_desc
-- native
-- ordered
SELECT id, l FROM edge ORDER BY l DESC, id

-- name: order_int_nulls_last
-- native
-- ordered
SELECT id, i FROM edge ORDER BY i NULLS LAST, id DESC

-- name: order_boolean
-- native
-- ordered
SELECT id, b FROM edge ORDER BY b DESC NULLS LAST, id

-- name: order_timestamps
-- native
-- ordered
SELECT id, ts, ntz FROM edge ORDER BY ts, ntz, id

-- name: order_timestamps_desc
-- native
-- ordered
SELECT id, ts, ntz FROM edge ORDER BY ntz DESC NULLS FIRST, ts DESC, id

-- name: order_dates
-- native
-- ordered
SELECT id, dt FROM edge ORDER BY dt DESC, id

-- name: order_multi_key_mixed
-- native
-- ordered
-- subset
SELECT id, b, d, s, dt FROM edge ORDER BY b DESC NULLS LAST, d ASC NULLS FIRST, s DESC, dt, id
-- also-on: edge=edge_arrow_plain

-- name: order_all_null_keys
-- native
-- ordered
SELECT id, d, s, dec_38_0 FROM edge_nulls ORDER BY d, s DESC, dec_38_0, id DESC

-- name: order_by_expression
-- native
-- ordered
SELECT id, i * 2 + 1 AS k FROM edge ORDER BY i * 2 + 1 DESC NULLS LAST, id

-- name: order_by_string_function
-- native
-- ordered
SELECT id, s FROM edge ORDER BY upper(s), length(s) DESC, id

-- name: order_pairs
-- native
-- ordered
SELECT id, a, b FROM pair_double ORDER BY a DESC, b, id

-- name: order_after_native_filter
-- native
-- ordered
SELECT id, f, s FROM edge WHERE i IS NULL OR i > 0 ORDER BY f DESC NULLS FIRST, s, id

-- name: sort_by_within_partitions
-- native
-- subset
SELECT id, d, s FROM edge SORT BY d DESC, s, id
-- also-on: edge=edge_arrow_dict,edge_spark_plain,edge_nulls,edge_empty

-- name: sort_by_every_type
-- native
SELECT id, b, t, sm, i, l, f, d, dec_38_10, s, bin, dt, ts, ntz FROM edge
SORT BY f, b DESC, bin, ntz DESC, ts, dt, dec_38_10 DESC, sm, t DESC, l, i, d DESC, s, id

-- name: sort_by_nulls_first_last
-- native
SELECT id, f, dec_5_2 FROM edge SORT BY f DESC NULLS LAST, dec_5_2 NULLS LAST, id

-- name: top_n
-- native
-- ordered
-- subset
SELECT id, l, d FROM edge WHERE d = d ORDER BY l DESC, id LIMIT 10

-- name: top_n_nan_nulls
-- native
-- ordered
SELECT id, d, f FROM edge ORDER BY d DESC NULLS FIRST, f, id LIMIT 25
-- also-on: edge=edge_arrow_delta,edge_nulls,edge_empty

-- name: top_n_strings
-- native
-- ordered
SELECT id, s, bin FROM edge ORDER BY s DESC, bin, id LIMIT 7

-- name: top_n_offset
-- native
-- ordered
SELECT id, d, s FROM edge ORDER BY d, id LIMIT 10 OFFSET 5

-- name: top_n_offset_past_the_end
-- native
-- ordered
SELECT id, s FROM edge ORDER BY s, id LIMIT 10 OFFSET 235

-- name: top_n_projection
-- native
-- ordered
SELECT id, upper(s) AS us, d * 2 AS d2 FROM edge ORDER BY dec_38_10 DESC NULLS LAST, ts, id LIMIT 20

-- name: top_n_every_type_key
-- native
-- ordered
SELECT id FROM edge ORDER BY b, t, sm DESC, i, l, f DESC, d, dec_18_6, dec_38_38 DESC, s, bin DESC, dt, ts, ntz, id
LIMIT 50

-- name: top_n_larger_than_table
-- native
-- ordered
SELECT id, dt FROM edge ORDER BY dt NULLS LAST, id LIMIT 1000

-- name: limit_after_native_filter
-- native
-- ordered
SELECT id, i FROM (SELECT id, i FROM edge WHERE i > 0 LIMIT 5) ORDER BY id

-- name: local_global_limit
-- native
-- ordered
-- subset
SELECT id, s, d FROM (SELECT id, s, d FROM edge LIMIT 17) ORDER BY id
-- also-on: edge=edge_spark_plain,edge_nulls

-- name: limit_count
-- (the aggregate runs in Spark until Ember aggregates natively)
SELECT count(*) AS n, sum(id) AS ids, max(s) AS s FROM (SELECT id, s FROM edge LIMIT 17)
-- also-on: edge=edge_empty

-- name: limit_offset
-- native
-- ordered
SELECT id, d, bin FROM (SELECT id, d, bin FROM edge LIMIT 20 OFFSET 7) ORDER BY id

-- name: offset_only
-- native
-- ordered
SELECT id, ts FROM (SELECT id, ts FROM edge OFFSET 230) ORDER BY id

-- name: limit_offset_past_the_end
-- native
-- ordered
SELECT id FROM (SELECT id FROM edge LIMIT 5 OFFSET 300) ORDER BY id

-- name: limit_empty_input
-- (the aggregate runs in Spark until Ember aggregates natively)
SELECT count(*) AS n FROM (SELECT id FROM edge_empty LIMIT 3)

-- name: limit_larger_than_table
-- native
-- ordered
SELECT id, l FROM (SELECT id, l FROM edge LIMIT 100000) ORDER BY id DESC

-- name: sorted_subquery_limit
-- (the outer Sort reads TakeOrderedAndProject's single partition, which is no exchange: Spark)
-- ordered
SELECT id, d FROM (SELECT id, d FROM edge ORDER BY d DESC, id LIMIT 30 OFFSET 3) ORDER BY id

-- name: window_rank
-- ordered
SELECT id, b, d, rank() OVER (PARTITION BY b ORDER BY d, id) AS r FROM edge ORDER BY b, r, id

-- name: window_running_sum
-- ordered
SELECT id, dec_5_2, sum(dec_5_2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM edge ORDER BY id

-- name: tpch_order_by
-- native
-- ordered
SELECT o_orderkey, o_totalprice FROM orders WHERE o_totalprice > 400000 ORDER BY o_totalprice DESC, o_orderkey

-- name: tpch_top_n
-- native
-- ordered
SELECT l_orderkey, l_linenumber, l_shipmode, l_extendedprice FROM lineitem
ORDER BY l_shipmode DESC, l_extendedprice, l_orderkey, l_linenumber LIMIT 40

-- name: limit_stops_reading_exchange
-- native
-- ordered
-- (LocalLimit over the exchange's rows: the region stops reading its input after the first
-- batch while the task still has thousands of rows to send)
SELECT l_orderkey, l_linenumber FROM (SELECT l_orderkey, l_linenumber FROM lineitem DISTRIBUTE BY l_linenumber LIMIT 12)
ORDER BY l_orderkey, l_linenumber

-- name: limit_stops_reading_exchange_no_aqe
-- native
-- ordered
-- conf: spark.sql.adaptive.enabled=false
-- conf: spark.ember.batchSize=100
SELECT l_orderkey, l_linenumber FROM (SELECT l_orderkey, l_linenumber FROM lineitem DISTRIBUTE BY l_orderkey LIMIT 3 OFFSET 2)
ORDER BY l_orderkey, l_linenumber

-- name: sort_merge_join_over_native_sorts
-- ordered
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
-- (the join is Spark's; both of its sorted inputs are native Sort regions run by one task)
SELECT x.id AS xid, y.id AS yid, x.d FROM edge x JOIN edge_arrow_dict y ON x.d = y.d AND x.s = y.s ORDER BY xid, yid
