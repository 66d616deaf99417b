package translate

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// scanRowFilter takes the string equality and IN conjuncts a Parquet scan may
// apply itself, in order, and stops at the first conjunct that Spark could
// evaluate with an error or a side effect on a row the scan would drop.
func TestScanRowFilter(t *testing.T) {
	schema := types.Schema{
		{Name: "s", Type: types.StringType, Nullable: true},
		{Name: "b", Type: types.BinaryType, Nullable: true},
		{Name: "n", Type: types.LongType, Nullable: true},
		{Name: "t", Type: types.StringType, Nullable: true},
	}
	col := func(i int) sparkplan.Expr { return must(sparkplan.NewColumnRef(schema, i, schema[i].Name)) }
	str := func(v any) sparkplan.Expr { return must(sparkplan.NewLiteral(types.StringType, v)) }
	eq := func(l, r sparkplan.Expr) sparkplan.Expr { return must(sparkplan.NewComparison(sparkplan.Equal, l, r)) }
	and := func(es ...sparkplan.Expr) sparkplan.Expr {
		out := es[0]
		for _, e := range es[1:] {
			out = must(sparkplan.NewAnd(out, e))
		}
		return out
	}
	in := func(name string, args ...sparkplan.Expr) sparkplan.Expr {
		return must(sparkplan.NewScalarFunction(name, args, types.BooleanType, true, sparkplan.Legacy))
	}
	long := func(v int64) sparkplan.Expr { return must(sparkplan.NewLiteral(types.LongType, v)) }
	gt := must(sparkplan.NewComparison(sparkplan.GreaterThan, col(2), long(3)))
	cast := must(sparkplan.NewCast(col(0), types.IntType, true, sparkplan.ANSI, "UTC"))
	castGt := must(sparkplan.NewComparison(sparkplan.GreaterThan, cast, must(sparkplan.NewLiteral(types.IntType, int32(0)))))
	like := func(c sparkplan.Expr, pattern string) sparkplan.Expr {
		return must(sparkplan.NewScalarFunction("Like", []sparkplan.Expr{c, str(pattern), str("\\")}, types.BooleanType, true, sparkplan.Legacy))
	}
	binLit := must(sparkplan.NewLiteral(types.BinaryType, []byte{1, 2}))
	cases := []struct {
		name string
		cond sparkplan.Expr
		want string
	}{
		{"col = lit", eq(col(0), str("a")), "[0:[a]]"},
		{"lit = col", eq(str("a"), col(3)), "[3:[a]]"},
		{"IN", in("In", col(0), str("a"), str("b")), "[0:[a b]]"},
		{"InSet", in("InSet", col(3), str("x")), "[3:[x]]"},
		{"binary", eq(col(1), binLit), "[1:[\x01\x02]]"},
		{"q19's order", and(sparkplan.NewIsNotNull(col(0)), sparkplan.NewIsNotNull(col(3)), eq(col(0), str("a")),
			in("In", col(3), str("x"), str("y")), sparkplan.NewIsNotNull(col(2)), gt), "[0:[a] 3:[x y]]"},
		{"nested ANDs", must(sparkplan.NewAnd(eq(col(0), str("a")), and(sparkplan.NewIsNull(col(2)), eq(col(3), str("b"))))), "[0:[a] 3:[b]]"},
		{"stops at a cast that may fail", and(castGt, eq(col(3), str("b"))), "[]"},
		{"stops at a comparison not on a string", and(eq(col(0), str("a")), gt, eq(col(3), str("b"))), "[0:[a]]"},
		{"NULL literal: a test", eq(col(0), str(nil)), "[0:test]"},
		{"IN with NULL: a test", in("In", col(0), str("a"), str(nil)), "[0:test]"},
		{"IN with a column", in("In", col(0), str("a"), col(3)), "[]"},
		{"two columns", eq(col(0), col(3)), "[]"},
		{"OR of two columns", must(sparkplan.NewOr(eq(col(0), str("a")), eq(col(3), str("b")))), "[]"},
		{"OR of one column", must(sparkplan.NewOr(eq(col(0), str("a")), like(col(0), "b%"))), "[0:test]"},
		{"NOT", must(sparkplan.NewNot(eq(col(0), str("a")))), "[0:test]"},
		{"less than", must(sparkplan.NewComparison(sparkplan.LessThan, col(0), str("a"))), "[0:test]"},
		{"null-safe equal", must(sparkplan.NewComparison(sparkplan.EqualNullSafe, col(0), str("a"))), "[0:test]"},
		{"LIKE, then a cast", and(like(col(3), "%x_"), castGt, eq(col(0), str("a"))), "[3:test]"},
		{"IS NULL of an expression", and(sparkplan.NewIsNull(cast), eq(col(3), str("b"))), "[]"},
		{"a function that is not a test", eq(must(sparkplan.NewScalarFunction("Upper", []sparkplan.Expr{col(0)}, types.StringType, true, sparkplan.Legacy)), str("A")), "[]"},
	}
	for _, tc := range cases {
		var got []string
		for _, m := range scanRowFilter(tc.cond, schema.ArrowSchema("UTC")) {
			if m.Test != nil {
				got = append(got, fmt.Sprintf("%d:test", m.Column))
				continue
			}
			vals := make([]string, len(m.Values))
			for i, v := range m.Values {
				vals[i] = string(v)
			}
			got = append(got, fmt.Sprintf("%d:%v", m.Column, vals))
		}
		if s := fmt.Sprint(got); s != tc.want && !(s == "[]" && tc.want == "[]") {
			t.Errorf("%s: %s gives %s, want %s", tc.name, tc.cond, s, tc.want)
		}
	}
}

