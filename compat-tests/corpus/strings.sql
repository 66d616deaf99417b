-- Strings and binary: comparison by unsigned UTF-8 bytes (empty, spaces, NUL, multi-byte
-- UTF-8 of 2, 3 and 4 bytes, combining sequences vs precomposed, long values), dictionary
-- and plain encoded, in projections and filters.
-- native
-- subset

-- name: string_equality
SELECT id, s FROM edge WHERE s = 'abc' OR s = '' OR s = '日本語' OR s = '😀'
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: string_order_multibyte
SELECT id, s FROM edge WHERE s > 'z' AND s < '😀'

-- name: string_trailing_space
SELECT id, s FROM edge WHERE s = 'abc ' OR s < ' '

-- name: string_nul_byte
SELECT id, s FROM edge WHERE s > 'a' AND s < 'a' || CAST(X'01' AS STRING)

-- name: string_combining
SELECT id, s, s = 'é' AS precomposed, s = 'é' AS combining FROM edge WHERE s >= 'e' AND s < 'f'

-- name: string_empty_vs_null
SELECT id, s, s = '' AS empty, s IS NULL AS is_null, s <=> '' AS ens FROM edge

-- name: string_long
SELECT id, s FROM edge WHERE s > 'long long' AND s <= 'long long long long long long'

-- name: binary_unsigned_order
SELECT id, bin FROM edge WHERE bin > X'7F'
-- also-on: edge=edge_arrow_plain,edge_arrow_delta

-- name: binary_prefixes
SELECT id, bin, bin < X'0000' AS below, bin = X'00' AS eq, bin >= X'' AS ge_empty FROM edge

-- name: string_pairs_filter
SELECT id, a, b FROM pair_string WHERE a > b AND b IS NOT NULL

-- name: binary_pairs_filter
SELECT id, a, b FROM pair_binary WHERE a <= b

-- name: tpch_strings
SELECT l_orderkey, l_linenumber, l_shipmode, l_returnflag FROM lineitem
WHERE l_shipmode = 'MAIL' AND l_returnflag >= 'N' AND l_orderkey < 5000

-- name: tpch_string_range
SELECT c_custkey, c_name, c_mktsegment FROM customer WHERE c_mktsegment < 'BUILDING' OR c_name > 'Customer#000001400'
