package join_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/nativetest"
)

// countingInput is a broadcast input: it counts how often a task opened it
// (read its bytes), and may hold its first batch until gate is closed, or fail.
type countingInput struct {
	*nativetest.Source
	opens *atomic.Int32
	gate  chan struct{}
	fail  error
}

func (c *countingInput) Open(ctx context.Context) error {
	c.opens.Add(1)
	return c.Source.Open(ctx)
}

func (c *countingInput) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if c.gate != nil {
		select {
		case <-c.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if c.fail != nil {
		return nil, c.fail
	}
	return c.Source.Next(ctx)
}

// cachedTask is one task of a broadcast join: fresh operators over the same
// rows, the build side (the right, or the left for RightOuter) a broadcast.
type cachedTask struct {
	jt     join.Type
	key    join.CacheKey
	lcols  [][]any
	rcols  [][]any
	opens  *atomic.Int32
	gate   chan struct{}
	fail   error
	keyCol int // the key column of both sides: 0 (bigint, the int64 index) or 1 (string, by hash)
}

func (c cachedTask) build(t *testing.T, mem memory.Allocator, cache *join.BuildCache, pool *native.MemoryPool) (native.Operator, *native.TaskMemory) {
	buildLeft := c.jt == join.RightOuter
	left := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, c.lcols, 64))
	right := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, c.rcols, 33))
	var l, r native.Operator = left, right
	in := &countingInput{opens: c.opens, gate: c.gate, fail: c.fail}
	if buildLeft {
		in.Source, l = left, in
	} else {
		in.Source, r = right, in
	}
	spec := join.Spec{Type: c.jt, BuildLeft: buildLeft,
		LeftKeys:  []expr.Evaluator{col(c.keyCol, sideSchema[c.keyCol].Type)},
		RightKeys: []expr.Evaluator{col(c.keyCol, sideSchema[c.keyCol].Type)},
		Schema:    outputSchema(c.jt).ArrowSchema("UTC"), BatchSize: 100, Cache: cache, CacheKey: c.key}
	task := pool.NewTask("t")
	op, err := join.NewHashJoin(l, r, spec, mem, 5, task.NewReservation("HashJoin"))
	if err != nil {
		t.Fatal(err)
	}
	return op, task
}

// run runs the task and checks its rows against the nested-loop join.
func (c cachedTask) run(t *testing.T, mem memory.Allocator, cache *join.BuildCache, pool *native.MemoryPool) error {
	op, task := c.build(t, mem, cache, pool)
	defer func() {
		if left := task.Close(); left != 0 {
			t.Errorf("the task ended holding %d reserved bytes", left)
		}
	}()
	got, err := drain(op)
	if err != nil {
		return err
	}
	want := canon(reference(rowsOf(c.lcols), rowsOf(c.rcols), c.jt, false, false, []int{c.keyCol}))
	if g := canon(got); strings.Join(g, "\n") != strings.Join(want, "\n") {
		return fmt.Errorf("%d rows, want %d\n got: %v\nwant: %v", len(g), len(want), head(g), head(want))
	}
	return nil
}

// drain is nativetest.Drain returning errors (it may run off the test's goroutine).
func drain(op native.Operator) ([]row, error) {
	ctx := context.Background()
	defer op.Close()
	if err := op.Open(ctx); err != nil {
		return nil, err
	}
	var out []row
	for {
		b, err := op.Next(ctx)
		if err != nil {
			return nil, err
		}
		if b == nil {
			return out, nil
		}
		for i := 0; i < int(b.NumRows()); i++ {
			var r row
			for c := 0; c < int(b.NumCols()); c++ {
				r = append(r, kerneltest.Get(b.Column(c), i))
			}
			out = append(out, r)
		}
		b.Release()
	}
}

func newCache(_ *testing.T, budget, maxBytes int64) (*join.BuildCache, *native.MemoryPool, *memory.CheckedAllocator) {
	pool := native.NewMemoryPool(budget)
	cmem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	return join.NewBuildCache(cmem, pool, maxBytes), pool, cmem
}

