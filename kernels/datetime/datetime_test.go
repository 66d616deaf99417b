package datetime

import (
	gomath "math"
	"math/rand"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The expected values come from Go's time package (proleptic Gregorian with
// year 0, as java.time.LocalDate) and from the examples of Spark's
// ExpressionDescriptions, not from this package's calendar code.

func day(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func goTime(z int32) time.Time { return time.Unix(int64(z)*86400, 0).UTC() }

// edgeDays: the int32 limits, the Julian/Gregorian switch, year 0 and 1,
// leap days, month ends, and a spread of random days.
func edgeDays() []int32 {
	ds := []int32{0, -1, 1, gomath.MaxInt32, gomath.MinInt32, gomath.MaxInt32 - 1, gomath.MinInt32 + 1,
		day(1582, 10, 4), day(1582, 10, 15), day(1, 1, 1), day(0, 12, 31), day(0, 1, 1), day(-1, 12, 31),
		day(2000, 2, 29), day(1900, 2, 28), day(1900, 3, 1), day(2100, 1, 1), day(9999, 12, 31),
		day(10000, 1, 1), day(2024, 12, 30), day(2026, 1, 1), day(2021, 1, 3), day(2020, 12, 31),
		day(-4713, 11, 24), day(1969, 12, 31), day(2016, 8, 31), day(2016, 1, 31)}
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 500; i++ {
		ds = append(ds, int32(r.Uint32()))
		ds = append(ds, int32(r.Intn(4_000_000)-2_000_000))
	}
	return ds
}

type fieldCase struct {
	name string
	f    func(memory.Allocator, arrow.Array) (arrow.Array, error)
	want func(t time.Time, z int32) any
}

func TestFields(t *testing.T) {
	cases := []fieldCase{
		{"Year", Year, func(t time.Time, _ int32) any { return int32(t.Year()) }},
		{"Month", Month, func(t time.Time, _ int32) any { return int32(t.Month()) }},
		{"DayOfMonth", DayOfMonth, func(t time.Time, _ int32) any { return int32(t.Day()) }},
		{"Quarter", Quarter, func(t time.Time, _ int32) any { return int32((t.Month()-1)/3 + 1) }},
		{"DayOfWeek", DayOfWeek, func(t time.Time, _ int32) any { return int32(t.Weekday()) + 1 }},
		{"WeekDay", WeekDay, func(t time.Time, _ int32) any { return (int32(t.Weekday()) + 6) % 7 }},
		{"DayOfYear", DayOfYear, func(t time.Time, _ int32) any { return int32(t.YearDay()) }},
		{"WeekOfYear", WeekOfYear, func(t time.Time, _ int32) any { _, w := t.ISOWeek(); return int32(w) }},
		{"LastDay", LastDay, func(t time.Time, z int32) any {
			return z - int32(t.Day()) + int32(time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day())
		}},
	}
	days := edgeDays()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ins, wants []any
			for i, z := range days {
				if i%9 == 4 {
					ins, wants = append(ins, nil), append(wants, nil)
				}
				ins, wants = append(ins, z), append(wants, c.want(goTime(z), z))
			}
			runUnary(t, ins, wants, c.f)
		})
	}
}

func TestSparkExamples(t *testing.T) {
	check := func(name string, f func(memory.Allocator, arrow.Array) (arrow.Array, error), z int32, want any) {
		t.Helper()
		runUnary(t, []any{z}, []any{want}, f)
	}
	check("dayofweek", DayOfWeek, day(2009, 7, 30), int32(5))
	check("weekday", WeekDay, day(2009, 7, 30), int32(3))
	check("weekofyear", WeekOfYear, day(2008, 2, 20), int32(8))
	check("weekofyear 53", WeekOfYear, day(2021, 1, 3), int32(53))
	check("weekofyear week 1 in December", WeekOfYear, day(2024, 12, 30), int32(1))
	check("quarter", Quarter, day(2016, 8, 31), int32(3))
	check("dayofyear", DayOfYear, day(2016, 4, 9), int32(100))
	check("last_day", LastDay, day(2009, 1, 12), day(2009, 1, 31))
	check("last_day leap", LastDay, day(2000, 2, 1), day(2000, 2, 29))
	check("year of day 1", Year, day(1, 1, 1), int32(1))
	check("year 0", Year, day(0, 6, 1), int32(0))
	check("year of int min", Year, gomath.MinInt32, int32(-5877641))
	check("year of int max", Year, gomath.MaxInt32, int32(5881580))
}

func runUnary(t *testing.T, ins, wants []any, f func(memory.Allocator, arrow.Array) (arrow.Array, error)) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	arr := kerneltest.Build(mem, types.DateType, ins)
	defer arr.Release()
	kerneltest.SlicedShort(len(ins), 50, func(start, end int) {
		s := kerneltest.Slice(arr, start, end)
		defer s.Release()
		got, err := f(mem, s)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Release()
		kerneltest.Check(t, got, wants[start:end])
	})
}

