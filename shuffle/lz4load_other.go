//go:build !(386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64 || wasm)

package shuffle

import "encoding/binary"

// lz4Load32 and lz4Load64: checked little-endian loads where the machine's
// own byte order is not little-endian (see lz4load_le.go).
func lz4Load32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }

func lz4Load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }
