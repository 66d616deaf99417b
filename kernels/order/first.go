package order

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// firstOut is the first sort key's values in the sorted order, written from
// the sorted normalized keys (for integers the normalization is reversible)
// so that nobody gathers them by the permutation.
type firstOut struct {
	mem     memory.Allocator
	arr     arrow.Array
	width   int
	flip    uint64
	inPlace bool // the sorted values may overwrite arr's own values
	buf     *memory.Buffer
	written bool // the sort wrote every non-NULL value
}

// newFirstOut returns the output for key a, or nil when its type has no
// reversible normalized key. With inPlace, a's values buffer (the caller's
// own, shared with nobody) receives the sorted values: the sort reads a's
// values only before it writes them.
func newFirstOut(mem memory.Allocator, a arrow.Array, spec Key, inPlace bool) *firstOut {
	var width int
	switch a.DataType().ID() {
	case arrow.INT8:
		width = 1
	case arrow.INT16:
		width = 2
	case arrow.INT32, arrow.DATE32:
		width = 4
	case arrow.INT64, arrow.TIMESTAMP:
		width = 8
	default:
		return nil
	}
	f := &firstOut{mem: mem, arr: a, width: width, flip: signBit}
	if spec.Descending {
		f.flip = ^signBit
	}
	d := a.Data()
	f.inPlace = inPlace && d.Offset() == 0 && len(d.Buffers()) > 1 && d.Buffers()[1] != nil &&
		d.Buffers()[1].Len() >= a.Len()*width
	return f
}

// out returns the buffer the sorted values go to: a's own when in place and
// the sort writes them, else a new one.
func (f *firstOut) out(fromSort bool) []byte {
	if f.buf == nil {
		if f.inPlace && fromSort {
			f.buf = f.arr.Data().Buffers()[1]
			f.buf.Retain()
		} else {
			f.buf = memory.NewResizableBuffer(f.mem)
			f.buf.Resize(f.arr.Len() * f.width)
		}
	}
	return f.buf.Bytes()
}

// write stores the rows of sorted in rows and their values (normalized keys
// less base) at positions lo on, in one pass.
func (f *firstOut) write(lo int, sorted []entry, base uint64, rows []uint32) {
	b := f.out(true)
	switch f.arr.DataType().ID() {
	case arrow.INT8:
		denormalize(sorted, base, f.flip, rows, arrow.GetData[int8](b)[lo:])
	case arrow.INT16:
		denormalize(sorted, base, f.flip, rows, arrow.GetData[int16](b)[lo:])
	case arrow.INT32, arrow.DATE32:
		denormalize(sorted, base, f.flip, rows, arrow.GetData[int32](b)[lo:])
	default:
		denormalize(sorted, base, f.flip, rows, arrow.GetData[int64](b)[lo:])
	}
	f.written = true
}

func denormalize[T int8 | int16 | int32 | int64](sorted []entry, base, flip uint64, rows []uint32, out []T) {
	out, rows = out[:len(sorted)], rows[:len(sorted)]
	for i, e := range sorted {
		rows[i] = e.idx
		out[i] = T(int64((e.key + base) ^ flip))
	}
}

// finish returns the array (nil for a nil f): the values the sort did not
// write (small inputs) are gathered by perm; the NULLs are all at one end.
func (f *firstOut) finish(perm []uint32) arrow.Array {
	if f == nil {
		return nil
	}
	if !f.written {
		b := f.out(false)
		switch f.arr.DataType().ID() {
		case arrow.INT8:
			gatherValues(kutil.Values[int8](f.arr), perm, arrow.GetData[int8](b))
		case arrow.INT16:
			gatherValues(kutil.Values[int16](f.arr), perm, arrow.GetData[int16](b))
		case arrow.INT32, arrow.DATE32:
			gatherValues(kutil.Values[int32](f.arr), perm, arrow.GetData[int32](b))
		default:
			gatherValues(kutil.Values[int64](f.arr), perm, arrow.GetData[int64](b))
		}
	}
	n, nulls := f.arr.Len(), f.arr.NullN()
	if f.buf == nil {
		// Every row is NULL: the values are never read.
		f.out(false)
	}
	var validity *memory.Buffer
	if nulls > 0 {
		validity = kutil.NewBitmap(f.mem, n)
		start := 0
		if nullsFirst := n > 0 && f.arr.IsNull(int(perm[0])); nullsFirst {
			start = nulls
		}
		bitutil.SetBitsTo(validity.Bytes(), int64(start), int64(n-nulls), true)
	}
	return kutil.MakeArray(f.arr.DataType(), n, nulls, validity, f.buf)
}

func gatherValues[T int8 | int16 | int32 | int64](vals []T, perm []uint32, out []T) {
	out = out[:len(perm)]
	for i, r := range perm {
		out[i] = vals[r]
	}
}
