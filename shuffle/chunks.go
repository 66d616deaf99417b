package shuffle

import "io"

// chunkSize is the size of the chunks a partition's encoded bytes are kept in.
const chunkSize = 64 << 10

// chunks is an append-only byte buffer in fixed-size chunks: growing never
// copies what is already written (a bytes.Buffer doubling its slice did, and
// cost a fifth of the writer's time).
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
			c.last = make([]byte, 0, chunkSize)
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

// Reset drops the bytes.
func (c *chunks) Reset() { *c = chunks{} }
