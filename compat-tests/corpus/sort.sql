-- ORDER BY, LIMIT and window functions (in Spark today): NULL first ascending and last
-- descending, NaN above every number, -0.0 and 0.0; rows compare in order (the ORDER BY
-- keys end with the unique `id`, so the order is total).

-- name: order_double_nan_nulls
-- ordered
SELECT id, d FROM edge ORDER BY d, id

-- name: order_double_desc
-- ordered
SELECT id, d FROM edge ORDER BY d DESC, id

-- name: order_float_nulls_last
-- ordered
SELECT id, f FROM edge ORDER BY f ASC NULLS LAST, id DESC

-- name: order_strings_bytes
-- ordered
SELECT id, s FROM edge ORDER BY s, id

-- name: order_binary
-- ordered
SELECT id, bin FROM edge ORDER BY bin DESC NULLS FIRST, id

-- name: order_decimal
-- ordered
SELECT id, dec_38_38, dec_38_0 FROM edge ORDER BY dec_38_38, dec_38_0 DESC, id

-- name: order_timestamps
-- ordered
SELECT id, ts, ntz FROM edge ORDER BY ts, ntz, id

-- name: order_dates
-- ordered
SELECT id, dt FROM edge ORDER BY dt DESC, id

-- name: top_n
-- ordered
SELECT id, l, d FROM edge WHERE d = d ORDER BY l DESC, id LIMIT 10

-- name: limit_after_native_filter
SELECT count(*) AS n FROM (SELECT id FROM edge WHERE i > 0 LIMIT 5)

-- name: order_by_expression
-- ordered
SELECT id, i * 2 + 1 AS k FROM edge ORDER BY i * 2 + 1 DESC NULLS LAST, id

-- name: window_rank
-- ordered
SELECT id, b, d, rank() OVER (PARTITION BY b ORDER BY d, id) AS r FROM edge ORDER BY b, r, id

-- name: window_running_sum
-- ordered
SELECT id, dec_5_2, sum(dec_5_2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM edge ORDER BY id

-- name: tpch_order_by
-- ordered
SELECT o_orderkey, o_totalprice FROM orders WHERE o_totalprice > 400000 ORDER BY o_totalprice DESC, o_orderkey
