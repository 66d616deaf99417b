package native_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The children's rows come out one child after the other, under the union's schema.
func TestUnion(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	strict := types.Schema{{Name: "a", Type: types.IntType}, {Name: "s", Type: types.StringType}}
	loose := types.Schema{{Name: "x", Type: types.IntType, Nullable: true}, {Name: "y", Type: types.StringType, Nullable: true}}
	first := nativetest.NewSource(strict.ArrowSchema("UTC"), nativetest.Batches(mem, strict, [][]any{{int32(1), int32(2)}, {"p", "q"}}, 1))
	second := nativetest.NewSource(loose.ArrowSchema("UTC"), nativetest.Batches(mem, loose, [][]any{{nil, int32(3)}, {"r", nil}}, 10))
	empty := nativetest.NewSource(strict.ArrowSchema("UTC"), nil)
	u := native.NewUnion([]native.Operator{first, empty, second}, loose.ArrowSchema("UTC"), 4)
	got, batches := nativetest.Drain(t, u)
	nativetest.CheckColumns(t, got, [][]any{{int32(1), int32(2), nil, int32(3)}, {"p", "q", "r", nil}})
	if batches != 3 || u.Metrics().OutputRows != 4 {
		t.Fatalf("%d batches, metrics %+v", batches, u.Metrics())
	}
}
