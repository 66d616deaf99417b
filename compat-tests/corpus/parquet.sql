-- Reading Parquet with row-group pruning: filters whose answers depend on statistics being
-- used exactly (NaN is left out of Parquet statistics but is above every number in Spark;
-- all-NULL groups; -0.0 and 0.0; infinities; truncated string statistics; limits), on
-- files from pyarrow (plain and dictionary, decimals as FIXED_LEN_BYTE_ARRAY and as
-- INT64) and from Spark; then range filters on the sorted `id` of the edge tables, which
-- prune whole row groups and files.
-- native
-- subset

-- name: double_above_numbers_keeps_nan
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, d FROM prune_arrow WHERE d > 5
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: double_above_huge_keeps_nan
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, d FROM prune_spark WHERE d > 1e308

-- name: double_above_huge_keeps_nan_arrow
-- Spark's answer misses NaN rows of pyarrow-written row groups (parquet-mr's row-group filter trusts
-- statistics that leave NaN out): the scan declines filters NaN could satisfy, so Spark runs it.
-- native: false
SELECT id, d FROM prune_arrow WHERE d > 1e308
-- also-on: prune_arrow=prune_arrow_dict

-- name: double_above_huge_keeps_nan_no_pushdown
-- conf: spark.sql.parquet.filterPushdown=false
SELECT id, d FROM prune_arrow WHERE d > 1e308
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: double_equals_nan
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, d FROM prune_spark WHERE d = CAST('NaN' AS DOUBLE)

-- name: double_equals_nan_arrow
-- Spark's answer misses NaN rows of pyarrow-written row groups (parquet-mr's row-group filter trusts
-- statistics that leave NaN out): the scan declines filters NaN could satisfy, so Spark runs it.
-- native: false
SELECT id, d FROM prune_arrow WHERE d = CAST('NaN' AS DOUBLE)
-- also-on: prune_arrow=prune_arrow_dict

-- name: double_equals_nan_no_pushdown
-- conf: spark.sql.parquet.filterPushdown=false
SELECT id, d FROM prune_arrow WHERE d = CAST('NaN' AS DOUBLE)
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: double_at_least_nan
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, d FROM prune_spark WHERE d >= CAST('NaN' AS DOUBLE)

-- name: double_at_least_nan_arrow
-- Spark's answer misses NaN rows of pyarrow-written row groups (parquet-mr's row-group filter trusts
-- statistics that leave NaN out): the scan declines filters NaN could satisfy, so Spark runs it.
-- native: false
SELECT id, d FROM prune_arrow WHERE d >= CAST('NaN' AS DOUBLE)
-- also-on: prune_arrow=prune_arrow_dict

-- name: double_at_least_nan_no_pushdown
-- conf: spark.sql.parquet.filterPushdown=false
SELECT id, d FROM prune_arrow WHERE d >= CAST('NaN' AS DOUBLE)
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: double_below_negative
SELECT id, d FROM prune_arrow WHERE d < 0
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: double_negative_zero
SELECT id, d FROM prune_arrow WHERE d = 0.0
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: double_le_negative_zero
SELECT id, d FROM prune_arrow WHERE d <= -0.0 AND d > -1.0
-- also-on: prune_arrow=prune_spark

-- name: double_infinity
SELECT id, d FROM prune_arrow WHERE d = CAST('Infinity' AS DOUBLE) OR d < -1e308
-- also-on: prune_arrow=prune_spark

-- name: float_above_keeps_nan
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, f FROM prune_spark WHERE f > 8.5

-- name: float_above_keeps_nan_arrow
-- Spark's answer misses NaN rows of pyarrow-written row groups (parquet-mr's row-group filter trusts
-- statistics that leave NaN out): the scan declines filters NaN could satisfy, so Spark runs it.
-- native: false
SELECT id, f FROM prune_arrow WHERE f > 8.5
-- also-on: prune_arrow=prune_arrow_dict

-- name: float_above_keeps_nan_no_pushdown
-- conf: spark.sql.parquet.filterPushdown=false
SELECT id, f FROM prune_arrow WHERE f > 8.5
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: float_nan_or_negative
-- The scan stays in Spark: a pushed filter NaN could satisfy lets parquet-mr skip NaN rows of files
-- whose statistics leave NaN out, which Ember cannot reproduce (see ParquetScanSerde).
-- native: false
SELECT id, f FROM prune_spark WHERE f = CAST('NaN' AS FLOAT) OR f < 0

