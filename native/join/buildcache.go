package join

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
)

// BuildCache keeps the build sides of broadcast hash joins, read, concatenated
// and indexed, for the other tasks that join against the same broadcast: every
// task of a broadcast join's stage reads one and the same relation, so the
// first task on this sidecar builds it and the others share it read-only (a
// broadcast hash join keeps no per-build-row state in Spark 3.5: no build-side
// outer, semi or anti joins; the join keeps its match flags per task anyway).
//
// Keys: the broadcast (application id, broadcast id) and the build side's
// shape (the input's schema, the build keys' expressions, the session time
// zone), so two joins reading one broadcast with other keys keep two entries.
//
// Concurrency: the first task to ask builds (from its own input); tasks asking
// meanwhile wait for it and then share its entry, or, when it was not kept
// (the build failed, spilled or did not fit), build their own as without a
// cache. The client sends a broadcast's bytes only when the sidecar asks for
// them, so the waiting tasks send nothing.
//
// Memory: a kept build side is allocated from the cache's allocator (no task
// owns it) and its reservation, made by the task that built it, is handed over
// to the pool's shared bytes (MemoryPool.MoveToShared), so it counts against
// the sidecar's budget after that task ends. The cache holds at most maxBytes;
// to keep a new entry, and when the budget refuses a task, it drops entries no
// running task uses, least recently used first. An entry in use is never
// dropped: it is detached (no new task finds it) and freed by its last user.
//
// Release: Release drops a broadcast's entries when Spark removes the
// broadcast; the LRU bound keeps a missed release from holding memory forever.
type BuildCache struct {
	mem      memory.Allocator
	pool     *native.MemoryPool
	maxBytes int64

	mu      sync.Mutex
	entries map[CacheKey]*cacheEntry
	bytes   int64
	clock   uint64

	builds, hits, evictions, releases atomic.Int64
}

// CacheKey identifies one build side of one broadcast.
type CacheKey struct {
	ApplicationID string
	BroadcastID   int64
	// Shape is the build input's schema, the build keys and the time zone.
	Shape string
}

// builtSide is a build side, read-only once built: shared by tasks.
type builtSide struct {
	build     arrow.RecordBatch
	keys      []arrow.Array
	table     index
	buildNull bool
	keyCol    int
	bytes     int64 // the batch, keys and index: what was reserved for them
}

func (b *builtSide) release() {
	b.build.Release()
	native.ReleaseAll(b.keys)
}

// cacheEntry is one key's build side, or the promise of one while a task
// builds it.
type cacheEntry struct {
	key      CacheKey
	ready    chan struct{} // closed once built (side set) or given up (side nil)
	side     *builtSide
	refs     int    // tasks using side; guarded by BuildCache.mu
	lastUse  uint64 // the cache's clock at the last acquire
	detached bool   // no longer in entries: freed when refs reach 0
}

// CacheStats are the cache's counters.
type CacheStats struct {
	Entries                           int
	Bytes                             int64
	Builds, Hits, Evictions, Releases int64
}

// NewBuildCache returns a cache of at most maxBytes (<= 0: it keeps nothing)
// whose entries are allocated from mem and accounted in pool's shared bytes.
// It registers itself as pool's reclaimer.
func NewBuildCache(mem memory.Allocator, pool *native.MemoryPool, maxBytes int64) *BuildCache {
	c := &BuildCache{mem: mem, pool: pool, maxBytes: maxBytes, entries: map[CacheKey]*cacheEntry{}}
	if pool != nil && maxBytes > 0 {
		pool.SetReclaimer(c.evict)
	}
	return c
}

// Enabled: the cache may keep entries.
func (c *BuildCache) Enabled() bool { return c != nil && c.maxBytes > 0 }

// Stats returns the counters and what is held now.
func (c *BuildCache) Stats() CacheStats {
	c.mu.Lock()
	n, b := len(c.entries), c.bytes
	c.mu.Unlock()
	return CacheStats{Entries: n, Bytes: b, Builds: c.builds.Load(), Hits: c.hits.Load(),
		Evictions: c.evictions.Load(), Releases: c.releases.Load()}
}

