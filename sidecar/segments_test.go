package sidecar

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
)

// shuffleBlocks writes recs as the blocks of one data file, each block one
// lz4-compressed Arrow IPC stream of perBlock batches, and returns the file,
// each block's bytes and its offset in the file.
func shuffleBlocks(t *testing.T, schema *arrow.Schema, recs []arrow.RecordBatch, perBlock int) (string, [][]byte, []int64) {
	t.Helper()
	var blocks [][]byte
	var offsets []int64
	var file bytes.Buffer
	for i := 0; i < len(recs); i += perBlock {
		var b bytes.Buffer
		w := ipc.NewWriter(&b, ipc.WithSchema(schema), ipc.WithLZ4())
		for _, r := range recs[i:min(i+perBlock, len(recs))] {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		offsets = append(offsets, int64(file.Len()))
		blocks = append(blocks, b.Bytes())
		file.Write(b.Bytes())
	}
	path := filepath.Join(t.TempDir(), "shuffle_3_7_0.data")
	if err := os.WriteFile(path, file.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, blocks, offsets
}

// segment is blocks [from, to) of the file as one segment.
func segment(path string, blocks [][]byte, offsets []int64, from, to int) *planv1.FileSegment {
	var n int64
	for _, b := range blocks[from:to] {
		n += int64(len(b))
	}
	return &planv1.FileSegment{Path: path, Offset: offsets[from], Length: n}
}

// pieces splits the concatenation of blocks into pieces of at most size bytes,
// as the JVM forwards fetched blocks.
func pieces(blocks [][]byte, size int) [][]byte {
	all := bytes.Join(blocks, nil)
	var out [][]byte
	for len(all) > 0 {
		n := min(size, len(all))
		out = append(out, all[:n])
		all = all[n:]
	}
	return out
}

// A task's blocks arrive partly as local file segments (one of them spanning
// two blocks, as the JVM merges a map task's adjacent blocks) and partly as
// forwarded bytes: the leaf reads both, every row once.
func TestSegmentsAndForwardedBlocks(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, in := testBatches(mem, 16, 300, true)
	defer func() {
		for _, r := range in {
			r.Release()
		}
	}()
	want := idsOf(in)
	path, blocks, offsets := shuffleBlocks(t, schema, in, 2) // 8 blocks
	plan := arrowInputPlan("segments-push")
	leaf := plan.Root.GetArrowInput()
	leaf.ConcatenatedStreams = true
	leaf.Segments = []*planv1.FileSegment{
		segment(path, blocks, offsets, 0, 2), segment(path, blocks, offsets, 3, 4), segment(path, blocks, offsets, 5, 6)}
	forwarded := [][]byte{blocks[2], blocks[4], blocks[6], blocks[7]}
	out, result, err := execute(authed(t), c, plan, pieces(forwarded, 1000))
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out)
	if g := idsOf(got); !equalInts(g, want) {
		t.Errorf("read %d rows, want %d", len(g), len(want))
	}
	for _, r := range got {
		r.Release()
	}
	if result == nil || result.GetMetrics()[0].GetOutputRows() != int64(len(want)) {
		t.Errorf("unexpected metrics %v", result)
	}

	// Every block local: the forwarded input is empty.
	plan = arrowInputPlan("segments-only")
	plan.Root.GetArrowInput().ConcatenatedStreams = true
	plan.Root.GetArrowInput().Segments = []*planv1.FileSegment{segment(path, blocks, offsets, 0, len(blocks))}
	out, _, err = execute(authed(t), c, plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	got = readAll(t, out)
	if g := idsOf(got); !equalInts(g, want) {
		t.Errorf("segments only: read %d rows, want %d", len(g), len(want))
	}
	for _, r := range got {
		r.Release()
	}
}

// With several inputs (a shuffled join's two exchanges), each leaf reads its
// own segments and asks for its own forwarded pieces.
func TestSegmentsOfSeveralInputs(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, in := testBatches(mem, 12, 400, false)
	defer func() {
		for _, r := range in {
			r.Release()
		}
	}()
	want := idsOf(in)
	path, blocks, offsets := shuffleBlocks(t, schema, in, 1) // 12 blocks
	plan := unionOfInputsPlan("segments-pull", 1, 0)
	for _, child := range plan.Root.Children {
		child.GetArrowInput().ConcatenatedStreams = true
	}
	// Leaf 0 reads input 1: blocks 0-2 local, 3-5 forwarded. Leaf 1 reads
	// input 0: blocks 6-11 all local, nothing forwarded (one empty last piece).
	plan.Root.Children[0].GetArrowInput().Segments = []*planv1.FileSegment{segment(path, blocks, offsets, 0, 3)}
	plan.Root.Children[1].GetArrowInput().Segments = []*planv1.FileSegment{
		segment(path, blocks, offsets, 6, 9), segment(path, blocks, offsets, 9, 12)}
	client := &pullClient{answer: servePieces(map[int32][][]byte{
		1: pieces(blocks[3:6], 700),
		0: {{}},
	})}
	out, err := client.run(authed(t), c, plan)
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out)
	if g := idsOf(got); !equalInts(g, want) {
		t.Errorf("read %d rows, want %d", len(g), len(want))
	}
	for _, r := range got {
		r.Release()
	}
}

// A segment that cannot be read fails its task with an error naming the file,
// never the sidecar: a missing file, a range past the file's end, bytes that
// are not Arrow IPC, a block cut inside a stream, a stream of other types.
func TestBadSegmentsAreTaskErrors(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, in := testBatches(mem, 4, 200, true)
	defer func() {
		for _, r := range in {
			r.Release()
		}
	}()
	path, blocks, offsets := shuffleBlocks(t, schema, in, 2)
	size := offsets[len(offsets)-1] + int64(len(blocks[len(blocks)-1]))
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.data")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not arrow ipc "), 100), 0o600); err != nil {
		t.Fatal(err)
	}
	flipped := filepath.Join(dir, "flipped.data")
	raw, _ := os.ReadFile(path)
	bad := bytes.Clone(raw)
	for i := len(blocks[0]) / 3; i < len(blocks[0])/3+64; i++ {
		bad[i] ^= 0x5a
	}
	if err := os.WriteFile(flipped, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	// A stream whose first two columns are swapped (double, long): its schema
	// message alone is refused.
	otherSchema := arrow.NewSchema([]arrow.Field{schema.Field(1), schema.Field(0), schema.Field(2), schema.Field(3)}, nil)
	var ob bytes.Buffer
	if err := ipc.NewWriter(&ob, ipc.WithSchema(otherSchema)).Close(); err != nil {
		t.Fatal(err)
	}
	otherTypes := filepath.Join(dir, "types.data")
	if err := os.WriteFile(otherTypes, ob.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]*planv1.FileSegment{
		"missing file":    {Path: filepath.Join(dir, "gone.data"), Offset: 0, Length: 10},
		"past the end":    {Path: path, Offset: size - 5, Length: 10},
		"not arrow":       {Path: garbage, Offset: 0, Length: 1400},
		"cut in a stream": {Path: path, Offset: 0, Length: int64(len(blocks[0]) / 2)},
		"flipped bytes":   {Path: flipped, Offset: 0, Length: int64(len(blocks[0]))},
		"other types":     {Path: otherTypes, Offset: 0, Length: int64(ob.Len())},
	}
	for name, seg := range cases {
		plan := arrowInputPlan("bad-segment")
		plan.Root.GetArrowInput().ConcatenatedStreams = true
		plan.Root.GetArrowInput().Segments = []*planv1.FileSegment{seg}
		out, _, err := execute(authed(t), c, plan, nil)
		if err == nil {
			// Flipped bytes inside compressed buffers may still decode: then
			// the rows read must at least be a whole number of batches.
			if name == "flipped bytes" {
				for _, r := range readAll(t, out) {
					r.Release()
				}
				continue
			}
			t.Errorf("%s: read without error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		if !strings.Contains(err.Error(), seg.Path) {
			t.Errorf("%s: the error does not name the file: %v", name, err)
		}
	}
	if _, err := c.Health(authed(t), &sidecarv1.HealthRequest{}); err != nil {
		t.Fatalf("sidecar stopped serving: %v", err)
	}
	// A plan with a segment but no concatenated streams, or a bad segment, is refused.
	plan := arrowInputPlan("segments-without-streams")
	plan.Root.GetArrowInput().Segments = []*planv1.FileSegment{segment(path, blocks, offsets, 0, 1)}
	if _, _, err := execute(authed(t), c, plan, nil); err == nil || !strings.Contains(err.Error(), "concatenated_streams") {
		t.Errorf("segments without concatenated streams: %v", err)
	}
	plan = arrowInputPlan("negative-segment")
	plan.Root.GetArrowInput().ConcatenatedStreams = true
	plan.Root.GetArrowInput().Segments = []*planv1.FileSegment{{Path: path, Offset: -1, Length: 3}}
	if _, _, err := execute(authed(t), c, plan, nil); err == nil {
		t.Error("a negative offset was accepted")
	}
}
