package hashagg

import (
	"math/big"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/decimal"
	"github.com/ember-spark/ember/kernels/kutil"
)

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64
}

type floating interface{ ~float32 | ~float64 }

// ---- sum of integral types (Sum.scala: LongType buffer, NULL until a value) ----

// sumIntAcc is Sum over byte, short, int or long: a long that wraps in legacy
// mode and raises ARITHMETIC_OVERFLOW in ANSI mode (Add with evalMode).
type sumIntAcc[T integer] struct {
	sum  vec[int64]
	set  vec[uint8]
	ansi bool
}

func errLongOverflow() error { return kernels.ErrArithmeticOverflow("long overflow", "try_add") }

func (a *sumIntAcc[T]) resize(n int) { a.sum.resize(n); a.set.resize(n) }

func (a *sumIntAcc[T]) update(gids []uint32, args []arrow.Array) error {
	x := kutil.Values[T](args[0])
	bm, off := kutil.Validity(args[0])
	st, set := a.sum.data, a.set.data
	if a.ansi {
		for i, g := range gids {
			if !isValid(bm, off, i) {
				continue
			}
			v := int64(x[i])
			r := st[g] + v
			if (st[g]^r)&(v^r) < 0 {
				return errLongOverflow()
			}
			st[g], set[g] = r, 1
		}
		return nil
	}
	if bm == nil {
		for i, g := range gids {
			st[g] += int64(x[i])
			set[g] = 1
		}
		return nil
	}
	for i, g := range gids {
		if isValid(bm, off, i) {
			st[g] += int64(x[i])
			set[g] = 1
		}
	}
	return nil
}

func (a *sumIntAcc[T]) merge(gids []uint32, bufs []arrow.Array) error {
	x := kutil.Values[int64](bufs[0])
	bm, off := kutil.Validity(bufs[0])
	st, set := a.sum.data, a.set.data
	for i, g := range gids {
		if !isValid(bm, off, i) {
			continue
		}
		v := x[i]
		r := st[g] + v
		if a.ansi && (st[g]^r)&(v^r) < 0 {
			return errLongOverflow()
		}
		st[g], set[g] = r, 1
	}
	return nil
}

func (a *sumIntAcc[T]) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	return []arrow.Array{fixedArray(mem, types[0], a.sum.data[from:to], a.set.data[from:to])}, nil
}

func (a *sumIntAcc[T]) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	return fixedArray(mem, dt, a.sum.data[from:to], a.set.data[from:to]), nil
}

func (a *sumIntAcc[T]) bytes() int64 { return a.sum.bytes() + a.set.bytes() }
func (a *sumIntAcc[T]) free()        { a.sum.free(); a.set.free() }

// ---- sum of float / double (a double, NULL until a value) ----

type sumFloatAcc[T floating] struct {
	sum vec[float64]
	set vec[uint8]
}

func (a *sumFloatAcc[T]) resize(n int) { a.sum.resize(n); a.set.resize(n) }

func (a *sumFloatAcc[T]) update(gids []uint32, args []arrow.Array) error {
	x := kutil.Values[T](args[0])
	bm, off := kutil.Validity(args[0])
	st, set := a.sum.data, a.set.data
	if bm == nil {
		for i, g := range gids {
			st[g] += float64(x[i])
			set[g] = 1
		}
		return nil
	}
	for i, g := range gids {
		if isValid(bm, off, i) {
			st[g] += float64(x[i])
			set[g] = 1
		}
	}
	return nil
}

func (a *sumFloatAcc[T]) merge(gids []uint32, bufs []arrow.Array) error {
	x := kutil.Values[float64](bufs[0])
	bm, off := kutil.Validity(bufs[0])
	st, set := a.sum.data, a.set.data
	for i, g := range gids {
		if isValid(bm, off, i) {
			st[g] += x[i]
			set[g] = 1
		}
	}
	return nil
}

func (a *sumFloatAcc[T]) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	return []arrow.Array{fixedArray(mem, types[0], a.sum.data[from:to], a.set.data[from:to])}, nil
}

