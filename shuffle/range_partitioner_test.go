package shuffle_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan/types"
)

// refValue is Spark's ascending comparison of two non-NULL sort key values,
// written from SQLOrderingUtil (doubles: `if (x == y) 0 else
// java.lang.Double.compare(x, y)`), UTF8String.compareTo / compareBinary
// (unsigned bytes) and Decimal.compare.
func refValue(a, b any) int {
	three := func(less, greater bool) int {
		switch {
		case less:
			return -1
		case greater:
			return 1
		}
		return 0
	}
	double := func(x, y float64) int {
		if x == y {
			return 0
		}
		xn, yn := math.IsNaN(x), math.IsNaN(y)
		switch {
		case xn && yn:
			return 0
		case xn:
			return 1
		case yn:
			return -1
		}
		return three(x < y, x > y)
	}
	switch x := a.(type) {
	case bool:
		y := b.(bool)
		return three(!x && y, x && !y)
	case int8:
		return three(x < b.(int8), x > b.(int8))
	case int16:
		return three(x < b.(int16), x > b.(int16))
	case int32:
		return three(x < b.(int32), x > b.(int32))
	case int64:
		return three(x < b.(int64), x > b.(int64))
	case float32:
		return double(float64(x), float64(b.(float32)))
	case float64:
		return double(x, b.(float64))
	case decimal128.Num:
		return x.BigInt().Cmp(b.(decimal128.Num).BigInt())
	case string:
		return bytes.Compare([]byte(x), []byte(b.(string)))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	}
	panic(fmt.Sprintf("no reference comparison for %T", a))
}

