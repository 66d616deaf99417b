package translate

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/sparkplan"
)

// Env is what a task's operators need from the sidecar.
type Env struct {
	// Mem is the task's allocator; every operator allocates from it.
	Mem memory.Allocator
	// Input opens the rows the JVM sends on the Execute stream for the
	// ArrowInput leaf of the given index. Nil when the task has no input stream.
	Input func(ctx context.Context, index int) (native.RecordSource, error)
	// InputBytes opens the raw bytes of the input of the given index, for a
	// leaf that reads concatenated streams (native shuffle blocks).
	InputBytes func(ctx context.Context, index int) (io.Reader, error)
	// SessionTimeZone is spark.sql.session.timeZone.
	SessionTimeZone string
	// BatchSize is the target rows per batch.
	BatchSize int
	// Memory reserves operator state from the sidecar's budget (nil: unlimited).
	Memory *native.TaskMemory
	// Spill is the task's spill directory; needed only when Memory can refuse.
	Spill *spill.Dir
	// PartialSkip is the task's partial-aggregate skipping rule (nil: never).
	PartialSkip *sparkplan.PartialAggregateSkip
	// BuildCache shares broadcast joins' build sides among tasks (nil: none).
	BuildCache *join.BuildCache
}

// Build returns a fresh operator tree for task.
func Build(task *sparkplan.Task, env Env) (native.Operator, error) {
	if env.SessionTimeZone == "" {
		env.SessionTimeZone = task.SessionTimeZone
	}
	if env.BatchSize <= 0 {
		env.BatchSize = task.BatchSize
	}
	if env.PartialSkip == nil {
		env.PartialSkip = task.PartialSkip
	}
	if env.Memory == nil {
		// Unlimited: nothing is refused, so nothing spills and Spill may stay nil.
		env.Memory = native.NewMemoryPool(0).NewTask(task.TaskID)
	}
	return buildNode(task.Root, &env)
}

func buildNode(n sparkplan.Node, env *Env) (native.Operator, error) {
	build, ok := operatorBuilders[n.Name()]
	if !ok {
		return nil, fmt.Errorf("operator %s is not supported by this sidecar", n.Name())
	}
	children := make([]native.Operator, len(n.Children()))
	for i, c := range n.Children() {
		op, err := buildNode(c, env)
		if err != nil {
			closeAll(children[:i])
			return nil, err
		}
		children[i] = op
	}
	op, err := build(n, children, env)
	if err != nil {
		closeAll(children)
		return nil, fmt.Errorf("%s (plan id %d): %w", n.Name(), n.PlanID(), err)
	}
	return op, nil
}

func closeAll(ops []native.Operator) {
	for _, op := range ops {
		if op != nil {
			_ = op.Close()
		}
	}
}
