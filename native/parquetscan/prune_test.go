package parquetscan

import (
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/parquet/compress"

	"github.com/ember-spark/ember/sparkplan/types"
)

// pruneCols: 1000 rows in 10 row groups of 100, mostly sorted so that
// statistics separate the row groups.
func pruneCols() []testCol {
	return []testCol{
		{name: "id", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType,
			gen: func(i int) (any, bool) { return int64(i), true }},
		{name: "s", arrowType: arrow.BinaryTypes.String, nullable: true, req: types.StringType,
			gen: func(i int) (any, bool) { return fmt.Sprintf("k%04d", i), true }},
		{name: "f", arrowType: arrow.PrimitiveTypes.Float64, nullable: true, req: types.DoubleType,
			gen: func(i int) (any, bool) {
				if i == 905 {
					return math.NaN(), true
				}
				return float64(i), true
			}},
		{name: "dec", arrowType: &arrow.Decimal128Type{Precision: 9, Scale: 2}, nullable: true, req: types.DecimalType(9, 2),
			gen: func(i int) (any, bool) { return dec(int64(i) * 100), true }},
		{name: "d", arrowType: arrow.FixedWidthTypes.Date32, nullable: true, req: types.DateType,
			gen: func(i int) (any, bool) { return int32(i), true }},
		{name: "opt", arrowType: arrow.PrimitiveTypes.Int32, nullable: true, req: types.IntType,
			gen: func(i int) (any, bool) { return int32(i), i >= 100 }},
		{name: "b", arrowType: arrow.FixedWidthTypes.Boolean, nullable: true, req: types.BooleanType,
			gen: func(i int) (any, bool) { return i >= 500, true }},
		{name: "c", arrowType: arrow.PrimitiveTypes.Int64, nullable: true, req: types.LongType,
			gen: func(i int) (any, bool) { return int64(7), true }},
		{name: "ts", arrowType: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, nullable: true, req: types.TimestampType,
			gen:  func(i int) (any, bool) { return int64(i) * 1000, true },
			want: func(i int) any { return int64(i) * 1_000_000 }},
		{name: "i8", arrowType: arrow.PrimitiveTypes.Int8, nullable: true, req: types.ByteType,
			gen: func(i int) (any, bool) { return int8(i / 10), true }},
	}
}

const (
	cID = iota
	cS
	cF
	cDec
	cD
	cOpt
	cB
	cC
	cTS
	cI8
	cMissing // a required column absent from the file
)

func pruneRequired(cols []testCol) types.Schema {
	req := requiredOf(cols)
	return append(req, types.Field{Name: "nope", Type: types.LongType, Nullable: true})
}

