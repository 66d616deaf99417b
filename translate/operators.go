package translate

import (
	"context"
	"errors"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/parquetscan"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan"
)

// operatorBuilder builds the native operator for one plan node over its
// already-built children.
type operatorBuilder func(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error)

// buildArrowInput: rows from the JVM (sparkplan.ArrowInput).
func buildArrowInput(n sparkplan.Node, _ []native.Operator, env *Env) (native.Operator, error) {
	if env.Input == nil {
		return nil, errors.New("the plan reads an Arrow input but the task has no input stream")
	}
	in := n.(*sparkplan.ArrowInput)
	index, schema := in.Index, n.Output().ArrowSchema(env.SessionTimeZone)
	open := func(ctx context.Context) (native.RecordSource, error) { return env.Input(ctx, index) }
	if in.ConcatenatedStreams {
		// Native shuffle blocks: those in local files read from them, the
		// others forwarded as fetched (several IPC streams).
		if env.InputBytes == nil {
			return nil, errors.New("the plan reads shuffle blocks but the task has no input stream")
		}
		segments := make([]shuffle.Segment, len(in.Segments))
		for i, s := range in.Segments {
			segments[i] = shuffle.Segment{Path: s.Path, Offset: s.Offset, Length: s.Length}
		}
		open = func(ctx context.Context) (native.RecordSource, error) {
			r, err := env.InputBytes(ctx, index)
			if err != nil {
				return nil, err
			}
			forwarded := native.NewStreamsSource(r, schema, env.Mem)
			if len(segments) == 0 {
				return forwarded, nil
			}
			// The local blocks first: the JVM's fetches of the remote ones are
			// in flight meanwhile, and it is asked for them only afterwards.
			return native.NewChainedSource(shuffle.NewSegmentsSource(segments, schema, env.Mem), forwarded), nil
		}
	}
	return native.NewArrowInput(open, schema, n.PlanID()), nil
}

// buildFilter: FilterExec.
func buildFilter(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	f := n.(*sparkplan.Filter)
	cond, err := buildExpr(f.Condition)
	if err != nil {
		return nil, err
	}
	if scan, ok := children[0].(*parquetscan.Scan); ok && scanRowFilterEnabled {
		if m := scanRowFilter(f.Condition, scan.Schema()); len(m) > 0 {
			if err := scan.SetRowFilter(m); err != nil {
				return nil, err
			}
		}
	}
	return native.NewFilter(children[0], cond, env.Mem, n.PlanID()), nil
}

// buildProject: ProjectExec.
func buildProject(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	p := n.(*sparkplan.Project)
	exprs, err := buildExprs(p.Exprs)
	if err != nil {
		return nil, err
	}
	return native.NewProject(children[0], exprs, n.Output().ArrowSchema(env.SessionTimeZone), env.Mem, n.PlanID()), nil
}

// buildExpand: ExpandExec.
func buildExpand(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	e := n.(*sparkplan.Expand)
	projections := make([][]expr.Evaluator, len(e.Projections))
	for j, p := range e.Projections {
		exprs, err := buildExprs(p)
		if err != nil {
			return nil, err
		}
		projections[j] = exprs
	}
	return native.NewExpand(children[0], projections, n.Output().ArrowSchema(env.SessionTimeZone), env.Mem, env.BatchSize, n.PlanID()), nil
}

// buildUnion: UnionExec.
func buildUnion(n sparkplan.Node, children []native.Operator, env *Env) (native.Operator, error) {
	return native.NewUnion(children, n.Output().ArrowSchema(env.SessionTimeZone), n.PlanID()), nil
}
