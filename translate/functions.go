package translate

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/conditional"
	"github.com/ember-spark/ember/kernels/datetime"
	khash "github.com/ember-spark/ember/kernels/hash"
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
	"CaseWhen":        buildCaseWhen,
	"If":              buildIf,
	"Coalesce":        buildCoalesce,
	"Greatest":        buildExtremum(conditional.Greatest),
	"Least":           buildExtremum(conditional.Least),
	"In":              buildIn,
	"InSet":           buildIn,
	"UnaryMinus":      buildUnaryMath(kmath.UnaryMinus),
	"Abs":             buildUnaryMath(kmath.Abs),
	"Remainder":       buildBinaryMath(kmath.Remainder),
	"Pmod":            buildBinaryMath(kmath.Pmod),
	"IntegralDivide":  buildIntegralDivide,
	"StartsWith":      buildStringPredicate(str.StartsWith),
	"EndsWith":        buildStringPredicate(str.EndsWith),
	"Contains":        buildStringPredicate(str.Contains),
	"Length":          buildLength,
	"Year":            buildDateUnary(datetime.Year),
	"Month":           buildDateUnary(datetime.Month),
	"DayOfMonth":      buildDateUnary(datetime.DayOfMonth),
	"Quarter":         buildDateUnary(datetime.Quarter),
	"DayOfWeek":       buildDateUnary(datetime.DayOfWeek),
	"WeekDay":         buildDateUnary(datetime.WeekDay),
	"DayOfYear":       buildDateUnary(datetime.DayOfYear),
	"WeekOfYear":      buildDateUnary(datetime.WeekOfYear),
	"LastDay":         buildDateUnary(datetime.LastDay),
	"DateAdd":         buildDateDays(datetime.DateAdd),
	"DateSub":         buildDateDays(datetime.DateSub),
	"DateDiff":        buildDateBinary(datetime.DateDiff),
	"AddMonths":       buildDateBinary(datetime.AddMonths),
	"Round":           buildRound(kmath.Round),
	"BRound":          buildRound(kmath.BRound),
	"RoundCeil":       buildRound(kmath.RoundCeil),
	"RoundFloor":      buildRound(kmath.RoundFloor),
	"Floor":           buildFloorCeil(kmath.Floor),
	"Ceil":            buildFloorCeil(kmath.Ceil),
	"Upper":           buildStringUnary(str.Upper),
	"Lower":           buildStringUnary(str.Lower),
	"Substring":       buildSubstring,
	"Concat":          buildConcat,
	"StringTrim":      buildTrim(str.StringTrim, str.StringTrimConst),
	"StringTrimLeft":  buildTrim(str.StringTrimLeft, str.StringTrimLeftConst),
	"StringTrimRight": buildTrim(str.StringTrimRight, str.StringTrimRightConst),
	"Like":            buildLike,

	// grouping keys (hash aggregate)
	"NormalizeNaNAndZero": buildNormalizeNaNAndZero,
	"UnscaledValue":       buildUnscaledValue,
	"MakeDecimal":         buildMakeDecimal,
	"Murmur3Hash":         buildMurmur3Hash,
	"XxHash64":            buildXxHash64,
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
		// A constant right side (LIKE 'abc%' and friends) takes the scalar
		// kernel, which never materializes the pattern.
		if lit, ok := args[1].(*expr.Literal); ok && lit.Value() != nil {
			if sk := scalarStringPredicates[f.Name]; sk != nil {
				pat := []byte(lit.Value().(string))
				return expr.NewFunction(f.Name, args[:1], f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
					return sk(mem, a[0], pat)
				})
			}
		}
		return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, a[0], a[1])
		})
	}
}

var scalarStringPredicates = map[string]func(memory.Allocator, arrow.Array, []byte) (arrow.Array, error){
	"StartsWith": str.StartsWithScalar,
	"EndsWith":   str.EndsWithScalar,
	"Contains":   str.ContainsScalar,
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

// legacyOrANSI accepts the eval modes the math kernels implement: LEGACY and
// ANSI; TRY too for the binary ones (DivModLike, where it is LEGACY), whose
// decimal operands must keep the integral quotient within 38 digits
// (kmath.DecimalQuotientFits).
func legacyOrANSI(f *sparkplan.ScalarFunction, mode expr.EvalMode, args []expr.Evaluator) error {
	if len(args) == 2 && args[0].DataType().ID == types.Decimal && args[1].DataType().ID == types.Decimal &&
		!kmath.DecimalQuotientFits(args[0].DataType(), args[1].DataType()) {
		return fmt.Errorf("%s of %s and %s: the integral quotient can exceed 38 digits", f.Name,
			args[0].DataType(), args[1].DataType())
	}
	switch mode {
	case expr.Legacy, expr.ANSI:
		return nil
	case expr.Try:
		if len(args) == 2 {
			return nil
		}
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

// buildStringUnary: Upper, Lower, args [child].
func buildStringUnary(k func(memory.Allocator, arrow.Array) (arrow.Array, error)) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("%s needs 1 argument, got %d", f.Name, len(args))
		}
		return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return k(mem, a[0])
		})
	}
}

