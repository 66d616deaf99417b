package sidecar

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/translate"
)

// spillingOp reserves memory and writes a spill file in Open, then fails or ends.
type spillingOp struct {
	native.Operator
	env     translate.Env
	fail    bool
	res     *native.Reservation
	metrics native.Metrics
}

func (op *spillingOp) Open(context.Context) error {
	op.res = op.env.Memory.NewReservation("test")
	if !op.res.TryGrow(1000) {
		return errors.New("refused")
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int32}}, nil)
	w, err := op.env.Spill.Create(schema, op.env.Mem)
	if err != nil {
		return err
	}
	_, err = w.Finish()
	return err
}

func (op *spillingOp) Next(context.Context) (arrow.RecordBatch, error) {
	if op.fail {
		return nil, errors.New("operator failed after spilling")
	}
	return nil, nil
}

// Close leaves the reservation held on purpose: the task's end must return it.
func (op *spillingOp) Close() error             { return nil }
func (op *spillingOp) Schema() *arrow.Schema    { return arrow.NewSchema(nil, nil) }
func (op *spillingOp) Metrics() *native.Metrics { return &op.metrics }
func (op *spillingOp) Children() []native.Operator {
	return nil
}

// Spill files live under the directories the plan names and are gone when the
// task ends, whether it succeeded or failed; reservations are returned.
func TestTaskEndRemovesSpillFilesAndReservations(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "ember.sock")
	ln, err := Listen(socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), memory.NewGoAllocator())
	srv.SetMemory(1<<20, spill.Zstd)
	var sawSpillDir string
	srv.build = func(task *sparkplan.Task, env translate.Env) (native.Operator, error) {
		if len(task.SpillDirs) == 1 {
			sawSpillDir = task.SpillDirs[0]
		}
		return &spillingOp{env: env, fail: task.TaskID == "fails"}, nil
	}
	g := srv.GRPCServer(testToken)
	go g.Serve(ln)
	defer g.Stop()
	c := dial(t, socket)
	for _, id := range []string{"fails", "succeeds"} {
		root := t.TempDir()
		plan := arrowInputPlan(id)
		plan.SpillDirs = []string{root}
		_, _, err := execute(authed(t), c, plan, nil)
		if (id == "fails") != (err != nil) {
			t.Fatalf("%s: error %v", id, err)
		}
		if sawSpillDir != root {
			t.Fatalf("%s: the task saw spill dir %q, want %q", id, sawSpillDir, root)
		}
		left, _ := os.ReadDir(root)
		if len(left) != 0 {
			t.Fatalf("%s: spill files left after the task: %v", id, left)
		}
		if r := srv.pool.Reserved(); r != 0 {
			t.Fatalf("%s: %d bytes still reserved after the task", id, r)
		}
	}
}