func TestPruning(t *testing.T) {
	cols := pruneCols()
	req := pruneRequired(cols)
	all := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	cases := []struct {
		name string
		p    Predicate
		keep []int
	}{
		{"id >= 750", Compare{cID, OpGe, int64(750)}, []int{7, 8, 9}},
		{"id > 799", Compare{cID, OpGt, int64(799)}, []int{8, 9}},
		{"id < 150", Compare{cID, OpLt, int64(150)}, []int{0, 1}},
		{"id <= 100", Compare{cID, OpLe, int64(100)}, []int{0, 1}},
		{"id = 555", Compare{cID, OpEq, int64(555)}, []int{5}},
		{"not id < 750", Not{Compare{cID, OpLt, int64(750)}}, []int{7, 8, 9}},
		{"and", And{[]Predicate{Compare{cID, OpGe, int64(300)}, Compare{cID, OpLt, int64(500)}}}, []int{3, 4}},
		{"or", Or{[]Predicate{Compare{cID, OpLt, int64(100)}, Compare{cID, OpGe, int64(900)}}}, []int{0, 9}},
		{"not and", Not{And{[]Predicate{Compare{cID, OpGe, int64(0)}, Compare{cID, OpLt, int64(1000)}}}}, nil},
		{"not or", Not{Or{[]Predicate{Compare{cID, OpLt, int64(200)}, Compare{cID, OpGt, int64(299)}}}}, []int{2}},
		{"s = k0555", Compare{cS, OpEq, "k0555"}, []int{5}},
		{"s < k0100", Compare{cS, OpLt, "k0100"}, []int{0}},
		{"s in", In{cS, []any{"k0001", "k0950", "zzz"}}, []int{0, 9}},
		{"f > 850 keeps all (NaN)", Compare{cF, OpGt, 850.0}, all},
		{"f >= NaN keeps all", Compare{cF, OpGe, math.NaN()}, all},
		{"f < 150", Compare{cF, OpLt, 150.0}, []int{0, 1}},
		{"f <= -0.0", Compare{cF, OpLe, math.Copysign(0, -1)}, []int{0}},
		{"f < 0.0", Compare{cF, OpLt, 0.0}, nil},
		{"f = 555", Compare{cF, OpEq, 555.0}, []int{5}},
		{"not f > 150 (NaN)", Not{Compare{cF, OpGt, 150.0}}, []int{0, 1}},
		{"not f < 850 keeps all (NaN)", Not{Compare{cF, OpLt, 850.0}}, all},
		{"dec >= 950.00", Compare{cDec, OpGe, dec(95000)}, []int{9}},
		{"d <= 99", Compare{cD, OpLe, int32(99)}, []int{0}},
		{"ts > 899s", Compare{cTS, OpGt, int64(899_000_000)}, []int{9}},
		{"i8 = 42", Compare{cI8, OpEq, int8(42)}, []int{4}},
		{"b = false", Compare{cB, OpEq, false}, []int{0, 1, 2, 3, 4}},
		{"id is null", IsNull{cID}, nil},
		{"id is not null", IsNotNull{cID}, all},
		{"opt is null", IsNull{cOpt}, []int{0}},
		{"opt is not null", IsNotNull{cOpt}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"opt > 50", Compare{cOpt, OpGt, int32(50)}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"in", In{cID, []any{int64(5), int64(995), nil}}, []int{0, 9}},
		{"in nulls only", In{cID, []any{nil}}, nil},
		{"not in with null", Not{In{cID, []any{int64(1), nil}}}, nil},
		{"missing = 1", Compare{cMissing, OpEq, int64(1)}, nil},
		{"missing is null", IsNull{cMissing}, all},
		{"unknown", Unknown{}, all},
		{"not unknown", Not{Unknown{}}, all},
		{"id <=> null", Compare{cID, OpNullSafeEq, nil}, nil},
		{"not id <=> null", Not{Compare{cID, OpNullSafeEq, nil}}, all},
		{"id <=> 250", Compare{cID, OpNullSafeEq, int64(250)}, []int{2}},
		{"not opt <=> 150", Not{Compare{cOpt, OpNullSafeEq, int32(150)}}, all},
		{"id = null", Compare{cID, OpEq, nil}, nil},
		{"not id = null", Not{Compare{cID, OpEq, nil}}, nil},
		{"c != 7", Not{Compare{cC, OpEq, int64(7)}}, nil},
		{"id != 5", Not{Compare{cID, OpEq, int64(5)}}, all},
		{"empty and", And{}, all},
		{"empty or", Or{}, nil},
	}
	for _, codec := range []compress.Compression{compress.Codecs.Snappy} {
		for _, decAsInt := range []bool{true, false} {
			path := writeParquet(t, filepath.Join(t.TempDir(), "p.parquet"), cols, 1000,
				writeOpts{rowGroupRows: 100, codec: codec, decAsInt: decAsInt, dict: true})
			full, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}})
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range cases {
				t.Run(fmt.Sprintf("decAsInt=%v/%s", decAsInt, tc.name), func(t *testing.T) {
					keep := tc.keep
					if !decAsInt && tc.name == "dec >= 950.00" {
						keep = all // FIXED_LEN_BYTE_ARRAY decimal statistics are not trusted
					}
					res, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}, Pruning: tc.p, BatchSize: 64})
					if err != nil {
						t.Fatal(err)
					}
					if res.metrics.RowGroupsPruned != int64(10-len(keep)) || res.metrics.RowGroupsRead != int64(len(keep)) {
						t.Fatalf("metrics %+v, want %d kept", res.metrics, len(keep))
					}
					var want []int
					for _, g := range keep {
						want = append(want, seq(g*100, g*100+100)...)
					}
					if len(res.rows) != len(want) {
						t.Fatalf("got %d rows, want %d", len(res.rows), len(want))
					}
					for r, i := range want {
						for c := range full.rows[i] {
							if !sameValue(res.rows[r][c], full.rows[i][c]) {
								t.Fatalf("row %d column %d: %v, want %v", i, c, res.rows[r][c], full.rows[i][c])
							}
						}
					}
					checkNoQualifyingRowLost(t, tc.p, req, full.rows, res.rows)
				})
			}
		}
	}
}