func (a *sumFloatAcc[T]) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	return fixedArray(mem, dt, a.sum.data[from:to], a.set.data[from:to]), nil
}

func (a *sumFloatAcc[T]) bytes() int64 { return a.sum.bytes() + a.set.bytes() }
func (a *sumFloatAcc[T]) free()        { a.sum.free(); a.set.free() }

// ---- avg of integral / float / double (Average.scala: double sum from 0.0, count) ----

type avgFloatAcc[T integer | floating] struct {
	sum vec[float64]
	cnt vec[int64]
}

func (a *avgFloatAcc[T]) resize(n int) { a.sum.resize(n); a.cnt.resize(n) }

func (a *avgFloatAcc[T]) update(gids []uint32, args []arrow.Array) error {
	x := kutil.Values[T](args[0])
	bm, off := kutil.Validity(args[0])
	st, cnt := a.sum.data, a.cnt.data
	if bm == nil {
		for i, g := range gids {
			st[g] += float64(x[i])
			cnt[g]++
		}
		return nil
	}
	// A NULL row adds 0.0, which changes no sum that starts at 0.0.
	for i, g := range gids {
		if isValid(bm, off, i) {
			st[g] += float64(x[i])
			cnt[g]++
		}
	}
	return nil
}

func (a *avgFloatAcc[T]) merge(gids []uint32, bufs []arrow.Array) error {
	s, c := kutil.Values[float64](bufs[0]), kutil.Values[int64](bufs[1])
	st, cnt := a.sum.data, a.cnt.data
	sb, so := kutil.Validity(bufs[0])
	for i, g := range gids {
		if isValid(sb, so, i) {
			st[g] += s[i]
		}
		cnt[g] += c[i]
	}
	return nil
}

func (a *avgFloatAcc[T]) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	return []arrow.Array{fixedArray(mem, types[0], a.sum.data[from:to], nil),
		fixedArray(mem, types[1], a.cnt.data[from:to], nil)}, nil
}

func (a *avgFloatAcc[T]) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	out := make([]float64, to-from)
	valid := make([]uint8, to-from)
	for i := range out {
		if c := a.cnt.data[from+i]; c != 0 {
			out[i], valid[i] = a.sum.data[from+i]/float64(c), 1
		}
	}
	return fixedArray(mem, dt, out, valid), nil
}

func (a *avgFloatAcc[T]) bytes() int64 { return a.sum.bytes() + a.cnt.bytes() }
func (a *avgFloatAcc[T]) free()        { a.sum.free(); a.cnt.free() }

// ---- sum / avg of decimals ----

// decSumAcc is Sum and Average over decimal(p, s): a decimal(min(p+10, 38), s)
// sum (DecimalAddNoOverflowCheck). With grouping keys Spark keeps the buffer
// in an UnsafeRow, whose setDecimal stores NULL once the sum no longer fits
// the buffer's precision, and NULL then sticks; without keys the generated
// code keeps an unbounded Decimal and only the final write checks it. Sum
// also has isEmpty; Average has count.
type decSumAcc struct {
	lo      vec[uint64]
	hi      vec[int64]
	carry   vec[int64] // without keys: multiples of 2^128 beyond lo/hi
	null    vec[uint8] // the buffer is NULL (overflowed)
	empty   vec[uint8] // sum: isEmpty
	cnt     vec[int64] // avg: count
	avg     bool
	global  bool
	prec    int32 // the buffer's precision
	scale   int32
	ansi    bool
	resPrec int32
	resSc   int32
}

func (a *decSumAcc) resize(n int) {
	old := len(a.lo.data)
	a.lo.resize(n)
	a.hi.resize(n)
	a.null.resize(n)
	if a.global {
		a.carry.resize(n)
	}
	if a.avg {
		a.cnt.resize(n)
	} else {
		a.empty.resize(n)
		for i := old; i < n; i++ {
			a.empty.data[i] = 1
		}
	}
}

