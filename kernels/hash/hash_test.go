package hash

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func hexBytes(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func bigInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return v
}

func seeds32(n int) []int32 {
	h := make([]int32, n)
	for i := range h {
		h[i] = 42
	}
	return h
}

func seeds64(n int) []int64 {
	h := make([]int64, n)
	for i := range h {
		h[i] = 42
	}
	return h
}

// TestSparkKnown checks every value against Spark's hash() and xxhash64(), in
// columns of several lengths with NULLs between the values (which must keep
// the seed) and through a slice with an offset.
func TestSparkKnown(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, k := range sparkKnown {
		for _, n := range kerneltest.BatchSizes {
			vals := make([]any, n+3)
			for i := range vals {
				if i%3 != 1 {
					vals[i] = k.val
				}
			}
			whole := kerneltest.Build(mem, k.typ, vals)
			a := array.NewSlice(whole, 3, int64(n+3))
			m3, xx := seeds32(n), seeds64(n)
			if err := Murmur3(m3, a); err != nil {
				t.Fatalf("%s: %v", k.sql, err)
			}
			if err := XxHash64(xx, a); err != nil {
				t.Fatalf("%s: %v", k.sql, err)
			}
			for i := 0; i < n; i++ {
				wantM3, wantXx := k.murmur3, k.xxhash
				if (i+3)%3 == 1 {
					wantM3, wantXx = 42, 42
				}
				if m3[i] != wantM3 || xx[i] != wantXx {
					t.Errorf("%s row %d of %d: hash %d xxhash64 %d, Spark %d %d", k.sql, i, n, m3[i], xx[i], wantM3, wantXx)
				}
			}
			a.Release()
			whole.Release()
		}
	}
}

// TestMultiColumn: hash(1, 'a', cast(null as int), 2.5d) chains the seed
// through the columns, the NULL leaving it unchanged; hash(NULL) is the seed.
func TestMultiColumn(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cols := []arrow.Array{
		kerneltest.Build(mem, types.IntType, []any{int32(1)}),
		kerneltest.Build(mem, types.StringType, []any{"a"}),
		kerneltest.Build(mem, types.IntType, []any{nil}),
		kerneltest.Build(mem, types.DoubleType, []any{2.5}),
		array.NewNull(1),
	}
	m3, xx := seeds32(1), seeds64(1)
	for _, c := range cols {
		if err := Murmur3(m3, c); err != nil {
			t.Fatal(err)
		}
		if err := XxHash64(xx, c); err != nil {
			t.Fatal(err)
		}
		c.Release()
	}
	if m3[0] != 389417474 || xx[0] != -198860653963387819 {
		t.Fatalf("got %d %d, Spark 389417474 -198860653963387819", m3[0], xx[0])
	}
}

func TestPartitionIDs(t *testing.T) {
	// Spark: pmod(hash(123), 7) = 3, pmod(hash('abc'), 7) = 6.
	h := []int32{Murmur3Int(123, 42), Murmur3Bytes([]byte("abc"), 42), -1, -7, 0, 6, -2147483648, 2147483647}
	out := make([]int32, len(h))
	PartitionIDs(h, 7, out)
	want := []int32{3, 6, 6, 0, 0, 6, 5, 1}
	for i := range want {
		if out[i] != want[i] {
			t.Fatalf("pmod(%d, 7) = %d, want %d", h[i], out[i], want[i])
		}
	}
}

func TestDecimalBytes(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "-32768", "-32769",
		"99999999999999999999999999999999999999", "-99999999999999999999999999999999999999",
		"170141183460469231731687303715884105727", "-170141183460469231731687303715884105727"} {
		v := bigInt(s)
		var buf [16]byte
		got := decimalBytes(decimal128.FromBigInt(v), &buf)
		want := javaByteArray(v)
		if hex.EncodeToString(got) != hex.EncodeToString(want) {
			t.Fatalf("%s: %x, BigInteger.toByteArray %x", s, got, want)
		}
	}
}

// javaByteArray is BigInteger.toByteArray: the shortest big-endian two's
// complement form, with a sign bit.
func javaByteArray(v *big.Int) []byte {
	n := v.BitLen()/8 + 1
	if v.Sign() < 0 {
		// -2^(8k-1) fits k bytes.
		m := new(big.Int).Add(v, big.NewInt(1))
		n = m.BitLen()/8 + 1
		mod := new(big.Int).Lsh(big.NewInt(1), uint(8*n))
		return new(big.Int).Add(mod, v).FillBytes(make([]byte, n))
	}
	return v.FillBytes(make([]byte, n))
}

func TestUnsupported(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewListBuilder(mem, arrow.PrimitiveTypes.Int32)
	b.AppendNull()
	a := b.NewArray()
	b.Release()
	defer a.Release()
	if err := Murmur3(seeds32(1), a); err == nil {
		t.Fatal("no error for a list")
	}
	i := kerneltest.Build(mem, types.IntType, []any{int32(1), int32(2)})
	defer i.Release()
	if err := XxHash64(seeds64(1), i); err == nil {
		t.Fatal("no error for a length mismatch")
	}
}

func ExampleMurmur3() {
	mem := memory.NewGoAllocator()
	a := kerneltest.Build(mem, types.StringType, []any{"Spark", nil})
	defer a.Release()
	h := []int32{42, 42}
	_ = Murmur3(h, a)
	fmt.Println(h)
	// Output: [228093765 42]
}

func TestRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	args := []arrow.Array{
		kerneltest.Build(mem, types.IntType, []any{int32(1), nil}),
		kerneltest.Build(mem, types.StringType, []any{"a", nil}),
		kerneltest.Build(mem, types.IntType, []any{nil, nil}),
		kerneltest.Build(mem, types.DoubleType, []any{2.5, nil}),
	}
	defer func() {
		for _, a := range args {
			a.Release()
		}
	}()
	m3, err := Murmur3Rows(mem, 42, args)
	if err != nil {
		t.Fatal(err)
	}
	defer m3.Release()
	xx, err := XxHash64Rows(mem, 42, args)
	if err != nil {
		t.Fatal(err)
	}
	defer xx.Release()
	if m3.NullN() != 0 || xx.NullN() != 0 {
		t.Fatal("NULL in a hash")
	}
	for i, want := range []any{int32(389417474), int32(42)} {
		if got := kerneltest.Get(m3, i); got != want {
			t.Errorf("hash row %d: %v, Spark %v", i, got, want)
		}
	}
	for i, want := range []any{int64(-198860653963387819), int64(42)} {
		if got := kerneltest.Get(xx, i); got != want {
			t.Errorf("xxhash64 row %d: %v, Spark %v", i, got, want)
		}
	}
}
