package cmp

// Spark: predicates.scala BinaryComparison over DecimalType, through
// Decimal.compare (types/Decimal.scala). Both operands have the same
// precision and scale (the analyzer casts them), so values compare as their
// signed 128-bit unscaled integers.

import "github.com/apache/arrow-go/v18/arrow/decimal128"

// cmpResult maps op and the sign of a comparison (-1, 0, 1 at index 0, 1, 2)
// to the comparison's answer.
var cmpResult = [...][3]uint8{
	Eq: {0, 1, 0},
	Lt: {1, 0, 0},
	Le: {1, 1, 0},
	Gt: {0, 0, 1},
	Ge: {0, 1, 1},
}

func cmp128(a, b decimal128.Num) int {
	ah, bh := a.HighBits(), b.HighBits()
	if ah != bh {
		if ah < bh {
			return 0
		}
		return 2
	}
	al, bl := a.LowBits(), b.LowBits()
	if al == bl {
		return 1
	}
	if al < bl {
		return 0
	}
	return 2
}

func decimalAA(op Op, a, b []decimal128.Num, out []byte) {
	tbl := cmpResult[op]
	n := len(a)
	b = b[:n]
	for i := 0; i < n; i++ {
		out[i>>3] |= tbl[cmp128(a[i], b[i])] << (i & 7)
	}
}

func decimalAS(op Op, a []decimal128.Num, s decimal128.Num, out []byte) {
	tbl := cmpResult[op]
	for i := range a {
		out[i>>3] |= tbl[cmp128(a[i], s)] << (i & 7)
	}
}
