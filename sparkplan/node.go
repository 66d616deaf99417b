package sparkplan

import (
	"github.com/ember-spark/ember/sparkplan/types"
)

// Node is one operator of a native region of a Spark physical plan.
type Node interface {
	// PlanID is the SparkPlan.id of the node this one replaces.
	PlanID() int64
	// Children are the input operators.
	Children() []Node
	// Output is the operator's output schema.
	Output() types.Schema
	// Name is the operator's kind, for messages and metrics.
	Name() string
}

type nodeBase struct {
	planID int64
	output types.Schema
}

func (n *nodeBase) PlanID() int64        { return n.planID }
func (n *nodeBase) Output() types.Schema { return n.output }

// FileSplit is the byte range [Start, Start+Length) of one file (PartitionedFile).
type FileSplit struct {
	Path     string
	Start    int64
	Length   int64
	FileSize int64
}

// ParquetScan reads Parquet files (FileSourceScanExec); its output is RequiredSchema.
type ParquetScan struct {
	nodeBase
	RequiredSchema types.Schema
	// DataFilters are bound to RequiredSchema; used only to skip row groups.
	DataFilters   []Expr
	Files         []FileSplit
	CaseSensitive bool
	// DatetimeRebaseMode and INT96RebaseMode are Spark's LegacyBehaviorPolicy
	// names (EXCEPTION, CORRECTED, LEGACY); "" means Spark's default.
	DatetimeRebaseMode       string
	INT96RebaseMode          string
	INT96TimestampConversion bool
	IgnoreMissingFiles       bool
	IgnoreCorruptFiles       bool
}

func (*ParquetScan) Children() []Node { return nil }
func (*ParquetScan) Name() string     { return "ParquetScan" }

// Filter keeps the rows of Child for which Condition is true (FilterExec).
type Filter struct {
	nodeBase
	Child     Node
	Condition Expr
}

func (n *Filter) Children() []Node { return []Node{n.Child} }
func (*Filter) Name() string       { return "Filter" }

// Project computes one output column per expression (ProjectExec).
type Project struct {
	nodeBase
	Child Node
	Exprs []Expr
}

func (n *Project) Children() []Node { return []Node{n.Child} }
func (*Project) Name() string       { return "Project" }

// Expand emits one row per projection for every input row (ExpandExec).
type Expand struct {
	nodeBase
	Child Node
	// Projections each have one expression per output field.
	Projections [][]Expr
}

func (n *Expand) Children() []Node { return []Node{n.Child} }
func (*Expand) Name() string       { return "Expand" }

// Union concatenates its children (UnionExec).
type Union struct {
	nodeBase
	Inputs []Node
}

func (n *Union) Children() []Node { return n.Inputs }
func (*Union) Name() string       { return "Union" }

// Task is one Spark task's plan.
type Task struct {
	Root            Node
	TaskID          string
	PartitionID     int32
	TaskAttemptID   int64
	SessionTimeZone string
	// BatchSize is the target rows per batch (> 0).
	BatchSize int
	// SpillDirs are the executor's local directories for spill files.
	SpillDirs []string
	// MemoryLimit caps the task's reservations (bytes Spark granted it); 0: none.
	MemoryLimit int64
	// PartialSkip, if set, lets grouped partial aggregates stop grouping
	// where it does not reduce their rows.
	PartialSkip *PartialAggregateSkip
	// Inputs is the number of ArrowInput leaves (numbered 0..Inputs-1).
	Inputs int
	// PullInputs: the client sends input pieces only when asked
	// (ExecuteResponse.input_wanted): several inputs, or a broadcast input.
	PullInputs bool
	// ShuffleWrite, when set, makes the task a native exchange's map task:
	// the root's rows are written as a shuffle data file, not returned.
	ShuffleWrite *ShuffleWrite
}

// PartialAggregateSkip: after MinRows input rows, a grouped partial
// aggregate with more than MaxGroupRatio groups per row passes its rows
// through ungrouped.
type PartialAggregateSkip struct {
	MinRows       int64
	MaxGroupRatio float64
}

// DefaultBatchSize is the target rows per batch when the plan does not say.
const DefaultBatchSize = 8192

// ArrowInput is a leaf whose rows arrive from the JVM on the Execute stream.
type ArrowInput struct {
	nodeBase
	// Index is which of the task's inputs the leaf reads (0..Task.Inputs-1).
	Index int
	// ConcatenatedStreams: the input is native shuffle blocks, zero or more
	// complete Arrow IPC streams one after the other, not one stream.
	ConcatenatedStreams bool
	// Broadcast, when set, names the Spark broadcast the input is: the join
	// reading it may share its build side with other tasks, and the input is
	// pulled (read only when asked for).
	Broadcast *BroadcastRef
	// Segments are the task's blocks in local shuffle files, read from the
	// files rather than forwarded (only with ConcatenatedStreams).
	Segments []FileSegment
}

// BroadcastRef is a Spark broadcast: its id within its application.
type BroadcastRef struct {
	ApplicationID string
	ID            int64
}

// FileSegment is a byte range of a local shuffle data file: one or more
// whole blocks, so complete Arrow IPC streams.
type FileSegment struct {
	Path   string
	Offset int64
	Length int64
}

func (*ArrowInput) Children() []Node { return nil }
func (*ArrowInput) Name() string     { return "ArrowInput" }
