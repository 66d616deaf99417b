// Package kerneltest helps test kernels and operators: it builds Arrow arrays
// from Go values (nil for NULL), reads them back, and runs a check over
// several batch sizes and slice offsets.
package kerneltest

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// BatchSizes are the batch lengths every kernel test runs with.
var BatchSizes = []int{1, 7, 8192}

// Build returns an array of Spark type t holding vals; nil is NULL, other
// values have the Go type sparkplan.Literal documents for t. An array without
// nil values has no validity bitmap.
func Build(mem memory.Allocator, t types.DataType, vals []any) arrow.Array {
	b := array.NewBuilder(mem, t.ArrowType("UTC"))
	defer b.Release()
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
			continue
		}
		switch bb := b.(type) {
		case *array.BooleanBuilder:
			bb.Append(v.(bool))
		case *array.Int8Builder:
			bb.Append(v.(int8))
		case *array.Int16Builder:
			bb.Append(v.(int16))
		case *array.Int32Builder:
			bb.Append(v.(int32))
		case *array.Int64Builder:
			bb.Append(v.(int64))
		case *array.Float32Builder:
			bb.Append(v.(float32))
		case *array.Float64Builder:
			bb.Append(v.(float64))
		case *array.Decimal128Builder:
			bb.Append(v.(decimal128.Num))
		case *array.StringBuilder:
			bb.Append(v.(string))
		case *array.BinaryBuilder:
			bb.Append(v.([]byte))
		case *array.Date32Builder:
			bb.Append(arrow.Date32(v.(int32)))
		case *array.TimestampBuilder:
			bb.Append(arrow.Timestamp(v.(int64)))
		default:
			panic(fmt.Sprintf("kerneltest: no builder for %s", t))
		}
	}
	return b.NewArray()
}

// Get returns row i of a as the Go value sparkplan.Literal documents, or nil.
func Get(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch x := a.(type) {
	case *array.Boolean:
		return x.Value(i)
	case *array.Int8:
		return x.Value(i)
	case *array.Int16:
		return x.Value(i)
	case *array.Int32:
		return x.Value(i)
	case *array.Int64:
		return x.Value(i)
	case *array.Float32:
		return x.Value(i)
	case *array.Float64:
		return x.Value(i)
	case *array.Decimal128:
		return x.Value(i)
	case *array.String:
		return x.Value(i)
	case *array.Binary:
		return bytes.Clone(x.Value(i))
	case *array.Date32:
		return int32(x.Value(i))
	case *array.Timestamp:
		return int64(x.Value(i))
	}
	panic(fmt.Sprintf("kerneltest: cannot read %s", a.DataType()))
}

// Equal compares two values as Get returns them; floats compare by bits, so
// NaN equals NaN and -0.0 differs from 0.0.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (math.Float64bits(x) == math.Float64bits(y) || (x != x && y != y))
	case float32:
		y, ok := b.(float32)
		return ok && (math.Float32bits(x) == math.Float32bits(y) || (x != x && y != y))
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	}
	return a == b
}

// Cycle repeats vals to length n.
func Cycle(vals []any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = vals[i%len(vals)]
	}
	return out
}

// WithoutNulls returns the entries of each column at the rows where no column
// is nil.
func WithoutNulls(cols ...[]any) [][]any {
	out := make([][]any, len(cols))
	for r := range cols[0] {
		keep := true
		for _, c := range cols {
			if c[r] == nil {
				keep = false
			}
		}
		if keep {
			for i, c := range cols {
				out[i] = append(out[i], c[r])
			}
		}
	}
	return out
}

// Check fails t unless got holds want.
func Check(t testing.TB, got arrow.Array, want []any) {
	t.Helper()
	if got.Len() != len(want) {
		t.Fatalf("got %d rows, want %d", got.Len(), len(want))
	}
	for i, w := range want {
		if g := Get(got, i); !Equal(g, w) {
			t.Fatalf("row %d: got %v (%T), want %v (%T)", i, g, g, w, w)
		}
	}
}

// Sliced calls f with windows of every batch size over arrays of n rows:
// the windows are slices of the full arrays, so their offsets are not zero.
func Sliced(n int, f func(start, end int)) {
	for _, bs := range BatchSizes {
		for start := 0; start < n; start += bs {
			f(start, min(start+bs, n))
		}
	}
}

// Slice returns a[start:end], which the caller must Release.
func Slice(a arrow.Array, start, end int) arrow.Array {
	return array.NewSlice(a, int64(start), int64(end))
}

// Dec builds a decimal128 from an int64 unscaled value.
func Dec(v int64) decimal128.Num { return decimal128.FromI64(v) }

// DecStr parses an unscaled decimal integer string (up to 39 digits, signed).
func DecStr(s string) decimal128.Num {
	var b big.Int
	if _, ok := b.SetString(s, 10); !ok {
		panic("kerneltest: bad integer " + s)
	}
	return decimal128.FromBigInt(&b)
}

// SlicedShort is Sliced with the small batch sizes limited to the first
// limit rows, to keep tests fast.
func SlicedShort(n, limit int, f func(start, end int)) {
	for _, bs := range BatchSizes {
		end := n
		if bs < 100 {
			end = min(n, limit)
		}
		for start := 0; start < end; start += bs {
			f(start, min(start+bs, end))
		}
	}
}
