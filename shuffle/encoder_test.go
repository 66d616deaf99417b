package shuffle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// encoderSchema has every type lz4Encoder writes, all with NULLs but one.
var encoderSchema = types.Schema{
	{Name: "b", Type: types.BooleanType, Nullable: true},
	{Name: "i8", Type: types.ByteType, Nullable: true},
	{Name: "i16", Type: types.ShortType, Nullable: true},
	{Name: "i32", Type: types.IntType, Nullable: true},
	{Name: "i64", Type: types.LongType, Nullable: true},
	{Name: "f32", Type: types.FloatType, Nullable: true},
	{Name: "f64", Type: types.DoubleType, Nullable: true},
	{Name: "dec", Type: types.DecimalType(12, 2), Nullable: true},
	{Name: "s", Type: types.StringType, Nullable: true},
	{Name: "bin", Type: types.BinaryType, Nullable: true},
	{Name: "d", Type: types.DateType, Nullable: true},
	{Name: "ts", Type: types.TimestampType, Nullable: true},
	{Name: "n", Type: types.NullType, Nullable: true},
	{Name: "nonull", Type: types.LongType, Nullable: false},
}

func encoderColumns(n int) [][]any {
	cols := make([][]any, len(encoderSchema))
	x := uint64(1)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		vals := []any{i%3 == 0, int8(i), int16(i * 3), int32(x >> 40), int64(x >> 20), float32(i) / 4,
			float64(x>>11) / 3, decimal128.FromI64(int64(i) * 101), fmt.Sprintf("s%d", i%50),
			[]byte(strings.Repeat("b", i%5)), int32(i), int64(x >> 8), nil, int64(i)}
		for c, v := range vals {
			if i%7 == 3 && c != len(vals)-1 {
				v = nil
			}
			cols[c] = append(cols[c], v)
		}
	}
	return cols
}

// lz4Encoder's streams read back with arrow-go's IPC reader as the rows
// encoded, for every type, slices at any offset (bitmaps not byte-aligned,
// string offsets not starting at 0) and buffers of several LZ4 blocks.
func TestLZ4EncoderRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sch := encoderSchema.ArrowSchema("UTC")
	if !encodable(sch) {
		t.Fatal("the schema is not encodable")
	}
	const n = 200_000
	batches := nativetest.Batches(mem, encoderSchema, encoderColumns(n), n)
	rec := batches[0]
	defer rec.Release()
	enc, err := newLZ4Encoder(sch, mem)
	if err != nil {
		t.Fatal(err)
	}
	cuts := [][2]int{{0, n}, {3, 1000}, {8, 77}, {13, 1}, {150_001, 49_999}, {64, 70_000}, {5, 12}}
	var buf chunks
	enc.start(&buf)
	for _, c := range cuts {
		cols := make([]arrow.Array, rec.NumCols())
		for i := range cols {
			cols[i] = array.NewSlice(rec.Column(i), int64(c[0]), int64(c[0]+c[1]))
		}
		err := enc.encode(&buf, cols, c[1])
		native.ReleaseAll(cols)
		if err != nil {
			t.Fatal(err)
		}
	}
	enc.end(&buf)
	var raw bytes.Buffer
	if _, err := buf.WriteTo(&raw); err != nil {
		t.Fatal(err)
	}
	r, err := ipc.NewReader(bytes.NewReader(raw.Bytes()), ipc.WithAllocator(mem), ipc.WithSchema(sch))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	i := 0
	for ; r.Next(); i++ {
		if i >= len(cuts) {
			t.Fatalf("more than %d batches", len(cuts))
		}
		c := cuts[i]
		want := rec.NewSlice(int64(c[0]), int64(c[0]+c[1]))
		got := r.RecordBatch()
		for col := range int(want.NumCols()) {
			if !array.Equal(got.Column(col), want.Column(col)) {
				t.Fatalf("batch %d (rows %d+%d), column %s differs", i, c[0], c[1], sch.Field(col).Name)
			}
		}
		want.Release()
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if i != len(cuts) {
		t.Fatalf("%d batches read, %d written", i, len(cuts))
	}
}

// The frame header is the one pierrec/lz4 writes: magic, version 1 with
// independent blocks, 64 KiB blocks, its checksum byte.
func TestLZ4FrameHeader(t *testing.T) {
	if len(lz4FrameHeader) != 7 || binary.LittleEndian.Uint32(lz4FrameHeader) != 0x184D2204 ||
		lz4FrameHeader[4] != 0x60 || lz4FrameHeader[5] != 0x40 {
		t.Fatalf("frame header % x", lz4FrameHeader)
	}
}

// A buffer none of whose blocks shrinks is stored after an uncompressed
// length of -1, others as LZ4 frames; arrow-go's reader reads both.
func TestLZ4EncoderStoresIncompressible(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sch := types.Schema{{Name: "random", Type: types.LongType}, {Name: "zeros", Type: types.LongType}}
	const n = 20_000 // random: 160 KB, three blocks
	cols := make([][]any, 2)
	x := uint64(5)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		cols[0], cols[1] = append(cols[0], int64(x^x<<29)), append(cols[1], int64(0))
	}
	rec := nativetest.Batches(mem, sch, cols, n)[0]
	defer rec.Release()
	enc, err := newLZ4Encoder(sch.ArrowSchema("UTC"), mem)
	if err != nil {
		t.Fatal(err)
	}
	var buf chunks
	enc.start(&buf)
	if err := enc.encode(&buf, rec.Columns(), n); err != nil {
		t.Fatal(err)
	}
	enc.end(&buf)
	// Buffers: validity, values of each column (no NULLs: empty validity).
	length := func(b bufferSpec) int64 { return int64(binary.LittleEndian.Uint64(enc.body[b.offset:])) }
	if l := length(enc.bufs[1]); l != -1 || enc.bufs[1].length != 8+8*n {
		t.Fatalf("random values: length word %d, %d bytes; want -1, %d", l, enc.bufs[1].length, 8+8*n)
	}
	if l := length(enc.bufs[3]); l != 8*n || enc.bufs[3].length >= 8*n/10 {
		t.Fatalf("zero values: length word %d, %d bytes; want %d, compressed", l, enc.bufs[3].length, 8*n)
	}
	var raw bytes.Buffer
	if _, err := buf.WriteTo(&raw); err != nil {
		t.Fatal(err)
	}
	r, err := ipc.NewReader(bytes.NewReader(raw.Bytes()), ipc.WithAllocator(mem), ipc.WithSchema(rec.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if !r.Next() {
		t.Fatalf("no batch: %v", r.Err())
	}
	if got := r.RecordBatch(); !array.RecordEqual(got, rec) {
		t.Fatal("the batch read back differs")
	}
}
