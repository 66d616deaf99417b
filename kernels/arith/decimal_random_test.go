package arith

import (
	"math"
	"math/big"
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// adjust is DecimalType.adjustPrecisionScale (allowPrecisionLoss=true).
func adjust(p, s int) (int, int) {
	if p <= 38 {
		return p, s
	}
	intDigits := p - s
	minScale := min(s, 6)
	return 38, max(38-intDigits, minScale)
}

// resultType is Add/Subtract/Multiply/Divide.resultDecimalType (arithmetic.scala).
func resultType(op Op, p1, s1, p2, s2 int) (int, int) {
	switch op {
	case Add, Sub:
		s := max(s1, s2)
		return adjust(max(p1-s1, p2-s2)+s+1, s)
	case Mul:
		return adjust(p1+p2+1, s1+s2)
	}
	s := max(6, s1+p2+1)
	return adjust(p1-s1+s2+s, s)
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// refHalfUp rounds num/den (den > 0) half away from zero.
func refHalfUp(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// reference computes the exact result as a fraction num/den of the unscaled
// value at scale s and rounds it once, HALF_UP (Spark 3.5.1+); nil is NULL.
func reference(op Op, a, b *big.Int, s1, s2, p, s int) *big.Int {
	var num, den *big.Int
	switch op {
	case Add, Sub:
		S := max(s1, s2)
		x := new(big.Int).Mul(a, pow10(S-s1))
		y := new(big.Int).Mul(b, pow10(S-s2))
		if op == Add {
			num = x.Add(x, y)
		} else {
			num = x.Sub(x, y)
		}
		num.Mul(num, pow10(max(s-S, 0)))
		den = pow10(max(S-s, 0))
	case Mul:
		num = new(big.Int).Mul(a, b)
		num.Mul(num, pow10(max(s-s1-s2, 0)))
		den = pow10(max(s1+s2-s, 0))
	case Div:
		if b.Sign() == 0 {
			return nil
		}
		// a/10^s1 / (b/10^s2) * 10^s = a * 10^(s+s2-s1) / b
		k := s + s2 - s1
		num = new(big.Int).Mul(a, pow10(max(k, 0)))
		den = new(big.Int).Mul(b, pow10(max(-k, 0)))
		if den.Sign() < 0 {
			num.Neg(num)
			den.Neg(den)
		}
	}
	q := refHalfUp(num, den)
	if new(big.Int).Abs(q).Cmp(pow10(p)) >= 0 {
		return nil
	}
	return q
}

func randUnscaled(r *rand.Rand, p int) *big.Int {
	digits := 1 + r.Intn(p)
	if r.Intn(4) == 0 {
		digits = p // often at the limit
	}
	var b big.Int
	b.Rand(r, pow10(digits))
	if r.Intn(2) == 0 {
		b.Neg(&b)
	}
	if r.Intn(20) == 0 {
		b.SetInt64(0)
	}
	return &b
}

// TestDecimalAgainstReference runs random operand types through every path
// (int64, 64x64-bit, 128/256-bit, math/big) and compares with the exact
// math/big rendering of Spark's rule.
func TestDecimalAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for iter := 0; iter < 2000; iter++ {
		op := Op(1 + r.Intn(4))
		var p1, p2 int
		if r.Intn(2) == 0 {
			p1, p2 = 1+r.Intn(18), 1+r.Intn(18)
		} else {
			p1, p2 = 1+r.Intn(38), 1+r.Intn(38)
		}
		s1, s2 := r.Intn(p1+1), r.Intn(p2+1)
		p, s := resultType(op, p1, s1, p2, s2)
		lt, rt, res := types.DecimalType(int32(p1), int32(s1)), types.DecimalType(int32(p2), int32(s2)), types.DecimalType(int32(p), int32(s))
		const n = 64
		as, bs, want := make([]any, n), make([]any, n), make([]any, n)
		for i := range as {
			a, b := randUnscaled(r, p1), randUnscaled(r, p2)
			as[i], bs[i] = decimal128.FromBigInt(a), decimal128.FromBigInt(b)
			if q := reference(op, a, b, s1, s2, p, s); q != nil {
				want[i] = decimal128.FromBigInt(q)
			}
		}
		la, lb := kerneltest.Build(mem, lt, as), kerneltest.Build(mem, rt, bs)
		got, err := Decimal(mem, op, lt, rt, res, ArrayOperand(la), ArrayOperand(lb), kernels.Legacy)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if g := kerneltest.Get(got, i); !kerneltest.Equal(g, want[i]) {
				t.Fatalf("%s %s %s -> %s: %v %s %v: got %v want %v", lt, op, rt, res, as[i], op, bs[i], g, want[i])
			}
		}
		got.Release()
		la.Release()
		lb.Release()
	}
}

// mulInt64x64 against math/big on edge and random operands.
func TestMulInt64x64(t *testing.T) {
	rng := rand.New(rand.NewSource(34))
	edges := []int64{0, 1, -1, 2, -2, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1,
		999999999999999, -999999999999999, 1 << 32, -(1 << 32)}
	check := func(x, y int64) {
		got := mulInt64x64(x, y)
		want := new(big.Int).Mul(big.NewInt(x), big.NewInt(y))
		if got.BigInt().Cmp(want) != 0 {
			t.Fatalf("%d * %d = %s, want %s", x, y, got.BigInt(), want)
		}
	}
	for _, x := range edges {
		for _, y := range edges {
			check(x, y)
		}
	}
	for k := 0; k < 100000; k++ {
		check(int64(rng.Uint64()), int64(rng.Uint64()))
		check(rng.Int63n(2e15)-1e15, rng.Int63n(2e15)-1e15)
	}
}
