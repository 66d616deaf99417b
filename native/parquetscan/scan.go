package parquetscan

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/ember-spark/ember/native"
)

// readBufferSize bounds the read buffer of each column chunk stream.
const readBufferSize = 1 << 20

// ScanMetrics are the scan's own counters, beyond native.Metrics.
type ScanMetrics struct {
	// FilesRead counts the files opened and read (fully or not).
	FilesRead int64
	// FilesSkipped counts files skipped by IgnoreMissingFiles or
	// IgnoreCorruptFiles.
	FilesSkipped int64
	// RowGroupsInSplits counts the row groups whose midpoint fell in a split.
	RowGroupsInSplits int64
	// RowGroupsPruned counts those skipped because their statistics proved
	// that Options.Pruning holds for none of their rows.
	RowGroupsPruned int64
	// RowGroupsRead counts those read.
	RowGroupsRead int64
}

// Scan is the Parquet scan operator; it implements native.Operator.
type Scan struct {
	opts    Options
	mem     memory.Allocator
	schema  *arrow.Schema
	pruning *pred
	doms    []domain
	// rowFilter: see SetRowFilter.
	rowFilter []valueSet
	batch     int64

	metrics native.Metrics
	scan    ScanMetrics

	opened bool
	closed bool
	done   bool
	err    error // sticky: returned by every Next after it happened

	next int       // next split to open
	cur  *fileScan // open file, or nil
}

var _ native.Operator = (*Scan)(nil)

// New builds a scan over opts.Splits. Every buffer it allocates comes from mem.
// It validates the options and the pruning predicate; files are opened by Next.
func New(opts Options, mem memory.Allocator) (*Scan, error) {
	if mem == nil {
		return nil, errors.New("parquetscan: nil allocator")
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	s := &Scan{
		opts:   opts,
		mem:    mem,
		schema: opts.Required.ArrowSchema(opts.SessionTimeZone),
		batch:  opts.batchSize(),
		doms:   make([]domain, len(opts.Required)),
	}
	for i, f := range opts.Required {
		s.doms[i] = domainOf(f.Type)
	}
	if opts.Pruning != nil {
		p, err := compilePredicate(opts.Pruning, opts.Required)
		if err != nil {
			return nil, fmt.Errorf("parquetscan: pruning predicate: %w", err)
		}
		s.pruning = p
	}
	s.metrics.PlanID = opts.PlanID
	s.metrics.Name = "ParquetScan"
	return s, nil
}

// Schema is the Arrow schema of Required with the session time zone.
func (s *Scan) Schema() *arrow.Schema { return s.schema }

// Metrics are the operator's native counters.
func (s *Scan) Metrics() *native.Metrics { return &s.metrics }

// ScanMetrics returns the scan-specific counters so far.
func (s *Scan) ScanMetrics() ScanMetrics { return s.scan }

// Children returns nil: a scan is a leaf.
func (s *Scan) Children() []native.Operator { return nil }

// Open prepares the scan. Files are opened lazily by Next.
func (s *Scan) Open(ctx context.Context) error {
	if s.closed {
		return errors.New("parquetscan: Open after Close")
	}
	s.opened = true
	return ctx.Err()
}

// Next returns the next batch of at most Options.BatchSize rows, or nil at
// the end. After an error, every later call returns the same error.
func (s *Scan) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if s.err != nil {
		return nil, s.err
	}
	if !s.opened || s.closed {
		return nil, errors.New("parquetscan: Next called before Open or after Close")
	}
	if s.done {
		return nil, nil
	}
	defer s.metrics.Time()()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.cur == nil {
			if s.next >= len(s.opts.Splits) {
				s.done = true
				return nil, nil
			}
			split := s.opts.Splits[s.next]
			s.next++
			fsc, err := s.openSplit(split)
			if err != nil {
				if s.skipFileError(err) {
					continue
				}
				s.err = err
				return nil, err
			}
			s.cur = fsc
			continue
		}
		rec, err := s.cur.safeNextBatch()
		if err != nil {
			s.closeFile()
			if s.skipFileError(err) {
				continue
			}
			s.err = err
			return nil, err
		}
		if rec == nil {
			s.closeFile()
			continue
		}
		s.metrics.Emitted(rec)
		return rec, nil
	}
}

// skipFileError reports whether err ends only the current file, by
// spark.sql.files.ignoreMissingFiles / ignoreCorruptFiles.
func (s *Scan) skipFileError(err error) bool {
	var missing *missingFileError
	if errors.As(err, &missing) {
		if s.opts.IgnoreMissingFiles {
			s.scan.FilesSkipped++
			return true
		}
		return false
	}
	if s.opts.IgnoreCorruptFiles && !errors.Is(err, errUnsupportedScheme) {
		s.scan.FilesSkipped++
		return true
	}
	return false
}