// intLiteral returns the value of a non-null int literal evaluator.
func intLiteral(e expr.Evaluator) (int32, bool) {
	if lit, ok := e.(*expr.Literal); ok {
		if v, ok := lit.Value().(int32); ok {
			return v, true
		}
	}
	return 0, false
}

// buildSubstring: Substring, args [str, pos, len]; constant pos and len (the
// usual case) take the scalar kernel.
func buildSubstring(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("Substring needs 3 arguments, got %d", len(args))
	}
	pos, ok1 := intLiteral(args[1])
	length, ok2 := intLiteral(args[2])
	if ok1 && ok2 {
		return expr.NewFunction(f.Name, args[:1], f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return str.SubstringScalar(mem, a[0], pos, length)
		})
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return str.Substring(mem, a[0], a[1], a[2])
	})
}

// buildConcat: Concat, args [arg1, ...].
func buildConcat(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("Concat needs at least 1 argument")
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return str.Concat(mem, a)
	})
}

// buildTrim: StringTrim, StringTrimLeft, StringTrimRight, args [src] or
// [src, trimStr]; constant trim characters take kc.
func buildTrim(k func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error),
	kc func(memory.Allocator, arrow.Array, []byte) (arrow.Array, error)) functionBuilder {
	return func(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
		if len(args) == 2 {
			if lit, ok := args[1].(*expr.Literal); ok && lit.Value() != nil {
				chars := []byte(lit.Value().(string))
				return expr.NewFunction(f.Name, args[:1], f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
					return kc(mem, a[0], chars)
				})
			}
		}
		switch len(args) {
		case 1:
			return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
				return k(mem, a[0], nil)
			})
		case 2:
			return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
				return k(mem, a[0], a[1])
			})
		}
		return nil, fmt.Errorf("%s needs 1 or 2 arguments, got %d", f.Name, len(args))
	}
}

// buildLike: Like, args [str, pattern literal, escape literal]; the pattern
// is compiled once.
func buildLike(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("Like needs 3 arguments, got %d", len(args))
	}
	pat, ok1 := args[1].(*expr.Literal)
	esc, ok2 := args[2].(*expr.Literal)
	if !ok1 || !ok2 || pat.Value() == nil || esc.Value() == nil {
		return nil, fmt.Errorf("Like needs a constant pattern and escape character")
	}
	escRunes := []rune(esc.Value().(string))
	if len(escRunes) != 1 {
		return nil, fmt.Errorf("Like: the escape must be one character, got %q", esc.Value())
	}
	p, err := str.CompileLike(pat.Value().(string), escRunes[0])
	if err != nil {
		return nil, err
	}
	return expr.NewFunction(f.Name, args[:1], f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return str.Like(mem, a[0], p)
	})
}

// buildNormalizeNaNAndZero: NormalizeNaNAndZero, args [child].
func buildNormalizeNaNAndZero(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("NormalizeNaNAndZero needs 1 argument, got %d", len(args))
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return kmath.NormalizeNaNAndZero(mem, a[0]), nil
	})
}

// buildMakeDecimal: MakeDecimal, args [child]; LEGACY mode is Spark's
// nullOnOverflow, ANSI its exception.
func buildMakeDecimal(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("MakeDecimal needs 1 argument, got %d", len(args))
	}
	t, mode := f.DataType(), evalModes[f.Mode]
	if mode == expr.Try {
		return nil, fmt.Errorf("MakeDecimal in %s mode is not implemented", mode)
	}
	return newMathFunction(f, args, mode, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return kmath.MakeDecimal(mem, a[0], t, mode)
	})
}

// buildUnscaledValue: UnscaledValue, args [child].
func buildUnscaledValue(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("UnscaledValue needs 1 argument, got %d", len(args))
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return kmath.UnscaledValue(mem, a[0]), nil
	})
}

// sparkHashSeed is the seed of Spark's hash() and xxhash64() (Murmur3Hash and
// XxHash64's auxiliary constructors; HashPartitioning uses it too).
const sparkHashSeed = 42

// buildMurmur3Hash: Murmur3Hash, args [expr1, ...] of primitive types; int.
func buildMurmur3Hash(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("Murmur3Hash needs at least 1 argument")
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return khash.Murmur3Rows(mem, sparkHashSeed, a)
	})
}

// buildXxHash64: XxHash64, args [expr1, ...] of primitive types; bigint.
func buildXxHash64(f *sparkplan.ScalarFunction, args []expr.Evaluator) (expr.Evaluator, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("XxHash64 needs at least 1 argument")
	}
	return expr.NewFunction(f.Name, args, f.DataType(), func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return khash.XxHash64Rows(mem, sparkHashSeed, a)
	})
}
