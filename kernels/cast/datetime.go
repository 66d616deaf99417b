package cast

// Spark: Cast.scala castToDate / castToTimestamp / castToTimestampNTZ /
// castToString for datetime sources, and SparkDateTimeUtils
// (sql/api/.../catalyst/util/SparkDateTimeUtils.scala):
//
//   - timestamp -> date: microsToDays(t, zone): the local date of the instant
//     in the session time zone; timestamp_ntz -> date: the same in UTC.
//   - date -> timestamp: daysToMicros(d, zone) = LocalDate.atStartOfDay(zone):
//     local midnight; when midnight falls in a DST gap, the instant of the
//     transition (ZoneOffsetTransition.getDateTimeAfter).
//   - date -> timestamp_ntz: days * 86400 s.
//   - timestamp -> timestamp_ntz: convertTz(t, UTC, zone): the local date-time
//     of the instant in the zone; timestamp_ntz -> timestamp: convertTz(t,
//     zone, UTC) = LocalDateTime.atZone(zone) (ZonedDateTime.ofLocal: in a gap
//     the local time moves forward by the gap's length, in an overlap the
//     earlier offset).
//   - to string: DateFormatter / the fraction TimestampFormatter: uuuu-MM-dd
//     and uuuu-MM-dd HH:mm:ss[.ffffff] (the fraction without trailing zeros,
//     none when zero); years beyond 9999 get '+', negative years '-' (java.time
//     SignStyle.EXCEEDS_PAD, width 4). Dates are proleptic Gregorian.
//   - timestamp -> long: Math.floorDiv(t, 1000000); to int/short/byte: that,
//     narrowed (wrapping in LEGACY mode, CAST_OVERFLOW in ANSI); to double:
//     t / 1e6; to float: that double, rounded; to boolean: t != 0.
//   - byte/short/int/long -> timestamp: TimeUnit.SECONDS.toMicros(x), which
//     saturates at Long.MIN_VALUE / MAX_VALUE.
//
// Time zones are Go's IANA database (the system's, else the copy embedded by
// time/tzdata); java.time uses the JDK's copy of the same database.

import (
	"math"
	"strconv"
	"time"
	_ "time/tzdata" // a fallback when the system has no zoneinfo

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/kernels/tz"
	"github.com/ember-spark/ember/sparkplan/types"
)

const (
	microsPerSecond = 1000000
	secondsPerDay   = 86400
	microsPerDay    = secondsPerDay * microsPerSecond
)

// NeedsTimeZone reports whether the cast from `from` to `to` depends on the
// session time zone (Cast.needsTimeZone for the pairs this package runs).
func NeedsTimeZone(from, to types.DataType) bool {
	switch {
	case from.ID == types.Timestamp && (to.ID == types.Date || to.ID == types.TimestampNTZ || to.ID == types.String):
		return true
	case to.ID == types.Timestamp && (from.ID == types.Date || from.ID == types.TimestampNTZ || from.ID == types.String):
		return true
	}
	return false
}