// Close releases the open file, if any. It is safe to call more than once.
func (s *Scan) Close() error {
	s.closed = true
	s.closeFile()
	return nil
}

func (s *Scan) closeFile() {
	if s.cur != nil {
		s.cur.close()
		s.cur = nil
	}
}

// missingFileError is a split whose file does not exist.
type missingFileError struct{ err error }

func (e *missingFileError) Error() string { return e.err.Error() }
func (e *missingFileError) Unwrap() error { return e.err }

// fileScan is the state of one open split.
type fileScan struct {
	s         *Scan
	path      string
	f         *os.File
	rdr       *file.Reader
	size      int64
	plans     []colPlan
	readers   []*colReader // nil for columns not read from the file
	rowGroups []int        // row groups of the split, in order
	pos       int          // next index into rowGroups
	left      int64        // rows left in the current row group
	started   bool         // a row group has been read
}

// openSplit opens the split's file, reads its footer and plans its columns.
func (s *Scan) openSplit(split Split) (fsc *fileScan, err error) {
	path, err := localPath(split.Path)
	if err != nil {
		return nil, fmt.Errorf("parquetscan: %s: %w", split.Path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &missingFileError{fmt.Errorf("parquetscan: file does not exist: %s (it may have been deleted or replaced since the query was planned; "+
				"REFRESH TABLE may help): %w", path, err)}
		}
		return nil, fmt.Errorf("parquetscan: %s: %w", path, err)
	}
	state := &fileScan{s: s, path: path, f: f}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parquetscan: %s: reading the footer failed (corrupt file?): %v", path, r)
		}
		if err != nil {
			state.close()
			fsc = nil
		}
	}()
	return state.open(split)
}

// open reads the footer, plans the columns and selects the row groups.
func (fsc *fileScan) open(split Split) (*fileScan, error) {
	s, f, path := fsc.s, fsc.f, fsc.path
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("parquetscan: %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("parquetscan: %s is a directory, not a Parquet file", path)
	}
	fsc.size = st.Size()

	props := parquet.NewReaderProperties(s.mem)
	props.BufferedStreamEnabled = true
	props.BufferSize = readBufferSize
	rdr, err := file.NewParquetReader(f, file.WithReadProps(props))
	if err != nil {
		return nil, fmt.Errorf("parquetscan: %s: not a readable Parquet file: %w", path, err)
	}
	fsc.rdr = rdr
	s.scan.FilesRead++

	fmd := rdr.MetaData()
	datetime, int96 := fileRebaseModes(fmd.KeyValueMetadata(), s.opts.DatetimeRebaseMode, s.opts.INT96RebaseMode)
	fi := &fileInfo{
		path:      path,
		sc:        fmd.Schema,
		createdBy: fmd.GetCreatedBy(),
		datetime:  datetime,
		int96:     int96,
	}
	if fsc.plans, err = planColumns(fi, &s.opts); err != nil {
		return nil, err
	}
	if fsc.rowGroups, err = selectRowGroups(fmd, split.Start, split.Length); err != nil {
		return nil, fmt.Errorf("parquetscan: %s: %w", path, err)
	}
	s.scan.RowGroupsInSplits += int64(len(fsc.rowGroups))
	return fsc, nil
}

func (fsc *fileScan) close() {
	for _, r := range fsc.readers {
		if r != nil {
			r.release()
		}
	}
	fsc.readers = nil
	if fsc.rdr != nil {
		_ = fsc.rdr.Close() // closes f
		fsc.rdr = nil
		fsc.f = nil
	}
	if fsc.f != nil {
		_ = fsc.f.Close()
		fsc.f = nil
	}
}

// safeNextBatch is nextBatch with arrow-go panics (seen on corrupt pages)
// turned into errors.
func (fsc *fileScan) safeNextBatch() (rec arrow.RecordBatch, err error) {
	defer func() {
		if r := recover(); r != nil {
			rec, err = nil, fmt.Errorf("parquetscan: %s: reading failed (corrupt file?): %v", fsc.path, r)
		}
	}()
	return fsc.nextBatch()
}

// nextBatch returns the next batch of the split, or nil at its end. It reads
// every column of the batch or fails: a half-read batch would leave the
// column readers at different rows, so any error from here is final.
func (fsc *fileScan) nextBatch() (arrow.RecordBatch, error) {
	s := fsc.s
	for {
		for fsc.left == 0 {
			if fsc.pos >= len(fsc.rowGroups) {
				return nil, nil
			}
			rgIdx := fsc.rowGroups[fsc.pos]
			fsc.pos++
			if err := fsc.startRowGroup(rgIdx); err != nil {
				return nil, err
			}
		}
		n := min(fsc.left, s.batch)
		if len(s.rowFilter) == 0 {
			return fsc.readBatch(n)
		}
		// nil, nil: no row of these n passed the row filter.
		if rec, err := fsc.nextFilteredBatch(n); rec != nil || err != nil {
			return rec, err
		}
	}
}

