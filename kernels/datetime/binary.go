package datetime

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

type smallInt interface{ ~int8 | ~int16 | ~int32 }

// mapDays2 applies loop to the days of l and the values of r (one call per
// batch, so the per-row operation inlines; NULL rows included, loop must
// accept any value), NULL where either is NULL (the functions are
// NullIntolerant); the result has Arrow type dt.
func mapDays2[T smallInt](mem memory.Allocator, dt arrow.DataType, l, r arrow.Array, loop func(a []int32, b []T, out []int32)) arrow.Array {
	n := l.Len()
	a, b := kutil.Values[int32](l)[:n], kutil.Values[T](r)[:n]
	buf, out := kutil.NewValues[int32](mem, n)
	loop(a, b, out)
	validity, nulls := kutil.AndValidity(mem, n, l, r)
	return kutil.MakeArray(dt, n, nulls, validity, buf)
}

// daysArg runs the loop instantiated for the physical type of the days
// argument (Spark's TypeCollection(IntegerType, ShortType, ByteType)).
func daysArg(name string, mem memory.Allocator, daysType types.DataType, l, r arrow.Array,
	i32 func(a, b, out []int32), i16 func(a []int32, b []int16, out []int32), i8 func(a []int32, b []int8, out []int32)) (arrow.Array, error) {
	switch daysType.ID {
	case types.Int:
		return mapDays2(mem, dateResult, l, r, i32), nil
	case types.Short:
		return mapDays2(mem, dateResult, l, r, i16), nil
	case types.Byte:
		return mapDays2(mem, dateResult, l, r, i8), nil
	}
	return nil, kernels.ErrUnsupported("%s with days of type %s", name, daysType)
}
