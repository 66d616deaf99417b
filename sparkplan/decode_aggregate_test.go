package sparkplan

import (
	"strings"
	"testing"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

func aggOp(h *planv1.HashAggregate) *planv1.TaskPlan {
	return &planv1.TaskPlan{Root: &planv1.Operator{PlanId: 7, Children: []*planv1.Operator{scanOp()},
		Kind: &planv1.Operator_HashAggregate{HashAggregate: h}}}
}

func TestDecodeHashAggregatePartial(t *testing.T) {
	longT := dt(planv1.TypeId_TYPE_ID_LONG)
	h := &planv1.HashAggregate{
		Grouping:      []*planv1.Expr{col(0, intT)},
		GroupingNames: []string{"i"},
		Functions: []*planv1.AggregateFunction{
			{Name: "count", Mode: planv1.AggregateMode_AGGREGATE_MODE_PARTIAL, Args: []*planv1.Expr{col(1, dec(12, 2))},
				ResultType: longT, BufferNames: []string{"count"}},
			{Name: "sum", Mode: planv1.AggregateMode_AGGREGATE_MODE_PARTIAL, Args: []*planv1.Expr{col(1, dec(12, 2))},
				InputType: dec(12, 2), ResultType: dec(22, 2), BufferNames: []string{"sum", "isEmpty"}},
		},
		ResultExprs: []*planv1.Expr{col(0, intT), col(1, longT), col(2, dec(22, 2)), {DataType: boolT, Kind: &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: 3}}}},
		ResultNames: []string{"i", "count", "sum", "isEmpty"},
	}
	task, err := DecodeTask(aggOp(h))
	if err != nil {
		t.Fatal(err)
	}
	n := task.Root.(*HashAggregate)
	want := types.Schema{{Name: "i", Type: types.IntType, Nullable: true}, {Name: "count", Type: types.LongType},
		{Name: "sum", Type: types.DecimalType(22, 2), Nullable: true}, {Name: "isEmpty", Type: types.BooleanType}}
	if len(n.Intermediate) != len(want) {
		t.Fatalf("intermediate %v", n.Intermediate)
	}
	for i := range want {
		if n.Intermediate[i] != want[i] {
			t.Errorf("intermediate[%d] = %+v, want %+v", i, n.Intermediate[i], want[i])
		}
	}
	if !n.EmitsBuffers() || len(n.Output()) != 4 {
		t.Fatalf("output %v", n.Output())
	}

	// Spark's result type is checked.
	h.Functions[1].ResultType = dec(12, 2)
	if _, err := DecodeTask(aggOp(h)); err == nil || !strings.Contains(err.Error(), "Spark's is decimal(22,2)") {
		t.Fatalf("want a result type error, got %v", err)
	}
	h.Functions[1].ResultType = dec(22, 2)
	// Merge modes read input buffers of the buffer's types.
	h.Functions[1].Mode = planv1.AggregateMode_AGGREGATE_MODE_FINAL
	h.Functions[1].Args = nil
	h.Functions[1].InputBufferOrdinals = []int32{0, 1}
	if _, err := DecodeTask(aggOp(h)); err == nil || !strings.Contains(err.Error(), "mixed") && !strings.Contains(err.Error(), "input buffer column") {
		t.Fatalf("want a buffer type error, got %v", err)
	}
}
