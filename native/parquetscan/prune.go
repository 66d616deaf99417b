package parquetscan

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/parquet/metadata"
)

// rowGroupStats is the statsSource for one row group of one file. Column
// statistics are decoded on first use.
type rowGroupStats struct {
	rg     *metadata.RowGroupMetaData
	plans  []colPlan
	doms   []domain
	cache  []colStats
	loaded []bool
}

func newRowGroupStats(rg *metadata.RowGroupMetaData, plans []colPlan, doms []domain) *rowGroupStats {
	return &rowGroupStats{
		rg:     rg,
		plans:  plans,
		doms:   doms,
		cache:  make([]colStats, len(plans)),
		loaded: make([]bool, len(plans)),
	}
}

func (r *rowGroupStats) domain(col int) domain { return r.doms[col] }

func (r *rowGroupStats) stats(col int) *colStats {
	if !r.loaded[col] {
		r.cache[col] = r.load(col)
		r.loaded[col] = true
	}
	return &r.cache[col]
}

// load decodes what the statistics prove about column col. Anything odd
// (undecodable statistics, unexpected types) leaves the bound unknown.
func (r *rowGroupStats) load(col int) (st colStats) {
	st.numRows = r.rg.NumRows()
	p := &r.plans[col]
	if p.lazyErr != nil {
		return st
	}
	if p.leaf < 0 {
		// Not in the file: every value reads as NULL.
		st.nullsKnown, st.nulls = true, st.numRows
		return st
	}
	defer func() {
		if recover() != nil { // malformed statistics: know nothing
			st = colStats{numRows: r.rg.NumRows()}
		}
	}()
	cc, err := r.rg.ColumnChunk(p.leaf)
	if err != nil {
		return st
	}
	ts, err := cc.Statistics()
	if err != nil || ts == nil {
		return st
	}
	if ts.HasNullCount() && ts.NullCount() >= 0 {
		st.nullsKnown, st.nulls = true, ts.NullCount()
	}
	if !ts.HasMinMax() || p.stats == statsNone {
		return st
	}
	var ok bool
	st.min, st.max, ok = boundsOf(p.stats, ts)
	st.hasMinMax = ok && cmpVals(r.doms[col], st.min, st.max) <= 0
	return st
}

// boundsOf converts typed min/max statistics into the column's domain.
func boundsOf(kind statsKind, ts metadata.TypedStatistics) (lo, hi sval, ok bool) {
	switch kind {
	case statsInt32, statsInt32AsByte, statsInt32AsShort, statsDecInt32:
		s, isType := ts.(*metadata.Int32Statistics)
		if !isType {
			return lo, hi, false
		}
		mn, mx := int64(s.Min()), int64(s.Max())
		switch kind {
		case statsInt32AsByte:
			// Spark truncates to a byte; only values already in range keep
			// their order.
			if mn < math.MinInt8 || mx > math.MaxInt8 {
				return lo, hi, false
			}
		case statsInt32AsShort:
			if mn < math.MinInt16 || mx > math.MaxInt16 {
				return lo, hi, false
			}
		case statsDecInt32:
			return sval{d: decimal128.FromI64(mn)}, sval{d: decimal128.FromI64(mx)}, true
		}
		return sval{i: mn}, sval{i: mx}, true
	case statsInt64, statsMillis, statsDecInt64:
		s, isType := ts.(*metadata.Int64Statistics)
		if !isType {
			return lo, hi, false
		}
		mn, mx := s.Min(), s.Max()
		switch kind {
		case statsMillis:
			if mn < math.MinInt64/1000 || mx > math.MaxInt64/1000 {
				return lo, hi, false
			}
			mn, mx = mn*1000, mx*1000
		case statsDecInt64:
			return sval{d: decimal128.FromI64(mn)}, sval{d: decimal128.FromI64(mx)}, true
		}
		return sval{i: mn}, sval{i: mx}, true
	case statsFloat32:
		s, isType := ts.(*metadata.Float32Statistics)
		if !isType {
			return lo, hi, false
		}
		mn, mx := float64(s.Min()), float64(s.Max())
		if math.IsNaN(mn) || math.IsNaN(mx) {
			return lo, hi, false
		}
		return sval{f: mn}, sval{f: mx}, true
	case statsFloat64:
		s, isType := ts.(*metadata.Float64Statistics)
		if !isType {
			return lo, hi, false
		}
		mn, mx := s.Min(), s.Max()
		if math.IsNaN(mn) || math.IsNaN(mx) {
			return lo, hi, false
		}
		return sval{f: mn}, sval{f: mx}, true
	case statsBool:
		s, isType := ts.(*metadata.BooleanStatistics)
		if !isType {
			return lo, hi, false
		}
		return sval{b: s.Min()}, sval{b: s.Max()}, true
	case statsBytes:
		s, isType := ts.(*metadata.ByteArrayStatistics)
		if !isType {
			return lo, hi, false
		}
		return sval{s: string(s.Min())}, sval{s: string(s.Max())}, true
	}
	return lo, hi, false
}
