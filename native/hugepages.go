package native

import "unsafe"

// hugePageMin is the smallest allocation HugePages advises: below a few MiB the
// TLB's 4 KiB entries already cover it.
const hugePageMin = 4 << 20

// HugePages asks the kernel to back s's memory with transparent huge pages
// when s is large (at least hugePageMin bytes), and returns s. A probe of a
// large hash table, or a gather from a large build column, touches one random
// place a row: with 4 KiB pages nearly every touch also misses the TLB (whose
// entries cover a few MiB), with 2 MiB pages few do (measured on the hash
// join: docs/architecture.md, "Hash join"). It is advice only:
// contents are kept, and where the kernel has no transparent huge pages (or
// another OS) nothing changes.
func HugePages[T any](s []T) []T {
	hugePages(s)
	return s
}

// hugePages is HugePages, saying whether the kernel collapsed s's memory
// into huge pages.
func hugePages[T any](s []T) bool {
	var zero T
	size := len(s) * int(unsafe.Sizeof(zero))
	return size >= hugePageMin && adviseHugePages(unsafe.Pointer(unsafe.SliceData(s)), size)
}
