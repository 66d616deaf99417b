// Package translate turns a validated sparkplan tree into a fresh tree of
// native operators for one task. There is one small function per operator
// kind (operators.go) and per expression kind (exprs.go); the tables in
// registry.go say what is supported and are what the sidecar advertises.
package translate
