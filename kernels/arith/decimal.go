package arith

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala
// (Add, Subtract, Multiply, Divide over DecimalType; BinaryArithmetic.checkDecimalOverflow
// = `value.toPrecision(precision, scale, ROUND_HALF_UP, nullOnOverflow = true)` in
// LEGACY mode) and sql/catalyst/src/main/scala/org/apache/spark/sql/types/Decimal.scala
// (`+`, `-`, `*`, `/`, changePrecision).
//
//   - + and -: the exact sum (java.math.BigDecimal add/subtract, scale
//     max(s1, s2)), rounded HALF_UP to the result scale, NULL when it does not
//     fit the result precision.
//   - *: Spark 3.5.1+ (SPARK-45786) rounds the exact product once, HALF_UP, to
//     the result scale. Spark 3.5.0 and earlier first rounded the product to
//     38 significant digits (MathContext(38, HALF_UP)) and then to the result
//     scale, which can differ in the last digit; this kernel follows 3.5.1+.
//   - /: NULL for a zero divisor (DivModLike: `isZero(input2)` gives null in
//     LEGACY mode); otherwise Spark 3.5.1+ (SPARK-45786) gives the exact
//     quotient rounded once, HALF_UP, to the result scale; Spark 3.5.0 divided
//     to scale 38 HALF_UP first (double rounding). This kernel follows 3.5.1+.
//
// The result type (precision, scale) is the one Spark resolved
// (DecimalPrecision / resultDecimalType) and is taken as given.

