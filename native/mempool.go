package native

import (
	"fmt"
	"sync"
)

// MemoryPool is the sidecar's memory budget for operator state (hash tables, sort
// buffers), shared by its running tasks the way Spark's ExecutionMemoryPool shares
// execution memory: with N tasks holding reservations, a task may hold at most
// budget/N, so a new task always gets a share. A refused reservation tells a
// stateful operator to spill (or, for one that cannot, to fail with a clear error).
//
// Reservations cover the state an operator keeps across batches; the transient
// batches flowing between operators are counted by each task's TaskAllocator
// only. The sidecar sets the Go runtime's soft memory limit above the budget.
type MemoryPool struct {
	budget int64 // <= 0: unlimited

	mu       sync.Mutex
	reserved int64 // the tasks' reservations and shared
	shared   int64 // held for no task: the broadcast cache's build sides
	tasks    map[*TaskMemory]struct{}

	// reclaim, when set, is asked to free at least n shared bytes (it drops
	// unused cache entries) when the budget refuses a task; called without mu.
	reclaim func(n int64)
}

// SetReclaimer makes the pool ask reclaim to free shared bytes before it
// refuses a task for lack of budget; call it before the pool is used.
func (p *MemoryPool) SetReclaimer(reclaim func(n int64)) { p.reclaim = reclaim }

// Shared is the number of bytes held for no task now.
func (p *MemoryPool) Shared() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.shared
}

// ReleaseShared returns n shared bytes to the budget.
func (p *MemoryPool) ReleaseShared(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n = min(n, p.shared)
	p.shared -= n
	p.reserved -= n
}

// NewMemoryPool returns a pool of budget bytes (<= 0: unlimited).
func NewMemoryPool(budget int64) *MemoryPool {
	return &MemoryPool{budget: budget, tasks: map[*TaskMemory]struct{}{}}
}

// Budget is the pool's size in bytes (<= 0: unlimited).
func (p *MemoryPool) Budget() int64 { return p.budget }

// Reserved is the number of bytes reserved now, over all tasks.
func (p *MemoryPool) Reserved() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reserved
}

// NewTask returns the reservations of one task; Close it when the task ends.
func (p *MemoryPool) NewTask(taskID string) *TaskMemory {
	return &TaskMemory{pool: p, taskID: taskID}
}

// NewTaskLimited is NewTask for a task that may also hold at most limit bytes:
// what Spark's TaskMemoryManager granted it from the executor's off-heap pool,
// so that Spark's accounting covers the sidecar's memory. limit <= 0: no cap
// beyond the fair share.
func (p *MemoryPool) NewTaskLimited(taskID string, limit int64) *TaskMemory {
	return &TaskMemory{pool: p, taskID: taskID, limit: limit}
}

// grow reserves n more bytes for t, or refuses. Refused only because shared
// bytes fill the budget, it first asks the reclaimer to free them.
func (p *MemoryPool) grow(t *TaskMemory, n int64) bool {
	ok, short := p.tryGrow(t, n)
	if ok || short <= 0 || p.reclaim == nil {
		return ok
	}
	p.reclaim(short)
	ok, _ = p.tryGrow(t, n)
	return ok
}

// tryGrow reserves n more bytes for t; when refused, short is how many shared
// bytes freed would have let it through (0: freeing them would not help).
func (p *MemoryPool) tryGrow(t *TaskMemory, n int64) (ok bool, short int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.limit > 0 && t.reserved+n > t.limit {
		return false, 0
	}
	if p.budget > 0 {
		active := len(p.tasks)
		if _, ok := p.tasks[t]; !ok {
			active++
		}
		if t.reserved+n > p.budget/int64(active) {
			return false, 0
		}
		if over := p.reserved + n - p.budget; over > 0 {
			if over > p.shared {
				return false, 0
			}
			return false, over
		}
	}
	p.tasks[t] = struct{}{}
	p.reserved += n
	t.reserved += n
	t.peak = max(t.peak, t.reserved)
	return true, 0
}

// shrink returns n bytes of t's reservation.
func (p *MemoryPool) shrink(t *TaskMemory, n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reserved -= n
	t.reserved -= n
	if t.reserved == 0 {
		delete(p.tasks, t)
	}
}

// TaskMemory is one task's reservations in a MemoryPool.
type TaskMemory struct {
	pool     *MemoryPool
	taskID   string
	limit    int64 // <= 0: none
	reserved int64 // guarded by pool.mu
	peak     int64 // guarded by pool.mu
}

// NewReservation returns an empty reservation for the named operator.
func (t *TaskMemory) NewReservation(consumer string) *Reservation {
	return &Reservation{task: t, consumer: consumer}
}

// Reserved is the task's reservation now, in bytes.
func (t *TaskMemory) Reserved() int64 {
	t.pool.mu.Lock()
	defer t.pool.mu.Unlock()
	return t.reserved
}

// Peak is the task's largest reservation, in bytes.
func (t *TaskMemory) Peak() int64 {
	t.pool.mu.Lock()
	defer t.pool.mu.Unlock()
	return t.peak
}

// Close returns whatever the task's reservations still hold; it reports the bytes
// an operator forgot to free (0 when every operator freed its reservation).
func (t *TaskMemory) Close() int64 {
	t.pool.mu.Lock()
	left := t.reserved
	t.pool.mu.Unlock()
	if left != 0 {
		t.pool.shrink(t, left)
	}
	return left
}

// Reservation is the memory one operator holds for its state. Not safe for
// concurrent use (an operator runs on its task's goroutine).
type Reservation struct {
	task     *TaskMemory
	consumer string
	size     int64
	peak     int64
}

// TryGrow reserves n more bytes; false when the budget refuses (nothing changes).
func (r *Reservation) TryGrow(n int64) bool {
	if n <= 0 {
		return true
	}
	if !r.task.pool.grow(r.task, n) {
		return false
	}
	r.size += n
	r.peak = max(r.peak, r.size)
	return true
}

// Shrink returns n bytes (at most the reservation's size).
func (r *Reservation) Shrink(n int64) {
	n = min(n, r.size)
	if n <= 0 {
		return
	}
	r.size -= n
	r.task.pool.shrink(r.task, n)
}

// MoveToShared hands n bytes of the reservation (at most its size) over to
// the pool's shared bytes, which no task's end returns: the build side a
// task built, kept for other tasks. The budget's total does not change.
func (r *Reservation) MoveToShared(n int64) {
	n = min(n, r.size)
	if n <= 0 {
		return
	}
	r.size -= n
	p, t := r.task.pool, r.task
	p.mu.Lock()
	defer p.mu.Unlock()
	t.reserved -= n
	if t.reserved == 0 {
		delete(p.tasks, t)
	}
	p.shared += n
}

// Free returns the whole reservation.
func (r *Reservation) Free() { r.Shrink(r.size) }

// Size is the bytes held now.
func (r *Reservation) Size() int64 { return r.size }

// Peak is the largest size the reservation had.
func (r *Reservation) Peak() int64 { return r.peak }

// RefusedError is the error of an operator that cannot spill when the budget
// refuses it more memory.
func (r *Reservation) RefusedError(n int64) error {
	return fmt.Errorf("%s of task %s needs %d more bytes but the sidecar's memory budget (%d bytes, shared by the running tasks) refuses them; raise spark.ember.memory",
		r.consumer, r.task.taskID, n, r.task.pool.budget)
}
