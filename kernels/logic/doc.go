// Package logic holds Spark's boolean kernels: three-valued AND, OR, NOT and
// the IS NULL / IS NOT NULL tests.
package logic