// refRow compares two rows of key values by specs: NULLs first or last
// whatever the direction, then the values in the key's direction.
func refRow(a, b []any, specs []order.Key) int {
	for k, s := range specs {
		x, y := a[k], b[k]
		var c int
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			c = 1
			if s.NullsFirst {
				c = -1
			}
			return c
		case y == nil:
			c = -1
			if s.NullsFirst {
				c = 1
			}
			return c
		}
		c = refValue(x, y)
		if s.Descending {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// refPartition is RangePartitioner.getPartition's linear search: the first
// bound the row is not above.
func refPartition(row []any, bounds [][]any, specs []order.Key) int32 {
	p := 0
	for p < len(bounds) && refRow(row, bounds[p], specs) > 0 {
		p++
	}
	return int32(p)
}

// pickBounds orders the distinct rows of rows by specs and keeps every
// step-th: strictly increasing bounds, as RangePartitioner determines them.
func pickBounds(rows [][]any, specs []order.Key, step int) [][]any {
	sorted := append([][]any(nil), rows...)
	sort.SliceStable(sorted, func(i, j int) bool { return refRow(sorted[i], sorted[j], specs) < 0 })
	var distinct [][]any
	for _, r := range sorted {
		if len(distinct) == 0 || refRow(distinct[len(distinct)-1], r, specs) < 0 {
			distinct = append(distinct, r)
		}
	}
	var out [][]any
	for i := step / 2; i < len(distinct); i += step {
		out = append(out, distinct[i])
	}
	return out
}

// columns turns rows into columns of values.
func columns(rows [][]any, nkeys int) [][]any {
	cols := make([][]any, nkeys)
	for _, r := range rows {
		for k := range cols {
			cols[k] = append(cols[k], r[k])
		}
	}
	return cols
}

// boundArrays builds the bound columns.
func boundArrays(mem memory.Allocator, ts []types.DataType, bounds [][]any) []arrow.Array {
	cols := columns(bounds, len(ts))
	out := make([]arrow.Array, len(ts))
	for k, t := range ts {
		out[k] = kerneltest.Build(mem, t, cols[k])
	}
	return out
}

// checkRange partitions rows (every batch size) by keys of types ts with
// bounds and checks every row's partition against refPartition.
func checkRange(t *testing.T, ts []types.DataType, specs []order.Key, rows, bounds [][]any) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	keys := make([]expr.Evaluator, len(ts))
	sch := make(types.Schema, len(ts))
	for k, typ := range ts {
		c, err := expr.NewColumn(k, typ)
		if err != nil {
			t.Fatal(err)
		}
		keys[k] = c
		sch[k] = types.Field{Name: fmt.Sprintf("k%d", k), Type: typ, Nullable: true}
	}
	r, err := shuffle.NewRange(keys, specs, boundArrays(mem, ts, bounds))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if r.NumPartitions() != len(bounds)+1 {
		t.Fatalf("%d partitions for %d bounds", r.NumPartitions(), len(bounds))
	}
	cols := columns(rows, len(ts))
	for _, bs := range nativetest.BatchSizes {
		start := 0
		for _, b := range nativetest.Batches(mem, sch, cols, bs) {
			out := make([]int32, b.NumRows())
			err := r.Assign(t.Context(), mem, b, out)
			b.Release()
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range out {
				row := rows[start+i]
				if want := refPartition(row, bounds, specs); p != want {
					t.Fatalf("batch size %d: row %v in partition %d, Spark puts it in %d (bounds %v)", bs, row, p, want, bounds)
				}
			}
			start += len(out)
		}
	}
}

// allSpecs are the four orders of one key.
var allSpecs = []order.Key{
	{Descending: false, NullsFirst: true},
	{Descending: false, NullsFirst: false},
	{Descending: true, NullsFirst: true},
	{Descending: true, NullsFirst: false},
}

// rangeValues are values of each key type, extremes, NaNs, -0.0, non-ASCII
// strings and bytes above 0x7f included.
var rangeValues = []struct {
	t    types.DataType
	vals []any
}{
	{types.BooleanType, []any{true, false}},
	{types.ByteType, []any{int8(math.MinInt8), int8(-1), int8(0), int8(1), int8(5), int8(math.MaxInt8)}},
	{types.ShortType, []any{int16(math.MinInt16), int16(-300), int16(0), int16(7), int16(math.MaxInt16)}},
	{types.IntType, []any{int32(math.MinInt32), int32(-5), int32(0), int32(3), int32(99), int32(math.MaxInt32)}},
	{types.LongType, []any{int64(math.MinInt64), int64(-1 << 40), int64(0), int64(12), int64(1 << 50), int64(math.MaxInt64)}},
	{types.FloatType, []any{float32(math.Inf(-1)), float32(-1.5), float32(math.Copysign(0, -1)), float32(0), float32(2.25),
		float32(math.MaxFloat32), float32(math.Inf(1)), float32(math.NaN())}},
	{types.DoubleType, []any{math.Inf(-1), -1e300, math.Copysign(0, -1), 0.0, 1e-300, 3.5, math.Inf(1), math.NaN(),
		math.Float64frombits(0x7ff8000000000001), math.Float64frombits(0xfff8000000000000)}},
	{types.DecimalType(9, 2), []any{decimal128.FromI64(-99999), decimal128.FromI64(-1), decimal128.FromI64(0),
		decimal128.FromI64(150), decimal128.FromI64(999999999)}},
	{types.DecimalType(38, 4), []any{decimal128.New(-1<<40, 0), decimal128.FromI64(math.MinInt64), decimal128.FromI64(-3),
		decimal128.FromI64(0), decimal128.FromI64(math.MaxInt64), decimal128.New(1<<40, 12)}},
	{types.StringType, []any{"", "a", "ab", "b", "Z", "é", "\u00ff", "日本", strings.Repeat("x", 40)}},
	{types.BinaryType, []any{[]byte{}, []byte{0}, []byte{0, 0}, []byte{0x7f}, []byte{0x80}, []byte{0xff, 1}}},
	{types.DateType, []any{int32(-719162), int32(-1), int32(0), int32(19000), int32(2932896)}},
	{types.TimestampType, []any{int64(math.MinInt64), int64(-1), int64(0), int64(1_700_000_000_000_000), int64(math.MaxInt64)}},
	{types.TimestampNTZType, []any{int64(-62135596800000000), int64(0), int64(86_400_000_000), int64(math.MaxInt64)}},
}

// Every key type, in every direction and NULL order: each row goes to the
// first bound it is not above, NaN above +Inf and equal to every NaN, -0.0
// equal to 0.0, strings and binaries by unsigned bytes, NULLs where the order
// puts them (in the bounds too).
func TestRangePartitionTypes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, tv := range rangeValues {
		for _, spec := range allSpecs {
			t.Run(fmt.Sprintf("%s/desc=%v/nullsFirst=%v", tv.t, spec.Descending, spec.NullsFirst), func(t *testing.T) {
				specs := []order.Key{spec}
				all := append([]any{nil}, tv.vals...)
				var rows [][]any
				for _, v := range all {
					rows = append(rows, []any{v})
				}
				for range 300 {
					rows = append(rows, []any{all[rng.Intn(len(all))]})
				}
				for _, step := range []int{1, 2, 3} {
					checkRange(t, []types.DataType{tv.t}, specs, rows, pickBounds(rows, specs, step))
				}
				// Bounds without a NULL: the NULLs go to the first or last partition.
				var nonNull [][]any
				for _, r := range rows {
					if r[0] != nil {
						nonNull = append(nonNull, r)
					}
				}
				checkRange(t, []types.DataType{tv.t}, specs, rows, pickBounds(nonNull, specs, 2))
			})
		}
	}
}

