package translate

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/parquetscan"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// buildParquetScan: FileSourceScanExec over ParquetFileFormat.
func buildParquetScan(n sparkplan.Node, _ []native.Operator, env *Env) (native.Operator, error) {
	s := n.(*sparkplan.ParquetScan)
	datetimeMode, err := parquetscan.ParseRebaseMode(s.DatetimeRebaseMode)
	if err != nil {
		return nil, err
	}
	int96Mode, err := parquetscan.ParseRebaseMode(s.INT96RebaseMode)
	if err != nil {
		return nil, err
	}
	splits := make([]parquetscan.Split, len(s.Files))
	for i, f := range s.Files {
		splits[i] = parquetscan.Split{Path: f.Path, Start: f.Start, Length: f.Length, FileSize: f.FileSize}
	}
	var pruning parquetscan.Predicate
	if len(s.DataFilters) > 0 {
		conj := make([]parquetscan.Predicate, len(s.DataFilters))
		for i, f := range s.DataFilters {
			conj[i] = pruningPredicate(f)
		}
		pruning = parquetscan.And{Children: conj}
	}
	return parquetscan.New(parquetscan.Options{
		Required:                 s.RequiredSchema,
		CaseSensitive:            s.CaseSensitive,
		Splits:                   splits,
		Pruning:                  pruning,
		BatchSize:                env.BatchSize,
		SessionTimeZone:          env.SessionTimeZone,
		PlanID:                   n.PlanID(),
		DatetimeRebaseMode:       datetimeMode,
		INT96RebaseMode:          int96Mode,
		INT96TimestampConversion: s.INT96TimestampConversion,
		IgnoreMissingFiles:       s.IgnoreMissingFiles,
		IgnoreCorruptFiles:       s.IgnoreCorruptFiles,
	}, env.Mem)
}

var pruningOps = map[sparkplan.CompareOp]parquetscan.CompareOp{
	sparkplan.Equal:              parquetscan.OpEq,
	sparkplan.EqualNullSafe:      parquetscan.OpNullSafeEq,
	sparkplan.LessThan:           parquetscan.OpLt,
	sparkplan.LessThanOrEqual:    parquetscan.OpLe,
	sparkplan.GreaterThan:        parquetscan.OpGt,
	sparkplan.GreaterThanOrEqual: parquetscan.OpGe,
}

// flipped gives the operator with its operands swapped: lit < col is col > lit.
var flipped = map[sparkplan.CompareOp]sparkplan.CompareOp{
	sparkplan.Equal:              sparkplan.Equal,
	sparkplan.EqualNullSafe:      sparkplan.EqualNullSafe,
	sparkplan.LessThan:           sparkplan.GreaterThan,
	sparkplan.LessThanOrEqual:    sparkplan.GreaterThanOrEqual,
	sparkplan.GreaterThan:        sparkplan.LessThan,
	sparkplan.GreaterThanOrEqual: sparkplan.LessThanOrEqual,
}

// pruningPredicate maps one of Spark's pushed data filters to the scan's
// statistics predicate. What it cannot express becomes Unknown, which never
// prunes: pruning may only ever skip row groups that cannot match.
func pruningPredicate(e sparkplan.Expr) parquetscan.Predicate {
	switch x := e.(type) {
	case *sparkplan.And:
		return parquetscan.And{Children: []parquetscan.Predicate{pruningPredicate(x.Left), pruningPredicate(x.Right)}}
	case *sparkplan.Or:
		return parquetscan.Or{Children: []parquetscan.Predicate{pruningPredicate(x.Left), pruningPredicate(x.Right)}}
	case *sparkplan.Not:
		return parquetscan.Not{Child: pruningPredicate(x.Child)}
	case *sparkplan.IsNull:
		if c, ok := x.Child.(*sparkplan.ColumnRef); ok {
			return parquetscan.IsNull{Column: c.Ordinal}
		}
	case *sparkplan.IsNotNull:
		if c, ok := x.Child.(*sparkplan.ColumnRef); ok {
			return parquetscan.IsNotNull{Column: c.Ordinal}
		}
	case *sparkplan.Comparison:
		op := x.Op
		c, cok := x.Left.(*sparkplan.ColumnRef)
		l, lok := x.Right.(*sparkplan.Literal)
		if !cok || !lok {
			c, cok = x.Right.(*sparkplan.ColumnRef)
			l, lok = x.Left.(*sparkplan.Literal)
			op = flipped[op]
		}
		if cok && lok && l.DataType() == c.DataType() {
			return parquetscan.Compare{Column: c.Ordinal, Op: pruningOps[op], Value: l.Value}
		}
	}
	return parquetscan.Unknown{}
}

