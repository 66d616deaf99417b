package sparkplan

import (
	"strings"
	"testing"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
)

func TestDecodeSortLimitTopN(t *testing.T) {
	keys := []*planv1.SortKey{{Expr: col(1, dec(12, 2)), Descending: true}, {Expr: col(0, intT), NullsFirst: true}}
	topN := &planv1.Operator{PlanId: 1, Kind: &planv1.Operator_TopN{TopN: &planv1.TopN{Keys: keys, Limit: 10}},
		Children: []*planv1.Operator{{PlanId: 2, Kind: &planv1.Operator_Limit{Limit: &planv1.Limit{Limit: 20, Offset: 3}},
			Children: []*planv1.Operator{{PlanId: 4, Kind: &planv1.Operator_Sort{Sort: &planv1.Sort{Keys: keys}},
				Children: []*planv1.Operator{scanOp()}}}}}}
	task, err := DecodeTask(&planv1.TaskPlan{Root: topN})
	if err != nil {
		t.Fatal(err)
	}
	tn := task.Root.(*TopN)
	if tn.Limit != 10 || len(tn.Keys) != 2 || !tn.Keys[0].Descending || tn.Keys[0].NullsFirst || !tn.Keys[1].NullsFirst {
		t.Fatalf("top-n %+v", tn)
	}
	l := tn.Child.(*Limit)
	if l.Limit != 20 || l.Offset != 3 || l.Output()[1].Name != "d" {
		t.Fatalf("limit %+v", l)
	}
	if s := l.Child.(*Sort); len(s.Keys) != 2 || s.Keys[0].Expr.DataType().Precision != 12 {
		t.Fatalf("sort %+v", s)
	}

	bad := []struct {
		op   *planv1.Operator
		want string
	}{
		{&planv1.Operator{Kind: &planv1.Operator_Sort{Sort: &planv1.Sort{}}, Children: []*planv1.Operator{scanOp()}}, "no sort keys"},
		{&planv1.Operator{Kind: &planv1.Operator_Sort{Sort: &planv1.Sort{Keys: keys}}}, "sort needs 1 children"},
		{&planv1.Operator{Kind: &planv1.Operator_Sort{Sort: &planv1.Sort{Keys: []*planv1.SortKey{{Expr: col(5, intT)}}}},
			Children: []*planv1.Operator{scanOp()}}, "root.sort.keys[0].expr"},
		{&planv1.Operator{Kind: &planv1.Operator_Limit{Limit: &planv1.Limit{Limit: 1, Offset: -1}}, Children: []*planv1.Operator{scanOp()}}, "negative offset"},
		{&planv1.Operator{Kind: &planv1.Operator_TopN{TopN: &planv1.TopN{Keys: keys, Limit: -1}}, Children: []*planv1.Operator{scanOp()}}, "negative limit"},
	}
	for _, b := range bad {
		if _, err := DecodeTask(&planv1.TaskPlan{Root: b.op}); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("want an error with %q, got %v", b.want, err)
		}
	}
}
