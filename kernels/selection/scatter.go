package selection

// Spark: core/.../shuffle/sort/ShuffleExternalSorter.java groups a map task's
// records by partition before writing them; ScatterChunks is that grouping
// for Arrow columns.

import (
	"fmt"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Groups says where each partition's rows go in a grouped column: partition p
// holds rows Starts[p] to Starts[p+1]-1, in input order. PIDs[b][i] is the
// partition of row i of chunk b.
type Groups struct {
	PIDs   [][]int32
	Starts []int // numPartitions+1
}

// NewGroups counts the rows of each of n partitions in pids.
func NewGroups(pids [][]int32, n int) Groups {
	starts := make([]int, n+1)
	for _, chunk := range pids {
		for _, p := range chunk {
			starts[p+1]++
		}
	}
	for p := 1; p <= n; p++ {
		starts[p] += starts[p-1]
	}
	return Groups{PIDs: pids, Starts: starts}
}

// Partition returns partition p of a column grouped by ScatterChunks, as a
// slice of it (the caller releases it).
func (g Groups) Partition(grouped arrow.Array, p int) arrow.Array {
	return array.NewSlice(grouped, int64(g.Starts[p]), int64(g.Starts[p+1]))
}

// ScatterChunks returns the rows of chunks (arrays of one type) grouped by
// partition as g says, in one new array. Each chunk is read once, in order,
// and each row written to its partition's next place: with hundreds of
// partitions the writes go to as many sequential streams, which is far
// cheaper than gathering each partition's rows from all the chunks in turn.
func ScatterChunks(mem memory.Allocator, chunks []arrow.Array, g Groups) (arrow.Array, error) {
	if len(chunks) == 0 || len(chunks) != len(g.PIDs) {
		return nil, fmt.Errorf("selection: %d arrays and %d partition lists", len(chunks), len(g.PIDs))
	}
	dt := chunks[0].DataType()
	for i, c := range chunks {
		if !arrow.TypeEqual(c.DataType(), dt) {
			return nil, fmt.Errorf("selection: arrays of types %s and %s", dt, c.DataType())
		}
		if c.Len() != len(g.PIDs[i]) {
			return nil, fmt.Errorf("selection: array %d has %d rows and %d partition ids", i, c.Len(), len(g.PIDs[i]))
		}
	}
	n := g.Starts[len(g.Starts)-1]
	cursor := make([]int, len(g.Starts)-1)
	var validity *memory.Buffer
	nulls := 0
	if slices.ContainsFunc(chunks, func(c arrow.Array) bool { return c.NullN() > 0 }) {
		copy(cursor, g.Starts)
		validity = kutil.NewBitmap(mem, n)
		out := validity.Bytes()
		for b, c := range chunks {
			scatterBits(out, c, 0, g.PIDs[b], cursor)
		}
		nulls = kutil.NullCount(out, n)
	}
	copy(cursor, g.Starts)
	switch dt.ID() {
	case arrow.NULL:
		if validity != nil {
			validity.Release()
		}
		return kutil.MakeArray(dt, n, n, nil), nil
	case arrow.BOOL:
		values := kutil.NewBitmap(mem, n)
		out := values.Bytes()
		for b, c := range chunks {
			scatterBits(out, c, 1, g.PIDs[b], cursor)
		}
		return kutil.MakeArray(dt, n, nulls, validity, values), nil
	case arrow.INT8:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[int8](mem, chunks, g, cursor)), nil
	case arrow.INT16:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[int16](mem, chunks, g, cursor)), nil
	case arrow.INT32, arrow.DATE32:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[int32](mem, chunks, g, cursor)), nil
	case arrow.INT64, arrow.TIMESTAMP, arrow.DATE64:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[int64](mem, chunks, g, cursor)), nil
	case arrow.FLOAT32:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[float32](mem, chunks, g, cursor)), nil
	case arrow.FLOAT64:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[float64](mem, chunks, g, cursor)), nil
	case arrow.DECIMAL128:
		return kutil.MakeArray(dt, n, nulls, validity, scatterValues[decimal128.Num](mem, chunks, g, cursor)), nil
	case arrow.STRING, arrow.BINARY:
		offsets, data, err := scatterBytes(mem, chunks, g, cursor)
		if err != nil {
			if validity != nil {
				validity.Release()
			}
			return nil, err
		}
		return kutil.MakeArray(dt, n, nulls, validity, offsets, data), nil
	}
	if validity != nil {
		validity.Release()
	}
	return nil, fmt.Errorf("selection: type %s is not supported", dt)
}