// LoadZone loads a session time zone by its IANA name; "UTC", "GMT" and "Z"
// too. Offsets and short ids are not accepted (the serde declines them). Zones
// come from the JVM's rules when the plugin sent them (package tz).
func LoadZone(name string) (*time.Location, error) {
	switch name {
	case "UTC", "Z", "GMT", "Etc/UTC", "Etc/GMT":
		return time.UTC, nil
	}
	return tz.Load(name)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// offsetAt returns the UTC offset (seconds) of zone at the instant sec.
func offsetAt(loc *time.Location, sec int64) int64 {
	if loc == time.UTC {
		return 0
	}
	_, off := time.Unix(sec, 0).In(loc).Zone()
	return int64(off)
}

// period is a span of instants [start, end) with one UTC offset.
type period struct {
	start, end int64 // math.MinInt64 / MaxInt64 when unbounded
	off        int64
}

func periodAt(loc *time.Location, sec int64) period {
	t := time.Unix(sec, 0).In(loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	p := period{start: math.MinInt64, end: math.MaxInt64, off: int64(off)}
	if !s.IsZero() {
		p.start = s.Unix()
	}
	if !e.IsZero() {
		p.end = e.Unix()
	}
	return p
}

// localToInstant returns the instant (seconds) of the local date-time local
// (seconds since the epoch as if UTC) in loc, by java.time's rules: the
// earlier offset in an overlap; in a gap, the transition itself when
// startOfDay (LocalDate.atStartOfDay), else the local time moved forward by
// the gap (ZonedDateTime.ofLocal).
func localToInstant(loc *time.Location, local int64, startOfDay bool) int64 {
	if loc == time.UTC {
		return local
	}
	cur := periodAt(loc, local-offsetAt(loc, local))
	var buf [3]period // no allocation: the previous, current and next periods
	ps := buf[:0]
	if cur.start != math.MinInt64 {
		ps = append(ps, periodAt(loc, cur.start-1))
	}
	ps = append(ps, cur)
	if cur.end != math.MaxInt64 {
		ps = append(ps, periodAt(loc, cur.end))
	}
	for _, p := range ps {
		if x := local - p.off; p.start <= x && x < p.end {
			return x // the first valid one in time: the earlier offset
		}
	}
	// A gap: find the transition T with T + before <= local < T + after.
	for k := 0; k+1 < len(ps); k++ {
		t := ps[k].end
		if t+ps[k].off <= local && local < t+ps[k+1].off {
			if startOfDay {
				return t
			}
			return local - ps[k].off
		}
	}
	return local - cur.off // not reached with consistent zone data
}

// zoneCache remembers the last zone period looked up: values of a batch are
// often close in time, so most rows skip the zone database.
type zoneCache struct {
	loc *time.Location
	p   period
	ok  bool
}

const slack = 2 * secondsPerDay // more than any UTC offset change

// offset is offsetAt(loc, sec).
func (c *zoneCache) offset(sec int64) int64 {
	if c.loc == time.UTC {
		return 0
	}
	if !c.ok || sec < c.p.start || sec >= c.p.end {
		c.p, c.ok = periodAt(c.loc, sec), true
	}
	return c.p.off
}

// instant is localToInstant(loc, local, startOfDay), without the zone
// database when local - offset lies well inside the cached period (then no
// other period can hold local, so it is neither a gap nor an overlap).
func (c *zoneCache) instant(local int64, startOfDay bool) int64 {
	if c.loc == time.UTC {
		return local
	}
	if c.ok {
		x := local - c.p.off
		if (c.p.start == math.MinInt64 || x-slack >= c.p.start) && (c.p.end == math.MaxInt64 || x+slack < c.p.end) {
			return x
		}
	}
	c.p, c.ok = periodAt(c.loc, local-offsetAt(c.loc, local)), true
	return localToInstant(c.loc, local, startOfDay)
}

// civil returns the proleptic Gregorian date of days since 1970-01-01.
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

func pad2(dst []byte, v int64) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }

// appendDate appends uuuu-MM-dd (SignStyle.EXCEEDS_PAD, width 4).
func appendDate(dst []byte, days int64) []byte {
	y, m, d := civil(days)
	switch {
	case y < 0:
		dst = append(dst, '-')
		y = -y
	case y > 9999:
		dst = append(dst, '+')
	}
	for p := int64(1000); p > 1 && y < p; p /= 10 {
		dst = append(dst, '0')
	}
	dst = strconv.AppendInt(dst, y, 10)
	dst = append(dst, '-')
	dst = pad2(dst, m)
	dst = append(dst, '-')
	return pad2(dst, d)
}

// appendLocalTimestamp appends uuuu-MM-dd HH:mm:ss[.fraction] of local
// micros since the epoch.
func appendLocalTimestamp(dst []byte, micros int64) []byte {
	days := floorDiv(micros, microsPerDay)
	rem := micros - days*microsPerDay
	dst = appendDate(dst, days)
	secs := rem / microsPerSecond
	frac := rem % microsPerSecond
	dst = append(dst, ' ')
	dst = pad2(dst, secs/3600)
	dst = append(dst, ':')
	dst = pad2(dst, secs/60%60)
	dst = append(dst, ':')
	dst = pad2(dst, secs%60)
	if frac != 0 {
		dst = append(dst, '.')
		div := int64(100000)
		for frac != 0 {
			dst = append(dst, byte('0'+frac/div))
			frac %= div
			div /= 10
		}
	}
	return dst
}

// localMicros is the local date-time (micros since the epoch as if UTC) of
// the instant micros in the zone.
func (c *zoneCache) localMicros(micros int64) int64 {
	if c.loc == time.UTC {
		return micros
	}
	return micros + c.offset(floorDiv(micros, microsPerSecond))*microsPerSecond
}

func localMicros(loc *time.Location, micros int64) int64 {
	c := zoneCache{loc: loc}
	return c.localMicros(micros)
}

// Datetime casts between date, timestamp and timestamp_ntz, from them to
// string, timestamp to boolean and numbers, and integral numbers to
// timestamp. loc is the session time zone (see NeedsTimeZone).
func Datetime(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode, loc *time.Location) (arrow.Array, error) {
	n := arr.Len()
	if loc == nil {
		loc = time.UTC
	}
	bits, off := kutil.Validity(arr)
	ts := func() []int64 { return kutil.Values[int64](arr) }
	zc := &zoneCache{loc: loc}
	utc := &zoneCache{loc: time.UTC}
	switch {
	case to.ID == types.String:
		b := newStringBuilder(mem, n, 26*n)
		var scratch [40]byte
		switch from.ID {
		case types.Date:
			for i, d := range kutil.Values[int32](arr) {
				if !valid(bits, off, i) {
					b.add(i, nil)
					continue
				}
				b.add(i, appendDate(scratch[:0], int64(d)))
			}
		case types.Timestamp, types.TimestampNTZ:
			z := zc
			if from.ID == types.TimestampNTZ {
				z = utc
			}
			for i, t := range ts() {
				if !valid(bits, off, i) {
					b.add(i, nil)
					continue
				}
				b.add(i, appendLocalTimestamp(scratch[:0], z.localMicros(t)))
			}
		default:
			b.release()
			return nil, kernels.ErrUnsupported("cast from %s to string", from)
		}
		validity, nulls := kutil.CopyValidity(mem, arr)
		return b.finish(validity, nulls), nil
	case to.ID == types.Date:
		z := zc
		if from.ID == types.TimestampNTZ {
			z = utc
		}
		buf, out := kutil.NewValues[int32](mem, n)
		for i, t := range ts() {
			if !valid(bits, off, i) {
				out[i] = 0 // skip NULL slots: they would thrash the zone cache
				continue
			}
			out[i] = int32(floorDiv(z.localMicros(t), microsPerDay))
		}
		validity, nulls := kutil.CopyValidity(mem, arr)
		return kutil.MakeArray(to.ArrowType(""), n, nulls, validity, buf), nil
	case to.ID == types.Timestamp || to.ID == types.TimestampNTZ:
		buf, out := kutil.NewValues[int64](mem, n)
		f := &rowFailures{mem: mem, in: arr, mode: mode}
		overflow := func(i int) bool {
			// instantToMicros' Math.multiplyExact: java.lang.ArithmeticException in
			// every mode but TRY.
			f.mode = kernels.ANSI
			if mode == kernels.Try {
				f.mode = kernels.Try
			}
			return f.fail(i, func() error {
				return &kernels.Error{Class: "EMBER_DATETIME_OVERFLOW", Message: "long overflow"}
			})
		}
		switch from.ID {
		case types.Date:
			for i, d := range kutil.Values[int32](arr) {
				if !valid(bits, off, i) {
					out[i] = 0
					continue
				}
				local := int64(d) * secondsPerDay
				x := local
				if to.ID == types.Timestamp {
					x = zc.instant(local, true)
				}
				if x > math.MaxInt64/microsPerSecond || x < math.MinInt64/microsPerSecond {
					if !overflow(i) {
						break
					}
					continue
				}
				out[i] = x * microsPerSecond
			}
		case types.Timestamp: // -> ntz
			for i, t := range ts() {
				if !valid(bits, off, i) {
					out[i] = 0
					continue
				}
				out[i] = zc.localMicros(t)
			}
		case types.TimestampNTZ: // -> timestamp
			for i, t := range ts() {
				if !valid(bits, off, i) {
					out[i] = 0
					continue
				}
				secs := floorDiv(t, microsPerSecond)
				out[i] = zc.instant(secs, false)*microsPerSecond + (t - secs*microsPerSecond)
			}
		case types.Byte, types.Short, types.Int, types.Long:
			for i := range out {
				v := integralAt(arr, from, i)
				switch {
				case v > math.MaxInt64/microsPerSecond:
					out[i] = math.MaxInt64
				case v < math.MinInt64/microsPerSecond:
					out[i] = math.MinInt64
				default:
					out[i] = v * microsPerSecond
				}
			}
		default:
			buf.Release()
			return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
		}
		return f.finish(to.ArrowType(""), buf)
	case from.ID == types.Timestamp:
		in := ts()
		switch to.ID {
		case types.Boolean:
			bm := kutil.NewBitmap(mem, n)
			nonZero(in, bm.Bytes())
			validity, nulls := kutil.CopyValidity(mem, arr)
			return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, bm), nil
		case types.Double, types.Float:
			var buf *memory.Buffer
			if to.ID == types.Double {
				var out []float64
				buf, out = kutil.NewValues[float64](mem, n)
				for i, t := range in {
					out[i] = float64(t) / microsPerSecond
				}
			} else {
				var out []float32
				buf, out = kutil.NewValues[float32](mem, n)
				for i, t := range in {
					out[i] = float32(float64(t) / microsPerSecond)
				}
			}
			validity, nulls := kutil.CopyValidity(mem, arr)
			return kutil.MakeArray(to.ArrowType(""), n, nulls, validity, buf), nil
		case types.Long, types.Int, types.Short, types.Byte:
			f := &rowFailures{mem: mem, in: arr, mode: mode}
			var buf *memory.Buffer
			switch to.ID {
			case types.Long:
				var out []int64
				buf, out = kutil.NewValues[int64](mem, n)
				for i, t := range in {
					out[i] = floorDiv(t, microsPerSecond)
				}
			case types.Int:
				var out []int32
				buf, out = kutil.NewValues[int32](mem, n)
				tsToIntegral(in, out, mode, f, loc, from, to)
			case types.Short:
				var out []int16
				buf, out = kutil.NewValues[int16](mem, n)
				tsToIntegral(in, out, mode, f, loc, from, to)
			case types.Byte:
				var out []int8
				buf, out = kutil.NewValues[int8](mem, n)
				tsToIntegral(in, out, mode, f, loc, from, to)
			}
			return f.finish(to.ArrowType(""), buf)
		}
	}
	return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
}

// tsToIntegral: floorDiv(t, 10^6) narrowed; ANSI raises CAST_OVERFLOW (the
// value as TIMESTAMP '...' in the session time zone), TRY gives NULL.
func tsToIntegral[T integer](in []int64, out []T, mode kernels.EvalMode, f *rowFailures, loc *time.Location, from, to types.DataType) {
	for i, t := range in {
		s := floorDiv(t, microsPerSecond)
		out[i] = T(s)
		if mode != kernels.Legacy && int64(T(s)) != s {
			out[i] = 0
			ok := f.fail(i, func() error {
				v := "TIMESTAMP '" + string(appendLocalTimestamp(nil, localMicros(loc, t))) + "'"
				return kernels.ErrCastOverflow(v, from, to)
			})
			if !ok {
				return
			}
		}
	}
}
