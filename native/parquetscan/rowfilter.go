package parquetscan

import (
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/sparkplan/types"
)

// ValueMatch is a row filter the scan applies itself: a row whose value in
// Required[Column] (a string or binary column) is not NULL and equals none of
// Values is dropped before the batch is built.
//
// It is for a conjunct `col = literal` or `col IN (literals)` of the filter
// right above the scan, which drops those rows anyway (translate decides when
// that holds): dropping them here spares building their values, above all
// the strings of dictionary-encoded columns, and the filter's work on them.
// The filter still evaluates its whole condition on the rows that are left.
// A row whose value is NULL is kept: whether the filter drops it, and what it
// evaluates first, stays the filter's business.
//
// With Test set (and Values unused), the conjunct is any test of the column's
// values that cannot fail, and it is applied to dictionary-encoded chunks
// only: Test gets a chunk's dictionary (the column's type, no NULL) and says
// for each value whether rows holding it may be kept; false only where the
// conjunct is FALSE. Rows of plain chunks are all kept, and so are a chunk's
// rows when Test fails or answers for another number of values.
type ValueMatch struct {
	Column int
	Values [][]byte
	Test   func(dictionary arrow.Array, mem memory.Allocator) ([]bool, error)
}

// valueSet is a ValueMatch's values, ready for lookups.
type valueSet struct {
	column int
	values [][]byte
	set    map[string]struct{} // for more than a few values
	test   func(arrow.Array, memory.Allocator) ([]bool, error)
}

func (v *valueSet) has(b []byte) bool {
	if v.set != nil {
		_, ok := v.set[string(b)]
		return ok
	}
	for _, x := range v.values {
		if string(x) == string(b) {
			return true
		}
	}
	return false
}

// SetRowFilter makes the scan drop the rows that fail any of the matches (see
// ValueMatch). It must be called before Open.
//
// The scan's OutputRows metric still counts every row read, as Spark's scan
// metric "number of output rows" does.
func (s *Scan) SetRowFilter(matches []ValueMatch) error {
	if s.opened {
		return errors.New("parquetscan: SetRowFilter after Open")
	}
	sets := make([]valueSet, len(matches))
	for i, m := range matches {
		if m.Column < 0 || m.Column >= len(s.opts.Required) {
			return fmt.Errorf("parquetscan: row filter on column %d of %d", m.Column, len(s.opts.Required))
		}
		if id := s.opts.Required[m.Column].Type.ID; id != types.String && id != types.Binary {
			return fmt.Errorf("parquetscan: row filter on column %q of type %s (string or binary only)",
				s.opts.Required[m.Column].Name, s.opts.Required[m.Column].Type)
		}
		sets[i] = valueSet{column: m.Column, values: m.Values, test: m.Test}
		if len(m.Values) > 8 {
			sets[i].set = make(map[string]struct{}, len(m.Values))
			for _, v := range m.Values {
				sets[i].set[string(v)] = struct{}{}
			}
		}
	}
	s.rowFilter = sets
	return nil
}

// rawColumn is a column's next rows as decoded, before the row filter picks
// rows: a dictionary chunk's dictionary arrays (not yet materialized), or the
// column itself.
type rawColumn struct {
	chunks []arrow.Array // the dictionary reader's, owned
	dicts  []*array.Dictionary
	arr    arrow.Array // owned
}

// readRaw decodes the next n rows of the column.
func (c *colReader) readRaw(n int64) (*rawColumn, error) {
	if !c.dict {
		a, err := c.read(n)
		if err != nil {
			return nil, err
		}
		return &rawColumn{arr: a}, nil
	}
	rr, err := c.decode(n)
	if err != nil {
		return nil, err
	}
	raw := &rawColumn{chunks: rr.(file.BinaryRecordReader).GetBuilderChunks()}
	if raw.dicts, err = c.dictionaries(raw.chunks, n); err != nil {
		raw.release()
		return nil, err
	}
	return raw, nil
}

func (r *rawColumn) release() {
	for _, ch := range r.chunks {
		ch.Release()
	}
	if r.arr != nil {
		r.arr.Release()
	}
	r.chunks, r.dicts, r.arr = nil, nil, nil
}

