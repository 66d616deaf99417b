package kernels

import (
	"fmt"
	"strings"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Error is a failure with Spark's error class (common/utils/src/main/resources/
// error/error-classes.json) and its message parameters, formatted as Spark's
// QueryExecutionErrors formats them. The sidecar sends Class and Params to the
// JVM, which raises the same SparkThrowable Spark would (the exception type is
// chosen by class there), so a query fails on Ember with Spark's error class.
type Error struct {
	Class   string
	Params  map[string]string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("[%s] %s", e.Class, e.Message) }

// ansiConfig is toSQLConf(SQLConf.ANSI_ENABLED.key), the <config> of the ANSI errors.
const ansiConfig = `"spark.sql.ansi.enabled"`

// SQLType is Spark's toSQLType: the quoted upper-case SQL name, as in "DECIMAL(10,2)".
func SQLType(t types.DataType) string { return `"` + strings.ToUpper(t.String()) + `"` }

// ErrDivideByZero is QueryExecutionErrors.divideByZeroError: DIVIDE_BY_ZERO.
func ErrDivideByZero() error {
	return &Error{Class: "DIVIDE_BY_ZERO", Params: map[string]string{"config": ansiConfig},
		Message: "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead."}
}

// ErrArithmeticOverflow is QueryExecutionErrors.arithmeticOverflowError:
// ARITHMETIC_OVERFLOW with Spark's message (such as "long overflow" or
// "integer overflow") and the try_ function suggested instead ("" for none).
func ErrArithmeticOverflow(message, tryFunction string) error {
	alternative := ""
	if tryFunction != "" {
		alternative = fmt.Sprintf(" Use '%s' to tolerate overflow and return NULL instead.", tryFunction)
	}
	return &Error{Class: "ARITHMETIC_OVERFLOW",
		Params:  map[string]string{"message": message, "alternative": alternative, "config": ansiConfig},
		Message: message + "." + alternative}
}

// ErrNumericValueOutOfRange is QueryExecutionErrors.cannotChangeDecimalPrecisionError:
// NUMERIC_VALUE_OUT_OF_RANGE for a decimal value (its plain string) that does
// not fit decimal(precision, scale).
func ErrNumericValueOutOfRange(value string, precision, scale int32) error {
	return &Error{Class: "NUMERIC_VALUE_OUT_OF_RANGE",
		Params: map[string]string{"value": value, "precision": fmt.Sprint(precision), "scale": fmt.Sprint(scale),
			"config": ansiConfig},
		Message: fmt.Sprintf("%s cannot be represented as Decimal(%d, %d).", value, precision, scale)}
}

// ErrCastInvalidInput is QueryExecutionErrors.invalidInputInCastToNumberError and
// its datetime siblings: CAST_INVALID_INPUT. value is Spark's toSQLValue of the
// input (a string input is quoted, as in 'abc').
func ErrCastInvalidInput(value string, from, to types.DataType) error {
	return &Error{Class: "CAST_INVALID_INPUT",
		Params: map[string]string{"expression": value, "sourceType": SQLType(from), "targetType": SQLType(to),
			"ansiConfig": ansiConfig},
		Message: fmt.Sprintf("The value %s of the type %s cannot be cast to %s because it is malformed.",
			value, SQLType(from), SQLType(to))}
}

// ErrCastOverflow is QueryExecutionErrors.castingCauseOverflowError: CAST_OVERFLOW.
// value is Spark's toSQLValue of the input (as in 128S, 1.0E10D, 12345.67BD).
func ErrCastOverflow(value string, from, to types.DataType) error {
	return &Error{Class: "CAST_OVERFLOW",
		Params: map[string]string{"value": value, "sourceType": SQLType(from), "targetType": SQLType(to),
			"ansiConfig": ansiConfig},
		Message: fmt.Sprintf("The value %s of the type %s cannot be cast to %s due to an overflow.",
			value, SQLType(from), SQLType(to))}
}

// ErrReadAncientDatetime is QueryExecutionErrors.sparkUpgradeInReadingDatesError:
// INCONSISTENT_BEHAVIOR_CROSS_VERSION.READ_ANCIENT_DATETIME, for a file format
// (such as "Parquet"), the SQL config and the datasource option that choose the
// rebase mode. detail says where, for the log; Spark's message has no slot for it.
func ErrReadAncientDatetime(format, config, option, detail string) error {
	return &Error{Class: "INCONSISTENT_BEHAVIOR_CROSS_VERSION.READ_ANCIENT_DATETIME",
		Params: map[string]string{"format": format, "config": `"` + config + `"`, "option": `"` + option + `"`},
		Message: fmt.Sprintf("reading dates before 1582-10-15 or timestamps before 1900-01-01T00:00:00Z from %s files "+
			"can be ambiguous (%s); set %s or the option %s to LEGACY or CORRECTED", format, detail, config, option)}
}

// ErrBinaryArithmeticOverflow is QueryExecutionErrors.binaryArithmeticCauseOverflowError:
// BINARY_ARITHMETIC_OVERFLOW, raised for byte and short + - * in ANSI mode
// (ByteExactNumeric, ShortExactNumeric). The values are Spark's toSQLValue (1Y, 2S).
func ErrBinaryArithmeticOverflow(value1, symbol, value2 string) error {
	return &Error{Class: "BINARY_ARITHMETIC_OVERFLOW",
		Params:  map[string]string{"value1": value1, "symbol": symbol, "value2": value2},
		Message: fmt.Sprintf("%s %s %s caused overflow.", value1, symbol, value2)}
}

// ErrUnaryMinusOverflow is QueryExecutionErrors.unaryMinusCauseOverflowError:
// _LEGACY_ERROR_TEMP_2043, raised in ANSI mode by -x and abs(x) for the
// minimum byte or short (value is the int it was read as, as in -128).
func ErrUnaryMinusOverflow(value int64) error {
	return &Error{Class: "_LEGACY_ERROR_TEMP_2043", Params: map[string]string{"sqlValue": fmt.Sprint(value)},
		Message: fmt.Sprintf("- %d caused overflow.", value)}
}

// ErrNumericOutOfSupportedRange is DataTypeErrors.outOfDecimalTypeRangeError:
// NUMERIC_OUT_OF_SUPPORTED_RANGE, for a string whose decimal value has more than
// 38 integral digits (value is the string as it is, unquoted).
func ErrNumericOutOfSupportedRange(value string) error {
	return &Error{Class: "NUMERIC_OUT_OF_SUPPORTED_RANGE", Params: map[string]string{"value": value},
		Message: fmt.Sprintf("The value %s cannot be interpreted as a numeric since it has more than 38 digits.", value)}
}
