package cmp

// Spark: UTF8String.compareTo (common/unsafe/.../types/UTF8String.java,
// binaryCompare: unsigned byte order, then length) for strings and
// TypeUtils.compareBinary / ByteArray.compareBinary for binary: unsigned
// lexicographic order. Equality is byte equality (UTF8String.equals,
// java.util.Arrays.equals).

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
)

func offsetsAndData(a arrow.Array) ([]int32, []byte) {
	d := a.Data()
	offs := arrow.GetOffsets[int32](d, 1)
	var data []byte
	if b := d.Buffers()[2]; b != nil {
		data = b.Bytes()
	}
	return offs, data
}

func bytesAA(op Op, left, right arrow.Array, out []byte) {
	lo, ld := offsetsAndData(left)
	ro, rd := offsetsAndData(right)
	n := left.Len()
	if op == Eq {
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(bytes.Equal(ld[lo[i]:lo[i+1]], rd[ro[i]:ro[i+1]])) << (i & 7)
		}
		return
	}
	tbl := cmpResult[op]
	for i := 0; i < n; i++ {
		c := bytes.Compare(ld[lo[i]:lo[i+1]], rd[ro[i]:ro[i+1]])
		out[i>>3] |= tbl[c+1] << (i & 7)
	}
}

func bytesAS(op Op, left arrow.Array, s []byte, out []byte) {
	lo, ld := offsetsAndData(left)
	n := left.Len()
	if op == Eq {
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(bytes.Equal(ld[lo[i]:lo[i+1]], s)) << (i & 7)
		}
		return
	}
	tbl := cmpResult[op]
	for i := 0; i < n; i++ {
		c := bytes.Compare(ld[lo[i]:lo[i+1]], s)
		out[i>>3] |= tbl[c+1] << (i & 7)
	}
}
