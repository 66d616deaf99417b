package sparkplan

import (
	"errors"
	"fmt"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

// SortKey is one key of a sort (Spark's SortOrder): an expression over the
// child's output, its direction, and whether NULLs come first (whatever the
// direction).
type SortKey struct {
	Expr       Expr
	Descending bool
	NullsFirst bool
}

// sortable reports whether rows can be ordered by values of type t.
func sortable(t types.DataType) bool {
	switch t.ID {
	case types.Null, types.Boolean, types.Byte, types.Short, types.Int, types.Long, types.Float, types.Double,
		types.Decimal, types.String, types.Binary, types.Date, types.Timestamp, types.TimestampNTZ:
		return true
	}
	return false
}

func checkSortKeys(keys []SortKey) error {
	if len(keys) == 0 {
		return errors.New("no sort keys")
	}
	for i, k := range keys {
		if k.Expr == nil {
			return fmt.Errorf("sort key %d has no expression", i)
		}
		if !sortable(k.Expr.DataType()) {
			return fmt.Errorf("sort key %d: cannot order by type %s", i, k.Expr.DataType())
		}
	}
	return nil
}

// Sort orders every row of its child's partition (SortExec, global or not).
type Sort struct {
	nodeBase
	Child Node
	Keys  []SortKey
}

func (n *Sort) Children() []Node { return []Node{n.Child} }
func (*Sort) Name() string       { return "Sort" }

// NewSort orders child's rows by keys.
func NewSort(planID int64, child Node, keys []SortKey) (*Sort, error) {
	if err := checkSortKeys(keys); err != nil {
		return nil, err
	}
	return &Sort{nodeBase: nodeBase{planID, child.Output()}, Child: child, Keys: keys}, nil
}

// Limit keeps the rows at positions [Offset, Limit) of its child's partition
// (every row from Offset on when Limit is negative): LocalLimitExec and
// GlobalLimitExec.
type Limit struct {
	nodeBase
	Child  Node
	Limit  int64
	Offset int64
}

func (n *Limit) Children() []Node { return []Node{n.Child} }
func (*Limit) Name() string       { return "Limit" }

// NewLimit keeps the rows [offset, limit) of child.
func NewLimit(planID int64, child Node, limit, offset int64) (*Limit, error) {
	if offset < 0 {
		return nil, fmt.Errorf("negative offset %d", offset)
	}
	return &Limit{nodeBase: nodeBase{planID, child.Output()}, Child: child, Limit: limit, Offset: offset}, nil
}

// TopN keeps the first Limit rows of its child's partition in the order of
// Keys, sorted (the per-partition half of TakeOrderedAndProjectExec).
type TopN struct {
	nodeBase
	Child Node
	Keys  []SortKey
	Limit int64
}

func (n *TopN) Children() []Node { return []Node{n.Child} }
func (*TopN) Name() string       { return "TopN" }

// NewTopN keeps the first limit rows of child in the order of keys.
func NewTopN(planID int64, child Node, keys []SortKey, limit int64) (*TopN, error) {
	if err := checkSortKeys(keys); err != nil {
		return nil, err
	}
	if limit < 0 {
		return nil, fmt.Errorf("negative limit %d", limit)
	}
	return &TopN{nodeBase: nodeBase{planID, child.Output()}, Child: child, Keys: keys, Limit: limit}, nil
}

func decodeSortKeys(keys []*planv1.SortKey, input types.Schema, path string) ([]SortKey, error) {
	out := make([]SortKey, len(keys))
	for i, k := range keys {
		e, err := decodeExpr(k.GetExpr(), input, fmt.Sprintf("%s.keys[%d].expr", path, i), 0)
		if err != nil {
			return nil, err
		}
		out[i] = SortKey{Expr: e, Descending: k.GetDescending(), NullsFirst: k.GetNullsFirst()}
	}
	return out, nil
}

// decodeSortOperator decodes the Sort, Limit and TopN operators; ok is false
// for any other kind.
func decodeSortOperator(op *planv1.Operator, children []Node, path string) (n Node, ok bool, err error) {
	one := func(kind string) error {
		if len(children) != 1 {
			return at(path, fmt.Errorf("%s needs 1 children, has %d", kind, len(children)))
		}
		return nil
	}
	switch k := op.GetKind().(type) {
	case *planv1.Operator_Sort:
		if err := one("sort"); err != nil {
			return nil, true, err
		}
		p := path + ".sort"
		keys, err := decodeSortKeys(k.Sort.GetKeys(), children[0].Output(), p)
		if err != nil {
			return nil, true, err
		}
		n, err := NewSort(op.GetPlanId(), children[0], keys)
		return n, true, at(p, err)
	case *planv1.Operator_Limit:
		if err := one("limit"); err != nil {
			return nil, true, err
		}
		n, err := NewLimit(op.GetPlanId(), children[0], k.Limit.GetLimit(), k.Limit.GetOffset())
		return n, true, at(path+".limit", err)
	case *planv1.Operator_TopN:
		if err := one("top_n"); err != nil {
			return nil, true, err
		}
		p := path + ".top_n"
		keys, err := decodeSortKeys(k.TopN.GetKeys(), children[0].Output(), p)
		if err != nil {
			return nil, true, err
		}
		n, err := NewTopN(op.GetPlanId(), children[0], keys, k.TopN.GetLimit())
		return n, true, at(p, err)
	}
	return nil, false, nil
}
