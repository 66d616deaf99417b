package native

import (
	"syscall"
	"unsafe"
)

// Linux madvise(2) advice values (not all in package syscall).
const (
	madvHugePage = 14 // MADV_HUGEPAGE: back the range with huge pages from now on
	madvCollapse = 25 // MADV_COLLAPSE (Linux 6.1): turn its mapped pages into huge pages now
)

// adviseHugePages advises the 2 MiB-aligned part of [p, p+size). The memory
// may already be mapped with small pages (the Go heap reuses freed spans), so
// the range is also collapsed; the advice applies to the range only, so it
// does not change how the rest of the heap is backed. Errors (transparent
// huge pages disabled, an older kernel) leave the memory as it was; the
// result says whether the range was collapsed.
func adviseHugePages(p unsafe.Pointer, size int) bool {
	const huge = 2 << 20
	start := (uintptr(p) + huge - 1) &^ (huge - 1)
	end := (uintptr(p) + uintptr(size)) &^ (huge - 1)
	if end <= start {
		return false
	}
	b := unsafe.Slice((*byte)(unsafe.Add(p, start-uintptr(p))), end-start)
	return syscall.Madvise(b, madvHugePage) == nil && syscall.Madvise(b, madvCollapse) == nil
}
