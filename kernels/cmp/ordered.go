package cmp

// Spark: predicates.scala BinaryComparison; for byte, short, int, long, date
// and timestamp the generated code is the Java primitive comparison `a < b`.

import "github.com/ember-spark/ember/kernels/kutil"

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64
}

func b2u(b bool) uint8 { return kutil.B2U8(b) }

// ordAA writes a[i] op b[i] into the bits of out; op is not NullSafeEq.
func ordAA[T integer](op Op, a, b []T, out []byte) {
	switch op {
	case Eq:
		eqAA(a, b, out)
	case Lt:
		ltAA(a, b, out)
	case Le:
		leAA(a, b, out)
	case Gt:
		ltAA(b, a, out)
	case Ge:
		leAA(b, a, out)
	}
}

func eqAA[T integer](a, b []T, out []byte) {
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		x, y := a[i:i+8:i+8], b[i:i+8:i+8]
		out[i>>3] = b2u(x[0] == y[0]) | b2u(x[1] == y[1])<<1 | b2u(x[2] == y[2])<<2 | b2u(x[3] == y[3])<<3 |
			b2u(x[4] == y[4])<<4 | b2u(x[5] == y[5])<<5 | b2u(x[6] == y[6])<<6 | b2u(x[7] == y[7])<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] == b[i]) << (i & 7)
	}
}

func ltAA[T integer](a, b []T, out []byte) {
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		x, y := a[i:i+8:i+8], b[i:i+8:i+8]
		out[i>>3] = b2u(x[0] < y[0]) | b2u(x[1] < y[1])<<1 | b2u(x[2] < y[2])<<2 | b2u(x[3] < y[3])<<3 |
			b2u(x[4] < y[4])<<4 | b2u(x[5] < y[5])<<5 | b2u(x[6] < y[6])<<6 | b2u(x[7] < y[7])<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] < b[i]) << (i & 7)
	}
}

func leAA[T integer](a, b []T, out []byte) {
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		x, y := a[i:i+8:i+8], b[i:i+8:i+8]
		out[i>>3] = b2u(x[0] <= y[0]) | b2u(x[1] <= y[1])<<1 | b2u(x[2] <= y[2])<<2 | b2u(x[3] <= y[3])<<3 |
			b2u(x[4] <= y[4])<<4 | b2u(x[5] <= y[5])<<5 | b2u(x[6] <= y[6])<<6 | b2u(x[7] <= y[7])<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] <= b[i]) << (i & 7)
	}
}

// ordAS writes a[i] op s into the bits of out; op is not NullSafeEq.
func ordAS[T integer](op Op, a []T, s T, out []byte) {
	switch op {
	case Eq:
		eqAS(a, s, out)
	case Lt:
		ltAS(a, s, out)
	case Le:
		leAS(a, s, out)
	case Gt:
		gtAS(a, s, out)
	case Ge:
		geAS(a, s, out)
	}
}

func eqAS[T integer](a []T, s T, out []byte) {
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		out[i>>3] = b2u(x[0] == s) | b2u(x[1] == s)<<1 | b2u(x[2] == s)<<2 | b2u(x[3] == s)<<3 |
			b2u(x[4] == s)<<4 | b2u(x[5] == s)<<5 | b2u(x[6] == s)<<6 | b2u(x[7] == s)<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] == s) << (i & 7)
	}
}

func ltAS[T integer](a []T, s T, out []byte) {
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		out[i>>3] = b2u(x[0] < s) | b2u(x[1] < s)<<1 | b2u(x[2] < s)<<2 | b2u(x[3] < s)<<3 |
			b2u(x[4] < s)<<4 | b2u(x[5] < s)<<5 | b2u(x[6] < s)<<6 | b2u(x[7] < s)<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] < s) << (i & 7)
	}
}

func leAS[T integer](a []T, s T, out []byte) {
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		out[i>>3] = b2u(x[0] <= s) | b2u(x[1] <= s)<<1 | b2u(x[2] <= s)<<2 | b2u(x[3] <= s)<<3 |
			b2u(x[4] <= s)<<4 | b2u(x[5] <= s)<<5 | b2u(x[6] <= s)<<6 | b2u(x[7] <= s)<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] <= s) << (i & 7)
	}
}

func gtAS[T integer](a []T, s T, out []byte) {
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		out[i>>3] = b2u(x[0] > s) | b2u(x[1] > s)<<1 | b2u(x[2] > s)<<2 | b2u(x[3] > s)<<3 |
			b2u(x[4] > s)<<4 | b2u(x[5] > s)<<5 | b2u(x[6] > s)<<6 | b2u(x[7] > s)<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] > s) << (i & 7)
	}
}

func geAS[T integer](a []T, s T, out []byte) {
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		out[i>>3] = b2u(x[0] >= s) | b2u(x[1] >= s)<<1 | b2u(x[2] >= s)<<2 | b2u(x[3] >= s)<<3 |
			b2u(x[4] >= s)<<4 | b2u(x[5] >= s)<<5 | b2u(x[6] >= s)<<6 | b2u(x[7] >= s)<<7
	}
	for ; i < n; i++ {
		out[i>>3] |= b2u(a[i] >= s) << (i & 7)
	}
}
