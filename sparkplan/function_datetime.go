package sparkplan

import (
	"fmt"

	"github.com/ember-spark/ember/sparkplan/types"
)

// The signatures of the date and rounding functions (datetimeExpressions.scala,
// mathExpressions.scala); functionSignatures lists them.

func wantArgs(args []Expr, n int) error {
	if len(args) != n {
		return fmt.Errorf("needs %d argument(s), got %d", n, len(args))
	}
	return nil
}

func wantResult(result, want types.DataType) error {
	if result != want {
		return fmt.Errorf("produces %s, not %s", want, result)
	}
	return nil
}

func wantDate(what string, e Expr) error {
	if id := e.DataType().ID; id != types.Date {
		return fmt.Errorf("%s must be date, got %s", what, e.DataType())
	}
	return nil
}

// checkDateField: [child] date; result int (Year, Month, ..., WeekOfYear).
func checkDateField(args []Expr, result types.DataType) error {
	if err := wantArgs(args, 1); err != nil {
		return err
	}
	if err := wantResult(result, types.IntType); err != nil {
		return err
	}
	return wantDate("argument", args[0])
}

// checkLastDay: [child] date; result date.
func checkLastDay(args []Expr, result types.DataType) error {
	if err := wantArgs(args, 1); err != nil {
		return err
	}
	if err := wantResult(result, types.DateType); err != nil {
		return err
	}
	return wantDate("argument", args[0])
}

// checkDateAddSub: [start date, days int|smallint|tinyint]; result date.
func checkDateAddSub(args []Expr, result types.DataType) error {
	if err := wantArgs(args, 2); err != nil {
		return err
	}
	if err := wantResult(result, types.DateType); err != nil {
		return err
	}
	if err := wantDate("start", args[0]); err != nil {
		return err
	}
	switch args[1].DataType().ID {
	case types.Int, types.Short, types.Byte:
		return nil
	}
	return fmt.Errorf("days must be int, smallint or tinyint, got %s", args[1].DataType())
}

// checkDateDiff: [end date, start date]; result int.
func checkDateDiff(args []Expr, result types.DataType) error {
	if err := wantArgs(args, 2); err != nil {
		return err
	}
	if err := wantResult(result, types.IntType); err != nil {
		return err
	}
	if err := wantDate("end", args[0]); err != nil {
		return err
	}
	return wantDate("start", args[1])
}

// checkAddMonths: [start date, months int]; result date.
func checkAddMonths(args []Expr, result types.DataType) error {
	if err := wantArgs(args, 2); err != nil {
		return err
	}
	if err := wantResult(result, types.DateType); err != nil {
		return err
	}
	if err := wantDate("start", args[0]); err != nil {
		return err
	}
	if args[1].DataType().ID != types.Int {
		return fmt.Errorf("months must be int, got %s", args[1].DataType())
	}
	return nil
}

// RoundScale is the constant scale argument of Round, BRound, RoundCeil and
// RoundFloor (args[1], an int literal that is not NULL).
func RoundScale(args []Expr) (int32, error) {
	if len(args) != 2 {
		return 0, fmt.Errorf("needs 2 arguments (child, scale), got %d", len(args))
	}
	lit, ok := args[1].(*Literal)
	if !ok || lit.DataType().ID != types.Int || lit.Value == nil {
		return 0, fmt.Errorf("scale must be a non-NULL int literal, got %s", args[1])
	}
	v, ok := lit.Value.(int32)
	if !ok {
		return 0, fmt.Errorf("scale literal holds %T, not int32", lit.Value)
	}
	return v, nil
}

// RoundResultType is RoundBase.dataType: decimal(p, s) rounded to scale gives
// decimal(min(p - s + 1 + min(s, scale), 38), min(s, scale)) for scale >= 0
// and decimal(min(max(p - s + 1, 1 - scale), 38), 0) otherwise; other types
// are unchanged.
func RoundResultType(child types.DataType, scale int32) types.DataType {
	if child.ID != types.Decimal {
		return child
	}
	p, s := child.Precision, child.Scale
	integral := p - s + 1
	if scale < 0 {
		return types.DecimalType(min(max(integral, 1-scale), types.MaxDecimalPrecision), 0)
	}
	ns := min(s, scale)
	return types.DecimalType(min(integral+ns, types.MaxDecimalPrecision), ns)
}

// checkRound: [child numeric, scale int literal]; RoundBase.dataType
// (decimalOnly for RoundCeil and RoundFloor).
func checkRound(decimalOnly bool) signature {
	return func(args []Expr, result types.DataType) error {
		scale, err := RoundScale(args)
		if err != nil {
			return err
		}
		ct := args[0].DataType()
		if !ct.IsNumeric() || (decimalOnly && ct.ID != types.Decimal) {
			return fmt.Errorf("on %s is not supported", ct)
		}
		return wantResult(result, RoundResultType(ct, scale))
	}
}

// FloorCeilResultType is Floor/Ceil.dataType: decimal(p, 0) stays,
// decimal(p, s) gives decimal(min(p - s + 1, 38), 0), other types bigint.
func FloorCeilResultType(child types.DataType) types.DataType {
	if child.ID != types.Decimal {
		return types.LongType
	}
	if child.Scale == 0 {
		return child
	}
	return types.DecimalType(min(child.Precision-child.Scale+1, types.MaxDecimalPrecision), 0)
}

// checkFloorCeil: [child double, bigint or decimal].
func checkFloorCeil(args []Expr, result types.DataType) error {
	if err := wantArgs(args, 1); err != nil {
		return err
	}
	switch ct := args[0].DataType(); ct.ID {
	case types.Double, types.Long, types.Decimal:
		return wantResult(result, FloorCeilResultType(ct))
	default:
		return fmt.Errorf("on %s is not supported (double, bigint or decimal)", ct)
	}
}