// readBatch reads the next n rows of the row group, every column.
func (fsc *fileScan) readBatch(n int64) (arrow.RecordBatch, error) {
	s := fsc.s
	cols := make([]arrow.Array, len(fsc.plans))
	// Released on every exit, panics included; the batch holds its own
	// references.
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i := range fsc.plans {
		var err error
		if r := fsc.readers[i]; r != nil {
			cols[i], err = r.read(n)
		} else {
			cols[i] = array.MakeArrayOfNull(s.mem, fsc.plans[i].arrowType, int(n))
		}
		if err != nil {
			return nil, err
		}
	}
	fsc.left -= n
	return array.NewRecordBatch(s.schema, cols, n), nil
}

// startRowGroup prunes or prepares row group rgIdx; fsc.left stays 0 when
// it is skipped.
func (fsc *fileScan) startRowGroup(rgIdx int) error {
	s := fsc.s
	fmd := fsc.rdr.MetaData()
	rgMeta := fmd.RowGroup(rgIdx)
	numRows := rgMeta.NumRows()
	if numRows < 0 {
		return fmt.Errorf("parquetscan: %s: row group %d has %d rows (corrupt file?)", fsc.path, rgIdx, numRows)
	}
	if s.pruning != nil && !mayBeTrue(s.pruning, false, newRowGroupStats(rgMeta, fsc.plans, s.doms)) {
		s.scan.RowGroupsPruned++
		return nil
	}
	s.scan.RowGroupsRead++
	if numRows == 0 {
		return nil
	}
	if !fsc.started {
		// Spark creates its column readers, and so finds type mismatches,
		// when it reads the first row group.
		for i := range fsc.plans {
			if err := fsc.plans[i].lazyErr; err != nil {
				return err
			}
		}
		fsc.readers = make([]*colReader, len(fsc.plans))
		for i := range fsc.plans {
			p := &fsc.plans[i]
			if p.leaf >= 0 {
				fsc.readers[i] = newColReader(p, fsc.path, fsc.rdr.BufferPool(), s.mem)
			}
		}
		fsc.started = true
	}
	rg := fsc.rdr.RowGroup(rgIdx)
	for i, r := range fsc.readers {
		if r == nil {
			continue
		}
		if err := fsc.checkChunk(rgIdx, fsc.plans[i].leaf); err != nil {
			return err
		}
		pr, err := rg.GetColumnPageReader(fsc.plans[i].leaf)
		if err != nil {
			return fmt.Errorf("parquetscan: %s: row group %d, column %q: %w", fsc.path, rgIdx, fsc.plans[i].descr.Name(), err)
		}
		chunk, err := rgMeta.ColumnChunk(fsc.plans[i].leaf)
		if err != nil {
			return fmt.Errorf("parquetscan: %s: row group %d, column %q: %w", fsc.path, rgIdx, fsc.plans[i].descr.Name(), err)
		}
		if err := r.setPageReader(pr, dictionaryChunk(chunk)); err != nil {
			return fmt.Errorf("parquetscan: %s: row group %d, column %q: %w", fsc.path, rgIdx, fsc.plans[i].descr.Name(), err)
		}
	}
	fsc.left = numRows
	return nil
}

// checkChunk rejects column chunk metadata pointing outside the file before
// any buffer is sized from it.
func (fsc *fileScan) checkChunk(rgIdx, leaf int) error {
	rg := fsc.rdr.MetaData().RowGroups[rgIdx]
	if leaf >= len(rg.Columns) || rg.Columns[leaf] == nil || rg.Columns[leaf].MetaData == nil {
		return fmt.Errorf("parquetscan: %s: row group %d has no metadata for column %d (corrupt or encrypted file?)", fsc.path, rgIdx, leaf)
	}
	md := rg.Columns[leaf].MetaData
	start := md.DataPageOffset
	if md.IsSetDictionaryPageOffset() && md.GetDictionaryPageOffset() > 0 && md.GetDictionaryPageOffset() < start {
		start = md.GetDictionaryPageOffset()
	}
	length := md.TotalCompressedSize
	if start < 0 || length < 0 || start > fsc.size || length > fsc.size-start {
		return fmt.Errorf("parquetscan: %s: row group %d, column %d: chunk [%d, +%d) lies outside the file of %d bytes (corrupt or truncated file?)",
			fsc.path, rgIdx, leaf, start, length, fsc.size)
	}
	return nil
}
