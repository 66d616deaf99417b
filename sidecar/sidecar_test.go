package sidecar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/ember-spark/ember/native"
	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/translate"
)

var sidecarBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ember-sidecar-test")
	if err != nil {
		panic(err)
	}
	sidecarBinary = filepath.Join(dir, "ember-sidecar")
	out, err := exec.Command("go", "build", "-o", sidecarBinary, "./cmd/ember-sidecar").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the sidecar: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const testToken = "0123456789abcdef0123456789abcdef"

// sidecarProcess is a real ember-sidecar process listening on a real socket.
type sidecarProcess struct {
	cmd    *exec.Cmd
	socket string
	stderr *bytes.Buffer
}

func startSidecar(t *testing.T, extraArgs ...string) *sidecarProcess {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "sock", "ember.sock")
	args := append([]string{"--socket", socket, "--parent-pid", strconv.Itoa(os.Getpid())}, extraArgs...)
	cmd := exec.Command(sidecarBinary, args...)
	cmd.Env = append(os.Environ(), "EMBER_SIDECAR_TOKEN="+testToken)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &sidecarProcess{cmd: cmd, socket: socket, stderr: &stderr}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	waitForSocket(t, socket)
	return p
}

// waitForSocket waits until the sidecar accepts connections on socket: the file
// exists from bind, before listen, so a busy machine could refuse a dial that
// only waited for the file.
func waitForSocket(t *testing.T, socket string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.Dial("unix", socket); err == nil {
			conn.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("sidecar did not listen on %s", socket)
}

func dial(t testing.TB, socket string) sidecarv1.SidecarServiceClient {
	t.Helper()
	conn, err := grpc.NewClient("unix://"+socket,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessageBytes)),
		grpc.WithInitialWindowSize(windowBytes), grpc.WithInitialConnWindowSize(windowBytes),
		grpc.WithWriteBufferSize(1<<20), grpc.WithReadBufferSize(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return sidecarv1.NewSidecarServiceClient(conn)
}

func withToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, TokenMetadataKey, token)
}

func authed(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return withToken(ctx, testToken)
}

func TestHandshakeRequiresToken(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	resp, err := c.Handshake(authed(t), &sidecarv1.HandshakeRequest{ProtocolVersion: ProtocolVersion, ClientBuild: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetProtocolVersion() != ProtocolVersion || len(resp.GetCapabilities()) == 0 {
		t.Fatalf("unexpected handshake %v", resp)
	}
	caps := map[string]bool{}
	for _, c := range resp.GetCapabilities() {
		caps[c] = true
	}
	for _, f := range translate.SupportedFunctions() {
		if !caps["function:"+f] {
			t.Errorf("handshake capabilities %v lack function:%s", resp.GetCapabilities(), f)
		}
	}
	for _, ctx := range []context.Context{context.Background(), withToken(context.Background(), "wrong")} {
		_, err := c.Handshake(ctx, &sidecarv1.HandshakeRequest{ProtocolVersion: ProtocolVersion})
		if status.Code(err) != codes.Unauthenticated {
			t.Fatalf("want Unauthenticated, got %v", err)
		}
		stream, err := c.Execute(ctx)
		if err == nil {
			_, err = stream.Recv()
		}
		if status.Code(err) != codes.Unauthenticated {
			t.Fatalf("Execute without the token: want Unauthenticated, got %v", err)
		}
	}
	_, err = c.Handshake(authed(t), &sidecarv1.HandshakeRequest{ProtocolVersion: 99})
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "protocol") {
		t.Fatalf("want a protocol mismatch, got %v", err)
	}
	if _, err := c.Health(authed(t), &sidecarv1.HealthRequest{}); err != nil {
		t.Fatalf("sidecar stopped serving after bad calls: %v", err)
	}
}

func TestSocketIsPrivate(t *testing.T) {
	p := startSidecar(t)
	st, err := os.Stat(p.socket)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("socket mode %o, want 600", perm)
	}
	st, err = os.Stat(filepath.Dir(p.socket))
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o700 {
		t.Errorf("socket directory mode %o, want 700", perm)
	}
}

// execute runs a plan and returns the Arrow IPC bytes and the final error.
func execute(ctx context.Context, c sidecarv1.SidecarServiceClient, plan *planv1.TaskPlan, input [][]byte) ([]byte, *sidecarv1.TaskResult, error) {
	var out bytes.Buffer
	result, err := executeTo(ctx, c, plan, input, &out)
	return out.Bytes(), result, err
}