// checkNoQualifyingRowLost evaluates p on every row of the unpruned scan and
// checks that each row where it is TRUE is in the pruned result.
func checkNoQualifyingRowLost(t *testing.T, p Predicate, req types.Schema, full, pruned [][]any) {
	t.Helper()
	have := make(map[int64]bool, len(pruned))
	for _, row := range pruned {
		have[row[0].(int64)] = true
	}
	for _, row := range full {
		if v, null := evalPred(p, req, row); v && !null && !have[row[0].(int64)] {
			t.Fatalf("row %v satisfies the predicate but was pruned", row)
		}
	}
}

// evalPred evaluates p on one row with SQL three-valued logic, independently
// of the pruning code: (value, isNull).
func evalPred(p Predicate, req types.Schema, row []any) (bool, bool) {
	switch p := p.(type) {
	case And:
		res, null := true, false
		for _, c := range p.Children {
			v, n := evalPred(c, req, row)
			if !n && !v {
				return false, false
			}
			null = null || n
		}
		if null {
			return false, true
		}
		return res, false
	case Or:
		null := false
		for _, c := range p.Children {
			v, n := evalPred(c, req, row)
			if !n && v {
				return true, false
			}
			null = null || n
		}
		return false, null
	case Not:
		v, n := evalPred(p.Child, req, row)
		return !v, n
	case IsNull:
		return row[p.Column] == nil, false
	case IsNotNull:
		return row[p.Column] != nil, false
	case Unknown:
		return false, true
	case In:
		null := row[p.Column] == nil
		if null {
			return false, true
		}
		for _, v := range p.Values {
			if v == nil {
				null = true
				continue
			}
			if sparkCompare(row[p.Column], outValue(v)) == 0 {
				return true, false
			}
		}
		return false, null
	case Compare:
		x, v := row[p.Column], p.Value
		if p.Op == OpNullSafeEq {
			if x == nil || v == nil {
				return x == nil && v == nil, false
			}
			return sparkCompare(x, outValue(v)) == 0, false
		}
		if x == nil || v == nil {
			return false, true
		}
		c := sparkCompare(x, outValue(v))
		switch p.Op {
		case OpEq:
			return c == 0, false
		case OpLt:
			return c < 0, false
		case OpLe:
			return c <= 0, false
		case OpGt:
			return c > 0, false
		case OpGe:
			return c >= 0, false
		}
	}
	panic(fmt.Sprintf("evalPred: %T", p))
}

// outValue maps a predicate literal to the Go type cellValue returns.
func outValue(v any) any {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v
}

// sparkCompare orders two non-null values of the same Go type as Spark does.
func sparkCompare(a, b any) int {
	cmp := func(x, y float64) int {
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
		case x < y:
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case int8:
		return cmpOrdered(x, b.(int8))
	case int16:
		return cmpOrdered(x, b.(int16))
	case int32:
		return cmpOrdered(x, b.(int32))
	case int64:
		return cmpOrdered(x, b.(int64))
	case float32:
		return cmp(float64(x), float64(b.(float32)))
	case float64:
		return cmp(x, b.(float64))
	case decimal128.Num:
		return x.Cmp(b.(decimal128.Num))
	case string:
		return cmpOrdered(x, b.(string))
	}
	panic(fmt.Sprintf("sparkCompare: %T", a))
}

