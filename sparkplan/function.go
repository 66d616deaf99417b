package sparkplan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ember-spark/ember/sparkplan/types"
)

// ScalarFunction is a Spark expression named by its class (planv1.ScalarFunction):
// CaseWhen, If, Coalesce, Greatest, Least, In, InSet, UnaryMinus, Abs,
// Remainder, Pmod, IntegralDivide, StartsWith, EndsWith, Contains, Length,
// Upper, Lower, Substring, Concat, StringTrim, StringTrimLeft,
// StringTrimRight, Like, the date functions and the rounding functions
// (function_datetime.go). Args follow the layout documented in
// expr.proto; the result type and nullability are Spark's.
type ScalarFunction struct {
	exprType
	Name string
	Args []Expr
	Mode EvalMode
}

func (e *ScalarFunction) Children() []Expr { return e.Args }
func (e *ScalarFunction) String() string {
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return fmt.Sprintf("%s(%s)", e.Name, strings.Join(parts, ", "))
}

// signature checks the argument types of one function against its result type.
type signature func(args []Expr, result types.DataType) error

// functionSignatures is the table of functions the plan may name, with the
// check of their arguments; translate has one builder for each name.
var functionSignatures = map[string]signature{
	"CaseWhen":        checkCaseWhen,
	"If":              checkIf,
	"Coalesce":        checkSameAsResult(1),
	"Greatest":        checkSameAsResult(2),
	"Least":           checkSameAsResult(2),
	"In":              checkIn(false),
	"InSet":           checkIn(true),
	"UnaryMinus":      checkUnaryNumeric,
	"Abs":             checkUnaryNumeric,
	"Remainder":       checkRemainder,
	"Pmod":            checkRemainder,
	"IntegralDivide":  checkIntegralDivide,
	"StartsWith":      checkStringPredicate,
	"EndsWith":        checkStringPredicate,
	"Contains":        checkStringPredicate,
	"Length":          checkLength,
	"Year":            checkDateField,
	"Month":           checkDateField,
	"DayOfMonth":      checkDateField,
	"Quarter":         checkDateField,
	"DayOfWeek":       checkDateField,
	"WeekDay":         checkDateField,
	"DayOfYear":       checkDateField,
	"WeekOfYear":      checkDateField,
	"LastDay":         checkLastDay,
	"DateAdd":         checkDateAddSub,
	"DateSub":         checkDateAddSub,
	"DateDiff":        checkDateDiff,
	"AddMonths":       checkAddMonths,
	"Round":           checkRound(false),
	"BRound":          checkRound(false),
	"RoundCeil":       checkRound(true),
	"RoundFloor":      checkRound(true),
	"Floor":           checkFloorCeil,
	"Ceil":            checkFloorCeil,
	"Upper":           checkStringUnary,
	"Lower":           checkStringUnary,
	"Substring":       checkSubstring,
	"Concat":          checkConcat,
	"StringTrim":      checkTrim,
	"StringTrimLeft":  checkTrim,
	"StringTrimRight": checkTrim,
	"Like":            checkLike,

	// grouping keys (hash aggregate)
	"NormalizeNaNAndZero": checkNormalizeNaNAndZero,
	"UnscaledValue":       checkUnscaledValue,
	"MakeDecimal":         checkMakeDecimal,

	// hashing (hash.scala)
	"Murmur3Hash": checkHash(types.Int),
	"XxHash64":    checkHash(types.Long),
}

