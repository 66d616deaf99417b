package order

// Spark: core/src/main/scala/org/apache/spark/Partitioner.scala,
// RangePartitioner.getPartition with ascending = true (as ShuffleExchangeExec
// builds it): the partition of a key is the number of bounds below it, the
// bounds being strictly increasing under the ordering.

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Bounds are the upper bounds of a range partitioning's partitions but the
// last: rows of sort keys (one array per key), strictly increasing under
// Sort's ordering of those keys.
type Bounds struct {
	cols  []arrow.Array
	specs []Key
	n     int
	// Search's scratch, reused from batch to batch.
	probe []int32
	c     []int8
}

// NewBounds checks that cols (one array per key of specs, of equal length and
// supported types) are strictly increasing; the caller keeps them alive while
// it searches.
func NewBounds(cols []arrow.Array, specs []Key) (*Bounds, error) {
	if len(cols) == 0 || len(cols) != len(specs) {
		return nil, fmt.Errorf("order: %d bound columns for %d keys", len(cols), len(specs))
	}
	n := cols[0].Len()
	for k, c := range cols {
		if c.Len() != n {
			return nil, fmt.Errorf("order: bound column %d has %d rows, column 0 has %d", k, c.Len(), n)
		}
	}
	r, err := newRowCmp(cols, specs)
	if err != nil {
		return nil, err
	}
	for i := 1; i < n; i++ {
		if r.compare(uint32(i-1), uint32(i), 0) >= 0 {
			return nil, fmt.Errorf("order: bounds %d and %d are not strictly increasing", i-1, i)
		}
	}
	return &Bounds{cols: cols, specs: specs, n: n}, nil
}

// Len is the number of bounds.
func (b *Bounds) Len() int { return b.n }

// Search writes into out[i] (out has at least as many elements as keys have
// rows), for every row i of keys (one array per key, of
// the bounds' types), the number of bounds below that row: the index of the
// first bound >= the row, b.Len() when there is none. It is a binary search
// run for all rows at once: one probed bound per row and round, the rows
// compared with their probes key by key, each key by a loop of its type. A
// Bounds is not safe for concurrent use.
func (b *Bounds) Search(keys []arrow.Array, out []int32) error {
	if len(keys) != len(b.cols) {
		return fmt.Errorf("order: %d key columns for %d bound columns", len(keys), len(b.cols))
	}
	n := 0
	if len(keys) > 0 {
		n = keys[0].Len()
	}
	out = out[:n]
	clear(out)
	if b.n == 0 || n == 0 {
		return nil
	}
	probes := make([]probeCmp, len(keys))
	for k, a := range keys {
		if a.Len() != n {
			return fmt.Errorf("order: key column %d has %d rows, column 0 has %d", k, a.Len(), n)
		}
		p, err := newProbeCmp(a, b.cols[k], b.specs[k])
		if err != nil {
			return fmt.Errorf("order: key %d: %w", k, err)
		}
		probes[k] = p
	}
	if cap(b.probe) < n {
		b.probe, b.c = make([]int32, n), make([]int8, n)
	}
	probe, c := b.probe[:n], b.c[:n]
	step := 1
	for step*2 <= b.n {
		step *= 2
	}
	// out[i] counts the bounds known to be below row i; each round tests the
	// bound step further and keeps the step when that bound is below too.
	for ; step > 0; step /= 2 {
		for i, pos := range out {
			if p := int(pos) + step - 1; p < b.n {
				probe[i], c[i] = int32(p), 0
			} else {
				probe[i], c[i] = 0, -1
			}
		}
		for _, p := range probes {
			p.compare(probe, c)
		}
		for i, r := range c {
			if r > 0 {
				out[i] += int32(step)
			}
		}
	}
	return nil
}

// probeCmp compares the rows of one key with their probed bounds.
type probeCmp interface {
	// compare sets c[i], where it is 0, to the comparison of row i with bound
	// probe[i] by this key: negative, zero (equal: the next key decides) or
	// positive.
	compare(probe []int32, c []int8)
}

// nullPair is the NULL side of one key's comparison of rows with bounds.
type nullPair struct {
	rowValid, boundValid []byte // nil: no NULL on that side
	rowOff, boundOff     int
	nullsFirst           bool
}

// cmp is the comparison of row i with bound j when either is NULL (ok false
// when neither is): NULLs first or last whatever the direction.
func (p *nullPair) cmp(i int, j int32) (r int8, ok bool) {
	rn := p.rowValid != nil && !bitSet(p.rowValid, p.rowOff+i)
	bn := p.boundValid != nil && !bitSet(p.boundValid, p.boundOff+int(j))
	switch {
	case !rn && !bn:
		return 0, false
	case rn && bn:
		return 0, true
	case rn == p.nullsFirst:
		return -1, true
	}
	return 1, true
}

func (p *nullPair) any() bool { return p.rowValid != nil || p.boundValid != nil }

func bitSet(bits []byte, i int) bool { return bits[i>>3]>>(i&7)&1 != 0 }

// The probes below are one loop per type: a row whose comparison is still 0
// is compared with its probed bound, NULLs first, then the values in the
// key's direction (sign).

type intProbe[T int8 | int16 | int32 | int64] struct {
	rows, bounds []T
	nulls        nullPair
	sign         int8
}