// scanRowFilterEnabled: buildFilter gives a Parquet scan right below it the
// scan's row filter (false only in benchmarks, to measure without it).
var scanRowFilterEnabled = true

// scanRowFilter lists the conjuncts of a filter's condition, right above a
// Parquet scan, that the scan may apply itself (parquetscan.ValueMatch):
// `col = 'literal'` and `col IN ('literal', ...)` on a string or binary column
// (valueMatch), and other tests of one such column that cannot fail
// (dictionaryTest).
//
// Spark evaluates the conjuncts in order and stops at the first that is not
// TRUE, so a row dropped early for conjunct k is one Spark would have dropped
// at k, having evaluated only the conjuncts before it. That is only the same
// outcome when those cannot fail or depend on the rows evaluated, so the walk
// stops at the first conjunct that is neither of these nor IS [NOT] NULL of a
// column. (FilterExec's generated code moves IS NOT NULL conjuncts to
// the front, which those checks allow.) A row whose value is NULL is kept by
// the scan, for Spark's own order of evaluation to decide.
func scanRowFilter(cond sparkplan.Expr, schema *arrow.Schema) []parquetscan.ValueMatch {
	var out []parquetscan.ValueMatch
	for _, c := range conjuncts(cond, nil) {
		switch x := c.(type) {
		case *sparkplan.IsNull:
			if _, ok := x.Child.(*sparkplan.ColumnRef); ok {
				continue
			}
		case *sparkplan.IsNotNull:
			if _, ok := x.Child.(*sparkplan.ColumnRef); ok {
				continue
			}
		}
		m, ok := valueMatch(c)
		if !ok {
			if m, ok = dictionaryTest(c, schema); !ok {
				break
			}
		}
		out = append(out, m)
	}
	return out
}

// dictionaryTestFunctions are the functions a dictionary test may use: none
// can fail on a string value (LIKE's pattern is a literal, checked when the
// plan is decoded).
var dictionaryTestFunctions = map[string]bool{
	"In": true, "InSet": true, "StartsWith": true, "EndsWith": true, "Contains": true, "Like": true,
}

// dictionaryTest makes a conjunct that reads one string or binary column, and
// is built only of that column, literals, comparisons, IN, AND, OR, NOT,
// IS [NOT] NULL and dictionaryTestFunctions, into a test the scan runs on
// each dictionary of the column (parquetscan.ValueMatch.Test) with the
// filter's own evaluator: the value's rows may be kept unless the conjunct is
// FALSE for it.
func dictionaryTest(e sparkplan.Expr, schema *arrow.Schema) (parquetscan.ValueMatch, bool) {
	column := -1
	if !testableOnValues(e, &column) || column < 0 {
		return parquetscan.ValueMatch{}, false
	}
	ev, err := buildExpr(e)
	if err != nil {
		return parquetscan.ValueMatch{}, false
	}
	// The batch the test evaluates: the dictionary at the column's place, the
	// other columns (never read) of the null type, which holds no buffer.
	fields := make([]arrow.Field, schema.NumFields())
	for i := range fields {
		fields[i] = arrow.Field{Name: schema.Field(i).Name, Type: arrow.Null, Nullable: true}
	}
	fields[column] = schema.Field(column)
	testSchema := arrow.NewSchema(fields, nil)
	test := func(dict arrow.Array, mem memory.Allocator) ([]bool, error) {
		n := dict.Len()
		cols := make([]arrow.Array, len(fields))
		defer native.ReleaseAll(cols)
		for i := range cols {
			if i == column {
				dict.Retain()
				cols[i] = dict
			} else {
				cols[i] = array.NewNull(n)
			}
		}
		batch := array.NewRecordBatch(testSchema, cols, int64(n))
		defer batch.Release()
		res, err := ev.Eval(context.Background(), mem, batch)
		if err != nil {
			return nil, err
		}
		defer res.Release()
		b, ok := res.(*array.Boolean)
		if !ok || b.Len() != n {
			return nil, fmt.Errorf("the test gave %s", res.DataType())
		}
		keep := make([]bool, n)
		for i := range keep {
			keep[i] = b.IsNull(i) || b.Value(i)
		}
		return keep, nil
	}
	return parquetscan.ValueMatch{Column: column, Test: test}, true
}

