package sparkplan

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Expr is a resolved Spark expression.
type Expr interface {
	// DataType is Spark's Expression.dataType.
	DataType() types.DataType
	// Nullable is Spark's Expression.nullable.
	Nullable() bool
	// Children are the direct sub-expressions.
	Children() []Expr
	// String renders the expression for messages.
	String() string
}

// EvalMode is Spark's EvalMode.
type EvalMode int8

const (
	Legacy EvalMode = iota + 1
	ANSI
	Try
)

func (m EvalMode) String() string {
	switch m {
	case Legacy:
		return "LEGACY"
	case ANSI:
		return "ANSI"
	case Try:
		return "TRY"
	}
	return "UNKNOWN"
}

type exprType struct {
	dataType types.DataType
	nullable bool
}

func (e exprType) DataType() types.DataType { return e.dataType }
func (e exprType) Nullable() bool           { return e.nullable }

// ColumnRef reads column Ordinal of the child operator's output (BoundReference).
type ColumnRef struct {
	exprType
	Ordinal int
	Name    string
}

func (*ColumnRef) Children() []Expr { return nil }
func (e *ColumnRef) String() string { return fmt.Sprintf("%s#%d", e.Name, e.Ordinal) }

// Literal is a constant. Value holds, by type: bool; int8; int16; int32 (int
// and date days); int64 (long, timestamp micros); float32; float64;
// decimal128.Num (unscaled); string; []byte. Value is nil when the literal is NULL.
type Literal struct {
	exprType
	Value any
}

func (*Literal) Children() []Expr { return nil }
func (e *Literal) String() string {
	if e.Value == nil {
		return "null"
	}
	if n, ok := e.Value.(decimal128.Num); ok {
		return n.ToString(e.dataType.Scale)
	}
	return fmt.Sprintf("%v", e.Value)
}

// IsNull reports a NULL literal.
func (e *Literal) IsNull() bool { return e.Value == nil }

// CompareOp is one of Spark's BinaryComparison expressions.
type CompareOp int8

const (
	Equal CompareOp = iota + 1
	EqualNullSafe
	LessThan
	LessThanOrEqual
	GreaterThan
	GreaterThanOrEqual
)

var compareSymbols = map[CompareOp]string{Equal: "=", EqualNullSafe: "<=>", LessThan: "<", LessThanOrEqual: "<=", GreaterThan: ">", GreaterThanOrEqual: ">="}

func (op CompareOp) String() string { return compareSymbols[op] }

// Comparison compares two operands of the same type; the result is boolean.
type Comparison struct {
	exprType
	Op          CompareOp
	Left, Right Expr
}

func (e *Comparison) Children() []Expr { return []Expr{e.Left, e.Right} }
func (e *Comparison) String() string   { return fmt.Sprintf("(%s %s %s)", e.Left, e.Op, e.Right) }

// And is three-valued logical AND.
type And struct {
	exprType
	Left, Right Expr
}

func (e *And) Children() []Expr { return []Expr{e.Left, e.Right} }
func (e *And) String() string   { return fmt.Sprintf("(%s AND %s)", e.Left, e.Right) }

// Or is three-valued logical OR.
type Or struct {
	exprType
	Left, Right Expr
}

func (e *Or) Children() []Expr { return []Expr{e.Left, e.Right} }
func (e *Or) String() string   { return fmt.Sprintf("(%s OR %s)", e.Left, e.Right) }

// Not is logical negation.
type Not struct {
	exprType
	Child Expr
}

func (e *Not) Children() []Expr { return []Expr{e.Child} }
func (e *Not) String() string   { return fmt.Sprintf("NOT %s", e.Child) }

// IsNull is true when Child is NULL; never NULL itself.
type IsNull struct {
	exprType
	Child Expr
}

func (e *IsNull) Children() []Expr { return []Expr{e.Child} }
func (e *IsNull) String() string   { return fmt.Sprintf("isnull(%s)", e.Child) }

// IsNotNull is true when Child is not NULL; never NULL itself.
type IsNotNull struct {
	exprType
	Child Expr
}

func (e *IsNotNull) Children() []Expr { return []Expr{e.Child} }
func (e *IsNotNull) String() string   { return fmt.Sprintf("isnotnull(%s)", e.Child) }

// ArithOp is one of Spark's BinaryArithmetic expressions.
type ArithOp int8

const (
	Add ArithOp = iota + 1
	Subtract
	Multiply
	Divide
)

var arithSymbols = map[ArithOp]string{Add: "+", Subtract: "-", Multiply: "*", Divide: "/"}

func (op ArithOp) String() string { return arithSymbols[op] }

// Arithmetic applies Op to Left and Right. For non-decimal types both operands
// and the result share one type; for decimals the result type is the one Spark
// resolved (DecimalPrecision), and operands may differ in precision and scale.
type Arithmetic struct {
	exprType
	Op          ArithOp
	Left, Right Expr
	Mode        EvalMode
}

func (e *Arithmetic) Children() []Expr { return []Expr{e.Left, e.Right} }
func (e *Arithmetic) String() string   { return fmt.Sprintf("(%s %s %s)", e.Left, e.Op, e.Right) }

// Cast converts Child to DataType() (Cast.scala).
type Cast struct {
	exprType
	Child    Expr
	Mode     EvalMode
	TimeZone string
}

func (e *Cast) Children() []Expr { return []Expr{e.Child} }
func (e *Cast) String() string   { return fmt.Sprintf("cast(%s as %s)", e.Child, e.dataType) }
