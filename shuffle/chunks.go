package shuffle

import (
	"io"
	"sync"
)

// chunkSize is the size of the chunks a partition's encoded bytes are kept in.
const chunkSize = 64 << 10

// chunks is an append-only byte buffer in fixed-size chunks: growing never
// copies what is already written (a bytes.Buffer doubling its slice did, and
// cost a fifth of the writer's time). The chunks come from and go back to
// chunkPool: a map task's encoded partitions are written to its data file
// and dropped, and the next task's reuse their chunks instead of having new
// ones zeroed and faulted in.
type chunks struct {
	full [][]byte
	last []byte
	size int
}

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.last) == cap(c.last) {
			if c.last != nil {
				c.full = append(c.full, c.last)
			}
			c.last = (*chunkPool.Get().(*[chunkSize]byte))[:0]
		}
		k := copy(c.last[len(c.last):cap(c.last)], p)
		c.last = c.last[:len(c.last)+k]
		p = p[k:]
	}
	c.size += n
	return n, nil
}

// Len is the number of bytes written.
func (c *chunks) Len() int { return c.size }

// WriteTo writes every byte to w.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for _, b := range append(c.full, c.last) {
		n, err := w.Write(b)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Reset drops the bytes, returning the chunks to chunkPool: nothing may
// hold a slice of them after.
func (c *chunks) Reset() {
	for _, b := range c.full {
		chunkPool.Put((*[chunkSize]byte)(b[:chunkSize]))
	}
	if c.last != nil {
		chunkPool.Put((*[chunkSize]byte)(c.last[:chunkSize]))
	}
	*c = chunks{}
}

// chunkPool holds unused chunks (sync.Pool: the GC drops those unused for
// two cycles).
var chunkPool = sync.Pool{New: func() any { return new([chunkSize]byte) }}
