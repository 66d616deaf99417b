package native

import (
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TaskAllocator charges every buffer of one task to that task. It wraps a
// parent allocator and tracks the bytes currently held and the peak, so the
// sidecar can report them and check that a finished task returned everything.
// A budget that refuses reservations comes with spilling operators (issue 5).
type TaskAllocator struct {
	parent    memory.Allocator
	allocated atomic.Int64
	peak      atomic.Int64
}

var _ memory.Allocator = (*TaskAllocator)(nil)

// NewTaskAllocator returns an allocator charging parent's buffers to one task.
func NewTaskAllocator(parent memory.Allocator) *TaskAllocator {
	return &TaskAllocator{parent: parent}
}

func (a *TaskAllocator) charge(delta int64) {
	now := a.allocated.Add(delta)
	for {
		p := a.peak.Load()
		if now <= p || a.peak.CompareAndSwap(p, now) {
			return
		}
	}
}

// Allocate implements memory.Allocator.
func (a *TaskAllocator) Allocate(size int) []byte {
	b := a.parent.Allocate(size)
	a.charge(int64(size))
	return b
}

// Reallocate implements memory.Allocator.
func (a *TaskAllocator) Reallocate(size int, b []byte) []byte {
	old := len(b)
	out := a.parent.Reallocate(size, b)
	a.charge(int64(size - old))
	return out
}

// Free implements memory.Allocator.
func (a *TaskAllocator) Free(b []byte) {
	a.charge(-int64(len(b)))
	a.parent.Free(b)
}

// Allocated is the number of bytes the task holds now.
func (a *TaskAllocator) Allocated() int64 { return a.allocated.Load() }

// Peak is the largest number of bytes the task held at once.
func (a *TaskAllocator) Peak() int64 { return a.peak.Load() }
