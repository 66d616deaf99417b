package expr

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Kernel computes a strict function from its evaluated arguments, one array
// per argument, all of the batch's length.
type Kernel func(mem memory.Allocator, args []arrow.Array) (arrow.Array, error)

// Function is a strict scalar function (Spark's Greatest, Least, UnaryMinus,
// Abs, Remainder, Pmod, IntegralDivide): every argument is evaluated over the
// whole batch, then the kernel runs.
type Function struct {
	name   string
	args   []Evaluator
	result types.DataType
	kernel Kernel
	raises bool
}

// NewFunction is the strict function name over args with result type result,
// computed by kernel.
func NewFunction(name string, args []Evaluator, result types.DataType, kernel Kernel) (*Function, error) {
	if err := result.Validate(); err != nil {
		return nil, err
	}
	if kernel == nil {
		return nil, fmt.Errorf("%s: no kernel", name)
	}
	return &Function{name: name, args: args, result: result, kernel: kernel}, nil
}

// NewRaisingFunction is NewFunction for a kernel that can fail with one of
// Spark's errors (ANSI mode): AND, OR, CASE WHEN and COALESCE then evaluate it
// only for the rows Spark evaluates it for.
func NewRaisingFunction(name string, args []Evaluator, result types.DataType, kernel Kernel) (*Function, error) {
	f, err := NewFunction(name, args, result, kernel)
	if err != nil {
		return nil, err
	}
	f.raises = true
	return f, nil
}

// DataType implements Evaluator.
func (e *Function) DataType() types.DataType { return e.result }

func (e *Function) String() string { return fmt.Sprintf("%s(%s)", e.name, joinEvaluators(e.args)) }

// Eval implements Evaluator.
func (e *Function) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	arrs := make([]arrow.Array, 0, len(e.args))
	defer func() {
		for _, a := range arrs {
			a.Release()
		}
	}()
	for _, a := range e.args {
		v, err := a.Eval(ctx, mem, batch)
		if err != nil {
			return nil, err
		}
		arrs = append(arrs, v)
	}
	return e.kernel(mem, arrs)
}

func joinEvaluators(es []Evaluator) string {
	parts := make([]string, len(es))
	for i, a := range es {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}
