package sparkplan

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/sparkplan/types"
)

// maxDepth bounds plan and expression nesting so a hostile plan cannot
// exhaust the stack.
const maxDepth = 1000

// pathError prefixes an error with the path of the plan node it is about.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

func at(path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *pathError
	if errors.As(err, &pe) {
		return err
	}
	return &pathError{path, err}
}

// DecodeTask validates a task plan and returns its Go model.
func DecodeTask(p *planv1.TaskPlan) (*Task, error) {
	if p == nil {
		return nil, errors.New("task plan is missing")
	}
	if p.GetRoot() == nil {
		return nil, errors.New("task plan has no root operator")
	}
	root, err := decodeOperator(p.GetRoot(), "root", 0)
	if err != nil {
		return nil, err
	}
	inputs, broadcastInput, err := countInputs(root)
	if err != nil {
		return nil, err
	}
	batch := int(p.GetBatchSize())
	if batch < 0 {
		return nil, fmt.Errorf("batch_size %d is negative", batch)
	}
	if batch == 0 {
		batch = DefaultBatchSize
	}
	var skip *PartialAggregateSkip
	if ps := p.GetPartialAggregateSkip(); ps != nil {
		r := ps.GetMaxGroupRatio()
		if ps.GetMinRows() < 0 || !(r >= 0 && r <= 1) {
			return nil, fmt.Errorf("partial_aggregate_skip: min_rows %d must be >= 0 and max_group_ratio %v within [0, 1]", ps.GetMinRows(), r)
		}
		skip = &PartialAggregateSkip{MinRows: ps.GetMinRows(), MaxGroupRatio: r}
	}
	var write *ShuffleWrite
	if w := p.GetShuffleWrite(); w != nil {
		if write, err = decodeShuffleWrite(w, root); err != nil {
			return nil, err
		}
	}
	return &Task{
		Root:            root,
		TaskID:          p.GetTaskId(),
		PartitionID:     p.GetPartitionId(),
		TaskAttemptID:   p.GetTaskAttemptId(),
		SessionTimeZone: p.GetSessionTimeZone(),
		BatchSize:       batch,
		SpillDirs:       p.GetSpillDirs(),
		MemoryLimit:     p.GetMemoryLimit(),
		PartialSkip:     skip,
		Inputs:          inputs,
		PullInputs:      inputs > 1 || broadcastInput,
		ShuffleWrite:    write,
	}, nil
}

