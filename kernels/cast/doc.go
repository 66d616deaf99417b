// Package cast holds Spark's Cast kernels between the numeric types (byte,
// short, int, long, float, double, decimal) in LEGACY mode
// (spark.sql.ansi.enabled=false).
package cast
