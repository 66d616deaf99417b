// Package parquetscan is Ember's native Parquet scan: the part of Spark's
// FileSourceScanExec over ParquetFileFormat that turns the PartitionedFiles of
// one task into Arrow record batches, with Spark 3.5 semantics.
//
// The operator (Scan, built by New) follows native.Operator. For each Split it
//
//   - opens the file (a local path or a file: URI; see Split),
//   - keeps the row groups whose midpoint lies in the split's byte range, as
//     parquet-mr's ParquetMetadataConverter.filterFileMetaDataByMidpoint does
//     for Spark's SpecificParquetRecordReaderBase (withRange(start, start+length)),
//     so across all splits of a file every row group is read exactly once,
//   - skips the row groups whose min/max/null-count statistics prove that no row
//     can satisfy Options.Pruning (conservatively; see Predicate),
//   - reads only the required columns, matched by name to the file's top-level
//     columns (case-insensitively unless Options.CaseSensitive), converting each
//     Parquet physical/logical type to the exact Arrow type of the required Spark
//     type by the rules of Spark 3.5's ParquetVectorUpdaterFactory, and
//   - applies Spark's datetime/INT96 rebase policy (DataSourceUtils.datetimeRebaseSpec
//     and int96RebaseSpec): values that would need a Julian-to-Gregorian rebase
//     fail with a clear error instead of being returned wrong.
//
// Typical use, from translate:
//
//	op, err := parquetscan.New(parquetscan.Options{
//		Required:        node.RequiredSchema,
//		CaseSensitive:   conf.CaseSensitive,
//		Splits:          splits, // one per PartitionedFile
//		Pruning:         pred,   // built from DataFilters, or nil
//		BatchSize:       task.BatchSize,
//		SessionTimeZone: task.SessionTimeZone,
//		PlanID:          node.PlanID,
//	}, taskAllocator)
//	...
//	pruned := op.ScanMetrics().RowGroupsPruned
//
// The scan returns a superset of the rows that satisfy Options.Pruning, exactly
// as Spark's scan does with pushed filters: the filter above the scan still
// decides which rows qualify.
//
// Every output buffer, and the page, level and value buffers of arrow-go's
// column readers, come from the allocator given to New. arrow-go still makes
// transient allocations on the Go heap that no allocator sees: the footer
// bytes, one read buffer of at most 1 MiB per column being read, decoded
// dictionaries of numeric columns, and per-batch value slices of byte array
// columns.
package parquetscan
