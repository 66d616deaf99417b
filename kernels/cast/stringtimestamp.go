package cast

// Spark: Cast.scala castToTimestamp / castToTimestampNTZ for a StringType
// source, and SparkDateTimeUtils (sql/api/.../catalyst/util/
// SparkDateTimeUtils.scala, Spark 3.5.9) parseTimestampString,
// stringToTimestamp, stringToTimestampWithoutTimeZone and getZoneId:
//
//   - the string is trimmed as UTF8String.trimAll; then `[+-]yyyy[yy]`,
//     `-[m]m`, `-[d]d`, then ' ' or 'T' and `[h]h`, `:[m]m`, `:[s]s`,
//     `.fraction` (digits beyond 6 dropped), each part optional from the
//     month on; a time alone (`[h]h:[m]m...` or `T[h]h...`) takes the current
//     date in the zone;
//   - after the seconds (or the fraction) the rest of the string, String.trim'd,
//     is a zone id: getZoneId's `(+|-)h:` and `(+|-)hh:m$` fix-ups, then
//     ZoneId.of(id, SHORT_IDS): `Z`, `+h`, `+hh`, `+hh:mm`, `+hhmm`,
//     `+hh:mm:ss`, `+hhmmss` (at most 18 hours), the prefixes UTC, GMT and UT
//     (alone or followed by such an offset), or a region id java.time knows
//     (javazones.txt: the JDK 17 list);
//   - the local date-time must exist as LocalDate.of / LocalTime.of accept it;
//     in a region zone it becomes an instant as ZonedDateTime.of does (the
//     earlier offset in an overlap, moved forward by the gap in a gap), and
//     instantToMicros must not overflow;
//   - timestamp_ntz: the same parse; the zone, if any, is validated and
//     ignored; a time alone is NULL;
//   - anything else is NULL in LEGACY and TRY mode (TRY uses the legacy cast
//     for these pairs) and CAST_INVALID_INPUT in ANSI mode.

import (
	"bufio"
	_ "embed"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/kernels/tz"
	"github.com/ember-spark/ember/sparkplan/types"
)

// tsParts is parseTimestampString's result.
type tsParts struct {
	seg      [7]int64 // year, month, day, hour, minute, second, microsecond
	tz       []byte   // the zone id text, untrimmed; nil when none
	justTime bool
}

func validTsDigits(segment, digits int) bool {
	return segment == 6 || (segment == 0 && digits >= 4 && digits <= 6) ||
		(segment == 7 && digits <= 2) ||
		(segment != 0 && segment != 6 && segment != 7 && digits > 0 && digits <= 2)
}

// parseTimestampString is SparkDateTimeUtils.parseTimestampString; ok=false
// for an empty segment array.
func parseTimestampString(raw []byte) (p tsParts, ok bool) {
	s := trimAll(raw)
	if len(s) == 0 {
		return p, false
	}
	var seg [9]int64
	seg[0], seg[1], seg[2] = 1, 1, 1
	i, j := 0, 0
	var v int64
	digits, digitsMilli := 0, 0
	sign := int64(0)
	if s[0] == '-' || s[0] == '+' {
		sign = 1
		if s[0] == '-' {
			sign = -1
		}
		j = 1
	}
	end := len(s)
	// next closes segment i with the digits read so far.
	next := func() bool {
		if !validTsDigits(i, digits) {
			return false
		}
		seg[i] = v
		v, digits = 0, 0
		i++
		return true
	}
	for ; j < end; j++ {
		b := s[j]
		if b >= '0' && b <= '9' {
			if i == 6 {
				digitsMilli++
			}
			if i != 6 || digits < 6 {
				v = v*10 + int64(b-'0')
			}
			digits++
			if digits > 18 && i != 6 {
				return p, false // far beyond any valid segment: no overflow
			}
			continue
		}
		switch {
		case j == 0 && b == 'T':
			p.justTime = true
			i += 3
		case i < 2:
			switch {
			case b == '-':
				if !next() {
					return p, false
				}
			case i == 0 && b == ':' && sign == 0:
				p.justTime = true
				if !validTsDigits(3, digits) {
					return p, false
				}
				seg[3] = v
				v, digits = 0, 0
				i = 4
			default:
				return p, false
			}
		case i == 2:
			if b != ' ' && b != 'T' {
				return p, false
			}
			if !next() {
				return p, false
			}
		case i == 3 || i == 4:
			if b != ':' || !next() {
				return p, false
			}
		case i == 5 || i == 6:
			if b == '.' && i == 5 {
				if !next() {
					return p, false
				}
			} else {
				if !next() {
					return p, false
				}
				p.tz = s[j:end]
				j = end - 1
			}
			if i == 6 && b != '.' {
				i++
			}
		default:
			if i < len(seg) && (b == ':' || b == ' ') {
				if !next() {
					return p, false
				}
			} else {
				return p, false
			}
		}
	}
	if !validTsDigits(i, digits) {
		return p, false
	}
	if i >= len(seg) {
		return p, false // Spark's segments(i) throws: None
	}
	seg[i] = v
	for ; digitsMilli < 6; digitsMilli++ {
		seg[6] *= 10
	}
	if sign != 0 {
		seg[0] *= sign
	}
	copy(p.seg[:], seg[:7])
	return p, true
}

