package shuffle

// Arrow: format/Message.fbs (Message, RecordBatch, FieldNode, Buffer,
// BodyCompression), docs/source/format/Columnar.rst (the encapsulated message
// format, buffer layouts, compressed buffers: an int64 uncompressed length and
// the compressed bytes). LZ4: doc/lz4_Frame_format.md. arrow-go's
// arrow/ipc/writer.go (recordEncoder) writes the same messages.

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	flatbuffers "github.com/google/flatbuffers/go"
	"github.com/pierrec/lz4/v4"

	"github.com/ember-spark/ember/kernels/kutil"
)

// lz4Encoder writes Arrow IPC streams whose record batch bodies are LZ4_FRAME
// compressed buffer by buffer, as arrow-go's ipc.Writer with ipc.WithLZ4 does
// (frames of independent 64 KiB blocks, no checksums), for the flat types the
// writer groups (encodable). arrow-go's writer allocates a buffer and takes a
// frame writer's pooled block buffers for every buffer it compresses and
// copies each buffer twice more on the way; here one block compressor, the
// message builder and the body are reused across buffers, batches and
// partitions, and the blocks are compressed straight into the body.
//
// Memory: the body of one batch (its buffers compressed, or stored when
// incompressible) and the realigned bitmaps or rebased offsets of one buffer,
// both kept for the next batch; retained says how much (the Writer reserves
// it, and has the encoder release it when the budget refuses).
type lz4Encoder struct {
	schemaMsg []byte             // the stream's first message, the schema
	comp      lz4BlockCompressor // reused: its table is reset per block, not allocated
	fb        *flatbuffers.Builder
	nodes     []fieldNode
	bufs      []bufferSpec
	body      []byte // the batch's body being built
	scratch   []byte // one buffer's realigned bits or rebased offsets
}

type fieldNode struct{ length, nulls int64 }

type bufferSpec struct{ offset, length int64 }

const (
	lz4BlockSize      = 64 << 10
	lz4BlockStored    = 1 << 31 // a block size word's flag: the block is stored uncompressed
	fbMetadataV5      = 4       // MetadataVersion.V5
	fbHeaderRecBatch  = 3       // MessageHeader.RecordBatch
	fbCodecLZ4Frame   = 0       // CompressionType.LZ4_FRAME
	fbMethodBuffer    = 0       // BodyCompressionMethod.BUFFER
	ipcContinuation   = 0xFFFFFFFF
	maxRetainedBuffer = 1 << 20 // scratch kept between flushes
)

// lz4FrameHeader is the header of every frame: magic, descriptor (version 1,
// independent blocks, 64 KiB blocks, no checksums, no content size) and its
// checksum byte, taken from the frame pierrec/lz4 writes for arrow-go's
// options (ChecksumOption(false), BlockSizeOption(Block64Kb)) so the two agree.
var lz4FrameHeader = func() []byte {
	var b bytes.Buffer
	zw := lz4.NewWriter(&b)
	if err := zw.Apply(lz4.ChecksumOption(false), lz4.BlockSizeOption(lz4.Block64Kb)); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	// An empty frame: the header, then the end mark (a zero block size).
	return b.Bytes()[:b.Len()-4]
}()

// ipcEOS ends an IPC stream.
var ipcEOS = []byte{0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0}

var padding8 [8]byte

// encodable: every field of schema is of a type lz4Encoder writes (the
// types selection.ScatterChunks groups).
func encodable(schema *arrow.Schema) bool {
	for _, f := range schema.Fields() {
		switch f.Type.ID() {
		case arrow.NULL, arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
			arrow.DATE32, arrow.DATE64, arrow.TIMESTAMP, arrow.FLOAT32, arrow.FLOAT64,
			arrow.DECIMAL128, arrow.STRING, arrow.BINARY:
		default:
			return false
		}
	}
	return true
}

func newLZ4Encoder(schema *arrow.Schema, mem memory.Allocator) (*lz4Encoder, error) {
	p := ipc.GetSchemaPayload(schema, mem)
	defer p.Release()
	var b bytes.Buffer
	if _, err := p.WritePayload(&b); err != nil {
		return nil, fmt.Errorf("shuffle: schema message: %w", err)
	}
	return &lz4Encoder{schemaMsg: b.Bytes(), fb: flatbuffers.NewBuilder(1024)}, nil
}