// A dictionary test keeps a value's rows unless the conjunct is FALSE for it,
// as the filter's own evaluator computes it.
func TestDictionaryTest(t *testing.T) {
	schema := types.Schema{{Name: "n", Type: types.LongType, Nullable: true}, {Name: "s", Type: types.StringType, Nullable: true}}
	col := must(sparkplan.NewColumnRef(schema, 1, "s"))
	str := func(v any) sparkplan.Expr { return must(sparkplan.NewLiteral(types.StringType, v)) }
	like := must(sparkplan.NewScalarFunction("Like", []sparkplan.Expr{col, str("a%"), str("\\")}, types.BooleanType, true, sparkplan.Legacy))
	inNull := must(sparkplan.NewScalarFunction("In", []sparkplan.Expr{col, str("b"), str(nil)}, types.BooleanType, true, sparkplan.Legacy))
	less := must(sparkplan.NewComparison(sparkplan.LessThan, col, str("b")))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	bld := array.NewStringBuilder(mem)
	bld.AppendValues([]string{"abc", "b", "", "ba", "A"}, nil)
	dict := bld.NewArray()
	defer dict.Release()
	for _, tc := range []struct {
		cond sparkplan.Expr
		want string
	}{
		{like, "[true false false false false]"},
		{must(sparkplan.NewNot(like)), "[false true true true true]"},
		{less, "[true false true false true]"},
		// IN with a NULL listed is NULL, not FALSE, for the values not listed: kept.
		{inNull, "[true true true true true]"},
		{must(sparkplan.NewNot(inNull)), "[true false true true true]"},
	} {
		m, ok := dictionaryTest(tc.cond, schema.ArrowSchema("UTC"))
		if !ok {
			t.Fatalf("%s: no dictionary test", tc.cond)
		}
		if m.Column != 1 {
			t.Fatalf("%s: column %d", tc.cond, m.Column)
		}
		keep, err := m.Test(dict, mem)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(keep); got != tc.want {
			t.Errorf("%s keeps %s, want %s", tc.cond, got, tc.want)
		}
	}
}