// localSeconds validates the parts as LocalDate.of and LocalTime.of do and
// returns the local date-time as seconds since the epoch as if UTC.
func (p *tsParts) localSeconds(today int64) (int64, bool) {
	h, mi, s := p.seg[3], p.seg[4], p.seg[5]
	if h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	days := today
	if !p.justTime {
		y, m, d := p.seg[0], p.seg[1], p.seg[2]
		if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
			return 0, false
		}
		days = daysFromCivil(y, m, d)
	}
	return days*secondsPerDay + h*3600 + mi*60 + s, true
}

// instantMicros is instantToMicros of (secs, micros): false when
// Math.multiplyExact / addExact overflow.
func instantMicros(secs, micros int64) (int64, bool) {
	const maxSecs = math.MaxInt64 / microsPerSecond         // 9223372036854
	const minSecs = (math.MinInt64 / microsPerSecond) - 1   // floorDiv: -9223372036855
	const maxFrac = math.MaxInt64 - maxSecs*microsPerSecond // 775807
	const minFrac = math.MinInt64 - minSecs*microsPerSecond // 224192
	switch {
	case secs > maxSecs || secs < minSecs:
		return 0, false
	case secs == maxSecs && micros > maxFrac:
		return 0, false
	case secs == minSecs && micros < minFrac:
		return 0, false
	}
	return secs*microsPerSecond + micros, true
}

// A zone a string names: a fixed offset or a region.
type parsedZone struct {
	ok     bool
	fixed  bool
	off    int64      // seconds east of UTC, when fixed
	region *zoneCache // when a region Go can load
	known  bool       // a region java.time knows but Go cannot load
	today  int64      // LocalDate.now(zone), computed on first use
	hasDay bool
	days   *dayOffsets // region: offsets of local days without a transition nearby
}

// dayOffsets remembers, direct-mapped by local day, the UTC offset of local
// days that lie well inside one zone period (no gap or overlap can touch
// them), so that dates spread over many years skip the zone database.
type dayOffsets struct {
	day [256]int64
	off [256]int64
	ok  [256]bool
}

//go:embed javazones.txt
var javaZonesText string

var javaZones = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 640)
	sc := bufio.NewScanner(strings.NewReader(javaZonesText))
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" && !strings.HasPrefix(t, "#") {
			m[t] = true
		}
	}
	return m
})

// JavaZoneIDs is the set of region ids java.time knows: those of the JVM's rules
// when the plugin sent them (package tz), else ZoneId.getAvailableZoneIds of the
// JDK javazones.txt was taken from.
func JavaZoneIDs() map[string]bool {
	if rs := tz.Current(); rs != nil {
		return rs.IDs()
	}
	return javaZones()
}

// isJavaZone reports whether id is in JavaZoneIDs.
func isJavaZone(id string) bool {
	if rs := tz.Current(); rs != nil {
		return rs.Has(id)
	}
	return javaZones()[id]
}

