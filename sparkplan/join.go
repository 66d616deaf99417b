package sparkplan

import (
	"encoding/binary"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

// JoinType is Spark's JoinType (Inner and Cross are both Inner).
type JoinType int

const (
	InnerJoin JoinType = iota
	LeftOuterJoin
	RightOuterJoin
	FullOuterJoin
	LeftSemiJoin
	LeftAntiJoin
)

func (t JoinType) String() string {
	return [...]string{"Inner", "LeftOuter", "RightOuter", "FullOuter", "LeftSemi", "LeftAnti"}[t]
}

var joinTypes = map[planv1.JoinType]JoinType{
	planv1.JoinType_JOIN_TYPE_INNER:       InnerJoin,
	planv1.JoinType_JOIN_TYPE_LEFT_OUTER:  LeftOuterJoin,
	planv1.JoinType_JOIN_TYPE_RIGHT_OUTER: RightOuterJoin,
	planv1.JoinType_JOIN_TYPE_FULL_OUTER:  FullOuterJoin,
	planv1.JoinType_JOIN_TYPE_LEFT_SEMI:   LeftSemiJoin,
	planv1.JoinType_JOIN_TYPE_LEFT_ANTI:   LeftAntiJoin,
}

// HashJoin joins Left and Right on equal keys (BroadcastHashJoinExec).
type HashJoin struct {
	nodeBase
	Left, Right Node
	Type        JoinType
	// LeftKeys are bound to Left's output, RightKeys to Right's; the i-th
	// keys of both sides have one type.
	LeftKeys, RightKeys []Expr
	// Condition is bound to Left ++ Right's output; nil: none.
	Condition     Expr
	BuildLeft     bool
	NullAwareAnti bool
	// BuildHasNullKey: the null-aware anti join's build side had a NULL key
	// that the JVM could not send (Spark's HashedRelationWithAllNullKeys).
	BuildHasNullKey bool
	// BuildKeysFingerprint is the build side's key expressions as the plan
	// encoded them (deterministic protobuf bytes), set when decoded: with
	// the build input's schema it says what a shared build side holds.
	BuildKeysFingerprint string
}

func (n *HashJoin) Children() []Node { return []Node{n.Left, n.Right} }
func (*HashJoin) Name() string       { return "HashJoin" }

// NewHashJoin checks a hash join: keys of one type pairwise (none for a
// nested loop join), a boolean
// condition, an output of the left ++ right types (left only for semi and
// anti joins), and the null-aware anti join's shape (Spark's: LeftAnti,
// BuildRight, one key, no condition). The output's nullability is Spark's
// and is not checked against the children's: Spark narrows it where the
// sidecar's operators do not (a Filter on IS NOT NULL).
func NewHashJoin(planID int64, left, right Node, typ JoinType, leftKeys, rightKeys []Expr, condition Expr,
	buildLeft, nullAwareAnti, buildHasNullKey bool, output types.Schema) (*HashJoin, error) {
	// No keys: a nested loop join (BroadcastNestedLoopJoinExec).
	if len(leftKeys) != len(rightKeys) {
		return nil, fmt.Errorf("hash join has %d left keys and %d right keys", len(leftKeys), len(rightKeys))
	}
	for i := range leftKeys {
		if leftKeys[i].DataType() != rightKeys[i].DataType() {
			return nil, fmt.Errorf("hash join key %d is %s on the left, %s on the right", i, leftKeys[i].DataType(), rightKeys[i].DataType())
		}
	}
	if condition != nil {
		if err := requireBoolean("join condition", condition); err != nil {
			return nil, err
		}
	}
	if nullAwareAnti && (typ != LeftAntiJoin || buildLeft || len(leftKeys) != 1 || condition != nil) {
		return nil, errors.New("a null-aware anti join is LeftAnti, build right, one key, no condition")
	}
	if buildHasNullKey && !nullAwareAnti {
		return nil, errors.New("build_has_null_key is for null-aware anti joins only")
	}
	want := append(types.Schema(nil), left.Output()...)
	if typ != LeftSemiJoin && typ != LeftAntiJoin {
		want = append(want, right.Output()...)
	}
	if len(output) != len(want) {
		return nil, fmt.Errorf("hash join output has %d columns, the join makes %d", len(output), len(want))
	}
	for i, f := range output {
		if f.Type != want[i].Type {
			return nil, fmt.Errorf("hash join output column %d %q is %s, the join makes %s", i, f.Name, f.Type, want[i].Type)
		}
	}
	return &HashJoin{nodeBase: nodeBase{planID, output}, Left: left, Right: right, Type: typ,
		LeftKeys: leftKeys, RightKeys: rightKeys, Condition: condition, BuildLeft: buildLeft,
		NullAwareAnti: nullAwareAnti, BuildHasNullKey: buildHasNullKey}, nil
}

func decodeHashJoin(planID int64, left, right Node, h *planv1.HashJoin, path string) (Node, error) {
	typ, ok := joinTypes[h.GetJoinType()]
	if !ok {
		return nil, at(path, fmt.Errorf("join type %v is not set or unknown", h.GetJoinType()))
	}
	decodeKeys := func(keys []*planv1.Expr, input types.Schema, field string) ([]Expr, error) {
		out := make([]Expr, len(keys))
		for i, k := range keys {
			x, err := decodeExpr(k, input, fmt.Sprintf("%s.%s[%d]", path, field, i), 0)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	leftKeys, err := decodeKeys(h.GetLeftKeys(), left.Output(), "left_keys")
	if err != nil {
		return nil, err
	}
	rightKeys, err := decodeKeys(h.GetRightKeys(), right.Output(), "right_keys")
	if err != nil {
		return nil, err
	}
	var condition Expr
	if h.GetCondition() != nil {
		both := append(append(types.Schema(nil), left.Output()...), right.Output()...)
		if condition, err = decodeExpr(h.GetCondition(), both, path+".condition", 0); err != nil {
			return nil, err
		}
	}
	output, err := DecodeSchema(h.GetOutput())
	if err != nil {
		return nil, at(path+".output", err)
	}
	n, err := NewHashJoin(planID, left, right, typ, leftKeys, rightKeys, condition,
		h.GetBuildLeft(), h.GetNullAwareAnti(), h.GetBuildHasNullKey(), output)
	if err != nil {
		return nil, at(path, err)
	}
	buildKeys := h.GetRightKeys()
	if h.GetBuildLeft() {
		buildKeys = h.GetLeftKeys()
	}
	var fp []byte
	for _, k := range buildKeys {
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(k)
		if err != nil {
			return nil, at(path, err)
		}
		fp = binary.AppendUvarint(fp, uint64(len(b)))
		fp = append(fp, b...)
	}
	n.BuildKeysFingerprint = string(fp)
	return n, nil
}
