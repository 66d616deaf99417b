package expr

// columnsUsed reports the input columns e reads, or ok=false when e is of a
// kind this package does not know (then every column must be provided).
func columnsUsed(e Evaluator, into map[int]struct{}) (ok bool) {
	var children []Evaluator
	switch x := e.(type) {
	case *Column:
		into[x.ordinal] = struct{}{}
		return true
	case *Literal:
		return true
	case *Arithmetic:
		children = []Evaluator{x.left, x.right}
	case *Comparison:
		children = []Evaluator{x.left, x.right}
	case *Cast:
		children = []Evaluator{x.child}
	case *And:
		children = []Evaluator{x.left, x.right}
	case *Or:
		children = []Evaluator{x.left, x.right}
	case *Not:
		children = []Evaluator{x.child}
	case *IsNull:
		children = []Evaluator{x.child}
	case *IsNotNull:
		children = []Evaluator{x.child}
	case *Function:
		children = x.args
	case *CaseWhen:
		children = append(append(append([]Evaluator{}, x.conds...), x.values...), x.els)
	case *Coalesce:
		children = x.args
	case *In:
		children = append([]Evaluator{x.value}, x.items...)
	default:
		return false
	}
	for _, c := range children {
		if !columnsUsed(c, into) {
			return false
		}
	}
	return true
}
