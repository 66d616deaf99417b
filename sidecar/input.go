package sidecar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ember-spark/ember/native"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
)

// taskInputs feeds a task's ArrowInput leaves from the requests the client
// sends after the plan. One goroutine receives them and hands each piece to
// its input; each leaf reads its input as one Arrow IPC stream.
//
// With one input (push mode) the client sends ExecuteRequest.arrow_ipc pieces
// as gRPC flow control allows and half-closes at the end; a piece waits until
// the leaf takes it, so flow control paces the client.
//
// With several inputs (pull mode) a blocked piece of one input would stall the
// whole call while a hash join reads another input to its end, so the client
// sends a piece of input k (ExecuteRequest.input) only when the sidecar asks
// (ExecuteResponse.input_wanted = k). A leaf asks when it starts reading and
// again as soon as it takes a piece (one piece ahead, so the client converts
// the next rows while the sidecar works); at most one request per input is
// outstanding and at most one piece per input waits, so receiving never blocks.
// A piece nobody asked for, of an unknown input, or after its input's last
// piece fails the task with INVALID_ARGUMENT.
type taskInputs struct {
	recv   func() (*sidecarv1.ExecuteRequest, error)
	ask    func(index int) error
	mem    memory.Allocator
	pull   bool
	inputs []*inputPipe

	start    sync.Once
	stop     chan struct{} // closed when the task ends
	stopOnce sync.Once
	failed   chan struct{} // closed with failErr set when the requests went wrong
	failOnce sync.Once
	failErr  error

	mu      sync.Mutex
	readers []*ipc.Reader
}

// inputPiece is one received piece; last ends its input.
type inputPiece struct {
	data []byte
	last bool
}

// inputPipe is one input: the pieces received for it and the reader's state.
type inputPipe struct {
	index  int
	owner  *taskInputs
	pieces chan inputPiece
	asked  bool         // pull: the reader has a request outstanding (task goroutine)
	grants atomic.Int32 // pull: pieces asked for and not yet received
	opened bool         // the leaf has opened it (task goroutine)
	ended  bool         // the last piece was received (receiving goroutine)
	ctx    context.Context
	cur    []byte
	eof    bool
}

// newTaskInputs returns the inputs of a task with n ArrowInput leaves: push
// mode for one, pull mode (asking with ask) for several or when pull is set
// (a broadcast input, whose bytes are sent only if the task reads them).
func newTaskInputs(n int, pull bool, recv func() (*sidecarv1.ExecuteRequest, error), ask func(index int) error, mem memory.Allocator) *taskInputs {
	t := &taskInputs{recv: recv, ask: ask, mem: mem, pull: n > 1 || pull,
		stop: make(chan struct{}), failed: make(chan struct{})}
	for i := 0; i < n; i++ {
		p := &inputPipe{index: i, owner: t}
		if t.pull {
			p.pieces = make(chan inputPiece, 1)
		} else {
			p.pieces = make(chan inputPiece)
		}
		t.inputs = append(t.inputs, p)
	}
	return t
}

// open returns the Arrow IPC reader of input index; each input opens once.
func (t *taskInputs) open(ctx context.Context, index int) (native.RecordSource, error) {
	p, err := t.openBytes(ctx, index)
	if err != nil {
		return nil, err
	}
	r, err := ipc.NewReader(p, ipc.WithAllocator(t.mem))
	if err != nil {
		return nil, fmt.Errorf("reading the Arrow IPC schema of input %d: %w", index, err)
	}
	t.mu.Lock()
	t.readers = append(t.readers, r)
	t.mu.Unlock()
	return r, nil
}

// openBytes returns the bytes of input index (its pieces in order); each
// input opens once.
func (t *taskInputs) openBytes(ctx context.Context, index int) (io.Reader, error) {
	if index < 0 || index >= len(t.inputs) {
		return nil, fmt.Errorf("the task has no input %d", index)
	}
	p := t.inputs[index]
	if p.opened {
		return nil, fmt.Errorf("input %d can be read only once", index)
	}
	p.opened = true
	p.ctx = ctx
	t.start.Do(func() { go t.receive() })
	return p, nil
}

