package parquetscan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
)

// colReader reads one required column of one file, batch by batch, through
// arrow-go's record reader, and converts what it decodes to the Arrow type of
// the required Spark type.
//
// A string or binary column chunk whose data pages are all dictionary encoded,
// with a small dictionary, is read through arrow-go's dictionary record
// reader instead (dictRR): it decodes only the pages' indices, and the values
// are then gathered from the dictionary in one pass (materializeDictionary).
// The plain reader appends every value to a builder one call at a time, which
// was a third of a TPC-H lineitem scan's CPU.
type colReader struct {
	plan   *colPlan
	path   string
	rr     file.RecordReader
	dictRR file.RecordReader // created for the first dictionary chunk
	dict   bool              // the current chunk is read by dictRR
	pool   *sync.Pool
	mem    memory.Allocator
}

func newColReader(plan *colPlan, path string, pool *sync.Pool, mem memory.Allocator) *colReader {
	// A top-level, non-repeated primitive: definition level 1 when optional.
	return &colReader{
		plan: plan,
		path: path,
		rr:   file.NewRecordReader(plan.descr, plan.levelInfo(), plan.byteArrayType(), mem, pool),
		pool: pool,
		mem:  mem,
	}
}

// levelInfo: a top-level, non-repeated primitive, definition level 1 when optional.
func (p *colPlan) levelInfo() file.LevelInfo {
	return file.LevelInfo{NullSlotUsage: 1, DefLevel: p.descr.MaxDefinitionLevel()}
}

// byteArrayType is the Arrow type a BYTE_ARRAY reader decodes into: utf8 for
// strings, binary for everything else (including BYTE_ARRAY decimals); the
// other readers ignore it.
func (p *colPlan) byteArrayType() arrow.DataType {
	if p.conv == convString {
		return arrow.BinaryTypes.String
	}
	return arrow.BinaryTypes.Binary
}

// readsDictionaries: string and binary columns may be read as dictionaries.
func (p *colPlan) readsDictionaries() bool { return p.conv == convString || p.conv == convBinary }

// setPageReader points the reader at the next row group's column chunk; nil
// closes the current one. dict: the chunk's data pages are all dictionary
// encoded and its dictionary is small (dictionaryChunk), so a string or binary
// column reads it through the dictionary reader.
func (c *colReader) setPageReader(pr file.PageReader, dict bool) error {
	dict = dict && pr != nil && c.plan.readsDictionaries()
	if dict && c.dictRR == nil {
		dt := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: c.plan.byteArrayType()}
		c.dictRR = file.NewRecordReader(c.plan.descr, c.plan.levelInfo(), dt, c.mem, c.pool)
	}
	use, other := c.rr, c.dictRR
	if dict {
		use, other = c.dictRR, c.rr
	}
	if other != nil {
		if err := setChunk(other, nil); err != nil {
			return err
		}
	}
	c.dict = dict
	return setChunk(use, pr)
}

func setChunk(rr file.RecordReader, pr file.PageReader) error {
	if rw, ok := rr.(file.RecordReaderWithError); ok {
		return rw.SetPageReaderWithError(pr)
	}
	rr.SetPageReader(pr)
	return nil
}

func (c *colReader) release() {
	for _, rr := range []file.RecordReader{c.rr, c.dictRR} {
		if rr != nil {
			_ = setChunk(rr, nil)
			rr.Release()
		}
	}
	c.rr, c.dictRR = nil, nil
}

func (c *colReader) errorf(format string, args ...any) error {
	return fmt.Errorf("parquetscan: %s: column %q: %s", c.path, c.plan.descr.Name(), fmt.Sprintf(format, args...))
}

// decode decodes the next n rows of the current row group into the reader
// that reads the chunk, and returns that reader.
func (c *colReader) decode(n int64) (file.RecordReader, error) {
	rr := c.rr
	if c.dict {
		rr = c.dictRR
	}
	rr.Reset()
	if err := rr.Reserve(n); err != nil {
		return nil, c.errorf("%v", err)
	}
	for got := int64(0); got < n; {
		k, err := rr.ReadRecords(n - got)
		if err != nil {
			return nil, c.errorf("reading values: %v", err)
		}
		if k == 0 {
			return nil, c.errorf("column chunk ends %d values before the row group does (corrupt file?)", n-got)
		}
		got += k
	}
	return rr, nil
}

