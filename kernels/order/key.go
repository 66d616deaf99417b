package order

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Key is how one sort key orders rows (Spark's SortOrder direction and
// nullOrdering). NullsFirst is absolute: NULLs come first in the output
// whatever the direction, as in Spark.
type Key struct {
	Descending bool
	NullsFirst bool
}

// Supported reports whether keys of Arrow type dt can be sorted.
func Supported(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.NULL, arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.DATE32, arrow.TIMESTAMP,
		arrow.FLOAT32, arrow.FLOAT64, arrow.DECIMAL128, arrow.STRING, arrow.BINARY:
		return true
	}
	return false
}

const signBit = uint64(1) << 63

// canonicalNaN is the bit pattern every NaN sorts as (positive, above +Inf).
const canonicalNaN = 0x7ff8000000000000

// normDouble maps a double to an unsigned key in Spark's ascending order:
// -0.0 and 0.0 map to the same key, every NaN to one key above +Inf.
func normDouble(f float64) uint64 {
	var b uint64
	switch {
	case f != f:
		b = canonicalNaN
	case f == 0:
		b = 0
	default:
		b = math.Float64bits(f)
	}
	if b&signBit != 0 {
		return ^b
	}
	return b | signBit
}

// gatherPrefixes writes into ents, for every row of rows (none NULL), the
// row and an unsigned key in Spark's ascending order of kd's values, flipped
// when descending. Keys are exact (equal keys mean equal values) for every
// fixed-width type but decimals of precision above 18, which are clamped to
// the int64 range.
func gatherPrefixes(kd *keyData, rows []uint32, ents []entry) error {
	a := kd.arr
	f := kd.flip
	switch a.DataType().ID() {
	case arrow.NULL:
		for i, r := range rows {
			ents[i] = entry{idx: r}
		}
	case arrow.BOOL:
		d := a.Data()
		bits := bufBytes(d, 1)
		off := d.Offset()
		for i, r := range rows {
			p := off + int(r)
			ents[i] = entry{key: uint64(bits[p>>3]>>(p&7))&1 ^ f, idx: r}
		}
	case arrow.INT8:
		intPrefixes(kutil.Values[int8](a), rows, ents, f)
	case arrow.INT16:
		intPrefixes(kutil.Values[int16](a), rows, ents, f)
	case arrow.INT32, arrow.DATE32:
		intPrefixes(kutil.Values[int32](a), rows, ents, f)
	case arrow.INT64, arrow.TIMESTAMP:
		intPrefixes(kutil.Values[int64](a), rows, ents, f)
	case arrow.FLOAT32:
		vals := kutil.Values[float32](a)
		for i, r := range rows {
			ents[i] = entry{key: normDouble(float64(vals[r])) ^ f, idx: r}
		}
	case arrow.FLOAT64:
		vals := kutil.Values[float64](a)
		for i, r := range rows {
			ents[i] = entry{key: normDouble(vals[r]) ^ f, idx: r}
		}
	case arrow.DECIMAL128:
		vals := kutil.Values[decimal128.Num](a)
		if kd.exact {
			// The value fits in the low 64 bits, which then hold it as a signed integer.
			for i, r := range rows {
				ents[i] = entry{key: vals[r].LowBits() ^ signBit ^ f, idx: r}
			}
			return nil
		}
		for i, r := range rows {
			ents[i] = entry{key: clampDecimal(vals[r]) ^ signBit ^ f, idx: r}
		}
	default:
		return fmt.Errorf("order: cannot sort by type %s", a.DataType())
	}
	return nil
}

func intPrefixes[T int8 | int16 | int32 | int64](vals []T, rows []uint32, ents []entry, flip uint64) {
	flip ^= signBit
	for i, r := range rows {
		ents[i] = entry{key: uint64(int64(vals[r])) ^ flip, idx: r}
	}
}

// clampDecimal is a 128-bit value clamped to the int64 range, as uint64 bits:
// order-preserving, exact inside the range.
func clampDecimal(v decimal128.Num) uint64 {
	hi, lo := v.HighBits(), v.LowBits()
	switch {
	case hi == 0 && lo < signBit, hi == -1 && lo >= signBit:
		return lo
	case hi < 0:
		return signBit // math.MinInt64
	default:
		return signBit - 1 // math.MaxInt64
	}
}
