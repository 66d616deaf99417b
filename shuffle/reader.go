package shuffle

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
)

// Segment is one shuffle block in a local data file (Spark's
// FileSegmentManagedBuffer: path, offset, length).
type Segment struct {
	Path   string
	Offset int64
	Length int64
}

// blockReader reads the batches of one block: its IPC streams one after the
// other until the block's bytes are used up.
type blockReader struct {
	src    *io.LimitedReader
	buf    *bufio.Reader
	mem    memory.Allocator
	schema *arrow.Schema
	ipc    *ipc.Reader
	name   string
}

func newBlockReader(r io.Reader, length int64, schema *arrow.Schema, mem memory.Allocator, name string) *blockReader {
	src := &io.LimitedReader{R: r, N: length}
	return &blockReader{src: src, buf: bufio.NewReaderSize(src, 256<<10), mem: mem, schema: schema, name: name}
}

// next returns the block's next batch (owned by the caller), or nil at its end.
func (b *blockReader) next() (arrow.RecordBatch, error) {
	for {
		if b.ipc == nil {
			if b.src.N == 0 && b.buf.Buffered() == 0 {
				return nil, nil
			}
			r, err := ipc.NewReader(b.buf, ipc.WithAllocator(b.mem), ipc.WithSchema(b.schema))
			if err != nil {
				return nil, fmt.Errorf("shuffle block %s: %w", b.name, err)
			}
			b.ipc = r
		}
		if b.ipc.Next() {
			rec := b.ipc.RecordBatch()
			rec.Retain()
			return rec, nil
		}
		err := b.ipc.Err()
		b.ipc.Release()
		b.ipc = nil
		if err != nil {
			return nil, fmt.Errorf("shuffle block %s: %w", b.name, err)
		}
	}
}

func (b *blockReader) close() {
	if b.ipc != nil {
		b.ipc.Release()
		b.ipc = nil
	}
}

// blockScan is a leaf operator reading shuffle blocks from local data files,
// in order (the reduce side of one partition, or a coalesced range of them).
//
// Memory: one batch at a time from the task's allocator, plus a 256 KiB read
// buffer.
type blockScan struct {
	segments []Segment
	schema   *arrow.Schema
	mem      memory.Allocator
	metrics  native.Metrics

	next   int
	file   *os.File
	block  *blockReader
	closed bool
}

var _ native.Operator = (*blockScan)(nil)

// NewBlockScan returns the batches of the blocks in segments, in order. planID
// is the Spark plan id of the exchange (or AQE shuffle read) it reads.
func NewBlockScan(segments []Segment, schema *arrow.Schema, mem memory.Allocator, planID int64) native.Operator {
	return &blockScan{segments: segments, schema: schema, mem: mem,
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
		if s.block == nil {
			if s.next == len(s.segments) {
				return nil, nil
			}
			if err := s.openSegment(); err != nil {
				return nil, err
			}
			continue
		}
		stop := s.metrics.Time()
		rec, err := s.block.next()
		stop()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			s.closeSegment()
			continue
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		s.metrics.Emitted(rec)
		return rec, nil
	}
	return nil, nil
}

func (s *blockScan) openSegment() error {
	seg := s.segments[s.next]
	s.next++
	if seg.Length == 0 {
		return nil
	}
	if seg.Offset < 0 || seg.Length < 0 {
		return fmt.Errorf("shuffle block %s: offset %d, length %d", seg.Path, seg.Offset, seg.Length)
	}
	f, err := os.Open(seg.Path)
	if err != nil {
		return fmt.Errorf("shuffle block: %w", err)
	}
	s.file = f
	name := fmt.Sprintf("%s@%d+%d", seg.Path, seg.Offset, seg.Length)
	s.block = newBlockReader(io.NewSectionReader(f, seg.Offset, seg.Length), seg.Length, s.schema, s.mem, name)
	return nil
}

func (s *blockScan) closeSegment() {
	if s.block != nil {
		s.block.close()
		s.block = nil
	}
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}

func (s *blockScan) Close() error {
	s.closed = true
	s.closeSegment()
	return nil
}
