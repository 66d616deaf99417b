package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/collectionOperations.scala,
// Concat (concat, ||) of strings (UTF8String.concat) or of binary values
// (ByteArray.concat): the bytes of the arguments one after the other; NULL if
// any argument is NULL.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// Concat concatenates, row by row, the values of args (all string or all
// binary, at least one).
func Concat(mem memory.Allocator, args []arrow.Array) (arrow.Array, error) {
	if len(args) == 0 {
		return nil, kernels.ErrUnsupported("Concat of no arguments")
	}
	n := args[0].Len()
	dt := args[0].DataType()
	offs := make([][]int32, len(args))
	vals := make([][]byte, len(args))
	total := 0
	for k, a := range args {
		if !arrow.TypeEqual(a.DataType(), dt) {
			return nil, kernels.ErrUnsupported("Concat of %s and %s", dt, a.DataType())
		}
		var err error
		if offs[k], vals[k], err = rawBytes("Concat", a); err != nil {
			return nil, err
		}
		total += int(offs[k][n] - offs[k][0])
	}
	validity, nulls := kutil.AndValidity(mem, n, args...)
	o := newOutStrings(mem, n, total)
	o.grow(total)
	for i := 0; i < n; i++ {
		if isValid(validity, i) {
			for k := range args {
				o.append(vals[k][offs[k][i]:offs[k][i+1]])
			}
		}
		o.end(i)
	}
	return o.finish("Concat", dt, n, nulls, validity)
}
