package conditional

import (
	"bytes"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/sparkplan/types"
)

// extremum is Greatest (greatest=true) or Least over args, all of Spark type
// t and of one length: per row, the first argument that is not NULL, replaced
// by each later non-NULL argument strictly greater (or smaller) under Spark's
// ordering; NULL only when every argument is NULL.
func extremum(mem memory.Allocator, t types.DataType, args []arrow.Array, greatest bool) (arrow.Array, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("conditional: no arguments")
	}
	n := args[0].Len()
	for _, a := range args {
		if a.Len() != n {
			return nil, fmt.Errorf("conditional: argument lengths differ: %d and %d", a.Len(), n)
		}
	}
	// best[i] is the index of the argument holding row i's current answer, -1 for none.
	best := make([]int32, n)
	for i := range best {
		best[i] = -1
	}
	var better func(k, b, i int) bool // is args[k][i] strictly better than args[b][i]?
	switch t.ID {
	case types.Boolean:
		better = func(k, b, i int) bool {
			x, y := args[k].(*array.Boolean).Value(i), args[b].(*array.Boolean).Value(i)
			if greatest {
				return x && !y
			}
			return !x && y
		}
	case types.Byte:
		better = ordered[int8](args, greatest)
	case types.Short:
		better = ordered[int16](args, greatest)
	case types.Int, types.Date:
		better = ordered[int32](args, greatest)
	case types.Long, types.Timestamp, types.TimestampNTZ:
		better = ordered[int64](args, greatest)
	case types.Float:
		better = floating[float32](args, greatest)
	case types.Double:
		better = floating[float64](args, greatest)
	case types.Decimal:
		vals := make([][]decimal128.Num, len(args))
		for k, a := range args {
			vals[k] = kutil.Values[decimal128.Num](a)
		}
		better = func(k, b, i int) bool {
			c := vals[k][i].Cmp(vals[b][i])
			return (greatest && c > 0) || (!greatest && c < 0)
		}
	case types.String, types.Binary:
		get := func(a arrow.Array, i int) []byte {
			if s, ok := a.(*array.String); ok {
				return []byte(s.Value(i))
			}
			return a.(*array.Binary).Value(i)
		}
		better = func(k, b, i int) bool {
			c := bytes.Compare(get(args[k], i), get(args[b], i))
			return (greatest && c > 0) || (!greatest && c < 0)
		}
	case types.Null:
		return kutil.MakeArray(arrow.Null, n, n, nil), nil
	default:
		return nil, fmt.Errorf("conditional: Greatest/Least on %s is not supported", t)
	}
	for k, a := range args {
		if a.DataType().ID() == arrow.NULL {
			continue
		}
		bits, off := kutil.Validity(a)
		for i := 0; i < n; i++ {
			if bits != nil && !bitutil.BitIsSet(bits, off+i) {
				continue
			}
			if best[i] < 0 || better(k, int(best[i]), i) {
				best[i] = int32(k)
			}
		}
	}
	// Gather row i from args[best[i]] through Merge.
	rows := make([][]int32, len(args))
	for i, b := range best {
		if b >= 0 {
			rows[b] = append(rows[b], int32(i))
		}
	}
	parts := make([]Part, 0, len(args))
	defer func() {
		for _, p := range parts {
			p.Values.Release()
		}
	}()
	for k, rs := range rows {
		if len(rs) == 0 {
			continue
		}
		v, err := selection.Take(mem, args[k], rs)
		if err != nil {
			return nil, err
		}
		parts = append(parts, Part{Rows: rs, Values: v})
	}
	return Merge(mem, t.ArrowType(""), n, parts)
}

func ordered[T int8 | int16 | int32 | int64](args []arrow.Array, greatest bool) func(k, b, i int) bool {
	vals := make([][]T, len(args))
	for k, a := range args {
		if a.DataType().ID() != arrow.NULL {
			vals[k] = kutil.Values[T](a)
		}
	}
	if greatest {
		return func(k, b, i int) bool { return vals[k][i] > vals[b][i] }
	}
	return func(k, b, i int) bool { return vals[k][i] < vals[b][i] }
}

// floating orders as SQLOrderingUtil.compareDoubles: NaN above everything,
// NaN = NaN, -0.0 = 0.0 (so the earlier of the two zeros is kept).
func floating[T float32 | float64](args []arrow.Array, greatest bool) func(k, b, i int) bool {
	vals := make([][]T, len(args))
	for k, a := range args {
		if a.DataType().ID() != arrow.NULL {
			vals[k] = kutil.Values[T](a)
		}
	}
	lt := func(x, y T) bool { return x == x && (y != y || x < y) }
	if greatest {
		return func(k, b, i int) bool { return lt(vals[b][i], vals[k][i]) }
	}
	return func(k, b, i int) bool { return lt(vals[k][i], vals[b][i]) }
}
