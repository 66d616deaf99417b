package sparkplan

import (
	"strings"
	"testing"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
)

// A plan the join cannot run is refused when decoded, naming the node.
func TestDecodeHashJoinChecks(t *testing.T) {
	intCol := func(i int32) *planv1.Expr {
		return &planv1.Expr{DataType: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_INT}, Nullable: true,
			Kind: &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: i}}}
	}
	input := func(id int64) *planv1.Operator {
		return &planv1.Operator{PlanId: id, Kind: &planv1.Operator_ArrowInput{ArrowInput: &planv1.ArrowInput{
			Schema: &planv1.Schema{Fields: []*planv1.Field{{Name: "x", Type: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_INT}, Nullable: true}}}}}}
	}
	for _, c := range []struct {
		name string
		join *planv1.HashJoin
		want string
	}{
		{"no join type", &planv1.HashJoin{LeftKeys: []*planv1.Expr{intCol(0)}, RightKeys: []*planv1.Expr{intCol(0)}}, "join type"},
		{"keys unpaired", &planv1.HashJoin{JoinType: planv1.JoinType_JOIN_TYPE_INNER, LeftKeys: []*planv1.Expr{intCol(0)}}, "1 left keys and 0 right keys"},
		// No keys is a nested loop join; this one's output is still checked.
		{"no keys", &planv1.HashJoin{JoinType: planv1.JoinType_JOIN_TYPE_INNER, Output: &planv1.Schema{}}, "output has 0 columns"},
		{"null-aware without a key", &planv1.HashJoin{JoinType: planv1.JoinType_JOIN_TYPE_LEFT_ANTI, NullAwareAnti: true}, "null-aware"},
		{"null-aware inner", &planv1.HashJoin{JoinType: planv1.JoinType_JOIN_TYPE_INNER, NullAwareAnti: true,
			LeftKeys: []*planv1.Expr{intCol(0)}, RightKeys: []*planv1.Expr{intCol(0)}}, "null-aware"},
		{"short output", &planv1.HashJoin{JoinType: planv1.JoinType_JOIN_TYPE_INNER,
			LeftKeys: []*planv1.Expr{intCol(0)}, RightKeys: []*planv1.Expr{intCol(0)}, Output: &planv1.Schema{}}, "output has 0 columns"},
	} {
		op := &planv1.Operator{PlanId: 1, Children: []*planv1.Operator{input(2), input(3)},
			Kind: &planv1.Operator_HashJoin{HashJoin: c.join}}
		_, err := DecodeTask(&planv1.TaskPlan{Root: op})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "hash_join") {
			t.Errorf("%s: got %v, want an error at root.hash_join containing %q", c.name, err, c.want)
		}
	}
}
