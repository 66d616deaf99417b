package native

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHugePages: the advice keeps a slice's contents (the collapse copies
// them into huge pages), and where the kernel reports a collapse the memory
// is backed by huge pages (/proc/self/smaps).
func TestHugePages(t *testing.T) {
	small := HugePages(make([]uint64, 1024))
	if len(small) != 1024 || hugePages(small) {
		t.Fatalf("a slice of %d bytes was advised", len(small)*8)
	}
	s := make([]uint64, 6<<20/8)
	for i := range s {
		s[i] = uint64(i) * 0x9E3779B97F4A7C15
	}
	collapsed := hugePages(s)
	for i := range s {
		if s[i] != uint64(i)*0x9E3779B97F4A7C15 {
			t.Fatalf("element %d changed to %#x", i, s[i])
		}
	}
	if !collapsed {
		if runtime.GOOS == "linux" {
			mode, _ := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
			t.Logf("the kernel collapsed nothing (transparent huge pages: %s); only the contents were checked", strings.TrimSpace(string(mode)))
		}
		return
	}
	huge, err := anonHugeBytes(uintptr(unsafe.Pointer(&s[len(s)/2])))
	if err != nil {
		t.Fatal(err)
	}
	if huge < 2<<20 {
		t.Fatalf("collapsed, but the mapping holds %d bytes of huge pages", huge)
	}
	runtime.KeepAlive(s)
}

// anonHugeBytes is the AnonHugePages of the mapping holding addr.
func anonHugeBytes(addr uintptr) (int64, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) > 0 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			lo, hi, ok := strings.Cut(fields[0], "-")
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			in = ok && err1 == nil && err2 == nil && uint64(addr) >= a && uint64(addr) < b
			continue
		}
		if in && strings.HasPrefix(line, "AnonHugePages:") && len(fields) >= 2 {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no mapping holds %#x", addr)
}
