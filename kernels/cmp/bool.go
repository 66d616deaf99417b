package cmp

// Spark: CodeGenerator.genComp for BooleanType, `(a == b ? 0 : (a ? 1 : -1))`:
// false < true. Computed a byte (eight rows) at a time on the value bitmaps.

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/kernels/kutil"
)

func boolBits(a arrow.Array, scratch *[]byte) []byte {
	d := a.Data()
	return kutil.AlignedBits(d.Buffers()[1].Bytes(), d.Offset(), d.Len(), scratch)
}

func boolAA(op Op, left, right arrow.Array, out []byte) {
	var ls, rs []byte
	a := boolBits(left, &ls)
	b := boolBits(right, &rs)
	switch op {
	case Eq:
		for i := range out {
			out[i] = ^(a[i] ^ b[i])
		}
	case Lt:
		for i := range out {
			out[i] = ^a[i] & b[i]
		}
	case Le:
		for i := range out {
			out[i] = ^a[i] | b[i]
		}
	case Gt:
		for i := range out {
			out[i] = a[i] &^ b[i]
		}
	case Ge:
		for i := range out {
			out[i] = a[i] | ^b[i]
		}
	}
}

func boolAS(op Op, left arrow.Array, s bool, out []byte) {
	var ls []byte
	a := boolBits(left, &ls)
	var sv byte
	if s {
		sv = 0xff
	}
	switch op {
	case Eq:
		for i := range out {
			out[i] = ^(a[i] ^ sv)
		}
	case Lt:
		for i := range out {
			out[i] = ^a[i] & sv
		}
	case Le:
		for i := range out {
			out[i] = ^a[i] | sv
		}
	case Gt:
		for i := range out {
			out[i] = a[i] &^ sv
		}
	case Ge:
		for i := range out {
			out[i] = a[i] | ^sv
		}
	}
}
