package logic

// Spark: predicates.scala Not (NOT NULL is NULL) and
// nullExpressions.scala IsNull / IsNotNull (never NULL themselves).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Not is NOT a over a boolean array.
func Not(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	n := a.Len()
	values := kutil.NewBitmap(mem, n)
	d := a.Data()
	if b := d.Buffers()[1]; b != nil && n > 0 {
		bitutil.InvertBitmap(b.Bytes(), d.Offset(), n, values.Bytes(), 0)
	}
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, values), nil
}

// IsNull is true where a is NULL.
func IsNull(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	n := a.Len()
	values := kutil.NewBitmap(mem, n)
	if bits, off := kutil.Validity(a); bits != nil {
		bitutil.InvertBitmap(bits, off, n, values.Bytes(), 0)
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values), nil
}

// IsNotNull is true where a is not NULL.
func IsNotNull(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	n := a.Len()
	values := kutil.NewBitmap(mem, n)
	out := values.Bytes()
	if bits, off := kutil.Validity(a); bits != nil {
		bitutil.CopyBitmap(bits, off, n, out, 0)
	} else {
		for i := range out {
			out[i] = 0xff
		}
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values), nil
}
