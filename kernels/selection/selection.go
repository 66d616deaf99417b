package selection

// Spark: sql/core/src/main/scala/org/apache/spark/sql/execution/basicPhysicalOperators.scala,
// FilterExec: a row is kept when the condition evaluates to true; false and
// NULL both drop it.

import (
	"fmt"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Indices appends to idx[:0] the positions of the rows where cond (a boolean
// array) is true and not NULL, and returns the slice.
func Indices(cond arrow.Array, idx []int32) []int32 {
	idx = idx[:0]
	n := cond.Len()
	if n == 0 {
		return idx
	}
	d := cond.Data()
	var vs, ns []byte
	values := kutil.AlignedBits(d.Buffers()[1].Bytes(), d.Offset(), n, &vs)
	var valid []byte
	if b, off := kutil.Validity(cond); b != nil {
		valid = kutil.AlignedBits(b, off, n, &ns)
	}
	for i := 0; i < len(values); i++ {
		w := values[i]
		if valid != nil {
			w &= valid[i]
		}
		if i == len(values)-1 && n%8 != 0 {
			w &= byte(1)<<(n%8) - 1
		}
		for w != 0 {
			t := bits.TrailingZeros8(w)
			idx = append(idx, int32(i*8+t))
			w &= w - 1
		}
	}
	return idx
}

// Take returns the rows of arr at positions idx (ascending or not), as a new
// array with offset 0.
func Take(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	n := len(idx)
	dt := arr.DataType()
	var validity *memory.Buffer
	nulls := 0
	if bitsIn, off := kutil.Validity(arr); bitsIn != nil {
		validity = kutil.NewBitmap(mem, n)
		out := validity.Bytes()
		takeBits(out, bitsIn, off, idx)
		if nulls = kutil.NullCount(out, n); nulls == 0 {
			// The taken rows have no NULL (a join's matched keys, a
			// filter's kept rows): no bitmap, so what reads the result
			// skips it.
			validity.Release()
			validity = nil
		}
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
		d := arr.Data()
		in := d.Buffers()[1].Bytes()
		off := d.Offset()
		takeBits(out, in, off, idx)
		return kutil.MakeArray(dt, n, nulls, validity, values), nil
	case arrow.INT8:
		return kutil.MakeArray(dt, n, nulls, validity, gather[int8](mem, arr, idx)), nil
	case arrow.INT16:
		return kutil.MakeArray(dt, n, nulls, validity, gather[int16](mem, arr, idx)), nil
	case arrow.INT32, arrow.DATE32:
		return kutil.MakeArray(dt, n, nulls, validity, gather[int32](mem, arr, idx)), nil
	case arrow.INT64, arrow.TIMESTAMP, arrow.DATE64:
		return kutil.MakeArray(dt, n, nulls, validity, gather[int64](mem, arr, idx)), nil
	case arrow.FLOAT32:
		return kutil.MakeArray(dt, n, nulls, validity, gather[float32](mem, arr, idx)), nil
	case arrow.FLOAT64:
		return kutil.MakeArray(dt, n, nulls, validity, gather[float64](mem, arr, idx)), nil
	case arrow.DECIMAL128:
		return kutil.MakeArray(dt, n, nulls, validity, gather[decimal128.Num](mem, arr, idx)), nil
	case arrow.STRING, arrow.BINARY:
		offsets, data := gatherBytes(mem, arr, idx)
		return kutil.MakeArray(dt, n, nulls, validity, offsets, data), nil
	}
	if validity != nil {
		validity.Release()
	}
	return nil, fmt.Errorf("selection: type %s is not supported", dt)
}

// takeBits writes bit off+idx[j] of in to bit j of out, a byte of out at a
// time (a read-modify-write of out per bit would chain each bit's store to
// the next one's load).
func takeBits(out, in []byte, off int, idx []int32) {
	for j := 0; j < len(idx); j += 8 {
		var b byte
		for t, i := range idx[j:min(j+8, len(idx))] {
			k := off + int(i)
			b |= (in[k>>3] >> (k & 7) & 1) << t
		}
		out[j>>3] = b
	}
}

func gather[T arrow.FixedWidthType](mem memory.Allocator, arr arrow.Array, idx []int32) *memory.Buffer {
	in := kutil.Values[T](arr)
	buf, out := kutil.NewValues[T](mem, len(idx))
	for j, i := range idx {
		out[j] = in[i]
	}
	return buf
}

func gatherBytes(mem memory.Allocator, arr arrow.Array, idx []int32) (*memory.Buffer, *memory.Buffer) {
	d := arr.Data()
	offs := arrow.GetOffsets[int32](d, 1)
	var in []byte
	if b := d.Buffers()[2]; b != nil {
		in = b.Bytes()
	}
	total := 0
	for _, i := range idx {
		total += int(offs[i+1] - offs[i])
	}
	obuf, outOffs := kutil.NewValues[int32](mem, len(idx)+1)
	dbuf := kutil.NewBytes(mem, total)
	data := dbuf.Bytes()
	pos := int32(0)
	outOffs[0] = 0
	for j, i := range idx {
		pos += int32(copy(data[pos:], in[offs[i]:offs[i+1]]))
		outOffs[j+1] = pos
	}
	return obuf, dbuf
}
