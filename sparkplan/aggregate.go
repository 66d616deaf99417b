package sparkplan

import (
	"fmt"

	"github.com/ember-spark/ember/sparkplan/types"
)

// AggregateMode is Spark's AggregateMode (expressions/aggregate/interfaces.scala).
type AggregateMode int8

const (
	Partial AggregateMode = iota + 1
	PartialMerge
	Final
	Complete
)

func (m AggregateMode) String() string {
	switch m {
	case Partial:
		return "Partial"
	case PartialMerge:
		return "PartialMerge"
	case Final:
		return "Final"
	case Complete:
		return "Complete"
	}
	return "Unknown"
}

// ReadsArgs reports the modes that update from the function's arguments.
func (m AggregateMode) ReadsArgs() bool { return m == Partial || m == Complete }

// EmitsBuffer reports the modes whose output is the aggregation buffer.
func (m AggregateMode) EmitsBuffer() bool { return m == Partial || m == PartialMerge }

// AggregateFunction is one AggregateExpression of a HashAggregateExec (see
// aggregate.proto for the names, arguments and buffer layouts).
type AggregateFunction struct {
	Name string
	Mode AggregateMode
	// Args are bound to the child's output (Partial, Complete).
	Args []Expr
	// InputBuffer holds the ordinals of the input buffer columns in the
	// child's output (PartialMerge, Final).
	InputBuffer []int
	// Filter is AggregateExpression.filter, or nil.
	Filter      Expr
	IgnoreNulls bool
	EvalMode    EvalMode
	// NullOnDivideByZero is !spark.sql.legacy.statisticalAggregate.
	NullOnDivideByZero bool
	// InputType is the argument's type (unset for count).
	InputType  types.DataType
	ResultType types.DataType
	// Buffer is the function's aggBufferAttributes (names, types, nullability).
	Buffer types.Schema
}

// AggregateFunctionNames are the functions HashAggregate runs.
var AggregateFunctionNames = []string{"count", "sum", "avg", "min", "max", "first", "last",
	"var_samp", "var_pop", "stddev_samp", "stddev_pop"}

func boundedDecimal(p, s int32) types.DataType {
	// DecimalType.bounded
	if p > types.MaxDecimalPrecision {
		p = types.MaxDecimalPrecision
	}
	if s > types.MaxDecimalPrecision {
		s = types.MaxDecimalPrecision
	}
	return types.DecimalType(p, s)
}

func orderable(t types.DataType) bool {
	switch t.ID {
	case types.Boolean, types.Byte, types.Short, types.Int, types.Long, types.Float, types.Double,
		types.Decimal, types.String, types.Binary, types.Date, types.Timestamp, types.TimestampNTZ:
		return true
	}
	return false
}

// AggregateLayout returns Spark's buffer (aggBufferAttributes) and result type
// of function name over an argument of type in.
func AggregateLayout(name string, in types.DataType) (types.Schema, types.DataType, error) {
	f := func(n string, t types.DataType, nullable bool) types.Field {
		return types.Field{Name: n, Type: t, Nullable: nullable}
	}
	switch name {
	case "count":
		return types.Schema{f("count", types.LongType, false)}, types.LongType, nil
	case "sum":
		switch {
		case in.ID == types.Decimal:
			rt := boundedDecimal(in.Precision+10, in.Scale)
			return types.Schema{f("sum", rt, true), f("isEmpty", types.BooleanType, false)}, rt, nil
		case in.IsIntegral():
			return types.Schema{f("sum", types.LongType, true)}, types.LongType, nil
		case in.IsFloating():
			return types.Schema{f("sum", types.DoubleType, true)}, types.DoubleType, nil
		}
	case "avg":
		switch {
		case in.ID == types.Decimal:
			st := boundedDecimal(in.Precision+10, in.Scale)
			rt := boundedDecimal(in.Precision+4, in.Scale+4)
			return types.Schema{f("sum", st, true), f("count", types.LongType, true)}, rt, nil
		case in.IsIntegral() || in.IsFloating():
			return types.Schema{f("sum", types.DoubleType, true), f("count", types.LongType, true)}, types.DoubleType, nil
		}
	case "min", "max":
		if orderable(in) {
			return types.Schema{f(name, in, true)}, in, nil
		}
	case "first", "last":
		if orderable(in) {
			return types.Schema{f(name, in, true), f("valueSet", types.BooleanType, false)}, in, nil
		}
	case "var_samp", "var_pop", "stddev_samp", "stddev_pop":
		if in.ID == types.Double {
			d := types.DoubleType
			return types.Schema{f("n", d, false), f("avg", d, false), f("m2", d, false)}, d, nil
		}
	default:
		return nil, types.DataType{}, fmt.Errorf("aggregate function %q is not supported", name)
	}
	return nil, types.DataType{}, fmt.Errorf("%s of %s is not supported", name, in)
}

