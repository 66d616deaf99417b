// Package order holds Spark's sort ordering over Arrow arrays: the
// permutation that sorts rows by a list of sort keys (Spark's SortOrder:
// ascending or descending, NULLS FIRST or LAST), used by the Sort and TopN
// operators.
//
// Spark: sql/catalyst/.../expressions/ordering.scala (InterpretedOrdering: keys
// in turn, NULL handling by nullOrdering whatever the direction),
// SortOrder.scala, catalyst/util/SQLOrderingUtil.scala (doubles and floats:
// NaN = NaN above every other value, -0.0 = 0.0),
// unsafe/types/UTF8String.java (compareTo: unsigned bytes, then length) and
// ByteArray.compareBinary, Decimal.compare, and execution/SortExec.scala with
// UnsafeExternalSorter, whose TimSort and LSD radix sort are both stable:
// rows with equal keys keep their input order, and so do they here.
//
// The leading key is turned into a normalized unsigned 64-bit key per row
// (order-preserving; exact for every fixed-width type of up to 64 bits, a
// prefix for strings, binaries and wide decimals) and sorted by a stable MSD
// radix sort (radix.go); runs of equal normalized keys are then ordered by the
// remaining keys. SortFirst also returns an integer first key's values in the
// sorted order, written from the sorted normalized keys.
//
// Bounds is the same ordering applied to a range partitioning: the number of
// sorted bounds below each row (RangePartitioner.getPartition), a binary
// search run for a whole batch with one typed comparison loop per key.
package order