func cmpOrdered[T int8 | int16 | int32 | int64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestPruningRandom throws random predicates at random data: pruning may
// only ever drop row groups that hold no qualifying row.
func TestPruningRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	const n = 1200
	ints := make([]int64, n)
	floats := make([]float64, n)
	strs := make([]string, n)
	base := int64(0)
	for i := range ints {
		if i%100 == 0 {
			base = rng.Int63n(1000) - 500
		}
		ints[i] = base + rng.Int63n(60)
		switch rng.Intn(40) {
		case 0:
			floats[i] = math.NaN()
		case 1:
			floats[i] = math.Copysign(0, -1)
		case 2:
			floats[i] = 0
		default:
			floats[i] = float64(base) + rng.Float64()*50
		}
		strs[i] = fmt.Sprintf("%c%d", 'a'+rune(base+500)%26, rng.Intn(100))
	}
	nullable := func(i int) bool { return i%100 < 50 || rng.Intn(7) != 0 }
	valid := make([]bool, n)
	for i := range valid {
		valid[i] = nullable(i)
	}
	cols := []testCol{
		{name: "id", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType, gen: func(i int) (any, bool) { return int64(i), true }},
		{name: "x", arrowType: arrow.PrimitiveTypes.Int64, nullable: true, req: types.LongType,
			gen: func(i int) (any, bool) { return ints[i], valid[i] }},
		{name: "f", arrowType: arrow.PrimitiveTypes.Float64, nullable: true, req: types.DoubleType,
			gen: func(i int) (any, bool) { return floats[i], valid[(i+17)%n] }},
		{name: "s", arrowType: arrow.BinaryTypes.String, nullable: true, req: types.StringType,
			gen: func(i int) (any, bool) { return strs[i], valid[(i+31)%n] }},
		{name: "xi", arrowType: arrow.PrimitiveTypes.Int32, nullable: true, req: types.IntType,
			gen: func(i int) (any, bool) { return int32(ints[i] * 3), valid[(i+5)%n] }},
	}
	path := writeParquet(t, filepath.Join(t.TempDir(), "r.parquet"), cols, n, writeOpts{rowGroupRows: 100, dict: true})
	req := requiredOf(cols)
	full, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}})
	if err != nil {
		t.Fatal(err)
	}

	var gen func(depth int) Predicate
	leaf := func() Predicate {
		ops := []CompareOp{OpEq, OpNullSafeEq, OpLt, OpLe, OpGt, OpGe}
		switch rng.Intn(8) {
		case 0:
			return IsNull{1 + rng.Intn(4)}
		case 1:
			return IsNotNull{1 + rng.Intn(4)}
		case 2:
			vals := []any{}
			for k := rng.Intn(4); k >= 0; k-- {
				vals = append(vals, ints[rng.Intn(n)]+rng.Int63n(5)-2)
			}
			return In{1, vals}
		case 3:
			return Compare{3, ops[rng.Intn(len(ops))], strs[rng.Intn(n)]}
		case 4, 5:
			v := floats[rng.Intn(n)] + float64(rng.Intn(3)-1)
			if rng.Intn(10) == 0 {
				v = math.NaN()
			}
			return Compare{2, ops[rng.Intn(len(ops))], v}
		case 6:
			return Compare{4, ops[rng.Intn(len(ops))], int32(ints[rng.Intn(n)]*3 + rng.Int63n(7) - 3)}
		}
		return Compare{1, ops[rng.Intn(len(ops))], ints[rng.Intn(n)] + rng.Int63n(9) - 4}
	}
	gen = func(depth int) Predicate {
		if depth == 0 || rng.Intn(3) == 0 {
			return leaf()
		}
		switch rng.Intn(3) {
		case 0:
			return And{[]Predicate{gen(depth - 1), gen(depth - 1)}}
		case 1:
			return Or{[]Predicate{gen(depth - 1), gen(depth - 1)}}
		}
		return Not{gen(depth - 1)}
	}
	prunedTotal := int64(0)
	for k := 0; k < 300; k++ {
		p := gen(3)
		res, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}, Pruning: p})
		if err != nil {
			t.Fatal(err)
		}
		prunedTotal += res.metrics.RowGroupsPruned
		checkNoQualifyingRowLost(t, p, req, full.rows, res.rows)
	}
	if prunedTotal == 0 {
		t.Fatal("random predicates never pruned anything")
	}
	t.Logf("pruned %d row groups over 300 predicates", prunedTotal)
}
