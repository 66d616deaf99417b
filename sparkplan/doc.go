// Package sparkplan decodes the protobuf task plan sent by the JVM plugin into an
// immutable, validated Go model of the Spark plan: every expression knows its
// Spark data type and nullability, every operator knows its output schema, and a
// decoding error names the path of the offending node, as in
// "root.children[0].filter.condition.comparison.left: ...".
//
// Nothing downstream (translate, native) needs to re-check what Decode checked.
package sparkplan