// acquire returns the key's build side to share (side set: the caller must
// call unref(e) when done), or makes the caller its builder (side nil, e set:
// the caller must call publish or abandon), or neither (build privately).
func (c *BuildCache) acquire(ctx context.Context, key CacheKey) (side *builtSide, e *cacheEntry, err error) {
	waited := false
	for {
		c.mu.Lock()
		e = c.entries[key]
		if e == nil {
			if waited {
				// The build this task waited for was not kept: build privately
				// rather than queue behind another attempt.
				c.mu.Unlock()
				return nil, nil, nil
			}
			e = &cacheEntry{key: key, ready: make(chan struct{})}
			c.entries[key] = e
			c.mu.Unlock()
			return nil, e, nil
		}
		if e.side != nil {
			e.refs++
			c.clock++
			e.lastUse = c.clock
			c.mu.Unlock()
			c.hits.Add(1)
			return e.side, e, nil
		}
		ready := e.ready
		c.mu.Unlock()
		select {
		case <-ready:
			waited = true
		case <-ctx.Done():
			return nil, nil, context.Cause(ctx)
		}
	}
}

// publish keeps the side e's builder built, if it fits: its bytes move from
// the builder's reservation res to the pool's shared bytes. True: kept, and
// held by the builder (unref(e) when done); false: not kept, the builder
// keeps it privately (its reservation unchanged).
func (c *BuildCache) publish(e *cacheEntry, side *builtSide, res *native.Reservation) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(e.ready)
	if e.detached || side.bytes > c.maxBytes {
		c.dropPending(e)
		return false
	}
	if over := c.bytes + side.bytes - c.maxBytes; over > 0 {
		c.evictLocked(over)
		if c.bytes+side.bytes > c.maxBytes {
			c.dropPending(e)
			return false
		}
	}
	if res != nil {
		res.MoveToShared(side.bytes)
	}
	settle(side)
	e.side = side
	e.refs = 1
	c.clock++
	e.lastUse = c.clock
	c.bytes += side.bytes
	c.builds.Add(1)
	return true
}

// abandon gives up e's build (the builder failed or spilled): waiting tasks
// build privately.
func (c *BuildCache) abandon(e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropPending(e)
	close(e.ready)
}

// dropPending removes a not-yet-built entry from the map.
func (c *BuildCache) dropPending(e *cacheEntry) {
	if c.entries[e.key] == e {
		delete(c.entries, e.key)
	}
	e.detached = true
}

// unref ends one task's use of e's side.
func (c *BuildCache) unref(e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.refs = max(e.refs-1, 0)
	if e.refs == 0 && e.detached {
		c.free(e)
	}
}

// free releases a detached entry's side and its shared bytes.
func (c *BuildCache) free(e *cacheEntry) {
	if e.side == nil {
		return
	}
	e.side.release()
	c.bytes -= e.side.bytes
	if c.pool != nil {
		c.pool.ReleaseShared(e.side.bytes)
	}
	e.side = nil
}

// detach takes e out of the map; its side is freed now when unused, else by
// its last user.
func (c *BuildCache) detach(e *cacheEntry) {
	delete(c.entries, e.key)
	e.detached = true
	if e.refs == 0 {
		c.free(e)
	}
}

// Release drops the entries of one broadcast (Spark removed it); it returns
// how many were dropped. Entries in use are freed when their last task ends.
func (c *BuildCache) Release(applicationID string, broadcastID int64) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for k, e := range c.entries {
		if k.ApplicationID != applicationID || k.BroadcastID != broadcastID {
			continue
		}
		if e.side == nil {
			// Still being built: it will not be kept (publish sees it detached).
			c.dropPending(e)
			continue
		}
		c.detach(e)
		n++
	}
	c.releases.Add(int64(n))
	return n
}

// evict frees at least need bytes of unused entries, least recently used
// first, as far as there are any (the pool's reclaimer).
func (c *BuildCache) evict(need int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evictLocked(need)
}

func (c *BuildCache) evictLocked(need int64) {
	for need > 0 {
		var lru *cacheEntry
		for _, e := range c.entries {
			if e.side != nil && e.refs == 0 && (lru == nil || e.lastUse < lru.lastUse) {
				lru = e
			}
		}
		if lru == nil {
			return
		}
		need -= lru.side.bytes
		c.detach(lru)
		c.evictions.Add(1)
	}
}

// settle computes, once, what arrow-go computes lazily on first read (an
// array's null count), so that tasks reading the shared side concurrently
// never write to it.
func settle(side *builtSide) {
	for _, col := range side.build.Columns() {
		settleData(col.Data())
	}
	for _, k := range side.keys {
		settleData(k.Data())
	}
}

func settleData(d arrow.ArrayData) {
	a := array.MakeFromData(d)
	a.NullN()
	a.Release()
	for _, c := range d.Children() {
		settleData(c)
	}
}

// String describes the key for errors and logs.
func (k CacheKey) String() string {
	return fmt.Sprintf("broadcast %d of %s", k.BroadcastID, k.ApplicationID)
}
