package parquetscan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/ember-spark/ember/sparkplan/types"
)

// convKind is how the values of one Parquet column become the Arrow array of
// the required Spark type.
type convKind uint8

const (
	convMissing         convKind = iota // column not in the file: all NULL
	convBool                            // BOOLEAN -> boolean
	convInt32                           // INT32 -> int32 / date32 (same bits)
	convInt32ToInt8                     // INT32 -> int8, truncating like (byte) in Java
	convInt32ToInt16                    // INT32 -> int16, truncating like (short)
	convUint32ToInt64                   // INT32 UINT_32 -> int64
	convInt64                           // INT64 -> int64 / timestamp[us] (same bits)
	convMillisToMicros                  // INT64 TIMESTAMP(MILLIS) -> timestamp[us]
	convFloat32                         // FLOAT -> float32
	convFloat64                         // DOUBLE -> float64
	convInt32ToDecimal                  // INT32 DECIMAL -> decimal128
	convInt64ToDecimal                  // INT64 DECIMAL -> decimal128
	convUint64ToDecimal                 // INT64 UINT_64 -> decimal128(20, 0)
	convFLBAToDecimal                   // FIXED_LEN_BYTE_ARRAY DECIMAL -> decimal128
	convBinaryToDecimal                 // BYTE_ARRAY DECIMAL -> decimal128
	convString                          // BYTE_ARRAY -> utf8
	convBinary                          // BYTE_ARRAY -> binary
	convINT96                           // INT96 -> timestamp[us]
)

// statsKind says how a column's min/max statistics map into its predicate
// domain; statsNone when they cannot be trusted for Spark's ordering.
type statsKind uint8

const (
	statsNone statsKind = iota
	statsInt32
	statsInt32AsByte
	statsInt32AsShort
	statsInt64
	statsMillis
	statsFloat32
	statsFloat64
	statsBool
	statsDecInt32
	statsDecInt64
	statsBytes
)

// colPlan is how one required column is read from one file.
type colPlan struct {
	field     types.Field
	arrowType arrow.DataType
	leaf      int // leaf column index in the file, -1 when missing
	descr     *schema.Column
	conv      convKind
	rebase    rebaseKind
	rebaseMod RebaseMode
	stats     statsKind
	// lazyErr is raised when the file's first row group is read: Spark
	// builds its column updaters lazily, so a type mismatch in a file none
	// of whose row groups fall in the split is not an error.
	lazyErr error
}

// fileInfo is what planning needs to know about one file.
type fileInfo struct {
	path      string
	sc        *schema.Schema
	createdBy string
	datetime  RebaseMode // resolved datetime rebase policy
	int96     RebaseMode // resolved INT96 rebase policy
}

// planColumns matches the required columns to the file's top-level columns
// (ParquetReadSupport.clipParquetSchema) and picks each conversion.
func planColumns(fi *fileInfo, opts *Options) ([]colPlan, error) {
	root := fi.sc.Root()
	var byLower map[string][]int
	if !opts.CaseSensitive {
		byLower = make(map[string][]int, root.NumFields())
		for i := 0; i < root.NumFields(); i++ {
			k := strings.ToLower(root.Field(i).Name())
			byLower[k] = append(byLower[k], i)
		}
	}
	plans := make([]colPlan, len(opts.Required))
	for c, f := range opts.Required {
		p := &plans[c]
		p.field = f
		p.arrowType = f.Type.ArrowType(opts.SessionTimeZone)
		p.leaf = -1

		fieldIdx := -1
		if opts.CaseSensitive {
			fieldIdx = root.FieldIndexByName(f.Name)
		} else if idx := byLower[strings.ToLower(f.Name)]; len(idx) > 1 {
			names := make([]string, len(idx))
			for i, j := range idx {
				names[i] = root.Field(j).Name()
			}
			sort.Strings(names)
			return nil, fmt.Errorf("parquetscan: %s: found duplicate field(s) %q: [%s] in case-insensitive mode",
				fi.path, f.Name, strings.Join(names, ", "))
		} else if len(idx) == 1 {
			fieldIdx = idx[0]
		}

		if fieldIdx < 0 {
			if !f.Nullable {
				return nil, fmt.Errorf("parquetscan: %s: required column is missing in data file: %q is not nullable", fi.path, f.Name)
			}
			p.conv = convMissing
			continue
		}

		node := root.Field(fieldIdx)
		prim, ok := node.(*schema.PrimitiveNode)
		if !ok || node.RepetitionType() == parquet.Repetitions.Repeated {
			p.lazyErr = fmt.Errorf("parquetscan: %s: column %q is a nested or repeated Parquet type and cannot be read as %s",
				fi.path, node.Name(), f.Type)
			continue
		}
		leaf := fi.sc.ColumnIndexByNode(prim)
		if leaf < 0 {
			p.lazyErr = fmt.Errorf("parquetscan: %s: column %q has no leaf column", fi.path, node.Name())
			continue
		}
		p.leaf = leaf
		p.descr = fi.sc.Column(leaf)
		if err := choosePlan(p, fi, opts); err != nil {
			p.lazyErr = err
		}
	}
	return plans, nil
}

