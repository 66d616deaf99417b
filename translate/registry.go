package translate

import (
	"fmt"
	"sort"

	"github.com/ember-spark/ember/sparkplan"
)

// operatorBuilders is the table of supported operators, keyed by
// sparkplan.Node.Name().
var operatorBuilders = map[string]operatorBuilder{
	"ArrowInput":    buildArrowInput,
	"ParquetScan":   buildParquetScan,
	"Filter":        buildFilter,
	"Project":       buildProject,
	"Expand":        buildExpand,
	"Union":         buildUnion,
	"Sort":          buildSort,
	"Limit":         buildLimit,
	"TopN":          buildTopN,
	"HashAggregate": buildHashAggregate,
	"HashJoin":      buildHashJoin,
}

// exprBuilders is the table of supported expressions, keyed by exprKind.
var exprBuilders map[string]exprBuilder

func init() {
	// Set in init: the builders recurse through buildExpr, which reads this table.
	exprBuilders = map[string]exprBuilder{
		"ColumnRef":      buildColumnRef,
		"Literal":        buildLiteral,
		"Comparison":     buildComparison,
		"And":            buildAnd,
		"Or":             buildOr,
		"Not":            buildNot,
		"IsNull":         buildIsNull,
		"IsNotNull":      buildIsNotNull,
		"Arithmetic":     buildArithmetic,
		"Cast":           buildCast,
		"ScalarFunction": buildScalarFunction,
	}
}

// exprKind names an expression's kind: its sparkplan type name.
func exprKind(e sparkplan.Expr) string {
	name := fmt.Sprintf("%T", e)
	return name[len("*sparkplan."):]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SupportedOperators lists the operator kinds this build can run, sorted.
func SupportedOperators() []string { return sortedKeys(operatorBuilders) }

// SupportedExpressions lists the expression kinds this build can evaluate, sorted.
func SupportedExpressions() []string { return sortedKeys(exprBuilders) }