// read decodes the next n rows of the current row group.
func (c *colReader) read(n int64) (arrow.Array, error) {
	rr, err := c.decode(n)
	if err != nil {
		return nil, err
	}
	p := c.plan
	switch p.conv {
	case convString, convBinary, convFLBAToDecimal, convBinaryToDecimal:
		// Byte array readers append to a builder and reset their value
		// count as they go; the chunk length is checked below.
	default:
		if w := int64(rr.ValuesWritten()); w != n {
			return nil, c.errorf("decoded %d values for %d rows (corrupt file?)", w, n)
		}
	}
	switch p.conv {
	case convBool:
		bitmap := rr.(file.BooleanRecordReader).ReleaseValueBitmap()
		return c.fixed(n, bitmap)
	case convInt32, convInt64, convFloat32, convFloat64, convMillisToMicros:
		values := rr.ReleaseValues()
		if err := c.checkFixed(values, n); err != nil {
			return nil, err
		}
		return c.fixed(n, values)
	case convInt32ToInt8, convInt32ToInt16, convUint32ToInt64, convInt32ToDecimal,
		convInt64ToDecimal, convUint64ToDecimal, convINT96:
		// The widened copy is what the batch holds, so the reader keeps its
		// values buffer for the next batch instead of allocating another.
		out, err := c.widen(memory.NewBufferBytes(rr.Values()), n)
		if err != nil {
			return nil, err
		}
		return c.fixed(n, out)
	case convString, convBinary, convFLBAToDecimal, convBinaryToDecimal:
		chunks := rr.(file.BinaryRecordReader).GetBuilderChunks()
		defer func() {
			for _, ch := range chunks {
				ch.Release()
			}
		}()
		if c.dict {
			dicts, err := c.dictionaries(chunks, n)
			if err != nil {
				return nil, err
			}
			return c.fromDictionaries(dicts, nil)
		}
		if len(chunks) != 1 || int64(chunks[0].Len()) != n {
			return nil, c.errorf("decoded %d chunk(s) for %d rows (corrupt file?)", len(chunks), n)
		}
		switch p.conv {
		case convFLBAToDecimal, convBinaryToDecimal:
			return c.bytesToDecimal(chunks[0])
		}
		data := chunks[0].Data()
		if data.Buffers()[2] != nil && data.Buffers()[2].Len() > math.MaxInt32 {
			return nil, c.errorf("more than 2 GiB of values in one batch of %d rows: lower the batch size", n)
		}
		if !arrow.TypeEqual(data.DataType(), p.arrowType) {
			return nil, c.errorf("internal error: decoded %s, want %s", data.DataType(), p.arrowType)
		}
		return array.MakeFromData(data), nil
	}
	return nil, c.errorf("internal error: no conversion %d", p.conv)
}

// fixed wraps a values buffer of the output type (taking over the reference)
// and the reader's validity bitmap into an array.
func (c *colReader) fixed(n int64, values *memory.Buffer) (arrow.Array, error) {
	valid := c.rr.ReleaseValidBits()
	nulls := c.rr.NullCount()
	if valid != nil && nulls == 0 {
		valid.Release()
		valid = nil
	}
	data := array.NewData(c.plan.arrowType, int(n), []*memory.Buffer{valid, values}, nil, int(nulls), 0)
	if valid != nil {
		valid.Release()
	}
	values.Release()
	arr := array.MakeFromData(data)
	data.Release()
	return arr, nil
}

// validBits returns the reader's validity bitmap (nil when no value is null)
// without taking it.
func (c *colReader) validBits() []byte {
	if c.rr.NullCount() == 0 {
		return nil
	}
	return c.rr.(interface{ GetValidBits() []byte }).GetValidBits()
}

