-- Native shuffle exchanges: a region's map tasks write Spark's shuffle files themselves
-- (compressed Arrow IPC blocks, partitioned as Spark partitions: pmod(murmur3(keys, 42), n),
-- single partition, round robin) and the region above reads the blocks without converting
-- rows. Hash keys of every type, with NULL keys; empty inputs and empty partitions; a Spark
-- operator above a native exchange (the blocks decoded for it); AQE on and off.
-- native

-- name: hash_every_key_type
-- subset
SELECT b, t, sm, i, l, f, d, dec_5_2, dec_18_6, dec_38_10, s, bin, dt, ts, ntz, count(*) AS n, min(id) AS first
FROM edge GROUP BY b, t, sm, i, l, f, d, dec_5_2, dec_18_6, dec_38_10, s, bin, dt, ts, ntz
-- also-on: edge=edge_nulls

-- name: hash_every_key_type_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT b, t, sm, i, l, f, d, dec_5_2, dec_18_6, dec_38_10, s, bin, dt, ts, ntz, count(*) AS n, min(id) AS first
FROM edge GROUP BY b, t, sm, i, l, f, d, dec_5_2, dec_18_6, dec_38_10, s, bin, dt, ts, ntz
-- also-on: edge=edge_empty

-- name: hash_one_key_each
-- subset
SELECT 'b' AS k, count(DISTINCT b) FROM edge UNION ALL SELECT 't', count(DISTINCT t) FROM edge
UNION ALL SELECT 'f', count(DISTINCT f) FROM edge UNION ALL SELECT 'd', count(DISTINCT d) FROM edge
UNION ALL SELECT 'dec', count(DISTINCT dec_38_10) FROM edge UNION ALL SELECT 's', count(DISTINCT s) FROM edge
UNION ALL SELECT 'bin', count(DISTINCT bin) FROM edge UNION ALL SELECT 'ts', count(DISTINCT ts) FROM edge

-- name: distribute_by_every_type
-- conf: spark.ember.exchangeInput.projectFilter.enabled=true
SELECT * FROM (SELECT * FROM edge DISTRIBUTE BY b, t, sm, i, l, f, d, dec_38_10, s, bin, dt, ts, ntz)
-- also-on: edge=edge_nulls,edge_empty

-- name: null_keys_group_together
-- subset
SELECT i, count(*), sum(l) FROM (SELECT CASE WHEN id % 3 = 0 THEN NULL ELSE i END AS i, l FROM edge) GROUP BY i

-- name: single_partition_global_aggregate
-- subset
SELECT count(*), count(i), sum(l), min(s), max(dt), avg(d) FROM edge
-- also-on: edge=edge_empty,edge_nulls

-- name: single_partition_global_aggregate_no_aqe
-- conf: spark.sql.adaptive.enabled=false
SELECT count(*), sum(l), min(s), max(dt) FROM edge WHERE id > 10

-- name: round_robin_repartition
-- subset
-- conf: spark.ember.exchangeInput.projectFilter.enabled=true
SELECT id, i, s, dec_38_10, ts FROM (SELECT /*+ REPARTITION(7) */ * FROM edge)
-- also-on: edge=edge_empty

-- name: round_robin_then_aggregate
SELECT s, count(*), sum(i) FROM (SELECT /*+ REPARTITION(5) */ * FROM edge WHERE i IS NOT NULL) GROUP BY s

-- name: empty_partitions_many
-- conf: spark.sql.shuffle.partitions=64
-- conf: spark.sql.adaptive.coalescePartitions.enabled=false
SELECT b, count(*), max(l) FROM edge GROUP BY b

-- name: empty_input_hash
-- (AQE replaces what follows an empty stage by an empty LocalTableScan: without AQE the
-- exchange writes and reads empty blocks.)
-- conf: spark.sql.adaptive.enabled=false
SELECT s, count(*) FROM edge WHERE id < 0 GROUP BY s
-- also-on: edge=edge_empty

-- name: join_over_native_exchanges
-- subset
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT x.id, x.i, y.s, y.dec_38_10 FROM edge x JOIN edge y ON x.i = y.i AND x.s = y.s

-- name: join_over_native_exchanges_no_aqe
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
-- conf: spark.sql.adaptive.enabled=false
SELECT x.id, y.l, y.ts FROM edge x FULL OUTER JOIN edge y ON x.l = y.l

-- name: aggregate_over_join_over_native_exchanges
-- conf: spark.sql.autoBroadcastJoinThreshold=-1
SELECT y.s, count(*), sum(x.l) FROM edge x JOIN edge y ON x.dt = y.dt GROUP BY y.s

-- name: zstd_blocks
-- conf: spark.ember.shuffle.compression.codec=zstd
SELECT s, count(*), sum(l), max(bin) FROM edge GROUP BY s