func decodeOperator(op *planv1.Operator, path string, depth int) (Node, error) {
	if depth > maxDepth {
		return nil, at(path, errors.New("plan nested too deeply"))
	}
	children := make([]Node, len(op.GetChildren()))
	for i, c := range op.GetChildren() {
		n, err := decodeOperator(c, fmt.Sprintf("%s.children[%d]", path, i), depth+1)
		if err != nil {
			return nil, err
		}
		children[i] = n
	}
	wantChildren := func(kind string, n int) error {
		if len(children) != n {
			return at(path, fmt.Errorf("%s needs %d children, has %d", kind, n, len(children)))
		}
		return nil
	}
	switch k := op.GetKind().(type) {
	case *planv1.Operator_ParquetScan:
		if err := wantChildren("parquet_scan", 0); err != nil {
			return nil, err
		}
		return decodeParquetScan(op.GetPlanId(), k.ParquetScan, path+".parquet_scan")
	case *planv1.Operator_Filter:
		if err := wantChildren("filter", 1); err != nil {
			return nil, err
		}
		p := path + ".filter"
		cond, err := decodeExpr(k.Filter.GetCondition(), children[0].Output(), p+".condition", 0)
		if err != nil {
			return nil, err
		}
		n, err := NewFilter(op.GetPlanId(), children[0], cond)
		return n, at(p, err)
	case *planv1.Operator_Project:
		if err := wantChildren("project", 1); err != nil {
			return nil, err
		}
		p := path + ".project"
		exprs := make([]Expr, len(k.Project.GetExprs()))
		for i, e := range k.Project.GetExprs() {
			x, err := decodeExpr(e, children[0].Output(), fmt.Sprintf("%s.exprs[%d]", p, i), 0)
			if err != nil {
				return nil, err
			}
			exprs[i] = x
		}
		n, err := NewProject(op.GetPlanId(), children[0], exprs, k.Project.GetNames())
		return n, at(p, err)
	case *planv1.Operator_Expand:
		if err := wantChildren("expand", 1); err != nil {
			return nil, err
		}
		p := path + ".expand"
		output, err := DecodeSchema(k.Expand.GetOutput())
		if err != nil {
			return nil, at(p+".output", err)
		}
		projections := make([][]Expr, len(k.Expand.GetProjections()))
		for j, proj := range k.Expand.GetProjections() {
			projections[j] = make([]Expr, len(proj.GetExprs()))
			for i, e := range proj.GetExprs() {
				x, err := decodeExpr(e, children[0].Output(), fmt.Sprintf("%s.projections[%d].exprs[%d]", p, j, i), 0)
				if err != nil {
					return nil, err
				}
				projections[j][i] = x
			}
		}
		n, err := NewExpand(op.GetPlanId(), children[0], projections, output)
		return n, at(p, err)
	case *planv1.Operator_Union:
		n, err := NewUnion(op.GetPlanId(), children)
		return n, at(path+".union", err)
	case *planv1.Operator_HashAggregate:
		if err := wantChildren("hash_aggregate", 1); err != nil {
			return nil, err
		}
		return decodeHashAggregate(op.GetPlanId(), children[0], k.HashAggregate, path+".hash_aggregate")
	case *planv1.Operator_HashJoin:
		if err := wantChildren("hash_join", 2); err != nil {
			return nil, err
		}
		return decodeHashJoin(op.GetPlanId(), children[0], children[1], k.HashJoin, path+".hash_join")
	case *planv1.Operator_ArrowInput:
		if err := wantChildren("arrow_input", 0); err != nil {
			return nil, err
		}
		schema, err := DecodeSchema(k.ArrowInput.GetSchema())
		if err != nil {
			return nil, at(path+".arrow_input.schema", err)
		}
		n, err := NewArrowInputAt(op.GetPlanId(), int(k.ArrowInput.GetIndex()), schema)
		if err != nil {
			return nil, at(path+".arrow_input", err)
		}
		n.ConcatenatedStreams = k.ArrowInput.GetConcatenatedStreams()
		if b := k.ArrowInput.GetBroadcast(); b != nil {
			if n.ConcatenatedStreams {
				return nil, at(path+".arrow_input", errors.New("a broadcast input is one stream, not concatenated streams"))
			}
			n.Broadcast = &BroadcastRef{ApplicationID: b.GetApplicationId(), ID: b.GetId()}
		}
		segments := k.ArrowInput.GetSegments()
		if len(segments) > 0 && !n.ConcatenatedStreams {
			return nil, at(path+".arrow_input.segments", errors.New("file segments need concatenated_streams"))
		}
		for i, s := range segments {
			if s.GetPath() == "" || s.GetOffset() < 0 || s.GetLength() < 0 {
				return nil, at(fmt.Sprintf("%s.arrow_input.segments[%d]", path, i),
					fmt.Errorf("bad file segment %q offset %d length %d", s.GetPath(), s.GetOffset(), s.GetLength()))
			}
			n.Segments = append(n.Segments, FileSegment{Path: s.GetPath(), Offset: s.GetOffset(), Length: s.GetLength()})
		}
		return n, nil
	case *planv1.Operator_Sort, *planv1.Operator_Limit, *planv1.Operator_TopN:
		n, _, err := decodeSortOperator(op, children, path)
		if err != nil {
			return nil, err
		}
		return n, nil
	case nil:
		return nil, at(path, errors.New("operator kind is not set"))
	default:
		return nil, at(path, fmt.Errorf("unsupported operator %T", k))
	}
}

