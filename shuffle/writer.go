package shuffle

// Spark: core/src/main/scala/org/apache/spark/shuffle/IndexShuffleBlockResolver.scala
// (the data and index files), core/.../shuffle/sort/BypassMergeSortShuffleWriter.java
// and ExternalSorter (partitioned output, spilled runs concatenated per partition).

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/spill"
)

// pidBytes is what the writer holds per buffered row besides the row itself:
// the row's partition id.
const pidBytes = 4

// Options tune a Writer.
type Options struct {
	// Codec compresses the blocks' IPC bodies (lz4 by default).
	Codec spill.Codec
	// FlushBytes: once the input batches held reach this size, every
	// partition's rows are encoded and the batches released (default 16 MiB).
	FlushBytes int64
}

// Writer partitions a map task's batches and writes them as one Spark shuffle
// data file (see the package comment for the layout).
//
// Memory: it holds the input batches not yet encoded (at most about
// FlushBytes, plus one batch) with an 8-byte reference per row, each
// partition's encoded, compressed IPC bytes and the lz4 encoder's buffers
// for the next batch (lz4Encoder.retained); all of it is reserved from res.
// When res refuses, the encoded bytes go to a spilled run (one file, the
// partitions' streams in partition order) and Finish concatenates, for each
// partition, its segments of every run and then what is still in memory.
type Writer struct {
	schema *arrow.Schema
	part   Partitioner
	mem    memory.Allocator
	opts   Options
	res    *native.Reservation // nil: nothing is reserved
	dir    *spill.Dir          // nil: a refusal is an error
	enc    *lz4Encoder         // nil: streams are written by arrow-go's ipc.Writer
	// scratch allocates the grouped copies of the held rows, reusing the
	// previous flush's.
	scratch *scratchAllocator

	held      []arrow.RecordBatch
	heldBytes int64
	pids      [][]int32 // the partition of each row of each held batch
	freePIDs  [][]int32 // pids slices of encoded batches, for reuse
	nparts    int
	streams   []partStream
	encoded   int64 // bytes in the streams' buffers
	reserved  int64
	runs      []run
	finished  bool

	metrics native.Metrics
}

// partStream is one partition's IPC stream being encoded in memory.
type partStream struct {
	buf  chunks
	w    *ipc.Writer // the stream's writer when Writer.enc is nil
	open bool        // a stream started since the last spill
}

// run is a spilled file: the partitions' streams one after the other.
type run struct {
	file    *os.File
	offsets []int64 // numPartitions+1
}

// NewWriter returns a writer of batches of schema partitioned by part. planID
// is the Spark plan id of the ShuffleExchangeExec it replaces.
func NewWriter(schema *arrow.Schema, part Partitioner, mem memory.Allocator, opts Options, planID int64,
	res *native.Reservation, dir *spill.Dir) (*Writer, error) {
	n := part.NumPartitions()
	if n <= 0 {
		return nil, fmt.Errorf("shuffle: %d partitions", n)
	}
	if opts.FlushBytes <= 0 {
		opts.FlushBytes = 16 << 20
	}
	if opts.Codec == "" {
		opts.Codec = spill.LZ4
	}
	w := &Writer{schema: schema, part: part, mem: mem, opts: opts, res: res, dir: dir,
		scratch: &scratchAllocator{parent: mem}, nparts: n, streams: make([]partStream, n),
		metrics: native.Metrics{PlanID: planID, Name: "ShuffleWrite"}}
	if opts.Codec == spill.LZ4 && encodable(schema) {
		enc, err := newLZ4Encoder(schema, mem)
		if err != nil {
			return nil, err
		}
		w.enc = enc
	}
	return w, nil
}

// Metrics: OutputRows counts the rows written, SpillBytes the runs' bytes.
func (w *Writer) Metrics() *native.Metrics { return &w.metrics }