// executeTo runs a plan, writing the Arrow IPC output to out.
func executeTo(ctx context.Context, c sidecarv1.SidecarServiceClient, plan *planv1.TaskPlan, input [][]byte, out io.Writer) (*sidecarv1.TaskResult, error) {
	stream, err := c.Execute(ctx)
	if err != nil {
		return nil, err
	}
	if err := stream.Send(&sidecarv1.ExecuteRequest{Kind: &sidecarv1.ExecuteRequest_Plan{Plan: plan}}); err != nil {
		return nil, err
	}
	go func() {
		for _, piece := range input {
			if stream.Send(&sidecarv1.ExecuteRequest{Kind: &sidecarv1.ExecuteRequest_ArrowIpc{ArrowIpc: piece}}) != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	var result *sidecarv1.TaskResult
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return result, nil
		}
		if err != nil {
			return result, err
		}
		switch k := resp.GetKind().(type) {
		case *sidecarv1.ExecuteResponse_ArrowIpc:
			out.Write(k.ArrowIpc)
		case *sidecarv1.ExecuteResponse_Result:
			result = k.Result
		}
	}
}

func TestMalformedPlansAreRejected(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	intType := &planv1.DataType{Id: planv1.TypeId_TYPE_ID_INT}
	cases := map[string]*planv1.TaskPlan{
		"no root": {TaskId: "t1"},
		"no kind": {TaskId: "t2", Root: &planv1.Operator{}},
		"ordinal out of range": {TaskId: "t3", Root: &planv1.Operator{
			Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{Condition: &planv1.Expr{
				DataType: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_BOOLEAN},
				Kind:     &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: 7}}}}},
			Children: []*planv1.Operator{{Kind: &planv1.Operator_ArrowInput{ArrowInput: &planv1.ArrowInput{
				Schema: &planv1.Schema{Fields: []*planv1.Field{{Name: "a", Type: intType}}}}}}},
		}},
		"bad decimal": {TaskId: "t4", Root: &planv1.Operator{Kind: &planv1.Operator_ArrowInput{ArrowInput: &planv1.ArrowInput{
			Schema: &planv1.Schema{Fields: []*planv1.Field{{Name: "d", Type: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_DECIMAL, Precision: 40}}}}}}}},
	}
	for name, plan := range cases {
		_, _, err := execute(authed(t), c, plan, nil)
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("%s: want InvalidArgument, got %v", name, err)
		}
	}
	_, _, err := execute(authed(t), c, cases["ordinal out of range"], nil)
	if err == nil || !strings.Contains(err.Error(), "root.filter.condition") || !strings.Contains(err.Error(), "ordinal 7") {
		t.Errorf("error should name the node path and the problem: %v", err)
	}
	if _, err := c.Health(authed(t), &sidecarv1.HealthRequest{}); err != nil {
		t.Fatalf("sidecar stopped serving after malformed plans: %v", err)
	}
}

// testBatches builds n batches of rows rows each (int64, double, string,
// decimal), with every third value null when withNulls.
func testBatches(mem memory.Allocator, n, rows int, withNulls bool) (*arrow.Schema, []arrow.RecordBatch) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "x", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "d", Type: &arrow.Decimal128Type{Precision: 12, Scale: 2}, Nullable: true},
	}, nil)
	var out []arrow.RecordBatch
	for b := 0; b < n; b++ {
		rb := array.NewRecordBuilder(mem, schema)
		for i := 0; i < rows; i++ {
			v := int64(b*rows + i)
			if withNulls && i%3 == 0 {
				for _, f := range rb.Fields() {
					f.AppendNull()
				}
				continue
			}
			rb.Field(0).(*array.Int64Builder).Append(v)
			rb.Field(1).(*array.Float64Builder).Append(float64(v) / 7)
			rb.Field(2).(*array.StringBuilder).Append(fmt.Sprintf("row-%d", v))
			rb.Field(3).(*array.Decimal128Builder).Append(decimalOf(v))
		}
		out = append(out, rb.NewRecordBatch())
		rb.Release()
	}
	return schema, out
}

func encodeIPC(t testing.TB, schema *arrow.Schema, recs []arrow.RecordBatch) [][]byte {
	t.Helper()
	var pieces [][]byte
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		pieces = append(pieces, bytes.Clone(buf.Bytes()))
		buf.Reset()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return append(pieces, bytes.Clone(buf.Bytes()))
}

func arrowInputPlan(id string) *planv1.TaskPlan {
	f := func(name string, t *planv1.DataType) *planv1.Field {
		return &planv1.Field{Name: name, Type: t, Nullable: true}
	}
	return &planv1.TaskPlan{TaskId: id, SessionTimeZone: "UTC", Root: &planv1.Operator{PlanId: 1,
		Kind: &planv1.Operator_ArrowInput{ArrowInput: &planv1.ArrowInput{Schema: &planv1.Schema{Fields: []*planv1.Field{
			f("id", &planv1.DataType{Id: planv1.TypeId_TYPE_ID_LONG}),
			f("x", &planv1.DataType{Id: planv1.TypeId_TYPE_ID_DOUBLE}),
			f("s", &planv1.DataType{Id: planv1.TypeId_TYPE_ID_STRING}),
			f("d", &planv1.DataType{Id: planv1.TypeId_TYPE_ID_DECIMAL, Precision: 12, Scale: 2}),
		}}}}}}
}

