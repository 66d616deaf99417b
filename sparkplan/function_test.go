package sparkplan

import (
	"strings"
	"testing"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

func fn(name string, t *planv1.DataType, mode planv1.EvalMode, args ...*planv1.Expr) *planv1.Expr {
	return &planv1.Expr{DataType: t, Nullable: true, Kind: &planv1.Expr_ScalarFunction{ScalarFunction: &planv1.ScalarFunction{
		Name: name, Args: args, EvalMode: mode}}}
}

func intLit(v int32) *planv1.Expr {
	return &planv1.Expr{DataType: intT, Kind: &planv1.Expr_Literal{Literal: &planv1.Literal{Type: intT, Value: &planv1.Literal_IntValue{IntValue: v}}}}
}

func projectOf(exprs ...*planv1.Expr) *planv1.TaskPlan {
	names := make([]string, len(exprs))
	for i := range names {
		names[i] = "c"
	}
	return &planv1.TaskPlan{TaskId: "t", Root: &planv1.Operator{PlanId: 1,
		Kind:     &planv1.Operator_Project{Project: &planv1.Project{Exprs: exprs, Names: names}},
		Children: []*planv1.Operator{scanOp()}}}
}

const legacy = planv1.EvalMode_EVAL_MODE_LEGACY

func TestDecodeScalarFunctions(t *testing.T) {
	isNull := &planv1.Expr{DataType: boolT, Kind: &planv1.Expr_IsNull{IsNull: &planv1.IsNull{Child: col(0, intT)}}}
	longT := dt(planv1.TypeId_TYPE_ID_LONG)
	dateT := dt(planv1.TypeId_TYPE_ID_DATE)
	dateLit := &planv1.Expr{DataType: dateT, Kind: &planv1.Expr_Literal{Literal: &planv1.Literal{Type: dateT, Value: &planv1.Literal_IntValue{IntValue: 3}}}}
	good := []*planv1.Expr{
		fn("CaseWhen", intT, legacy, isNull, intLit(0), col(0, intT)),
		fn("If", intT, legacy, isNull, intLit(0), col(0, intT)),
		fn("Coalesce", intT, legacy, col(0, intT), intLit(1)),
		fn("Greatest", dec(12, 2), legacy, col(1, dec(12, 2)), col(1, dec(12, 2))),
		fn("In", boolT, legacy, col(0, intT), intLit(1), col(0, intT)),
		fn("InSet", boolT, legacy, col(0, intT), intLit(1), intLit(2)),
		fn("Abs", intT, legacy, col(0, intT)),
		// decimal(12,2) % 3.3: Spark's result type is decimal(3,2).
		fn("Remainder", dec(3, 2), legacy, col(1, dec(12, 2)),
			&planv1.Expr{DataType: dec(2, 1), Kind: &planv1.Expr_Literal{Literal: &planv1.Literal{Type: dec(2, 1), Value: &planv1.Literal_DecimalValue{DecimalValue: []byte{33}}}}}),
		fn("Murmur3Hash", intT, legacy, col(0, intT), col(1, dec(12, 2))),
		fn("XxHash64", longT, legacy, col(0, intT)),
	}
	task, err := DecodeTask(projectOf(good...))
	if err != nil {
		t.Fatal(err)
	}
	proj := task.Root.(*Project)
	if f := proj.Exprs[0].(*ScalarFunction); f.Name != "CaseWhen" || len(f.Args) != 3 || f.Mode != Legacy || f.DataType() != types.IntType {
		t.Errorf("CaseWhen decoded as %v", f)
	}
	bad := map[string]*planv1.Expr{
		`unknown function "Frobnicate"`:        fn("Frobnicate", intT, legacy, col(0, intT)),
		"odd count >= 3":                       fn("CaseWhen", intT, legacy, isNull, intLit(0)),
		"condition 1 must be boolean":          fn("CaseWhen", intT, legacy, intLit(1), intLit(0), intLit(2)),
		"want the result type":                 fn("Coalesce", longT, legacy, col(0, intT)),
		"needs at least 2":                     fn("Least", intT, legacy, col(0, intT)),
		"not a literal":                        fn("InSet", boolT, legacy, col(0, intT), col(0, intT)),
		"needs 1 argument":                     fn("UnaryMinus", intT, legacy, col(0, intT), col(0, intT)),
		"two bigint or two decimal":            fn("IntegralDivide", longT, legacy, col(0, intT), col(0, intT)),
		"argument 1 must be string":            fn("StartsWith", boolT, legacy, col(0, intT), col(0, intT)),
		"produces int":                         fn("Length", longT, legacy, col(0, intT)),
		"eval mode":                            fn("Abs", intT, planv1.EvalMode_EVAL_MODE_UNSPECIFIED, col(0, intT)),
		"scalar_function.args[0]":              fn("Abs", intT, legacy, col(7, intT)),
		"argument must be date":                fn("Year", intT, legacy, col(0, intT)),
		"days must be int":                     fn("DateAdd", dt(planv1.TypeId_TYPE_ID_DATE), legacy, dateLit, col(1, dec(12, 2))),
		"scale must be a non-NULL int literal": fn("Round", intT, legacy, col(0, intT), col(0, intT)),
		"produces decimal(13,2)":               fn("Round", dec(12, 2), legacy, col(1, dec(12, 2)), intLit(3)),
		"produces decimal(11,0)":               fn("Floor", dec(12, 0), legacy, col(1, dec(12, 2))),
		"on int is not supported":              fn("RoundCeil", intT, legacy, col(0, intT), intLit(1)),
		"needs at least 1 argument":            fn("Murmur3Hash", intT, legacy),
		"produces bigint, not int":             fn("XxHash64", intT, legacy, col(0, intT)),
	}
	for want, e := range bad {
		_, err := DecodeTask(projectOf(e))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "root.project.exprs[0]") {
			t.Errorf("want an error with %q and the node path, got %v", want, err)
		}
	}
}
