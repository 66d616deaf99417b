// Package cast holds Spark's Cast kernels (Cast.scala) in LEGACY, ANSI and
// TRY modes, one family per file: numeric.go (integral and floating types),
// decimal.go (to and from decimal), boolean.go (boolean and numeric),
// tostring.go (numeric and boolean to string), fromstring.go (string to
// boolean and numbers); javafmt.go and sqlvalue.go print numbers as Java and
// Spark's error messages do.
package cast
