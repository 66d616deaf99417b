package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/predicates.scala,
// In(value, list): NULL when the value is NULL; true when some list item
// equals it; otherwise NULL when some list item is NULL, else false (SQL's
// three-valued IN). Equality is Spark's EqualTo (CodeGenerator.genEqual):
// NaN = NaN, -0.0 = 0.0, strings and binaries byte for byte, decimals of one
// type by value. In stops at the first equal item; in LEGACY mode no item can
// raise, so evaluating them all gives the same answer.

import (
	"fmt"
	gomath "math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Item is one element of an IN list: an array with a value per row, or a
// scalar (the Go value sparkplan.Literal documents, nil for NULL).
type Item struct {
	Array  arrow.Array
	Scalar any
}

// In evaluates value IN (items) per row; value and the items have Spark type
// t. The result is a boolean array.
func In(mem memory.Allocator, t types.DataType, value arrow.Array, items []Item) (arrow.Array, error) {
	if out, ok := inLiterals(mem, t, value, items); ok {
		return out, nil
	}
	return inItems(mem, t, value, items)
}

// inItems is In for any list: items compared row by row.
func inItems(mem memory.Allocator, t types.DataType, value arrow.Array, items []Item) (arrow.Array, error) {
	switch t.ID {
	case types.Boolean:
		return in(mem, value, items, func(a arrow.Array) func(int) bool { return a.(*array.Boolean).Value },
			func(v any) bool { return v.(bool) })
	case types.Byte:
		return in(mem, value, items, intKey[int8], func(v any) int64 { return int64(v.(int8)) })
	case types.Short:
		return in(mem, value, items, intKey[int16], func(v any) int64 { return int64(v.(int16)) })
	case types.Int, types.Date:
		return in(mem, value, items, intKey[int32], func(v any) int64 { return int64(v.(int32)) })
	case types.Long, types.Timestamp, types.TimestampNTZ:
		return in(mem, value, items, intKey[int64], func(v any) int64 { return v.(int64) })
	case types.Float:
		return in(mem, value, items, floatKey[float32], func(v any) uint64 { return floatBits(float64(v.(float32))) })
	case types.Double:
		return in(mem, value, items, floatKey[float64], func(v any) uint64 { return floatBits(v.(float64)) })
	case types.Decimal:
		return in(mem, value, items, func(a arrow.Array) func(int) decimal128.Num {
			vs := kutil.Values[decimal128.Num](a)
			return func(i int) decimal128.Num { return vs[i] }
		}, func(v any) decimal128.Num { return v.(decimal128.Num) })
	case types.String:
		return in(mem, value, items, func(a arrow.Array) func(int) string { return a.(*array.String).Value },
			func(v any) string { return v.(string) })
	case types.Binary:
		return in(mem, value, items, func(a arrow.Array) func(int) string {
			b := a.(*array.Binary)
			return func(i int) string { return string(b.Value(i)) }
		}, func(v any) string { return string(v.([]byte)) })
	case types.Null:
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, value.Len(), value.Len(), kutil.NewBitmap(mem, value.Len()), kutil.NewBitmap(mem, value.Len())), nil
	}
	return nil, fmt.Errorf("conditional: In on %s is not supported", t)
}

func intKey[T int8 | int16 | int32 | int64](a arrow.Array) func(int) int64 {
	vs := kutil.Values[T](a)
	return func(i int) int64 { return int64(vs[i]) }
}

// floatBits is x's key for equality: one key for every NaN, one for both zeros.
func floatBits(x float64) uint64 {
	switch {
	case x != x:
		return 0x7ff8000000000001
	case x == 0:
		return 0
	}
	return gomath.Float64bits(x)
}

func floatKey[T float32 | float64](a arrow.Array) func(int) uint64 {
	vs := kutil.Values[T](a)
	return func(i int) uint64 { return floatBits(float64(vs[i])) }
}

func in[K comparable](mem memory.Allocator, value arrow.Array, items []Item, getter func(arrow.Array) func(int) K, scalarKey func(any) K) (arrow.Array, error) {
	n := value.Len()
	set := make(map[K]struct{})
	scalarNull := false
	type arrItem struct {
		get     func(int) K
		bits    []byte
		off     int
		allNull bool
	}
	var arrs []arrItem
	for _, it := range items {
		if it.Array == nil {
			if it.Scalar == nil {
				scalarNull = true
			} else {
				set[scalarKey(it.Scalar)] = struct{}{}
			}
			continue
		}
		if it.Array.Len() != n {
			return nil, fmt.Errorf("conditional: IN item has %d rows, the value %d", it.Array.Len(), n)
		}
		if it.Array.DataType().ID() == arrow.NULL {
			arrs = append(arrs, arrItem{allNull: true})
			continue
		}
		bits, off := kutil.Validity(it.Array)
		arrs = append(arrs, arrItem{get: getter(it.Array), bits: bits, off: off})
	}
	values := kutil.NewBitmap(mem, n)
	validity := kutil.NewBitmap(mem, n)
	out, valid := values.Bytes(), validity.Bytes()
	if value.DataType().ID() == arrow.NULL {
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, n, validity, values), nil
	}
	vbits, voff := kutil.Validity(value)
	get := getter(value)
	for i := 0; i < n; i++ {
		if vbits != nil && !bitutil.BitIsSet(vbits, voff+i) {
			continue // NULL value: NULL
		}
		k := get(i)
		_, found := set[k]
		hasNull := scalarNull
		for _, a := range arrs {
			if found {
				break
			}
			if a.allNull || (a.bits != nil && !bitutil.BitIsSet(a.bits, a.off+i)) {
				hasNull = true
				continue
			}
			found = a.get(i) == k
		}
		if found {
			bitutil.SetBit(out, i)
			bitutil.SetBit(valid, i)
		} else if !hasNull {
			bitutil.SetBit(valid, i)
		}
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, kutil.NullCount(valid, n), validity, values), nil
}