// NewAggregateFunction checks one function against its input: the argument
// types (or the input buffer columns, by type) and the result type.
func NewAggregateFunction(f AggregateFunction, input types.Schema) (*AggregateFunction, error) {
	if f.Mode < Partial || f.Mode > Complete {
		return nil, fmt.Errorf("%s: unknown aggregate mode %d", f.Name, f.Mode)
	}
	if f.EvalMode == 0 {
		f.EvalMode = Legacy
	}
	if f.EvalMode == Try {
		return nil, fmt.Errorf("%s: TRY mode is not supported", f.Name)
	}
	if f.Name == "count" {
		f.InputType = types.DataType{}
	} else if err := f.InputType.Validate(); err != nil {
		return nil, fmt.Errorf("%s: input type: %w", f.Name, err)
	}
	buffer, result, err := AggregateLayout(f.Name, f.InputType)
	if err != nil {
		return nil, err
	}
	if f.ResultType != result {
		return nil, fmt.Errorf("%s of %s: result type %s, Spark's is %s", f.Name, f.InputType, f.ResultType, result)
	}
	if f.Mode.ReadsArgs() {
		if f.Name == "count" {
			if len(f.Args) == 0 {
				return nil, fmt.Errorf("count needs at least one argument")
			}
		} else {
			if len(f.Args) != 1 {
				return nil, fmt.Errorf("%s takes one argument, got %d", f.Name, len(f.Args))
			}
			if f.Args[0].DataType() != f.InputType {
				return nil, fmt.Errorf("%s: argument of type %s, input type %s", f.Name, f.Args[0].DataType(), f.InputType)
			}
		}
		if f.Filter != nil {
			if err := requireBoolean("aggregate filter", f.Filter); err != nil {
				return nil, err
			}
		}
		if len(f.InputBuffer) != 0 {
			return nil, fmt.Errorf("%s in %s mode reads arguments, not input buffers", f.Name, f.Mode)
		}
	} else {
		if len(f.Args) != 0 || f.Filter != nil {
			return nil, fmt.Errorf("%s in %s mode reads input buffers only", f.Name, f.Mode)
		}
		if len(f.InputBuffer) != len(buffer) {
			return nil, fmt.Errorf("%s: %d input buffer columns, the buffer has %d", f.Name, len(f.InputBuffer), len(buffer))
		}
		for i, o := range f.InputBuffer {
			if o < 0 || o >= len(input) {
				return nil, fmt.Errorf("%s: input buffer ordinal %d out of range", f.Name, o)
			}
			if input[o].Type != buffer[i].Type {
				return nil, fmt.Errorf("%s: input buffer column %d has type %s, want %s", f.Name, o, input[o].Type, buffer[i].Type)
			}
		}
	}
	if len(f.Buffer) == 0 {
		f.Buffer = buffer
	} else {
		if len(f.Buffer) != len(buffer) {
			return nil, fmt.Errorf("%s: %d buffer names, the buffer has %d columns", f.Name, len(f.Buffer), len(buffer))
		}
		for i := range buffer {
			buffer[i].Name = f.Buffer[i].Name
		}
		f.Buffer = buffer
	}
	return &f, nil
}

// HashAggregate is HashAggregateExec: one row per group of Grouping (NULL is
// a group; exactly one group when Grouping is empty), computing grouping ++ X
// where X is every function's buffer (all modes Partial / PartialMerge) or
// result (all Final / Complete), then Result over that.
type HashAggregate struct {
	nodeBase
	Child     Node
	Grouping  []Expr
	Functions []*AggregateFunction
	// Intermediate is grouping ++ X, the schema Result is bound to.
	Intermediate types.Schema
	Result       []Expr
}

func (n *HashAggregate) Children() []Node { return []Node{n.Child} }
func (*HashAggregate) Name() string       { return "HashAggregate" }

// EmitsBuffers reports whether X is the functions' buffers.
func (n *HashAggregate) EmitsBuffers() bool {
	return len(n.Functions) == 0 || n.Functions[0].Mode.EmitsBuffer()
}

// NewHashAggregate checks an aggregate's parts. intermediateOf returns the
// schema result expressions are bound to, so the caller can decode them.
func NewHashAggregate(planID int64, child Node, grouping []Expr, groupingNames []string, functions []*AggregateFunction) (*HashAggregate, error) {
	if len(groupingNames) != len(grouping) {
		return nil, fmt.Errorf("%d grouping expressions but %d names", len(grouping), len(groupingNames))
	}
	inter := make(types.Schema, 0, len(grouping)+len(functions))
	for i, g := range grouping {
		if !orderable(g.DataType()) {
			return nil, fmt.Errorf("grouping by %s is not supported", g.DataType())
		}
		inter = append(inter, types.Field{Name: groupingNames[i], Type: g.DataType(), Nullable: g.Nullable()})
	}
	for i, f := range functions {
		if f.Mode.EmitsBuffer() != functions[0].Mode.EmitsBuffer() {
			return nil, fmt.Errorf("functions[%d]: mode %s mixed with %s", i, f.Mode, functions[0].Mode)
		}
		if f.Mode.EmitsBuffer() {
			inter = append(inter, f.Buffer...)
		} else {
			inter = append(inter, types.Field{Name: f.Name, Type: f.ResultType, Nullable: f.Name != "count"})
		}
	}
	return &HashAggregate{nodeBase: nodeBase{planID, nil}, Child: child, Grouping: grouping, Functions: functions, Intermediate: inter}, nil
}

// SetResult sets the result expressions (bound to n.Intermediate) and the output.
func (n *HashAggregate) SetResult(result []Expr, names []string) error {
	if len(names) != len(result) {
		return fmt.Errorf("%d result expressions but %d names", len(result), len(names))
	}
	out := make(types.Schema, len(result))
	for i, e := range result {
		out[i] = types.Field{Name: names[i], Type: e.DataType(), Nullable: e.Nullable()}
	}
	n.Result = result
	n.output = out
	return nil
}
