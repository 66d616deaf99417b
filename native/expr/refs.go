package expr

// columnsUsed reports the input columns e reads, or ok=false when e is of a
// kind this package does not know (then every column must be provided).
func columnsUsed(e Evaluator, into map[int]struct{}) (ok bool) {
	if c, isColumn := e.(*Column); isColumn {
		into[c.ordinal] = struct{}{}
		return true
	}
	children, known := childrenOf(e)
	if !known {
		return false
	}
	for _, c := range children {
		if !columnsUsed(c, into) {
			return false
		}
	}
	return true
}

// childrenOf returns the operands of e; known is false for an evaluator type
// this package does not know (callers then assume the worst).
func childrenOf(e Evaluator) (children []Evaluator, known bool) {
	switch x := e.(type) {
	case *Column, *Literal:
		return nil, true
	case *Arithmetic:
		return []Evaluator{x.left, x.right}, true
	case *Comparison:
		return []Evaluator{x.left, x.right}, true
	case *Cast:
		return []Evaluator{x.child}, true
	case *And:
		return []Evaluator{x.left, x.right}, true
	case *Or:
		return []Evaluator{x.left, x.right}, true
	case *Not:
		return []Evaluator{x.child}, true
	case *IsNull:
		return []Evaluator{x.child}, true
	case *IsNotNull:
		return []Evaluator{x.child}, true
	case *Function:
		return x.args, true
	case *CaseWhen:
		return append(append(append([]Evaluator{}, x.conds...), x.values...), x.els), true
	case *Coalesce:
		return x.args, true
	case *In:
		return append([]Evaluator{x.value}, x.items...), true
	}
	return nil, false
}
