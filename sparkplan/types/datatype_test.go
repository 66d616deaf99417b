package types

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

func TestSimpleStringsAreSparks(t *testing.T) {
	cases := map[DataType]string{
		ByteType: "tinyint", ShortType: "smallint", IntType: "int", LongType: "bigint",
		DecimalType(12, 2): "decimal(12,2)", TimestampNTZType: "timestamp_ntz", NullType: "void",
	}
	for dt, want := range cases {
		if dt.String() != want {
			t.Errorf("%v: got %s, want %s", dt.ID, dt, want)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, bad := range []DataType{{}, {ID: 99}, DecimalType(0, 0), DecimalType(39, 2), DecimalType(5, 6), {ID: Int, Precision: 3}} {
		if bad.Validate() == nil {
			t.Errorf("%+v should be invalid", bad)
		}
	}
	for _, good := range []DataType{DecimalType(38, 38), DecimalType(1, 0), StringType} {
		if err := good.Validate(); err != nil {
			t.Errorf("%s: %v", good, err)
		}
	}
}

func TestArrowTypesAreWhatArrowColumnVectorAccepts(t *testing.T) {
	if got := TimestampType.ArrowType("Europe/Paris"); !arrow.TypeEqual(got, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Europe/Paris"}) {
		t.Errorf("timestamp: %s", got)
	}
	if got := TimestampNTZType.ArrowType("Europe/Paris"); !arrow.TypeEqual(got, &arrow.TimestampType{Unit: arrow.Microsecond}) {
		t.Errorf("timestamp_ntz: %s", got)
	}
	if got := StringType.ArrowType(""); got.ID() != arrow.STRING {
		t.Errorf("string must be utf8, got %s", got)
	}
	if got := DecimalType(5, 2).ArrowType(""); got.ID() != arrow.DECIMAL128 {
		t.Errorf("decimal must be decimal128 at every precision, got %s", got)
	}
}

func TestCheckValue(t *testing.T) {
	if err := DecimalType(3, 1).CheckValue(decimal128.FromI64(999)); err != nil {
		t.Error(err)
	}
	if err := DecimalType(3, 1).CheckValue(decimal128.FromI64(1000)); err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("99.9 is the largest decimal(3,1): %v", err)
	}
	if err := DateType.CheckValue(int64(1)); err == nil {
		t.Error("dates are int32 days")
	}
	if err := BinaryType.CheckValue([]byte{}); err != nil {
		t.Error(err)
	}
}
