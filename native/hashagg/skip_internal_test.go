package hashagg

import (
	"testing"

	"github.com/ember-spark/ember/native/expr"
)

// A PartialMerge aggregate (the DISTINCT dedup step, whose rows a Partial
// aggregate in the same stage counts) and an aggregate without functions
// (whose mode is unknown) never skip grouping.
func TestPartialSkipOnlyInPartialMode(t *testing.T) {
	skip := &PartialSkip{MinRows: 1, MaxGroupRatio: 0.1}
	grouping := []expr.Evaluator{nil}
	cases := []struct {
		name  string
		funcs []Function
		want  bool
	}{
		{"partial count", []Function{{Name: "count"}}, true},
		{"partial-merge count", []Function{{Name: "count", Merge: true}}, false},
		{"no functions", nil, false},
	}
	for _, c := range cases {
		op := &hashAggOp{spec: Spec{Grouping: grouping, EmitBuffers: true, PartialSkip: skip, Functions: c.funcs}}
		if got := op.skipApplies(); got != c.want {
			t.Errorf("%s: skipApplies = %v, want %v", c.name, got, c.want)
		}
	}
}
