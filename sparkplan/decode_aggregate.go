package sparkplan

import (
	"fmt"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

var aggregateModes = map[planv1.AggregateMode]AggregateMode{
	planv1.AggregateMode_AGGREGATE_MODE_PARTIAL:       Partial,
	planv1.AggregateMode_AGGREGATE_MODE_PARTIAL_MERGE: PartialMerge,
	planv1.AggregateMode_AGGREGATE_MODE_FINAL:         Final,
	planv1.AggregateMode_AGGREGATE_MODE_COMPLETE:      Complete,
}

func decodeHashAggregate(planID int64, child Node, h *planv1.HashAggregate, path string) (Node, error) {
	input := child.Output()
	grouping := make([]Expr, len(h.GetGrouping()))
	for i, g := range h.GetGrouping() {
		x, err := decodeExpr(g, input, fmt.Sprintf("%s.grouping[%d]", path, i), 0)
		if err != nil {
			return nil, err
		}
		grouping[i] = x
	}
	functions := make([]*AggregateFunction, len(h.GetFunctions()))
	for i, f := range h.GetFunctions() {
		p := fmt.Sprintf("%s.functions[%d]", path, i)
		mode, ok := aggregateModes[f.GetMode()]
		if !ok {
			return nil, at(p, fmt.Errorf("aggregate mode %v is not set or unknown", f.GetMode()))
		}
		var evalMode EvalMode = Legacy
		if f.GetEvalMode() != planv1.EvalMode_EVAL_MODE_UNSPECIFIED {
			m, err := decodeEvalMode(f.GetEvalMode())
			if err != nil {
				return nil, at(p, err)
			}
			evalMode = m
		}
		args := make([]Expr, len(f.GetArgs()))
		for j, a := range f.GetArgs() {
			x, err := decodeExpr(a, input, fmt.Sprintf("%s.args[%d]", p, j), 0)
			if err != nil {
				return nil, err
			}
			args[j] = x
		}
		var filter Expr
		if f.GetFilter() != nil {
			x, err := decodeExpr(f.GetFilter(), input, p+".filter", 0)
			if err != nil {
				return nil, err
			}
			filter = x
		}
		var inType types.DataType
		if f.GetInputType() != nil {
			t, err := DecodeType(f.GetInputType())
			if err != nil {
				return nil, at(p+".input_type", err)
			}
			inType = t
		}
		resType, err := DecodeType(f.GetResultType())
		if err != nil {
			return nil, at(p+".result_type", err)
		}
		ordinals := make([]int, len(f.GetInputBufferOrdinals()))
		for j, o := range f.GetInputBufferOrdinals() {
			ordinals[j] = int(o)
		}
		var buffer types.Schema
		for _, n := range f.GetBufferNames() {
			buffer = append(buffer, types.Field{Name: n})
		}
		fn, err := NewAggregateFunction(AggregateFunction{
			Name: f.GetName(), Mode: mode, Args: args, InputBuffer: ordinals, Filter: filter,
			IgnoreNulls: f.GetIgnoreNulls(), EvalMode: evalMode, NullOnDivideByZero: f.GetNullOnDivideByZero(),
			InputType: inType, ResultType: resType, Buffer: buffer,
		}, input)
		if err != nil {
			return nil, at(p, err)
		}
		functions[i] = fn
	}
	n, err := NewHashAggregate(planID, child, grouping, h.GetGroupingNames(), functions)
	if err != nil {
		return nil, at(path, err)
	}
	result := make([]Expr, len(h.GetResultExprs()))
	for i, r := range h.GetResultExprs() {
		x, err := decodeExpr(r, n.Intermediate, fmt.Sprintf("%s.result_exprs[%d]", path, i), 0)
		if err != nil {
			return nil, err
		}
		result[i] = x
	}
	return n, at(path, n.SetResult(result, h.GetResultNames()))
}
