package cast

// Spark: ToStringBase.castToString (sql/catalyst/.../expressions/ToStringBase.scala),
// used by Cast:
//   - byte/short/int/long: String.valueOf (decimal digits, '-' for negatives);
//   - boolean: "true" / "false";
//   - decimal: Decimal.toString = java.math.BigDecimal.toString (E notation
//     when the adjusted exponent is below -6, e.g. 1E-38 or 0E-10) in LEGACY
//     mode, toPlainString when the cast is ANSI (`useDecimalPlainString =
//     ansiEnabled`, which TRY mode also is for this pair);
//   - float/double: String.valueOf, i.e. Float/Double.toString. Here as JDK 19+
//     prints them (shortest repr); older JDKs can print more digits, so the
//     serde runs these casts only on a JDK 19+.

import (
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// stringBuilder writes a string array: int32 offsets and a growing data buffer.
type stringBuilder struct {
	offBuf  *memory.Buffer
	offsets []int32
	data    *memory.Buffer
	n       int
}

func newStringBuilder(mem memory.Allocator, rows, estBytes int) *stringBuilder {
	offBuf, offsets := kutil.NewValues[int32](mem, rows+1)
	data := memory.NewResizableBuffer(mem)
	data.Reserve(estBytes)
	offsets[0] = 0
	return &stringBuilder{offBuf: offBuf, offsets: offsets, data: data}
}

// add appends s as row i (rows are added in order).
func (b *stringBuilder) add(i int, s []byte) {
	if need := b.n + len(s); need > b.data.Cap() {
		c := 2 * b.data.Cap()
		if c < need {
			c = need
		}
		b.data.Reserve(c)
	}
	b.n += copy(b.data.Buf()[b.n:b.data.Cap()], s)
	b.offsets[i+1] = int32(b.n)
}

// finish builds the string array with validity (may be nil); it takes the
// caller's reference to validity.
func (b *stringBuilder) finish(validity *memory.Buffer, nulls int) arrow.Array {
	b.data.ResizeNoShrink(b.n)
	rows := len(b.offsets) - 1
	return kutil.MakeArray(arrow.BinaryTypes.String, rows, nulls, validity, b.offBuf, b.data)
}

func (b *stringBuilder) release() {
	b.offBuf.Release()
	b.data.Release()
}

// ToString casts a numeric or boolean array to string; mode matters only for
// decimals (plain string unless LEGACY).
func ToString(mem memory.Allocator, from types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	n := arr.Len()
	var scratch [64]byte
	var b *stringBuilder
	bits, off := kutil.Validity(arr)
	switch from.ID {
	case types.Boolean:
		bl := arr.(*array.Boolean)
		b = newStringBuilder(mem, n, 5*n)
		for i := 0; i < n; i++ {
			s := "false"
			if bl.Value(i) {
				s = "true"
			}
			if !valid(bits, off, i) {
				s = ""
			}
			b.add(i, []byte(s))
		}
	case types.Byte:
		b = intsToString(mem, kutil.Values[int8](arr), arr, 4)
	case types.Short:
		b = intsToString(mem, kutil.Values[int16](arr), arr, 6)
	case types.Int:
		b = intsToString(mem, kutil.Values[int32](arr), arr, 11)
	case types.Long:
		b = intsToString(mem, kutil.Values[int64](arr), arr, 20)
	case types.Float:
		in := kutil.Values[float32](arr)
		b = newStringBuilder(mem, n, 12*n)
		for i, v := range in {
			if !valid(bits, off, i) {
				b.add(i, nil)
				continue
			}
			b.add(i, appendJavaDouble(scratch[:0], float64(v), 32))
		}
	case types.Double:
		in := kutil.Values[float64](arr)
		b = newStringBuilder(mem, n, 20*n)
		for i, v := range in {
			if !valid(bits, off, i) {
				b.add(i, nil)
				continue
			}
			b.add(i, appendJavaDouble(scratch[:0], v, 64))
		}
	case types.Decimal:
		in := kutil.Values[num](arr)
		b = newStringBuilder(mem, n, (int(from.Precision)+3)*n)
		plain := mode != kernels.Legacy
		for i, v := range in {
			if !valid(bits, off, i) {
				b.add(i, nil)
				continue
			}
			if plain {
				b.add(i, appendDecimalPlain(scratch[:0], v, from.Scale))
			} else {
				b.add(i, appendDecimalJava(scratch[:0], v, from.Scale))
			}
		}
	default:
		return nil, kernels.ErrUnsupported("cast from %s to string", from)
	}
	validity, nulls := kutil.CopyValidity(mem, arr)
	return b.finish(validity, nulls), nil
}

func intsToString[T integer](mem memory.Allocator, in []T, arr arrow.Array, width int) *stringBuilder {
	n := len(in)
	b := newStringBuilder(mem, n, width*n)
	var scratch [24]byte
	bits, off := kutil.Validity(arr)
	if bits == nil {
		for i, v := range in {
			b.add(i, strconv.AppendInt(scratch[:0], int64(v), 10))
		}
		return b
	}
	for i, v := range in {
		if !valid(bits, off, i) {
			b.add(i, nil)
			continue
		}
		b.add(i, strconv.AppendInt(scratch[:0], int64(v), 10))
	}
	return b
}

// valid reports whether row i is valid in a validity bitmap with bit offset
// off (nil: every row is).
func valid(bits []byte, off, i int) bool {
	return bits == nil || bits[(off+i)>>3]&(1<<((off+i)&7)) != 0
}
