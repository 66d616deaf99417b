package parquetscan

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/metadata"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/kernels/selection"
)

// maxDictionaryPageBytes: a chunk whose dictionary page is larger is read by
// the plain reader. arrow-go's dictionary reader copies the whole dictionary
// into every batch it returns, which only pays while the dictionary is small
// next to a batch's values.
const maxDictionaryPageBytes = 64 << 10

// dictionaryPageType is parquet-format's PageType DICTIONARY_PAGE (arrow-go
// keeps the enum in an internal package).
const dictionaryPageType = 2

// dictionaryChunk reports whether every data page of the column chunk is
// dictionary encoded (the chunk's page encoding statistics say so; without
// them, false) and its dictionary page is at most maxDictionaryPageBytes. A
// chunk whose writer fell back to plain pages would make the dictionary
// reader hash every plain value into its dictionary.
func dictionaryChunk(md *metadata.ColumnChunkMetaData) bool {
	if md == nil || !md.HasDictionaryPage() {
		return false
	}
	stats := md.EncodingStats()
	if len(stats) == 0 {
		return false
	}
	for _, s := range stats {
		dictEncoded := s.Encoding == parquet.Encodings.RLEDict || s.Encoding == parquet.Encodings.PlainDict
		if !dictEncoded && int(s.PageType) != dictionaryPageType {
			return false
		}
	}
	size := md.DataPageOffset() - md.DictionaryPageOffset()
	return size > 0 && size <= maxDictionaryPageBytes
}

// dictionaries checks that the chunks a dictionary reader returned for n rows
// are dictionary arrays of n rows in all.
func (c *colReader) dictionaries(chunks []arrow.Array, n int64) ([]*array.Dictionary, error) {
	var rows int64
	dicts := make([]*array.Dictionary, len(chunks))
	for i, ch := range chunks {
		d, ok := ch.(*array.Dictionary)
		if !ok {
			return nil, c.errorf("internal error: the dictionary reader returned %s", ch.DataType())
		}
		dicts[i] = d
		rows += int64(ch.Len())
	}
	if rows != n {
		return nil, c.errorf("decoded %d values for %d rows (corrupt file?)", rows, n)
	}
	return dicts, nil
}

// fromDictionaries turns dictionary arrays into one plain string or binary
// array of the column's type: all their rows when rows is nil, else the
// listed ones (ascending row numbers across the arrays, one after another).
func (c *colReader) fromDictionaries(dicts []*array.Dictionary, rows []int32) (arrow.Array, error) {
	parts := make([]arrow.Array, 0, len(dicts))
	defer func() {
		for _, p := range parts {
			p.Release()
		}
	}()
	first := 0 // the first row of d
	for _, d := range dicts {
		var a arrow.Array
		var err error
		if rows == nil {
			a, err = c.materializeDictionary(d.Indices(), d.Dictionary())
		} else {
			// The listed rows that fall in d, as d's own row numbers.
			end := first + d.Len()
			k := 0
			for k < len(rows) && int(rows[k]) < end {
				k++
			}
			local := make([]int32, k)
			for i, r := range rows[:k] {
				local[i] = r - int32(first)
			}
			rows = rows[k:]
			a, err = c.materializeSelected(d, local)
		}
		first += d.Len()
		if err != nil {
			return nil, err
		}
		parts = append(parts, a)
	}
	if len(parts) == 1 {
		a := parts[0]
		parts = nil
		return a, nil
	}
	out, err := array.Concatenate(parts, c.mem)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return out, nil
}

// materializeSelected materializes rows of d only (d's own row numbers).
func (c *colReader) materializeSelected(d *array.Dictionary, rows []int32) (arrow.Array, error) {
	idx, err := selection.Take(c.mem, d.Indices(), rows)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	defer idx.Release()
	return c.materializeDictionary(idx, d.Dictionary())
}

// materializeDictionary gathers each row's value from the dictionary: the
// lengths first, so the values are written into one buffer of the exact size.
// Indices out of the dictionary's range are a corrupt file.
func (c *colReader) materializeDictionary(indices, dictionary arrow.Array) (arrow.Array, error) {
	idx, ok := indices.(*array.Int32)
	if !ok {
		return nil, c.errorf("internal error: dictionary indices of type %s", indices.DataType())
	}
	dictData := dictionary.Data()
	offs := arrow.GetOffsets[int32](dictData, 1)
	var values []byte
	if b := dictData.Buffers()[2]; b != nil {
		values = b.Bytes()
	}
	size := int32(len(offs) - 1)
	n := idx.Len()
	ids := idx.Int32Values()
	valid, off := kutil.Validity(idx)
	total := 0
	for i, k := range ids {
		if valid != nil && !bitutil.BitIsSet(valid, off+i) {
			continue
		}
		if k < 0 || k >= size {
			return nil, c.errorf("dictionary index %d of a dictionary of %d values (corrupt file?)", k, size)
		}
		total += int(offs[k+1] - offs[k])
	}
	if total > math.MaxInt32 {
		return nil, c.errorf("more than 2 GiB of values in one batch of %d rows: lower the batch size", n)
	}
	obuf, outOffs := kutil.NewValues[int32](c.mem, n+1)
	dbuf := kutil.NewBytes(c.mem, total)
	out := dbuf.Bytes()
	pos := int32(0)
	outOffs[0] = 0
	if valid == nil {
		for i, k := range ids {
			pos += int32(copy(out[pos:], values[offs[k]:offs[k+1]]))
			outOffs[i+1] = pos
		}
	} else {
		for i, k := range ids {
			if bitutil.BitIsSet(valid, off+i) {
				pos += int32(copy(out[pos:], values[offs[k]:offs[k+1]]))
			}
			outOffs[i+1] = pos
		}
	}
	validity, nulls := kutil.CopyValidity(c.mem, idx)
	return kutil.MakeArray(c.plan.arrowType, n, nulls, validity, obuf, dbuf), nil
}