// Broadcast joins of every type Spark broadcasts (the build side's rows are
// never output) give the nested loop's rows from a shared build side: the
// first task reads the broadcast and builds, the others read nothing.
func TestBuildCacheSharesBuildSide(t *testing.T) {
	for _, jt := range []join.Type{join.Inner, join.LeftOuter, join.RightOuter, join.LeftSemi, join.LeftAnti} {
		t.Run(jt.String(), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			cache, pool, cmem := newCache(t, 1<<30, 1<<30)
			var opens atomic.Int32
			task := cachedTask{jt: jt, key: join.CacheKey{ApplicationID: "app", BroadcastID: 7, Shape: "k"},
				lcols: side(300, 30, 1, true), rcols: side(200, 30, 2, true), opens: &opens}
			if jt == join.RightOuter {
				task.lcols, task.rcols = task.rcols, task.lcols
			}
			for i := 0; i < 5; i++ {
				if err := task.run(t, mem, cache, pool); err != nil {
					t.Fatalf("task %d: %v", i, err)
				}
			}
			st := cache.Stats()
			if opens.Load() != 1 || st.Builds != 1 || st.Hits != 4 || st.Entries != 1 {
				t.Fatalf("broadcast read %d times; stats %+v; want read once, 1 build, 4 hits", opens.Load(), st)
			}
			// The kept side is the cache allocator's: the tasks' allocator holds nothing
			// once they ended (the sidecar checks each task's for leaks).
			if mem.CurrentAlloc() != 0 || cmem.CurrentAlloc() == 0 {
				t.Fatalf("after the tasks: %d bytes in the tasks' allocator, %d in the cache's", mem.CurrentAlloc(), cmem.CurrentAlloc())
			}
			if pool.Shared() != st.Bytes || st.Bytes <= 0 || pool.Reserved() != st.Bytes {
				t.Fatalf("pool: %d shared, %d reserved; cache holds %d", pool.Shared(), pool.Reserved(), st.Bytes)
			}
			if n := cache.Release("app", 7); n != 1 {
				t.Fatalf("release dropped %d entries", n)
			}
			if pool.Reserved() != 0 || cache.Stats().Bytes != 0 {
				t.Fatalf("after release: %d reserved, cache %+v", pool.Reserved(), cache.Stats())
			}
			cmem.AssertSize(t, 0)
		})
	}
}

// Tasks that ask at once build once: the others wait and share it, and probe
// it at once (run with -race: the shared side is only read). Both indexes.
func TestBuildCacheConcurrentFirstUseBuildsOnce(t *testing.T) {
	for _, keyCol := range []int{0, 1} {
		t.Run(fmt.Sprintf("key%d", keyCol), func(t *testing.T) { concurrentFirstUse(t, keyCol) })
	}
}

func concurrentFirstUse(t *testing.T, keyCol int) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cache, pool, cmem := newCache(t, 1<<30, 1<<30)
	var opens atomic.Int32
	gate := make(chan struct{})
	task := cachedTask{jt: join.Inner, key: join.CacheKey{ApplicationID: "app", BroadcastID: 1},
		lcols: side(3000, 300, 1, true), rcols: side(2000, 300, 2, true), opens: &opens, gate: gate, keyCol: keyCol}
	if keyCol == 1 {
		// The string column has 3 values: small sides keep the output small.
		task.lcols, task.rcols = side(200, 30, 1, true), side(100, 30, 2, true)
	}
	const tasks = 8
	errs := make(chan error, tasks)
	var wg sync.WaitGroup
	for i := 0; i < tasks; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- task.run(t, mem, cache, pool)
		}()
	}
	// Let them all ask before the first build may finish.
	for cache.Stats().Entries == 0 || opens.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if st := cache.Stats(); opens.Load() != 1 || st.Builds != 1 || st.Hits != tasks-1 {
		t.Fatalf("broadcast read %d times; stats %+v", opens.Load(), st)
	}
	cache.Release("app", 1)
	cmem.AssertSize(t, 0)
}

// A build that fails fails its task only: the tasks waiting for it build
// their own, and the entry is not kept.
func TestBuildCacheFailedBuildIsNotKept(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cache, pool, _ := newCache(t, 1<<30, 1<<30)
	var opens atomic.Int32
	key := join.CacheKey{ApplicationID: "app", BroadcastID: 2}
	bad := cachedTask{jt: join.Inner, key: key, lcols: side(30, 5, 1, false), rcols: side(20, 5, 2, false),
		opens: &opens, fail: errors.New("corrupt broadcast")}
	if err := bad.run(t, mem, cache, pool); err == nil || !strings.Contains(err.Error(), "corrupt broadcast") {
		t.Fatalf("got %v, want the build's error", err)
	}
	if st := cache.Stats(); st.Entries != 0 || st.Builds != 0 {
		t.Fatalf("a failed build was kept: %+v", st)
	}
	good := bad
	good.fail = nil
	if err := good.run(t, mem, cache, pool); err != nil {
		t.Fatal(err)
	}
	if st := cache.Stats(); st.Entries != 1 || st.Builds != 1 {
		t.Fatalf("after a good build: %+v", st)
	}
	cache.Release("app", 2)
}