// Write partitions batch (which the caller still owns).
func (w *Writer) Write(ctx context.Context, batch arrow.RecordBatch) error {
	if w.finished {
		return errors.New("shuffle: write after finish")
	}
	n := int(batch.NumRows())
	if n == 0 {
		return nil
	}
	defer w.metrics.Time()()
	if err := checkColumns(batch, w.schema); err != nil {
		return err
	}
	pids := w.pidSlice(n)
	if err := w.part.Assign(ctx, w.mem, batch, pids); err != nil {
		w.freePIDs = append(w.freePIDs, pids)
		return fmt.Errorf("shuffle: %w", err)
	}
	w.pids = append(w.pids, pids)
	batch.Retain()
	w.held = append(w.held, batch)
	size := native.BatchBytes(batch) + int64(n)*pidBytes
	w.heldBytes += size
	w.metrics.OutputRows += int64(n)
	if err := w.reserve(); err != nil {
		return err
	}
	if w.heldBytes >= w.opts.FlushBytes {
		return w.encodeHeld()
	}
	return nil
}

// reserve brings the reservation to what is held; when refused, it drops the
// encoder's buffers, then encodes the held rows and, if still refused, spills
// the encoded bytes.
func (w *Writer) reserve() error {
	if w.res == nil {
		return nil
	}
	want := w.heldBytes + w.encoded + w.scratch.bytes
	if w.enc != nil {
		want += w.enc.retained()
	}
	if want <= w.reserved {
		w.res.Shrink(w.reserved - want)
		w.reserved = want
		return nil
	}
	if w.res.TryGrow(want - w.reserved) {
		w.reserved = want
		w.metrics.PeakMemoryBytes = max(w.metrics.PeakMemoryBytes, w.res.Peak())
		return nil
	}
	if w.enc != nil && w.enc.retained() > 0 {
		w.enc.release()
		return w.reserve()
	}
	if w.scratch.bytes > 0 {
		w.scratch.release()
		return w.reserve()
	}
	if w.heldBytes > 0 {
		return w.encodeHeld()
	}
	if w.dir == nil {
		return fmt.Errorf("shuffle: %w", w.res.RefusedError(want-w.reserved))
	}
	return w.spillRun()
}

// encodeHeld encodes every partition's held rows into its stream and releases
// the held batches.
//
// The held rows are first grouped by partition, column by column, into one
// new array per column (selection.ScatterChunks: each held batch is read in
// order), and each partition's record is a slice of those. That copy of the
// held rows is reserved first; when refused, each partition's rows are
// gathered on their own instead (slower, but it needs one partition's copy).
func (w *Writer) encodeHeld() error {
	if len(w.held) == 0 {
		return nil
	}
	g := selection.NewGroups(w.pids, w.nparts)
	chunks := make([]arrow.Array, len(w.held))
	cols := make([]arrow.Array, w.schema.NumFields())
	// The scratch buffers the copy reuses are reserved already.
	copyBytes := max(0, w.heldBytes-w.scratch.bytes)
	var err error
	if w.res == nil || w.res.TryGrow(copyBytes) {
		if w.res != nil {
			w.metrics.PeakMemoryBytes = max(w.metrics.PeakMemoryBytes, w.res.Peak())
		}
		err = w.encodeScattered(g, chunks, cols)
		if w.res != nil {
			w.res.Shrink(copyBytes)
		}
	} else {
		err = w.encodeGathered(g, chunks, cols)
	}
	if w.enc != nil {
		w.enc.trim()
	}
	if err != nil {
		return err
	}
	for _, b := range w.held {
		b.Release()
	}
	w.held, w.heldBytes = w.held[:0], 0
	w.freePIDs = append(w.freePIDs, w.pids...)
	w.pids = w.pids[:0]
	return w.reserve()
}

// encodeScattered encodes each partition's record as slices of the held rows
// grouped by partition.
func (w *Writer) encodeScattered(g selection.Groups, chunks, cols []arrow.Array) error {
	grouped := make([]arrow.Array, len(cols))
	defer func() { native.ReleaseAll(grouped) }()
	for c := range cols {
		for b, batch := range w.held {
			chunks[b] = batch.Column(c)
		}
		a, err := selection.ScatterChunks(w.scratch, chunks, g)
		if err != nil {
			return fmt.Errorf("shuffle: column %d: %w", c, err)
		}
		grouped[c] = a
	}
	for p := 0; p < w.nparts; p++ {
		rows := g.Starts[p+1] - g.Starts[p]
		if rows == 0 {
			continue
		}
		for c := range cols {
			cols[c] = g.Partition(grouped[c], p)
		}
		if err := w.encodeColumns(p, cols, rows); err != nil {
			return err
		}
	}
	return nil
}

