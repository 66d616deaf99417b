package hash

// Spark: common/unsafe/src/main/java/org/apache/spark/unsafe/hash/Murmur3_x86_32.java
// (hashInt, hashLong, hashUnsafeBytes) as used by Murmur3Hash in
// sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/hash.scala.
// hashUnsafeBytes is not the standard murmur3 on its tail: it mixes the
// aligned 4-byte words little-endian, then each of the 0..3 trailing bytes,
// sign-extended, as a whole block of its own (mixK1 and mixH1 per byte), and
// finalises with the byte length.

import (
	"encoding/binary"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
)

const (
	m3c1 = 0xcc9e2d51
	m3c2 = 0x1b873593
)

func m3MixK1(k1 uint32) uint32 {
	k1 *= m3c1
	k1 = bits.RotateLeft32(k1, 15)
	return k1 * m3c2
}

func m3MixH1(h1, k1 uint32) uint32 {
	h1 ^= k1
	h1 = bits.RotateLeft32(h1, 13)
	return h1*5 + 0xe6546b64
}

func m3Fmix(h1, length uint32) uint32 {
	h1 ^= length
	h1 ^= h1 >> 16
	h1 *= 0x85ebca6b
	h1 ^= h1 >> 13
	h1 *= 0xc2b2ae35
	h1 ^= h1 >> 16
	return h1
}

// Murmur3Int is Murmur3_x86_32.hashInt.
func Murmur3Int(v, seed int32) int32 {
	return int32(m3Fmix(m3MixH1(uint32(seed), m3MixK1(uint32(v))), 4))
}

// Murmur3Long is Murmur3_x86_32.hashLong: the low word, then the high word.
func Murmur3Long(v int64, seed int32) int32 {
	h1 := m3MixH1(uint32(seed), m3MixK1(uint32(v)))
	h1 = m3MixH1(h1, m3MixK1(uint32(uint64(v)>>32)))
	return int32(m3Fmix(h1, 8))
}

// Murmur3Bytes is Murmur3_x86_32.hashUnsafeBytes, Spark's tail included.
func Murmur3Bytes(b []byte, seed int32) int32 {
	h1 := uint32(seed)
	n := len(b)
	aligned := n &^ 3
	for i := 0; i < aligned; i += 4 {
		h1 = m3MixH1(h1, m3MixK1(binary.LittleEndian.Uint32(b[i:i+4])))
	}
	for i := aligned; i < n; i++ {
		h1 = m3MixH1(h1, m3MixK1(uint32(int32(int8(b[i])))))
	}
	return int32(m3Fmix(h1, uint32(n)))
}

// Murmur3 updates hashes (one per row of a) with Spark's Murmur3 hash of each
// non-NULL row of a, the running value as the seed; NULL rows keep theirs.
// Start from 42 for Spark's hash() and HashPartitioning.
func Murmur3(hashes []int32, a arrow.Array) error {
	c, err := readColumn("Murmur3", len(hashes), a)
	if err != nil || c.allNul {
		return err
	}
	m3Column(hashes, &c)
	return nil
}

// m3Column updates h from one argument (see Murmur3).
func m3Column(h []int32, c *column) {
	switch c.kind {
	case kBool:
		for i := range h {
			if c.valid == nil || set(c.valid, c.voff, i) {
				h[i] = Murmur3Int(c.boolInt(i), h[i])
			}
		}
	case kInt8:
		m3Ints(h, c.i8, c.valid, c.voff)
	case kInt16:
		m3Ints(h, c.i16, c.valid, c.voff)
	case kInt32:
		m3Ints(h, c.i32, c.valid, c.voff)
	case kInt64:
		m3Longs(h, c.i64, c.valid, c.voff)
	case kFloat32:
		v := c.f32[:len(h)]
		if c.valid == nil {
			for i := range h {
				h[i] = Murmur3Int(floatBits(v[i]), h[i])
			}
			return
		}
		for i := range h {
			if set(c.valid, c.voff, i) {
				h[i] = Murmur3Int(floatBits(v[i]), h[i])
			}
		}
	case kFloat64:
		v := c.f64[:len(h)]
		if c.valid == nil {
			for i := range h {
				h[i] = Murmur3Long(doubleBits(v[i]), h[i])
			}
			return
		}
		for i := range h {
			if set(c.valid, c.voff, i) {
				h[i] = Murmur3Long(doubleBits(v[i]), h[i])
			}
		}
	case kDecimal:
		v := c.dec[:len(h)]
		if !c.wide {
			// precision <= 18: the unscaled value fits the low word.
			for i := range h {
				if c.valid == nil || set(c.valid, c.voff, i) {
					h[i] = Murmur3Long(int64(v[i].LowBits()), h[i])
				}
			}
			return
		}
		var buf [16]byte
		for i := range h {
			if c.valid == nil || set(c.valid, c.voff, i) {
				h[i] = Murmur3Bytes(decimalBytes(v[i], &buf), h[i])
			}
		}
	case kBytes:
		offs, data := c.offs[:len(h)+1], c.data
		if c.valid == nil {
			for i := range h {
				h[i] = Murmur3Bytes(data[offs[i]:offs[i+1]], h[i])
			}
			return
		}
		for i := range h {
			if set(c.valid, c.voff, i) {
				h[i] = Murmur3Bytes(data[offs[i]:offs[i+1]], h[i])
			}
		}
	}
}

func m3Ints[T int8 | int16 | int32](h []int32, v []T, valid []byte, off int) {
	v = v[:len(h)]
	if valid == nil {
		for i := range h {
			h[i] = Murmur3Int(int32(v[i]), h[i])
		}
		return
	}
	for i := range h {
		if set(valid, off, i) {
			h[i] = Murmur3Int(int32(v[i]), h[i])
		}
	}
}

func m3Longs(h []int32, v []int64, valid []byte, off int) {
	v = v[:len(h)]
	if valid == nil {
		for i := range h {
			h[i] = Murmur3Long(v[i], h[i])
		}
		return
	}
	for i := range h {
		if set(valid, off, i) {
			h[i] = Murmur3Long(v[i], h[i])
		}
	}
}
