// Package kernels is the root of Ember's Spark-exact vectorized functions.
//
// Each sub-package holds one category (cmp, logic, arith, cast, selection,
// conditional, math, and decimal for the shared 128/256-bit decimal
// arithmetic); each file holds one
// function family and names the Spark source whose semantics it follows.
//
// Kernels import only arrow-go and sparkplan/types. They take every output
// buffer from the memory.Allocator passed in, never keep a reference to their
// inputs, and return arrays with offset 0. Hot loops are specialised per
// physical type with generics, test for nulls outside the loop, and make no
// interface call or allocation per row.
//
// This package holds what the categories share: the evaluation mode and
// Spark's error classes.
package kernels
