package str

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// rawBytes returns the offsets of the rows of a string or binary array (n+1
// of them, for the slice) and the whole value buffer they index (ValueBytes
// would rebase the buffer on a slice's first offset).
func rawBytes(name string, a arrow.Array) ([]int32, []byte, error) {
	var offs []int32
	switch x := a.(type) {
	case *array.String:
		offs = x.ValueOffsets()
	case *array.Binary:
		offs = x.ValueOffsets()
	default:
		return nil, nil, kernels.ErrUnsupported("%s on %s", name, a.DataType())
	}
	var vals []byte
	if b := a.Data().Buffers()[2]; b != nil {
		vals = b.Bytes()
	}
	return offs, vals, nil
}

// predicate2 is the boolean result of f over the byte values of l and r, NULL
// where either is NULL (Spark's StringPredicate is NullIntolerant).
func predicate2(mem memory.Allocator, name string, l, r arrow.Array, f func(a, b []byte) bool) (arrow.Array, error) {
	lo, lv, err := rawBytes(name, l)
	if err != nil {
		return nil, err
	}
	ro, rv, err := rawBytes(name, r)
	if err != nil {
		return nil, err
	}
	n := l.Len()
	buf := kutil.NewBitmap(mem, n)
	out := buf.Bytes()
	for i := 0; i < n; i++ {
		if f(lv[lo[i]:lo[i+1]], rv[ro[i]:ro[i+1]]) {
			out[i>>3] |= 1 << (i & 7)
		}
	}
	validity, nulls := kutil.AndValidity(mem, n, l, r)
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, buf), nil
}