-- name: float_nan_or_negative_arrow
-- Spark's answer misses NaN rows of pyarrow-written row groups (parquet-mr's row-group filter trusts
-- statistics that leave NaN out): the scan declines filters NaN could satisfy, so Spark runs it.
-- native: false
SELECT id, f FROM prune_arrow WHERE f = CAST('NaN' AS FLOAT) OR f < 0
-- also-on: prune_arrow=prune_arrow_dict

-- name: float_nan_or_negative_no_pushdown
-- conf: spark.sql.parquet.filterPushdown=false
SELECT id, f FROM prune_arrow WHERE f = CAST('NaN' AS FLOAT) OR f < 0
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: int_limits
SELECT id, i FROM prune_arrow WHERE i > 2147483640 OR i < -2147483640
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: int_null_group
SELECT id, i FROM prune_arrow WHERE i IS NULL
-- also-on: prune_arrow=prune_spark

-- name: int_null_safe
SELECT id, i FROM prune_arrow WHERE i <=> 5
-- also-on: prune_arrow=prune_spark

-- name: string_above_long
SELECT id, s FROM prune_arrow WHERE s > 'long long long long long long long long long long long long long'
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: string_multibyte
SELECT id, s FROM prune_arrow WHERE s >= '日' OR s = 'é'
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: string_empty
SELECT id, s FROM prune_arrow WHERE s = '' OR s < ' ' OR s = ' '
-- also-on: prune_arrow=prune_spark

-- name: decimal_limits
SELECT id, dec FROM prune_arrow WHERE dec > 99999999999999 OR dec < -99999999999999
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: decimal_small
SELECT id, dec FROM prune_arrow WHERE dec > 0 AND dec < 0.001
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: dates_old
SELECT id, dt FROM prune_arrow WHERE dt < DATE'1582-10-15'
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: dates_max
SELECT id, dt FROM prune_arrow WHERE dt >= DATE'9999-12-31'
-- also-on: prune_arrow=prune_spark

-- name: timestamps_dst
SELECT id, ts FROM prune_arrow WHERE ts >= TIMESTAMP'2023-03-12 03:00:00' AND ts < TIMESTAMP'2023-03-12 03:00:01'
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: timestamps_far
SELECT id, ts FROM prune_arrow WHERE ts < TIMESTAMP'1900-01-01 00:00:00Z' OR ts > TIMESTAMP'9000-01-01 00:00:00'
-- also-on: prune_arrow=prune_spark

-- name: binary_high
SELECT id, bin FROM prune_arrow WHERE bin >= X'80'
-- also-on: prune_arrow=prune_arrow_dict,prune_spark

-- name: prune_everything
SELECT * FROM prune_arrow WHERE i > 2147483647 OR d < CAST('-Infinity' AS DOUBLE)
-- also-on: prune_arrow=prune_spark

-- name: sorted_id_range
SELECT id, s, d FROM edge WHERE id BETWEEN 45 AND 130
-- also-on: edge=edge_arrow_plain,edge_arrow_dict,edge_arrow_delta,edge_spark_plain

-- name: sorted_id_point
SELECT * FROM edge WHERE id = 0 OR id = 239
-- also-on: edge=edge_arrow_plain,edge_spark_plain

-- name: sorted_id_beyond
SELECT * FROM edge WHERE id > 1000
-- also-on: edge=edge_arrow_plain,edge_spark_plain

-- name: tpch_lineitem_key_range
SELECT l_orderkey, l_linenumber, l_comment FROM lineitem WHERE l_orderkey BETWEEN 30000 AND 30100

-- name: tpch_orders_date_range
SELECT o_orderkey, o_orderdate FROM orders WHERE o_orderdate > DATE'1998-07-01'

-- name: tpch_lineitem_nothing
SELECT l_orderkey FROM lineitem WHERE l_orderkey < 0

-- name: read_legacy_rebase_mode
-- conf: spark.sql.parquet.datetimeRebaseModeInRead=LEGACY
-- native: false
SELECT id, dt, ts FROM edge_arrow_plain WHERE dt < DATE'1600-01-01' OR ts < TIMESTAMP'1600-01-01 00:00:00'

-- name: read_ancient_dates_exception_mode
-- conf: spark.sql.parquet.datetimeRebaseModeInRead=EXCEPTION
-- native: false
-- expect-error: INCONSISTENT_BEHAVIOR_CROSS_VERSION.READ_ANCIENT_DATETIME
SELECT id, dt FROM edge_arrow_plain WHERE dt < DATE'1582-01-01'

-- name: read_spark_file_exception_mode
-- conf: spark.sql.parquet.datetimeRebaseModeInRead=EXCEPTION
SELECT id, dt FROM edge WHERE dt < DATE'1582-01-01'
