package native

import "github.com/apache/arrow-go/v18/arrow"

// ArrayBytes is the size of an array's buffers (what holding it costs; a
// slice counts its whole buffers, as they stay alive with it).
func ArrayBytes(a arrow.Array) int64 {
	var n int64
	for _, buf := range a.Data().Buffers() {
		if buf != nil {
			n += int64(buf.Len())
		}
	}
	return n
}

// BatchBytes is the size of a batch's column buffers.
func BatchBytes(b arrow.RecordBatch) int64 {
	var n int64
	for _, c := range b.Columns() {
		n += ArrayBytes(c)
	}
	return n
}

// ReleaseAll releases every non-nil array and clears its slot.
func ReleaseAll(arrs []arrow.Array) {
	for i, a := range arrs {
		if a != nil {
			a.Release()
			arrs[i] = nil
		}
	}
}
