// Package native holds Ember's vectorized operators. Each operator pulls Arrow
// record batches from its children and follows the Operator contract.
//
// Simple operators live in one file each (filter.go, project.go); big ones get a
// folder (parquetscan/). Expression evaluators live in native/expr. Operators
// import kernels and sparkplan/types, never sparkplan itself: translate builds
// operators from the plan model.
package native
