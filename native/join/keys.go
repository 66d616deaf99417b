package join

import (
	"bytes"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// filterEqualKeys keeps the candidate pairs whose keys are equal in every
// column (both sides non-NULL: NULL-key rows never become candidates) and
// returns the shortened index lists. Keys compare by value bits: Spark's
// join keys are of one type on both sides, and floating keys arrive
// normalized (NaN and -0.0 made canonical), so bit equality is Spark's.
func filterEqualKeys(stream, build []arrow.Array, sIdx, bIdx []int32) ([]int32, []int32, error) {
	keep := len(sIdx)
	for k := range stream {
		n, err := filterColumn(stream[k], build[k], sIdx[:keep], bIdx[:keep])
		if err != nil {
			return nil, nil, err
		}
		keep = n
	}
	return sIdx[:keep], bIdx[:keep], nil
}

// filterColumn compacts the pairs equal in one key column, returning how many.
func filterColumn(s, b arrow.Array, sIdx, bIdx []int32) (int, error) {
	if !arrow.TypeEqual(s.DataType(), b.DataType()) {
		return 0, fmt.Errorf("hash join: key types %s and %s", s.DataType(), b.DataType())
	}
	switch sa := s.(type) {
	case *array.Int8:
		return compact(sa.Int8Values(), b.(*array.Int8).Int8Values(), sIdx, bIdx), nil
	case *array.Int16:
		return compact(sa.Int16Values(), b.(*array.Int16).Int16Values(), sIdx, bIdx), nil
	case *array.Int32:
		return compact(sa.Int32Values(), b.(*array.Int32).Int32Values(), sIdx, bIdx), nil
	case *array.Int64:
		return compact(sa.Int64Values(), b.(*array.Int64).Int64Values(), sIdx, bIdx), nil
	case *array.Date32:
		return compact(sa.Date32Values(), b.(*array.Date32).Date32Values(), sIdx, bIdx), nil
	case *array.Timestamp:
		return compact(sa.TimestampValues(), b.(*array.Timestamp).TimestampValues(), sIdx, bIdx), nil
	case *array.Float32:
		return compactBits(sa.Float32Values(), b.(*array.Float32).Float32Values(), sIdx, bIdx), nil
	case *array.Float64:
		return compactBits(sa.Float64Values(), b.(*array.Float64).Float64Values(), sIdx, bIdx), nil
	case *array.Decimal128:
		return compact(decimals(sa), decimals(b.(*array.Decimal128)), sIdx, bIdx), nil
	case *array.Boolean:
		bb := b.(*array.Boolean)
		n := 0
		for p := range sIdx {
			if sa.Value(int(sIdx[p])) == bb.Value(int(bIdx[p])) {
				sIdx[n], bIdx[n] = sIdx[p], bIdx[p]
				n++
			}
		}
		return n, nil
	case *array.String:
		bs := b.(*array.String)
		n := 0
		for p := range sIdx {
			if sa.Value(int(sIdx[p])) == bs.Value(int(bIdx[p])) {
				sIdx[n], bIdx[n] = sIdx[p], bIdx[p]
				n++
			}
		}
		return n, nil
	case *array.Binary:
		bs := b.(*array.Binary)
		n := 0
		for p := range sIdx {
			if bytes.Equal(sa.Value(int(sIdx[p])), bs.Value(int(bIdx[p]))) {
				sIdx[n], bIdx[n] = sIdx[p], bIdx[p]
				n++
			}
		}
		return n, nil
	}
	return 0, fmt.Errorf("hash join: keys of type %s are not supported", s.DataType())
}

func decimals(a *array.Decimal128) []decimal128.Num { return a.Values() }

func compact[T comparable](s, b []T, sIdx, bIdx []int32) int {
	n := 0
	for p := range sIdx {
		if s[sIdx[p]] == b[bIdx[p]] {
			sIdx[n], bIdx[n] = sIdx[p], bIdx[p]
			n++
		}
	}
	return n
}

// compactBits compares floating keys by their bits (NaN equals NaN, as in
// Spark's normalized join keys).
func compactBits[T float32 | float64](s, b []T, sIdx, bIdx []int32) int {
	n := 0
	for p := range sIdx {
		x, y := s[sIdx[p]], b[bIdx[p]]
		if x == y || (x != x && y != y) {
			sIdx[n], bIdx[n] = sIdx[p], bIdx[p]
			n++
		}
	}
	return n
}
