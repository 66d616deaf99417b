package shuffle

import (
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
)

// Segment is one or more whole shuffle blocks in a local data file (Spark's
// FileSegmentManagedBuffer: path, offset, length), so complete Arrow IPC
// streams.
type Segment struct {
	Path   string
	Offset int64
	Length int64
}

func (s Segment) String() string { return fmt.Sprintf("%s [%d, +%d)", s.Path, s.Offset, s.Length) }

// SegmentsSource is a native.RecordSource over the blocks of local shuffle
// files, one segment after the other: the reduce side reading the blocks of
// its own executor straight from the files the map side wrote, instead of
// having the JVM read and forward them.
//
// A bad segment is an error naming its file, never a panic: a missing file,
// a range past the file's end (checked before reading, so a truncated file is
// not mistaken for a shorter block), a block that is not Arrow IPC streams of
// the leaf's column types, or one that ends inside a stream. The task fails
// and Spark retries it (or recomputes the map output).
//
// Memory: one batch at a time from mem, plus a 64 KiB read buffer.
type SegmentsSource struct {
	segments []Segment
	schema   *arrow.Schema
	mem      memory.Allocator

	next int
	file *os.File
	cur  *native.StreamsSource
	seg  Segment
	err  error
	done bool

	// BytesRead counts the bytes of the segments opened so far.
	BytesRead int64
}

var _ native.RecordSource = (*SegmentsSource)(nil)

// NewSegmentsSource reads the concatenated Arrow IPC streams of every segment,
// in order; their columns must have schema's types (names may differ, as for
// forwarded blocks). Release it when done.
func NewSegmentsSource(segments []Segment, schema *arrow.Schema, mem memory.Allocator) *SegmentsSource {
	return &SegmentsSource{segments: segments, schema: schema, mem: mem}
}

func (s *SegmentsSource) Next() (ok bool) {
	defer func() {
		// A malformed block must fail the task, not the sidecar.
		if r := recover(); r != nil {
			s.closeSegment()
			s.done, s.err, ok = true, fmt.Errorf("shuffle block %s: malformed Arrow IPC (%v)", s.seg, r), false
		}
	}()
	for !s.done {
		if s.cur == nil {
			if s.next == len(s.segments) {
				s.done = true
				return false
			}
			if err := s.open(s.segments[s.next]); err != nil {
				s.done, s.err = true, err
				return false
			}
			s.next++
			continue
		}
		if s.cur.Next() {
			return true
		}
		err := s.cur.Err()
		s.closeSegment()
		if err != nil {
			s.done, s.err = true, fmt.Errorf("shuffle block %s: %w", s.seg, err)
			return false
		}
	}
	return false
}

// open starts reading seg after checking that the file holds its range.
func (s *SegmentsSource) open(seg Segment) error {
	s.seg = seg
	if seg.Offset < 0 || seg.Length < 0 {
		return fmt.Errorf("shuffle block %s: a negative offset or length", seg)
	}
	f, err := os.Open(seg.Path)
	if err != nil {
		return fmt.Errorf("shuffle block %s: %w", seg, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("shuffle block %s: %w", seg, err)
	}
	if seg.Offset+seg.Length > st.Size() || seg.Offset+seg.Length < seg.Offset {
		f.Close()
		return fmt.Errorf("shuffle block %s: past the end of the file (%d bytes)", seg, st.Size())
	}
	s.file = f
	s.BytesRead += seg.Length
	s.cur = native.NewStreamsSource(&exactReader{r: io.NewSectionReader(f, seg.Offset, seg.Length), left: seg.Length, seg: seg},
		s.schema, s.mem)
	return nil
}

// RecordBatch is valid until the next call to Next.
func (s *SegmentsSource) RecordBatch() arrow.RecordBatch {
	if s.cur == nil {
		return nil
	}
	return s.cur.RecordBatch()
}

func (s *SegmentsSource) Err() error { return s.err }

// Release frees the current batch and closes the open file.
func (s *SegmentsSource) Release() {
	s.done = true
	s.closeSegment()
}

func (s *SegmentsSource) closeSegment() {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}

// exactReader reads exactly left bytes of r, no more: a file that shrank
// after open is an error, not a short block.
type exactReader struct {
	r    io.Reader
	left int64
	seg  Segment
}

func (e *exactReader) Read(b []byte) (int, error) {
	if e.left == 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > e.left {
		b = b[:e.left]
	}
	n, err := e.r.Read(b)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, fmt.Errorf("the file ended %d bytes before the segment's end", e.left)
	}
	return n, err
}