// checkFixed applies the in-place conversions and checks of values that keep
// their width: millisecond timestamps become microseconds, and dates and
// timestamps are checked against the rebase policy.
func (c *colReader) checkFixed(values *memory.Buffer, n int64) error {
	p := c.plan
	if p.conv != convMillisToMicros && (p.rebase == rebaseNone || p.rebaseMod == RebaseCorrected) {
		return nil
	}
	valid := c.validBits()
	switch p.conv {
	case convInt32:
		days := arrow.Int32Traits.CastFromBytes(values.Bytes())[:n]
		for i, d := range days {
			if d < lastSwitchJulianDay && (valid == nil || bitutil.BitIsSet(valid, i)) {
				values.Release()
				return rebaseError(c.path, p.descr.Name(), p.rebase, p.rebaseMod)
			}
		}
	case convInt64, convMillisToMicros:
		ts := arrow.Int64Traits.CastFromBytes(values.Bytes())[:n]
		check := p.rebase != rebaseNone && p.rebaseMod != RebaseCorrected
		for i, v := range ts {
			if valid != nil && !bitutil.BitIsSet(valid, i) {
				continue
			}
			if p.conv == convMillisToMicros {
				// DateTimeUtils.millisToMicros: Math.multiplyExact.
				if v > math.MaxInt64/1000 || v < math.MinInt64/1000 {
					values.Release()
					return c.errorf("[ARITHMETIC_OVERFLOW] long overflow converting %d ms to microseconds", v)
				}
				v *= 1000
				ts[i] = v
			}
			if check && v < lastSwitchJulianTs {
				values.Release()
				return rebaseError(c.path, p.descr.Name(), p.rebase, p.rebaseMod)
			}
		}
	}
	return nil
}

// widen converts values into a new buffer of the output type.
func (c *colReader) widen(values *memory.Buffer, n int64) (*memory.Buffer, error) {
	p := c.plan
	width := p.arrowType.(arrow.FixedWidthDataType).Bytes()
	out := memory.NewResizableBuffer(c.mem)
	out.Resize(int(n) * width)
	src := values.Bytes()
	valid := c.validBits()
	var err error
	switch p.conv {
	case convInt32ToInt8:
		in := arrow.Int32Traits.CastFromBytes(src)[:n]
		dst := arrow.Int8Traits.CastFromBytes(out.Bytes())[:n]
		for i, v := range in {
			dst[i] = int8(v)
		}
	case convInt32ToInt16:
		in := arrow.Int32Traits.CastFromBytes(src)[:n]
		dst := arrow.Int16Traits.CastFromBytes(out.Bytes())[:n]
		for i, v := range in {
			dst[i] = int16(v)
		}
	case convUint32ToInt64:
		in := arrow.Uint32Traits.CastFromBytes(src)[:n]
		dst := arrow.Int64Traits.CastFromBytes(out.Bytes())[:n]
		for i, v := range in {
			dst[i] = int64(v)
		}
	case convInt32ToDecimal:
		in := arrow.Int32Traits.CastFromBytes(src)[:n]
		dst := arrow.Decimal128Traits.CastFromBytes(out.Bytes())[:n]
		for i, v := range in {
			dst[i] = decimal128.FromI64(int64(v))
		}
	case convInt64ToDecimal:
		in := arrow.Int64Traits.CastFromBytes(src)[:n]
		dst := arrow.Decimal128Traits.CastFromBytes(out.Bytes())[:n]
		for i, v := range in {
			dst[i] = decimal128.FromI64(v)
		}
	case convUint64ToDecimal:
		in := arrow.Uint64Traits.CastFromBytes(src)[:n]
		dst := arrow.Decimal128Traits.CastFromBytes(out.Bytes())[:n]
		for i, v := range in {
			dst[i] = decimal128.FromU64(v)
		}
	case convINT96:
		err = c.int96ToMicros(src, arrow.Int64Traits.CastFromBytes(out.Bytes())[:n], valid)
	default:
		err = c.errorf("internal error: no widening %d", p.conv)
	}
	if err != nil {
		out.Release()
		return nil, err
	}
	return out, nil
}

