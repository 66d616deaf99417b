package conditional

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Part is the values a branch computed for some rows of the result: row
// Rows[j] of the result is row j of Values. Rows is ascending; nil means every
// row 0..n-1.
type Part struct {
	Rows   []int32
	Values arrow.Array
}

func (p Part) row(j int) int {
	if p.Rows == nil {
		return j
	}
	return int(p.Rows[j])
}

// Merge builds an array of n rows and Arrow type dt from parts, applied in
// order; rows no part covers are NULL. A later part may cover only rows that
// are NULL after the earlier ones (CaseWhen's parts are disjoint; Coalesce's
// next argument fills the rows the previous ones left NULL). Every part's
// Values has type dt (or is of the Null type) and len(Rows) rows.
func Merge(mem memory.Allocator, dt arrow.DataType, n int, parts []Part) (arrow.Array, error) {
	for _, p := range parts {
		want := n
		if p.Rows != nil {
			want = len(p.Rows)
		}
		if p.Values.Len() != want {
			return nil, fmt.Errorf("conditional: a part has %d values for %d rows", p.Values.Len(), want)
		}
		if p.Values.DataType().ID() != dt.ID() && p.Values.DataType().ID() != arrow.NULL {
			return nil, fmt.Errorf("conditional: a part has type %s, want %s", p.Values.DataType(), dt)
		}
	}
	validity := kutil.NewBitmap(mem, n)
	vb := validity.Bytes()
	for _, p := range parts {
		if p.Values.DataType().ID() == arrow.NULL {
			continue // its rows stay NULL
		}
		bits, off := kutil.Validity(p.Values)
		switch {
		case p.Rows == nil && bits == nil:
			bitutil.SetBitsTo(vb, 0, int64(n), true)
		case p.Rows == nil:
			bitutil.CopyBitmap(bits, off, n, vb, 0)
		case bits == nil:
			for _, r := range p.Rows {
				vb[r>>3] |= 1 << (r & 7)
			}
		default:
			for j, r := range p.Rows {
				k := off + j
				vb[r>>3] |= (bits[k>>3] >> (k & 7) & 1) << (r & 7)
			}
		}
	}
	nulls := kutil.NullCount(vb, n)
	switch dt.ID() {
	case arrow.NULL:
		validity.Release()
		return kutil.MakeArray(dt, n, n, nil), nil
	case arrow.BOOL:
		values := kutil.NewBitmap(mem, n)
		out := values.Bytes()
		for _, p := range parts {
			if p.Values.DataType().ID() == arrow.NULL {
				continue
			}
			d := p.Values.Data()
			in, off := d.Buffers()[1].Bytes(), d.Offset()
			for j := 0; j < p.Values.Len(); j++ {
				bitutil.SetBitTo(out, p.row(j), bitutil.BitIsSet(in, off+j))
			}
		}
		return kutil.MakeArray(dt, n, nulls, validity, values), nil
	case arrow.INT8:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[int8](mem, n, parts)), nil
	case arrow.INT16:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[int16](mem, n, parts)), nil
	case arrow.INT32, arrow.DATE32:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[int32](mem, n, parts)), nil
	case arrow.INT64, arrow.TIMESTAMP:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[int64](mem, n, parts)), nil
	case arrow.FLOAT32:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[float32](mem, n, parts)), nil
	case arrow.FLOAT64:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[float64](mem, n, parts)), nil
	case arrow.DECIMAL128:
		return kutil.MakeArray(dt, n, nulls, validity, scatter[decimal128.Num](mem, n, parts)), nil
	case arrow.STRING, arrow.BINARY:
		offsets, data := scatterBytes(mem, n, parts)
		return kutil.MakeArray(dt, n, nulls, validity, offsets, data), nil
	}
	validity.Release()
	return nil, fmt.Errorf("conditional: type %s is not supported", dt)
}

func scatter[T arrow.FixedWidthType](mem memory.Allocator, n int, parts []Part) *memory.Buffer {
	buf, out := kutil.NewValues[T](mem, n)
	clear(out)
	for _, p := range parts {
		if p.Values.DataType().ID() == arrow.NULL {
			continue
		}
		in := kutil.Values[T](p.Values)
		if p.Rows == nil {
			copy(out, in)
			continue
		}
		in = in[:len(p.Rows)]
		for j, r := range p.Rows {
			out[r] = in[j]
		}
	}
	return buf
}

// scatterBytes lays out strings or binaries: first which part owns each row,
// then the lengths, then the bytes.
func scatterBytes(mem memory.Allocator, n int, parts []Part) (*memory.Buffer, *memory.Buffer) {
	owner := make([]int32, n) // part index + 1, 0 for none
	pos := make([]int32, n)
	for k, p := range parts {
		if p.Values.DataType().ID() == arrow.NULL {
			for j := 0; j < p.Values.Len(); j++ {
				owner[p.row(j)] = 0
			}
			continue
		}
		for j := 0; j < p.Values.Len(); j++ {
			r := p.row(j)
			owner[r], pos[r] = int32(k+1), int32(j)
		}
	}
	offs := make([][]int32, len(parts))
	datas := make([][]byte, len(parts))
	for k, p := range parts {
		if p.Values.DataType().ID() == arrow.NULL {
			continue
		}
		d := p.Values.Data()
		offs[k] = arrow.GetOffsets[int32](d, 1)
		if b := d.Buffers()[2]; b != nil {
			datas[k] = b.Bytes()
		}
	}
	obuf, outOffs := kutil.NewValues[int32](mem, n+1)
	total := int32(0)
	outOffs[0] = 0
	for r := 0; r < n; r++ {
		if k := owner[r]; k > 0 {
			o := offs[k-1]
			total += o[pos[r]+1] - o[pos[r]]
		}
		outOffs[r+1] = total
	}
	dbuf := kutil.NewBytes(mem, int(total))
	data := dbuf.Bytes()
	for r := 0; r < n; r++ {
		if k := owner[r]; k > 0 {
			o := offs[k-1]
			copy(data[outOffs[r]:outOffs[r+1]], datas[k-1][o[pos[r]]:o[pos[r]+1]])
		}
	}
	return obuf, dbuf
}