// choosePlan picks the conversion of p.descr to p.field.Type, following the
// cases of Spark 3.5's ParquetVectorUpdaterFactory.getUpdater; every other
// combination fails as Spark's SchemaColumnConvertNotSupportedException does.
func choosePlan(p *colPlan, fi *fileInfo, opts *Options) error {
	d := p.descr
	t := p.field.Type
	lt := d.LogicalType()
	mismatch := func() error {
		return fmt.Errorf("parquetscan: Parquet column cannot be converted in file %s. Column: [%s], Expected: %s, Found: %s%s",
			fi.path, d.Name(), t, d.PhysicalType(), logicalSuffix(lt))
	}

	switch d.PhysicalType() {
	case parquet.Types.Boolean:
		if t.ID == types.Boolean {
			p.conv, p.stats = convBool, statsBool
			return nil
		}
	case parquet.Types.Int32:
		unsigned := isUnsigned(lt)
		switch {
		case t.ID == types.Int:
			p.conv = convInt32
			if !unsigned {
				p.stats = statsInt32
			}
			return nil
		case t.ID == types.Decimal && t.Precision <= 9 && decimalMatched(lt, t):
			p.conv, p.stats = convInt32ToDecimal, statsDecInt32
			return nil
		case t.ID == types.Long && isUnsignedWidth(lt, 32):
			p.conv = convUint32ToInt64
			return nil
		case t.ID == types.Byte:
			p.conv = convInt32ToInt8
			if !unsigned {
				p.stats = statsInt32AsByte
			}
			return nil
		case t.ID == types.Short:
			p.conv = convInt32ToInt16
			if !unsigned {
				p.stats = statsInt32AsShort
			}
			return nil
		case t.ID == types.Date:
			p.conv = convInt32
			p.rebase, p.rebaseMod = rebaseDays, fi.datetime
			if !unsigned && fi.datetime != RebaseLegacy {
				p.stats = statsInt32
			}
			return nil
		}
	case parquet.Types.Int64:
		unsigned := isUnsigned(lt)
		switch {
		case t.ID == types.Long:
			p.conv = convInt64
			if !unsigned {
				p.stats = statsInt64
			}
			return nil
		case t.ID == types.Decimal && t.Precision <= 18 && decimalMatched(lt, t):
			p.conv, p.stats = convInt64ToDecimal, statsDecInt64
			return nil
		case t.ID == types.Decimal && t.Precision == 20 && t.Scale == 0 && isUnsignedWidth(lt, 64):
			p.conv = convUint64ToDecimal
			return nil
		}
		if ts, ok := lt.(schema.TimestampLogicalType); ok && (ts.TimeUnit() == schema.TimeUnitMicros || ts.TimeUnit() == schema.TimeUnitMillis) {
			if t.ID != types.Timestamp && t.ID != types.TimestampNTZ {
				return mismatch()
			}
			if t.ID == types.TimestampNTZ && ts.IsAdjustedToUTC() {
				return fmt.Errorf("parquetscan: %s: unable to create Parquet converter for data type \"timestamp_ntz\" whose Parquet type is int64 %s (column %q)",
					fi.path, lt, d.Name())
			}
			p.conv, p.stats = convInt64, statsInt64
			if ts.TimeUnit() == schema.TimeUnitMillis {
				p.conv, p.stats = convMillisToMicros, statsMillis
			}
			p.rebase, p.rebaseMod = rebaseMicros, fi.datetime
			if fi.datetime == RebaseLegacy {
				p.stats = statsNone
			}
			return nil
		}
	case parquet.Types.Int96:
		if t.ID == types.TimestampNTZ {
			return fmt.Errorf("parquetscan: %s: unable to create Parquet converter for data type \"timestamp_ntz\" whose Parquet type is INT96 (column %q)",
				fi.path, d.Name())
		}
		if t.ID == types.Timestamp {
			if opts.INT96TimestampConversion && !isParquetMR(fi.createdBy) && !isUTC(opts.SessionTimeZone) {
				return fmt.Errorf("parquetscan: %s: column %q: spark.sql.parquet.int96TimestampConversion for files not written by parquet-mr is not supported natively",
					fi.path, d.Name())
			}
			p.conv = convINT96
			p.rebase, p.rebaseMod = rebaseINT96, fi.int96
			return nil
		}
	case parquet.Types.Float:
		if t.ID == types.Float {
			p.conv, p.stats = convFloat32, statsFloat32
			return nil
		}
	case parquet.Types.Double:
		if t.ID == types.Double {
			p.conv, p.stats = convFloat64, statsFloat64
			return nil
		}
	case parquet.Types.ByteArray:
		_, isDecimal := lt.(schema.DecimalLogicalType)
		bytesStats := statsNone
		// Only min_value/max_value (TYPE_DEFINED_ORDER, unsigned bytes) match
		// Spark's ordering; the deprecated min/max used signed bytes.
		if !isDecimal && d.ColumnOrder() == parquet.ColumnOrders.TypeDefinedOrder && d.SortOrder() == schema.SortUNSIGNED {
			bytesStats = statsBytes
		}
		switch {
		case t.ID == types.String:
			p.conv, p.stats = convString, bytesStats
			return nil
		case t.ID == types.Binary:
			p.conv, p.stats = convBinary, bytesStats
			return nil
		case t.ID == types.Decimal && t.Precision > 18 && decimalMatched(lt, t):
			p.conv = convBinaryToDecimal
			return nil
		}
	case parquet.Types.FixedLenByteArray:
		if t.ID == types.Decimal && decimalMatched(lt, t) {
			if d.TypeLength() <= 0 {
				return fmt.Errorf("parquetscan: %s: column %q: invalid FIXED_LEN_BYTE_ARRAY length %d", fi.path, d.Name(), d.TypeLength())
			}
			p.conv = convFLBAToDecimal
			return nil
		}
	}
	return mismatch()
}

func logicalSuffix(lt schema.LogicalType) string {
	if lt == nil || !lt.IsValid() || lt.IsNone() {
		return ""
	}
	return " (" + lt.String() + ")"
}

func isUnsigned(lt schema.LogicalType) bool {
	it, ok := lt.(schema.IntLogicalType)
	return ok && !it.IsSigned()
}

func isUnsignedWidth(lt schema.LogicalType, bits int8) bool {
	it, ok := lt.(schema.IntLogicalType)
	return ok && !it.IsSigned() && it.BitWidth() == bits
}

// decimalMatched is Spark's isDecimalTypeMatched: the file's decimal fits the
// required precision and has the same scale.
func decimalMatched(lt schema.LogicalType, t types.DataType) bool {
	dec, ok := lt.(schema.DecimalLogicalType)
	return ok && dec.Precision() <= t.Precision && dec.Scale() == t.Scale
}

func isUTC(tz string) bool {
	switch tz {
	case "UTC", "Z", "+00:00", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu":
		return true
	}
	return false
}
