package shuffle

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/plans/physical/partitioning.scala,
// HashPartitioning.partitionIdExpression = Pmod(Murmur3Hash(expressions, 42), numPartitions).

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/hash"
	"github.com/ember-spark/ember/native/expr"
)

// sparkHashSeed is the seed HashPartitioning gives Murmur3Hash.
const sparkHashSeed = 42

// Hash is Spark's HashPartitioning over Keys into N partitions.
type Hash struct {
	Keys   []expr.Evaluator
	N      int
	hashes []int32
}

func (h *Hash) NumPartitions() int { return h.N }

func (h *Hash) Assign(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, out []int32) error {
	n := int(batch.NumRows())
	if cap(h.hashes) < n {
		h.hashes = make([]int32, n)
	}
	hashes := h.hashes[:n]
	for i := range hashes {
		hashes[i] = sparkHashSeed
	}
	for _, k := range h.Keys {
		a, err := k.Eval(ctx, mem, batch)
		if err != nil {
			return fmt.Errorf("hash partitioning key %s: %w", k, err)
		}
		err = hash.Murmur3(hashes, a)
		a.Release()
		if err != nil {
			return fmt.Errorf("hash partitioning key %s: %w", k, err)
		}
	}
	hash.PartitionIDs(hashes, int32(h.N), out)
	return nil
}
