package shuffle

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// A segment's file that ends before the segment does (truncated after the size
// check) is an error, not a block that merely ends early.
func TestExactReaderRefusesAShortFile(t *testing.T) {
	r := &exactReader{r: bytes.NewReader([]byte("12345")), left: 10, seg: Segment{Path: "f", Length: 10}}
	_, err := io.ReadAll(r)
	if err == nil || !strings.Contains(err.Error(), "5 bytes before") {
		t.Fatalf("want a short-file error, got %v", err)
	}
	r = &exactReader{r: bytes.NewReader([]byte("1234567890abc")), left: 10}
	b, err := io.ReadAll(r)
	if err != nil || string(b) != "1234567890" {
		t.Fatalf("read %q, %v", b, err)
	}
}