// testableOnValues: see dictionaryTest; column is the one column read (-1
// before any is seen).
func testableOnValues(e sparkplan.Expr, column *int) bool {
	switch x := e.(type) {
	case *sparkplan.ColumnRef:
		if id := x.DataType().ID; id != types.String && id != types.Binary {
			return false
		}
		if *column >= 0 && *column != x.Ordinal {
			return false
		}
		*column = x.Ordinal
		return true
	case *sparkplan.Literal:
		return true
	case *sparkplan.Comparison, *sparkplan.And, *sparkplan.Or, *sparkplan.Not, *sparkplan.IsNull, *sparkplan.IsNotNull:
	case *sparkplan.ScalarFunction:
		if !dictionaryTestFunctions[x.Name] {
			return false
		}
	default:
		return false
	}
	for _, c := range e.Children() {
		if !testableOnValues(c, column) {
			return false
		}
	}
	return true
}

// conjuncts flattens ANDs, in evaluation order.
func conjuncts(e sparkplan.Expr, out []sparkplan.Expr) []sparkplan.Expr {
	if a, ok := e.(*sparkplan.And); ok {
		return conjuncts(a.Right, conjuncts(a.Left, out))
	}
	return append(out, e)
}

// valueMatch recognizes `col = lit`, `lit = col` and `col IN (lits)` on a
// string or binary column, with no NULL literal (`x IN (..., NULL)` is NULL,
// not FALSE, for a value not listed).
func valueMatch(e sparkplan.Expr) (parquetscan.ValueMatch, bool) {
	var col sparkplan.Expr
	var list []sparkplan.Expr
	switch x := e.(type) {
	case *sparkplan.Comparison:
		if x.Op != sparkplan.Equal {
			return parquetscan.ValueMatch{}, false
		}
		col, list = x.Left, []sparkplan.Expr{x.Right}
		if _, ok := col.(*sparkplan.Literal); ok {
			col, list = x.Right, []sparkplan.Expr{x.Left}
		}
	case *sparkplan.ScalarFunction:
		if (x.Name != "In" && x.Name != "InSet") || len(x.Args) < 2 {
			return parquetscan.ValueMatch{}, false
		}
		col, list = x.Args[0], x.Args[1:]
	default:
		return parquetscan.ValueMatch{}, false
	}
	c, ok := col.(*sparkplan.ColumnRef)
	if !ok || (c.DataType().ID != types.String && c.DataType().ID != types.Binary) {
		return parquetscan.ValueMatch{}, false
	}
	m := parquetscan.ValueMatch{Column: c.Ordinal, Values: make([][]byte, len(list))}
	for i, v := range list {
		l, ok := v.(*sparkplan.Literal)
		if !ok || l.DataType() != c.DataType() {
			return parquetscan.ValueMatch{}, false
		}
		switch b := l.Value.(type) {
		case string:
			m.Values[i] = []byte(b)
		case []byte:
			m.Values[i] = b
		default: // NULL
			return parquetscan.ValueMatch{}, false
		}
	}
	return m, true
}
