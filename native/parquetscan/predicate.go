package parquetscan

import (
	"fmt"
	"math"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Predicate is a filter on the required columns that the scan may use to skip
// row groups (Spark's pushed data filters). It is one of And, Or, Not,
// Compare, In, IsNull, IsNotNull and Unknown; nil means no pruning.
//
// A row group is skipped only when its statistics prove that no row in it
// makes the predicate TRUE under SQL's three-valued logic. The rules are
// conservative: whenever the statistics could be missing, stale, truncated,
// ordered differently from Spark, or blind to NaN, the row group is kept.
type Predicate interface {
	isPredicate()
}

// And is TRUE when every child is TRUE; with no children it is TRUE.
type And struct{ Children []Predicate }

// Or is TRUE when some child is TRUE; with no children it is FALSE.
type Or struct{ Children []Predicate }

// Not is TRUE when Child is FALSE.
type Not struct{ Child Predicate }

// CompareOp is a comparison operator.
type CompareOp uint8

const (
	OpEq         CompareOp = iota // =
	OpNullSafeEq                  // <=>
	OpLt                          // <
	OpLe                          // <=
	OpGt                          // >
	OpGe                          // >=
)

// String returns the SQL spelling of op.
func (op CompareOp) String() string {
	switch op {
	case OpEq:
		return "="
	case OpNullSafeEq:
		return "<=>"
	case OpLt:
		return "<"
	case OpLe:
		return "<="
	case OpGt:
		return ">"
	case OpGe:
		return ">="
	}
	return fmt.Sprintf("CompareOp(%d)", uint8(op))
}

// Compare is `Required[Column] Op Value`.
//
// Value is nil (a NULL literal) or has the Go type of the column's Spark type:
//
//	boolean bool          tinyint int8        smallint int16
//	int int32             bigint int64        float float32
//	double float64        date int32 (days since 1970-01-01)
//	timestamp, timestamp_ntz int64 (microseconds since the epoch)
//	decimal(p,s) decimal128.Num, the unscaled value at scale s of the column
//	string string         binary []byte
//
// Any other Go type is rejected by New. Comparisons follow Spark: strings and
// binaries compare as unsigned bytes, floating point -0.0 equals 0.0 and NaN
// equals NaN and is larger than any other value.
type Compare struct {
	Column int
	Op     CompareOp
	Value  any
}

// In is `Required[Column] IN (Values...)`; Values follow Compare.Value.
type In struct {
	Column int
	Values []any
}

// IsNull is `Required[Column] IS NULL`.
type IsNull struct{ Column int }

// IsNotNull is `Required[Column] IS NOT NULL`.
type IsNotNull struct{ Column int }

// Unknown is a filter the scan cannot evaluate: it never prunes.
type Unknown struct{}

func (And) isPredicate()       {}
func (Or) isPredicate()        {}
func (Not) isPredicate()       {}
func (Compare) isPredicate()   {}
func (In) isPredicate()        {}
func (IsNull) isPredicate()    {}
func (IsNotNull) isPredicate() {}
func (Unknown) isPredicate()   {}

// domain is the ordered value space a column's statistics and literals are
// compared in.
type domain uint8

const (
	domNone  domain = iota // cannot compare (NullType)
	domInt                 // byte, short, int, long, date, timestamp(_ntz) as int64
	domFloat               // float, double as float64 with Spark's ordering
	domDec                 // decimal as decimal128 at the column's scale
	domStr                 // string, binary as unsigned bytes
	domBool                // false < true
)

func domainOf(t types.DataType) domain {
	switch t.ID {
	case types.Byte, types.Short, types.Int, types.Long, types.Date, types.Timestamp, types.TimestampNTZ:
		return domInt
	case types.Float, types.Double:
		return domFloat
	case types.Decimal:
		return domDec
	case types.String, types.Binary:
		return domStr
	case types.Boolean:
		return domBool
	}
	return domNone
}

// sval is one normalized literal or statistic.
type sval struct {
	null bool
	i    int64
	f    float64
	d    decimal128.Num
	s    string
	b    bool
}

// cmpVals compares a and b (both non-null) in dom with Spark's ordering.
func cmpVals(dom domain, a, b sval) int {
	switch dom {
	case domInt:
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	case domFloat:
		// SQLOrderingUtil.compareDoubles: x == y (so -0.0 == 0.0) is 0,
		// otherwise java.lang.Double.compare (NaN above everything, NaN == NaN).
		if a.f == b.f {
			return 0
		}
		an, bn := math.IsNaN(a.f), math.IsNaN(b.f)
		switch {
		case an && bn:
			return 0
		case an:
			return 1
		case bn:
			return -1
		case a.f < b.f:
			return -1
		}
		return 1
	case domDec:
		return a.d.Cmp(b.d)
	case domStr:
		return strings.Compare(a.s, b.s)
	case domBool:
		switch {
		case a.b == b.b:
			return 0
		case !a.b:
			return -1
		}
		return 1
	}
	return 0
}

// pred is the validated, normalized form of a Predicate.
type pred struct {
	kind     predKind
	children []*pred
	col      int
	op       CompareOp
	val      sval
	vals     []sval
}

type predKind uint8

const (
	pAnd predKind = iota
	pOr
	pNot
	pCompare
	pIn
	pIsNull
	pIsNotNull
	pUnknown
)

// compilePredicate validates p against the required schema.
func compilePredicate(p Predicate, req types.Schema) (*pred, error) {
	switch p := p.(type) {
	case nil:
		return nil, fmt.Errorf("nil child predicate")
	case And:
		return compileChildren(pAnd, p.Children, req)
	case *And:
		return compileChildren(pAnd, p.Children, req)
	case Or:
		return compileChildren(pOr, p.Children, req)
	case *Or:
		return compileChildren(pOr, p.Children, req)
	case Not:
		return compileNot(p.Child, req)
	case *Not:
		return compileNot(p.Child, req)
	case Compare:
		return compileCompare(p, req)
	case *Compare:
		return compileCompare(*p, req)
	case In:
		return compileIn(p, req)
	case *In:
		return compileIn(*p, req)
	case IsNull:
		return compileNullTest(pIsNull, p.Column, req)
	case *IsNull:
		return compileNullTest(pIsNull, p.Column, req)
	case IsNotNull:
		return compileNullTest(pIsNotNull, p.Column, req)
	case *IsNotNull:
		return compileNullTest(pIsNotNull, p.Column, req)
	case Unknown, *Unknown:
		return &pred{kind: pUnknown}, nil
	}
	return nil, fmt.Errorf("unsupported predicate type %T", p)
}

func compileChildren(kind predKind, children []Predicate, req types.Schema) (*pred, error) {
	out := &pred{kind: kind, children: make([]*pred, len(children))}
	for i, c := range children {
		cp, err := compilePredicate(c, req)
		if err != nil {
			return nil, err
		}
		out.children[i] = cp
	}
	return out, nil
}

func compileNot(child Predicate, req types.Schema) (*pred, error) {
	c, err := compilePredicate(child, req)
	if err != nil {
		return nil, err
	}
	return &pred{kind: pNot, children: []*pred{c}}, nil
}

func checkColumn(col int, req types.Schema) error {
	if col < 0 || col >= len(req) {
		return fmt.Errorf("predicate column %d out of range [0, %d)", col, len(req))
	}
	return nil
}

func compileNullTest(kind predKind, col int, req types.Schema) (*pred, error) {
	if err := checkColumn(col, req); err != nil {
		return nil, err
	}
	return &pred{kind: kind, col: col}, nil
}

func compileCompare(c Compare, req types.Schema) (*pred, error) {
	if err := checkColumn(c.Column, req); err != nil {
		return nil, err
	}
	if c.Op > OpGe {
		return nil, fmt.Errorf("invalid comparison operator %d", c.Op)
	}
	v, err := literal(c.Value, req[c.Column])
	if err != nil {
		return nil, err
	}
	return &pred{kind: pCompare, col: c.Column, op: c.Op, val: v}, nil
}

func compileIn(in In, req types.Schema) (*pred, error) {
	if err := checkColumn(in.Column, req); err != nil {
		return nil, err
	}
	out := &pred{kind: pIn, col: in.Column, vals: make([]sval, len(in.Values))}
	for i, v := range in.Values {
		sv, err := literal(v, req[in.Column])
		if err != nil {
			return nil, err
		}
		out.vals[i] = sv
	}
	return out, nil
}

// literal normalizes a predicate value for column f.
func literal(v any, f types.Field) (sval, error) {
	if v == nil {
		return sval{null: true}, nil
	}
	bad := func() (sval, error) {
		return sval{}, fmt.Errorf("predicate value %v (%T) does not match column %q of type %s", v, v, f.Name, f.Type)
	}
	switch f.Type.ID {
	case types.Boolean:
		if x, ok := v.(bool); ok {
			return sval{b: x}, nil
		}
	case types.Byte:
		if x, ok := v.(int8); ok {
			return sval{i: int64(x)}, nil
		}
	case types.Short:
		if x, ok := v.(int16); ok {
			return sval{i: int64(x)}, nil
		}
	case types.Int, types.Date:
		if x, ok := v.(int32); ok {
			return sval{i: int64(x)}, nil
		}
	case types.Long, types.Timestamp, types.TimestampNTZ:
		if x, ok := v.(int64); ok {
			return sval{i: x}, nil
		}
	case types.Float:
		if x, ok := v.(float32); ok {
			return sval{f: float64(x)}, nil
		}
	case types.Double:
		if x, ok := v.(float64); ok {
			return sval{f: x}, nil
		}
	case types.Decimal:
		if x, ok := v.(decimal128.Num); ok {
			return sval{d: x}, nil
		}
	case types.String:
		if x, ok := v.(string); ok {
			return sval{s: x}, nil
		}
	case types.Binary:
		if x, ok := v.([]byte); ok {
			return sval{s: string(x)}, nil
		}
	}
	return bad()
}

// colStats is what one row group's statistics prove about one column.
type colStats struct {
	numRows    int64
	nullsKnown bool
	nulls      int64
	hasMinMax  bool // min and max bound every non-null, non-NaN value
	min, max   sval
}

func (s *colStats) allNull() bool   { return s.nullsKnown && s.nulls >= s.numRows }
func (s *colStats) noNulls() bool   { return s.nullsKnown && s.nulls == 0 }
func (s *colStats) maybeNull() bool { return !s.noNulls() }

// statsSource gives the statistics of a column of the current row group.
type statsSource interface {
	stats(col int) *colStats
	domain(col int) domain
}

// mayBeTrue reports whether some row of the row group could make p TRUE
// (or, when neg, make p FALSE, that is make NOT p TRUE). False means the row
// group can be skipped.
func mayBeTrue(p *pred, neg bool, src statsSource) bool {
	switch p.kind {
	case pAnd, pOr:
		all := (p.kind == pAnd) != neg // AND, or NOT of an OR
		if all {
			for _, c := range p.children {
				if !mayBeTrue(c, neg, src) {
					return false
				}
			}
			return true
		}
		for _, c := range p.children {
			if mayBeTrue(c, neg, src) {
				return true
			}
		}
		return false
	case pNot:
		return mayBeTrue(p.children[0], !neg, src)
	case pIsNull, pIsNotNull:
		st := src.stats(p.col)
		if (p.kind == pIsNull) != neg { // IS NULL
			return st.maybeNull()
		}
		return !st.allNull() // IS NOT NULL
	case pCompare:
		return compareMayBeTrue(p, neg, src)
	case pIn:
		return inMayBeTrue(p, neg, src)
	}
	return true // pUnknown
}

func compareMayBeTrue(p *pred, neg bool, src statsSource) bool {
	st := src.stats(p.col)
	dom := src.domain(p.col)
	if p.op == OpNullSafeEq {
		if p.val.null {
			if neg { // NOT (x <=> NULL) is x IS NOT NULL
				return !st.allNull()
			}
			return st.maybeNull() // x <=> NULL is x IS NULL
		}
		if neg { // NOT (x <=> v) is x IS NULL OR x != v
			return st.maybeNull() || valueMayBe(opNe, p.val, st, dom)
		}
		return valueMayBe(OpEq, p.val, st, dom)
	}
	if p.val.null {
		return false // x op NULL is NULL, and so is its negation
	}
	op := p.op
	if neg {
		op = negateOp(op)
	}
	return valueMayBe(op, p.val, st, dom)
}

// opNe is x != v, only produced by negating OpEq.
const opNe CompareOp = 255

func negateOp(op CompareOp) CompareOp {
	switch op {
	case OpEq:
		return opNe
	case OpLt:
		return OpGe
	case OpLe:
		return OpGt
	case OpGt:
		return OpLe
	case OpGe:
		return OpLt
	}
	return op
}

// valueMayBe reports whether some non-null x in the row group could satisfy
// `x op v` for a non-null literal v.
func valueMayBe(op CompareOp, v sval, st *colStats, dom domain) bool {
	if st.allNull() {
		return false
	}
	if !st.hasMinMax || dom == domNone {
		return true
	}
	if dom == domFloat {
		// Statistics never account for NaN, and NaN is larger than every
		// value: x > v, x >= v and x != v may hold for a NaN that the max
		// does not show, and nothing is known when the literal is NaN.
		if math.IsNaN(v.f) {
			return true
		}
		switch op {
		case OpGt, OpGe, opNe:
			return true
		}
	}
	switch op {
	case OpEq:
		return cmpVals(dom, v, st.min) >= 0 && cmpVals(dom, v, st.max) <= 0
	case opNe:
		// Only when min == max == v is every value equal to v. String bounds
		// may be truncated, so equal bounds prove nothing there.
		if dom == domStr {
			return true
		}
		return !(cmpVals(dom, st.min, st.max) == 0 && cmpVals(dom, st.min, v) == 0)
	case OpLt:
		return cmpVals(dom, st.min, v) < 0
	case OpLe:
		return cmpVals(dom, st.min, v) <= 0
	case OpGt:
		return cmpVals(dom, st.max, v) > 0
	case OpGe:
		return cmpVals(dom, st.max, v) >= 0
	}
	return true
}

func inMayBeTrue(p *pred, neg bool, src statsSource) bool {
	st := src.stats(p.col)
	if len(p.vals) == 0 {
		return true // leave the empty-list corner cases to the filter
	}
	if neg {
		// x NOT IN (...) is never TRUE for a NULL x, nor when the list
		// holds a NULL.
		for _, v := range p.vals {
			if v.null {
				return false
			}
		}
		return !st.allNull()
	}
	dom := src.domain(p.col)
	for _, v := range p.vals {
		if !v.null && valueMayBe(OpEq, v, st, dom) {
			return true
		}
	}
	return false
}
