package translate

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/hashagg"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// buildHashAggregate: HashAggregateExec.
func buildHashAggregate(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	h := n.(*sparkplan.HashAggregate)
	grouping, err := buildExprs(h.Grouping)
	if err != nil {
		return nil, err
	}
	spec := hashagg.Spec{
		Grouping:     grouping,
		EmitBuffers:  h.EmitsBuffers(),
		Intermediate: h.Intermediate.ArrowSchema(env.SessionTimeZone),
		Schema:       n.Output().ArrowSchema(env.SessionTimeZone),
		BatchSize:    env.BatchSize,
	}
	if ps := env.PartialSkip; ps != nil {
		spec.PartialSkip = &hashagg.PartialSkip{MinRows: ps.MinRows, MaxGroupRatio: ps.MaxGroupRatio}
	}
	for _, f := range h.Functions {
		args, err := buildExprs(f.Args)
		if err != nil {
			return nil, err
		}
		var filter expr.Evaluator
		if f.Filter != nil {
			if filter, err = buildExpr(f.Filter); err != nil {
				return nil, err
			}
		}
		spec.Functions = append(spec.Functions, hashagg.Function{
			Name: f.Name, Merge: !f.Mode.ReadsArgs(), Args: args, InputBuffer: f.InputBuffer, Filter: filter,
			IgnoreNulls: f.IgnoreNulls, ANSI: f.EvalMode == sparkplan.ANSI, NullOnDivideByZero: f.NullOnDivideByZero,
			InputType: f.InputType, BufferTypes: bufferTypes(f.Buffer),
		})
	}
	if !identity(h.Result, len(h.Intermediate)) {
		if spec.Result, err = buildExprs(h.Result); err != nil {
			return nil, err
		}
	}
	return hashagg.NewSpilling(children[0], spec, env.Mem, n.PlanID(), env.Memory.NewReservation("HashAggregate"), env.Spill)
}

// identity reports result expressions that are the columns 0..n-1 in order.
func identity(result []sparkplan.Expr, n int) bool {
	if len(result) != n {
		return false
	}
	for i, e := range result {
		c, ok := e.(*sparkplan.ColumnRef)
		if !ok || c.Ordinal != i {
			return false
		}
	}
	return true
}

// bufferTypes are the Arrow types of an aggregation buffer. Spill files are
// the sidecar's own, so a timestamp buffer's zone only has to be consistent.
func bufferTypes(buffer types.Schema) []arrow.DataType {
	out := make([]arrow.DataType, len(buffer))
	for i, f := range buffer {
		out[i] = f.Type.ArrowType("UTC")
	}
	return out
}
