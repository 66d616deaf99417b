// Package spill writes operator state that does not fit the memory budget to the
// executor's local disks as compressed Arrow IPC files, and reads it back.
//
// One Dir per task: its files live in a directory of the task's own under one of
// Spark's local directories (spark.local.dir, as the executor's block manager
// uses them), and Remove deletes that directory when the task ends, whether it
// succeeded, failed or was cancelled.
package spill

import (
	"bufio"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Codec names the compression of spill files.
type Codec string

const (
	LZ4  Codec = "lz4"
	Zstd Codec = "zstd"
	None Codec = "none"
)

// ParseCodec accepts lz4, zstd or none ("" is lz4).
func ParseCodec(s string) (Codec, error) {
	switch Codec(s) {
	case "", LZ4:
		return LZ4, nil
	case Zstd, None:
		return Codec(s), nil
	}
	return "", fmt.Errorf("spill compression %q: want lz4, zstd or none", s)
}

// Metrics count one task's (or one operator's) spilling.
type Metrics struct {
	Files int64
	// Bytes written to disk (compressed).
	Bytes int64
	// Nanos spent writing and reading spill files.
	Nanos int64
}

// Dir is one task's spill directory, created on the first file.
type Dir struct {
	roots  []string
	taskID string
	codec  Codec

	mu      sync.Mutex
	path    string
	next    int
	removed bool
	metrics Metrics
}

// NewDir returns the spill directory of taskID under one of roots (os.TempDir()
// when roots is empty); nothing is created until the first file.
func NewDir(roots []string, taskID string, codec Codec) *Dir {
	if len(roots) == 0 {
		roots = []string{os.TempDir()}
	}
	return &Dir{roots: roots, taskID: taskID, codec: codec}
}

// Metrics are the task's spill counters so far.
func (d *Dir) Metrics() Metrics {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.metrics
}

func (d *Dir) newPath() (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.removed {
		return "", errors.New("spill: the task's spill directory was removed")
	}
	if d.path == "" {
		h := fnv.New32a()
		h.Write([]byte(d.taskID))
		root := d.roots[int(h.Sum32()%uint32(len(d.roots)))]
		path, err := os.MkdirTemp(root, "ember-spill-")
		if err != nil {
			return "", fmt.Errorf("spill: %w", err)
		}
		d.path = path
	}
	d.next++
	return filepath.Join(d.path, fmt.Sprintf("spill-%05d.arrow", d.next)), nil
}

func (d *Dir) add(m Metrics) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.metrics.Files += m.Files
	d.metrics.Bytes += m.Bytes
	d.metrics.Nanos += m.Nanos
}

// Remove deletes every spill file of the task; later Creates fail.
func (d *Dir) Remove() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.removed = true
	if d.path == "" {
		return nil
	}
	err := os.RemoveAll(d.path)
	d.path = ""
	return err
}

// CreateRaw creates an empty file in the task's spill directory for a writer
// with its own format (the shuffle writer's runs); the caller closes it and
// reports what it wrote with Record.
func (d *Dir) CreateRaw() (*os.File, error) {
	path, err := d.newPath()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	return f, nil
}

// Record adds a raw file's counters to the task's.
func (d *Dir) Record(m Metrics) { d.add(m) }

// Create starts a spill file of batches of schema.
func (d *Dir) Create(schema *arrow.Schema, mem memory.Allocator) (*Writer, error) {
	return d.CreateSized(schema, mem, 1<<20)
}

// CreateSized is Create with a write buffer of bufSize bytes (an operator
// writing many files at once keeps each one's buffer small).
func (d *Dir) CreateSized(schema *arrow.Schema, mem memory.Allocator, bufSize int) (*Writer, error) {
	path, err := d.newPath()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	opts := []ipc.Option{ipc.WithSchema(schema), ipc.WithAllocator(mem)}
	switch d.codec {
	case LZ4, "":
		opts = append(opts, ipc.WithLZ4())
	case Zstd:
		opts = append(opts, ipc.WithZstd())
	}
	buf := bufio.NewWriterSize(f, bufSize)
	return &Writer{dir: d, file: f, buf: buf, ipc: ipc.NewWriter(buf, opts...), path: path}, nil
}

// Writer writes one spill file.
type Writer struct {
	dir   *Dir
	file  *os.File
	buf   *bufio.Writer
	ipc   *ipc.Writer
	path  string
	rows  int64
	nanos int64
	done  bool
}

// Write appends a batch.
func (w *Writer) Write(rec arrow.RecordBatch) error {
	start := time.Now()
	defer func() { w.nanos += time.Since(start).Nanoseconds() }()
	if err := w.ipc.Write(rec); err != nil {
		return fmt.Errorf("spill %s: %w", w.path, err)
	}
	w.rows += rec.NumRows()
	return nil
}

// Finish closes the file and returns it for reading.
func (w *Writer) Finish() (*File, error) {
	start := time.Now()
	w.done = true
	err := errors.Join(w.ipc.Close(), w.buf.Flush())
	var size int64
	if st, serr := w.file.Stat(); serr == nil {
		size = st.Size()
	}
	err = errors.Join(err, w.file.Close())
	w.nanos += time.Since(start).Nanoseconds()
	w.dir.add(Metrics{Files: 1, Bytes: size, Nanos: w.nanos})
	if err != nil {
		os.Remove(w.path)
		return nil, fmt.Errorf("spill %s: %w", w.path, err)
	}
	return &File{dir: w.dir, Path: w.path, Rows: w.rows, Bytes: size}, nil
}

// Abort closes and deletes an unfinished file.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.ipc.Close()
	w.file.Close()
	os.Remove(w.path)
}

// File is a finished spill file.
type File struct {
	dir   *Dir
	Path  string
	Rows  int64
	Bytes int64
}

// ReadBufferBytes is the read buffer of an open spill file. A sort merges
// many runs at once, each with its own reader: the buffer is kept small (the
// kernel reads ahead on sequential reads anyway).
const ReadBufferBytes = 64 << 10

// Open reads the file's batches back; Close the reader, then Delete the file
// when it is no longer needed (Dir.Remove deletes it anyway).
func (f *File) Open(mem memory.Allocator) (*Reader, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	r, err := ipc.NewReader(bufio.NewReaderSize(fh, ReadBufferBytes), ipc.WithAllocator(mem))
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("spill %s: %w", f.Path, err)
	}
	return &Reader{file: f, fh: fh, ipc: r}, nil
}

// Delete removes the file now.
func (f *File) Delete() error { return os.Remove(f.Path) }

// Reader reads a spill file's batches in order.
type Reader struct {
	file  *File
	fh    *os.File
	ipc   *ipc.Reader
	nanos int64
}

// Next returns the next batch (owned by the caller) or nil at the end.
func (r *Reader) Next() (arrow.RecordBatch, error) {
	start := time.Now()
	defer func() { r.nanos += time.Since(start).Nanoseconds() }()
	if !r.ipc.Next() {
		if err := r.ipc.Err(); err != nil {
			return nil, fmt.Errorf("spill %s: %w", r.file.Path, err)
		}
		return nil, nil
	}
	rec := r.ipc.RecordBatch()
	rec.Retain()
	return rec, nil
}

// Close closes the file.
func (r *Reader) Close() error {
	r.ipc.Release()
	r.file.dir.add(Metrics{Nanos: r.nanos})
	r.nanos = 0
	return r.fh.Close()
}
