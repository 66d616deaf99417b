package cmp

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/util/SQLOrderingUtil.scala
// (compareDoubles, compareFloats: `if (x == y) 0 else java.lang.Double.compare(x, y)`)
// and CodeGenerator.genEqual for EqualTo. Hence NaN = NaN, NaN is greater
// than every other value including +Inf, and -0.0 = 0.0:
//   eq(x, y) = x == y || (isNaN(x) && isNaN(y))
//   lt(x, y) = !isNaN(x) && (isNaN(y) || x < y)
//   le(x, y) = isNaN(y) || (!isNaN(x) && x <= y)

type float interface{ ~float32 | ~float64 }

func feq[T float](x, y T) bool { return x == y || (x != x && y != y) }
func flt[T float](x, y T) bool { return x == x && (y != y || x < y) }
func fle[T float](x, y T) bool { return y != y || (x == x && x <= y) }

// floatAA writes a[i] op b[i] into the bits of out; op is not NullSafeEq.
func floatAA[T float](op Op, a, b []T, out []byte) {
	n := len(a)
	b = b[:n]
	switch op {
	case Eq:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(feq(a[i], b[i])) << (i & 7)
		}
	case Lt:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(flt(a[i], b[i])) << (i & 7)
		}
	case Le:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(fle(a[i], b[i])) << (i & 7)
		}
	case Gt:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(flt(b[i], a[i])) << (i & 7)
		}
	case Ge:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(fle(b[i], a[i])) << (i & 7)
		}
	}
}

// floatAS writes a[i] op s into the bits of out; op is not NullSafeEq.
func floatAS[T float](op Op, a []T, s T, out []byte) {
	n := len(a)
	switch op {
	case Eq:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(feq(a[i], s)) << (i & 7)
		}
	case Lt:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(flt(a[i], s)) << (i & 7)
		}
	case Le:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(fle(a[i], s)) << (i & 7)
		}
	case Gt:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(flt(s, a[i])) << (i & 7)
		}
	case Ge:
		for i := 0; i < n; i++ {
			out[i>>3] |= b2u(fle(s, a[i])) << (i & 7)
		}
	}
}
