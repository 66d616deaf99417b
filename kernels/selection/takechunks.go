package selection

// Spark: execution/SortExec.scala and limit.scala emit rows gathered from the
// rows they buffered; TakeChunks is that gather over Arrow batches.

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Ref is one row of a list of arrays: row Row of array Chunk.
type Ref struct {
	Chunk uint32
	Row   uint32
}

// TakeChunks returns the rows refs points at in chunks (arrays of one type),
// in the order of refs, as a new array with offset 0.
func TakeChunks(mem memory.Allocator, chunks []arrow.Array, refs []Ref) (arrow.Array, error) {
	if len(chunks) == 0 {
		return nil, fmt.Errorf("selection: no arrays to take from")
	}
	dt := chunks[0].DataType()
	for _, c := range chunks[1:] {
		if !arrow.TypeEqual(c.DataType(), dt) {
			return nil, fmt.Errorf("selection: arrays of types %s and %s", dt, c.DataType())
		}
	}
	n := len(refs)
	var validity *memory.Buffer
	nulls := 0
	hasNulls := false
	for _, c := range chunks {
		if c.NullN() > 0 {
			hasNulls = true
			break
		}
	}
	if hasNulls {
		bitsIn := make([][]byte, len(chunks))
		offs := make([]int, len(chunks))
		for i, c := range chunks {
			bitsIn[i], offs[i] = kutil.Validity(c) // nil: no NULL
		}
		validity = kutil.NewBitmap(mem, n)
		out := validity.Bytes()
		for j, r := range refs {
			bit := byte(1)
			if b := bitsIn[r.Chunk]; b != nil {
				p := offs[r.Chunk] + int(r.Row)
				bit = b[p>>3] >> (p & 7) & 1
			}
			out[j>>3] |= bit << (j & 7)
		}
		nulls = kutil.NullCount(out, n)
	}
	switch dt.ID() {
	case arrow.NULL:
		if validity != nil {
			validity.Release()
		}
		return kutil.MakeArray(dt, n, n, nil), nil
	case arrow.BOOL:
		values := kutil.NewBitmap(mem, n)
		out := values.Bytes()
		bitsIn := make([][]byte, len(chunks))
		offs := make([]int, len(chunks))
		for i, c := range chunks {
			d := c.Data()
			if b := d.Buffers()[1]; b != nil {
				bitsIn[i] = b.Bytes()
			}
			offs[i] = d.Offset()
		}
		for j, r := range refs {
			p := offs[r.Chunk] + int(r.Row)
			out[j>>3] |= (bitsIn[r.Chunk][p>>3] >> (p & 7) & 1) << (j & 7)
		}
		return kutil.MakeArray(dt, n, nulls, validity, values), nil
	case arrow.INT8:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[int8](mem, chunks, refs)), nil
	case arrow.INT16:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[int16](mem, chunks, refs)), nil
	case arrow.INT32, arrow.DATE32:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[int32](mem, chunks, refs)), nil
	case arrow.INT64, arrow.TIMESTAMP, arrow.DATE64:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[int64](mem, chunks, refs)), nil
	case arrow.FLOAT32:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[float32](mem, chunks, refs)), nil
	case arrow.FLOAT64:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[float64](mem, chunks, refs)), nil
	case arrow.DECIMAL128:
		return kutil.MakeArray(dt, n, nulls, validity, gatherChunks[decimal128.Num](mem, chunks, refs)), nil
	case arrow.STRING, arrow.BINARY:
		offsets, data := gatherBytesChunks(mem, chunks, refs)
		return kutil.MakeArray(dt, n, nulls, validity, offsets, data), nil
	}
	if validity != nil {
		validity.Release()
	}
	return nil, fmt.Errorf("selection: type %s is not supported", dt)
}

func gatherChunks[T arrow.FixedWidthType](mem memory.Allocator, chunks []arrow.Array, refs []Ref) *memory.Buffer {
	in := make([][]T, len(chunks))
	for i, c := range chunks {
		in[i] = kutil.Values[T](c)
	}
	buf, out := kutil.NewValues[T](mem, len(refs))
	for j, r := range refs {
		out[j] = in[r.Chunk][r.Row]
	}
	return buf
}

func gatherBytesChunks(mem memory.Allocator, chunks []arrow.Array, refs []Ref) (*memory.Buffer, *memory.Buffer) {
	offs := make([][]int32, len(chunks))
	data := make([][]byte, len(chunks))
	for i, c := range chunks {
		d := c.Data()
		offs[i] = arrow.GetOffsets[int32](d, 1)
		if b := d.Buffers()[2]; b != nil {
			data[i] = b.Bytes()
		}
	}
	total := 0
	for _, r := range refs {
		o := offs[r.Chunk]
		total += int(o[r.Row+1] - o[r.Row])
	}
	obuf, outOffs := kutil.NewValues[int32](mem, len(refs)+1)
	dbuf := kutil.NewBytes(mem, total)
	out := dbuf.Bytes()
	pos := int32(0)
	outOffs[0] = 0
	for j, r := range refs {
		o := offs[r.Chunk]
		pos += int32(copy(out[pos:], data[r.Chunk][o[r.Row]:o[r.Row+1]]))
		outOffs[j+1] = pos
	}
	return obuf, dbuf
}
