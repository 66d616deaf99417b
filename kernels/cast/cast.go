package cast

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Supported reports whether Cast runs the cast from `from` to `to` in mode.
func Supported(from, to types.DataType, mode kernels.EvalMode) bool {
	if mode < kernels.Legacy || mode > kernels.Try {
		return false
	}
	switch {
	case from.IsNumeric() && to.IsNumeric():
		return true
	case from.ID == types.Boolean && to.IsNumeric(), from.IsNumeric() && to.ID == types.Boolean:
		return true
	case (from.IsNumeric() || from.ID == types.Boolean) && to.ID == types.String:
		return true
	case from.ID == types.String && (to.IsNumeric() || to.ID == types.Boolean):
		return true
	}
	return datetimeSupported(from, to) || toTimestampSupported(from, to, mode)
}

func datetimeSupported(from, to types.DataType) bool {
	dt := func(t types.DataType) bool {
		return t.ID == types.Date || t.ID == types.Timestamp || t.ID == types.TimestampNTZ
	}
	switch {
	case dt(from) && to.ID == types.String:
		return true
	case (from.ID == types.Timestamp || from.ID == types.TimestampNTZ) && to.ID == types.Date:
		return true
	case from.ID == types.Date && (to.ID == types.Timestamp || to.ID == types.TimestampNTZ):
		return true
	case from.ID == types.Timestamp && to.ID == types.TimestampNTZ, from.ID == types.TimestampNTZ && to.ID == types.Timestamp:
		return true
	case from.ID == types.Timestamp && (to.IsIntegral() || to.IsFloating() || to.ID == types.Boolean):
		return true
	case from.IsIntegral() && to.ID == types.Timestamp:
		return true
	case from.ID == types.String && (to.ID == types.Date || to.ID == types.Timestamp || to.ID == types.TimestampNTZ):
		return true
	}
	return false
}

// Cast casts arr, of Spark type from, to Spark type to in mode (Cast.scala),
// in UTC for the casts that depend on the session time zone.
// A cast to the same type returns arr itself with one more reference.
func Cast(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	return CastIn(mem, from, to, arr, mode, time.UTC)
}

// CastIn is Cast with the session time zone loc (see NeedsTimeZone, LoadZone).
func CastIn(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode, loc *time.Location) (arrow.Array, error) {
	if !Supported(from, to, mode) {
		return nil, kernels.ErrUnsupported("cast from %s to %s in %s mode", from, to, mode)
	}
	if from == to {
		arr.Retain()
		return arr, nil
	}
	switch {
	case toTimestampSupported(from, to, mode):
		return ToTimestamp(mem, from, to, arr, mode)
	case from.ID == types.String && to.ID == types.Date:
		return StringToDate(mem, arr, mode)
	case from.ID == types.String && (to.ID == types.Timestamp || to.ID == types.TimestampNTZ):
		return StringToTimestamp(mem, arr, mode, loc, to.ID == types.TimestampNTZ)
	case datetimeSupported(from, to):
		return Datetime(mem, from, to, arr, mode, loc)
	case from.ID == types.String:
		return FromString(mem, to, arr, mode)
	case to.ID == types.String:
		return ToString(mem, from, arr, mode)
	case from.ID == types.Boolean:
		return BooleanToNumeric(mem, to, arr, mode)
	case to.ID == types.Boolean:
		return NumericToBoolean(mem, from, arr)
	}
	return Numeric(mem, from, to, arr, mode)
}

// rowFailures collects the rows a cast cannot convert: in ANSI mode the first
// one (not NULL) becomes the error Spark raises, in TRY mode (and for casts
// that give NULL in every mode) such rows become NULL.
type rowFailures struct {
	mem   memory.Allocator
	in    arrow.Array
	mode  kernels.EvalMode
	valid *memory.Buffer // output validity, made on the first NULLed row
	err   error
}

// fail records row i; errf builds the ANSI error. It returns false when the
// kernel must stop (the error is then in f.err).
func (f *rowFailures) fail(i int, errf func() error) bool {
	if f.in.IsNull(i) {
		return true
	}
	if f.mode == kernels.ANSI {
		f.err = errf()
		return false
	}
	f.null(i)
	return true
}

// null makes row i NULL.
func (f *rowFailures) null(i int) {
	if f.valid == nil {
		f.valid = validityOrOnes(f.mem, f.in)
	}
	clearBit(f.valid.Bytes(), i)
}

// finish builds the result array over values buf, or releases buf and returns
// the recorded error.
func (f *rowFailures) finish(dt arrow.DataType, buf *memory.Buffer) (arrow.Array, error) {
	n := f.in.Len()
	if f.err != nil {
		buf.Release()
		if f.valid != nil {
			f.valid.Release()
		}
		return nil, f.err
	}
	if f.valid != nil {
		return kutil.MakeArray(dt, n, kutil.NullCount(f.valid.Bytes(), n), f.valid, buf), nil
	}
	validity, nulls := kutil.CopyValidity(f.mem, f.in)
	return kutil.MakeArray(dt, n, nulls, validity, buf), nil
}
