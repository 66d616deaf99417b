package decimal

import (
	"math/big"
	"math/rand"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// randDecimal returns a random unscaled value of up to p digits.
func randDecimal(r *rand.Rand, p int) *big.Int {
	digits := 1 + r.Intn(p)
	s := make([]byte, digits)
	for i := range s {
		s[i] = byte('0' + r.Intn(10))
	}
	var b big.Int
	b.SetString(string(s), 10)
	if r.Intn(2) == 0 {
		b.Neg(&b)
	}
	return &b
}

func decString(b *big.Int, scale int) string {
	s := new(big.Int).Abs(b).String()
	for len(s) <= scale {
		s = "0" + s
	}
	out := s[:len(s)-scale] + "." + s[len(s)-scale:]
	if b.Sign() < 0 {
		out = "-" + out
	}
	return out
}

// Decimal.toDouble / toFloat are BigDecimal.doubleValue / floatValue: the
// nearest value, which strconv.ParseFloat also computes.
func TestToFloatIsNearest(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		u := randDecimal(r, 38)
		scale := r.Intn(39)
		n := decimal128.FromBigInt(u)
		s := decString(u, scale)
		want, _ := strconv.ParseFloat(s, 64)
		if got := ToFloat64(n, int32(scale)); got != want {
			t.Fatalf("%s: ToFloat64 = %v, want %v", s, got, want)
		}
		want32, _ := strconv.ParseFloat(s, 32)
		if got := ToFloat32(n, int32(scale)); got != float32(want32) {
			t.Fatalf("%s: ToFloat32 = %v, want %v", s, got, float32(want32))
		}
	}
}

// halfUp divides x by 10^d rounding half away from zero (BigDecimal HALF_UP).
func halfUp(x *big.Int, d int) *big.Int {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
	q, m := new(big.Int).QuoRem(x, p, new(big.Int))
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(p) >= 0 {
		if x.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func fits(x *big.Int, p int) bool {
	lim := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil)
	return new(big.Int).Abs(x).Cmp(lim) < 0
}

// Decimal.changePrecision(p, s, HALF_UP) against a math/big rendering of the
// same rule.
func TestRescale(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 20000; i++ {
		u := randDecimal(r, 38)
		from, to := r.Intn(39), r.Intn(39)
		p := 1 + r.Intn(38)
		want := new(big.Int).Set(u)
		if to >= from {
			want.Mul(want, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(to-from)), nil))
		} else {
			want = halfUp(want, from-to)
		}
		got, ok := Rescale(decimal128.FromBigInt(u), int32(from), int32(to), int32(p))
		if ok != fits(want, p) {
			t.Fatalf("%s scale %d -> (%d,%d): ok=%v, want %v", u, from, p, to, ok, !ok)
		}
		if ok && got.BigInt().Cmp(want) != 0 {
			t.Fatalf("%s scale %d -> (%d,%d): got %s want %s", u, from, p, to, got.BigInt(), want)
		}
	}
}

func TestRoundInt64(t *testing.T) {
	cases := []struct {
		v    int64
		d    int
		want int64
	}{{15, 1, 2}, {-15, 1, -2}, {14, 1, 1}, {-14, 1, -1}, {5, 1, 1}, {4999, 4, 0}, {5000, 4, 1}, {-5000, 4, -1}}
	for _, c := range cases {
		if got := RoundInt64(c.v, c.d); got != c.want {
			t.Errorf("RoundInt64(%d, %d) = %d, want %d", c.v, c.d, got, c.want)
		}
	}
}

func TestFromFloat64(t *testing.T) {
	var buf []byte
	cases := []struct {
		f    float64
		p, s int32
		want string // "" for NULL
	}{
		{0.1, 38, 20, "10000000000000000000"},
		{2.5e-7, 10, 6, "0"}, // Double.toString = 2.5E-7 -> 0.00000025 -> 0.000000
		{2.5e-6, 10, 5, "0"}, // 0.0000025 -> 0.00000 (digit 2)
		{5e-6, 10, 5, "1"},   // 0.000005 -> 0.00001 HALF_UP
		{-5e-6, 10, 5, "-1"}, // away from zero
		{1e20, 38, 0, "100000000000000000000"},
		{1.7976931348623157e308, 38, 0, ""},
		{123456789.125, 12, 2, "12345678913"},
	}
	for _, c := range cases {
		m, neg, ok := FromFloat64(c.f, c.p, c.s, &buf)
		got := ""
		if ok {
			got = Signed(m, neg).BigInt().String()
		}
		if got != c.want {
			t.Errorf("FromFloat64(%v, %d, %d) = %q, want %q", c.f, c.p, c.s, got, c.want)
		}
	}
}

func TestMul128(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 10000; i++ {
		a := U128{r.Uint64() >> 1, r.Uint64()}
		b := U128{r.Uint64() >> 1, r.Uint64()}
		got := Mul128(a, b)
		ba := new(big.Int).Or(new(big.Int).Lsh(new(big.Int).SetUint64(a.Hi), 64), new(big.Int).SetUint64(a.Lo))
		bb := new(big.Int).Or(new(big.Int).Lsh(new(big.Int).SetUint64(b.Hi), 64), new(big.Int).SetUint64(b.Lo))
		want := new(big.Int).Mul(ba, bb)
		g := new(big.Int)
		for j := 3; j >= 0; j-- {
			g.Lsh(g, 64).Or(g, new(big.Int).SetUint64(got[j]))
		}
		if g.Cmp(want) != 0 {
			t.Fatalf("Mul128 mismatch")
		}
	}
}
