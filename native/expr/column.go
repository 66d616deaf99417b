package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Column reads one column of the input batch (Spark's BoundReference).
type Column struct {
	ordinal int
	t       types.DataType
}

// NewColumn reads column ordinal, of Spark type t, of the input batches.
func NewColumn(ordinal int, t types.DataType) (*Column, error) {
	if ordinal < 0 {
		return nil, fmt.Errorf("column ordinal %d is negative", ordinal)
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &Column{ordinal: ordinal, t: t}, nil
}

// Ordinal is the column's position in the input.
func (c *Column) Ordinal() int { return c.ordinal }

// DataType implements Evaluator.
func (c *Column) DataType() types.DataType { return c.t }

// Eval returns the input column itself, with one more reference.
func (c *Column) Eval(_ context.Context, _ memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	if c.ordinal >= int(batch.NumCols()) {
		return nil, fmt.Errorf("column #%d: the batch has %d columns", c.ordinal, batch.NumCols())
	}
	col := batch.Column(c.ordinal)
	if !arrowMatches(col.DataType(), c.t) {
		return nil, fmt.Errorf("column #%d: expected %s (%s), the batch has %s", c.ordinal, c.t, c.t.ArrowType(""), col.DataType())
	}
	col.Retain()
	return col, nil
}

func (c *Column) String() string { return fmt.Sprintf("#%d", c.ordinal) }

// arrowMatches reports whether an input column of Arrow type got can hold
// Spark type t: the type ArrowType gives, except that a timestamp's time zone
// label is not checked (TimestampNTZ must have none).
func arrowMatches(got arrow.DataType, t types.DataType) bool {
	switch t.ID {
	case types.Timestamp, types.TimestampNTZ:
		g, ok := got.(*arrow.TimestampType)
		return ok && g.Unit == arrow.Microsecond && (t.ID == types.Timestamp || g.TimeZone == "")
	}
	return arrow.TypeEqual(got, t.ArrowType(""))
}
