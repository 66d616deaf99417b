package types

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
)

// ID names a Spark SQL primitive data type.
type ID int8

const (
	Invalid ID = iota
	Null
	Boolean
	Byte
	Short
	Int
	Long
	Float
	Double
	Decimal
	String
	Binary
	Date
	Timestamp
	TimestampNTZ
)

// MaxDecimalPrecision is DecimalType.MAX_PRECISION.
const MaxDecimalPrecision = 38

// MaxLongDigits is the largest decimal precision whose unscaled values fit an
// int64 (Decimal.MAX_LONG_DIGITS).
const MaxLongDigits = 18

// DataType is a Spark SQL data type. Precision and Scale are set for Decimal only.
type DataType struct {
	ID        ID
	Precision int32
	Scale     int32
}

// Convenience values for the types without parameters.
var (
	NullType         = DataType{ID: Null}
	BooleanType      = DataType{ID: Boolean}
	ByteType         = DataType{ID: Byte}
	ShortType        = DataType{ID: Short}
	IntType          = DataType{ID: Int}
	LongType         = DataType{ID: Long}
	FloatType        = DataType{ID: Float}
	DoubleType       = DataType{ID: Double}
	StringType       = DataType{ID: String}
	BinaryType       = DataType{ID: Binary}
	DateType         = DataType{ID: Date}
	TimestampType    = DataType{ID: Timestamp}
	TimestampNTZType = DataType{ID: TimestampNTZ}
)

// DecimalType returns decimal(precision, scale).
func DecimalType(precision, scale int32) DataType {
	return DataType{ID: Decimal, Precision: precision, Scale: scale}
}

// String returns Spark's simpleString of the type, as in "decimal(12,2)".
func (t DataType) String() string {
	switch t.ID {
	case Null:
		return "void"
	case Boolean:
		return "boolean"
	case Byte:
		return "tinyint"
	case Short:
		return "smallint"
	case Int:
		return "int"
	case Long:
		return "bigint"
	case Float:
		return "float"
	case Double:
		return "double"
	case Decimal:
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale)
	case String:
		return "string"
	case Binary:
		return "binary"
	case Date:
		return "date"
	case Timestamp:
		return "timestamp"
	case TimestampNTZ:
		return "timestamp_ntz"
	}
	return fmt.Sprintf("invalid(%d)", t.ID)
}

// Validate reports whether t is a well-formed type.
func (t DataType) Validate() error {
	if t.ID <= Invalid || t.ID > TimestampNTZ {
		return fmt.Errorf("unknown data type id %d", t.ID)
	}
	if t.ID == Decimal {
		if t.Precision < 1 || t.Precision > MaxDecimalPrecision || t.Scale < 0 || t.Scale > t.Precision {
			return fmt.Errorf("invalid decimal(%d,%d): need 1 <= precision <= 38 and 0 <= scale <= precision", t.Precision, t.Scale)
		}
	} else if t.Precision != 0 || t.Scale != 0 {
		return fmt.Errorf("%s takes no precision or scale", t)
	}
	return nil
}

// IsIntegral reports byte, short, int and long.
func (t DataType) IsIntegral() bool {
	return t.ID == Byte || t.ID == Short || t.ID == Int || t.ID == Long
}

// IsFloating reports float and double.
func (t DataType) IsFloating() bool { return t.ID == Float || t.ID == Double }

// IsNumeric reports the integral, floating and decimal types.
func (t DataType) IsNumeric() bool { return t.IsIntegral() || t.IsFloating() || t.ID == Decimal }

// IsShortDecimal reports a decimal whose unscaled values fit an int64.
func (t DataType) IsShortDecimal() bool { return t.ID == Decimal && t.Precision <= MaxLongDigits }

// ArrowType returns the Arrow type Ember uses for t on the wire and in memory,
// following Spark's ArrowUtils.toArrowType so ArrowColumnVector accepts it.
// sessionTimeZone labels TimestampType, as Spark does.
func (t DataType) ArrowType(sessionTimeZone string) arrow.DataType {
	switch t.ID {
	case Null:
		return arrow.Null
	case Boolean:
		return arrow.FixedWidthTypes.Boolean
	case Byte:
		return arrow.PrimitiveTypes.Int8
	case Short:
		return arrow.PrimitiveTypes.Int16
	case Int:
		return arrow.PrimitiveTypes.Int32
	case Long:
		return arrow.PrimitiveTypes.Int64
	case Float:
		return arrow.PrimitiveTypes.Float32
	case Double:
		return arrow.PrimitiveTypes.Float64
	case Decimal:
		return &arrow.Decimal128Type{Precision: t.Precision, Scale: t.Scale}
	case String:
		return arrow.BinaryTypes.String
	case Binary:
		return arrow.BinaryTypes.Binary
	case Date:
		return arrow.FixedWidthTypes.Date32
	case Timestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: sessionTimeZone}
	case TimestampNTZ:
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	}
	return nil
}

// Field is one column of a schema.
type Field struct {
	Name     string
	Type     DataType
	Nullable bool
}

// Schema is an ordered list of columns.
type Schema []Field

// ArrowSchema returns the Arrow schema for s.
func (s Schema) ArrowSchema(sessionTimeZone string) *arrow.Schema {
	fields := make([]arrow.Field, len(s))
	for i, f := range s {
		fields[i] = arrow.Field{Name: f.Name, Type: f.Type.ArrowType(sessionTimeZone), Nullable: f.Nullable}
	}
	return arrow.NewSchema(fields, nil)
}
