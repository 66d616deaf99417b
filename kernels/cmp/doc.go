// Package cmp holds Spark's binary comparison kernels (=, <=>, <, <=, >, >=)
// over every primitive type, array against array or array against a scalar.
//
// Results are boolean arrays. Comparisons are NULL when either side is NULL,
// except <=>, which is never NULL. Floating point follows Spark's SQL ordering
// (NaN = NaN, NaN above +Inf, -0.0 = 0.0); strings and binaries compare as
// unsigned bytes; false < true.
package cmp
