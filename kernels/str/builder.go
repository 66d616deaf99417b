package str

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/internal/kutil"
)

// outStrings builds the offsets and values of a string or binary result of n
// rows in buffers from the allocator; the values buffer grows by doubling.
type outStrings struct {
	offBuf, valBuf *memory.Buffer
	offs           []int32
	vals           []byte // valBuf.Bytes()[:len(vals)] is written
}

func newOutStrings(mem memory.Allocator, n, sizeHint int) *outStrings {
	o := &outStrings{}
	o.offBuf, o.offs = kutil.NewValues[int32](mem, n+1)
	o.offs[0] = 0
	o.valBuf = memory.NewResizableBuffer(mem)
	o.valBuf.Reserve(max(sizeHint, 64))
	o.vals = o.valBuf.Buf()[:0]
	return o
}

// grow makes room for extra more bytes.
func (o *outStrings) grow(extra int) {
	if len(o.vals)+extra <= cap(o.vals) {
		return
	}
	n := len(o.vals)
	o.valBuf.ResizeNoShrink(n)
	o.valBuf.Reserve(max(2*cap(o.vals), n+extra))
	o.vals = o.valBuf.Buf()[:n]
}

// append adds b to the values (the row is ended by end).
func (o *outStrings) append(b []byte) {
	o.grow(len(b))
	o.vals = append(o.vals, b...)
}

// end ends row i.
func (o *outStrings) end(i int) { o.offs[i+1] = int32(len(o.vals)) }

// finish checks the size, releases the buffers on error, and builds the array.
func (o *outStrings) finish(name string, dt arrow.DataType, n, nulls int, validity *memory.Buffer) (arrow.Array, error) {
	if len(o.vals) > math.MaxInt32 {
		o.release()
		if validity != nil {
			validity.Release()
		}
		return nil, kernels.ErrUnsupported("%s: result of %d bytes is larger than one Arrow string array holds", name, len(o.vals))
	}
	o.valBuf.ResizeNoShrink(len(o.vals))
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
