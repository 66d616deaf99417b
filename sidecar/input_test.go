package sidecar

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
)

// unionOfInputsPlan is Union(ArrowInput index order[0], ArrowInput index order[1], ...):
// the union reads its children in turn, each to its end, as a hash join reads its
// build input before its stream input.
func unionOfInputsPlan(id string, order ...int32) *planv1.TaskPlan {
	leaf := arrowInputPlan(id).Root
	u := &planv1.Operator{PlanId: 100, Kind: &planv1.Operator_Union{Union: &planv1.Union{}}}
	for i, idx := range order {
		c := proto.Clone(leaf).(*planv1.Operator)
		c.PlanId = int64(i + 1)
		c.GetArrowInput().Index = idx
		u.Children = append(u.Children, c)
	}
	return &planv1.TaskPlan{TaskId: id, SessionTimeZone: "UTC", Root: u}
}

// pullClient answers the sidecar's requests for input pieces. answer returns the
// request to send for input k's next piece (nil: send nothing). It records the
// order of the requests.
type pullClient struct {
	asked  []int32
	answer func(k int32) []*sidecarv1.ExecuteRequest
}

func (c *pullClient) run(ctx context.Context, client sidecarv1.SidecarServiceClient, plan *planv1.TaskPlan) ([]byte, error) {
	stream, err := client.Execute(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&sidecarv1.ExecuteRequest{Kind: &sidecarv1.ExecuteRequest_Plan{Plan: plan}}); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	closed := false
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return out.Bytes(), nil
		}
		if err != nil {
			return out.Bytes(), err
		}
		switch k := resp.GetKind().(type) {
		case *sidecarv1.ExecuteResponse_ArrowIpc:
			out.Write(k.ArrowIpc)
		case *sidecarv1.ExecuteResponse_InputWanted:
			c.asked = append(c.asked, k.InputWanted)
			// A failed send (the sidecar ended the call; closed sending) shows as
			// the call's status on the next Recv.
			for _, req := range c.answer(k.InputWanted) {
				if req == nil {
					_ = stream.CloseSend()
					closed = true
				} else if !closed {
					_ = stream.Send(req)
				}
			}
		}
	}
}

func pieceReq(k int32, data []byte, last bool) *sidecarv1.ExecuteRequest {
	return &sidecarv1.ExecuteRequest{Kind: &sidecarv1.ExecuteRequest_Input{Input: &sidecarv1.InputPiece{Index: k, ArrowIpc: data, Last: last}}}
}

// servePieces answers each request with input k's next piece, marking the last.
func servePieces(pieces map[int32][][]byte) func(k int32) []*sidecarv1.ExecuteRequest {
	return func(k int32) []*sidecarv1.ExecuteRequest {
		p := pieces[k]
		if len(p) == 0 {
			return nil
		}
		pieces[k] = p[1:]
		return []*sidecarv1.ExecuteRequest{pieceReq(k, p[0], len(p) == 1)}
	}
}

