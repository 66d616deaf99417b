package hash

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/hash.scala,
// HashExpression.eval: the hash starts at the seed and each argument in turn
// updates it (computeHash with the running hash as the seed; a NULL argument
// leaves it unchanged); the result is never NULL.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// Murmur3Rows is Spark's Murmur3Hash(args, seed) (hash() with seed 42) of
// every row: an int array of the arguments' length, without NULLs.
func Murmur3Rows(mem memory.Allocator, seed int32, args []arrow.Array) (arrow.Array, error) {
	if len(args) == 0 {
		return nil, kernels.ErrUnsupported("Murmur3Hash needs at least one argument")
	}
	n := args[0].Len()
	buf, h := kutil.NewValues[int32](mem, n)
	for i := range h {
		h[i] = seed
	}
	for _, a := range args {
		if err := Murmur3(h, a); err != nil {
			buf.Release()
			return nil, err
		}
	}
	return kutil.MakeArray(arrow.PrimitiveTypes.Int32, n, 0, nil, buf), nil
}

// XxHash64Rows is Spark's XxHash64(args, seed) (xxhash64() with seed 42) of
// every row: a bigint array of the arguments' length, without NULLs.
func XxHash64Rows(mem memory.Allocator, seed int64, args []arrow.Array) (arrow.Array, error) {
	if len(args) == 0 {
		return nil, kernels.ErrUnsupported("XxHash64 needs at least one argument")
	}
	n := args[0].Len()
	buf, h := kutil.NewValues[int64](mem, n)
	for i := range h {
		h[i] = seed
	}
	for _, a := range args {
		if err := XxHash64(h, a); err != nil {
			buf.Release()
			return nil, err
		}
	}
	return kutil.MakeArray(arrow.PrimitiveTypes.Int64, n, 0, nil, buf), nil
}
