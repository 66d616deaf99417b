package hash

import (
	"encoding/binary"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// column is what a hash kernel reads from one argument: its validity (nil
// when it has no nulls) and, by physical type, its values.
type column struct {
	kind   kind
	n      int
	valid  []byte // validity bitmap, nil without nulls
	voff   int    // bit offset into valid
	bits   []byte // boolean values bitmap
	boff   int    // bit offset into bits
	i8     []int8
	i16    []int16
	i32    []int32
	i64    []int64
	f32    []float32
	f64    []float64
	dec    []decimal128.Num
	offs   []int32 // string/binary offsets (n+1)
	data   []byte  // string/binary value buffer
	wide   bool    // decimal precision > 18: hashed as BigInteger bytes
	allNul bool    // every row is NULL: nothing to do
}

type kind int8

const (
	kNull kind = iota
	kBool
	kInt8
	kInt16
	kInt32
	kInt64
	kFloat32
	kFloat64
	kDecimal
	kBytes
)

// readColumn inspects a for hashing; name is the function for the error.
func readColumn(name string, hashes int, a arrow.Array) (column, error) {
	c := column{n: a.Len()}
	if c.n != hashes {
		return c, kernels.ErrUnsupported("%s: %d hashes for an argument of %d rows", name, hashes, c.n)
	}
	if a.DataType().ID() == arrow.NULL {
		c.allNul = true
		return c, nil
	}
	c.valid, c.voff = kutil.Validity(a)
	switch x := a.(type) {
	case *array.Boolean:
		c.kind = kBool
		if b := x.Data().Buffers()[1]; b != nil {
			c.bits, c.boff = b.Bytes(), x.Data().Offset()
		}
	case *array.Int8:
		c.kind, c.i8 = kInt8, kutil.Values[int8](a)
	case *array.Int16:
		c.kind, c.i16 = kInt16, kutil.Values[int16](a)
	case *array.Int32:
		c.kind, c.i32 = kInt32, kutil.Values[int32](a)
	case *array.Date32:
		c.kind, c.i32 = kInt32, kutil.Values[int32](a)
	case *array.Int64:
		c.kind, c.i64 = kInt64, kutil.Values[int64](a)
	case *array.Timestamp:
		if x.DataType().(*arrow.TimestampType).Unit != arrow.Microsecond {
			return c, kernels.ErrUnsupported("%s on %s", name, a.DataType())
		}
		c.kind, c.i64 = kInt64, kutil.Values[int64](a)
	case *array.Float32:
		c.kind, c.f32 = kFloat32, kutil.Values[float32](a)
	case *array.Float64:
		c.kind, c.f64 = kFloat64, kutil.Values[float64](a)
	case *array.Decimal128:
		c.kind, c.dec = kDecimal, kutil.Values[decimal128.Num](a)
		c.wide = x.DataType().(*arrow.Decimal128Type).Precision > 18
	case *array.String:
		c.kind, c.offs = kBytes, x.ValueOffsets()
		if b := a.Data().Buffers()[2]; b != nil {
			c.data = b.Bytes()
		}
	case *array.Binary:
		c.kind, c.offs = kBytes, x.ValueOffsets()
		if b := a.Data().Buffers()[2]; b != nil {
			c.data = b.Bytes()
		}
	default:
		return c, kernels.ErrUnsupported("%s on %s", name, a.DataType())
	}
	c.allNul = a.NullN() == c.n
	return c, nil
}

func (c *column) isValid(i int) bool { return bitutil.BitIsSet(c.valid, c.voff+i) }

// boolInt is the int Spark hashes for a boolean: 1 for true, 0 for false.
func (c *column) boolInt(i int) int32 {
	return int32(c.bits[(c.boff+i)>>3]>>((c.boff+i)&7)) & 1
}

// floatBits is the int Spark hashes for a float: Float.floatToIntBits, which
// maps every NaN to 0x7fc00000, with -0.0 (and 0.0) hashed as 0.
func floatBits(f float32) int32 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7fc00000
	}
	return int32(math.Float32bits(f))
}

// doubleBits is the long Spark hashes for a double: Double.doubleToLongBits
// (every NaN is 0x7ff8000000000000), with -0.0 (and 0.0) hashed as 0.
func doubleBits(d float64) int64 {
	if d == 0 {
		return 0
	}
	if d != d {
		return 0x7ff8000000000000
	}
	return int64(math.Float64bits(d))
}

// decimalBytes writes BigInteger.toByteArray of the unscaled value v into buf
// and returns the used tail: the big-endian two's complement bytes without
// redundant leading sign bytes (at least one byte).
func decimalBytes(v decimal128.Num, buf *[16]byte) []byte {
	binary.BigEndian.PutUint64(buf[0:8], uint64(v.HighBits()))
	binary.BigEndian.PutUint64(buf[8:16], v.LowBits())
	i := 0
	for i < 15 && ((buf[i] == 0 && buf[i+1]&0x80 == 0) || (buf[i] == 0xff && buf[i+1]&0x80 != 0)) {
		i++
	}
	return buf[i:]
}

// set reports whether bit off+i of a validity bitmap is set.
func set(valid []byte, off, i int) bool { return valid[(off+i)>>3]>>((off+i)&7)&1 != 0 }
