package translate

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The builders of the date and rounding functions; functionBuilders lists them.

type dateUnaryKernel = func(memory.Allocator, arrow.Array) (arrow.Array, error)

// buildDateUnary: Year, Month, DayOfMonth, Quarter, DayOfWeek, WeekDay,
// DayOfYear, WeekOfYear, LastDay; args [date].
func buildDateUnary(k dateUnaryKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 1 || args[0].DataType().ID != types.Date {
			return nil, fmt.Errorf("%s needs 1 date argument", f.Name)
		}
		return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, a[0])
		})
	}
}

type dateDaysKernel = func(memory.Allocator, types.DataType, arrow.Array, arrow.Array) (arrow.Array, error)

// buildDateDays: DateAdd, DateSub; args [start date, days].
func buildDateDays(k dateDaysKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("%s needs 2 arguments, got %d", f.Name, len(args))
		}
		dt := args[1].DataType()
		return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, dt, a[0], a[1])
		})
	}
}

type dateBinaryKernel = func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error)

// buildDateBinary: DateDiff [end, start], AddMonths [start, months].
func buildDateBinary(k dateBinaryKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("%s needs 2 arguments, got %d", f.Name, len(args))
		}
		return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, a[0], a[1])
		})
	}
}

type roundKernel = func(memory.Allocator, types.DataType, types.DataType, arrow.Array, int32, expr.EvalMode) (arrow.Array, error)

// buildRound: Round, BRound, RoundCeil, RoundFloor; args [child, scale
// literal]. Only the child is evaluated: the scale is a constant.
func buildRound(k roundKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		scale, err := sparkplan.RoundScale(f.Args)
		if err != nil {
			return nil, err
		}
		in, out, mode := args[0].DataType(), f.DataType(), evalModes[f.Mode]
		if in.IsIntegral() && scale < 0 && mode == expr.Try {
			return nil, fmt.Errorf("%s of %s to a negative scale in %s mode is not implemented", f.Name, in, mode)
		}
		return expr.NewFunction(f.Name, args[:1], out, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, in, out, a[0], scale, mode)
		})
	}
}

type floorCeilKernel = func(memory.Allocator, types.DataType, types.DataType, arrow.Array) (arrow.Array, error)

// buildFloorCeil: Floor, Ceil; args [child].
func buildFloorCeil(k floorCeilKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("%s needs 1 argument, got %d", f.Name, len(args))
		}
		in, out := args[0].DataType(), f.DataType()
		return expr.NewFunction(f.Name, args, out, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, in, out, a[0])
		})
	}
}
