package translate

import (
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/sparkplan"
)

// joinTypes maps the plan's join types to the operator's (one list of
// Spark's join types each, kept apart so native/join does not import sparkplan).
var joinTypes = map[sparkplan.JoinType]join.Type{
	sparkplan.InnerJoin:      join.Inner,
	sparkplan.LeftOuterJoin:  join.LeftOuter,
	sparkplan.RightOuterJoin: join.RightOuter,
	sparkplan.FullOuterJoin:  join.FullOuter,
	sparkplan.LeftSemiJoin:   join.LeftSemi,
	sparkplan.LeftAntiJoin:   join.LeftAnti,
}

// buildHashJoin: BroadcastHashJoinExec, ShuffledHashJoinExec and
// SortMergeJoinExec. The build side's table is reserved from the task's
// memory; when refused, both sides spill to the task's spill directory.
func buildHashJoin(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	h := n.(*sparkplan.HashJoin)
	leftKeys, err := buildExprs(h.LeftKeys)
	if err != nil {
		return nil, err
	}
	rightKeys, err := buildExprs(h.RightKeys)
	if err != nil {
		return nil, err
	}
	var condition expr.Evaluator
	if h.Condition != nil {
		if condition, err = buildExpr(h.Condition); err != nil {
			return nil, err
		}
	}
	spec := join.Spec{
		Type:            joinTypes[h.Type],
		BuildLeft:       h.BuildLeft,
		LeftKeys:        leftKeys,
		RightKeys:       rightKeys,
		Condition:       condition,
		NullAwareAnti:   h.NullAwareAnti,
		BuildHasNullKey: h.BuildHasNullKey,
		Schema:          n.Output().ArrowSchema(env.SessionTimeZone),
		BatchSize:       env.BatchSize,
	}
	// A build side that is a broadcast is shared with the other tasks that
	// read it on this sidecar, keyed by what the build side holds.
	build, buildOp := h.Right, children[1]
	if h.BuildLeft {
		build, buildOp = h.Left, children[0]
	}
	if in, ok := build.(*sparkplan.ArrowInput); ok && in.Broadcast != nil && env.BuildCache.Enabled() {
		spec.Cache = env.BuildCache
		spec.CacheKey = join.CacheKey{ApplicationID: in.Broadcast.ApplicationID, BroadcastID: in.Broadcast.ID,
			Shape: buildOp.Schema().String() + "\x00" + h.BuildKeysFingerprint + "\x00" + env.SessionTimeZone}
	}
	return join.NewSpillingHashJoin(children[0], children[1], spec, env.Mem, n.PlanID(),
		env.Memory.NewReservation("HashJoin"), env.Spill)
}
