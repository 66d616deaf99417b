package hash

// Spark: sql/catalyst/src/main/java/org/apache/spark/sql/catalyst/expressions/XXH64.java
// (hashInt, hashLong, hashUnsafeBytes) as used by XxHash64 in
// sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/hash.scala.
// hashUnsafeBytes is the standard XXH64; hashInt and hashLong are XXH64 of the
// 4 and 8 little-endian bytes of the value.

import (
	"encoding/binary"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
)

const (
	xxP1 uint64 = 0x9E3779B185EBCA87
	xxP2 uint64 = 0xC2B2AE3D27D4EB4F
	xxP3 uint64 = 0x165667B19E3779F9
	xxP4 uint64 = 0x85EBCA77C2B2AE63
	xxP5 uint64 = 0x27D4EB2F165667C5
)

func xxFmix(h uint64) uint64 {
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}

// XxHash64Int is XXH64.hashInt.
func XxHash64Int(v int32, seed int64) int64 {
	h := uint64(seed) + xxP5 + 4
	h ^= uint64(uint32(v)) * xxP1
	h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
	return int64(xxFmix(h))
}

// XxHash64Long is XXH64.hashLong.
func XxHash64Long(v int64, seed int64) int64 {
	h := uint64(seed) + xxP5 + 8
	h ^= bits.RotateLeft64(uint64(v)*xxP2, 31) * xxP1
	h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	return int64(xxFmix(h))
}

func xxRound(acc, k uint64) uint64 {
	return bits.RotateLeft64(acc+k*xxP2, 31) * xxP1
}

func xxMerge(h, v uint64) uint64 {
	h ^= xxRound(0, v)
	return h*xxP1 + xxP4
}

// XxHash64Bytes is XXH64.hashUnsafeBytes.
func XxHash64Bytes(b []byte, seed int64) int64 {
	s := uint64(seed)
	n := len(b)
	var h uint64
	i := 0
	if n >= 32 {
		v1 := s + xxP1 + xxP2
		v2 := s + xxP2
		v3 := s
		v4 := s - xxP1
		for ; i+32 <= n; i += 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b[i:]))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[i+8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[i+16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[i+24:]))
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = s + xxP5
	}
	h += uint64(n)
	for ; i+8 <= n; i += 8 {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b[i:]))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if i+4 <= n {
		h ^= uint64(binary.LittleEndian.Uint32(b[i:])) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		i += 4
	}
	for ; i < n; i++ {
		h ^= uint64(b[i]) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	return int64(xxFmix(h))
}

// XxHash64 updates hashes (one per row of a) with Spark's XXH64 hash of each
// non-NULL row of a, the running value as the seed; NULL rows keep theirs.
// Start from 42 for Spark's xxhash64().
func XxHash64(hashes []int64, a arrow.Array) error {
	c, err := readColumn("XxHash64", len(hashes), a)
	if err != nil || c.allNul {
		return err
	}
	xxColumn(hashes, &c)
	return nil
}

// xxColumn updates h from one argument (see XxHash64).
func xxColumn(h []int64, c *column) {
	switch c.kind {
	case kBool:
		for i := range h {
			if c.valid == nil || set(c.valid, c.voff, i) {
				h[i] = XxHash64Int(c.boolInt(i), h[i])
			}
		}
	case kInt8:
		xxInts(h, c.i8, c.valid, c.voff)
	case kInt16:
		xxInts(h, c.i16, c.valid, c.voff)
	case kInt32:
		xxInts(h, c.i32, c.valid, c.voff)
	case kInt64:
		xxLongs(h, c.i64, c.valid, c.voff)
	case kFloat32:
		v := c.f32[:len(h)]
		if c.valid == nil {
			for i := range h {
				h[i] = XxHash64Int(floatBits(v[i]), h[i])
			}
			return
		}
		for i := range h {
			if set(c.valid, c.voff, i) {
				h[i] = XxHash64Int(floatBits(v[i]), h[i])
			}
		}
	case kFloat64:
		v := c.f64[:len(h)]
		if c.valid == nil {
			for i := range h {
				h[i] = XxHash64Long(doubleBits(v[i]), h[i])
			}
			return
		}
		for i := range h {
			if set(c.valid, c.voff, i) {
				h[i] = XxHash64Long(doubleBits(v[i]), h[i])
			}
		}
	case kDecimal:
		v := c.dec[:len(h)]
		if !c.wide {
			// precision <= 18: the unscaled value fits the low word.
			for i := range h {
				if c.valid == nil || set(c.valid, c.voff, i) {
					h[i] = XxHash64Long(int64(v[i].LowBits()), h[i])
				}
			}
			return
		}
		var buf [16]byte
		for i := range h {
			if c.valid == nil || set(c.valid, c.voff, i) {
				h[i] = XxHash64Bytes(decimalBytes(v[i], &buf), h[i])
			}
		}
	case kBytes:
		offs, data := c.offs[:len(h)+1], c.data
		if c.valid == nil {
			for i := range h {
				h[i] = XxHash64Bytes(data[offs[i]:offs[i+1]], h[i])
			}
			return
		}
		for i := range h {
			if set(c.valid, c.voff, i) {
				h[i] = XxHash64Bytes(data[offs[i]:offs[i+1]], h[i])
			}
		}
	}
}

func xxInts[T int8 | int16 | int32](h []int64, v []T, valid []byte, off int) {
	v = v[:len(h)]
	if valid == nil {
		for i := range h {
			h[i] = XxHash64Int(int32(v[i]), h[i])
		}
		return
	}
	for i := range h {
		if set(valid, off, i) {
			h[i] = XxHash64Int(int32(v[i]), h[i])
		}
	}
}

func xxLongs(h []int64, v []int64, valid []byte, off int) {
	v = v[:len(h)]
	if valid == nil {
		for i := range h {
			h[i] = XxHash64Long(v[i], h[i])
		}
		return
	}
	for i := range h {
		if set(valid, off, i) {
			h[i] = XxHash64Long(v[i], h[i])
		}
	}
}
