package shuffle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand"
	"testing"

	"github.com/pierrec/lz4/v4"
)

// lz4Inputs are blocks of the shapes a shuffle writer compresses, and the
// format's edge cases: sizes around the 12-byte match limit and the 64 KiB
// block, literal and match lengths around 15 and 15+255, incompressible
// bytes, and a repeated byte.
func lz4Inputs() map[string][]byte {
	r := rand.New(rand.NewSource(1))
	in := map[string][]byte{}
	for _, n := range []int{0, 1, 4, 11, 12, 13, 14, 20, 64, 65, 300, 4096, 65535, 65536} {
		random := make([]byte, n)
		r.Read(random)
		in[fmt.Sprintf("random/%d", n)] = random
		in[fmt.Sprintf("zeros/%d", n)] = make([]byte, n)
		ints := make([]byte, n)
		for i := 0; i+8 <= n; i += 8 {
			binary.LittleEndian.PutUint64(ints[i:], uint64(r.Intn(1<<24)))
		}
		in[fmt.Sprintf("ints/%d", n)] = ints
	}
	for _, lit := range []int{14, 15, 16, 269, 270, 271, 600} {
		for _, match := range []int{4, 18, 19, 20, 273, 274, 275, 1000} {
			b := make([]byte, 0, 2*(lit+match)+40)
			for round := 0; round < 2; round++ {
				noise := make([]byte, lit)
				r.Read(noise)
				b = append(b, noise...)
				b = append(b, bytes.Repeat([]byte{'a', 'b', 'c', 'd'}, match/4+1)[:match]...)
			}
			b = append(b, "the end of the block, as literals"...)
			in[fmt.Sprintf("lit=%d/match=%d", lit, match)] = b
		}
	}
	words := []string{"AIR", "MAIL", "RAIL", "SHIP", "TRUCK", "REG AIR", "FOB"}
	var text []byte
	for len(text) < 60000 {
		text = append(text, words[r.Intn(len(words))]...)
	}
	in["strings"] = text
	decimals := make([]byte, 16*4000)
	for i := 0; i < 4000; i++ {
		binary.LittleEndian.PutUint64(decimals[16*i:], uint64(90000+r.Intn(100000))*uint64(1+r.Intn(50)))
	}
	in["decimals"] = decimals
	return in
}

// TestLZ4BlockRoundTrip: every block compresses to the standard format
// (pierrec/lz4's decoder gives the input back), within the destination;
// compressible inputs shrink, and an input that cannot shrink into a
// destination of its own size is refused (0).
func TestLZ4BlockRoundTrip(t *testing.T) {
	var c lz4BlockCompressor
	for name, src := range lz4Inputs() {
		for _, room := range []int{len(src), len(src) + len(src)/255 + 16} {
			dst := make([]byte, room+8)
			for i := range dst {
				dst[i] = 0xEE
			}
			k := c.compress(src, dst[:room])
			for i := room; i < len(dst); i++ {
				if dst[i] != 0xEE {
					t.Fatalf("%s: wrote past the destination's %d bytes", name, room)
				}
			}
			if k == 0 {
				if room > len(src) && len(src) > 0 {
					t.Fatalf("%s: refused with room for the worst case", name)
				}
				continue
			}
			out := make([]byte, len(src))
			m, err := lz4.UncompressBlock(dst[:k], out)
			if err != nil || m != len(src) || !bytes.Equal(out, src) {
				t.Fatalf("%s (%d bytes into %d): decoded %d bytes (%v), equal %v", name, len(src), k, m, err, bytes.Equal(out[:m], src))
			}
		}
		if name == "zeros/65536" || name == "strings" || name == "decimals" {
			if k := c.compress(src, make([]byte, len(src))); k == 0 || k > len(src)/2 {
				t.Fatalf("%s: %d bytes compressed to %d", name, len(src), k)
			}
		}
	}
	if k := c.compress(make([]byte, 1<<16+1), make([]byte, 1<<17)); k != 0 {
		t.Fatalf("a block over 64 KiB compressed (%d)", k)
	}
}

// FuzzLZ4Block: any input of at most 64 KiB round-trips or is refused only
// when it does not fit.
func FuzzLZ4Block(f *testing.F) {
	for _, src := range lz4Inputs() {
		if len(src) < 4096 {
			f.Add(src)
		}
	}
	var c lz4BlockCompressor
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		dst := make([]byte, len(src)+len(src)/255+16)
		k := c.compress(src, dst)
		if k == 0 && len(src) > 0 {
			t.Fatalf("refused %d bytes with room for the worst case", len(src))
		}
		out := make([]byte, len(src))
		if m, err := lz4.UncompressBlock(dst[:k], out); len(src) > 0 && (err != nil || m != len(src) || !bytes.Equal(out, src)) {
			t.Fatalf("decoded %d of %d bytes (%v)", m, len(src), err)
		}
	})
}