// match clears keep[i] for each row i whose value is not NULL and not in v.
// On a dictionary chunk each dictionary value is looked up once.
func (r *rawColumn) match(c *colReader, v *valueSet, keep []bool) error {
	if r.arr != nil {
		if v.test != nil {
			return nil // a test is for dictionaries only
		}
		offs, values := byteColumn(r.arr.Data())
		valid, off := kutil.Validity(r.arr)
		for i := range keep {
			if valid != nil && !bitutil.BitIsSet(valid, off+i) {
				continue
			}
			if !v.has(values[offs[i]:offs[i+1]]) {
				keep[i] = false
			}
		}
		return nil
	}
	first := 0
	for _, d := range r.dicts {
		in, ok := v.dictionaryFlags(d.Dictionary(), c.mem)
		if !ok {
			first += d.Len()
			continue
		}
		idx, ok := d.Indices().(*array.Int32)
		if !ok {
			return c.errorf("internal error: dictionary indices of type %s", d.Indices().DataType())
		}
		valid, off := kutil.Validity(idx)
		rows := keep[first : first+idx.Len()]
		size := int32(len(in))
		for i, k := range idx.Int32Values() {
			if valid != nil && !bitutil.BitIsSet(valid, off+i) {
				continue
			}
			if k < 0 || k >= size {
				return c.errorf("dictionary index %d of a dictionary of %d values (corrupt file?)", k, size)
			}
			rows[i] = rows[i] && in[k]
		}
		first += idx.Len()
	}
	return nil
}

// dictionaryFlags says for each value of a dictionary whether its rows pass;
// false: keep every row of the chunk (Test failed).
func (v *valueSet) dictionaryFlags(dict arrow.Array, mem memory.Allocator) ([]bool, bool) {
	if v.test != nil {
		in, err := v.test(dict, mem)
		return in, err == nil && len(in) == dict.Len()
	}
	offs, values := byteColumn(dict.Data())
	in := make([]bool, len(offs)-1)
	for k := range in {
		in[k] = v.has(values[offs[k]:offs[k+1]])
	}
	return in, true
}

// byteColumn is a string or binary array's offsets (from its own offset on)
// and value bytes.
func byteColumn(d arrow.ArrayData) ([]int32, []byte) {
	var values []byte
	if b := d.Buffers()[2]; b != nil {
		values = b.Bytes()
	}
	return arrow.GetOffsets[int32](d, 1), values
}

// take builds the column from the rows listed (all when rows is nil); r
// keeps its own buffers, which release frees.
func (r *rawColumn) take(c *colReader, rows []int32) (arrow.Array, error) {
	if r.arr == nil {
		return c.fromDictionaries(r.dicts, rows)
	}
	if rows == nil {
		r.arr.Retain()
		return r.arr, nil
	}
	a, err := selection.Take(c.mem, r.arr, rows)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return a, nil
}

// nextFilteredBatch reads the next n rows of the row group and returns those
// that pass the row filter, or nil when none does. The filter's columns are
// decoded first; the other columns then build only the rows kept.
func (fsc *fileScan) nextFilteredBatch(n int64) (rec arrow.RecordBatch, err error) {
	s := fsc.s
	raws := make([]*rawColumn, len(fsc.plans))
	cols := make([]arrow.Array, len(fsc.plans))
	// Released on every exit, panics included; the batch holds its own
	// references.
	defer func() {
		for i := range raws {
			if raws[i] != nil {
				raws[i].release()
			}
			if cols[i] != nil {
				cols[i].Release()
			}
		}
	}()
	keep := make([]bool, n)
	for i := range keep {
		keep[i] = true
	}
	for i := range s.rowFilter {
		v := &s.rowFilter[i]
		r := fsc.readers[v.column]
		if r == nil {
			continue // not in the file: all NULL, kept
		}
		if raws[v.column] == nil {
			if raws[v.column], err = r.readRaw(n); err != nil {
				return nil, err
			}
		}
		if err := raws[v.column].match(r, v, keep); err != nil {
			return nil, err
		}
	}
	rows := make([]int32, 0, n)
	for i, k := range keep {
		if k {
			rows = append(rows, int32(i))
		}
	}
	kept := len(rows)
	if kept == int(n) {
		rows = nil // every row: the columns are taken whole
	}
	// Every column reader moves on by n rows, whatever is kept.
	for i := range fsc.plans {
		r := fsc.readers[i]
		switch {
		case r == nil:
			cols[i] = array.MakeArrayOfNull(s.mem, fsc.plans[i].arrowType, kept)
		case raws[i] != nil:
			if kept > 0 {
				cols[i], err = raws[i].take(r, rows)
			}
		case kept == 0:
			raws[i], err = r.readRaw(n)
		default:
			if raws[i], err = r.readRaw(n); err == nil {
				cols[i], err = raws[i].take(r, rows)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	fsc.left -= n
	s.metrics.OutputRows += n - int64(kept) // see SetRowFilter
	if kept == 0 {
		return nil, nil
	}
	return array.NewRecordBatch(s.schema, cols, int64(kept)), nil
}