// Several keys: the later keys decide between rows equal on the earlier ones;
// more than 128 bounds (Spark's binary search) give the same partitions as
// the linear search.
func TestRangePartitionMultiKey(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	ts := []types.DataType{types.IntType, types.StringType, types.DoubleType}
	var rows [][]any
	for range 3000 {
		row := []any{int32(rng.Intn(6) - 3), fmt.Sprintf("s%02d", rng.Intn(30)), float64(rng.Intn(5)) / 2}
		for k := range row {
			if rng.Intn(9) == 0 {
				row[k] = nil
			}
		}
		if rng.Intn(20) == 0 {
			row[2] = math.NaN()
		}
		rows = append(rows, row)
	}
	for _, specs := range [][]order.Key{
		{{}, {Descending: true}, {NullsFirst: true}},
		{{Descending: true, NullsFirst: true}, {NullsFirst: true}, {Descending: true}},
		{{NullsFirst: true}, {Descending: true, NullsFirst: true}, {Descending: true, NullsFirst: false}},
	} {
		for _, step := range []int{1, 4, 50, 5000} {
			bounds := pickBounds(rows, specs, step)
			if step == 1 && len(bounds) <= 128 {
				t.Fatalf("only %d bounds", len(bounds))
			}
			checkRange(t, ts, specs, rows, bounds)
		}
	}
}

// No bounds (an empty input sampled, or one partition planned): one
// partition, every row in it; read from an empty or a batch-less stream.
func TestRangePartitionNoBounds(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ts := []arrow.DataType{arrow.PrimitiveTypes.Int64}
	for _, stream := range [][]byte{nil, ipcStream(t, mem, ts, nil)} {
		bounds, err := shuffle.ReadRangeBounds(stream, ts, mem)
		if err != nil {
			t.Fatal(err)
		}
		key, _ := expr.NewColumn(0, types.LongType)
		r, err := shuffle.NewRange([]expr.Evaluator{key}, []order.Key{{}}, bounds)
		if err != nil {
			t.Fatal(err)
		}
		if r.NumPartitions() != 1 {
			t.Fatalf("%d partitions", r.NumPartitions())
		}
		for _, b := range nativetest.Batches(mem, schema, data(50), 50) {
			out := make([]int32, b.NumRows())
			for i := range out {
				out[i] = 9
			}
			if err := r.Assign(t.Context(), mem, b, out); err != nil {
				t.Fatal(err)
			}
			b.Release()
			for i, p := range out {
				if p != 0 {
					t.Fatalf("row %d in partition %d", i, p)
				}
			}
		}
		r.Release()
		r.Release() // twice: the writer's Close may follow its Finish
	}
}

