package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/conditionalExpressions.scala,
// CaseWhen: the branches are tried in order; a row takes the first branch
// whose condition is true (false and NULL both fall through), and the ELSE
// value (NULL when absent) when none is. Each value is evaluated only for the
// rows that take its branch, and each condition only for the rows no earlier
// branch took (CaseWhen.eval and its generated code stop at the first true
// condition). Spark plans the simple form `CASE x WHEN v THEN ...` as
// CaseWhen over `x = v`.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Split divides rows by cond, a boolean array with one value per row of rows
// (rows nil means 0..cond.Len()-1): taken holds the rows where cond is true,
// rest those where it is false or NULL. Both are ascending and newly allocated.
func Split(cond arrow.Array, rows []int32) (taken, rest []int32) {
	n := cond.Len()
	d := cond.Data()
	var vs, ns []byte
	bits := kutil.AlignedBits(d.Buffers()[1].Bytes(), d.Offset(), n, &vs)
	if valid, voff := kutil.Validity(cond); valid != nil {
		v := kutil.AlignedBits(valid, voff, n, &ns)
		and := make([]byte, len(bits))
		for i := range and {
			and[i] = bits[i] & v[i]
		}
		bits = and
	}
	nt := bitutil.CountSetBits(bits, 0, n)
	// One spare slot in each lets the loop write both without a branch.
	taken = make([]int32, nt+1)
	rest = make([]int32, n-nt+1)
	ti, ri := 0, 0
	for j := 0; j < n; j++ {
		r := int32(j)
		if rows != nil {
			r = rows[j]
		}
		b := int(bits[j>>3]>>(j&7)) & 1
		taken[ti] = r
		rest[ri] = r
		ti += b
		ri += 1 - b
	}
	return taken[:nt], rest[:n-nt]
}
