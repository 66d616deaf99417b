package logic

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/predicates.scala,
// And and Or (three-valued logic): false AND x is false for any x including
// NULL, true AND NULL is NULL; true OR x is true for any x including NULL,
// false OR NULL is NULL. Computed eight rows at a time on the bitmaps:
//   AND: valid = (va & vb) | (va & ~a) | (vb & ~b), value = a & b
//   OR:  valid = (va & vb) | (va & a)  | (vb & b),  value = a | b

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// bitsOf returns the value bitmap and the validity bitmap (nil when no nulls)
// of a boolean array, both with offset 0.
func bitsOf(a arrow.Array, vs, ns *[]byte) (values, validity []byte) {
	d := a.Data()
	n := d.Len()
	if b := d.Buffers()[1]; b != nil {
		values = kutil.AlignedBits(b.Bytes(), d.Offset(), n, vs)
	} else {
		values = make([]byte, bitutil.BytesForBits(int64(n)))
	}
	if bits, off := kutil.Validity(a); bits != nil {
		validity = kutil.AlignedBits(bits, off, n, ns)
	}
	return values, validity
}

// And is left AND right over two boolean arrays of one length.
func And(mem memory.Allocator, left, right arrow.Array) (arrow.Array, error) {
	return kleene(mem, left, right, true)
}

// Or is left OR right over two boolean arrays of one length.
func Or(mem memory.Allocator, left, right arrow.Array) (arrow.Array, error) {
	return kleene(mem, left, right, false)
}

func kleene(mem memory.Allocator, left, right arrow.Array, and bool) (arrow.Array, error) {
	if left.Len() != right.Len() {
		return nil, fmt.Errorf("logic: operand lengths differ: %d and %d", left.Len(), right.Len())
	}
	n := left.Len()
	var s1, s2, s3, s4 []byte
	a, va := bitsOf(left, &s1, &s2)
	b, vb := bitsOf(right, &s3, &s4)
	values := kutil.NewBitmap(mem, n)
	out := values.Bytes()
	if and {
		for i := range out {
			out[i] = a[i] & b[i]
		}
	} else {
		for i := range out {
			out[i] = a[i] | b[i]
		}
	}
	if va == nil && vb == nil {
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values), nil
	}
	validity := kutil.NewBitmap(mem, n)
	v := validity.Bytes()
	for i := range v {
		x, y := byte(0xff), byte(0xff)
		if va != nil {
			x = va[i]
		}
		if vb != nil {
			y = vb[i]
		}
		if and {
			v[i] = (x & y) | (x &^ a[i]) | (y &^ b[i])
		} else {
			v[i] = (x & y) | (x & a[i]) | (y & b[i])
		}
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, kutil.NullCount(v, n), validity, values), nil
}
