-- Parquet scans: every column of every primitive type read back exactly, from files written
-- by Spark (snappy, dictionary, INT96 timestamps, several files; zstd, plain, many row
-- groups), by pyarrow (plain/zstd, dictionary/snappy with decimals as INT32/INT64 and data
-- page v2, delta encodings) and by tpchgen-cli (parquet-rs); empty tables and all-null
-- columns; column pruning and reordering.
-- native
-- subset

-- name: star
SELECT * FROM edge
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: integers
SELECT id, b, t, sm, i, l FROM edge
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: floating
SELECT id, f, d FROM edge
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: decimals
SELECT id, dec_1_0, dec_5_2, dec_9_4, dec_10_0, dec_18_6, dec_19_0, dec_28_10, dec_38_0, dec_38_10, dec_38_38
FROM edge
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: strings_binary
SELECT id, s, bin FROM edge
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: dates_timestamps
SELECT id, dt, ts, ntz FROM edge
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: one_column_reordered
SELECT ntz, s, dec_38_38, f, id FROM edge
-- also-on: edge=edge_arrow_delta,edge_spark_plain

-- name: same_column_twice
SELECT s, s, id FROM edge

-- name: empty_table
SELECT * FROM edge_empty
-- also-on: edge_empty=edge_empty_arrow

-- name: empty_table_columns
SELECT s, dec_38_10, ts FROM edge_empty
-- also-on: edge_empty=edge_empty_arrow

-- name: all_null_columns
SELECT * FROM edge_nulls
-- also-on: edge_nulls=edge_nulls_arrow

-- name: dst_table
SELECT * FROM dst

-- name: pair_tables_string
SELECT * FROM pair_string

-- name: pair_tables_decimal
SELECT * FROM pair_dec_38_38

-- name: tpch_region
SELECT * FROM region

-- name: tpch_nation
SELECT * FROM nation

-- name: tpch_supplier
SELECT * FROM supplier

-- name: tpch_part_columns
SELECT p_partkey, p_name, p_retailprice, p_container FROM part

-- name: tpch_orders_columns
SELECT o_orderkey, o_orderdate, o_totalprice, o_comment FROM orders

-- name: tpch_lineitem_columns
SELECT l_orderkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax, l_returnflag, l_shipdate,
       l_commitdate, l_receiptdate
FROM lineitem

-- name: tpch_customer_star
SELECT * FROM customer

-- name: tpch_partsupp_star
SELECT * FROM partsupp
