package types

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// CheckValue reports whether v is a valid non-NULL value of t in Ember's Go
// representation: bool; int8 (byte); int16 (short); int32 (int, and date as
// days since 1970-01-01); int64 (long, and timestamps as microseconds);
// float32; float64; decimal128.Num (the unscaled value, fitting t's
// precision); string; []byte (binary).
func (t DataType) CheckValue(v any) error {
	ok := false
	switch t.ID {
	case Boolean:
		_, ok = v.(bool)
	case Byte:
		_, ok = v.(int8)
	case Short:
		_, ok = v.(int16)
	case Int, Date:
		_, ok = v.(int32)
	case Long, Timestamp, TimestampNTZ:
		_, ok = v.(int64)
	case Float:
		_, ok = v.(float32)
	case Double:
		_, ok = v.(float64)
	case Decimal:
		var n decimal128.Num
		if n, ok = v.(decimal128.Num); ok && !n.FitsInPrecision(t.Precision) {
			return fmt.Errorf("decimal value %s does not fit %s", n.ToString(t.Scale), t)
		}
	case String:
		_, ok = v.(string)
	case Binary:
		_, ok = v.([]byte)
	}
	if !ok {
		return fmt.Errorf("value of Go type %T does not match %s", v, t)
	}
	return nil
}