// ipcStream writes one batch of columns (or none when cols is nil) of types
// ts as an Arrow IPC stream.
func ipcStream(t *testing.T, mem memory.Allocator, ts []arrow.DataType, cols []arrow.Array) []byte {
	t.Helper()
	fields := make([]arrow.Field, len(ts))
	for i, dt := range ts {
		fields[i] = arrow.Field{Name: fmt.Sprintf("k%d", i), Type: dt, Nullable: true}
	}
	sch := arrow.NewSchema(fields, nil)
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(sch), ipc.WithAllocator(mem))
	if cols != nil {
		rec := array.NewRecordBatch(sch, cols, int64(cols[0].Len()))
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Bounds that do not fit the keys are errors, never panics: another column
// count or type, rows not strictly increasing, bytes that are no IPC stream,
// and keys evaluated to another type than the bounds'.
func TestRangeBoundsMismatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	long, str := arrow.PrimitiveTypes.Int64, arrow.BinaryTypes.String
	longs := kerneltest.Build(mem, types.LongType, []any{int64(1), int64(5)})
	defer longs.Release()
	good := ipcStream(t, mem, []arrow.DataType{long}, []arrow.Array{longs})
	for _, c := range []struct {
		name   string
		stream []byte
		types  []arrow.DataType
		want   string
	}{
		{"column count", good, []arrow.DataType{long, long}, "1 columns for 2 sort keys"},
		{"column type", good, []arrow.DataType{str}, "column 0 is int64, but sort key 0 is utf8"},
		{"decimal scale", good, []arrow.DataType{&arrow.Decimal128Type{Precision: 10, Scale: 2}}, "sort key 0 is decimal"},
		{"not a stream", []byte("not an arrow stream"), []arrow.DataType{long}, "range bounds"},
		{"truncated", good[:len(good)-20], []arrow.DataType{long}, "range bounds"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := shuffle.ReadRangeBounds(c.stream, c.types, mem)
			if err == nil {
				for _, a := range b {
					a.Release()
				}
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}

	key, _ := expr.NewColumn(0, types.LongType)
	keys := []expr.Evaluator{key}
	unsorted := kerneltest.Build(mem, types.LongType, []any{int64(5), int64(5)})
	if _, err := shuffle.NewRange(keys, []order.Key{{}}, []arrow.Array{unsorted}); err == nil ||
		!strings.Contains(err.Error(), "not strictly increasing") {
		t.Fatalf("equal bounds: %v", err)
	}
	desc := kerneltest.Build(mem, types.LongType, []any{int64(1), int64(5)})
	if _, err := shuffle.NewRange(keys, []order.Key{{Descending: true}}, []arrow.Array{desc}); err == nil {
		t.Fatal("ascending bounds of a descending key: no error")
	}
	two := kerneltest.Build(mem, types.LongType, []any{int64(1)})
	if _, err := shuffle.NewRange(keys, []order.Key{{}, {}}, []arrow.Array{two}); err == nil {
		t.Fatal("two orders for one key: no error")
	}

	// A key evaluated to strings against bounds of longs.
	strKey, _ := expr.NewColumn(1, types.StringType)
	bounds := kerneltest.Build(mem, types.LongType, []any{int64(1)})
	r, err := shuffle.NewRange([]expr.Evaluator{strKey}, []order.Key{{}}, []arrow.Array{bounds})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	for _, b := range nativetest.Batches(mem, schema, data(10), 10) {
		err := r.Assign(t.Context(), mem, b, make([]int32, b.NumRows()))
		b.Release()
		if err == nil || !strings.Contains(err.Error(), "rows of type utf8, bounds of type int64") {
			t.Fatalf("string keys against long bounds: %v", err)
		}
	}
}

// A range-partitioned write: every row lands in the partition of its key,
// each partition keeps the map task's row order, and the bounds are released.
func TestRangePartitionedWrite(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	const n = 3000
	cols := data(n)
	specs := []order.Key{{Descending: true, NullsFirst: false}}
	var keyRows [][]any
	for _, k := range cols[0] {
		keyRows = append(keyRows, []any{k})
	}
	bounds := pickBounds(keyRows, specs, 9)
	key, _ := expr.NewColumn(0, types.LongType)
	part, err := shuffle.NewRange([]expr.Evaluator{key}, specs, boundArrays(mem, []types.DataType{types.LongType}, bounds))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	w, err := shuffle.NewWriter(schema.ArrowSchema("UTC"), part, mem, shuffle.Options{FlushBytes: 4096}, 3, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dataPath, indexPath, lengths := writeAll(t, w, cols, 100, mem, dir)
	w.Close()
	if len(lengths) != len(bounds)+1 {
		t.Fatalf("%d lengths for %d bounds", len(lengths), len(bounds))
	}
	seen := 0
	for p, pc := range readPartitions(t, dataPath, indexPath, mem) {
		last := int32(-1)
		for r := range pc[0] {
			if want := refPartition([]any{pc[0][r]}, bounds, specs); want != int32(p) {
				t.Fatalf("key %v in partition %d, Spark puts it in %d", pc[0][r], p, want)
			}
			if i := pc[2][r].(int32); i <= last {
				t.Fatalf("partition %d: row %d after row %d", p, i, last)
			} else {
				last = i
			}
			seen++
		}
	}
	if seen != n {
		t.Fatalf("%d rows read back, %d written", seen, n)
	}
}
