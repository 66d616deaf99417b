package order

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
)

// Rows are the sort-key columns of one batch, ready to be compared with the
// rows of other batches that have the same key types: the k-way merge of
// sorted runs. The order is Sort's.
type Rows struct {
	keys rowCmp
}

// NewRows prepares keys (one array per sort key, of equal length) for
// comparisons; the caller keeps the arrays alive while it compares.
func NewRows(keys []arrow.Array, specs []Key) (*Rows, error) {
	r, err := newRowCmp(keys, specs)
	if err != nil {
		return nil, err
	}
	return &Rows{keys: r}, nil
}

// Compare orders row i of a against row j of b: negative, zero or positive.
func (a *Rows) Compare(i uint32, b *Rows, j uint32) int {
	for k := range a.keys {
		x, y := &a.keys[k], &b.keys[k]
		xn, yn := x.valid != nil && x.isNull(i), y.valid != nil && y.isNull(j)
		if xn || yn {
			switch {
			case xn && yn:
				continue
			case xn == x.nullsFirst:
				return -1
			}
			return 1
		}
		c := compareAcross(x.c, i, y.c, j)
		if x.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compareAcross compares value i of x with value j of y, comparers of the same
// type over different arrays.
func compareAcross(x comparer, i uint32, y comparer, j uint32) int {
	switch xc := x.(type) {
	case intCmp[int64]:
		return cmp3(xc.v[i], y.(intCmp[int64]).v[j])
	case intCmp[int32]:
		return cmp3(xc.v[i], y.(intCmp[int32]).v[j])
	case intCmp[int16]:
		return cmp3(xc.v[i], y.(intCmp[int16]).v[j])
	case intCmp[int8]:
		return cmp3(xc.v[i], y.(intCmp[int8]).v[j])
	case floatCmp[float64]:
		return compareFloat(xc.v[i], y.(floatCmp[float64]).v[j])
	case floatCmp[float32]:
		return compareFloat(xc.v[i], y.(floatCmp[float32]).v[j])
	case boolCmp:
		yc := y.(boolCmp)
		a := int(xc.bits[(xc.off+int(i))>>3]>>((xc.off+int(i))&7)) & 1
		b := int(yc.bits[(yc.off+int(j))>>3]>>((yc.off+int(j))&7)) & 1
		return a - b
	case decCmp:
		return xc.v[i].Cmp(y.(decCmp).v[j])
	case bytesCmp:
		yc := y.(bytesCmp)
		return bytes.Compare(xc.data[xc.offs[i]:xc.offs[i+1]], yc.data[yc.offs[j]:yc.offs[j+1]])
	}
	return 0 // nullCmp: every value NULL
}

func cmp3[T int8 | int16 | int32 | int64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
