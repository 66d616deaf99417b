package order

import (
	"bytes"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/kernels/kutil"
)

// comparer compares two rows of one array by value, ascending, both not NULL.
type comparer interface {
	compare(i, j uint32) int
}

type intCmp[T int8 | int16 | int32 | int64] struct{ v []T }

func (c intCmp[T]) compare(i, j uint32) int { return cmp3(c.v[i], c.v[j]) }

// floatCmp is SQLOrderingUtil.compareDoubles / compareFloats:
// `if (x == y) 0 else java.lang.Double.compare(x, y)`: -0.0 = 0.0, NaN = NaN,
// NaN above every other value.
type floatCmp[T float32 | float64] struct{ v []T }

func (c floatCmp[T]) compare(i, j uint32) int { return compareFloat(c.v[i], c.v[j]) }

func compareFloat[T float32 | float64](a, b T) int {
	switch {
	case a == b:
		return 0
	case a < b:
		return -1
	case a > b:
		return 1
	}
	an, bn := a != a, b != b
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	}
	return -1
}

type boolCmp struct {
	bits []byte
	off  int
}

func (c boolCmp) compare(i, j uint32) int {
	a := int(c.bits[(c.off+int(i))>>3]>>((c.off+int(i))&7)) & 1
	b := int(c.bits[(c.off+int(j))>>3]>>((c.off+int(j))&7)) & 1
	return a - b
}

// decCmp compares unscaled decimals of one type (Decimal.compare).
type decCmp struct{ v []decimal128.Num }

func (c decCmp) compare(i, j uint32) int { return c.v[i].Cmp(c.v[j]) }

// bytesCmp is UTF8String.compareTo / ByteArray.compareBinary: unsigned bytes,
// then length.
type bytesCmp struct {
	offs []int32
	data []byte
}

func (c bytesCmp) compare(i, j uint32) int {
	return bytes.Compare(c.data[c.offs[i]:c.offs[i+1]], c.data[c.offs[j]:c.offs[j+1]])
}

type nullCmp struct{}

func (nullCmp) compare(uint32, uint32) int { return 0 }

func newComparer(a arrow.Array) (comparer, error) {
	d := a.Data()
	switch a.DataType().ID() {
	case arrow.NULL:
		return nullCmp{}, nil
	case arrow.BOOL:
		return boolCmp{bits: bufBytes(d, 1), off: d.Offset()}, nil
	case arrow.INT8:
		return intCmp[int8]{kutil.Values[int8](a)}, nil
	case arrow.INT16:
		return intCmp[int16]{kutil.Values[int16](a)}, nil
	case arrow.INT32, arrow.DATE32:
		return intCmp[int32]{kutil.Values[int32](a)}, nil
	case arrow.INT64, arrow.TIMESTAMP:
		return intCmp[int64]{kutil.Values[int64](a)}, nil
	case arrow.FLOAT32:
		return floatCmp[float32]{kutil.Values[float32](a)}, nil
	case arrow.FLOAT64:
		return floatCmp[float64]{kutil.Values[float64](a)}, nil
	case arrow.DECIMAL128:
		return decCmp{kutil.Values[decimal128.Num](a)}, nil
	case arrow.STRING, arrow.BINARY:
		offs := arrow.GetOffsets[int32](d, 1)
		return bytesCmp{offs: offs, data: bufBytes(d, 2)}, nil
	}
	return nil, fmt.Errorf("order: cannot sort by type %s", a.DataType())
}

// keyCmp compares two rows by one sort key: NULLs first or last, then the
// values in the key's direction.
type keyCmp struct {
	c          comparer
	valid      []byte // nil when the key has no NULL
	off        int
	desc       bool
	nullsFirst bool
}

func (k *keyCmp) isNull(i uint32) bool {
	p := k.off + int(i)
	return k.valid[p>>3]>>(p&7)&1 == 0
}

func (k *keyCmp) compare(i, j uint32) int {
	if k.valid != nil {
		ni, nj := k.isNull(i), k.isNull(j)
		if ni || nj {
			switch {
			case ni && nj:
				return 0
			case ni == k.nullsFirst:
				return -1
			}
			return 1
		}
	}
	r := k.c.compare(i, j)
	if k.desc {
		return -r
	}
	return r
}

// rowCmp compares rows by a list of keys.
type rowCmp []keyCmp

// compare compares rows i and j by the keys from the from-th on.
func (r rowCmp) compare(i, j uint32, from int) int {
	for k := from; k < len(r); k++ {
		if c := r[k].compare(i, j); c != 0 {
			return c
		}
	}
	return 0
}

func newRowCmp(keys []arrow.Array, specs []Key) (rowCmp, error) {
	r := make(rowCmp, len(keys))
	for k, a := range keys {
		c, err := newComparer(a)
		if err != nil {
			return nil, err
		}
		valid, off := kutil.Validity(a)
		r[k] = keyCmp{c: c, valid: valid, off: off, desc: specs[k].Descending, nullsFirst: specs[k].NullsFirst}
	}
	return r, nil
}

// bufBytes is buffer i of d, or nil when d has none (an empty array).
func bufBytes(d arrow.ArrayData, i int) []byte {
	if b := d.Buffers()[i]; b != nil {
		return b.Bytes()
	}
	return nil
}
