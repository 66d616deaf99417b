package sidecar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/tz"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/spill"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/translate"
)

var (
	errCancelled = errors.New("task cancelled by the client")
	errShutdown  = errors.New("sidecar is shutting down")
)

// Execute runs one task: decode the plan, build the operators, stream the
// result as Arrow IPC, then send the metrics.
func (s *Server) Execute(stream sidecarv1.SidecarService_ExecuteServer) (err error) {
	first, err := stream.Recv()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return status.Error(codes.InvalidArgument, "ember sidecar: the Execute stream ended before the plan arrived")
		}
		return err
	}
	plan := first.GetPlan()
	if plan == nil {
		return status.Error(codes.InvalidArgument, "ember sidecar: the first Execute message must carry the task plan")
	}
	if err := tz.Check(plan.GetTzdbVersion()); err != nil {
		return status.Errorf(codes.FailedPrecondition, "ember sidecar: task %q: %v", plan.GetTaskId(), err)
	}
	task, err := sparkplan.DecodeTask(plan)
	if err != nil {
		return status.Errorf(codes.InvalidArgument, "ember sidecar: invalid plan for task %q: %v", plan.GetTaskId(), err)
	}
	ctx, cancel := context.WithCancelCause(stream.Context())
	defer cancel(nil)
	if !s.register(task.TaskID, cancel) {
		return status.Errorf(codes.AlreadyExists, "ember sidecar: task %q is already running", task.TaskID)
	}
	defer s.unregister(task.TaskID)

	log := s.log.With("task", task.TaskID)
	start := time.Now()
	mem := native.NewTaskAllocator(s.mem)
	defer func() {
		if r := recover(); r != nil {
			err = panicError(log, "task "+task.TaskID, r)
		}
		if err != nil {
			s.failed.Add(1)
			log.Warn("task failed", "error", err, "seconds", time.Since(start).Seconds())
		} else {
			s.completed.Add(1)
			log.Debug("task finished", "seconds", time.Since(start).Seconds(), "peak_bytes", mem.Peak())
		}
		if left := mem.Allocated(); left != 0 {
			log.Error("task did not release all its memory", "bytes", left)
		}
	}()

	// Operator state is reserved from the sidecar's budget (and within what Spark
	// granted the task, when it sent a limit); spill files go to the
	// executor's local dirs and are removed when the task ends, however it ends.
	taskMem := s.pool.NewTaskLimited(task.TaskID, task.MemoryLimit)
	spillDir := spill.NewDir(task.SpillDirs, task.TaskID, s.spillCodec)
	defer func() {
		if left := taskMem.Close(); left != 0 {
			log.Error("task ended holding memory reservations", "bytes", left)
		}
		if rerr := spillDir.Remove(); rerr != nil {
			log.Warn("cannot remove the task's spill files", "error", rerr)
		}
	}()

	out := &lockedSender{stream: stream}
	input := newTaskInputs(task.Inputs, task.PullInputs, stream.Recv, out.askInput, mem)
	defer input.close()
	env := translate.Env{Mem: mem, Input: input.open, InputBytes: input.openBytes, Memory: taskMem, Spill: spillDir,
		BuildCache: s.buildCache}
	root, err := s.build(task, env)
	if err != nil {
		return status.Errorf(codes.Unimplemented, "ember sidecar: cannot run the plan of task %q: %v", task.TaskID, err)
	}
	if task.ShuffleWrite != nil {
		var w *shuffle.Writer
		if w, err = translate.BuildShuffleWriter(task, env); err != nil {
			root.Close()
			return status.Errorf(codes.Unimplemented, "ember sidecar: cannot write the shuffle of task %q: %v", task.TaskID, err)
		}
		err = runShuffleWrite(ctx, root, w, task.ShuffleWrite.DataPath, out, mem, log)
	} else {
		err = runTask(ctx, root, out, mem, log)
	}
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
			return status.Errorf(codes.Canceled, "ember sidecar: task %q stopped: %v", task.TaskID, cause)
		}
		if _, ok := status.FromError(err); ok && status.Code(err) != codes.Unknown {
			return err
		}
		if st := sparkErrorStatus(task.TaskID, err); st != nil {
			return st.Err()
		}
		return status.Errorf(codes.Unknown, "ember sidecar: task %q failed: %v", task.TaskID, err)
	}
	return nil
}

