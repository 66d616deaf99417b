package tz

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"testing"
	"time"
)

// jvmRules reads the rule set ZoneRulesTZifSuite (JVM) writes: the version, then
// per zone its id, TZif bytes and the offsets java.time gives around every
// transition through 2150. The JVM test writes build/tz/jdk-zones.bin.gz; a copy
// of it (JDK 17.0.15, tzdb 2025a) is in testdata, used when the build's is absent.
type check struct {
	sec int64
	off int32
}

func readUTF(r io.Reader) string {
	var n uint16
	if err := binary.Read(r, binary.BigEndian, &n); err != nil {
		panic(err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		panic(err)
	}
	return string(b)
}

func jvmRules(t testing.TB) (string, map[string][]byte, map[string][]check) {
	path := "../../build/tz/jdk-zones.bin.gz"
	if _, err := os.Stat(path); err != nil {
		path = "testdata/jdk-zones.bin.gz"
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(gz)
	version := readUTF(r)
	var n int32
	binary.Read(r, binary.BigEndian, &n)
	zones := map[string][]byte{}
	checks := map[string][]check{}
	for i := 0; i < int(n); i++ {
		id := readUTF(r)
		var l int32
		binary.Read(r, binary.BigEndian, &l)
		b := make([]byte, l)
		if _, err := io.ReadFull(r, b); err != nil {
			t.Fatal(err)
		}
		zones[id] = b
		var c int32
		binary.Read(r, binary.BigEndian, &c)
		cs := make([]check, c)
		for j := range cs {
			binary.Read(r, binary.BigEndian, &cs[j].sec)
			binary.Read(r, binary.BigEndian, &cs[j].off)
		}
		checks[id] = cs
	}
	return version, zones, checks
}

// TestJVMRuleSet is the self-check: for every zone, the offset Go computes from
// the JVM's TZif bytes (explicit transitions through 2037, the POSIX footer after)
// equals java.time's at every transition instant through 2060 and one second
// either side.
func TestJVMRuleSet(t *testing.T) {
	version, zones, checks := jvmRules(t)
	rs, err := Parse(version, zones)
	if err != nil {
		t.Fatal(err)
	}
	points, bad := 0, 0
	for id, cs := range checks {
		loc := rs.locs[id]
		for _, c := range cs {
			points++
			if _, off := time.Unix(c.sec, 0).In(loc).Zone(); int32(off) != c.off {
				if bad++; bad <= 20 {
					t.Errorf("%s at %d (%s): Go %d, JVM %d", id, c.sec, time.Unix(c.sec, 0).UTC(), off, c.off)
				}
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d points differ", bad, points)
	}
	t.Logf("tzdb %s: %d zones, %d points agree", version, len(zones), points)
	// Go's own data differs from the JVM's (the reason for this package).
	goLis, _ := time.LoadLocation("Europe/Lisbon")
	when := time.Date(1992, 12, 1, 0, 0, 0, 0, time.UTC)
	_, g := when.In(goLis).Zone()
	_, j := when.In(rs.locs["Europe/Lisbon"]).Zone()
	t.Logf("Europe/Lisbon 1992-12-01: Go %d, JVM %d", g, j)
}

func TestRegisterLoadCheck(t *testing.T) {
	defer current.Store(nil)
	if loc, err := Load("Europe/Lisbon"); err != nil || loc.String() != "Europe/Lisbon" {
		t.Fatalf("without JVM rules Go's data: %v %v", loc, err)
	}
	version, zones, _ := jvmRules(t)
	if err := Register(version, zones); err != nil {
		t.Fatal(err)
	}
	if Current().Version != version || !Current().Has("SystemV/EST5EDT") {
		t.Fatal("registered set")
	}
	if _, err := Load("SystemV/EST5EDT"); err != nil {
		t.Fatal(err)
	}
	if _, err := Load("Not/AZone"); err == nil {
		t.Fatal("unknown zone loaded")
	}
	if err := Check(version); err != nil {
		t.Fatal(err)
	}
	if err := Check("1999z"); err == nil {
		t.Fatal("other version accepted")
	}
	if err := Register("bad", map[string][]byte{"X/Y": []byte("nope")}); err == nil {
		t.Fatal("bad TZif accepted")
	}
}

// TestGoDataDiffers shows the self-check can fail: checked against Go's own tz
// database instead of the JVM's TZif bytes, many zones disagree.
func TestGoDataDiffers(t *testing.T) {
	_, _, checks := jvmRules(t)
	zones := 0
	for id, cs := range checks {
		loc, err := time.LoadLocation(id)
		if err != nil {
			continue
		}
		for _, c := range cs {
			if _, off := time.Unix(c.sec, 0).In(loc).Zone(); int32(off) != c.off {
				zones++
				if testing.Verbose() {
					t.Logf("%s differs at %s: Go %d, JVM %d", id, time.Unix(c.sec, 0).UTC(), off, c.off)
				}
				break
			}
		}
	}
	if zones == 0 {
		t.Fatal("Go's tz data agrees with the JVM's everywhere: the self-check could not fail")
	}
	t.Logf("%d zones differ", zones)
}
