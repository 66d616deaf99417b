// Package constant materializes a scalar as an array: the value of a literal
// column, repeated for every row of a batch.
package constant