func decodeParquetScan(planID int64, s *planv1.ParquetScan, path string) (Node, error) {
	required, err := DecodeSchema(s.GetRequiredSchema())
	if err != nil {
		return nil, at(path+".required_schema", err)
	}
	filters := make([]Expr, len(s.GetDataFilters()))
	for i, f := range s.GetDataFilters() {
		x, err := decodeExpr(f, required, fmt.Sprintf("%s.data_filters[%d]", path, i), 0)
		if err != nil {
			return nil, err
		}
		filters[i] = x
	}
	files := make([]FileSplit, len(s.GetFiles()))
	for i, f := range s.GetFiles() {
		files[i] = FileSplit{Path: f.GetPath(), Start: f.GetStart(), Length: f.GetLength(), FileSize: f.GetFileSize()}
	}
	n, err := NewParquetScan(planID, required, filters, files, s.GetCaseSensitive())
	if err != nil {
		return nil, at(path, err)
	}
	n.DatetimeRebaseMode = s.GetDatetimeRebaseMode()
	n.INT96RebaseMode = s.GetInt96RebaseMode()
	n.INT96TimestampConversion = s.GetInt96TimestampConversion()
	n.IgnoreMissingFiles = s.GetIgnoreMissingFiles()
	n.IgnoreCorruptFiles = s.GetIgnoreCorruptFiles()
	return n, nil
}

// DecodeSchema converts a protobuf schema.
func DecodeSchema(s *planv1.Schema) (types.Schema, error) {
	out := make(types.Schema, len(s.GetFields()))
	for i, f := range s.GetFields() {
		t, err := DecodeType(f.GetType())
		if err != nil {
			return nil, fmt.Errorf("fields[%d] %q: %w", i, f.GetName(), err)
		}
		out[i] = types.Field{Name: f.GetName(), Type: t, Nullable: f.GetNullable()}
	}
	return out, nil
}

var typeIDs = map[planv1.TypeId]types.ID{
	planv1.TypeId_TYPE_ID_NULL:          types.Null,
	planv1.TypeId_TYPE_ID_BOOLEAN:       types.Boolean,
	planv1.TypeId_TYPE_ID_BYTE:          types.Byte,
	planv1.TypeId_TYPE_ID_SHORT:         types.Short,
	planv1.TypeId_TYPE_ID_INT:           types.Int,
	planv1.TypeId_TYPE_ID_LONG:          types.Long,
	planv1.TypeId_TYPE_ID_FLOAT:         types.Float,
	planv1.TypeId_TYPE_ID_DOUBLE:        types.Double,
	planv1.TypeId_TYPE_ID_DECIMAL:       types.Decimal,
	planv1.TypeId_TYPE_ID_STRING:        types.String,
	planv1.TypeId_TYPE_ID_BINARY:        types.Binary,
	planv1.TypeId_TYPE_ID_DATE:          types.Date,
	planv1.TypeId_TYPE_ID_TIMESTAMP:     types.Timestamp,
	planv1.TypeId_TYPE_ID_TIMESTAMP_NTZ: types.TimestampNTZ,
}

// DecodeType converts a protobuf data type.
func DecodeType(t *planv1.DataType) (types.DataType, error) {
	if t == nil {
		return types.DataType{}, errors.New("data type is missing")
	}
	id, ok := typeIDs[t.GetId()]
	if !ok {
		return types.DataType{}, fmt.Errorf("unsupported data type %v", t.GetId())
	}
	dt := types.DataType{ID: id, Precision: t.GetPrecision(), Scale: t.GetScale()}
	return dt, dt.Validate()
}

func decodeEvalMode(m planv1.EvalMode) (EvalMode, error) {
	switch m {
	case planv1.EvalMode_EVAL_MODE_LEGACY:
		return Legacy, nil
	case planv1.EvalMode_EVAL_MODE_ANSI:
		return ANSI, nil
	case planv1.EvalMode_EVAL_MODE_TRY:
		return Try, nil
	}
	return 0, fmt.Errorf("eval mode %v is not set or unknown", m)
}

