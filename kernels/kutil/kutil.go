// Package kutil holds the buffer and bitmap helpers the kernel packages share.
package kutil

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// NewBitmap allocates a zeroed bitmap of n bits from mem.
func NewBitmap(mem memory.Allocator, n int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(int(bitutil.BytesForBits(int64(n))))
	clear(buf.Bytes())
	return buf
}

// NewValues allocates room for n values of T from mem; the contents are
// undefined.
func NewValues[T arrow.FixedWidthType](mem memory.Allocator, n int) (*memory.Buffer, []T) {
	buf := memory.NewResizableBuffer(mem)
	var zero T
	buf.Resize(n * int(unsafe.Sizeof(zero)))
	return buf, arrow.GetData[T](buf.Bytes())[:n]
}

// NewBytes allocates n bytes from mem; the contents are undefined.
func NewBytes(mem memory.Allocator, n int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(n)
	return buf
}

// Values returns the values of a fixed-width array, its offset applied.
func Values[T arrow.FixedWidthType](a arrow.Array) []T {
	d := a.Data()
	b := d.Buffers()[1]
	if b == nil || b.Len() == 0 {
		return nil
	}
	return arrow.GetData[T](b.Bytes())[d.Offset() : d.Offset()+d.Len()]
}

// Validity returns a's validity bitmap and its bit offset, or nil when a has
// no nulls. An array whose every row is null but that has no bitmap (the Null
// type) gets an all-zero bitmap from ZeroBits.
func Validity(a arrow.Array) ([]byte, int) {
	if a.NullN() == 0 {
		return nil, 0
	}
	d := a.Data()
	if b := d.Buffers()[0]; b != nil && b.Len() > 0 {
		return b.Bytes(), d.Offset()
	}
	return zeroBits(a.Len()), 0
}

var zeros = make([]byte, 2048)

func zeroBits(n int) []byte {
	nb := int(bitutil.BytesForBits(int64(n)))
	if nb <= len(zeros) {
		return zeros[:nb]
	}
	return make([]byte, nb)
}

// AndValidity returns the validity of rows that are valid in every array of
// arrs (all of length n), as a new buffer with offset 0 and its null count,
// or (nil, 0) when no array has nulls.
func AndValidity(mem memory.Allocator, n int, arrs ...arrow.Array) (*memory.Buffer, int) {
	var out *memory.Buffer
	for _, a := range arrs {
		bits, off := Validity(a)
		if bits == nil {
			continue
		}
		if out == nil {
			out = NewBitmap(mem, n)
			bitutil.CopyBitmap(bits, off, n, out.Bytes(), 0)
			continue
		}
		bitutil.BitmapAnd(out.Bytes(), bits, 0, int64(off), out.Bytes(), 0, int64(n))
	}
	if out == nil {
		return nil, 0
	}
	return out, n - bitutil.CountSetBits(out.Bytes(), 0, n)
}

// CopyValidity returns a's validity as a new buffer with offset 0 and its null
// count, or (nil, 0) when a has no nulls.
func CopyValidity(mem memory.Allocator, a arrow.Array) (*memory.Buffer, int) {
	return AndValidity(mem, a.Len(), a)
}

// NullCount counts the zero bits among the first n bits of a validity bitmap
// with offset 0.
func NullCount(validity []byte, n int) int {
	return n - bitutil.CountSetBits(validity, 0, n)
}

// MakeArray builds an array of type dt and length n over buffers (validity
// first, may be nil) and releases the caller's references to the buffers.
func MakeArray(dt arrow.DataType, n, nulls int, buffers ...*memory.Buffer) arrow.Array {
	if nulls == 0 && buffers[0] != nil {
		buffers[0].Release()
		buffers[0] = nil
	}
	data := array.NewData(dt, n, buffers, nil, nulls, 0)
	arr := array.MakeFromData(data)
	data.Release()
	for _, b := range buffers {
		if b != nil {
			b.Release()
		}
	}
	return arr
}

// B2U8 converts a bool to 0 or 1 without a branch.
func B2U8(b bool) uint8 {
	var x uint8
	if b {
		x = 1
	}
	return x
}

// PackBools sets out's bits from a byte-per-row 0/1 slice.
func PackBools(vals []uint8, out []byte) {
	n := len(vals)
	i := 0
	for ; i+8 <= n; i += 8 {
		v := vals[i : i+8 : i+8]
		out[i>>3] = v[0] | v[1]<<1 | v[2]<<2 | v[3]<<3 | v[4]<<4 | v[5]<<5 | v[6]<<6 | v[7]<<7
	}
	if i < n {
		var b byte
		for j := 0; i+j < n; j++ {
			b |= vals[i+j] << j
		}
		out[i>>3] = b
	}
}

// AlignedBits returns bitmap bits [off, off+n) with offset 0: the input itself
// when off is a multiple of 8, else a copy in scratch (grown as needed).
func AlignedBits(bits []byte, off, n int, scratch *[]byte) []byte {
	nb := int(bitutil.BytesForBits(int64(n)))
	if off%8 == 0 {
		return bits[off/8 : off/8+nb]
	}
	if cap(*scratch) < nb {
		*scratch = make([]byte, nb)
	}
	s := (*scratch)[:nb]
	bitutil.CopyBitmap(bits, off, n, s, 0)
	return s
}