// Several inputs are pulled: the sidecar asks for a piece of an input only while
// that input is being read, so the client never pushes input 0 while the union
// reads input 1 to its end (big inputs: many pieces, far beyond what gRPC's window
// would buffer had input 0 been pushed).
func TestSeveralInputsArePulled(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, first := testBatches(mem, 40, 2000, true)
	_, second := testBatches(mem, 30, 1000, false)
	defer func() {
		for _, r := range append(first, second...) {
			r.Release()
		}
	}()
	pieces := map[int32][][]byte{1: encodeIPC(t, schema, first), 0: encodeIPC(t, schema, second)}
	n := len(pieces[1]) + len(pieces[0])
	client := &pullClient{answer: servePieces(pieces)}
	out, err := client.run(authed(t), c, unionOfInputsPlan("pulled", 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out)
	want := append(append([]arrow.RecordBatch{}, first...), second...)
	if len(got) != len(want) {
		t.Fatalf("got %d batches, want %d", len(got), len(want))
	}
	for i := range want {
		if !array.RecordEqual(want[i], got[i]) {
			t.Errorf("batch %d differs", i)
		}
		got[i].Release()
	}
	// Input 1 is read to its end before input 0 is read beyond its schema: the
	// union opens both (each reads its schema, asking for one piece and one ahead).
	lastOf1, early0 := 0, 0
	for i, k := range client.asked {
		if k == 1 {
			lastOf1 = i
		}
	}
	for _, k := range client.asked[:lastOf1] {
		if k == 0 {
			early0++
		}
	}
	if early0 > 2 {
		t.Errorf("%d requests for input 0 while input 1 was being read: %v", early0, client.asked)
	}
	// One request per piece: nothing is asked for after an input's last piece.
	if len(client.asked) != n {
		t.Errorf("%d requests for %d pieces: %v", len(client.asked), n, client.asked)
	}
}

// Malformed input is an INVALID_ARGUMENT error of that task, never a panic or a hang.
func TestMalformedInputPieces(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewGoAllocator()
	schema, recs := testBatches(mem, 2, 10, false)
	valid := encodeIPC(t, schema, recs)
	cases := map[string]struct {
		answer func(k int32) []*sidecarv1.ExecuteRequest
		want   string
	}{
		"unknown index": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{pieceReq(7, valid[0], false)}
		}, "a piece of input 7, but the plan has inputs 0..1"},
		"negative index": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{pieceReq(-1, valid[0], false)}
		}, "a piece of input -1"},
		"piece after the last": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{pieceReq(k, valid[0], true), pieceReq(k, valid[1], false)}
		}, "after its last piece"},
		"piece not asked for": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{pieceReq(k, valid[0], false), pieceReq(1-k, valid[0], false)}
		}, "that the sidecar did not ask for"},
		"arrow_ipc with several inputs": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{{Kind: &sidecarv1.ExecuteRequest_ArrowIpc{ArrowIpc: valid[0]}}}
		}, "takes input pieces"},
		"requests end before the last piece": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{pieceReq(k, valid[0], false), nil}
		}, "before the last piece of input"},
		"corrupt bytes": {func(k int32) []*sidecarv1.ExecuteRequest {
			return []*sidecarv1.ExecuteRequest{pieceReq(k, []byte("not arrow ipc, not even close to it"), true)}
		}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			client := &pullClient{answer: tc.answer}
			_, err := client.run(authed(t), c, unionOfInputsPlan("bad-"+strings.ReplaceAll(name, " ", "-"), 0, 1))
			if err == nil {
				t.Fatal("malformed input was accepted")
			}
			if tc.want != "" && (status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("want INVALID_ARGUMENT containing %q, got %v", tc.want, err)
			}
		})
	}
	// One input takes arrow_ipc pieces only.
	stream, err := c.Execute(authed(t))
	if err != nil {
		t.Fatal(err)
	}
	_ = stream.Send(&sidecarv1.ExecuteRequest{Kind: &sidecarv1.ExecuteRequest_Plan{Plan: arrowInputPlan("one-input")}})
	_ = stream.Send(pieceReq(0, valid[0], false))
	for {
		_, err = stream.Recv()
		if err != nil {
			break
		}
	}
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "takes arrow_ipc pieces") {
		t.Fatalf("an input piece for a one-input plan: got %v", err)
	}
	if _, err := c.Health(authed(t), &sidecarv1.HealthRequest{}); err != nil {
		t.Fatalf("sidecar stopped serving: %v", err)
	}
}

// ArrowInput leaves must be numbered 0..n-1, each once.
func TestInputIndexesAreChecked(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	for name, order := range map[string][]int32{"twice": {0, 0}, "gap": {0, 2}} {
		_, _, err := execute(authed(t), c, unionOfInputsPlan("idx-"+name, order...), nil)
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("%s: want INVALID_ARGUMENT, got %v", name, err)
		}
	}
}
