// Package sort holds Ember's blocking order operators: Sort (SortExec) and
// TopN (the per-partition half of TakeOrderedAndProjectExec). Both buffer
// their input as a list of Arrow record batches with the sort keys evaluated
// per batch, order them with kernels/order (a permutation of the buffered
// rows) and gather the output in batches of the task's batch size with
// kernels/selection.TakeChunks. That shape (batches plus a permutation) is
// what a later memory budget can spill as sorted runs.
package sort
