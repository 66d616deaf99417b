package order

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// space is a sort's scratch space, allocated from mem only when a path
// needs it: an integer first key uses one entry per row (b) and a
// bucket-sized scratch, so the other 20 bytes per row of the general path
// (a second entry per row and the merge space) are never allocated, zeroed
// or faulted in.
type space struct {
	mem  memory.Allocator
	n    int
	bufs []*memory.Buffer
	a, b []entry  // one entry per row each; a run uses its own range
	tmp  []entry  // bucketScratch's space while a is not allocated
	perm []uint32 // merge and partition space, one per row
}

func (s *space) alloc(bytes int) []byte {
	buf := memory.NewResizableBuffer(s.mem)
	buf.Resize(bytes)
	s.bufs = append(s.bufs, buf)
	return buf.Bytes()
}

func (s *space) entries(n int) []entry {
	b := s.alloc(n * int(unsafe.Sizeof(entry{})))
	return unsafe.Slice((*entry)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// entriesA and entriesB are the two entry spaces, one entry per row.
func (s *space) entriesA() []entry {
	if s.a == nil {
		s.a = s.entries(s.n)
	}
	return s.a
}

func (s *space) entriesB() []entry {
	if s.b == nil {
		s.b = s.entries(s.n)
	}
	return s.b
}

// bucketScratch returns m entries of transient scratch (overwritten by the
// next call): a's when a exists, else a buffer of the largest m asked.
func (s *space) bucketScratch(m int) []entry {
	if s.a != nil {
		return s.a[:m]
	}
	if len(s.tmp) < m {
		s.tmp = s.entries(m)
	}
	return s.tmp[:m]
}

// rows is the merge and partition space, one uint32 per row.
func (s *space) rows() []uint32 {
	if s.perm == nil {
		s.perm = asUint32s(s.alloc(s.n * 4))[:s.n]
	}
	return s.perm
}

func (s *space) release() {
	for _, b := range s.bufs {
		b.Release()
	}
	s.bufs, s.a, s.b, s.tmp, s.perm = nil, nil, nil, nil, nil
}
