// Package types is Ember's model of Spark SQL data types
// (org.apache.spark.sql.types) and their Arrow representation.
//
// It is the shared type helper that every other Ember package may import; it
// imports no other Ember package.
package types
