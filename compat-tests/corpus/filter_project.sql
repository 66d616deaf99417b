-- The Filter and Project operators themselves: filters that keep nothing or everything,
-- on expressions, stacked under projections with aliases, constants and repeated columns;
-- subqueries that Spark collapses into one Project over one Filter.
-- native
-- subset

-- name: filter_keeps_nothing
SELECT * FROM edge WHERE i > 2147483647

-- name: filter_keeps_everything
SELECT id, s FROM edge WHERE id >= 0

-- name: filter_all_null_condition
-- native: false
-- (Spark folds the condition to NULL and reads nothing: a LocalTableScan)
SELECT id FROM edge WHERE CAST(NULL AS BOOLEAN) OR i = CAST(NULL AS INT)

-- name: project_many_columns
SELECT id, i, i + 1 AS i1, i + 2 AS i2, i + 3 AS i3, l, l * 2 AS l2, d, d * 2 AS d2, s, s AS s_again,
       dec_5_2 + 1 AS dec1, dt, ts, ntz, bin, b, f, t, sm
FROM edge

-- name: project_constant_only
SELECT 42 AS answer, 'ember' AS name FROM edge

-- name: project_reorder_and_alias
SELECT d AS x, i AS y, s AS z, id AS w FROM edge

-- name: filter_then_project
SELECT id * 2 AS id2, l - i AS diff, s FROM edge WHERE i > 0 AND s IS NOT NULL

-- name: nested_subqueries
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT a + 1 AS a1, b FROM (SELECT id AS a, d * 2 AS b FROM (SELECT * FROM edge WHERE i > 0) x WHERE d > 0) y
WHERE a < 200

-- name: filter_on_alias_of_expression
SELECT * FROM (SELECT id, i + l AS il FROM edge) WHERE il > 0

-- name: filter_every_type
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id FROM edge WHERE b AND t > 0 AND sm > 0 AND i > 0 AND l > 0 AND f > 0 AND d > 0 AND dec_5_2 > 0
-- also-on: edge=edge_arrow_dict,edge_spark_plain

-- name: filter_or_every_type
SELECT id FROM edge WHERE b OR t > 100 OR sm < -200 OR i = 7 OR l = 2147483648 OR f = 2.5 OR d = 0.1 OR s = 'Z'
   OR bin = X'80' OR dt = DATE'2038-01-19' OR ts = TIMESTAMP'2100-06-15 05:34:56.789012'
   OR ntz = TIMESTAMP_NTZ'2100-06-15 12:34:56.789012' OR dec_38_38 < 0
-- also-on: edge=edge_arrow_plain,edge_arrow_delta,edge_spark_plain

-- name: tpch_q6_filter
SELECT l_extendedprice * l_discount AS revenue FROM lineitem
WHERE l_shipdate >= DATE'1994-01-01' AND l_shipdate < DATE'1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07
  AND l_quantity < 24

-- name: tpch_q1_project
SELECT l_returnflag, l_linestatus, l_quantity, l_extendedprice, l_extendedprice * (1 - l_discount) AS disc_price,
       l_extendedprice * (1 - l_discount) * (1 + l_tax) AS charge, l_discount
FROM lineitem WHERE l_shipdate <= DATE'1998-09-02'

-- name: tpch_q19_predicate
SELECT l_orderkey, l_partkey, l_quantity FROM lineitem
WHERE (l_quantity >= 1 AND l_quantity <= 11 AND l_shipmode = 'AIR') OR (l_quantity >= 10 AND l_quantity <= 20
  AND l_shipinstruct = 'DELIVER IN PERSON') OR (l_quantity > 25 AND l_shipmode = 'REG AIR')

-- name: tpch_orders_filter
SELECT o_orderkey, o_custkey, o_totalprice FROM orders
WHERE o_orderdate >= DATE'1995-03-15' AND o_totalprice > 200000 AND o_orderstatus = 'O'

-- name: tpch_partsupp_math
SELECT ps_partkey, ps_suppkey, ps_supplycost * ps_availqty AS value FROM partsupp WHERE ps_availqty < 100