// close releases the readers and stops the receiving goroutine.
func (t *taskInputs) close() {
	t.stopOnce.Do(func() { close(t.stop) })
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.readers {
		r.Release()
	}
	t.readers = nil
}

func (t *taskInputs) fail(err error) {
	t.failOnce.Do(func() {
		t.failErr = err
		close(t.failed)
	})
}

func invalid(format string, args ...any) error {
	return status.Errorf(codes.InvalidArgument, "ember sidecar: "+format, args...)
}

// receive hands the client's pieces to their inputs until the client
// half-closes, the call fails, or the task ends.
func (t *taskInputs) receive() {
	for {
		req, err := t.recv()
		if errors.Is(err, io.EOF) {
			t.endOfRequests()
			return
		}
		if err != nil {
			t.fail(err)
			return
		}
		if !t.deliver(req) {
			return
		}
	}
}

// endOfRequests: the client half-closed. In push mode that ends the input; in
// pull mode every input must have had its last piece.
func (t *taskInputs) endOfRequests() {
	if !t.pull {
		t.put(t.inputs[0], inputPiece{last: true})
		return
	}
	for _, p := range t.inputs {
		if !p.ended {
			t.fail(invalid("the client ended its requests before the last piece of input %d", p.index))
			return
		}
	}
}

// deliver hands one request's piece to its input; false when receiving must stop.
func (t *taskInputs) deliver(req *sidecarv1.ExecuteRequest) bool {
	switch k := req.GetKind().(type) {
	case *sidecarv1.ExecuteRequest_ArrowIpc:
		if t.pull {
			t.fail(invalid("a plan with %d inputs takes input pieces (ExecuteRequest.input), not arrow_ipc", len(t.inputs)))
			return false
		}
		return t.put(t.inputs[0], inputPiece{data: k.ArrowIpc})
	case *sidecarv1.ExecuteRequest_Input:
		piece := k.Input
		if !t.pull {
			t.fail(invalid("a plan with one input takes arrow_ipc pieces, not input pieces"))
			return false
		}
		i := int(piece.GetIndex())
		if i < 0 || i >= len(t.inputs) {
			t.fail(invalid("a piece of input %d, but the plan has inputs 0..%d", i, len(t.inputs)-1))
			return false
		}
		p := t.inputs[i]
		if p.ended {
			t.fail(invalid("a piece of input %d after its last piece", i))
			return false
		}
		if p.grants.Add(-1) < 0 {
			t.fail(invalid("a piece of input %d that the sidecar did not ask for", i))
			return false
		}
		p.ended = piece.GetLast()
		return t.put(p, inputPiece{data: piece.GetArrowIpc(), last: piece.GetLast()})
	default:
		t.fail(invalid("after the plan, an Execute stream may carry only input pieces"))
		return false
	}
}

// put waits until input p takes the piece (push mode) or queues it (pull
// mode, where the one-request rule leaves room); false when the task ended.
func (t *taskInputs) put(p *inputPipe, piece inputPiece) bool {
	select {
	case p.pieces <- piece:
		return true
	case <-t.stop:
		return false
	}
}

// Read reads the input's Arrow IPC bytes, asking the client for pieces in
// pull mode.
func (p *inputPipe) Read(b []byte) (int, error) {
	t := p.owner
	for len(p.cur) == 0 {
		if p.eof {
			return 0, io.EOF
		}
		if t.pull && !p.asked {
			if err := p.request(); err != nil {
				return 0, err
			}
		}
		select {
		case piece := <-p.pieces:
			p.asked = false
			p.cur = piece.data
			p.eof = piece.last
			if t.pull && !piece.last {
				// One piece ahead: the client prepares it while this one is read.
				if err := p.request(); err != nil {
					return 0, err
				}
			}
		case <-t.failed:
			return 0, t.failErr
		case <-t.stop:
			return 0, errors.New("task ended")
		case <-p.ctx.Done():
			return 0, context.Cause(p.ctx)
		}
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// request asks the client for the input's next piece.
func (p *inputPipe) request() error {
	p.asked = true
	p.grants.Add(1)
	if err := p.owner.ask(p.index); err != nil {
		return fmt.Errorf("asking for a piece of input %d: %w", p.index, err)
	}
	return nil
}
