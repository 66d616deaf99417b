package expr

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// strictNonZero returns column 0 (int) and fails when it sees a 0: it stands
// for an expression that raises in ANSI mode (like 1 / x), so a test can
// check that a conditional hands it only the rows that take its branch.
type strictNonZero struct{ seen *int }

func (strictNonZero) DataType() types.DataType { return types.IntType }
func (strictNonZero) String() string           { return "strict(#0)" }
func (e strictNonZero) Eval(_ context.Context, _ memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	col := batch.Column(0).(*array.Int32)
	*e.seen += col.Len()
	for i := 0; i < col.Len(); i++ {
		if col.IsValid(i) && col.Value(i) == 0 {
			return nil, errors.New("strict(#0) evaluated for a row where it is 0")
		}
	}
	col.Retain()
	return col, nil
}

var intSchema = types.Schema{{Name: "a", Type: types.IntType, Nullable: true}, {Name: "s", Type: types.StringType, Nullable: true}}

func intRows(n int) ([]any, []any) {
	a, s := make([]any, n), make([]any, n)
	for i := range a {
		switch {
		case i%7 == 3:
			a[i] = nil
		default:
			a[i] = int32(i%5 - 2) // -2..2, 0 every 5th row
		}
		if i%4 != 1 {
			s[i] = fmt.Sprintf("s%d", i%6)
		}
	}
	return a, s
}

func TestCaseWhenIsLazyAndExact(t *testing.T) {
	for _, n := range kerneltest.BatchSizes {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		a, s := intRows(n)
		rec := batch(mem, intSchema, a, s)
		col := must(NewColumn(0, types.IntType))
		str := must(NewColumn(1, types.StringType))
		zero := must(NewLiteral(types.IntType, int32(0)))
		seen := 0
		// CASE WHEN a = 0 THEN -1 WHEN a > 0 THEN strict(a) ELSE NULL END:
		// strict must see only the rows with a > 0.
		isZero := must(NewComparison(Equal, col, zero))
		pos := must(NewComparison(GreaterThan, col, zero))
		cw := must(NewCaseWhen("CaseWhen", []Evaluator{isZero, pos},
			[]Evaluator{must(NewLiteral(types.IntType, int32(-1))), strictNonZero{&seen}},
			NewNullLiteral(types.IntType), types.IntType))
		want := make([]any, n)
		positives := 0
		for i, v := range a {
			switch {
			case v == nil:
				want[i] = nil // NULL conditions fall through to the ELSE NULL
			case v.(int32) == 0:
				want[i] = int32(-1)
			case v.(int32) > 0:
				want[i] = v
				positives++
			}
		}
		eval(t, mem, cw, rec, want)
		if seen != positives {
			t.Errorf("batch %d: the THEN branch saw %d rows, want only the %d that take it", n, seen, positives)
		}
		// A string CASE with an ELSE column: CASE WHEN a IS NULL THEN 'none' ELSE s END.
		cs := must(NewCaseWhen("CaseWhen", []Evaluator{NewIsNull(col)},
			[]Evaluator{must(NewLiteral(types.StringType, "none"))}, str, types.StringType))
		for i := range want {
			if a[i] == nil {
				want[i] = "none"
			} else {
				want[i] = s[i]
			}
		}
		eval(t, mem, cs, rec, want)
		// Coalesce(strict-if-nonzero..., ) : Coalesce(NULLIF-like column, 9) where the
		// second argument is evaluated only for the rows the first left NULL.
		seen = 0
		co := must(NewCoalesce([]Evaluator{col, must(NewLiteral(types.IntType, int32(9)))}, types.IntType))
		for i := range want {
			if a[i] == nil {
				want[i] = int32(9)
			} else {
				want[i] = a[i]
			}
		}
		eval(t, mem, co, rec, want)
		// IN with a NULL in the list: true, else NULL; NULL value: NULL.
		in := must(NewIn("In", col, []Evaluator{must(NewLiteral(types.IntType, int32(1))), NewNullLiteral(types.IntType)}))
		for i := range want {
			switch {
			case a[i] == nil:
				want[i] = nil
			case a[i].(int32) == 1:
				want[i] = true
			default:
				want[i] = nil
			}
		}
		eval(t, mem, in, rec, want)
		rec.Release()
		mem.AssertSize(t, 0)
	}
}

func TestCoalesceSkipsEvaluatedRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	// Coalesce(a, strict(a)): strict sees only the rows where a is NULL (there a is
	// NULL, so strict passes NULL through); no row with a = 0 reaches it.
	a, s := intRows(50)
	rec := batch(mem, intSchema, a, s)
	defer rec.Release()
	seen := 0
	co := must(NewCoalesce([]Evaluator{must(NewColumn(0, types.IntType)), strictNonZero{&seen}}, types.IntType))
	eval(t, mem, co, rec, a)
	nulls := 0
	for _, v := range a {
		if v == nil {
			nulls++
		}
	}
	if seen != nulls {
		t.Errorf("the second argument saw %d rows, want the %d NULL ones", seen, nulls)
	}
}

func benchRecord(mem memory.Allocator, n int, nulls bool) arrow.RecordBatch {
	a, s := make([]any, n), make([]any, n)
	for i := range a {
		if !nulls || i%10 != 0 {
			a[i] = int32(i%100 - 50)
		}
		s[i] = "x"
	}
	return batch(mem, intSchema, a, s)
}

func BenchmarkCaseWhen(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("nulls=%v", nulls), func(b *testing.B) {
			mem := memory.NewGoAllocator()
			rec := benchRecord(mem, 8192, nulls)
			defer rec.Release()
			col := must(NewColumn(0, types.IntType))
			zero := must(NewLiteral(types.IntType, int32(0)))
			// CASE WHEN a > 0 THEN a WHEN a < -25 THEN 0 ELSE -a END (three branches, every row evaluated once).
			neg := must(NewArithmetic(Subtract, zero, col, types.IntType, Legacy))
			cw := must(NewCaseWhen("CaseWhen",
				[]Evaluator{must(NewComparison(GreaterThan, col, zero)), must(NewComparison(LessThan, col, must(NewLiteral(types.IntType, int32(-25)))))},
				[]Evaluator{col, zero}, neg, types.IntType))
			b.SetBytes(8192 * 4)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out, err := cw.Eval(ctx, mem, rec)
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
		})
	}
}

func BenchmarkCoalesce(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("nulls=%v", nulls), func(b *testing.B) {
			mem := memory.NewGoAllocator()
			rec := benchRecord(mem, 8192, nulls)
			defer rec.Release()
			co := must(NewCoalesce([]Evaluator{must(NewColumn(0, types.IntType)), must(NewLiteral(types.IntType, int32(7)))}, types.IntType))
			b.SetBytes(8192 * 4)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out, err := co.Eval(ctx, mem, rec)
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
		})
	}
}
