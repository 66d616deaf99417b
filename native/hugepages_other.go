//go:build !linux

package native

import "unsafe"

// adviseHugePages: only Linux is advised (see hugepages_linux.go).
func adviseHugePages(unsafe.Pointer, int) bool { return false }
