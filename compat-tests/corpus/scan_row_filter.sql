-- A filter right above a Parquet scan whose condition has `col = 'literal'` or
-- `col IN ('literal', ...)` conjuncts on string or binary columns: the scan drops the rows
-- those conjuncts reject before it builds them (on dictionary pages, one lookup per
-- dictionary value), only when Spark's order of evaluation would drop them there too.
-- Other tests of one string column (LIKE, <>, <, NOT, OR, IN with NULL) are evaluated on
-- each dictionary's values by the filter's own evaluator.
-- Files written by Spark, pyarrow (plain, dictionary, delta) and tpchgen-cli; NULLs,
-- empty and multi-byte strings, values no row holds.
-- subset

-- name: equal
-- native
SELECT id, s, i FROM edge WHERE s = 'abc'
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: equal_literal_first
-- native
SELECT id, s FROM edge WHERE '日本語' = s
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: in_list
-- native
SELECT id, s, bin, dec_38_10 FROM edge WHERE s IN ('', 'a', 'ábc', '😀', 'e\u0301', 'no such value')
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: in_long_list
-- native
SELECT id, s FROM edge
WHERE s IN ('', ' ', 'a', 'A', 'abc', 'abc ', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10', 'x11', 'x12', 'x13', 'x14', 'x15', 'x16', 'x17', 'x18', 'x19', 'x20')
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: in_list_with_null
-- native
SELECT id, s FROM edge WHERE s IN ('a', NULL)

-- name: not_in_list_with_null
-- (Spark's optimizer turns this filter into an empty relation.)
SELECT id, s FROM edge WHERE NOT (s IN ('a', NULL))

-- name: binary_equal
-- native
SELECT id, bin FROM edge WHERE bin = X'00'
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_spark_plain

-- name: binary_in
-- native
SELECT id, bin FROM edge WHERE bin IN (X'', X'FF', X'616263')
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: no_row_matches
-- native
SELECT id, s, i FROM edge WHERE s = 'no such value'
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: no_row_matches_count
-- native
SELECT count(*), count(s), sum(i) FROM edge WHERE s IN ('no such value', 'nor this')

-- name: with_other_conjuncts
-- native
SELECT id, s, i, d FROM edge WHERE i > 0 AND s IN ('a', 'A', 'Z') AND d IS NOT NULL
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: two_columns
-- native
SELECT id, s, bin FROM edge WHERE s IN ('a', 'abc', '', 'zz') AND bin IN (X'', X'00', X'80')
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: one_column_twice
-- native
SELECT id, s FROM edge WHERE s IN ('a', 'abc', 'Z') AND s IN ('abc', 'Z', 'zz')

-- name: under_or
-- native
SELECT id, s, i FROM edge WHERE s = 'a' OR i > 100

-- name: null_safe_equal
-- native
SELECT id, s FROM edge WHERE s <=> 'a'

-- name: not_equal
-- native
SELECT id, s FROM edge WHERE s <> 'a' AND s IN ('a', 'A')

-- name: all_null_column
-- native
SELECT * FROM edge_nulls WHERE s = 'a'

-- name: empty_table
-- native
SELECT * FROM edge_empty WHERE s IN ('a', 'b')

-- name: then_aggregate
-- native
SELECT s, count(*), sum(i), min(dt) FROM edge WHERE s IN ('a', 'abc', '日本語') GROUP BY s
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: ansi_cast_after
-- native
-- Spark never casts the rows the first conjunct rejects. (An IN of two values: with
-- `s = '-0'` Spark's ConstantPropagation would fold the cast away.)
-- conf: spark.sql.ansi.enabled=true
SELECT id, s FROM edge WHERE s IN ('-0', 'x') AND cast(s AS int) = 0

-- name: ansi_cast_before
-- Spark casts every row before it compares s, and fails on the first that is no number.
-- conf: spark.sql.ansi.enabled=true
-- expect-error
SELECT id, s FROM edge WHERE cast(s AS int) = 0 AND s IN ('-0', 'x')

-- name: tpch_shipping
-- native
SELECT l_shipmode, count(*), sum(l_quantity), sum(l_extendedprice * (1 - l_discount))
FROM lineitem
WHERE l_shipinstruct = 'DELIVER IN PERSON' AND l_shipmode IN ('AIR', 'AIR REG')
GROUP BY l_shipmode

-- name: tpch_part_brand
-- native
SELECT p_partkey, p_name, p_size FROM part
WHERE p_brand = 'Brand#12' AND p_container IN ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG') AND p_size BETWEEN 1 AND 5

-- name: tpch_comment_like
-- native
SELECT count(*), max(l_comment) FROM lineitem WHERE l_shipmode = 'MAIL' AND l_comment LIKE '%furious%'

-- name: like_prefix
-- native
SELECT id, s FROM edge WHERE s LIKE 'a%'
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: not_like
-- native
SELECT id, s, i FROM edge WHERE s NOT LIKE '%b%'
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: not_equal_alone
-- native
SELECT id, s FROM edge WHERE s <> 'a'
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: range_or_null
-- native
SELECT id, s FROM edge WHERE s < 'b' OR s IS NULL
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: in_or_like_one_column
-- native
SELECT id, s FROM edge WHERE s IN ('Z', 'zz') OR s LIKE '%c'
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: string_functions
-- native
SELECT id, s FROM edge WHERE startswith(s, 'ab') OR endswith(s, 'z') OR contains(s, '本')
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: not_in_with_null_and_other_conjunct
-- native
SELECT id, s, i FROM edge WHERE NOT (s IN ('a', NULL)) OR i > 0

-- name: binary_range
-- native
SELECT id, bin FROM edge WHERE bin < X'80' AND bin <> X''
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: ansi_cast_after_like
-- native
-- Spark never casts the rows LIKE rejects.
-- conf: spark.sql.ansi.enabled=true
SELECT id, s FROM edge WHERE s LIKE '-%' AND cast(s AS int) = 0

-- name: tpch_part_q16
-- native
SELECT p_brand, p_type, p_size, count(*) FROM part
WHERE p_brand <> 'Brand#45' AND p_type NOT LIKE 'MEDIUM POLISHED%' AND p_size IN (49, 14, 23, 45, 19, 3, 36, 9)
GROUP BY p_brand, p_type, p_size

-- name: tpch_part_q2
-- native
SELECT p_partkey, p_mfgr FROM part WHERE p_size = 15 AND p_type LIKE '%BRASS'

-- name: tpch_lineitem_like
-- native
SELECT l_shipmode, l_shipinstruct, count(*), sum(l_quantity) FROM lineitem
WHERE l_shipmode <> 'MAIL' AND l_shipinstruct LIKE 'DELIVER%'
GROUP BY l_shipmode, l_shipinstruct
