package translate

import (
	"fmt"

	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan"
)

// BuildShuffleWriter returns the writer of a native exchange's map task
// (task.ShuffleWrite): Spark's partitioning of the root's rows, blocks
// compressed with the plan's codec, buffers reserved from env.Memory and
// spilled to env.Spill when refused.
func BuildShuffleWriter(task *sparkplan.Task, env Env) (*shuffle.Writer, error) {
	w := task.ShuffleWrite
	if w == nil {
		return nil, fmt.Errorf("task %q writes no shuffle", task.TaskID)
	}
	if env.SessionTimeZone == "" {
		env.SessionTimeZone = task.SessionTimeZone
	}
	var part shuffle.Partitioner
	switch w.Kind {
	case sparkplan.HashPartitioned:
		keys, err := buildExprs(w.Keys)
		if err != nil {
			return nil, fmt.Errorf("shuffle write hash keys: %w", err)
		}
		part = &shuffle.Hash{Keys: keys, N: w.NumPartitions}
	case sparkplan.SinglePartitioned:
		part = shuffle.Single{}
	case sparkplan.RoundRobinPartitioned:
		part = &shuffle.RoundRobin{N: w.NumPartitions, Start: w.Start}
	default:
		return nil, fmt.Errorf("shuffle write: unknown partitioning %d", w.Kind)
	}
	codec, err := spill.ParseCodec(w.Codec)
	if err != nil {
		return nil, fmt.Errorf("shuffle write: %w", err)
	}
	schema := w.Schema.ArrowSchema(env.SessionTimeZone)
	opts := shuffle.Options{Codec: codec}
	if env.Memory == nil {
		// Unlimited: nothing is refused, so nothing spills.
		return shuffle.NewWriter(schema, part, env.Mem, opts, w.PlanID, nil, nil)
	}
	return shuffle.NewWriter(schema, part, env.Mem, opts, w.PlanID, env.Memory.NewReservation("ShuffleWrite"), env.Spill)
}
