package parquetscan

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/parquet/metadata"

	"github.com/ember-spark/ember/kernels"
)

// Key-value metadata keys Spark writes into Parquet footers
// (org.apache.spark.sql.package object, Spark 3.5).
const (
	sparkVersionKey        = "org.apache.spark.version"
	sparkLegacyDateTimeKey = "org.apache.spark.legacyDateTime"
	sparkLegacyINT96Key    = "org.apache.spark.legacyINT96"
)

// Thresholds from Spark's RebaseDateTime: at and after them the hybrid Julian
// and the proleptic Gregorian calendars agree in every time zone, so rebasing
// is the identity and the EXCEPTION policy lets values through.
const (
	// lastSwitchJulianDay is RebaseDateTime.lastSwitchJulianDay, 1582-10-15.
	lastSwitchJulianDay = -141427
	// lastSwitchJulianTs is RebaseDateTime.lastSwitchJulianTs,
	// 1900-01-01T00:00:00Z in microseconds: the largest last switch of
	// julian-gregorian-rebase-micros.json (every zone ends at -2208988800 s).
	lastSwitchJulianTs = -2208988800 * 1_000_000
)

// fileRebaseModes resolves the policies for one file as Spark 3.5's
// DataSourceUtils.datetimeRebaseSpec and int96RebaseSpec do: a file written by
// Spark says what it needs (Spark < 3.0.0, or < 3.1.0 for INT96, or a file
// marked legacy, needs LEGACY; otherwise CORRECTED); for any other file the
// configured mode applies.
func fileRebaseModes(kv metadata.KeyValueMetadata, datetimeConf, int96Conf RebaseMode) (datetime, int96 RebaseMode) {
	version := kv.FindValue(sparkVersionKey)
	if version == nil {
		return datetimeConf, int96Conf
	}
	// Spark compares the version strings lexicographically (Scala String <).
	datetime, int96 = RebaseCorrected, RebaseCorrected
	if *version < "3.0.0" || kv.FindValue(sparkLegacyDateTimeKey) != nil {
		datetime = RebaseLegacy
	}
	if *version < "3.1.0" || kv.FindValue(sparkLegacyINT96Key) != nil {
		int96 = RebaseLegacy
	}
	return datetime, int96
}

// rebaseKind says which rebase check a column needs.
type rebaseKind uint8

const (
	rebaseNone   rebaseKind = iota
	rebaseDays              // DATE from INT32, datetime policy
	rebaseMicros            // TIMESTAMP(MICROS|MILLIS) from INT64, datetime policy
	rebaseINT96             // INT96, int96 policy
)

// rebaseError is the error for a value that needs a calendar rebase.
func rebaseError(path, column string, kind rebaseKind, mode RebaseMode) error {
	format, conf, option := "Parquet", "spark.sql.parquet.datetimeRebaseModeInRead", "datetimeRebaseMode"
	if kind == rebaseINT96 {
		format, conf, option = "Parquet INT96", "spark.sql.parquet.int96RebaseModeInRead", "int96RebaseMode"
	}
	if mode == RebaseLegacy {
		return fmt.Errorf("parquetscan: %s: column %q holds dates before 1582-10-15 or timestamps before 1900-01-01T00:00:00Z "+
			"written in the legacy hybrid (Julian) calendar; rebasing them (LEGACY mode) is not supported natively", path, column)
	}
	return kernels.ErrReadAncientDatetime(format, conf, option, fmt.Sprintf("%s: column %q", path, column))
}

// isParquetMR reports whether the file was written by parquet-mr, as Spark's
// ParquetFileFormat checks for spark.sql.parquet.int96TimestampConversion.
func isParquetMR(createdBy string) bool {
	return strings.HasPrefix(createdBy, "parquet-mr")
}