var compareOps = map[planv1.ComparisonOp]CompareOp{
	planv1.ComparisonOp_COMPARISON_OP_EQUAL:                 Equal,
	planv1.ComparisonOp_COMPARISON_OP_EQUAL_NULL_SAFE:       EqualNullSafe,
	planv1.ComparisonOp_COMPARISON_OP_LESS_THAN:             LessThan,
	planv1.ComparisonOp_COMPARISON_OP_LESS_THAN_OR_EQUAL:    LessThanOrEqual,
	planv1.ComparisonOp_COMPARISON_OP_GREATER_THAN:          GreaterThan,
	planv1.ComparisonOp_COMPARISON_OP_GREATER_THAN_OR_EQUAL: GreaterThanOrEqual,
}

var arithOps = map[planv1.ArithmeticOp]ArithOp{
	planv1.ArithmeticOp_ARITHMETIC_OP_ADD:      Add,
	planv1.ArithmeticOp_ARITHMETIC_OP_SUBTRACT: Subtract,
	planv1.ArithmeticOp_ARITHMETIC_OP_MULTIPLY: Multiply,
	planv1.ArithmeticOp_ARITHMETIC_OP_DIVIDE:   Divide,
}

func decodeExpr(e *planv1.Expr, input types.Schema, path string, depth int) (Expr, error) {
	if e == nil {
		return nil, at(path, errors.New("expression is missing"))
	}
	if depth > maxDepth {
		return nil, at(path, errors.New("expression nested too deeply"))
	}
	declared, err := DecodeType(e.GetDataType())
	if err != nil {
		return nil, at(path+".data_type", err)
	}
	sub := func(name string, c *planv1.Expr) (Expr, error) {
		return decodeExpr(c, input, path+"."+name, depth+1)
	}
	pair := func(kind string, l, r *planv1.Expr) (Expr, Expr, error) {
		left, err := sub(kind+".left", l)
		if err != nil {
			return nil, nil, err
		}
		right, err := sub(kind+".right", r)
		return left, right, err
	}
	var out Expr
	switch k := e.GetKind().(type) {
	case *planv1.Expr_Column:
		out, err = NewColumnRef(input, int(k.Column.GetOrdinal()), k.Column.GetName())
	case *planv1.Expr_Literal:
		out, err = decodeLiteral(k.Literal)
	case *planv1.Expr_Comparison:
		op, ok := compareOps[k.Comparison.GetOp()]
		if !ok {
			return nil, at(path, fmt.Errorf("unknown comparison operator %v", k.Comparison.GetOp()))
		}
		l, r, perr := pair("comparison", k.Comparison.GetLeft(), k.Comparison.GetRight())
		if perr != nil {
			return nil, perr
		}
		out, err = NewComparison(op, l, r)
	case *planv1.Expr_And:
		l, r, perr := pair("and", k.And.GetLeft(), k.And.GetRight())
		if perr != nil {
			return nil, perr
		}
		out, err = NewAnd(l, r)
	case *planv1.Expr_Or:
		l, r, perr := pair("or", k.Or.GetLeft(), k.Or.GetRight())
		if perr != nil {
			return nil, perr
		}
		out, err = NewOr(l, r)
	case *planv1.Expr_Not:
		c, cerr := sub("not.child", k.Not.GetChild())
		if cerr != nil {
			return nil, cerr
		}
		out, err = NewNot(c)
	case *planv1.Expr_IsNull:
		c, cerr := sub("is_null.child", k.IsNull.GetChild())
		if cerr != nil {
			return nil, cerr
		}
		out = NewIsNull(c)
	case *planv1.Expr_IsNotNull:
		c, cerr := sub("is_not_null.child", k.IsNotNull.GetChild())
		if cerr != nil {
			return nil, cerr
		}
		out = NewIsNotNull(c)
	case *planv1.Expr_Arithmetic:
		op, ok := arithOps[k.Arithmetic.GetOp()]
		if !ok {
			return nil, at(path, fmt.Errorf("unknown arithmetic operator %v", k.Arithmetic.GetOp()))
		}
		mode, merr := decodeEvalMode(k.Arithmetic.GetEvalMode())
		if merr != nil {
			return nil, at(path+".arithmetic", merr)
		}
		l, r, perr := pair("arithmetic", k.Arithmetic.GetLeft(), k.Arithmetic.GetRight())
		if perr != nil {
			return nil, perr
		}
		out, err = NewArithmetic(op, l, r, declared, e.GetNullable(), mode)
	case *planv1.Expr_Cast:
		mode, merr := decodeEvalMode(k.Cast.GetEvalMode())
		if merr != nil {
			return nil, at(path+".cast", merr)
		}
		c, cerr := sub("cast.child", k.Cast.GetChild())
		if cerr != nil {
			return nil, cerr
		}
		out, err = NewCast(c, declared, e.GetNullable(), mode, k.Cast.GetTimeZone())
	case *planv1.Expr_ScalarFunction:
		f := k.ScalarFunction
		p := path + ".scalar_function"
		mode, merr := decodeEvalMode(f.GetEvalMode())
		if merr != nil {
			return nil, at(p, merr)
		}
		args := make([]Expr, len(f.GetArgs()))
		for i, a := range f.GetArgs() {
			x, aerr := sub(fmt.Sprintf("scalar_function.args[%d]", i), a)
			if aerr != nil {
				return nil, aerr
			}
			args[i] = x
		}
		out, err = NewScalarFunction(f.GetName(), args, declared, e.GetNullable(), mode)
	case *planv1.Expr_ScalarSubquery:
		// The plugin substitutes the subquery's value on the driver before sending the plan.
		return nil, at(path, fmt.Errorf("scalar subquery #%d was not replaced by its value", k.ScalarSubquery.GetExprId()))
	case nil:
		return nil, at(path, errors.New("expression kind is not set"))
	default:
		return nil, at(path, fmt.Errorf("unsupported expression %T", k))
	}
	if err != nil {
		return nil, at(path, err)
	}
	if out.DataType() != declared {
		return nil, at(path, fmt.Errorf("declared type %s but %s produces %s", declared, out, out.DataType()))
	}
	return out, nil
}

