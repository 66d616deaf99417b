package parquetscan

import (
	"fmt"
	"strings"

	"github.com/ember-spark/ember/sparkplan/types"
)

// DefaultBatchSize is the batch size used when Options.BatchSize is not positive.
const DefaultBatchSize = 8192

// Split is one Spark PartitionedFile: the byte range [Start, Start+Length) of
// the file at Path. A row group belongs to the split that contains its
// midpoint (see the package doc).
//
// Path is either a URI with the file scheme ("file:/p", "file:///p",
// "file://localhost/p"), percent-encoded as Spark's SparkPath.urlEncoded gives
// it, or a plain local path (no scheme), used as is. Other schemes (hdfs:,
// s3a:, ...) are rejected with a "not supported yet" error.
//
// FileSize is informational (Spark's PartitionedFile.fileSize); the scan uses
// the size of the file it opens.
type Split struct {
	Path     string
	Start    int64
	Length   int64
	FileSize int64
}

// RebaseMode is Spark's LegacyBehaviorPolicy for reading dates and timestamps
// that may have been written in the hybrid Julian calendar.
type RebaseMode uint8

const (
	// RebaseException fails when a value older than 1582-10-15 (dates) or
	// 1900-01-01T00:00:00Z (timestamps) is read from a file whose writer
	// is unknown. It is Spark 3.5's default for both configs.
	RebaseException RebaseMode = iota
	// RebaseCorrected reads values as they are (proleptic Gregorian).
	RebaseCorrected
	// RebaseLegacy rebases from the hybrid calendar. Ember does not implement
	// the rebase itself: a value that Spark would change fails with an error;
	// every other value is returned unchanged, which is what Spark returns too.
	RebaseLegacy
)

// ParseRebaseMode parses "EXCEPTION", "CORRECTED" or "LEGACY" (any case), as
// accepted by spark.sql.parquet.datetimeRebaseModeInRead. "" gives the default,
// RebaseException.
func ParseRebaseMode(s string) (RebaseMode, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "EXCEPTION":
		return RebaseException, nil
	case "CORRECTED":
		return RebaseCorrected, nil
	case "LEGACY":
		return RebaseLegacy, nil
	}
	return 0, fmt.Errorf("parquetscan: invalid rebase mode %q: want EXCEPTION, CORRECTED or LEGACY", s)
}

// String returns the Spark config value of m.
func (m RebaseMode) String() string {
	switch m {
	case RebaseException:
		return "EXCEPTION"
	case RebaseCorrected:
		return "CORRECTED"
	case RebaseLegacy:
		return "LEGACY"
	}
	return fmt.Sprintf("RebaseMode(%d)", uint8(m))
}

// Options configure one scan: one Spark task's share of a FileSourceScanExec.
type Options struct {
	// Required lists the columns to read, in output order (Spark's
	// requiredSchema). Each is matched by name to a top-level column of each
	// file. A required column missing from a file reads as all NULL, as in
	// Spark; if the field is not Nullable that is an error instead (Spark's
	// "Required column is missing in data file").
	Required types.Schema
	// CaseSensitive is spark.sql.caseSensitive. When false, names match
	// case-insensitively and a required column that matches several file
	// columns is an error.
	CaseSensitive bool
	// Splits are the task's PartitionedFiles, read in order.
	Splits []Split
	// Pruning, when not nil, lets the scan skip row groups whose statistics
	// prove that no row satisfies it. Its column indexes refer to Required.
	Pruning Predicate
	// BatchSize is the maximum number of rows per batch; <= 0 means
	// DefaultBatchSize. A batch never spans two row groups.
	BatchSize int
	// SessionTimeZone labels TimestampType columns (spark.sql.session.timeZone).
	SessionTimeZone string
	// PlanID is the Spark plan id the metrics are reported under.
	PlanID int64
	// DatetimeRebaseMode is spark.sql.parquet.datetimeRebaseModeInRead (or
	// the datetimeRebaseMode read option). It applies to files without
	// Spark's version metadata only, as in DataSourceUtils.datetimeRebaseSpec.
	DatetimeRebaseMode RebaseMode
	// INT96RebaseMode is spark.sql.parquet.int96RebaseModeInRead (or the
	// int96RebaseMode read option), for INT96 timestamps.
	INT96RebaseMode RebaseMode
	// INT96TimestampConversion is spark.sql.parquet.int96TimestampConversion.
	// Ember does not implement the conversion: reading an INT96 column from a
	// file not written by parquet-mr with this set (and a session time zone
	// other than UTC) fails with an error.
	INT96TimestampConversion bool
	// IgnoreMissingFiles is spark.sql.files.ignoreMissingFiles: a split whose
	// file does not exist is skipped.
	IgnoreMissingFiles bool
	// IgnoreCorruptFiles is spark.sql.files.ignoreCorruptFiles: when reading a
	// file fails, the rest of that file is skipped (batches already returned
	// stay returned), as Spark's FileScanRDD does.
	IgnoreCorruptFiles bool
}

func (o *Options) batchSize() int64 {
	if o.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return int64(o.BatchSize)
}

func (o *Options) validate() error {
	for i, f := range o.Required {
		if err := f.Type.Validate(); err != nil {
			return fmt.Errorf("parquetscan: required column %d (%q): %w", i, f.Name, err)
		}
	}
	for i, s := range o.Splits {
		if s.Start < 0 || s.Length < 0 {
			return fmt.Errorf("parquetscan: split %d of %q has a negative start (%d) or length (%d)", i, s.Path, s.Start, s.Length)
		}
	}
	if o.DatetimeRebaseMode > RebaseLegacy || o.INT96RebaseMode > RebaseLegacy {
		return fmt.Errorf("parquetscan: invalid rebase mode")
	}
	return nil
}