// scatterBits writes bit i of c's buffer buf (0: validity, 1: boolean values)
// to bit cursor[pids[i]] of out, advancing that cursor. out is zeroed, so
// only set bits are written.
func scatterBits(out []byte, c arrow.Array, buf int, pids []int32, cursor []int) {
	d := c.Data()
	off := d.Offset()
	var in []byte
	if buf == 0 {
		in, off = kutil.Validity(c)
		if in == nil { // no NULL: every bit is set
			for _, p := range pids {
				j := cursor[p]
				out[j>>3] |= 1 << (j & 7)
				cursor[p] = j + 1
			}
			return
		}
	} else if b := d.Buffers()[1]; b != nil {
		in = b.Bytes()
	}
	for i, p := range pids {
		j := cursor[p]
		k := off + i
		out[j>>3] |= (in[k>>3] >> (k & 7) & 1) << (j & 7)
		cursor[p] = j + 1
	}
}

func scatterValues[T arrow.FixedWidthType](mem memory.Allocator, chunks []arrow.Array, g Groups, cursor []int) *memory.Buffer {
	buf, out := kutil.NewValues[T](mem, g.Starts[len(g.Starts)-1])
	for b, c := range chunks {
		in := kutil.Values[T](c)
		pids := g.PIDs[b]
		in = in[:len(pids)]
		for i, p := range pids {
			j := cursor[p]
			out[j] = in[i]
			cursor[p] = j + 1
		}
	}
	return buf
}

// scatterBytes groups string or binary rows: partition p's bytes take the
// data buffer's range from the sum of the earlier partitions' lengths, so the
// offsets stay increasing across partitions and each slice is a valid array.
func scatterBytes(mem memory.Allocator, chunks []arrow.Array, g Groups, cursor []int) (*memory.Buffer, *memory.Buffer, error) {
	parts := len(g.Starts) - 1
	dataAt := make([]int32, parts+1)
	total := 0
	for b, c := range chunks {
		offs := arrow.GetOffsets[int32](c.Data(), 1)
		total += int(offs[len(offs)-1] - offs[0])
		for i, p := range g.PIDs[b] {
			dataAt[p+1] += offs[i+1] - offs[i]
		}
	}
	if total > math.MaxInt32 {
		return nil, nil, fmt.Errorf("selection: %d bytes of strings do not fit one array", total)
	}
	for p := 1; p <= parts; p++ {
		dataAt[p] += dataAt[p-1]
	}
	n := g.Starts[parts]
	obuf, outOffs := kutil.NewValues[int32](mem, n+1)
	dbuf := kutil.NewBytes(mem, int(dataAt[parts]))
	out := dbuf.Bytes()
	outOffs[0] = 0
	for b, c := range chunks {
		d := c.Data()
		offs := arrow.GetOffsets[int32](d, 1)
		var data []byte
		if buf := d.Buffers()[2]; buf != nil {
			data = buf.Bytes()
		}
		for i, p := range g.PIDs[b] {
			j := cursor[p]
			at := dataAt[p]
			at += int32(copy(out[at:], data[offs[i]:offs[i+1]]))
			dataAt[p] = at
			outOffs[j+1] = at
			cursor[p] = j + 1
		}
	}
	return obuf, dbuf, nil
}