func readAll(t testing.TB, b []byte) []arrow.RecordBatch {
	t.Helper()
	r, err := ipc.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	var out []arrow.RecordBatch
	for r.Next() {
		rec := r.RecordBatch()
		rec.Retain()
		out = append(out, rec)
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	return out
}

func TestArrowInputRoundTrip(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, in := testBatches(mem, 3, 1000, true)
	defer func() {
		for _, r := range in {
			r.Release()
		}
	}()
	out, result, err := execute(authed(t), c, arrowInputPlan("roundtrip"), encodeIPC(t, schema, in))
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out)
	if len(got) != len(in) {
		t.Fatalf("got %d batches, want %d", len(got), len(in))
	}
	for i := range in {
		if !array.RecordEqual(in[i], got[i]) {
			t.Errorf("batch %d differs", i)
		}
		got[i].Release()
	}
	if result == nil || len(result.GetMetrics()) != 1 || result.GetMetrics()[0].GetOutputRows() != 3000 {
		t.Errorf("unexpected metrics %v", result)
	}
}

func TestCorruptInputIsATaskError(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	_, _, err := execute(authed(t), c, arrowInputPlan("corrupt"), [][]byte{[]byte("this is not arrow ipc at all, not even close")})
	if err == nil {
		t.Fatal("corrupt input was accepted")
	}
	if _, err := c.Health(authed(t), &sidecarv1.HealthRequest{}); err != nil {
		t.Fatalf("sidecar stopped serving: %v", err)
	}
}

func TestCancelStopsATask(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	ctx := authed(t)
	stream, err := c.Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The task waits for input that never comes, until cancelled.
	if err := stream.Send(&sidecarv1.ExecuteRequest{Kind: &sidecarv1.ExecuteRequest_Plan{Plan: arrowInputPlan("to-cancel")}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := c.Cancel(ctx, &sidecarv1.CancelRequest{TaskId: "to-cancel"})
		if err != nil {
			t.Fatal(err)
		}
		if resp.GetCancelled() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the task never became cancellable")
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, err = stream.Recv()
	if status.Code(err) != codes.Canceled {
		t.Fatalf("want Canceled, got %v", err)
	}
}

func TestSigtermStopsTheSidecar(t *testing.T) {
	p := startSidecar(t)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("sidecar exited with %v; stderr:\n%s", err, p.stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("sidecar did not stop on SIGTERM")
	}
	if _, err := os.Stat(p.socket); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left behind: %v", err)
	}
}

func TestSidecarExitsWhenParentDies(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "ember.sock")
	// bash starts the sidecar with itself as the parent, prints its pid, and waits.
	script := fmt.Sprintf(`EMBER_SIDECAR_TOKEN=%s %s --socket %s --parent-pid $$ 2>/dev/null & echo $!; wait`, testToken, sidecarBinary, socket)
	bash := exec.Command("bash", "-c", script)
	stdout, err := bash.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bash.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(stdout, &pid); err != nil {
		t.Fatal(err)
	}
	waitForSocket(t, socket)
	bash.Process.Kill()
	bash.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatal("sidecar outlived its parent")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// panicOp panics in Next, standing in for a bug in an operator.
type panicOp struct{ native.Operator }

func (panicOp) Open(context.Context) error { return nil }
func (panicOp) Next(context.Context) (arrow.RecordBatch, error) {
	var m map[string]int
	m["boom"]++ // a nil-map write: a real runtime panic
	return nil, nil
}
func (panicOp) Close() error                { return nil }
func (panicOp) Schema() *arrow.Schema       { return arrow.NewSchema(nil, nil) }
func (panicOp) Metrics() *native.Metrics    { return &native.Metrics{} }
func (panicOp) Children() []native.Operator { return nil }

func TestPanicInATaskIsThatTasksError(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "ember.sock")
	ln, err := Listen(socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), memory.NewGoAllocator())
	srv.build = func(task *sparkplan.Task, env translate.Env) (native.Operator, error) {
		if task.TaskID == "panics" {
			return panicOp{}, nil
		}
		return translate.Build(task, env)
	}
	g := srv.GRPCServer(testToken)
	go g.Serve(ln)
	defer g.Stop()
	c := dial(t, socket)
	_, _, err = execute(authed(t), c, arrowInputPlan("panics"), nil)
	if status.Code(err) != codes.Internal || !strings.Contains(err.Error(), "nil map") {
		t.Fatalf("want the panic as an Internal error, got %v", err)
	}
	mem := memory.NewGoAllocator()
	schema, in := testBatches(mem, 1, 10, false)
	_, _, err = execute(authed(t), c, arrowInputPlan("fine"), encodeIPC(t, schema, in))
	if err != nil {
		t.Fatalf("the sidecar did not survive a panicking task: %v", err)
	}
	if h, _ := srv.Health(context.Background(), nil); h.GetFailedTasks() != 1 || h.GetCompletedTasks() != 1 {
		t.Errorf("unexpected counters %v", h)
	}
}
