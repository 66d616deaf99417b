// Package ember_test holds repository-wide checks: the dependency direction
// between Ember's Go packages (design.md, section 1).
package ember_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/ember-spark/ember/"

// allowed lists, per top-level area, the Ember areas its packages may import.
// An area is the first path element, except sparkplan/types, the shared type
// helpers that every area may use.
var allowed = map[string][]string{
	"proto":           {"proto"},
	"sparkplan/types": {},
	"kernels":         {"kernels", "sparkplan/types"},
	"sparkplan":       {"sparkplan", "proto", "sparkplan/types"},
	"native":          {"native", "kernels", "sparkplan/types"},
	"shuffle":         {"shuffle", "kernels", "native", "sparkplan/types"},
	"translate":       {"translate", "sparkplan", "native", "kernels", "shuffle", "sparkplan/types"},
	"sidecar":         {"sidecar", "translate", "sparkplan", "native", "kernels", "shuffle", "proto", "sparkplan/types"},
	"ffi":             {"ffi", "native", "kernels", "sparkplan/types"},
}

func areaOf(rel string) string {
	if strings.HasPrefix(rel, "sparkplan/types") {
		return "sparkplan/types"
	}
	return strings.SplitN(rel, "/", 2)[0]
}

func TestDependencyDirection(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == "build" || path == "jvm-plugin" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || !strings.Contains(path, "/") {
			return nil
		}
		from := areaOf(filepath.ToSlash(path))
		rules, known := allowed[from]
		if !known {
			if from == "proto" || from == "compat-tests" || from == "bench" {
				return nil
			}
			t.Errorf("%s: area %q has no dependency rule in layout_test.go", path, from)
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if !strings.HasPrefix(p, module) {
				continue
			}
			to := areaOf(strings.TrimPrefix(p, module))
			ok := false
			for _, a := range rules {
				ok = ok || a == to
			}
			// A native test may take Spark's aggregate buffer layouts and modes from sparkplan
			// as its oracle: tests are not part of the build graph the rule protects.
			if from == "native" && to == "sparkplan" && strings.HasSuffix(path, "_test.go") {
				ok = true
			}
			// Only the sidecar's own command may import the sidecar package.
			if to == "sidecar" && from == "sidecar" && strings.HasPrefix(filepath.ToSlash(path), "sidecar/") {
				ok = true
			}
			if !ok {
				t.Errorf("%s imports %s: %s may not depend on %s", path, p, from, to)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d files; is the walk broken?", checked)
	}
}
