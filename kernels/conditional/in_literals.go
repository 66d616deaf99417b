package conditional

// Spark: predicates.scala, In(value, list) when every list item is a literal
// (what SQL writes: `l_shipmode IN ('AIR', 'AIR REG')`): the same answers as
// the general path in in.go, computed in one pass over the value's buffers
// with no call per row. Short lists are scanned (a few compares beat a hash);
// longer ones go through a Go map keyed without copying the row's bytes.

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// scanLimit is the longest list searched by comparing each item in turn.
const scanLimit = 8

// inLiterals is In for a list of literals over the integer, date, timestamp,
// string and binary types; ok is false for any other case (the caller takes
// the general path).
func inLiterals(mem memory.Allocator, t types.DataType, value arrow.Array, items []Item) (out arrow.Array, ok bool) {
	for _, it := range items {
		if it.Array != nil {
			return nil, false
		}
	}
	switch t.ID {
	case types.Byte:
		return inIntLiterals[int8](mem, value, items, func(v any) int8 { return v.(int8) }), true
	case types.Short:
		return inIntLiterals[int16](mem, value, items, func(v any) int16 { return v.(int16) }), true
	case types.Int, types.Date:
		return inIntLiterals[int32](mem, value, items, func(v any) int32 { return v.(int32) }), true
	case types.Long, types.Timestamp, types.TimestampNTZ:
		return inIntLiterals[int64](mem, value, items, func(v any) int64 { return v.(int64) }), true
	case types.String:
		if s, isString := value.(*array.String); isString {
			return inBytesLiterals(mem, value, s.ValueOffsets(), s.ValueBytes(), items, func(v any) []byte { return []byte(v.(string)) }), true
		}
	case types.Binary:
		if b, isBinary := value.(*array.Binary); isBinary {
			return inBytesLiterals(mem, value, b.ValueOffsets(), b.ValueBytes(), items, func(v any) []byte { return v.([]byte) }), true
		}
	}
	return nil, false
}

// literalKeys splits items into their non-NULL keys and whether one is NULL.
func literalKeys[K any](items []Item, key func(any) K) (keys []K, hasNull bool) {
	for _, it := range items {
		if it.Scalar == nil {
			hasNull = true
		} else {
			keys = append(keys, key(it.Scalar))
		}
	}
	return keys, hasNull
}

// inResult builds In's boolean result from found (one bit per row) and the
// value's validity: true where found, NULL where the value is NULL or (when
// the list holds NULL) where not found, else false.
func inResult(mem memory.Allocator, value arrow.Array, values *memory.Buffer, listHasNull bool) arrow.Array {
	n := value.Len()
	validity := kutil.NewBitmap(mem, n)
	valid, found := validity.Bytes(), values.Bytes()
	vbits, voff := kutil.Validity(value)
	if vbits != nil {
		// A NULL value's row is NULL even where its (undefined) slot matched.
		bitutil.BitmapAnd(found, vbits, 0, int64(voff), found, 0, int64(n))
	}
	switch {
	case listHasNull:
		// Valid exactly where found (found rows are never NULL values).
		copy(valid, found)
	case vbits == nil:
		for i := range valid {
			valid[i] = 0xff
		}
	default:
		bitutil.CopyBitmap(vbits, voff, n, valid, 0)
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, kutil.NullCount(valid, n), validity, values)
}

func inIntLiterals[T int8 | int16 | int32 | int64](mem memory.Allocator, value arrow.Array, items []Item, key func(any) T) arrow.Array {
	n := value.Len()
	keys, listHasNull := literalKeys(items, key)
	values := kutil.NewBitmap(mem, n)
	found := values.Bytes()
	vs := kutil.Values[T](value)
	if len(keys) <= scanLimit {
		for i, v := range vs[:n] {
			for _, k := range keys {
				if v == k {
					bitutil.SetBit(found, i)
					break
				}
			}
		}
	} else {
		set := make(map[T]struct{}, len(keys))
		for _, k := range keys {
			set[k] = struct{}{}
		}
		for i, v := range vs[:n] {
			if _, hit := set[v]; hit {
				bitutil.SetBit(found, i)
			}
		}
	}
	return inResult(mem, value, values, listHasNull)
}

// inBytesLiterals is In over a string or binary array given as its offsets
// (sliced to the array: n+1 of them) and data (ValueBytes: it starts at the
// array's first offset, so offsets are rebased on it).
func inBytesLiterals(mem memory.Allocator, value arrow.Array, offsets []int32, data []byte, items []Item, key func(any) []byte) arrow.Array {
	n := value.Len()
	base := offsets[0]
	keys, listHasNull := literalKeys(items, key)
	values := kutil.NewBitmap(mem, n)
	found := values.Bytes()
	if len(keys) <= scanLimit {
		for i := 0; i < n; i++ {
			s := data[offsets[i]-base : offsets[i+1]-base]
			for _, k := range keys {
				if len(k) == len(s) && bytes.Equal(k, s) {
					bitutil.SetBit(found, i)
					break
				}
			}
		}
	} else {
		set := make(map[string]struct{}, len(keys))
		for _, k := range keys {
			set[string(k)] = struct{}{}
		}
		for i := 0; i < n; i++ {
			// The conversion in a map index does not copy.
			if _, hit := set[string(data[offsets[i]-base:offsets[i+1]-base])]; hit {
				bitutil.SetBit(found, i)
			}
		}
	}
	return inResult(mem, value, values, listHasNull)
}
