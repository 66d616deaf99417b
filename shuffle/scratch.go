package shuffle

import "github.com/apache/arrow-go/v18/arrow/memory"

// scratchAllocator serves the writer's grouped copies of its held rows
// (encodeScattered): they are freed once their flush is encoded, and the next
// flush, of about the same rows, gets the same buffers back instead of new
// ones the Go runtime zeroes and the kernel faults in (which cost about a
// tenth of the writer's time). The buffers it keeps are charged to the parent
// allocator until release, and the writer reserves them (Writer.reserve).
type scratchAllocator struct {
	parent memory.Allocator
	free   [][]byte // freed buffers, each its whole capacity
	bytes  int64    // their capacity
}

var _ memory.Allocator = (*scratchAllocator)(nil)

// Allocate returns the smallest free buffer that holds size bytes, or a new
// one. Contents are undefined, as the kernels that use it expect
// (kutil.NewValues, NewBytes; NewBitmap clears its own).
func (a *scratchAllocator) Allocate(size int) []byte {
	best := -1
	for i, b := range a.free {
		if cap(b) >= size && (best < 0 || cap(b) < cap(a.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return a.parent.Allocate(size)
	}
	b := a.free[best]
	a.free[best] = a.free[len(a.free)-1]
	a.free = a.free[:len(a.free)-1]
	a.bytes -= int64(cap(b))
	return b[:size]
}

func (a *scratchAllocator) Reallocate(size int, b []byte) []byte {
	if size <= cap(b) {
		return b[:size]
	}
	out := a.Allocate(size)
	copy(out, b)
	a.Free(b)
	return out
}

func (a *scratchAllocator) Free(b []byte) {
	a.free = append(a.free, b[:cap(b)])
	a.bytes += int64(cap(b))
}

// release returns the free buffers to the parent.
func (a *scratchAllocator) release() {
	for _, b := range a.free {
		a.parent.Free(b)
	}
	a.free, a.bytes = nil, 0
}
