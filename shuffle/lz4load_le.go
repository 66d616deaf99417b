//go:build 386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm

package shuffle

import "unsafe"

// lz4Load32 and lz4Load64 read 4 or 8 bytes at b[i], little-endian, without a
// bounds check (the checks cost 15-20% of the writer's lz4 throughput). Every
// call in lz4BlockCompressor.compress stays inside src by the block format's
// own limits: a search or match position is at most len-12 (mfLimitPlusOne),
// a match ends at most at len-5 (matchLimit), and table entries are positions
// already passed in this block (the table is cleared per block).
// lz4block_test.go's round trips and fuzz target check the result.
func lz4Load32(b []byte, i int) uint32 {
	return *(*uint32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i))
}

func lz4Load64(b []byte, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i))
}
