package expr

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

var ctx = context.Background()

func batch(mem memory.Allocator, schema types.Schema, cols ...[]any) arrow.RecordBatch {
	arrs := make([]arrow.Array, len(cols))
	for i, c := range cols {
		arrs[i] = kerneltest.Build(mem, schema[i].Type, c)
	}
	rec := array.NewRecordBatch(schema.ArrowSchema("UTC"), arrs, int64(len(cols[0])))
	for _, a := range arrs {
		a.Release()
	}
	return rec
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func eval(t *testing.T, mem memory.Allocator, e Evaluator, rec arrow.RecordBatch, want []any) {
	t.Helper()
	got, err := e.Eval(ctx, mem, rec)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	defer got.Release()
	kerneltest.Check(t, got, want)
}

var schema = types.Schema{
	{Name: "l", Type: types.LongType, Nullable: true},
	{Name: "d", Type: types.DoubleType, Nullable: true},
	{Name: "m", Type: types.DecimalType(15, 2), Nullable: true},
	{Name: "s", Type: types.StringType, Nullable: true},
	{Name: "b", Type: types.BooleanType, Nullable: true},
}

func testBatch(mem memory.Allocator) arrow.RecordBatch {
	return batch(mem, schema,
		[]any{int64(1), int64(5), nil, int64(10)},
		[]any{1.5, nil, 0.0, -2.0},
		[]any{kerneltest.Dec(150), kerneltest.Dec(-1), nil, kerneltest.Dec(99999)},
		[]any{"a", "b", nil, "é"},
		[]any{true, false, nil, true},
	)
}

func TestColumnShares(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	c := must(NewColumn(0, types.LongType))
	got, err := c.Eval(ctx, mem, rec)
	if err != nil || got != rec.Column(0) {
		t.Fatalf("column reference should return the input array: %v %v", got, err)
	}
	got.Release()
	if _, err := must(NewColumn(1, types.LongType)).Eval(ctx, mem, rec); err == nil {
		t.Fatal("type mismatch not reported")
	}
	if _, err := must(NewColumn(9, types.LongType)).Eval(ctx, mem, rec); err == nil {
		t.Fatal("ordinal out of range not reported")
	}
}

func TestComparisonWithLiterals(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	l := must(NewColumn(0, types.LongType))
	five := must(NewLiteral(types.LongType, int64(5)))
	// l > 5 and 5 < l agree; NULL rows stay NULL.
	eval(t, mem, must(NewComparison(GreaterThan, l, five)), rec, []any{false, false, nil, true})
	eval(t, mem, must(NewComparison(LessThan, five, l)), rec, []any{false, false, nil, true})
	eval(t, mem, must(NewComparison(LessThanOrEqual, five, l)), rec, []any{false, true, nil, true})
	// l <=> 5 is never NULL.
	eval(t, mem, must(NewComparison(EqualNullSafe, l, five)), rec, []any{false, true, false, false})
	// Literal NULL: l = NULL is NULL; l <=> NULL is l IS NULL.
	null := must(NewLiteral(types.NullType, nil))
	eval(t, mem, must(NewComparison(Equal, l, null)), rec, []any{nil, nil, nil, nil})
	eval(t, mem, must(NewComparison(EqualNullSafe, null, l)), rec, []any{false, false, true, false})
	eval(t, mem, must(NewComparison(EqualNullSafe, null, null)), rec, []any{true, true, true, true})
	typedNull := must(NewLiteral(types.LongType, nil))
	eval(t, mem, must(NewComparison(GreaterThanOrEqual, l, typedNull)), rec, []any{nil, nil, nil, nil})
	// Two literals.
	eval(t, mem, must(NewComparison(Equal, five, five)), rec, []any{true, true, true, true})
	// Strings by unsigned bytes: "é" (0xC3 0xA9) > "b".
	s := must(NewColumn(3, types.StringType))
	eval(t, mem, must(NewComparison(GreaterThan, s, must(NewLiteral(types.StringType, "b")))), rec, []any{false, false, nil, true})
	// Column against column.
	eval(t, mem, must(NewComparison(Equal, l, l)), rec, []any{true, true, nil, true})
	if _, err := NewComparison(Equal, l, s); err == nil {
		t.Fatal("comparison of different types accepted")
	}
}

type failing struct{}

func (failing) DataType() types.DataType { return types.BooleanType }
func (failing) String() string           { return "failing" }
func (failing) Eval(context.Context, memory.Allocator, arrow.RecordBatch) (arrow.Array, error) {
	return nil, errors.New("evaluated")
}

func TestLogic(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	b := must(NewColumn(4, types.BooleanType))
	f := must(NewLiteral(types.BooleanType, false))
	tr := must(NewLiteral(types.BooleanType, true))
	nb := must(NewLiteral(types.BooleanType, nil))
	// false AND x = false, true AND NULL = NULL.
	eval(t, mem, must(NewAnd(b, nb)), rec, []any{nil, false, nil, nil})
	eval(t, mem, must(NewOr(b, nb)), rec, []any{true, nil, nil, true})
	eval(t, mem, must(NewNot(b)), rec, []any{false, true, nil, false})
	eval(t, mem, NewIsNull(b), rec, []any{false, false, true, false})
	eval(t, mem, NewIsNotNull(must(NewColumn(1, types.DoubleType))), rec, []any{true, false, true, true})
	// A left side that decides every row skips the right side.
	eval(t, mem, must(NewAnd(f, failing{})), rec, []any{false, false, false, false})
	eval(t, mem, must(NewOr(tr, failing{})), rec, []any{true, true, true, true})
	if _, err := must(NewAnd(tr, failing{})).Eval(ctx, mem, rec); err == nil {
		t.Fatal("right side not evaluated")
	}
	if _, err := NewAnd(b, must(NewColumn(0, types.LongType))); err == nil {
		t.Fatal("non-boolean AND operand accepted")
	}
}

func TestArithmetic(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	l := must(NewColumn(0, types.LongType))
	d := must(NewColumn(1, types.DoubleType))
	m := must(NewColumn(2, types.DecimalType(15, 2)))
	ten := must(NewLiteral(types.LongType, int64(10)))
	eval(t, mem, must(NewArithmetic(Subtract, ten, l, types.LongType, Legacy)), rec, []any{int64(9), int64(5), nil, int64(0)})
	eval(t, mem, must(NewArithmetic(Multiply, l, ten, types.LongType, Legacy)), rec, []any{int64(10), int64(50), nil, int64(100)})
	// 1/d: NULL for d = 0.0 (DivModLike).
	one := must(NewLiteral(types.DoubleType, 1.0))
	eval(t, mem, must(NewArithmetic(Divide, one, d, types.DoubleType, Legacy)), rec, []any{1 / 1.5, nil, nil, -0.5})
	// m * 0.5 (decimal(15,2) * decimal(1,1) = decimal(17,3)).
	half := must(NewLiteral(types.DecimalType(1, 1), kerneltest.Dec(5)))
	eval(t, mem, must(NewArithmetic(Multiply, m, half, types.DecimalType(17, 3), Legacy)), rec,
		[]any{kerneltest.Dec(750), kerneltest.Dec(-5), nil, kerneltest.Dec(499995)})
	// Two literals: 10 + 10.
	eval(t, mem, must(NewArithmetic(Add, ten, ten, types.LongType, Legacy)), rec, []any{int64(20), int64(20), int64(20), int64(20)})
	if _, err := NewArithmetic(Add, l, d, types.LongType, Legacy); err == nil {
		t.Fatal("mixed operand types accepted")
	}
	if _, err := NewArithmetic(Add, l, l, types.LongType, EvalMode(9)); err == nil {
		t.Fatal("unknown eval mode accepted")
	}
}

// In ANSI mode 1/d raises for d = 0.0; under AND (and OR) it is evaluated only
// for the rows the left side leaves open, as Spark's And.eval does.
func TestANSIRightSideOfAndOrIsLazy(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	d := must(NewColumn(1, types.DoubleType))
	zero := must(NewLiteral(types.DoubleType, 0.0))
	one := must(NewLiteral(types.DoubleType, 1.0))
	inverse := must(NewArithmetic(Divide, one, d, types.DoubleType, ANSI))
	if _, err := inverse.Eval(ctx, mem, rec); err == nil {
		t.Fatal("1/0.0 in ANSI mode did not raise")
	}
	positive := must(NewComparison(GreaterThan, inverse, zero))
	nonZero := must(NewNot(must(NewComparison(Equal, d, zero))))
	// d: 1.5, NULL, 0.0, -2.0
	eval(t, mem, must(NewAnd(nonZero, positive)), rec, []any{true, nil, false, false})
	isZero := must(NewComparison(Equal, d, zero))
	eval(t, mem, must(NewOr(isZero, positive)), rec, []any{true, nil, true, false})
	if _, err := must(NewAnd(isZero, positive)).Eval(ctx, mem, rec); err == nil {
		t.Fatal("AND evaluated 1/0.0 where the left side is true and did not raise")
	}
}

func TestCast(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	d := must(NewColumn(1, types.DoubleType))
	eval(t, mem, must(NewCast(d, types.IntType, Legacy, "UTC")), rec, []any{int32(1), nil, int32(0), int32(-2)})
	eval(t, mem, must(NewCast(d, types.DecimalType(5, 1), Legacy, "UTC")), rec, []any{kerneltest.Dec(15), nil, kerneltest.Dec(0), kerneltest.Dec(-20)})
	eval(t, mem, must(NewCast(must(NewLiteral(types.NullType, nil)), types.LongType, Legacy, "UTC")), rec, []any{nil, nil, nil, nil})
	if _, err := NewCast(must(NewColumn(3, types.BinaryType)), types.IntType, Legacy, "UTC"); err == nil {
		t.Fatal("binary to int cast accepted")
	}
}

func TestLiteralMaterializes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := testBatch(mem)
	defer rec.Release()
	for _, c := range []struct {
		t types.DataType
		v any
	}{
		{types.BooleanType, true}, {types.ByteType, int8(-1)}, {types.ShortType, int16(2)}, {types.IntType, int32(3)},
		{types.LongType, int64(4)}, {types.FloatType, float32(0.5)}, {types.DoubleType, 2.5},
		{types.DecimalType(38, 2), kerneltest.DecStr("-99999999999999999999999999999999999999")},
		{types.StringType, "x"}, {types.BinaryType, []byte{1}}, {types.DateType, int32(7)},
		{types.TimestampType, int64(8)}, {types.TimestampNTZType, int64(9)},
		{types.StringType, nil}, {types.DecimalType(5, 2), nil}, {types.BooleanType, nil}, {types.LongType, nil},
	} {
		lit := must(NewLiteral(c.t, c.v))
		eval(t, mem, lit, rec, kerneltest.Cycle([]any{c.v}, 4))
	}
	if _, err := NewLiteral(types.LongType, int32(1)); err == nil {
		t.Fatal("wrong Go type accepted")
	}
}
