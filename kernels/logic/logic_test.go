package logic

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

var tri = []any{true, false, nil}

// Spark's three-valued logic (predicates.scala And / Or): the full truth
// tables.
func andWant(a, b any) any {
	if a == false || b == false {
		return false
	}
	if a == nil || b == nil {
		return nil
	}
	return true
}

func orWant(a, b any) any {
	if a == true || b == true {
		return true
	}
	if a == nil || b == nil {
		return nil
	}
	return false
}

func TestKleene(t *testing.T) {
	var as, bs []any
	for i := 0; i < 8192+9; i++ {
		as, bs = append(as, tri[i%3]), append(bs, tri[(i/3)%3])
	}
	for _, nulls := range []bool{true, false} {
		la, lb := as, bs
		if !nulls {
			cols := kerneltest.WithoutNulls(as, bs)
			la, lb = cols[0], cols[1]
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		left, right := kerneltest.Build(mem, types.BooleanType, la), kerneltest.Build(mem, types.BooleanType, lb)
		for _, k := range []struct {
			f    func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error)
			want func(a, b any) any
		}{{And, andWant}, {Or, orWant}} {
			kerneltest.SlicedShort(len(la), 100, func(start, end int) {
				l, r := kerneltest.Slice(left, start, end), kerneltest.Slice(right, start, end)
				defer l.Release()
				defer r.Release()
				got, err := k.f(mem, l, r)
				if err != nil {
					t.Fatal(err)
				}
				defer got.Release()
				want := make([]any, end-start)
				for i := range want {
					want[i] = k.want(la[start+i], lb[start+i])
				}
				kerneltest.Check(t, got, want)
			})
		}
		left.Release()
		right.Release()
		mem.AssertSize(t, 0)
	}
}

func TestUnary(t *testing.T) {
	// Not: NOT NULL is NULL. IsNull / IsNotNull are never NULL.
	vals := kerneltest.Cycle(tri, 8192+4)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	arr := kerneltest.Build(mem, types.BooleanType, vals)
	defer arr.Release()
	kerneltest.SlicedShort(len(vals), 50, func(start, end int) {
		a := kerneltest.Slice(arr, start, end)
		defer a.Release()
		not, _ := Not(mem, a)
		isn, _ := IsNull(mem, a)
		isnn, _ := IsNotNull(mem, a)
		var wn, wi, wii []any
		for _, v := range vals[start:end] {
			switch v {
			case nil:
				wn = append(wn, nil)
			default:
				wn = append(wn, !v.(bool))
			}
			wi, wii = append(wi, v == nil), append(wii, v != nil)
		}
		kerneltest.Check(t, not, wn)
		kerneltest.Check(t, isn, wi)
		kerneltest.Check(t, isnn, wii)
		not.Release()
		isn.Release()
		isnn.Release()
	})
	// A column without nulls, and one of the Null type.
	ints := kerneltest.Build(mem, types.IntType, []any{int32(1), int32(2)})
	defer ints.Release()
	isn, _ := IsNull(mem, ints)
	kerneltest.Check(t, isn, []any{false, false})
	isn.Release()
}