// add128 adds b to the group's sum, tracking 128-bit overflow in carry
// (global) or storing NULL when the sum leaves the buffer's precision (keys).
func (a *decSumAcc) add(g uint32, blo uint64, bhi int64) {
	lo, c := bits.Add64(a.lo.data[g], blo, 0)
	ahi := a.hi.data[g]
	hi := int64(uint64(ahi) + uint64(bhi) + c)
	if (ahi^hi)&(bhi^hi) < 0 {
		// the signed 128-bit sum wrapped
		if a.global {
			if bhi < 0 {
				a.carry.data[g]--
			} else {
				a.carry.data[g]++
			}
		} else {
			a.null.data[g] = 1
		}
	}
	a.lo.data[g], a.hi.data[g] = lo, hi
	if !a.global && a.prec > 18 && !fits(lo, hi, a.prec) {
		a.null.data[g] = 1
	}
}

func fits(lo uint64, hi int64, p int32) bool {
	m, _ := decimal.Abs(decimal128.New(hi, lo))
	return decimal.FitsPrecision(m, p)
}

func (a *decSumAcc) update(gids []uint32, args []arrow.Array) error {
	x := kutil.Values[decimal128.Num](args[0])
	bm, off := kutil.Validity(args[0])
	for i, g := range gids {
		if !isValid(bm, off, i) {
			continue
		}
		if a.avg {
			a.cnt.data[g]++
		} else {
			a.empty.data[g] = 0
		}
		if a.null.data[g] != 0 {
			continue
		}
		a.add(g, x[i].LowBits(), x[i].HighBits())
	}
	return nil
}

func (a *decSumAcc) merge(gids []uint32, bufs []arrow.Array) error {
	x := kutil.Values[decimal128.Num](bufs[0])
	bm, off := kutil.Validity(bufs[0])
	var emptyIn []uint8
	var cnt []int64
	if a.avg {
		cnt = kutil.Values[int64](bufs[1])
	} else {
		emptyIn = boolBytes(bufs[1], nil)
	}
	for i, g := range gids {
		if a.avg {
			// sum: add(sum.left, sum.right), NULL if either is
			a.cnt.data[g] += cnt[i]
			if !isValid(bm, off, i) {
				a.null.data[g] = 1
			}
		} else {
			// sum: NULL when either side overflowed (not empty and NULL)
			if emptyIn[i] == 0 && !isValid(bm, off, i) {
				a.null.data[g] = 1
			}
			a.empty.data[g] &= emptyIn[i]
		}
		if a.null.data[g] != 0 || !isValid(bm, off, i) {
			continue
		}
		a.add(g, x[i].LowBits(), x[i].HighBits())
	}
	return nil
}

// value returns the group's sum and whether it is NULL as Spark would write it.
func (a *decSumAcc) value(g int) (decimal128.Num, bool) {
	if a.null.data[g] != 0 {
		return decimal128.Num{}, false
	}
	lo, hi := a.lo.data[g], a.hi.data[g]
	if a.global && (a.carry.data[g] != 0 || !fits(lo, hi, a.prec)) {
		return decimal128.Num{}, false
	}
	return decimal128.New(hi, lo), true
}

func (a *decSumAcc) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	n := to - from
	sums := make([]decimal128.Num, n)
	valid := make([]uint8, n)
	for i := range sums {
		if v, ok := a.value(from + i); ok {
			sums[i], valid[i] = v, 1
		}
	}
	var second arrow.Array
	if a.avg {
		second = fixedArray(mem, types[1], a.cnt.data[from:to], nil)
	} else {
		second = boolArray(mem, a.empty.data[from:to], nil)
	}
	return []arrow.Array{fixedArray(mem, types[0], sums, valid), second}, nil
}

func (a *decSumAcc) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	// Sum only: If(isEmpty, NULL, CheckOverflowInSum(sum)); the serde keeps
	// Average of decimals out of the final modes.
	if a.avg {
		return a.emitAverage(mem, dt, from, to)
	}
	n := to - from
	sums := make([]decimal128.Num, n)
	valid := make([]uint8, n)
	for i := range sums {
		g := from + i
		if a.empty.data[g] != 0 {
			continue
		}
		v, ok := a.value(g)
		if !ok {
			if a.ansi {
				if a.null.data[g] != 0 {
					return nil, kernels.ErrArithmeticOverflow("Overflow in sum of decimals", "")
				}
				return nil, errSumOutOfRange(a, g)
			}
			continue
		}
		sums[i], valid[i] = v, 1
	}
	return fixedArray(mem, dt, sums, valid), nil
}

