package translate

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/conditional"
	"github.com/ember-spark/ember/kernels/datetime"
	kmath "github.com/ember-spark/ember/kernels/math"
	"github.com/ember-spark/ember/kernels/str"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// functionBuilder builds the evaluator of one ScalarFunction name from the
// function node and its argument evaluators.
type functionBuilder func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error)

// functionBuilders is the registry of scalar functions, keyed by Spark's
// expression class name (planv1.ScalarFunction.name); sparkplan checks the
// signature of each name when it decodes the plan, and the sidecar's
// handshake lists the names as "function:<name>".
var functionBuilders = map[string]functionBuilder{
	"CaseWhen":       buildCaseWhen,
	"If":             buildIf,
	"Coalesce":       buildCoalesce,
	"Greatest":       buildExtremum(conditional.Greatest),
	"Least":          buildExtremum(conditional.Least),
	"In":             buildIn,
	"InSet":          buildIn,
	"UnaryMinus":     buildUnaryMath(kmath.UnaryMinus),
	"Abs":            buildUnaryMath(kmath.Abs),
	"Remainder":      buildBinaryMath(kmath.Remainder),
	"Pmod":           buildBinaryMath(kmath.Pmod),
	"IntegralDivide": buildIntegralDivide,
	"StartsWith":     buildStringPredicate(str.StartsWith),
	"EndsWith":       buildStringPredicate(str.EndsWith),
	"Contains":       buildStringPredicate(str.Contains),
	"Length":         buildLength,
	"Year":           buildDateUnary(datetime.Year),
	"Month":          buildDateUnary(datetime.Month),
	"DayOfMonth":     buildDateUnary(datetime.DayOfMonth),
	"Quarter":        buildDateUnary(datetime.Quarter),
	"DayOfWeek":      buildDateUnary(datetime.DayOfWeek),
	"WeekDay":        buildDateUnary(datetime.WeekDay),
	"DayOfYear":      buildDateUnary(datetime.DayOfYear),
	"WeekOfYear":     buildDateUnary(datetime.WeekOfYear),
	"LastDay":        buildDateUnary(datetime.LastDay),
	"DateAdd":        buildDateDays(datetime.DateAdd),
	"DateSub":        buildDateDays(datetime.DateSub),
	"DateDiff":       buildDateBinary(datetime.DateDiff),
	"AddMonths":      buildDateBinary(datetime.AddMonths),
	"Round":          buildRound(kmath.Round),
	"BRound":         buildRound(kmath.BRound),
	"RoundCeil":      buildRound(kmath.RoundCeil),
	"RoundFloor":     buildRound(kmath.RoundFloor),
	"Floor":          buildFloorCeil(kmath.Floor),
	"Ceil":           buildFloorCeil(kmath.Ceil),
}

// SupportedFunctions lists the scalar function names this build can run, sorted.
func SupportedFunctions() []string { return sortedKeys(functionBuilders) }

// buildScalarFunction: ScalarFunction, through functionBuilders.
func buildScalarFunction(e sparkplan.Expr) (expr.Evaluator, error) {
	f := e.(*sparkplan.ScalarFunction)
	build, ok := functionBuilders[f.Name]
	if !ok {
		return nil, fmt.Errorf("function %s is not supported by this sidecar", f.Name)
	}
	args, err := buildExprs(f.Args)
	if err != nil {
		return nil, err
	}
	ev, err := build(f, args)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f, err)
	}
	return ev, nil
}

// buildCaseWhen: CaseWhen, args [cond1, value1, ..., else].
func buildCaseWhen(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) < 3 || len(args)%2 == 0 {
		return nil, fmt.Errorf("CaseWhen needs an odd number of arguments >= 3, got %d", len(args))
	}
	var conds, values []expr.Evaluator
	for i := 0; i+1 < len(args); i += 2 {
		conds = append(conds, args[i])
		values = append(values, args[i+1])
	}
	return expr.NewCaseWhen("CaseWhen", conds, values, args[len(args)-1], f.DataType())
}

// buildIf: If, args [predicate, trueValue, falseValue].
func buildIf(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("If needs 3 arguments, got %d", len(args))
	}
	return expr.NewCaseWhen("If", args[:1], args[1:2], args[2], f.DataType())
}

