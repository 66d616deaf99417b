package shuffle

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
)

// blockScan is a leaf operator reading shuffle blocks from local data files,
// in order (the reduce side of one partition, or a coalesced range of them):
// a SegmentsSource as an operator, for tests and tools that read the files
// without a task (a task's ArrowInput leaf reads its segments itself).
//
// Memory: one batch at a time from the allocator, plus a 64 KiB read buffer.
type blockScan struct {
	src     *SegmentsSource
	schema  *arrow.Schema
	metrics native.Metrics
	closed  bool
}

var _ native.Operator = (*blockScan)(nil)

// NewBlockScan returns the batches of the blocks in segments, in order. planID
// is the Spark plan id of the exchange (or AQE shuffle read) it reads.
func NewBlockScan(segments []Segment, schema *arrow.Schema, mem memory.Allocator, planID int64) native.Operator {
	return &blockScan{src: NewSegmentsSource(segments, schema, mem), schema: schema,
		metrics: native.Metrics{PlanID: planID, Name: "ShuffleRead"}}
}

func (s *blockScan) Open(ctx context.Context) error { return nil }

func (s *blockScan) Schema() *arrow.Schema { return s.schema }

func (s *blockScan) Metrics() *native.Metrics { return &s.metrics }

func (s *blockScan) Children() []native.Operator { return nil }

func (s *blockScan) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for !s.closed {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		stop := s.metrics.Time()
		ok := s.src.Next()
		stop()
		if !ok {
			return nil, s.src.Err()
		}
		rec := s.src.RecordBatch()
		if rec.NumRows() == 0 {
			continue
		}
		rec.Retain()
		s.metrics.Emitted(rec)
		return rec, nil
	}
	return nil, nil
}

func (s *blockScan) Close() error {
	s.closed = true
	s.src.Release()
	return nil
}