func runBinary(t *testing.T, lt, rt types.DataType, as, bs, wants []any, f func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error)) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	l, r := kerneltest.Build(mem, lt, as), kerneltest.Build(mem, rt, bs)
	defer l.Release()
	defer r.Release()
	kerneltest.SlicedShort(len(as), 50, func(start, end int) {
		ls, rs := kerneltest.Slice(l, start, end), kerneltest.Slice(r, start, end)
		defer ls.Release()
		defer rs.Release()
		got, err := f(mem, ls, rs)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Release()
		kerneltest.Check(t, got, wants[start:end])
	})
}

func TestDateAddSubDiff(t *testing.T) {
	days := edgeDays()
	ns := []int32{0, 1, -1, 365, gomath.MaxInt32, gomath.MinInt32, 127, -128, 32767, -32768}
	for _, dt := range []types.DataType{types.IntType, types.ShortType, types.ByteType} {
		var as, bs, add, sub []any
		for i, z := range days {
			n := ns[i%len(ns)]
			var nv any
			switch dt.ID {
			case types.Int:
				nv = n
			case types.Short:
				n = int32(int16(n))
				nv = int16(n)
			case types.Byte:
				n = int32(int8(n))
				nv = int8(n)
			}
			as, bs = append(as, z), append(bs, nv)
			// Java int arithmetic: wraps
			add, sub = append(add, int32(uint32(z)+uint32(n))), append(sub, int32(uint32(z)-uint32(n)))
			if i%7 == 3 {
				as, bs, add, sub = append(as, nil), append(bs, nv), append(add, nil), append(sub, nil)
				as, bs, add, sub = append(as, z), append(bs, nil), append(add, nil), append(sub, nil)
			}
		}
		runBinary(t, types.DateType, dt, as, bs, add, func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return DateAdd(mem, dt, l, r)
		})
		runBinary(t, types.DateType, dt, as, bs, sub, func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return DateSub(mem, dt, l, r)
		})
	}
	var as, bs, diff []any
	for i, z := range days {
		w := days[(i*31+5)%len(days)]
		as, bs, diff = append(as, z), append(bs, w), append(diff, int32(uint32(z)-uint32(w)))
		if i%5 == 1 {
			as, bs, diff = append(as, nil), append(bs, w), append(diff, nil)
		}
	}
	runBinary(t, types.DateType, types.DateType, as, bs, diff, DateDiff)
}

func TestAddMonths(t *testing.T) {
	type c struct {
		start, months int32
		want          any
	}
	cases := []c{
		{day(2016, 8, 31), 1, day(2016, 9, 30)},
		{day(2016, 1, 31), 1, day(2016, 2, 29)},
		{day(2015, 1, 31), 1, day(2015, 2, 28)},
		{day(2016, 2, 29), 12, day(2017, 2, 28)},
		{day(2016, 2, 28), 1, day(2016, 3, 28)},
		{day(2016, 3, 31), -1, day(2016, 2, 29)},
		{day(1, 1, 1), -1, day(0, 12, 1)},
		{day(1582, 10, 4), 1, day(1582, 11, 4)},
		{day(9999, 12, 31), 2, day(10000, 2, 29)},
		{day(1970, 1, 1), 0, int32(0)},
		{day(1970, 1, 31), -13, day(1968, 12, 31)},
		{day(2000, 5, 31), 1200, day(2100, 5, 31)},
		{gomath.MaxInt32, 0, int32(gomath.MaxInt32)},
		{gomath.MinInt32, 0, int32(gomath.MinInt32)},
	}
	// Go's time normalises day overflow, so compare with the clamped month end
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 2000; i++ {
		z := int32(r.Intn(3_000_000) - 1_500_000)
		m := int32(r.Intn(100_000) - 50_000)
		tm := goTime(z)
		first := time.Date(tm.Year(), tm.Month()+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		d := min(tm.Day(), last)
		cases = append(cases, c{z, m, day(first.Year(), first.Month(), d)})
	}
	var as, bs, wants []any
	for i, x := range cases {
		as, bs, wants = append(as, x.start), append(bs, x.months), append(wants, x.want)
		if i%6 == 2 {
			// a NULL row whose values would overflow must not raise
			as, bs, wants = append(as, nil), append(bs, int32(gomath.MaxInt32)), append(wants, nil)
		}
	}
	runBinary(t, types.DateType, types.IntType, as, bs, wants, AddMonths)

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, x := range [][2]int32{{day(9999, 12, 31), gomath.MaxInt32}, {gomath.MaxInt32, 1}, {gomath.MinInt32, -1}, {0, gomath.MinInt32}} {
		l := kerneltest.Build(mem, types.DateType, []any{int32(0), x[0]})
		rr := kerneltest.Build(mem, types.IntType, []any{int32(1), x[1]})
		got, err := AddMonths(mem, l, rr)
		if ke, ok := err.(*kernels.Error); !ok || ke.Class != "ARITHMETIC_OVERFLOW" || ke.Params["message"] != "integer overflow" {
			t.Errorf("add_months(%d, %d): want ARITHMETIC_OVERFLOW (integer overflow), got %v", x[0], x[1], err)
		}
		if got != nil {
			got.Release()
		}
		l.Release()
		rr.Release()
	}
}