func decodeLiteral(l *planv1.Literal) (*Literal, error) {
	t, err := DecodeType(l.GetType())
	if err != nil {
		return nil, err
	}
	if l.GetIsNull() {
		return NewLiteral(t, nil)
	}
	var v any
	switch x := l.GetValue().(type) {
	case *planv1.Literal_BooleanValue:
		v = x.BooleanValue
	case *planv1.Literal_IntValue:
		switch t.ID {
		case types.Byte:
			if x.IntValue < -128 || x.IntValue > 127 {
				return nil, fmt.Errorf("tinyint literal %d out of range", x.IntValue)
			}
			v = int8(x.IntValue)
		case types.Short:
			if x.IntValue < -32768 || x.IntValue > 32767 {
				return nil, fmt.Errorf("smallint literal %d out of range", x.IntValue)
			}
			v = int16(x.IntValue)
		default:
			v = x.IntValue
		}
	case *planv1.Literal_LongValue:
		v = x.LongValue
	case *planv1.Literal_FloatValue:
		v = x.FloatValue
	case *planv1.Literal_DoubleValue:
		v = x.DoubleValue
	case *planv1.Literal_DecimalValue:
		n, derr := decimalFromTwosComplement(x.DecimalValue)
		if derr != nil {
			return nil, derr
		}
		v = n
	case *planv1.Literal_StringValue:
		v = x.StringValue
	case *planv1.Literal_BinaryValue:
		if t.ID == types.String {
			// A Spark string that is not valid UTF-8 (a scalar subquery's value) cannot be a
			// proto string; its bytes travel as binary and stay as they are.
			v = string(x.BinaryValue)
			break
		}
		v = x.BinaryValue
		if v.([]byte) == nil {
			v = []byte{}
		}
	case nil:
		return nil, fmt.Errorf("literal of type %s has no value and is not null", t)
	}
	return NewLiteral(t, v)
}

// decimalFromTwosComplement reads java.math.BigInteger#toByteArray output.
func decimalFromTwosComplement(b []byte) (decimal128.Num, error) {
	if len(b) == 0 || len(b) > 16 {
		return decimal128.Num{}, fmt.Errorf("decimal literal has %d bytes, want 1 to 16", len(b))
	}
	n := new(big.Int).SetBytes(b)
	if b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return decimal128.FromBigInt(n), nil
}
