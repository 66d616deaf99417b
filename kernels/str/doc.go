// Package str holds the kernels of Spark's string expressions, one file per
// Spark class (stringExpressions.scala). Spark's StringType is UTF8String:
// bytes that are usually, but not necessarily, valid UTF-8; the kernels work
// on the bytes as Spark does and count characters with UTF8String's rules.
package str