// julianDayOfEpoch is DateTimeUtils.JULIAN_DAY_OF_EPOCH.
const julianDayOfEpoch = 2440588

// int96ToMicros decodes Impala/Hive INT96 timestamps (8 bytes of nanoseconds
// of the day, then 4 bytes of Julian day, both little-endian) as Spark's
// ParquetRowConverter.binaryToSQLTimestamp and DateTimeUtils.fromJulianDay do:
// (day - 2440588) * 86400000000 + nanos / 1000, in wrapping long arithmetic.
func (c *colReader) int96ToMicros(src []byte, dst []int64, valid []byte) error {
	if len(src) < 12*len(dst) {
		return c.errorf("short INT96 buffer")
	}
	p := c.plan
	check := p.rebaseMod != RebaseCorrected
	for i := range dst {
		b := src[12*i : 12*i+12]
		nanos := int64(binary.LittleEndian.Uint64(b[0:8]))
		day := int32(binary.LittleEndian.Uint32(b[8:12]))
		v := (int64(day)-julianDayOfEpoch)*86_400_000_000 + nanos/1000
		dst[i] = v
		if check && v < lastSwitchJulianTs && (valid == nil || bitutil.BitIsSet(valid, i)) {
			return rebaseError(c.path, p.descr.Name(), rebaseINT96, p.rebaseMod)
		}
	}
	return nil
}

// bytesToDecimal converts big-endian two's-complement unscaled values
// (FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY decimals) to decimal128.
func (c *colReader) bytesToDecimal(chunk arrow.Array) (arrow.Array, error) {
	n := chunk.Len()
	out := memory.NewResizableBuffer(c.mem)
	out.Resize(n * arrow.Decimal128SizeBytes)
	dst := arrow.Decimal128Traits.CastFromBytes(out.Bytes())[:n]
	type byter interface{ Value(int) []byte }
	src, ok := chunk.(byter)
	if !ok {
		out.Release()
		return nil, c.errorf("internal error: unexpected %T", chunk)
	}
	for i := 0; i < n; i++ {
		if chunk.IsNull(i) {
			dst[i] = decimal128.Num{}
			continue
		}
		v, err := decimalFromBigEndian(src.Value(i))
		if err != nil {
			out.Release()
			return nil, c.errorf("row %d: %v", i, err)
		}
		dst[i] = v
	}
	valid := chunk.Data().Buffers()[0]
	nulls := chunk.NullN()
	if nulls == 0 {
		valid = nil
	}
	data := array.NewData(c.plan.arrowType, n, []*memory.Buffer{valid, out}, nil, nulls, chunk.Data().Offset())
	out.Release()
	arr := array.MakeFromData(data)
	data.Release()
	return arr, nil
}

var errDecimalTooWide = errors.New("decimal unscaled value does not fit 128 bits")

// decimalFromBigEndian reads a big-endian two's-complement integer of 1 to 16
// bytes (longer only when the extra leading bytes are sign extension).
func decimalFromBigEndian(b []byte) (decimal128.Num, error) {
	if len(b) == 0 {
		return decimal128.Num{}, errors.New("empty decimal value")
	}
	neg := b[0]&0x80 != 0
	if len(b) > 16 {
		ext := byte(0)
		if neg {
			ext = 0xff
		}
		for _, x := range b[:len(b)-16] {
			if x != ext {
				return decimal128.Num{}, errDecimalTooWide
			}
		}
		b = b[len(b)-16:]
		if (b[0]&0x80 != 0) != neg {
			return decimal128.Num{}, errDecimalTooWide
		}
	}
	var buf [16]byte
	if neg {
		for i := range buf {
			buf[i] = 0xff
		}
	}
	copy(buf[16-len(b):], b)
	hi := int64(binary.BigEndian.Uint64(buf[0:8]))
	lo := binary.BigEndian.Uint64(buf[8:16])
	return decimal128.New(hi, lo), nil
}