// retained is the memory the encoder keeps for the next batch: its body and
// scratch buffers (the block compressor's table, 136 KiB, and the message
// builder are fixed, like the Writer's own state).
func (e *lz4Encoder) retained() int64 {
	return int64(cap(e.body) + cap(e.scratch))
}

// trim drops the body and scratch when they grew past maxRetainedBuffer (one
// large batch, such as a single partition's).
func (e *lz4Encoder) trim() {
	if cap(e.body) > maxRetainedBuffer {
		e.body = nil
	}
	if cap(e.scratch) > maxRetainedBuffer {
		e.scratch = nil
	}
}

// release drops the body and scratch; the next batch allocates them anew.
func (e *lz4Encoder) release() {
	e.body, e.scratch = nil, nil
}

// start writes the stream's schema message to out.
func (e *lz4Encoder) start(out *chunks) {
	out.Write(e.schemaMsg)
}

// end writes the end-of-stream marker to out.
func (e *lz4Encoder) end(out *chunks) {
	out.Write(ipcEOS)
}

// encode writes a record batch message of cols (rows rows) to out.
func (e *lz4Encoder) encode(out *chunks, cols []arrow.Array, rows int) error {
	e.nodes, e.bufs, e.body = e.nodes[:0], e.bufs[:0], e.body[:0]
	for i, c := range cols {
		if err := e.column(c); err != nil {
			return fmt.Errorf("shuffle: column %d: %w", i, err)
		}
	}
	meta := e.message(int64(rows), int64(len(e.body)))
	// The encapsulated message: continuation marker, the metadata's length
	// padded so the body starts 8-byte aligned, metadata, padding, body.
	padded := (len(meta) + 8 + 7) &^ 7
	var prefix [8]byte
	binary.LittleEndian.PutUint32(prefix[:4], ipcContinuation)
	binary.LittleEndian.PutUint32(prefix[4:], uint32(padded-8))
	out.Write(prefix[:])
	out.Write(meta)
	out.Write(padding8[:padded-8-len(meta)])
	out.Write(e.body)
	return nil
}

// column adds c's field node and buffers, as arrow-go's writer lists them:
// validity (empty when there is no NULL), then the type's buffers; the Null
// type has none.
func (e *lz4Encoder) column(c arrow.Array) error {
	d := c.Data()
	n, off := d.Len(), d.Offset()
	nulls := c.NullN()
	e.nodes = append(e.nodes, fieldNode{length: int64(n), nulls: int64(nulls)})
	if c.DataType().ID() == arrow.NULL {
		return nil
	}
	if nulls == 0 {
		e.add(nil)
	} else {
		bm, boff := kutil.Validity(c)
		e.add(kutil.AlignedBits(bm, boff, n, &e.scratch))
	}
	bufs := d.Buffers()
	switch dt := c.DataType().(type) {
	case *arrow.BooleanType:
		if n == 0 || bufs[1] == nil {
			e.add(nil)
		} else {
			e.add(kutil.AlignedBits(bufs[1].Bytes(), off, n, &e.scratch))
		}
	case *arrow.StringType, *arrow.BinaryType:
		if n == 0 {
			e.add(nil)
			e.add(nil)
			return nil
		}
		offs := arrow.GetOffsets[int32](d, 1)
		first, last := offs[0], offs[n]
		if first == 0 {
			e.add(arrow.Int32Traits.CastToBytes(offs))
		} else {
			if cap(e.scratch) < 4*(n+1) {
				e.scratch = make([]byte, 4*(n+1))
			}
			rebased := arrow.Int32Traits.CastFromBytes(e.scratch[:4*(n+1)])
			for i, o := range offs {
				rebased[i] = o - first
			}
			e.add(e.scratch[:4*(n+1)])
		}
		var data []byte
		if bufs[2] != nil && last > first {
			data = bufs[2].Bytes()[first:last]
		}
		e.add(data)
	case arrow.FixedWidthDataType:
		w := dt.BitWidth() / 8
		if n == 0 || bufs[1] == nil {
			e.add(nil)
		} else {
			e.add(bufs[1].Bytes()[off*w : (off+n)*w])
		}
	default:
		return fmt.Errorf("type %s is not supported", c.DataType())
	}
	return nil
}

