package native

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// StreamsSource is a RecordSource over zero or more complete Arrow IPC
// streams one after the other, each of schema: the blocks of a native
// shuffle exchange as the JVM forwards them (a block holds one or more
// streams, a reduce partition reads its blocks of every map task in turn).
// A stream starts wherever the previous one's end-of-stream marker ended; the
// bytes end after a marker (or there are none at all). The streams' columns
// must have schema's types; their names may differ (a reused exchange renames
// its output), and the batches are returned with schema.
//
// Memory: one batch at a time from mem, plus a 64 KiB read buffer.
type StreamsSource struct {
	in     *bufio.Reader
	schema *arrow.Schema
	mem    memory.Allocator
	cur    *ipc.Reader
	rec    arrow.RecordBatch
	err    error
	done   bool
}

var _ RecordSource = (*StreamsSource)(nil)

// NewStreamsSource reads the concatenated Arrow IPC streams of r, which must
// all have schema. Release it when done.
func NewStreamsSource(r io.Reader, schema *arrow.Schema, mem memory.Allocator) *StreamsSource {
	return &StreamsSource{in: bufio.NewReaderSize(r, 64<<10), schema: schema, mem: mem}
}

func (s *StreamsSource) Next() bool {
	for !s.done {
		if s.cur == nil {
			// Another stream, or the end of the bytes.
			if _, err := s.in.Peek(1); err != nil {
				s.done = true
				if !errors.Is(err, io.EOF) {
					s.err = err
				}
				return false
			}
			r, err := ipc.NewReader(s.in, ipc.WithAllocator(s.mem))
			if err == nil {
				err = sameTypes(r.Schema(), s.schema)
			}
			if err != nil {
				if r != nil {
					r.Release()
				}
				s.done, s.err = true, fmt.Errorf("shuffle block stream: %w", err)
				return false
			}
			s.cur = r
		}
		s.releaseRecord()
		if s.cur.Next() {
			rec := s.cur.RecordBatch()
			s.rec = array.NewRecordBatch(s.schema, rec.Columns(), rec.NumRows())
			return true
		}
		err := s.cur.Err()
		s.cur.Release()
		s.cur = nil
		if err != nil {
			s.done, s.err = true, fmt.Errorf("shuffle block stream: %w", err)
			return false
		}
	}
	return false
}

// RecordBatch is valid until the next call to Next.
func (s *StreamsSource) RecordBatch() arrow.RecordBatch { return s.rec }

func (s *StreamsSource) Err() error { return s.err }

// Release frees the current batch and stream reader.
func (s *StreamsSource) Release() {
	s.done = true
	s.releaseRecord()
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
}

func (s *StreamsSource) releaseRecord() {
	if s.rec != nil {
		s.rec.Release()
		s.rec = nil
	}
}

// sameTypes: got has want's number of columns and their types.
func sameTypes(got, want *arrow.Schema) error {
	if got.NumFields() != want.NumFields() {
		return fmt.Errorf("a stream of %d columns, want %d", got.NumFields(), want.NumFields())
	}
	for i, f := range want.Fields() {
		if !arrow.TypeEqual(got.Field(i).Type, f.Type) {
			return fmt.Errorf("column %d is %s, want %s", i, got.Field(i).Type, f.Type)
		}
	}
	return nil
}
