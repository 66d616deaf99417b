// Package tz is the sidecar's one source of time-zone rules. Spark resolves zones
// with the JVM's java.time ZoneRules, whose data differ from Go's tz database in
// about a hundred zones (mostly before 1970), so the plugin sends the JVM's rules
// in the Handshake as TZif files (see ZoneRulesTZif.scala) and Register loads them
// here; Load then resolves zone ids from them only. Without JVM rules (Go unit
// tests, tools) Load falls back to Go's tz database.
package tz

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// RuleSet is one JVM's zone rules, by tz database version.
type RuleSet struct {
	Version string
	locs    map[string]*time.Location
}

// IDs is the set of zone ids of the rule set (java.time's ZoneId.getAvailableZoneIds,
// less any zone the JVM could not express).
func (r *RuleSet) IDs() map[string]bool {
	ids := make(map[string]bool, len(r.locs))
	for id := range r.locs {
		ids[id] = true
	}
	return ids
}

// Has reports whether the rule set holds the zone id.
func (r *RuleSet) Has(id string) bool { _, ok := r.locs[id]; return ok }

var (
	mu      sync.Mutex
	sets    = map[string]*RuleSet{}
	current atomic.Pointer[RuleSet]
)

// Parse loads every zone of a rule set (zone id -> TZif bytes).
func Parse(version string, zones map[string][]byte) (*RuleSet, error) {
	rs := &RuleSet{Version: version, locs: make(map[string]*time.Location, len(zones))}
	for id, data := range zones {
		loc, err := time.LoadLocationFromTZData(id, data)
		if err != nil {
			return nil, fmt.Errorf("time-zone rules of the JVM (tzdb %s): zone %s: %w", version, id, err)
		}
		rs.locs[id] = loc
	}
	return rs, nil
}

// Register loads the JVM's rule set and makes it the one Load uses. A version
// already registered is kept (the JVM's rules of one version do not change).
func Register(version string, zones map[string][]byte) error {
	mu.Lock()
	defer mu.Unlock()
	if rs, ok := sets[version]; ok {
		current.Store(rs)
		return nil
	}
	rs, err := Parse(version, zones)
	if err != nil {
		return err
	}
	sets[version] = rs
	current.Store(rs)
	return nil
}

// Current is the rule set Load uses; nil when no JVM sent rules.
func Current() *RuleSet { return current.Load() }

// Check returns an error unless the JVM's rules of tz database version are the
// ones Load uses (an empty version asks for none).
func Check(version string) error {
	if version == "" {
		return nil
	}
	if rs := current.Load(); rs == nil || rs.Version != version {
		have := "none"
		if rs != nil {
			have = rs.Version
		}
		return fmt.Errorf("the task needs the JVM's time-zone rules of tzdb %s but the sidecar has %s "+
			"(each JVM sends its rules in the handshake; executors of one application must use the same JDK tz data)", version, have)
	}
	return nil
}

// Load resolves a zone id: from the JVM's rules when a JVM sent them (an id they
// lack is an error, never Go's data), else from Go's tz database.
func Load(id string) (*time.Location, error) {
	if rs := current.Load(); rs != nil {
		if loc, ok := rs.locs[id]; ok {
			return loc, nil
		}
		return nil, fmt.Errorf("unknown time zone %q: not in the JVM's time-zone rules (tzdb %s)", id, rs.Version)
	}
	return time.LoadLocation(id)
}

// Versions lists the registered tz database versions.
func Versions() []string {
	mu.Lock()
	defer mu.Unlock()
	v := make([]string, 0, len(sets))
	for k := range sets {
		v = append(v, k)
	}
	sort.Strings(v)
	return v
}