import (
	"math/big"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/decimal"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

type num = decimal128.Num

// Decimal computes l op r for decimal operands of types lt and rt, producing
// values of type result (all decimal). Rows whose result overflows the result
// precision, and for / rows whose divisor is zero, are NULL.
//
// In TRY mode the result is the same; in ANSI mode a zero divisor raises
// DIVIDE_BY_ZERO and an overflow NUMERIC_VALUE_OUT_OF_RANGE (checked.go).
func Decimal(mem memory.Allocator, op Op, lt, rt, result types.DataType, l, r Operand, mode kernels.EvalMode) (arrow.Array, error) {
	if mode < kernels.Legacy || mode > kernels.Try {
		return nil, kernels.ErrUnsupported("decimal arithmetic in eval mode %s", mode)
	}
	res, err := decimalLegacy(mem, op, lt, rt, result, l, r)
	if err != nil || mode != kernels.ANSI {
		return res, err
	}
	if err := checkDecimal(op, lt, rt, result, l, r, res); err != nil {
		res.Release()
		return nil, err
	}
	return res, nil
}

// decimalLegacy is Decimal in LEGACY mode.
func decimalLegacy(mem memory.Allocator, op Op, lt, rt, result types.DataType, l, r Operand) (arrow.Array, error) {
	if lt.ID != types.Decimal || rt.ID != types.Decimal || result.ID != types.Decimal {
		return nil, kernels.ErrUnsupported("decimal arithmetic on %s and %s to %s", lt, rt, result)
	}
	if op < Add || op > Div {
		return nil, kernels.ErrUnsupported("arithmetic operator %d", op)
	}
	n, err := rows(l, r)
	if err != nil {
		return nil, err
	}
	dt := &arrow.Decimal128Type{Precision: result.Precision, Scale: result.Scale}
	a, sa, ok, err := decimalOperand(l)
	if err != nil {
		return nil, err
	}
	if !ok {
		return allNull(mem, dt, 16, n), nil
	}
	b, sb, ok, err := decimalOperand(r)
	if err != nil {
		return nil, err
	}
	if !ok {
		return allNull(mem, dt, 16, n), nil
	}
	validity, _ := kutil.AndValidity(mem, n, arrays(l, r)...)
	if validity == nil {
		validity = kutil.NewBitmap(mem, n)
		bs := validity.Bytes()
		for i := range bs {
			bs[i] = 0xff
		}
	}
	buf, out := kutil.NewValues[num](mem, n)
	pl := decPlan{p1: lt.Precision, s1: lt.Scale, p2: rt.Precision, s2: rt.Scale, p: result.Precision, s: result.Scale}
	valid := validity.Bytes()
	switch op {
	case Add, Sub:
		pl.addSub(op == Sub, a, sa, b, sb, out, valid)
	case Mul:
		pl.mul(a, sa, b, sb, out, valid)
	case Div:
		pl.div(a, sa, b, sb, out, valid)
	}
	return kutil.MakeArray(dt, n, kutil.NullCount(valid, n), validity, buf), nil
}

// decimalOperand returns the values of o and their stride: 1 for an array, 0
// for a scalar (one value read for every row). ok is false for a NULL scalar.
func decimalOperand(o Operand) ([]num, int, bool, error) {
	if !o.IsScalar() {
		return kutil.Values[num](o.Array), 1, true, nil
	}
	v, ok, err := scalarOf[num](o)
	if err != nil || !ok {
		return nil, 0, false, err
	}
	return []num{v}, 0, true, nil
}

type decPlan struct {
	p1, s1, p2, s2, p, s int32
}

func clearBit(valid []byte, i int) { valid[i>>3] &^= 1 << (i & 7) }

// addSub: the operands are aligned to scale S = max(s1, s2) and added
// exactly; the sum is then rescaled to s with HALF_UP.
func (pl decPlan) addSub(sub bool, a []num, sa int, b []num, sb int, out []num, valid []byte) {
	S := max(pl.s1, pl.s2)
	digits := max(pl.p1-pl.s1, pl.p2-pl.s2) + S + 1 // digits of the exact sum
	up := max(pl.s-S, 0)
	if digits+up <= 18 {
		// int64 fast path: neither the aligned operands, the sum nor the
		// rescaled sum can overflow int64.
		ma, mb := decimal.Pow10Int64(int(S-pl.s1)), decimal.Pow10Int64(int(S-pl.s2))
		mu := decimal.Pow10Int64(int(up))
		down := int(S - pl.s)
		if sub {
			mb = -mb
		}
		ma *= mu
		mb *= mu
		if down <= 0 && sa == 1 && sb == 1 {
			a, b = a[:len(out)], b[:len(out)]
			for i := range out {
				out[i] = decimal128.FromI64(int64(a[i].LowBits())*ma + int64(b[i].LowBits())*mb)
			}
		} else {
			for i := range out {
				v := int64(a[i*sa].LowBits())*ma + int64(b[i*sb].LowBits())*mb
				if down > 0 {
					v = decimal.RoundInt64(v, down)
				}
				out[i] = decimal128.FromI64(v)
			}
		}
		// The result has at most digits+up digits, or digits-down+1 after
		// rounding (a carry); check only when that can exceed p.
		bound := digits + up
		if down > 0 {
			bound = digits - int32(down) + 1
		}
		if bound > pl.p {
			for i := range out {
				if !decimal.FitsInt64(int64(out[i].LowBits()), pl.p) {
					clearBit(valid, i)
					out[i] = num{}
				}
			}
		}
		return
	}
	ua, ub := int(S-pl.s1), int(S-pl.s2)
	if max(pl.p1+int32(ua), pl.p2+int32(ub)) <= 38 {
		// 128-bit path: the aligned magnitudes are below 10^38, so their
		// sum is below 2^128.
		for i := range out {
			am, an := decimal.Abs(a[i*sa])
			bm, bn := decimal.Abs(b[i*sb])
			if sub {
				bn = !bn
			}
			x, y := decimal.MulPow10(am, ua), decimal.MulPow10(bm, ub)
			var m decimal.U128
			neg := an
			if an == bn {
				m, _ = x.Add(y)
			} else if !x.Less(y) {
				m, _ = x.Sub(y)
			} else {
				m, _ = y.Sub(x)
				neg = bn
			}
			if S != pl.s {
				var ok bool
				if m, ok = decimal.RescaleMag(m.To256(), S, pl.s, pl.p); !ok {
					clearBit(valid, i)
					out[i] = num{}
					continue
				}
			} else if !decimal.FitsPrecision(m, pl.p) {
				clearBit(valid, i)
				out[i] = num{}
				continue
			}
			out[i] = decimal.Signed(m, neg)
		}
		return
	}
	for i := range out {
		am, an := decimal.Abs(a[i*sa])
		bm, bn := decimal.Abs(b[i*sb])
		if sub {
			bn = !bn
		}
		x, _ := decimal.ScaleUp256(am.To256(), ua)
		y, _ := decimal.ScaleUp256(bm.To256(), ub)
		var m decimal.U256
		neg := an
		if an == bn {
			m, _ = x.Add(y)
		} else if x.Cmp(y) >= 0 {
			m, _ = x.Sub(y)
		} else {
			m, _ = y.Sub(x)
			neg = bn
		}
		r, ok := decimal.RescaleMag(m, S, pl.s, pl.p)
		if !ok {
			clearBit(valid, i)
			out[i] = num{}
			continue
		}
		out[i] = decimal.Signed(r, neg)
	}
}

// mul: the exact product at scale s1+s2, rescaled to s with HALF_UP.
func (pl decPlan) mul(a []num, sa int, b []num, sb int, out []num, valid []byte) {
	ps := pl.s1 + pl.s2
	up := max(pl.s-ps, 0)
	if pl.p1+pl.p2+up <= 18 {
		// int64 fast path: |a*b| < 10^(p1+p2) <= 10^18.
		mu := decimal.Pow10Int64(int(up))
		down := int(ps - pl.s)
		for i := range out {
			v := int64(a[i*sa].LowBits()) * int64(b[i*sb].LowBits())
			if down > 0 {
				v = decimal.RoundInt64(v, down)
			} else {
				v *= mu
			}
			if !decimal.FitsInt64(v, pl.p) {
				clearBit(valid, i)
				v = 0
			}
			out[i] = decimal128.FromI64(v)
		}
		return
	}
	if pl.p1 <= 18 && pl.p2 <= 18 {
		// 64x64 -> 128-bit product.
		if ps == pl.s && pl.p1+pl.p2 <= pl.p {
			// No rescale and no possible overflow (|a*b| < 10^(p1+p2)): the
			// two's-complement 128-bit product of two int64s, without a branch
			// (the high word of the unsigned product, corrected for the signs).
			if sa == 1 && sb == 1 {
				a, b := a[:len(out)], b[:len(out)]
				for i := range out {
					out[i] = mulInt64x64(int64(a[i].LowBits()), int64(b[i].LowBits()))
				}
				return
			}
			for i := range out {
				out[i] = mulInt64x64(int64(a[i*sa].LowBits()), int64(b[i*sb].LowBits()))
			}
			return
		}
		for i := range out {
			x, y := int64(a[i*sa].LowBits()), int64(b[i*sb].LowBits())
			neg := (x < 0) != (y < 0)
			hi, lo := bits.Mul64(abs64(x), abs64(y))
			r, ok := decimal.RescaleMag(decimal.U128{Hi: hi, Lo: lo}.To256(), ps, pl.s, pl.p)
			if !ok {
				clearBit(valid, i)
				out[i] = num{}
				continue
			}
			out[i] = decimal.Signed(r, neg)
		}
		return
	}
	for i := range out {
		am, an := decimal.Abs(a[i*sa])
		bm, bn := decimal.Abs(b[i*sb])
		r, ok := decimal.RescaleMag(decimal.Mul128(am, bm), ps, pl.s, pl.p)
		if !ok {
			clearBit(valid, i)
			out[i] = num{}
			continue
		}
		out[i] = decimal.Signed(r, an != bn)
	}
}

// mulInt64x64 is the exact product x*y as a 128-bit two's-complement decimal.
func mulInt64x64(x, y int64) num {
	hi, lo := bits.Mul64(uint64(x), uint64(y))
	hi -= uint64(x>>63)&uint64(y) + uint64(y>>63)&uint64(x)
	return decimal128.New(int64(hi), lo)
}

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// div: q = a / b at scale s, rounded HALF_UP once. In unscaled terms
// q = round(|A| * 10^k / |B|) with k = s + s2 - s1 (or the divisor scaled by
// 10^-k when k < 0).
func (pl decPlan) div(a []num, sa int, b []num, sb int, out []num, valid []byte) {
	k := int(pl.s + pl.s2 - pl.s1)
	kn, kd := max(k, 0), max(-k, 0)
	if int(pl.p1)+kn <= 38 && int(pl.p2)+kd <= 19 {
		// The scaled dividend fits 128 bits and the scaled divisor 64 bits.
		for i := range out {
			bm, bn := decimal.Abs(b[i*sb])
			if bm.IsZero() {
				clearBit(valid, i)
				out[i] = num{}
				continue
			}
			am, an := decimal.Abs(a[i*sa])
			nm, d := decimal.MulPow10(am, kn), decimal.MulPow10(bm, kd).Lo
			var qh, r1 uint64
			if nm.Hi >= d {
				qh, r1 = nm.Hi/d, nm.Hi%d
			} else {
				r1 = nm.Hi
			}
			ql, r := bits.Div64(r1, nm.Lo, d)
			q := decimal.U128{Hi: qh, Lo: ql}
			if r >= d-r {
				q, _ = q.Add(decimal.U128{Lo: 1})
			}
			if !decimal.FitsPrecision(q, pl.p) {
				clearBit(valid, i)
				out[i] = num{}
				continue
			}
			out[i] = decimal.Signed(q, an != bn)
		}
		return
	}
	var bd bigDiv
	for i := range out {
		bm, bn := decimal.Abs(b[i*sb])
		if bm.IsZero() {
			clearBit(valid, i)
			out[i] = num{}
			continue
		}
		am, an := decimal.Abs(a[i*sa])
		q, ok := bd.divRound(am, kn, bm, kd, pl.p)
		if !ok {
			clearBit(valid, i)
			out[i] = num{}
			continue
		}
		out[i] = decimal.Signed(q, an != bn)
	}
}

// bigDiv divides with math/big, reusing its numbers between rows; it serves
// operands whose scaled dividend exceeds 128 bits (up to 10^114) or whose
// scaled divisor exceeds 64 bits.
type bigDiv struct {
	x, y, q, r, t big.Int
}

var bigPow10 = func() (t [80]big.Int) {
	t[0].SetInt64(1)
	ten := big.NewInt(10)
	for i := 1; i < len(t); i++ {
		t[i].Mul(&t[i-1], ten)
	}
	return t
}()

var bigPow10u128 = func() (t [decimal.MaxPrecision + 1]big.Int) {
	for i := range t {
		t[i].Set(&bigPow10[i])
	}
	return t
}()

func setU128(z *big.Int, m decimal.U128) {
	z.SetUint64(m.Hi)
	z.Lsh(z, 64)
	var lo big.Int
	lo.SetUint64(m.Lo)
	z.Or(z, &lo)
}

func (bd *bigDiv) divRound(am decimal.U128, kn int, bm decimal.U128, kd int, p int32) (decimal.U128, bool) {
	setU128(&bd.x, am)
	bd.x.Mul(&bd.x, &bigPow10[kn])
	setU128(&bd.y, bm)
	bd.y.Mul(&bd.y, &bigPow10[kd])
	bd.q.QuoRem(&bd.x, &bd.y, &bd.r)
	// HALF_UP: round up when 2r >= y.
	bd.t.Lsh(&bd.r, 1)
	if bd.t.Cmp(&bd.y) >= 0 {
		bd.q.Add(&bd.q, bigOne)
	}
	if bd.q.Cmp(&bigPow10u128[p]) >= 0 {
		return decimal.U128{}, false
	}
	words := bd.q.Bits()
	var m decimal.U128
	if len(words) > 0 {
		m.Lo = uint64(words[0])
	}
	if len(words) > 1 {
		m.Hi = uint64(words[1])
	}
	return m, true
}

var bigOne = big.NewInt(1)