// buildCoalesce: Coalesce.
func buildCoalesce(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	return expr.NewCoalesce(args, f.DataType())
}

// buildIn: In and InSet, args [value, item1, ...].
func buildIn(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) < 2 {
		return nil, fmt.Errorf("%s needs a value and at least one list item", f.Name)
	}
	return expr.NewIn(f.Name, args[0], args[1:])
}

type extremumKernel = func(memory.Allocator, types.DataType, []arrow.Array) (arrow.Array, error)

// buildExtremum: Greatest, Least.
func buildExtremum(k extremumKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		t := f.DataType()
		return expr.NewFunction(f.Name, args, t, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, t, a)
		})
	}
}

type unaryMathKernel = func(memory.Allocator, types.DataType, arrow.Array, expr.EvalMode) (arrow.Array, error)

// buildUnaryMath: UnaryMinus, Abs.
func buildUnaryMath(k unaryMathKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("%s needs 1 argument, got %d", f.Name, len(args))
		}
		t, mode := f.DataType(), evalModes[f.Mode]
		if err := legacyOrANSI(f, mode, args); err != nil {
			return nil, err
		}
		return newMathFunction(f, args, mode, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, t, a[0], mode)
		})
	}
}

type binaryMathKernel = func(memory.Allocator, types.DataType, types.DataType, types.DataType, arrow.Array, arrow.Array, expr.EvalMode) (arrow.Array, error)

// buildBinaryMath: Remainder, Pmod.
func buildBinaryMath(k binaryMathKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("%s needs 2 arguments, got %d", f.Name, len(args))
		}
		lt, rt, t, mode := args[0].DataType(), args[1].DataType(), f.DataType(), evalModes[f.Mode]
		if err := legacyOrANSI(f, mode, args); err != nil {
			return nil, err
		}
		return newMathFunction(f, args, mode, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, lt, rt, t, a[0], a[1], mode)
		})
	}
}

// buildIntegralDivide: IntegralDivide (div).
func buildIntegralDivide(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("IntegralDivide needs 2 arguments, got %d", len(args))
	}
	lt, rt, mode := args[0].DataType(), args[1].DataType(), evalModes[f.Mode]
	if err := legacyOrANSI(f, mode, args); err != nil {
		return nil, err
	}
	return newMathFunction(f, args, mode, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return kmath.IntegralDivide(mem, lt, rt, a[0], a[1], mode)
	})
}

type stringPredicateKernel = func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error)

// buildStringPredicate: StartsWith, EndsWith, Contains, args [left, right].
func buildStringPredicate(k stringPredicateKernel) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("%s needs 2 arguments, got %d", f.Name, len(args))
		}
		for _, a := range args {
			if a.DataType().ID != types.String {
				return nil, fmt.Errorf("%s on %s is not supported", f.Name, a.DataType())
			}
		}
		return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, a[0], a[1])
		})
	}
}

// buildLength: Length, args [child] (string or binary).
func buildLength(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("Length needs 1 argument, got %d", len(args))
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return str.Length(mem, a[0])
	})
}

// legacyOrANSI accepts the eval modes the math kernels implement: LEGACY, and
// ANSI for non-decimal operands.
func legacyOrANSI(f *sparkplan.ScalarFunction, mode expr.EvalMode, args []expr.Evaluator) error {
	switch mode {
	case expr.Legacy:
		return nil
	case expr.ANSI:
		for _, a := range args {
			if a.DataType().ID == types.Decimal {
				return fmt.Errorf("%s on decimals in ANSI mode is not implemented", f.Name)
			}
		}
		return nil
	}
	return fmt.Errorf("%s in %s mode is not implemented", f.Name, mode)
}

// newMathFunction is the evaluator of a math function; in ANSI mode it can raise.
func newMathFunction(f *sparkplan.ScalarFunction, args []expr.Evaluator, mode expr.EvalMode, k expr.Kernel) (expr.Evaluator, error) {
	if mode == expr.ANSI {
		return expr.NewRaisingFunction(f.Name, args, f.DataType(), k)
	}
	return expr.NewFunction(f.Name, args, f.DataType(), k)
}
