// Package shuffle writes a native stage's output as Spark shuffle files and
// reads shuffle blocks back.
//
// Layout: one data file per map task, the partitions' blocks one after the
// other in partition order, and Spark's index file beside it (numPartitions+1
// big-endian int64 offsets, the first 0: IndexShuffleBlockResolver). A block
// is self-contained: one or more complete Arrow IPC streams (schema, record
// batches, end-of-stream marker), with lz4-frame or zstd body compression, so
// a reader needs nothing but the block's bytes. An empty partition has a
// block of length 0, as in Spark.
//
// Partitioning follows Spark's physical partitionings (partitioning.scala):
// HashPartitioning is pmod(murmur3(keys, 42), n) with Spark's per-type hash
// rules (kernels/hash); RoundRobinPartitioning starts at the position the JVM
// computed for the map task; SinglePartition sends every row to partition 0;
// RangePartitioning sends a row to the number of bounds below its sort keys
// (RangePartitioner.getPartition), the bounds sampled by the JVM and shipped
// as an Arrow IPC stream, compared by kernels/order's ordering.
package shuffle
