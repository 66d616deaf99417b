package hash

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/plans/physical/partitioning.scala,
// HashPartitioning.partitionIdExpression: Pmod(Murmur3Hash(expressions, 42),
// numPartitions); Pmod (arithmetic.scala) of ints is r = a % n, then
// (r + n) % n when r < 0.

// PartitionIDs writes Spark's hash partition id of every Murmur3 hash (seeded
// 42, chained over the partitioning keys) into out, which must be at least as
// long as hashes; n is the number of partitions (> 0).
func PartitionIDs(hashes []int32, n int32, out []int32) {
	out = out[:len(hashes)]
	for i, h := range hashes {
		r := h % n
		if r < 0 {
			r += n
		}
		out[i] = r
	}
}