// encodeGathered encodes each partition's record gathered from the held
// batches on its own (selection.TakeChunks over the partition's rows).
func (w *Writer) encodeGathered(g selection.Groups, chunks, cols []arrow.Array) error {
	refs := make([]selection.Ref, g.Starts[w.nparts])
	cursor := append([]int(nil), g.Starts[:w.nparts]...)
	for b, pids := range w.pids {
		for i, p := range pids {
			refs[cursor[p]] = selection.Ref{Chunk: uint32(b), Row: uint32(i)}
			cursor[p]++
		}
	}
	for p := 0; p < w.nparts; p++ {
		part := refs[g.Starts[p]:g.Starts[p+1]]
		if len(part) == 0 {
			continue
		}
		for c := range cols {
			for b, batch := range w.held {
				chunks[b] = batch.Column(c)
			}
			a, err := selection.TakeChunks(w.mem, chunks, part)
			if err != nil {
				native.ReleaseAll(cols[:c])
				return fmt.Errorf("shuffle: column %d: %w", c, err)
			}
			cols[c] = a
		}
		if err := w.encodeColumns(p, cols, len(part)); err != nil {
			return err
		}
	}
	return nil
}

// encodeColumns encodes partition p's record of cols (rows rows) and releases
// the columns.
func (w *Writer) encodeColumns(p int, cols []arrow.Array, rows int) error {
	if w.enc != nil {
		err := w.encodeLZ4(p, cols, rows)
		native.ReleaseAll(cols)
		return err
	}
	rec := array.NewRecordBatch(w.schema, cols, int64(rows))
	native.ReleaseAll(cols)
	err := w.encode(p, rec)
	rec.Release()
	return err
}

// encodeLZ4 appends cols (rows rows) to partition p's stream with w.enc.
func (w *Writer) encodeLZ4(p int, cols []arrow.Array, rows int) error {
	s := &w.streams[p]
	before := s.buf.Len()
	if !s.open {
		w.enc.start(&s.buf)
		s.open = true
	}
	if err := w.enc.encode(&s.buf, cols, rows); err != nil {
		return fmt.Errorf("shuffle: partition %d: %w", p, err)
	}
	w.encoded += int64(s.buf.Len() - before)
	return nil
}

// pidSlice returns room for n partition ids, reused from encoded batches.
func (w *Writer) pidSlice(n int) []int32 {
	for len(w.freePIDs) > 0 {
		last := w.freePIDs[len(w.freePIDs)-1]
		w.freePIDs = w.freePIDs[:len(w.freePIDs)-1]
		if cap(last) >= n {
			return last[:n]
		}
	}
	return make([]int32, n)
}

// encode appends rec to partition p's stream.
func (w *Writer) encode(p int, rec arrow.RecordBatch) error {
	s := &w.streams[p]
	before := s.buf.Len()
	if s.w == nil {
		opts := []ipc.Option{ipc.WithSchema(w.schema), ipc.WithAllocator(w.mem)}
		switch w.opts.Codec {
		case spill.LZ4:
			opts = append(opts, ipc.WithLZ4())
		case spill.Zstd:
			opts = append(opts, ipc.WithZstd())
		}
		s.w = ipc.NewWriter(&s.buf, opts...)
		s.open = true
	}
	if err := s.w.Write(rec); err != nil {
		return fmt.Errorf("shuffle: partition %d: %w", p, err)
	}
	w.encoded += int64(s.buf.Len() - before)
	return nil
}

// closeStream ends partition p's stream (end-of-stream marker) and writes its
// bytes to out, returning how many; the stream's buffer is then emptied.
func (w *Writer) closeStream(p int, out io.Writer) (int64, error) {
	s := &w.streams[p]
	if !s.open {
		return 0, nil
	}
	if s.w != nil {
		if err := s.w.Close(); err != nil {
			return 0, fmt.Errorf("shuffle: partition %d: %w", p, err)
		}
		s.w = nil
	} else {
		w.enc.end(&s.buf)
	}
	s.open = false
	w.encoded -= int64(s.buf.Len())
	n, err := s.buf.WriteTo(out)
	s.buf.Reset()
	if err != nil {
		return n, fmt.Errorf("shuffle: partition %d: %w", p, err)
	}
	return n, nil
}

