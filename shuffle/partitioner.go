package shuffle

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Partitioner assigns each row of a batch its output partition.
type Partitioner interface {
	// NumPartitions is the number of output partitions (> 0).
	NumPartitions() int
	// Assign writes the partition of each row of batch into out[:batch.NumRows()].
	Assign(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, out []int32) error
}

// Single is Spark's SinglePartition: every row goes to partition 0.
type Single struct{}

func (Single) NumPartitions() int { return 1 }

func (Single) Assign(_ context.Context, _ memory.Allocator, batch arrow.RecordBatch, out []int32) error {
	clear(out[:batch.NumRows()])
	return nil
}

// RoundRobin is Spark's RoundRobinPartitioning as ShuffleExchangeExec
// applies it: the map task's rows go to partitions Start+1, Start+2, ...
// modulo N, where Start is the task's `new XORShiftRandom(partitionId)
// .nextInt(numPartitions)`, computed by the JVM.
type RoundRobin struct {
	N        int
	Start    int
	position int
	started  bool
}

func (r *RoundRobin) NumPartitions() int { return r.N }

func (r *RoundRobin) Assign(_ context.Context, _ memory.Allocator, batch arrow.RecordBatch, out []int32) error {
	if !r.started {
		r.position, r.started = r.Start, true
	}
	n := int(batch.NumRows())
	pos := r.position
	for i := range out[:n] {
		pos++
		out[i] = int32(pos % r.N)
	}
	r.position = pos % r.N
	return nil
}
