package cast

import (
	"math"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

var dateT, tsT, ntzT = types.DateType, types.TimestampType, types.TimestampNTZType

// runZone is runMode in a session time zone.
func runZone(t *testing.T, zone string, from, to types.DataType, mode kernels.EvalMode, cases []tc) {
	t.Helper()
	loc, err := LoadZone(zone)
	if err != nil {
		t.Fatal(err)
	}
	all := append(append([]tc{}, cases...), tc{nil, nil})
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var ins, ws []any
	for i := 0; i < 100; i++ {
		c := all[i%len(all)]
		ins, ws = append(ins, c.in), append(ws, c.want)
	}
	arr := kerneltest.Build(mem, from, ins)
	defer arr.Release()
	kerneltest.SlicedShort(len(ins), 30, func(start, end int) {
		a := kerneltest.Slice(arr, start, end)
		defer a.Release()
		got, err := CastIn(mem, from, to, a, mode, loc)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Release()
		kerneltest.Check(t, got, ws[start:end])
	})
}

const la = "America/Los_Angeles"

func TestDatetimeToString(t *testing.T) {
	for _, m := range modes {
		runZone(t, la, dateT, strT, m, []tc{{int32(0), "1970-01-01"}, {int32(-1), "1969-12-31"}, {int32(-719162), "0001-01-01"},
			{int32(2932897), "+10000-01-01"}, {int32(2932896), "9999-12-31"}, {int32(-719528), "0000-01-01"}, {int32(-719529), "-0001-12-31"},
			{int32(11016), "2000-02-29"}})
		runZone(t, la, tsT, strT, m, []tc{{int64(0), "1969-12-31 16:00:00"}, {int64(-1), "1969-12-31 15:59:59.999999"},
			{int64(1500000), "1969-12-31 16:00:01.5"}, {int64(1678615200000000), "2023-03-12 03:00:00"},
			{int64(1678615199999999), "2023-03-12 01:59:59.999999"}, {int64(1699173000000000), "2023-11-05 01:30:00"},
			{int64(1699173000000000 + 3600e6), "2023-11-05 01:30:00"}, {int64(-2208988800000000), "1899-12-31 16:00:00"},
			{int64(-62135510400000000), "0001-01-01 16:07:02"}, {int64(10), "1969-12-31 16:00:00.00001"}})
		runZone(t, "UTC", tsT, strT, m, []tc{{int64(0), "1970-01-01 00:00:00"}})
		runZone(t, la, ntzT, strT, m, []tc{{int64(0), "1970-01-01 00:00:00"}, {int64(-1), "1969-12-31 23:59:59.999999"},
			{int64(123000), "1970-01-01 00:00:00.123"}})
	}
}

func TestDatetimeConversions(t *testing.T) {
	for _, m := range modes {
		// timestamp -> date in the zone; ntz -> date in UTC.
		runZone(t, la, tsT, dateT, m, []tc{{int64(0), int32(-1)}, {int64(8 * 3600e6), int32(0)}, {int64(8*3600e6 - 1), int32(-1)}})
		runZone(t, la, ntzT, dateT, m, []tc{{int64(0), int32(0)}, {int64(-1), int32(-1)}})
		// date -> timestamp: local midnight; in a gap, the transition (Sao Paulo 2018-11-04 00:00 -> 01:00).
		runZone(t, la, dateT, tsT, m, []tc{{int32(0), int64(8 * 3600e6)}, {int32(19428), int64(1678608000000000)}})
		runZone(t, "America/Sao_Paulo", dateT, tsT, m, []tc{{int32(17839), int64(1541300400000000)}})
		runZone(t, la, dateT, ntzT, m, []tc{{int32(1), int64(86400e6)}, {int32(-719162), int64(-719162 * 86400e6)}})
		// ntz -> timestamp: in a gap forward by the gap, in an overlap the earlier offset.
		runZone(t, la, ntzT, tsT, m, []tc{{int64(1678588200000000), int64(1678617000000000)}, {int64(1699147800000000), int64(1699173000000000)},
			{int64(0), int64(8 * 3600e6)}, {int64(1), int64(8*3600e6 + 1)}, {int64(-1), int64(8*3600e6 - 1)}})
		runZone(t, "America/Sao_Paulo", ntzT, tsT, m, []tc{{int64(1541291400000000), int64(1541302200000000)}})
		runZone(t, la, tsT, ntzT, m, []tc{{int64(1678615200000000), int64(1678615200000000 - 7*3600e6)}, {int64(0), int64(-8 * 3600e6)}})
		// Numbers.
		runZone(t, la, tsT, longT, m, []tc{{int64(-1), int64(-1)}, {int64(1), int64(0)}, {int64(1999999), int64(1)}})
		runZone(t, la, tsT, doubleT, m, []tc{{int64(-1), -1e-6}, {int64(1500000), 1.5}})
		runZone(t, la, tsT, floatT, m, []tc{{int64(1500000), float32(1.5)}})
		runZone(t, la, tsT, boolT, m, []tc{{int64(0), false}, {int64(-1), true}})
		runZone(t, la, tsT, intT, m, []tc{{int64(-1), int32(-1)}})
		runZone(t, la, longT, tsT, m, []tc{{int64(1), int64(1e6)}, {int64(math.MaxInt64), int64(math.MaxInt64)}, {int64(math.MinInt64), int64(math.MinInt64)},
			{int64(-9223372036854), int64(-9223372036854000000)}, {int64(-9223372036855), int64(math.MinInt64)}})
		runZone(t, la, intT, tsT, m, []tc{{int32(-1), int64(-1e6)}})
	}
	runZone(t, la, tsT, intT, kernels.Legacy, []tc{{int64(3e9 * 1e6), int32(-1294967296)}})
	runZone(t, la, tsT, intT, kernels.Try, []tc{{int64(3e9 * 1e6), nil}})
	runZone(t, la, tsT, shortT, kernels.Legacy, []tc{{int64(65537e6), int16(1)}})
	loc, _ := LoadZone(la)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	arr := kerneltest.Build(mem, tsT, []any{int64(3e9 * 1e6)})
	_, err := CastIn(mem, tsT, intT, arr, kernels.ANSI, loc)
	if ke, ok := err.(*kernels.Error); !ok || ke.Class != "CAST_OVERFLOW" || ke.Params["value"] != "TIMESTAMP '2065-01-23 21:20:00'" {
		t.Fatalf("got %v", err)
	}
	arr.Release()
	mem.AssertSize(t, 0)
	if _, err := LoadZone("Not/AZone"); err == nil {
		t.Fatal("unknown zone loaded")
	}
	_ = time.UTC
}

func TestStringToDate(t *testing.T) {
	for _, m := range modes {
		runZone(t, la, strT, dateT, m, []tc{{"1970-01-01", int32(0)}, {" 1969-12-31\t", int32(-1)}, {"2000-2-29", int32(11016)},
			{"2023", int32(19358)}, {"2023-03", int32(19417)}, {"2023-03-12T10:00:00", int32(19428)}, {"2023-03-12 garbage", int32(19428)},
			{"2023-3-12T", int32(19428)}, {"0001-01-01", int32(-719162)}, {"+10000-01-01", int32(2932897)}, {"10000-01-01", int32(2932897)},
			{"-0001-12-31", int32(-719529)}, {"\x7f2023-03-12\x00", int32(19428)}})
	}
	for _, s := range []string{"", " ", "2023-02-29", "2023-13-01", "2023-00-01", "2023-01-00", "2023-01-32", "202-01-01",
		"12345678-01-01", "2023-001-01", "2023-01-001", "2023/01/01", "2023-01 x", "2023T", "2023-01-01-", "x2023", "2023-1-1x",
		"-", "+", "2023--01", "\u00a02023-01-01", "2023-01-"} {
		runZone(t, la, strT, dateT, kernels.Legacy, []tc{{s, nil}})
		runZone(t, la, strT, dateT, kernels.Try, []tc{{s, nil}})
		wantErr(t, strT, dateT, s, "2023-01-01", "CAST_INVALID_INPUT", sqlString(s))
	}
}
