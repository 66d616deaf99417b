package hashagg

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// boolBytes unpacks a boolean array's values to one byte per row (0 or 1).
func boolBytes(a arrow.Array, out []uint8) []uint8 {
	n := a.Len()
	if cap(out) < n {
		out = make([]uint8, n)
	}
	out = out[:n]
	d := a.Data()
	bits, off := d.Buffers()[1].Bytes(), d.Offset()
	for i := range out {
		out[i] = (bits[(off+i)>>3] >> uint((off+i)&7)) & 1
	}
	return out
}

// fixedArray builds an array of type dt from vals (copied), with row i NULL
// where valid[i] == 0 (valid nil: no NULLs).
func fixedArray[T any](mem memory.Allocator, dt arrow.DataType, vals []T, valid []uint8) arrow.Array {
	n := len(vals)
	var zero T
	size := int(unsafe.Sizeof(zero))
	data := memory.NewResizableBuffer(mem)
	data.Resize(n * size)
	if n > 0 {
		copy(data.Bytes(), unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vals))), n*size))
	}
	return withValidity(mem, dt, n, data, nil, valid)
}

// boolArray builds a boolean array from one byte per row.
func boolArray(mem memory.Allocator, vals []uint8, valid []uint8) arrow.Array {
	n := len(vals)
	data := memory.NewResizableBuffer(mem)
	data.Resize(int(bitutil.BytesForBits(int64(n))))
	packBits(vals, data.Bytes())
	return withValidity(mem, arrow.FixedWidthTypes.Boolean, n, data, nil, valid)
}

func packBits(vals []uint8, out []byte) {
	clear(out)
	for i, v := range vals {
		out[i>>3] |= (v & 1) << uint(i&7)
	}
}

// withValidity assembles an array from its data buffers (offsets first for
// variable-length types) and a byte-per-row validity.
func withValidity(mem memory.Allocator, dt arrow.DataType, n int, data, offsets *memory.Buffer, valid []uint8) arrow.Array {
	var vbuf *memory.Buffer
	nulls := 0
	if valid != nil {
		for _, v := range valid {
			if v == 0 {
				nulls++
			}
		}
		if nulls > 0 {
			vbuf = memory.NewResizableBuffer(mem)
			vbuf.Resize(int(bitutil.BytesForBits(int64(n))))
			packBits(valid, vbuf.Bytes())
		}
	}
	bufs := []*memory.Buffer{vbuf, data}
	if offsets != nil {
		bufs = []*memory.Buffer{vbuf, offsets, data}
	}
	d := array.NewData(dt, n, bufs, nil, nulls, 0)
	arr := array.MakeFromData(d)
	d.Release()
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	return arr
}

// bytesArray builds a string or binary array from per-row byte slices.
func bytesArray(mem memory.Allocator, dt arrow.DataType, rows [][]byte, valid []uint8) arrow.Array {
	n := len(rows)
	total := 0
	for _, r := range rows {
		total += len(r)
	}
	offs := memory.NewResizableBuffer(mem)
	offs.Resize((n + 1) * 4)
	o := arrow.Int32Traits.CastFromBytes(offs.Bytes())
	data := memory.NewResizableBuffer(mem)
	data.Resize(total)
	db := data.Bytes()
	pos := 0
	for i, r := range rows {
		o[i] = int32(pos)
		pos += copy(db[pos:], r)
	}
	o[n] = int32(pos)
	return withValidity(mem, dt, n, data, offs, valid)
}

// byteRows returns the values of a string or binary array as slices into its
// buffers (no copy); NULL rows give nil.
func byteRows(a arrow.Array, out [][]byte) [][]byte {
	n := a.Len()
	if cap(out) < n {
		out = make([][]byte, n)
	}
	out = out[:n]
	d := a.Data()
	offs := arrow.Int32Traits.CastFromBytes(d.Buffers()[1].Bytes())[d.Offset():]
	var data []byte
	if b := d.Buffers()[2]; b != nil {
		data = b.Bytes()
	}
	for i := range out {
		out[i] = data[offs[i]:offs[i+1]:offs[i+1]]
	}
	if a.NullN() > 0 {
		for i := range out {
			if a.IsNull(i) {
				out[i] = nil
			}
		}
	}
	return out
}
