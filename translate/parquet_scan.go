package translate

import (
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/parquetscan"
	"github.com/ember-spark/ember/sparkplan"
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