// runTask drives root to the end, sending each batch as Arrow IPC.
func runTask(ctx context.Context, root native.Operator, stream *lockedSender, mem *native.TaskAllocator, log *slog.Logger) (err error) {
	defer func() {
		if cerr := root.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := root.Open(ctx); err != nil {
		return err
	}
	out := &chunkSender{send: func(b []byte) error {
		return stream.Send(&sidecarv1.ExecuteResponse{Kind: &sidecarv1.ExecuteResponse_ArrowIpc{ArrowIpc: b}})
	}}
	w := ipc.NewWriter(out, ipc.WithSchema(root.Schema()), ipc.WithAllocator(mem))
	defer w.Close()
	for {
		rec, err := root.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		err = w.Write(rec)
		rec.Release()
		if err != nil {
			return fmt.Errorf("writing Arrow IPC: %w", err)
		}
		if err := out.flush(); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("closing Arrow IPC stream: %w", err)
	}
	if err := out.flush(); err != nil {
		return err
	}
	metrics := operatorMetrics(native.CollectMetrics(root))
	log.Debug("task metrics", "operators", len(metrics), "peak_bytes", mem.Peak())
	return stream.Send(&sidecarv1.ExecuteResponse{Kind: &sidecarv1.ExecuteResponse_Result{Result: &sidecarv1.TaskResult{Metrics: metrics}}})
}

// operatorMetrics converts the operators' metrics for the TaskResult.
func operatorMetrics(ms []*native.Metrics) []*sidecarv1.OperatorMetrics {
	var metrics []*sidecarv1.OperatorMetrics
	for _, m := range ms {
		metrics = append(metrics, &sidecarv1.OperatorMetrics{
			PlanId: m.PlanID, Operator: m.Name, OutputRows: m.OutputRows,
			OutputBatches: m.OutputBatches, ComputeNanos: m.ComputeNanos,
			PeakMemoryBytes: m.PeakMemoryBytes, SpillFiles: m.SpillFiles,
			SpillBytes: m.SpillBytes, SpillNanos: m.SpillNanos,
		})
	}
	return metrics
}

// lockedSender sends a task's responses: its output, its result, and (from
// the readers of several inputs) requests for input pieces.
type lockedSender struct {
	mu     sync.Mutex
	stream sidecarv1.SidecarService_ExecuteServer
}

func (l *lockedSender) Send(r *sidecarv1.ExecuteResponse) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stream.Send(r)
}

// askInput asks the client for the next piece of input index.
func (l *lockedSender) askInput(index int) error {
	return l.Send(&sidecarv1.ExecuteResponse{Kind: &sidecarv1.ExecuteResponse_InputWanted{InputWanted: int32(index)}})
}

// chunkSender collects what the IPC writer writes for one batch and sends it
// as one message. Reusing the buffer after Send is safe: grpc-go encodes the
// message before Send returns, and no stats handler is installed.
type chunkSender struct {
	buf  bytes.Buffer
	send func([]byte) error
}

func (c *chunkSender) Write(p []byte) (int, error) { return c.buf.Write(p) }

func (c *chunkSender) flush() error {
	if c.buf.Len() == 0 {
		return nil
	}
	err := c.send(c.buf.Bytes())
	c.buf.Reset()
	return err
}

// sparkErrorStatus is the status of a task that failed with one of Spark's
// error classes: FAILED_PRECONDITION with a SparkError detail, from which the
// plugin raises Spark's exception. Nil when err carries no Spark error class.
func sparkErrorStatus(taskID string, err error) *status.Status {
	var kerr *kernels.Error
	if !errors.As(err, &kerr) || kerr.Class == kernels.ClassUnsupported {
		return nil
	}
	st := status.Newf(codes.FailedPrecondition, "ember sidecar: task %q failed: %v", taskID, err)
	withDetail, derr := st.WithDetails(&sidecarv1.SparkError{
		ErrorClass: kerr.Class, MessageParameters: kerr.Params, Message: kerr.Message})
	if derr != nil {
		return st
	}
	return withDetail
}
