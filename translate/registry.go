package translate

import "sort"

// operatorBuilders is the table of supported operators, keyed by
// sparkplan.Node.Name().
var operatorBuilders = map[string]operatorBuilder{
	"ArrowInput": buildArrowInput,
}

// SupportedOperators lists the operator kinds this build can run, sorted.
func SupportedOperators() []string {
	out := make([]string, 0, len(operatorBuilders))
	for k := range operatorBuilders {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
