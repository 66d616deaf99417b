package str

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// outStrings builds the offsets and values of a string or binary result of n
// rows in buffers from the allocator; the values buffer grows by doubling.
// Use it as a local value: the hot path writes only ints and bytes (no
// pointer, so no GC write barrier per row).
type outStrings struct {
	offBuf, valBuf *memory.Buffer
	offs           []int32
	buf            []byte // valBuf's whole capacity
	n              int    // bytes written
}

func newOutStrings(mem memory.Allocator, n, sizeHint int) outStrings {
	var o outStrings
	o.offBuf, o.offs = kutil.NewValues[int32](mem, n+1)
	o.offs[0] = 0
	o.valBuf = memory.NewResizableBuffer(mem)
	o.valBuf.Reserve(max(sizeHint, 64))
	o.buf = o.valBuf.Buf()
	return o
}

// grow makes room for extra more bytes.
func (o *outStrings) grow(extra int) {
	if o.n+extra <= len(o.buf) {
		return
	}
	o.valBuf.ResizeNoShrink(o.n)
	o.valBuf.Reserve(max(2*len(o.buf), o.n+extra))
	o.buf = o.valBuf.Buf()
}

// append adds b to the values (the row is ended by end).
func (o *outStrings) append(b []byte) {
	if o.n+len(b) > len(o.buf) {
		o.grow(len(b))
	}
	o.n += copy(o.buf[o.n:], b)
}

// tail is the free space after the bytes written (call grow first); write
// into it and then advance by the bytes written.
func (o *outStrings) tail() []byte { return o.buf[o.n:o.n:len(o.buf)] }

// advance records k more bytes written into tail.
func (o *outStrings) advance(k int) { o.n += k }

// end ends row i.
func (o *outStrings) end(i int) { o.offs[i+1] = int32(o.n) }

// finish checks the size, releases the buffers on error, and builds the array.
func (o *outStrings) finish(name string, dt arrow.DataType, n, nulls int, validity *memory.Buffer) (arrow.Array, error) {
	if o.n > math.MaxInt32 {
		o.release()
		if validity != nil {
			validity.Release()
		}
		return nil, kernels.ErrUnsupported("%s: result of %d bytes is larger than one Arrow string array holds", name, o.n)
	}
	o.valBuf.ResizeNoShrink(o.n)
	return kutil.MakeArray(dt, n, nulls, validity, o.offBuf, o.valBuf), nil
}

func (o *outStrings) release() {
	o.offBuf.Release()
	o.valBuf.Release()
}

// isValid reports whether row i is valid given a validity bitmap with offset
// 0 (nil: every row valid).
func isValid(validity *memory.Buffer, i int) bool {
	return validity == nil || validity.Bytes()[i>>3]&(1<<(i&7)) != 0
}
