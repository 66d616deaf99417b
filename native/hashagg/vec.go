package hashagg

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// vec is a growable slice of plain values (no pointers) whose memory comes
// from the task allocator, so aggregation state is charged to the task.
type vec[T any] struct {
	mem  memory.Allocator
	buf  []byte
	data []T
}

func newVec[T any](mem memory.Allocator) vec[T] { return vec[T]{mem: mem} }

// resize sets the length to n, growing the capacity geometrically; new
// elements are zero.
func (v *vec[T]) resize(n int) {
	if n <= cap(v.data) {
		old := len(v.data)
		v.data = v.data[:n]
		if n > old {
			clear(v.data[old:])
		}
		return
	}
	c := 2 * cap(v.data)
	if c < 64 {
		c = 64
	}
	for c < n {
		c *= 2
	}
	var zero T
	size := c * int(unsafe.Sizeof(zero))
	old := len(v.data)
	if v.buf == nil {
		v.buf = v.mem.Allocate(size)
	} else {
		v.buf = v.mem.Reallocate(size, v.buf)
	}
	v.data = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(v.buf))), c)[:n]
	clear(v.data[old:])
}

// alloc sets the length to n without growing geometrically (fixed tables).
func (v *vec[T]) alloc(n int) {
	v.free()
	var zero T
	v.buf = v.mem.Allocate(n * int(unsafe.Sizeof(zero)))
	v.data = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(v.buf))), n)
	clear(v.data)
}

func (v *vec[T]) free() {
	if v.buf != nil {
		v.mem.Free(v.buf)
	}
	v.buf, v.data = nil, nil
}

func (v *vec[T]) bytes() int64 { return int64(len(v.buf)) }
