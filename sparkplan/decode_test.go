package sparkplan

import (
	"math/big"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"google.golang.org/protobuf/proto"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

func dt(id planv1.TypeId) *planv1.DataType { return &planv1.DataType{Id: id} }

var (
	boolT = dt(planv1.TypeId_TYPE_ID_BOOLEAN)
	intT  = dt(planv1.TypeId_TYPE_ID_INT)
	dec   = func(p, s int32) *planv1.DataType {
		return &planv1.DataType{Id: planv1.TypeId_TYPE_ID_DECIMAL, Precision: p, Scale: s}
	}
)

func col(ord int32, t *planv1.DataType) *planv1.Expr {
	return &planv1.Expr{DataType: t, Nullable: true, Kind: &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: ord}}}
}

func scanOp() *planv1.Operator {
	return &planv1.Operator{PlanId: 3, Kind: &planv1.Operator_ParquetScan{ParquetScan: &planv1.ParquetScan{
		RequiredSchema: &planv1.Schema{Fields: []*planv1.Field{
			{Name: "i", Type: intT, Nullable: true},
			{Name: "d", Type: dec(12, 2), Nullable: true},
		}},
		Files: []*planv1.FileSplit{{Path: "file:/tmp/x.parquet", Start: 0, Length: 100, FileSize: 100}},
	}}}
}

func TestDecodeFilterProjectScan(t *testing.T) {
	cond := &planv1.Expr{DataType: boolT, Nullable: true, Kind: &planv1.Expr_Comparison{Comparison: &planv1.Comparison{
		Op: planv1.ComparisonOp_COMPARISON_OP_GREATER_THAN, Left: col(0, intT),
		Right: &planv1.Expr{DataType: intT, Kind: &planv1.Expr_Literal{Literal: &planv1.Literal{Type: intT, Value: &planv1.Literal_IntValue{IntValue: 5}}}},
	}}}
	sum := &planv1.Expr{DataType: dec(13, 2), Nullable: true, Kind: &planv1.Expr_Arithmetic{Arithmetic: &planv1.Arithmetic{
		Op: planv1.ArithmeticOp_ARITHMETIC_OP_ADD, Left: col(1, dec(12, 2)), Right: col(1, dec(12, 2)),
		EvalMode: planv1.EvalMode_EVAL_MODE_LEGACY,
	}}}
	plan := &planv1.TaskPlan{TaskId: "t", Root: &planv1.Operator{PlanId: 1,
		Kind: &planv1.Operator_Project{Project: &planv1.Project{Exprs: []*planv1.Expr{sum}, Names: []string{"dd"}}},
		Children: []*planv1.Operator{{PlanId: 2, Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{Condition: cond}},
			Children: []*planv1.Operator{scanOp()}}}}}
	task, err := DecodeTask(plan)
	if err != nil {
		t.Fatal(err)
	}
	if task.BatchSize != DefaultBatchSize {
		t.Errorf("batch size %d", task.BatchSize)
	}
	proj := task.Root.(*Project)
	if got := proj.Output(); len(got) != 1 || got[0].Type != types.DecimalType(13, 2) || got[0].Name != "dd" {
		t.Errorf("project output %v", got)
	}
	filter := proj.Child.(*Filter)
	if filter.Condition.String() != "(i#0 > 5)" {
		t.Errorf("condition %s", filter.Condition)
	}
	scan := filter.Child.(*ParquetScan)
	if scan.PlanID() != 3 || len(scan.Files) != 1 || scan.Files[0].Length != 100 {
		t.Errorf("scan %+v", scan)
	}
}