// errSumOutOfRange is toPrecision's NUMERIC_VALUE_OUT_OF_RANGE for a global
// sum that does not fit its type.
func errSumOutOfRange(a *decSumAcc, g int) error {
	v := decimal128.New(a.hi.data[g], a.lo.data[g]).BigInt()
	v.Add(v, new(big.Int).Lsh(big.NewInt(a.carry.data[g]), 128))
	return kernels.ErrNumericValueOutOfRange(bigDecString(v, int(a.scale)), a.prec, a.scale)
}

func (a *decSumAcc) bytes() int64 {
	return a.lo.bytes() + a.hi.bytes() + a.carry.bytes() + a.null.bytes() + a.empty.bytes() + a.cnt.bytes()
}

func (a *decSumAcc) free() {
	a.lo.free()
	a.hi.free()
	a.carry.free()
	a.null.free()
	a.empty.free()
	a.cnt.free()
}

// bigDecString is the plain string of the decimal v * 10^-scale.
func bigDecString(v *big.Int, scale int) string {
	neg := v.Sign() < 0
	digits := new(big.Int).Abs(v).String()
	if scale > 0 {
		for len(digits) <= scale {
			digits = "0" + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// bigValue is the group's exact sum (with the 2^128 carries of a global sum).
func (a *decSumAcc) bigValue(g int) *big.Int {
	v := decimal128.New(a.hi.data[g], a.lo.data[g]).BigInt()
	if a.global && a.carry.data[g] != 0 {
		v.Add(v, new(big.Int).Lsh(big.NewInt(a.carry.data[g]), 128))
	}
	return v
}

// divHalfUp is x / y rounded HALF_UP (halves away from zero), y > 0.
func divHalfUp(x, y *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(x, y, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(y) >= 0 {
		if x.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

var bigTen = big.NewInt(10)

func pow10Big(n int) *big.Int { return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil) }

// emitAverage is Average's evaluateExpression for decimals:
// If(count = 0, NULL, DecimalDivideWithOverflowCheck(sum, count, result type)):
// Decimal./ divides to scale 39 (MAX_SCALE + 1) rounding HALF_UP, then
// toPrecision rounds HALF_UP to the result's scale and checks its precision
// (NULL in legacy mode; NUMERIC_VALUE_OUT_OF_RANGE in ANSI mode); a NULL
// (overflowed) sum is NULL, or ARITHMETIC_OVERFLOW in ANSI mode.
func (a *decSumAcc) emitAverage(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	rt := dt.(*arrow.Decimal128Type)
	n := to - from
	out := make([]decimal128.Num, n)
	valid := make([]uint8, n)
	const divScale = 39
	limit := pow10Big(int(rt.Precision))
	for i := range out {
		g := from + i
		c := a.cnt.data[g]
		if c == 0 {
			continue
		}
		if a.null.data[g] != 0 {
			if a.ansi {
				return nil, kernels.ErrArithmeticOverflow("Overflow in sum of decimals", "")
			}
			continue
		}
		// sum has scale a.scale: sum * 10^(39 - scale) / count at scale 39
		num := new(big.Int).Mul(a.bigValue(g), pow10Big(divScale-int(a.scale)))
		q := divHalfUp(num, big.NewInt(c))
		r := divHalfUp(q, pow10Big(divScale-int(rt.Scale)))
		if new(big.Int).Abs(r).Cmp(limit) >= 0 {
			if a.ansi {
				return nil, kernels.ErrNumericValueOutOfRange(bigDecString(q, divScale), rt.Precision, rt.Scale)
			}
			continue
		}
		out[i], valid[i] = decimal128.FromBigInt(r), 1
	}
	return fixedArray(mem, dt, out, valid), nil
}