// add appends one buffer to the body: nothing when empty, else its length as
// an int64 and its LZ4 frame, padded to 8 bytes.
func (e *lz4Encoder) add(src []byte) {
	start := len(e.body)
	if len(src) == 0 {
		e.bufs = append(e.bufs, bufferSpec{offset: int64(start)})
		return
	}
	e.body = binary.LittleEndian.AppendUint64(e.body, uint64(len(src)))
	e.body = append(e.body, lz4FrameHeader...)
	compressed := false
	for rest := src; len(rest) > 0; {
		blk := rest[:min(len(rest), lz4BlockSize)]
		rest = rest[len(blk):]
		at := len(e.body)
		e.body = grow(e.body, 4+len(blk))
		// A destination as long as the block: the compressor gives up (0, or
		// an error) when the block would not shrink, and it is stored.
		k := e.comp.compress(blk, e.body[at+4:at+4+len(blk)])
		if k <= 0 || k >= len(blk) {
			copy(e.body[at+4:], blk)
			binary.LittleEndian.PutUint32(e.body[at:], uint32(len(blk))|lz4BlockStored)
		} else {
			binary.LittleEndian.PutUint32(e.body[at:], uint32(k))
			e.body = e.body[:at+4+k]
			compressed = true
		}
	}
	if !compressed {
		// No block shrank: the buffer is stored as it is, after an
		// uncompressed length of -1 (Arrow's mark of an uncompressed buffer
		// in a compressed body), which the reader slices without copying.
		e.body = binary.LittleEndian.AppendUint64(e.body[:start], ^uint64(0))
		e.body = append(e.body, src...)
	} else {
		e.body = append(e.body, 0, 0, 0, 0) // end mark
	}
	length := len(e.body) - start
	e.body = append(e.body, padding8[:(8-length%8)%8]...)
	e.bufs = append(e.bufs, bufferSpec{offset: int64(start), length: int64(length)})
}

// grow extends b by n bytes (contents undefined), keeping what it holds.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), max(2*cap(b), len(b)+n, 64<<10))
		copy(nb, b)
		b = nb
	}
	return b[:len(b)+n]
}

// message builds the RecordBatch message's flatbuffer (it stays valid until
// the next call).
func (e *lz4Encoder) message(rows, bodyLen int64) []byte {
	b := e.fb
	b.Reset()
	// Vectors of structs are built back to front; a struct's fields too.
	b.StartVector(16, len(e.bufs), 8)
	for i := len(e.bufs) - 1; i >= 0; i-- {
		b.Prep(8, 16)
		b.PrependInt64(e.bufs[i].length)
		b.PrependInt64(e.bufs[i].offset)
	}
	buffers := b.EndVector(len(e.bufs))
	b.StartVector(16, len(e.nodes), 8)
	for i := len(e.nodes) - 1; i >= 0; i-- {
		b.Prep(8, 16)
		b.PrependInt64(e.nodes[i].nulls)
		b.PrependInt64(e.nodes[i].length)
	}
	nodes := b.EndVector(len(e.nodes))

	b.StartObject(2) // BodyCompression
	b.PrependInt8Slot(0, fbCodecLZ4Frame, 0)
	b.PrependInt8Slot(1, fbMethodBuffer, 0)
	compression := b.EndObject()

	b.StartObject(5) // RecordBatch
	b.PrependInt64Slot(0, rows, 0)
	b.PrependUOffsetTSlot(1, nodes, 0)
	b.PrependUOffsetTSlot(2, buffers, 0)
	b.PrependUOffsetTSlot(3, compression, 0)
	batch := b.EndObject()

	b.StartObject(5) // Message
	b.PrependInt16Slot(0, fbMetadataV5, 0)
	b.PrependByteSlot(1, fbHeaderRecBatch, 0)
	b.PrependUOffsetTSlot(2, batch, 0)
	b.PrependInt64Slot(3, bodyLen, 0)
	msg := b.EndObject()
	b.Finish(msg)
	return b.FinishedBytes()
}
