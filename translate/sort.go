package translate

import (
	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/native"
	nsort "github.com/ember-spark/ember/native/sort"
	"github.com/ember-spark/ember/sparkplan"
)

func buildSortKeys(keys []sparkplan.SortKey) ([]nsort.Key, error) {
	out := make([]nsort.Key, len(keys))
	for i, k := range keys {
		e, err := buildExpr(k.Expr)
		if err != nil {
			return nil, err
		}
		out[i] = nsort.Key{Expr: e, Key: order.Key{Descending: k.Descending, NullsFirst: k.NullsFirst}}
	}
	return out, nil
}

// buildSort: SortExec.
func buildSort(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	s := n.(*sparkplan.Sort)
	keys, err := buildSortKeys(s.Keys)
	if err != nil {
		return nil, err
	}
	return nsort.NewSpillingSort(children[0], keys, env.Mem, env.BatchSize, n.PlanID(),
		env.Memory.NewReservation("Sort"), env.Spill), nil
}

// buildTopN: the per-partition half of TakeOrderedAndProjectExec.
func buildTopN(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	t := n.(*sparkplan.TopN)
	keys, err := buildSortKeys(t.Keys)
	if err != nil {
		return nil, err
	}
	return nsort.NewReservedTopN(children[0], keys, t.Limit, env.Mem, env.BatchSize, n.PlanID(), env.Memory.NewReservation("TopN")), nil
}

// buildLimit: LocalLimitExec and GlobalLimitExec.
func buildLimit(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	l := n.(*sparkplan.Limit)
	return native.NewLimit(children[0], l.Limit, l.Offset, env.Mem, n.PlanID()), nil
}
