package native

import (
	"context"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Operator is a pull-based vectorized operator.
//
// Contract:
//   - Open prepares the operator and opens its children; it is called once,
//     before any Next.
//   - Next returns the next batch, or (nil, nil) at the end, and keeps returning
//     (nil, nil) after that. It never returns a batch with zero rows.
//   - A returned batch belongs to the caller, who must Release it. The operator
//     keeps no reference that would be invalid after that release.
//   - Next honours ctx cancellation and returns ctx.Err() once cancelled.
//   - Close releases every resource the operator holds, closes its children, and
//     may be called without Open or after an error; calling it twice is safe.
//   - Every buffer comes from the allocator the operator was built with.
type Operator interface {
	Open(ctx context.Context) error
	Next(ctx context.Context) (arrow.RecordBatch, error)
	Close() error
	// Schema is the schema of every batch Next returns.
	Schema() *arrow.Schema
	// Metrics are the operator's counters, updated as it runs.
	Metrics() *Metrics
	// Children are the operator's inputs, for metrics collection.
	Children() []Operator
}

// Metrics are one operator's counters, keyed by the Spark plan id of the node
// it replaces so the JVM can feed Spark's SQL metrics.
type Metrics struct {
	PlanID        int64
	Name          string
	OutputRows    int64
	OutputBatches int64
	// ComputeNanos is time spent in this operator, its children excluded.
	ComputeNanos int64
	// PeakMemoryBytes is the largest reservation the operator's state held.
	PeakMemoryBytes int64
	// SpillFiles, SpillBytes and SpillNanos count the operator's spilling.
	SpillFiles int64
	SpillBytes int64
	SpillNanos int64
}

// Emitted counts one output batch.
func (m *Metrics) Emitted(rec arrow.RecordBatch) {
	if rec != nil {
		m.OutputRows += rec.NumRows()
		m.OutputBatches++
	}
}

// Timer measures compute time; use `defer m.Time()()` around own work only.
func (m *Metrics) Time() func() {
	start := time.Now()
	return func() { m.ComputeNanos += time.Since(start).Nanoseconds() }
}

// CollectMetrics returns the metrics of op and all its descendants, parents first.
func CollectMetrics(op Operator) []*Metrics {
	out := []*Metrics{op.Metrics()}
	for _, c := range op.Children() {
		out = append(out, CollectMetrics(c)...)
	}
	return out
}