func (p *intProbe[T]) compare(probe []int32, c []int8) {
	nulls := p.nulls.any()
	for i, j := range probe {
		if c[i] != 0 {
			continue
		}
		if nulls {
			if r, ok := p.nulls.cmp(i, j); ok {
				c[i] = r
				continue
			}
		}
		c[i] = int8(cmp3(p.rows[i], p.bounds[j])) * p.sign
	}
}

type floatProbe[T float32 | float64] struct {
	rows, bounds []T
	nulls        nullPair
	sign         int8
}

func (p *floatProbe[T]) compare(probe []int32, c []int8) {
	nulls := p.nulls.any()
	for i, j := range probe {
		if c[i] != 0 {
			continue
		}
		if nulls {
			if r, ok := p.nulls.cmp(i, j); ok {
				c[i] = r
				continue
			}
		}
		c[i] = int8(compareFloat(p.rows[i], p.bounds[j])) * p.sign
	}
}

type decProbe struct {
	rows, bounds decCmp
	nulls        nullPair
	sign         int8
}

func (p *decProbe) compare(probe []int32, c []int8) {
	nulls := p.nulls.any()
	for i, j := range probe {
		if c[i] != 0 {
			continue
		}
		if nulls {
			if r, ok := p.nulls.cmp(i, j); ok {
				c[i] = r
				continue
			}
		}
		c[i] = int8(p.rows.v[i].Cmp(p.bounds.v[j])) * p.sign
	}
}

type bytesProbe struct {
	rows, bounds bytesCmp
	nulls        nullPair
	sign         int8
}

func (p *bytesProbe) compare(probe []int32, c []int8) {
	nulls := p.nulls.any()
	r, b := p.rows, p.bounds
	for i, j := range probe {
		if c[i] != 0 {
			continue
		}
		if nulls {
			if x, ok := p.nulls.cmp(i, j); ok {
				c[i] = x
				continue
			}
		}
		c[i] = int8(bytes.Compare(r.data[r.offs[i]:r.offs[i+1]], b.data[b.offs[j]:b.offs[j+1]])) * p.sign
	}
}

type boolProbe struct {
	rows, bounds boolCmp
	nulls        nullPair
	sign         int8
}

func (p *boolProbe) compare(probe []int32, c []int8) {
	nulls := p.nulls.any()
	r, b := p.rows, p.bounds
	for i, j := range probe {
		if c[i] != 0 {
			continue
		}
		if nulls {
			if x, ok := p.nulls.cmp(i, j); ok {
				c[i] = x
				continue
			}
		}
		x := int8(r.bits[(r.off+i)>>3]>>((r.off+i)&7)) & 1
		y := int8(b.bits[(b.off+int(j))>>3]>>((b.off+int(j))&7)) & 1
		c[i] = (x - y) * p.sign
	}
}

// nullProbe is a key of type NULL: every row and bound is NULL, all equal.
type nullProbe struct{}

func (nullProbe) compare([]int32, []int8) {}

// newProbeCmp pairs the rows of a key with the bounds of that key, which must
// have the same type (timestamps may differ in their time zone label).
func newProbeCmp(rows, bounds arrow.Array, spec Key) (probeCmp, error) {
	if !SameKeyType(rows.DataType(), bounds.DataType()) {
		return nil, fmt.Errorf("rows of type %s, bounds of type %s", rows.DataType(), bounds.DataType())
	}
	rc, err := newComparer(rows)
	if err != nil {
		return nil, err
	}
	bc, err := newComparer(bounds)
	if err != nil {
		return nil, err
	}
	var np nullPair
	np.rowValid, np.rowOff = kutil.Validity(rows)
	np.boundValid, np.boundOff = kutil.Validity(bounds)
	np.nullsFirst = spec.NullsFirst
	sign := int8(1)
	if spec.Descending {
		sign = -1
	}
	switch x := rc.(type) {
	case nullCmp:
		return nullProbe{}, nil
	case boolCmp:
		return &boolProbe{x, bc.(boolCmp), np, sign}, nil
	case intCmp[int8]:
		return &intProbe[int8]{x.v, bc.(intCmp[int8]).v, np, sign}, nil
	case intCmp[int16]:
		return &intProbe[int16]{x.v, bc.(intCmp[int16]).v, np, sign}, nil
	case intCmp[int32]:
		return &intProbe[int32]{x.v, bc.(intCmp[int32]).v, np, sign}, nil
	case intCmp[int64]:
		return &intProbe[int64]{x.v, bc.(intCmp[int64]).v, np, sign}, nil
	case floatCmp[float32]:
		return &floatProbe[float32]{x.v, bc.(floatCmp[float32]).v, np, sign}, nil
	case floatCmp[float64]:
		return &floatProbe[float64]{x.v, bc.(floatCmp[float64]).v, np, sign}, nil
	case decCmp:
		return &decProbe{x, bc.(decCmp), np, sign}, nil
	case bytesCmp:
		return &bytesProbe{x, bc.(bytesCmp), np, sign}, nil
	}
	return nil, errors.New("no comparison of rows with bounds")
}

// SameKeyType reports whether keys of Arrow types a and b compare with each
// other: one type, but for a timestamp's time zone label (the instant is the
// same in every zone).
func SameKeyType(a, b arrow.DataType) bool {
	if a.ID() == arrow.TIMESTAMP && b.ID() == arrow.TIMESTAMP {
		return a.(*arrow.TimestampType).Unit == b.(*arrow.TimestampType).Unit
	}
	return arrow.TypeEqual(a, b)
}
