package math

import (
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// MakeDecimal is Spark's MakeDecimal (decimalExpressions.scala): the bigint
// unscaled values of a decimal(precision, scale), which the optimizer
// (DecimalAggregates) puts over sums of small decimals computed on longs.
// Decimal.setOrNull accepts |v| < 10^precision (every long when precision
// >= 19); a value outside is NULL in legacy mode (nullOnOverflow) and
// NUMERIC_VALUE_OUT_OF_RANGE in ANSI mode (Decimal.set). NULL stays NULL.
func MakeDecimal(mem memory.Allocator, a arrow.Array, dt types.DataType, mode kernels.EvalMode) (arrow.Array, error) {
	n := a.Len()
	in := kutil.Values[int64](a)
	buf, out := kutil.NewValues[decimal128.Num](mem, n)
	for i, v := range in[:n] {
		out[i] = decimal128.FromI64(v)
	}
	validity, nulls := kutil.CopyValidity(mem, a)
	arrowType := &arrow.Decimal128Type{Precision: dt.Precision, Scale: dt.Scale}
	if dt.Precision >= 19 {
		return kutil.MakeArray(arrowType, n, nulls, validity, buf), nil
	}
	limit := pow10(dt.Precision)
	var bits []byte
	if validity != nil {
		bits = validity.Bytes()
	}
	for i, v := range in[:n] {
		if v > -limit && v < limit || (bits != nil && !bitutil.BitIsSet(bits, i)) {
			continue
		}
		if mode == kernels.ANSI {
			buf.Release()
			if validity != nil {
				validity.Release()
			}
			return nil, kernels.ErrNumericValueOutOfRange(unscaledString(v, dt.Scale), dt.Precision, dt.Scale)
		}
		if bits == nil {
			validity = kutil.NewBitmap(mem, n)
			bits = validity.Bytes()
			bitutil.SetBitsTo(bits, 0, int64(n), true)
		}
		bitutil.ClearBit(bits, i)
		out[i] = decimal128.Num{}
	}
	if bits != nil {
		nulls = kutil.NullCount(bits, n)
	}
	return kutil.MakeArray(arrowType, n, nulls, validity, buf), nil
}

// unscaledString is the plain decimal string of unscaled v at scale.
func unscaledString(v int64, scale int32) string {
	s := strconv.FormatInt(v, 10)
	if scale <= 0 {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for int32(len(s)) <= scale {
		s = "0" + s
	}
	s = s[:int32(len(s))-scale] + "." + s[int32(len(s))-scale:]
	if neg {
		s = "-" + s
	}
	return s
}