// shortIDs is java.time.ZoneId.SHORT_IDS.
var shortIDs = map[string]string{
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo", "BST": "Asia/Dhaka",
	"CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago", "CTT": "Asia/Shanghai",
	"EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis",
	"IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
	"NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
	"PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
	"EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// sparkZoneFixups is getZoneId's two regex rewrites: the first `(+|-)(\d):`
// becomes `$1 0 $2:`, then `(+|-)(\d\d):(\d)$` becomes `$1$2:0$3`.
func sparkZoneFixups(id string) string {
	for k := 0; k+2 < len(id); k++ {
		if (id[k] == '+' || id[k] == '-') && isDigit(id[k+1]) && id[k+2] == ':' {
			id = id[:k+1] + "0" + id[k+1:]
			break
		}
	}
	if n := len(id); n >= 5 {
		t := id[n-5:]
		if (t[0] == '+' || t[0] == '-') && isDigit(t[1]) && isDigit(t[2]) && t[3] == ':' && isDigit(t[4]) {
			id = id[:n-1] + "0" + id[n-1:]
		}
	}
	return id
}

// parseOffset is ZoneOffset.of(String): seconds east of UTC.
func parseOffset(id string) (int64, bool) {
	if id == "Z" {
		return 0, true
	}
	num := func(pos int, colon bool) (int64, bool) {
		if colon && id[pos-1] != ':' {
			return 0, false
		}
		if !isDigit(id[pos]) || !isDigit(id[pos+1]) {
			return 0, false
		}
		return int64(id[pos]-'0')*10 + int64(id[pos+1]-'0'), true
	}
	var h, m, s int64
	ok1, ok2, ok3 := true, true, true
	switch len(id) {
	case 2:
		id = id[:1] + "0" + id[1:]
		h, ok1 = num(1, false)
	case 3:
		h, ok1 = num(1, false)
	case 5:
		h, ok1 = num(1, false)
		m, ok2 = num(3, false)
	case 6:
		h, ok1 = num(1, false)
		m, ok2 = num(4, true)
	case 7:
		h, ok1 = num(1, false)
		m, ok2 = num(3, false)
		s, ok3 = num(5, false)
	case 9:
		h, ok1 = num(1, false)
		m, ok2 = num(4, true)
		s, ok3 = num(7, true)
	default:
		return 0, false
	}
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	if id[0] != '+' && id[0] != '-' {
		return 0, false
	}
	if h > 18 || m > 59 || s > 59 || (h == 18 && (m != 0 || s != 0)) {
		return 0, false
	}
	off := h*3600 + m*60 + s
	if id[0] == '-' {
		off = -off
	}
	return off, true
}

// validRegionName is ZoneRegion.checkName: [A-Za-z][A-Za-z0-9~/._+-]+.
func validRegionName(id string) bool {
	if len(id) < 2 {
		return false
	}
	for k := 0; k < len(id); k++ {
		c := id[k]
		letter := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if k == 0 && !letter {
			return false
		}
		if !letter && !isDigit(c) && c != '~' && c != '/' && c != '.' && c != '_' && c != '+' && c != '-' {
			return false
		}
	}
	return true
}

// resolveZone is getZoneId(text.trim).
func resolveZone(text string) parsedZone {
	id := string(javaTrim([]byte(text)))
	id = sparkZoneFixups(id)
	if alias, ok := shortIDs[id]; ok {
		id = alias
	}
	fixed := func(off int64, ok bool) parsedZone { return parsedZone{ok: ok, fixed: true, off: off} }
	switch {
	case len(id) <= 1 || id[0] == '+' || id[0] == '-':
		return fixed(parseOffset(id))
	case strings.HasPrefix(id, "UTC") || strings.HasPrefix(id, "GMT") || strings.HasPrefix(id, "UT"):
		n := 2
		if strings.HasPrefix(id, "UTC") || strings.HasPrefix(id, "GMT") {
			n = 3
		}
		if len(id) == n {
			return fixed(0, true)
		}
		if id[n] == '+' || id[n] == '-' {
			return fixed(parseOffset(id[n:]))
		}
	}
	if !validRegionName(id) || !isJavaZone(id) {
		return parsedZone{}
	}
	loc, err := tz.Load(id)
	if err != nil {
		return parsedZone{ok: true, known: true}
	}
	return parsedZone{ok: true, region: &zoneCache{loc: loc}}
}

// day is LocalDate.now(zone) as days since the epoch.
func (z *parsedZone) day(now time.Time) int64 {
	if !z.hasDay {
		sec := now.Unix()
		if z.fixed {
			sec += z.off
		} else {
			sec += z.region.offset(sec)
		}
		z.today, z.hasDay = floorDiv(sec, secondsPerDay), true
	}
	return z.today
}

// instant is ZonedDateTime.of(local, zone).toInstant in seconds.
func (z *parsedZone) instant(local int64) int64 {
	if z.fixed {
		return local - z.off
	}
	day := floorDiv(local, secondsPerDay)
	if z.days == nil {
		z.days = &dayOffsets{}
	}
	k := day & 255
	if z.days.ok[k] && z.days.day[k] == day {
		return local - z.days.off[k]
	}
	x := z.region.instant(local, false)
	// The day is safe when [start of day - slack, end of day + slack], taken at the
	// period's offset, lies inside the period that holds x.
	p := periodAt(z.region.loc, x)
	lo, hi := day*secondsPerDay-p.off-slack, (day+1)*secondsPerDay-p.off+slack
	if x == local-p.off && (p.start == math.MinInt64 || p.start <= lo) && (p.end == math.MaxInt64 || hi < p.end) {
		z.days.day[k], z.days.off[k], z.days.ok[k] = day, p.off, true
	}
	return x
}

// StringToTimestamp casts a string array to timestamp (session time zone
// loc) or, when ntz, to timestamp_ntz.
func StringToTimestamp(mem memory.Allocator, arr arrow.Array, mode kernels.EvalMode, loc *time.Location, ntz bool) (arrow.Array, error) {
	if loc == nil {
		loc = time.UTC
	}
	offs, data := stringValues(arr)
	bits, off := kutil.Validity(arr)
	n := arr.Len()
	to := types.TimestampType
	if ntz {
		to = types.TimestampNTZType
	}
	f := &rowFailures{mem: mem, in: arr, mode: mode}
	if mode == kernels.Legacy {
		f.mode = kernels.Try
	}
	session := parsedZone{ok: true, region: &zoneCache{loc: loc}}
	if loc == time.UTC {
		session = parsedZone{ok: true, fixed: true}
	}
	var zones map[string]*parsedZone
	now := time.Now()
	var unsupported error
	buf, out := kutil.NewValues[int64](mem, n)
	for i := range out {
		out[i] = 0
		if !valid(bits, off, i) {
			continue
		}
		raw := data[offs[i]:offs[i+1]]
		v, ok := int64(0), false
		if p, pok := parseTimestampString(raw); pok {
			z := &session
			if p.tz != nil {
				z = zones[string(p.tz)]
				if z == nil {
					if zones == nil {
						zones = map[string]*parsedZone{}
					}
					r := resolveZone(string(p.tz))
					z = &r
					zones[string(p.tz)] = z
				}
			}
			switch {
			case !z.ok:
			case ntz:
				if !p.justTime {
					if local, lok := p.localSeconds(0); lok {
						v, ok = instantMicros(local, p.seg[6])
					}
				}
			case z.known:
				unsupported = kernels.ErrUnsupported("cast of %q to timestamp: the time zone has no rules in this sidecar", string(raw))
			default:
				var today int64
				if p.justTime {
					today = z.day(now)
				}
				if local, lok := p.localSeconds(today); lok {
					v, ok = instantMicros(z.instant(local), p.seg[6])
				}
			}
		}
		if unsupported != nil {
			buf.Release()
			if f.valid != nil {
				f.valid.Release()
			}
			return nil, unsupported
		}
		if ok {
			out[i] = v
			continue
		}
		if !f.fail(i, func() error {
			return kernels.ErrCastInvalidInput(sqlString(string(raw)), types.StringType, to)
		}) {
			break
		}
	}
	return f.finish(to.ArrowType(""), buf)
}
