package parquetscan

import (
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/ember-spark/ember/sparkplan/types"
)

// writeByteArrayDecimal writes a file with one optional BYTE_ARRAY column
// annotated DECIMAL(p, s), which pqarrow never produces.
func writeByteArrayDecimal(t *testing.T, path string, p, s int32, vals [][]byte) {
	t.Helper()
	node, err := schema.NewPrimitiveNodeLogical("d", parquet.Repetitions.Optional,
		schema.NewDecimalLogicalType(p, s), parquet.Types.ByteArray, -1, -1)
	if err != nil {
		t.Fatal(err)
	}
	root, err := schema.NewGroupNode("schema", parquet.Repetitions.Required, schema.FieldList{node}, -1)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := file.NewParquetWriter(f, root)
	rg := w.AppendRowGroup()
	cw, err := rg.NextColumn()
	if err != nil {
		t.Fatal(err)
	}
	var values []parquet.ByteArray
	defs := make([]int16, len(vals))
	for i, v := range vals {
		if v != nil {
			defs[i] = 1
			values = append(values, v)
		}
	}
	if _, err := cw.(*file.ByteArrayColumnChunkWriter).WriteBatch(values, defs, nil); err != nil {
		t.Fatal(err)
	}
	if err := cw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := rg.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// bigEndian is the minimal big-endian two's-complement encoding of v.
func bigEndian(v *big.Int) []byte {
	n := (v.BitLen() + 8) / 8 // room for the sign bit
	out := make([]byte, n)
	x := new(big.Int).Set(v)
	if x.Sign() < 0 {
		x.Add(x, new(big.Int).Lsh(big.NewInt(1), uint(8*n)))
	}
	x.FillBytes(out)
	return out
}

func TestScanByteArrayDecimal(t *testing.T) {
	dir := t.TempDir()
	want := []*big.Int{
		big.NewInt(0), big.NewInt(-1), big.NewInt(127), big.NewInt(-128), big.NewInt(1 << 40),
		nil,
		bigInt("99999999999999999999999999999999999999"),
		bigInt("-99999999999999999999999999999999999999"),
		bigInt("-12345678901234567890123"),
	}
	vals := make([][]byte, len(want))
	for i, v := range want {
		if v != nil {
			vals[i] = bigEndian(v)
		}
	}
	vals[1] = []byte{0xff, 0xff, 0xff} // -1, sign-extended over 3 bytes

	path := filepath.Join(dir, "ba38.parquet")
	writeByteArrayDecimal(t, path, 38, 6, vals)
	res, err := runScan(t, Options{Required: types.Schema{{Name: "d", Type: types.DecimalType(38, 6), Nullable: true}},
		Splits: []Split{wholeFile(t, path)}})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		got := res.rows[i][0]
		if w == nil {
			if got != nil {
				t.Fatalf("row %d = %v, want NULL", i, got)
			}
			continue
		}
		g := got.(decimal128.Num).BigInt()
		if g.Cmp(w) != 0 {
			t.Fatalf("row %d = %s, want %s", i, g, w)
		}
	}

	// Spark 3.5's vectorized reader only reads BYTE_ARRAY decimals into
	// decimals wider than 18 digits.
	small := filepath.Join(dir, "ba10.parquet")
	writeByteArrayDecimal(t, small, 10, 2, [][]byte{{0x01}, nil})
	if _, err := runScan(t, Options{Required: types.Schema{{Name: "d", Type: types.DecimalType(10, 2), Nullable: true}},
		Splits: []Split{wholeFile(t, small)}}); err == nil || !strings.Contains(err.Error(), "cannot be converted") {
		t.Fatalf("BYTE_ARRAY decimal(10,2): err = %v", err)
	}
	res, err = runScan(t, Options{Required: types.Schema{{Name: "d", Type: types.DecimalType(20, 2), Nullable: true}},
		Splits: []Split{wholeFile(t, small)}})
	if err != nil || res.rows[0][0] != decimal128.FromI64(1) || res.rows[1][0] != nil {
		t.Fatalf("BYTE_ARRAY decimal(10,2) as decimal(20,2): %v %v", err, res.rows)
	}
}

func TestDecimalFromBigEndian(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
		err  bool
	}{
		{[]byte{0x00}, "0", false},
		{[]byte{0x80}, "-128", false},
		{[]byte{0x00, 0x80}, "128", false},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}, "-2", false},
		{[]byte{0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "170141183460469231731687303715884105727", false},
		{[]byte{0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "", true},
		{[]byte{0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, "", true},
		{nil, "", true},
	} {
		got, err := decimalFromBigEndian(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("%x: no error", tc.in)
			}
			continue
		}
		if err != nil || got.BigInt().String() != tc.want {
			t.Errorf("%x = %s, %v; want %s", tc.in, got.BigInt(), err, tc.want)
		}
	}
}

// TestScanNestedColumns reads primitives next to nested columns, and fails
// only when a nested column is required.
func TestScanNestedColumns(t *testing.T) {
	cols := []testCol{
		{name: "id", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType, gen: func(i int) (any, bool) { return int64(i), true }},
	}
	// Build a record with a struct and a list column next to id.
	path := filepath.Join(t.TempDir(), "nested.parquet")
	writeNested(t, path, 40)
	res, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{wholeFile(t, path)}})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, cols, res.rows, seq(0, 40))
	for _, name := range []string{"st", "lst"} {
		_, err := runScan(t, Options{Required: types.Schema{{Name: name, Type: types.LongType, Nullable: true}}, Splits: []Split{wholeFile(t, path)}})
		if err == nil || !strings.Contains(err.Error(), "nested or repeated") {
			t.Fatalf("%s: err = %v", name, err)
		}
	}
}

func TestScanINT96Conversion(t *testing.T) {
	col := testCol{name: "t", arrowType: &arrow.TimestampType{Unit: arrow.Nanosecond}, nullable: true,
		gen: func(i int) (any, bool) { return int64(i) * 1_000_000_000, true }}
	path := writeParquet(t, filepath.Join(t.TempDir(), "i96.parquet"), []testCol{col}, 5, writeOpts{int96: true})
	req := types.Schema{{Name: "t", Type: types.TimestampType, Nullable: true}}
	_, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}, INT96TimestampConversion: true, SessionTimeZone: "Europe/Paris"})
	if err == nil || !strings.Contains(err.Error(), "int96TimestampConversion") {
		t.Fatalf("err = %v", err)
	}
	// In UTC the conversion is the identity.
	res, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}, INT96TimestampConversion: true, SessionTimeZone: "UTC"})
	if err != nil || res.rows[3][0] != int64(3_000_000) {
		t.Fatalf("UTC: %v %v", err, res.rows)
	}
}

// writeNested writes n rows of id int64, st struct<a: int32>, lst list<int64>.
func writeNested(t *testing.T, path string, n int) {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "st", Type: arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), Nullable: true},
		{Name: "lst", Type: arrow.ListOf(arrow.PrimitiveTypes.Int64), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), sc)
	defer b.Release()
	ids := b.Field(0).(*array.Int64Builder)
	st := b.Field(1).(*array.StructBuilder)
	lst := b.Field(2).(*array.ListBuilder)
	for i := 0; i < n; i++ {
		ids.Append(int64(i))
		st.Append(true)
		st.FieldBuilder(0).(*array.Int32Builder).Append(int32(i))
		lst.Append(true)
		for k := 0; k < i%3; k++ {
			lst.ValueBuilder().(*array.Int64Builder).Append(int64(k))
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), f, 16, nil, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
}

func bigInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return v
}
