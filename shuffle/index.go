package shuffle

// Spark: core/src/main/scala/org/apache/spark/shuffle/IndexShuffleBlockResolver.scala,
// writeMetadataFileAndCommit: the index file is the partitions' offsets in the
// data file, numPartitions+1 longs (DataOutputStream: big-endian), from 0.

import (
	"encoding/binary"
	"fmt"
	"os"
)

// WriteIndex writes Spark's index file for a data file of partitions of the
// given lengths.
func WriteIndex(path string, lengths []int64) error {
	buf := make([]byte, 8*(len(lengths)+1))
	var off int64
	for i, l := range lengths {
		if l < 0 {
			return fmt.Errorf("shuffle index: partition %d has length %d", i, l)
		}
		off += l
		binary.BigEndian.PutUint64(buf[8*(i+1):], uint64(off))
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		return fmt.Errorf("shuffle index: %w", err)
	}
	return nil
}

// ReadIndex returns the offsets of an index file (numPartitions+1 of them).
func ReadIndex(path string) ([]int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("shuffle index: %w", err)
	}
	if len(b) < 16 || len(b)%8 != 0 {
		return nil, fmt.Errorf("shuffle index %s: %d bytes is not an index file", path, len(b))
	}
	offs := make([]int64, len(b)/8)
	for i := range offs {
		offs[i] = int64(binary.BigEndian.Uint64(b[8*i:]))
		if i > 0 && offs[i] < offs[i-1] || offs[0] != 0 {
			return nil, fmt.Errorf("shuffle index %s: offsets are not increasing from 0", path)
		}
	}
	return offs, nil
}
