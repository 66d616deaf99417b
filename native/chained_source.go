package native

import "github.com/apache/arrow-go/v18/arrow"

// ChainedSource is a RecordSource over several sources, one after the other:
// a native exchange's blocks read from local files, then those the JVM
// forwarded. It owns its sources: Release releases those that can be.
type ChainedSource struct {
	sources []RecordSource
	cur     int
	err     error
}

var _ RecordSource = (*ChainedSource)(nil)

// NewChainedSource returns the batches of every source in turn; the first
// error ends it.
func NewChainedSource(sources ...RecordSource) *ChainedSource {
	return &ChainedSource{sources: sources}
}

func (c *ChainedSource) Next() bool {
	for c.err == nil && c.cur < len(c.sources) {
		s := c.sources[c.cur]
		if s.Next() {
			return true
		}
		if err := s.Err(); err != nil {
			c.err = err
			return false
		}
		c.cur++
	}
	return false
}

// RecordBatch is valid until the next call to Next.
func (c *ChainedSource) RecordBatch() arrow.RecordBatch {
	if c.cur < len(c.sources) {
		return c.sources[c.cur].RecordBatch()
	}
	return nil
}

func (c *ChainedSource) Err() error { return c.err }

// Release releases every source that has a Release method.
func (c *ChainedSource) Release() {
	c.cur = len(c.sources)
	for _, s := range c.sources {
		if r, ok := s.(interface{ Release() }); ok {
			r.Release()
		}
	}
}
