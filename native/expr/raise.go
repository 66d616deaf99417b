package expr

// mayRaise reports whether evaluating e can fail with one of Spark's errors
// (an ANSI-mode arithmetic or cast, or a function built to raise). Where Spark
// evaluates an expression only for some rows (the right side of AND and OR,
// the branches of CASE WHEN, the later arguments of COALESCE), such an
// expression must see only those rows, or it would raise where Spark does not.
func mayRaise(e Evaluator) bool {
	switch x := e.(type) {
	case *Arithmetic:
		if x.mode == ANSI {
			return true
		}
	case *Cast:
		if x.mode == ANSI {
			return true
		}
	case *Function:
		if x.raises {
			return true
		}
	}
	children, known := childrenOf(e)
	if !known {
		return true // an evaluator this package does not know: assume it can
	}
	for _, c := range children {
		if mayRaise(c) {
			return true
		}
	}
	return false
}