// FunctionNames lists the function names the plan may use, sorted.
func FunctionNames() []string {
	out := make([]string, 0, len(functionSignatures))
	for k := range functionSignatures {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NewScalarFunction is the function name over args, with the result type and
// nullability Spark resolved. The arguments are checked against the name's
// signature.
func NewScalarFunction(name string, args []Expr, result types.DataType, nullable bool, mode EvalMode) (*ScalarFunction, error) {
	check, ok := functionSignatures[name]
	if !ok {
		return nil, fmt.Errorf("unknown function %q", name)
	}
	if mode < Legacy || mode > Try {
		return nil, fmt.Errorf("%s: unknown eval mode %d", name, mode)
	}
	if err := result.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i, a := range args {
		if a == nil {
			return nil, fmt.Errorf("%s: argument %d is missing", name, i)
		}
	}
	if err := check(args, result); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &ScalarFunction{exprType: exprType{result, nullable}, Name: name, Args: args, Mode: mode}, nil
}

// sameOrNull reports whether an argument of type got can stand where type want
// is expected: the same type, or Spark's NullType (an untyped NULL).
func sameOrNull(got, want types.DataType) bool { return got == want || got.ID == types.Null }

func wantValue(what string, e Expr, result types.DataType) error {
	if !sameOrNull(e.DataType(), result) {
		return fmt.Errorf("%s has type %s, want the result type %s", what, e.DataType(), result)
	}
	return nil
}

func wantCondition(what string, e Expr) error {
	if id := e.DataType().ID; id != types.Boolean && id != types.Null {
		return fmt.Errorf("%s must be boolean, got %s", what, e.DataType())
	}
	return nil
}

// checkCaseWhen: [cond1, value1, ..., condN, valueN, else].
func checkCaseWhen(args []Expr, result types.DataType) error {
	if len(args) < 3 || len(args)%2 == 0 {
		return fmt.Errorf("needs pairs of condition and value followed by the else value (an odd count >= 3), got %d arguments", len(args))
	}
	for i := 0; i+1 < len(args); i += 2 {
		if err := wantCondition(fmt.Sprintf("condition %d", i/2+1), args[i]); err != nil {
			return err
		}
		if err := wantValue(fmt.Sprintf("value %d", i/2+1), args[i+1], result); err != nil {
			return err
		}
	}
	return wantValue("else value", args[len(args)-1], result)
}

// checkIf: [predicate, trueValue, falseValue].
func checkIf(args []Expr, result types.DataType) error {
	if len(args) != 3 {
		return fmt.Errorf("needs 3 arguments (predicate, true value, false value), got %d", len(args))
	}
	if err := wantCondition("predicate", args[0]); err != nil {
		return err
	}
	if err := wantValue("true value", args[1], result); err != nil {
		return err
	}
	return wantValue("false value", args[2], result)
}

// checkSameAsResult: at least min arguments, each of the result type.
func checkSameAsResult(min int) signature {
	return func(args []Expr, result types.DataType) error {
		if len(args) < min {
			return fmt.Errorf("needs at least %d arguments, got %d", min, len(args))
		}
		for i, a := range args {
			if err := wantValue(fmt.Sprintf("argument %d", i+1), a, result); err != nil {
				return err
			}
		}
		return nil
	}
}

// checkIn: [value, item1, ...], items of the value's type; for InSet, literals.
func checkIn(literalsOnly bool) signature {
	return func(args []Expr, result types.DataType) error {
		if result.ID != types.Boolean {
			return fmt.Errorf("produces boolean, not %s", result)
		}
		if len(args) < 1 {
			return fmt.Errorf("needs the value and its list, got no arguments")
		}
		vt := args[0].DataType()
		for i, a := range args[1:] {
			if !sameOrNull(a.DataType(), vt) && vt.ID != types.Null {
				return fmt.Errorf("list item %d has type %s, the value %s", i+1, a.DataType(), vt)
			}
			if _, ok := a.(*Literal); literalsOnly && !ok {
				return fmt.Errorf("list item %d is %s, not a literal", i+1, a)
			}
		}
		return nil
	}
}

// checkUnaryNumeric: [child] of the numeric result type.
func checkUnaryNumeric(args []Expr, result types.DataType) error {
	if len(args) != 1 {
		return fmt.Errorf("needs 1 argument, got %d", len(args))
	}
	if !result.IsNumeric() {
		return fmt.Errorf("on %s is not supported (numeric types only)", result)
	}
	if args[0].DataType() != result {
		return fmt.Errorf("argument of type %s cannot produce %s", args[0].DataType(), result)
	}
	return nil
}

// checkRemainder: [left, right]; one numeric type for all three, or decimal
// operands with the decimal result Spark resolved.
func checkRemainder(args []Expr, result types.DataType) error {
	if len(args) != 2 {
		return fmt.Errorf("needs 2 arguments, got %d", len(args))
	}
	lt, rt := args[0].DataType(), args[1].DataType()
	switch {
	case result.ID == types.Decimal:
		if lt.ID != types.Decimal || rt.ID != types.Decimal {
			return fmt.Errorf("decimal result needs decimal operands, got %s and %s", lt, rt)
		}
		if result.Scale != max(lt.Scale, rt.Scale) {
			return fmt.Errorf("result scale %d differs from Spark's max(%d, %d)", result.Scale, lt.Scale, rt.Scale)
		}
	case result.IsIntegral() || result.IsFloating():
		if lt != result || rt != result {
			return fmt.Errorf("operands %s and %s cannot produce %s", lt, rt, result)
		}
	default:
		return fmt.Errorf("on %s is not supported (numeric types only)", result)
	}
	return nil
}

// checkIntegralDivide: [left, right], both long or both decimal; result long.
func checkIntegralDivide(args []Expr, result types.DataType) error {
	if len(args) != 2 {
		return fmt.Errorf("needs 2 arguments, got %d", len(args))
	}
	if result.ID != types.Long {
		return fmt.Errorf("produces bigint, not %s", result)
	}
	lt, rt := args[0].DataType(), args[1].DataType()
	if !((lt.ID == types.Long && rt.ID == types.Long) || (lt.ID == types.Decimal && rt.ID == types.Decimal)) {
		return fmt.Errorf("needs two bigint or two decimal operands, got %s and %s", lt, rt)
	}
	return nil
}

// checkStringPredicate: [left, right], both string; result boolean
// (StartsWith, EndsWith, Contains).
func checkStringPredicate(args []Expr, result types.DataType) error {
	if len(args) != 2 {
		return fmt.Errorf("needs 2 arguments, got %d", len(args))
	}
	if result.ID != types.Boolean {
		return fmt.Errorf("produces boolean, not %s", result)
	}
	for i, a := range args {
		if id := a.DataType().ID; id != types.String && id != types.Null {
			return fmt.Errorf("argument %d must be string, got %s", i+1, a.DataType())
		}
	}
	return nil
}

// checkLength: [child] of type string or binary; result int.
func checkLength(args []Expr, result types.DataType) error {
	if len(args) != 1 {
		return fmt.Errorf("needs 1 argument, got %d", len(args))
	}
	if result.ID != types.Int {
		return fmt.Errorf("produces int, not %s", result)
	}
	if id := args[0].DataType().ID; id != types.String && id != types.Binary {
		return fmt.Errorf("argument must be string or binary, got %s", args[0].DataType())
	}
	return nil
}

// checkArgTypes checks that args[i] has type ID ids[i] (one of them when the
// entry allows several).
func checkArgTypes(args []Expr, allowed ...[]types.ID) error {
	for i, a := range args {
		ok := false
		for _, id := range allowed[min(i, len(allowed)-1)] {
			if a.DataType().ID == id {
				ok = true
			}
		}
		if !ok {
			return fmt.Errorf("argument %d: %s is not supported", i+1, a.DataType())
		}
	}
	return nil
}

var stringOnly = []types.ID{types.String}

// checkStringUnary: [child] string; result string (Upper, Lower).
func checkStringUnary(args []Expr, result types.DataType) error {
	if len(args) != 1 {
		return fmt.Errorf("needs 1 argument, got %d", len(args))
	}
	if result.ID != types.String {
		return fmt.Errorf("produces string, not %s", result)
	}
	return checkArgTypes(args, stringOnly)
}

// checkSubstring: [str, pos, len], str string or binary, pos and len int;
// result the type of str.
func checkSubstring(args []Expr, result types.DataType) error {
	if len(args) != 3 {
		return fmt.Errorf("needs 3 arguments, got %d", len(args))
	}
	if err := checkArgTypes(args, []types.ID{types.String, types.Binary}, []types.ID{types.Int}); err != nil {
		return err
	}
	if result.ID != args[0].DataType().ID {
		return fmt.Errorf("produces %s, not %s", args[0].DataType(), result)
	}
	return nil
}

// checkConcat: [arg1, ...], at least one, all of the result type (string or
// binary).
func checkConcat(args []Expr, result types.DataType) error {
	if len(args) == 0 {
		return fmt.Errorf("needs at least 1 argument")
	}
	if result.ID != types.String && result.ID != types.Binary {
		return fmt.Errorf("produces string or binary, not %s", result)
	}
	return checkArgTypes(args, []types.ID{result.ID})
}

// checkTrim: [src] or [src, trimStr], strings; result string.
func checkTrim(args []Expr, result types.DataType) error {
	if len(args) != 1 && len(args) != 2 {
		return fmt.Errorf("needs 1 or 2 arguments, got %d", len(args))
	}
	if result.ID != types.String {
		return fmt.Errorf("produces string, not %s", result)
	}
	return checkArgTypes(args, stringOnly)
}

// checkLike: [str, pattern, escape], str string, pattern a non-null string
// literal, escape a string literal of one character; result boolean.
func checkLike(args []Expr, result types.DataType) error {
	if len(args) != 3 {
		return fmt.Errorf("needs 3 arguments, got %d", len(args))
	}
	if result.ID != types.Boolean {
		return fmt.Errorf("produces boolean, not %s", result)
	}
	if err := checkArgTypes(args, stringOnly); err != nil {
		return err
	}
	p, ok := args[1].(*Literal)
	if !ok || p.IsNull() {
		return fmt.Errorf("the pattern must be a non-null literal, got %s", args[1])
	}
	e, ok := args[2].(*Literal)
	if !ok || e.IsNull() || len([]rune(e.Value.(string))) != 1 {
		return fmt.Errorf("the escape must be a literal of one character, got %s", args[2])
	}
	return nil
}

// checkNormalizeNaNAndZero: [child] float or double, of the result type.
func checkNormalizeNaNAndZero(args []Expr, result types.DataType) error {
	if len(args) != 1 {
		return fmt.Errorf("needs 1 argument, got %d", len(args))
	}
	if !result.IsFloating() || args[0].DataType() != result {
		return fmt.Errorf("needs a float or double argument of the result type, got %s for %s", args[0].DataType(), result)
	}
	return nil
}

// checkMakeDecimal: [child] bigint; a decimal.
func checkMakeDecimal(args []Expr, result types.DataType) error {
	if len(args) != 1 {
		return fmt.Errorf("needs 1 argument, got %d", len(args))
	}
	if args[0].DataType() != types.LongType || result.ID != types.Decimal {
		return fmt.Errorf("needs a bigint argument and a decimal result, got %s to %s", args[0].DataType(), result)
	}
	return nil
}

// checkUnscaledValue: [child] decimal of precision <= 18; bigint.
func checkUnscaledValue(args []Expr, result types.DataType) error {
	if len(args) != 1 {
		return fmt.Errorf("needs 1 argument, got %d", len(args))
	}
	if !args[0].DataType().IsShortDecimal() || result != types.LongType {
		return fmt.Errorf("needs a decimal of precision <= 18 and a bigint result, got %s to %s", args[0].DataType(), result)
	}
	return nil
}

// checkHash: Murmur3Hash and XxHash64, [expr1, ...] (at least one) of any
// primitive type (the plan has no other); the result int or bigint.
func checkHash(result types.ID) signature {
	return func(args []Expr, got types.DataType) error {
		if len(args) == 0 {
			return fmt.Errorf("needs at least 1 argument")
		}
		if got.ID != result {
			return fmt.Errorf("produces %s, not %s", types.DataType{ID: result}, got)
		}
		return nil
	}
}
