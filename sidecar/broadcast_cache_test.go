package sidecar

import (
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

// broadcastJoinPlan is input 0 (the stream side) joined on id with input 1,
// broadcast id of application "app" (the build side).
func broadcastJoinPlan(task string, id int64) *planv1.TaskPlan {
	left := arrowInputPlan(task).Root
	right := proto.Clone(left).(*planv1.Operator)
	right.PlanId = 2
	right.GetArrowInput().Index = 1
	right.GetArrowInput().Broadcast = &planv1.BroadcastRef{ApplicationId: "app", Id: id}
	key := &planv1.Expr{DataType: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_LONG}, Nullable: true,
		Kind: &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: 0}}}
	fields := append(append([]*planv1.Field{}, left.GetArrowInput().GetSchema().GetFields()...),
		right.GetArrowInput().GetSchema().GetFields()...)
	join := &planv1.Operator{PlanId: 3, Children: []*planv1.Operator{left, right},
		Kind: &planv1.Operator_HashJoin{HashJoin: &planv1.HashJoin{JoinType: planv1.JoinType_JOIN_TYPE_INNER,
			LeftKeys: []*planv1.Expr{key}, RightKeys: []*planv1.Expr{key}, Output: &planv1.Schema{Fields: fields}}}}
	return &planv1.TaskPlan{TaskId: task, SessionTimeZone: "UTC", Root: join}
}

func asked(c *pullClient, k int32) int {
	n := 0
	for _, a := range c.asked {
		if a == k {
			n++
		}
	}
	return n
}

func health(t *testing.T, c sidecarv1.SidecarServiceClient) *sidecarv1.HealthResponse {
	t.Helper()
	h, err := c.Health(authed(t), &sidecarv1.HealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The first task of a broadcast join on a sidecar reads the broadcast and
// builds; the next one reads none of its bytes and gets the same rows; a
// released broadcast is read again.
func TestBroadcastBuildSideIsSentOnce(t *testing.T) {
	p := startSidecar(t, "--broadcast-cache-bytes", "100000000")
	c := dial(t, p.socket)
	mem := memory.NewGoAllocator()
	schema, stream := testBatches(mem, 3, 500, true)
	_, build := testBatches(mem, 2, 400, false)
	run := func(task string, id int64, buildPieces [][]byte) (*pullClient, []arrow.RecordBatch, error) {
		client := &pullClient{answer: servePieces(map[int32][][]byte{0: encodeIPC(t, schema, stream), 1: buildPieces})}
		out, err := client.run(authed(t), c, broadcastJoinPlan(task, id))
		if err != nil {
			return client, nil, err
		}
		return client, readAll(t, out), nil
	}
	first, want, err := run("bc-1", 5, encodeIPC(t, schema, build))
	if err != nil {
		t.Fatal(err)
	}
	if asked(first, 1) == 0 {
		t.Fatal("the first task did not ask for the broadcast")
	}
	second, got, err := run("bc-2", 5, encodeIPC(t, schema, build))
	if err != nil {
		t.Fatal(err)
	}
	if n := asked(second, 1); n != 0 {
		t.Fatalf("the second task asked for the broadcast %d times", n)
	}
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d batches, the first task had %d", len(got), len(want))
	}
	for i := range want {
		if !array.RecordEqual(want[i], got[i]) {
			t.Fatalf("batch %d differs from the first task's", i)
		}
	}
	h := health(t, c)
	if h.BroadcastCacheBuilds != 1 || h.BroadcastCacheHits != 1 || h.BroadcastCacheEntries != 1 || h.BroadcastCacheBytes <= 0 {
		t.Fatalf("health: %v", h)
	}
	rel, err := c.ReleaseBroadcast(authed(t), &sidecarv1.ReleaseBroadcastRequest{
		Broadcast: &planv1.BroadcastRef{ApplicationId: "app", Id: 5}})
	if err != nil || rel.GetDropped() != 1 {
		t.Fatalf("release: %v, %v", rel, err)
	}
	if h := health(t, c); h.BroadcastCacheEntries != 0 || h.BroadcastCacheBytes != 0 || h.BroadcastCacheReleases != 1 {
		t.Fatalf("health after release: %v", h)
	}
	third, _, err := run("bc-3", 5, encodeIPC(t, schema, build))
	if err != nil {
		t.Fatal(err)
	}
	if asked(third, 1) == 0 {
		t.Fatal("after its release the broadcast was not read again")
	}
	if rel, err := c.ReleaseBroadcast(authed(t), &sidecarv1.ReleaseBroadcastRequest{
		Broadcast: &planv1.BroadcastRef{ApplicationId: "other", Id: 5}}); err != nil || rel.GetDropped() != 0 {
		t.Fatalf("releasing a broadcast the sidecar does not keep: %v, %v", rel, err)
	}
	if _, err := c.ReleaseBroadcast(authed(t), &sidecarv1.ReleaseBroadcastRequest{}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("a release naming no broadcast: %v", err)
	}

	// Corrupt bytes and a schema other than the plan's fail the task with
	// the reason, keep nothing, and the sidecar serves on.
	_, otherBuild := testBatches(mem, 1, 10, false)
	otherSchema := arrow.NewSchema(schema.Fields()[:2], nil)
	narrow := array.NewRecordBatch(otherSchema, otherBuild[0].Columns()[:2], otherBuild[0].NumRows())
	for name, tc := range map[string]struct {
		pieces [][]byte
		want   string
	}{
		"corrupt": {[][]byte{[]byte("not arrow ipc at all, but long enough to look like a message")}, "arrow input"},
		"schema":  {encodeIPC(t, otherSchema, []arrow.RecordBatch{narrow}), "does not match the plan's"},
	} {
		_, _, err := run("bc-bad-"+name, 9, tc.pieces)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, tc.want)
		}
	}
	if h := health(t, c); h.BroadcastCacheEntries != 1 || h.BroadcastCacheBuilds != 2 {
		t.Fatalf("health after bad broadcasts: %v", h)
	}
}

// A broadcast input is pulled even when it is the task's only input: nothing
// is pushed, each piece is asked for.
func TestSingleBroadcastInputIsPulled(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewGoAllocator()
	schema, recs := testBatches(mem, 3, 100, true)
	plan := arrowInputPlan("bc-single")
	plan.Root.GetArrowInput().Broadcast = &planv1.BroadcastRef{ApplicationId: "app", Id: 1}
	pieces := encodeIPC(t, schema, recs)
	n := len(pieces)
	client := &pullClient{answer: servePieces(map[int32][][]byte{0: pieces})}
	out, err := client.run(authed(t), c, plan)
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out)
	if len(got) != len(recs) || len(client.asked) != n {
		t.Fatalf("%d batches of %d, %d requests for %d pieces", len(got), len(recs), len(client.asked), n)
	}
}
