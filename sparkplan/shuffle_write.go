package sparkplan

import (
	"errors"
	"fmt"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

// PartitioningKind is one of Spark's physical partitionings a native
// exchange writes.
type PartitioningKind int

const (
	// HashPartitioned is HashPartitioning: pmod(murmur3(keys, 42), n).
	HashPartitioned PartitioningKind = iota + 1
	// SinglePartitioned is SinglePartition.
	SinglePartitioned
	// RoundRobinPartitioned is RoundRobinPartitioning from Start.
	RoundRobinPartitioned
	// RangePartitioned is RangePartitioning by SortKeys with the JVM's
	// sampled Bounds.
	RangePartitioned
)

// MaxShufflePartitions bounds a ShuffleWrite's partitions (Spark's own
// limit for a shuffle is 2^24 partitions with the sort shuffle).
const MaxShufflePartitions = 1 << 24

// ShuffleWrite is a map task of a native exchange: the root's rows written
// as one Spark shuffle data file (planv1.ShuffleWrite).
type ShuffleWrite struct {
	PlanID int64
	// Schema is the rows written, as the exchange declares them.
	Schema types.Schema
	Kind   PartitioningKind
	// Keys are the hash keys, bound to the root's output.
	Keys []Expr
	// SortKeys are the range partitioning's sort orders, bound to the
	// root's output.
	SortKeys []SortKey
	// Bounds are the range partitioning's bounds as the plan carries them:
	// an Arrow IPC stream of NumPartitions-1 rows, one column per sort key
	// (read and checked by the writer).
	Bounds []byte
	// NumPartitions is the number of reduce partitions (1 for single).
	NumPartitions int
	// Start is the round-robin start position of the task.
	Start int
	// Codec is "lz4" or "zstd".
	Codec string
	// DataPath is the data file to write.
	DataPath string
}

// decodeShuffleWrite validates a ShuffleWrite against the root's output.
func decodeShuffleWrite(w *planv1.ShuffleWrite, root Node) (*ShuffleWrite, error) {
	const path = "shuffle_write"
	schema, err := DecodeSchema(w.GetSchema())
	if err != nil {
		return nil, at(path+".schema", err)
	}
	out := root.Output()
	if len(schema) != len(out) {
		return nil, at(path+".schema", fmt.Errorf("%d columns, but the root has %d", len(schema), len(out)))
	}
	for i, f := range schema {
		if f.Type != out[i].Type {
			return nil, at(path+".schema", fmt.Errorf("column %d %q is %s, but the root's is %s", i, f.Name, f.Type, out[i].Type))
		}
	}
	if w.GetDataPath() == "" {
		return nil, at(path+".data_path", errors.New("is empty"))
	}
	s := &ShuffleWrite{PlanID: w.GetPlanId(), Schema: schema, Codec: w.GetCodec(), DataPath: w.GetDataPath()}
	switch s.Codec {
	case "":
		s.Codec = "lz4"
	case "lz4", "zstd":
	default:
		return nil, at(path+".codec", fmt.Errorf("unknown codec %q (lz4 or zstd)", s.Codec))
	}
	checkN := func(n int32, field string) (int, error) {
		if n <= 0 || n > MaxShufflePartitions {
			return 0, at(path+field, fmt.Errorf("num_partitions %d is outside [1, %d]", n, MaxShufflePartitions))
		}
		return int(n), nil
	}
	switch p := w.GetPartitioning().(type) {
	case *planv1.ShuffleWrite_Hash:
		s.Kind = HashPartitioned
		if s.NumPartitions, err = checkN(p.Hash.GetNumPartitions(), ".hash"); err != nil {
			return nil, err
		}
		if len(p.Hash.GetKeys()) == 0 {
			return nil, at(path+".hash.keys", errors.New("hash partitioning has no keys"))
		}
		for i, k := range p.Hash.GetKeys() {
			e, err := decodeExpr(k, out, fmt.Sprintf("%s.hash.keys[%d]", path, i), 0)
			if err != nil {
				return nil, err
			}
			s.Keys = append(s.Keys, e)
		}
	case *planv1.ShuffleWrite_Single:
		s.Kind, s.NumPartitions = SinglePartitioned, 1
	case *planv1.ShuffleWrite_RoundRobin:
		s.Kind = RoundRobinPartitioned
		if s.NumPartitions, err = checkN(p.RoundRobin.GetNumPartitions(), ".round_robin"); err != nil {
			return nil, err
		}
		s.Start = int(p.RoundRobin.GetStart())
		if s.Start < 0 || s.Start >= s.NumPartitions {
			return nil, at(path+".round_robin.start", fmt.Errorf("%d is outside [0, %d)", s.Start, s.NumPartitions))
		}
	case *planv1.ShuffleWrite_Range:
		s.Kind = RangePartitioned
		if s.NumPartitions, err = checkN(p.Range.GetNumPartitions(), ".range"); err != nil {
			return nil, err
		}
		if s.SortKeys, err = decodeSortKeys(p.Range.GetKeys(), out, path+".range"); err != nil {
			return nil, err
		}
		if err := checkSortKeys(s.SortKeys); err != nil {
			return nil, at(path+".range.keys", err)
		}
		s.Bounds = p.Range.GetBounds()
	default:
		return nil, at(path, errors.New("partitioning is not set"))
	}
	return s, nil
}