// resetStreams empties every stream buffer.
func (w *Writer) resetStreams() {
	for p := range w.streams {
		w.streams[p].buf.Reset()
	}
	w.encoded = 0
}

// spillRun writes the encoded streams to a new run file.
func (w *Writer) spillRun() error {
	start := time.Now()
	f, err := w.dir.CreateRaw()
	if err != nil {
		return fmt.Errorf("shuffle: %w", err)
	}
	r := run{file: f, offsets: make([]int64, len(w.streams)+1)}
	out := bufio.NewWriterSize(f, 1<<20)
	var pos int64
	for p := range w.streams {
		r.offsets[p] = pos
		n, err := w.closeStream(p, out)
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			return fmt.Errorf("shuffle: spill: %w", err)
		}
		pos += n
	}
	if err := out.Flush(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("shuffle: spill: %w", err)
	}
	r.offsets[len(w.streams)] = pos
	w.runs = append(w.runs, r)
	w.resetStreams()
	nanos := time.Since(start).Nanoseconds()
	w.dir.Record(spill.Metrics{Files: 1, Bytes: pos, Nanos: nanos})
	w.metrics.SpillFiles++
	w.metrics.SpillBytes += pos
	w.metrics.SpillNanos += nanos
	return w.reserve()
}

// Finish writes the data file at path (created or truncated) and returns
// each partition's length in it, for the index file and Spark's MapStatus.
// The writer's memory and runs are released whatever happens.
func (w *Writer) Finish(path string) ([]int64, error) {
	if w.finished {
		return nil, errors.New("shuffle: finished twice")
	}
	defer w.Close()
	if err := w.encodeHeld(); err != nil {
		return nil, err
	}
	w.finished = true
	defer w.metrics.Time()()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("shuffle: %w", err)
	}
	lengths, err := w.writeData(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("shuffle: %w", cerr)
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return lengths, nil
}

func (w *Writer) writeData(f *os.File) ([]int64, error) {
	out := bufio.NewWriterSize(f, 1<<20)
	lengths := make([]int64, len(w.streams))
	for p := range w.streams {
		var n int64
		for _, r := range w.runs {
			seg := io.NewSectionReader(r.file, r.offsets[p], r.offsets[p+1]-r.offsets[p])
			c, err := io.Copy(out, seg)
			if err != nil {
				return nil, fmt.Errorf("shuffle: partition %d: %w", p, err)
			}
			n += c
		}
		c, err := w.closeStream(p, out)
		if err != nil {
			return nil, err
		}
		lengths[p] = n + c
	}
	if err := out.Flush(); err != nil {
		return nil, fmt.Errorf("shuffle: %w", err)
	}
	return lengths, nil
}

// Close releases everything the writer holds and deletes its runs; after
// Finish it is a no-op. A writer closed before Finish wrote nothing.
func (w *Writer) Close() {
	for _, b := range w.held {
		b.Release()
	}
	w.held, w.heldBytes = nil, 0
	w.pids, w.freePIDs = nil, nil
	w.scratch.release()
	for p := range w.streams {
		if s := &w.streams[p]; s.w != nil {
			s.w.Close()
			s.w = nil
		}
		w.streams[p].open = false
	}
	w.resetStreams()
	for _, r := range w.runs {
		r.file.Close()
		os.Remove(r.file.Name())
	}
	w.runs = nil
	if w.res != nil {
		w.res.Free()
		w.reserved = 0
	}
	// A partitioner that holds memory (Range's bounds) is the writer's; its
	// Release may run twice (Finish closes, and so does the caller).
	if r, ok := w.part.(interface{ Release() }); ok {
		r.Release()
	}
	w.finished = true
}

// checkColumns: batch has schema's column types.
func checkColumns(batch arrow.RecordBatch, schema *arrow.Schema) error {
	if int(batch.NumCols()) != schema.NumFields() {
		return fmt.Errorf("shuffle: a batch of %d columns, want %d", batch.NumCols(), schema.NumFields())
	}
	for i, f := range schema.Fields() {
		if !arrow.TypeEqual(batch.Column(i).DataType(), f.Type) {
			return fmt.Errorf("shuffle: column %d is %s, want %s", i, batch.Column(i).DataType(), f.Type)
		}
	}
	return nil
}