// The cache holds at most maxBytes: a new entry evicts unused ones, least
// recently used first; an entry in use is never evicted (the new one is then
// built privately, not kept); released while in use, an entry stays valid for
// its task and is freed when the task ends.
func TestBuildCacheEvictionAndRefcounts(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var opens atomic.Int32
	mk := func(id int64) cachedTask {
		return cachedTask{jt: join.Inner, key: join.CacheKey{ApplicationID: "app", BroadcastID: id},
			lcols: side(300, 30, 1, true), rcols: side(200, 30, 2, true), opens: &opens}
	}
	// One entry's size, measured.
	probe, ppool, _ := newCache(t, 0, 1<<30)
	if err := mk(0).run(t, mem, probe, ppool); err != nil {
		t.Fatal(err)
	}
	one := probe.Stats().Bytes
	probe.Release("app", 0)

	cache, pool, cmem := newCache(t, 0, one+one/2)
	if err := mk(1).run(t, mem, cache, pool); err != nil {
		t.Fatal(err)
	}
	if err := mk(2).run(t, mem, cache, pool); err != nil {
		t.Fatal(err)
	}
	if st := cache.Stats(); st.Entries != 1 || st.Evictions != 1 || st.Bytes != one || pool.Shared() != one {
		t.Fatalf("after two broadcasts in room for one: %+v, %d shared", st, pool.Shared())
	}
	// Broadcast 2's entry in use by an unfinished task: broadcast 3 cannot evict it.
	ctx := context.Background()
	op, task := mk(2).build(t, mem, cache, pool)
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := op.Next(ctx)
	if err != nil || b == nil {
		t.Fatalf("first batch: %v", err)
	}
	b.Release()
	if err := mk(3).run(t, mem, cache, pool); err != nil {
		t.Fatal(err)
	}
	if st := cache.Stats(); st.Entries != 1 || st.Evictions != 1 || st.Builds != 2 {
		t.Fatalf("an entry in use was evicted, or the one that did not fit kept: %+v", st)
	}
	// Released while in use: not found any more, still read by its task.
	if n := cache.Release("app", 2); n != 1 {
		t.Fatalf("release dropped %d", n)
	}
	if st := cache.Stats(); st.Entries != 0 || pool.Shared() != one {
		t.Fatalf("after releasing an entry in use: %+v, %d shared (its task still reads it)", st, pool.Shared())
	}
	for {
		b, err := op.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			break
		}
		b.Release()
	}
	op.Close()
	task.Close()
	if pool.Shared() != 0 || pool.Reserved() != 0 {
		t.Fatalf("after its last task: %d shared, %d reserved", pool.Shared(), pool.Reserved())
	}
	cmem.AssertSize(t, 0)
}

// When the budget refuses a task, the pool has the cache drop unused entries
// first; an entry that would not fit the budget is not kept.
func TestBuildCacheGivesWayToTasks(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var opens atomic.Int32
	task := cachedTask{jt: join.Inner, key: join.CacheKey{ApplicationID: "app", BroadcastID: 1},
		lcols: side(300, 30, 1, true), rcols: side(200, 30, 2, true), opens: &opens}
	cache, pool, cmem := newCache(t, 1<<20, 1<<30)
	if err := task.run(t, mem, cache, pool); err != nil {
		t.Fatal(err)
	}
	held := pool.Shared()
	if held == 0 {
		t.Fatal("nothing kept")
	}
	other := pool.NewTask("other").NewReservation("Sort")
	if !other.TryGrow(1<<20 - held/2) {
		t.Fatal("the budget refused a task though the cache's entry was unused")
	}
	if st := cache.Stats(); st.Entries != 0 || st.Evictions != 1 || pool.Shared() != 0 {
		t.Fatalf("the unused entry was not dropped: %+v, %d shared", st, pool.Shared())
	}
	other.Free()
	cmem.AssertSize(t, 0)
}

// A stale key never matches: the shape is part of it.
func TestBuildCacheKeysByShape(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cache, pool, _ := newCache(t, 0, 1<<30)
	var opens atomic.Int32
	a := cachedTask{jt: join.Inner, key: join.CacheKey{ApplicationID: "app", BroadcastID: 1, Shape: "a"},
		lcols: side(30, 5, 1, false), rcols: side(20, 5, 2, false), opens: &opens}
	b := a
	b.key.Shape = "b"
	c := a
	c.key.ApplicationID = "app2"
	for _, task := range []cachedTask{a, b, c, a} {
		if err := task.run(t, mem, cache, pool); err != nil {
			t.Fatal(err)
		}
	}
	if st := cache.Stats(); opens.Load() != 3 || st.Entries != 3 || st.Hits != 1 {
		t.Fatalf("read %d times, %+v", opens.Load(), st)
	}
	// A build side of one batch is copied too, not kept in the task's buffers.
	if mem.CurrentAlloc() != 0 {
		t.Fatalf("the tasks' allocator holds %d bytes of kept build sides", mem.CurrentAlloc())
	}
	if n := cache.Release("app", 1); n != 2 {
		t.Fatalf("release dropped %d, want the two shapes of app's broadcast 1", n)
	}
	cache.Release("app2", 1)
}