func TestDecodeErrorsNameThePath(t *testing.T) {
	badCond := &planv1.Expr{DataType: boolT, Kind: &planv1.Expr_And{And: &planv1.And{
		Left: col(0, intT), Right: col(0, intT)}}}
	wrongType := &planv1.Expr{DataType: boolT, Kind: &planv1.Expr_Not{Not: &planv1.Not{Child: col(1, intT)}}}
	cases := []struct {
		name string
		op   *planv1.Operator
		want string
	}{
		{"non-boolean AND", &planv1.Operator{Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{Condition: badCond}}, Children: []*planv1.Operator{scanOp()}},
			"root.filter.condition: AND operand must be boolean"},
		{"declared type differs from the child's", &planv1.Operator{Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{Condition: wrongType}}, Children: []*planv1.Operator{scanOp()}},
			"root.filter.condition.not.child: declared type int"},
		{"filter without child", &planv1.Operator{Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{Condition: badCond}}},
			"root: filter needs 1 children, has 0"},
		{"missing expression", &planv1.Operator{Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{}}, Children: []*planv1.Operator{scanOp()}},
			"root.filter.condition: expression is missing"},
		{"unreplaced scalar subquery", &planv1.Operator{Kind: &planv1.Operator_Filter{Filter: &planv1.Filter{Condition: &planv1.Expr{
			DataType: boolT, Nullable: true, Kind: &planv1.Expr_ScalarSubquery{ScalarSubquery: &planv1.ScalarSubquery{ExprId: 42}}}}},
			Children: []*planv1.Operator{scanOp()}}, "root.filter.condition: scalar subquery #42 was not replaced by its value"},
		{"bad decimal", &planv1.Operator{Kind: &planv1.Operator_ArrowInput{ArrowInput: &planv1.ArrowInput{Schema: &planv1.Schema{
			Fields: []*planv1.Field{{Name: "d", Type: dec(39, 2)}}}}}}, "invalid decimal(39,2)"},
	}
	for _, c := range cases {
		_, err := DecodeTask(&planv1.TaskPlan{Root: c.op})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

// A string that is not valid UTF-8 travels as binary_value and keeps its bytes.
func TestStringLiteralFromBytes(t *testing.T) {
	stringT := dt(planv1.TypeId_TYPE_ID_STRING)
	raw := []byte{'a', 0xff, 0xc3}
	lit, err := decodeLiteral(&planv1.Literal{Type: stringT, Value: &planv1.Literal_BinaryValue{BinaryValue: raw}})
	if err != nil {
		t.Fatal(err)
	}
	if lit.DataType() != types.StringType || lit.Value != string(raw) {
		t.Errorf("got %v %q", lit.DataType(), lit.Value)
	}
}

func TestDecimalLiteralTwosComplement(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "127", "128", "-128", "-129", "12345678901234567890123456789012345678", "-99999999999999999999999999999999999999"} {
		want, _ := new(big.Int).SetString(s, 10)
		got, err := decimalFromTwosComplement(javaToByteArray(want))
		if err != nil {
			t.Fatal(err)
		}
		if got != decimal128.FromBigInt(want) {
			t.Errorf("%s: got %s", s, got.BigInt())
		}
	}
}

// javaToByteArray mimics java.math.BigInteger#toByteArray: minimal big-endian two's complement.
func javaToByteArray(n *big.Int) []byte {
	bytes := n.BitLen()/8 + 1
	mod := new(big.Int).Lsh(big.NewInt(1), uint(8*bytes))
	v := new(big.Int).Set(n)
	if n.Sign() < 0 {
		v.Add(v, mod)
	}
	out := v.FillBytes(make([]byte, bytes))
	return out
}

// FuzzDecodeTask: any bytes give a plan or an error, never a panic.
func FuzzDecodeTask(f *testing.F) {
	seed, _ := proto.Marshal(&planv1.TaskPlan{Root: scanOp()})
	f.Add(seed)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var p planv1.TaskPlan
		if proto.Unmarshal(data, &p) != nil {
			return
		}
		_, _ = DecodeTask(&p)
	})
}

// Expand's projections must give every output field its type, and a nullable
// value only to a nullable field.
func TestNewExpandChecksProjections(t *testing.T) {
	in, err := NewArrowInput(1, types.Schema{{Name: "a", Type: types.IntType, Nullable: true}})
	if err != nil {
		t.Fatal(err)
	}
	col, err := NewColumnRef(in.Output(), 0, "a")
	if err != nil {
		t.Fatal(err)
	}
	out := types.Schema{{Name: "a", Type: types.IntType, Nullable: true}}
	if _, err := NewExpand(2, in, [][]Expr{{col}, {col}}, out); err != nil {
		t.Fatalf("valid expand: %v", err)
	}
	for name, c := range map[string]struct {
		projections [][]Expr
		out         types.Schema
	}{
		"no projections": {nil, out},
		"too few exprs":  {[][]Expr{{}}, out},
		"wrong type":     {[][]Expr{{col}}, types.Schema{{Name: "a", Type: types.LongType, Nullable: true}}},
		"nullable":       {[][]Expr{{col}}, types.Schema{{Name: "a", Type: types.IntType}}},
	} {
		if _, err := NewExpand(2, in, c.projections, c.out); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestDecodePartialAggregateSkip(t *testing.T) {
	plan := &planv1.TaskPlan{TaskId: "t", Root: scanOp()}
	task, err := DecodeTask(plan)
	if err != nil || task.PartialSkip != nil {
		t.Fatalf("unset: %+v, %v", task.PartialSkip, err)
	}
	plan.PartialAggregateSkip = &planv1.PartialAggregateSkip{MinRows: 1000, MaxGroupRatio: 0.75}
	if task, err = DecodeTask(plan); err != nil || *task.PartialSkip != (PartialAggregateSkip{MinRows: 1000, MaxGroupRatio: 0.75}) {
		t.Fatalf("set: %+v, %v", task.PartialSkip, err)
	}
	for _, bad := range []*planv1.PartialAggregateSkip{{MinRows: -1, MaxGroupRatio: 0.5}, {MinRows: 1, MaxGroupRatio: 1.5}} {
		plan.PartialAggregateSkip = bad
		if _, err := DecodeTask(plan); err == nil || !strings.Contains(err.Error(), "partial_aggregate_skip") {
			t.Errorf("%v: error %v", bad, err)
		}
	}
}
