package translate

import (
	"fmt"
	"testing"

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
		{"NULL literal", eq(col(0), str(nil)), "[]"},
		{"IN with NULL", in("In", col(0), str("a"), str(nil)), "[]"},
		{"IN with a column", in("In", col(0), str("a"), col(3)), "[]"},
		{"two columns", eq(col(0), col(3)), "[]"},
		{"OR", must(sparkplan.NewOr(eq(col(0), str("a")), eq(col(3), str("b")))), "[]"},
		{"NOT", must(sparkplan.NewNot(eq(col(0), str("a")))), "[]"},
		{"not equal to", must(sparkplan.NewComparison(sparkplan.LessThan, col(0), str("a"))), "[]"},
		{"null-safe equal", must(sparkplan.NewComparison(sparkplan.EqualNullSafe, col(0), str("a"))), "[]"},
		{"IS NULL of an expression", and(sparkplan.NewIsNull(cast), eq(col(3), str("b"))), "[]"},
	}
	for _, tc := range cases {
		var got []string
		for _, m := range scanRowFilter(tc.cond) {
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
