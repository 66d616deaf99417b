package hashagg

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// accumulator is the state of one aggregate function for every group. Each
// method is called once per batch; the loops inside are typed.
type accumulator interface {
	// resize grows the state to n groups, new groups at Spark's initialValues.
	resize(n int)
	// update folds the rows of args into groups gids[i] (updateExpressions).
	update(gids []uint32, args []arrow.Array) error
	// merge folds the input buffer columns into groups gids[i] (mergeExpressions).
	merge(gids []uint32, bufs []arrow.Array) error
	// emitBuffer builds the buffer columns of groups [from, to).
	emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error)
	// emitResult builds the result column of groups [from, to) (evaluateExpression).
	emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error)
	// bytes is the memory the state holds.
	bytes() int64
	free()
}

// isValid reports row i of a validity bitmap (nil: every row).
func isValid(bits []byte, off, i int) bool {
	return bits == nil || bitutil.BitIsSet(bits, off+i)
}

// ---- count ----

// countAcc is Count (Count.scala): the rows where every argument is non-NULL.
type countAcc struct {
	n    vec[int64]
	mask []uint8
}

func (a *countAcc) resize(n int) { a.n.resize(n) }

func (a *countAcc) update(gids []uint32, args []arrow.Array) error {
	st := a.n.data
	nullable := false
	for _, x := range args {
		if x.NullN() > 0 {
			nullable = true
		}
	}
	if !nullable {
		for _, g := range gids {
			st[g]++
		}
		return nil
	}
	if len(args) == 1 {
		bits, off := kutil.Validity(args[0])
		for i, g := range gids {
			if isValid(bits, off, i) {
				st[g]++
			}
		}
		return nil
	}
	a.mask = allValid(args, a.mask)
	for i, g := range gids {
		st[g] += int64(a.mask[i])
	}
	return nil
}

// allValid returns one byte per row: 1 where every array is non-NULL.
func allValid(arrs []arrow.Array, out []uint8) []uint8 {
	n := arrs[0].Len()
	if cap(out) < n {
		out = make([]uint8, n)
	}
	out = out[:n]
	for i := range out {
		out[i] = 1
	}
	for _, x := range arrs {
		bits, off := kutil.Validity(x)
		if bits == nil {
			continue
		}
		for i := range out {
			out[i] &= (bits[(off+i)>>3] >> uint((off+i)&7)) & 1
		}
	}
	return out
}

func (a *countAcc) merge(gids []uint32, bufs []arrow.Array) error {
	st := a.n.data
	in := kutil.Values[int64](bufs[0])
	bits, off := kutil.Validity(bufs[0])
	for i, g := range gids {
		if isValid(bits, off, i) {
			st[g] += in[i]
		}
	}
	return nil
}

func (a *countAcc) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	return []arrow.Array{fixedArray(mem, types[0], a.n.data[from:to], nil)}, nil
}

func (a *countAcc) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	return fixedArray(mem, dt, a.n.data[from:to], nil), nil
}

func (a *countAcc) bytes() int64 { return a.n.bytes() }
func (a *countAcc) free()        { a.n.free() }

// ---- central moments ----

// momentAcc is CentralMomentAgg of order 2 (CentralMomentAgg.scala): buffer
// (n, avg, m2), results var_pop, var_samp, stddev_pop, stddev_samp. The
// explicit float64 conversions keep Go from fusing multiply-adds, so every
// step rounds as Java's does.
type momentAcc struct {
	n, avg, m2         vec[float64]
	sample, sqrt       bool
	nullOnDivideByZero bool
}

func (a *momentAcc) resize(n int) {
	a.n.resize(n)
	a.avg.resize(n)
	a.m2.resize(n)
}

func (a *momentAcc) update(gids []uint32, args []arrow.Array) error {
	x := kutil.Values[float64](args[0])
	bits, off := kutil.Validity(args[0])
	ns, avgs, m2s := a.n.data, a.avg.data, a.m2.data
	for i, g := range gids {
		if !isValid(bits, off, i) {
			continue
		}
		newN := ns[g] + 1.0
		delta := x[i] - avgs[g]
		deltaN := delta / newN
		avgs[g] = avgs[g] + deltaN
		m2s[g] = m2s[g] + float64(delta*(delta-deltaN))
		ns[g] = newN
	}
	return nil
}

func (a *momentAcc) merge(gids []uint32, bufs []arrow.Array) error {
	n2s, avg2s, m22s := kutil.Values[float64](bufs[0]), kutil.Values[float64](bufs[1]), kutil.Values[float64](bufs[2])
	ns, avgs, m2s := a.n.data, a.avg.data, a.m2.data
	for i, g := range gids {
		n1, n2 := ns[g], n2s[i]
		newN := n1 + n2
		delta := avg2s[i] - avgs[g]
		deltaN := 0.0
		if newN != 0.0 {
			deltaN = delta / newN
		}
		avgs[g] = avgs[g] + float64(deltaN*n2)
		m2s[g] = (m2s[g] + m22s[i]) + float64(float64(float64(delta*deltaN)*n1)*n2)
		ns[g] = newN
	}
	return nil
}

func (a *momentAcc) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	return []arrow.Array{
		fixedArray(mem, types[0], a.n.data[from:to], nil),
		fixedArray(mem, types[1], a.avg.data[from:to], nil),
		fixedArray(mem, types[2], a.m2.data[from:to], nil),
	}, nil
}

func (a *momentAcc) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	out := make([]float64, to-from)
	valid := make([]uint8, to-from)
	for i := range out {
		n, m2 := a.n.data[from+i], a.m2.data[from+i]
		if n == 0.0 {
			continue
		}
		var v float64
		if a.sample {
			if n == 1.0 {
				if a.nullOnDivideByZero {
					continue
				}
				out[i], valid[i] = math.NaN(), 1
				continue
			}
			v = m2 / (n - 1.0)
		} else {
			v = m2 / n
		}
		if a.sqrt {
			v = math.Sqrt(v)
		}
		out[i], valid[i] = v, 1
	}
	return fixedArray(mem, dt, out, valid), nil
}

func (a *momentAcc) bytes() int64 { return a.n.bytes() + a.avg.bytes() + a.m2.bytes() }
func (a *momentAcc) free()        { a.n.free(); a.avg.free(); a.m2.free() }
