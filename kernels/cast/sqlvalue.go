package cast

// Spark: QueryErrorsBase.toSQLValue (sql/catalyst/.../errors/QueryErrorsBase.scala)
// and Literal.sql (expressions/literals.scala): how a value appears in an
// error message: 1Y, 128S, 7, 3000000000L, a float as Float.toString, a
// double as Double.toString + "D" (NaN, Infinity, -Infinity bare), a decimal
// as BigDecimal.toString + "BD", a string quoted with ' and \ escaped.

import (
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/sparkplan/types"
)

func sqlInt(v int64, t types.DataType) string {
	s := strconv.FormatInt(v, 10)
	switch t.ID {
	case types.Byte:
		return s + "Y"
	case types.Short:
		return s + "S"
	case types.Long:
		return s + "L"
	}
	return s
}

func sqlFloat(v float64, t types.DataType) string {
	if t.ID == types.Float {
		return string(appendJavaDouble(nil, v, 32))
	}
	s := string(appendJavaDouble(nil, v, 64))
	if v != v || s == "Infinity" || s == "-Infinity" {
		return s
	}
	return s + "D"
}

func sqlDecimal(n decimal128.Num, scale int32) string {
	return string(appendDecimalJava(nil, n, scale)) + "BD"
}

func sqlString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}
