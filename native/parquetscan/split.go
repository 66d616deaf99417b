package parquetscan

import (
	"errors"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/parquet/metadata"
)

// selectRowGroups returns, in file order, the indexes of the row groups whose
// midpoint lies in [start, start+length).
//
// It follows parquet-mr 1.13.1 (the version Spark 3.5 ships)
// ParquetMetadataConverter.filterFileMetaDataByMidpoint, which
// Spark's SpecificParquetRecordReaderBase reaches through
// ParquetReadOptions.withRange(start, start + length):
//
//   - the start of a row group is the offset of its first column chunk: the
//     dictionary page offset when it is set and smaller than the data page
//     offset, otherwise the data page offset (getOffset(ColumnChunk)); when
//     the first row group's first column chunk has no meta_data (encrypted
//     columns), RowGroup.file_offset is used instead, corrected as in
//     PARQUET-2078 when it is not plausible;
//   - its size is RowGroup.total_compressed_size when set, otherwise the sum of
//     its column chunks' total_compressed_size;
//   - midpoint = start + size/2 (integer division), kept when
//     start <= midpoint < start+length (RangeMetadataFilter.contains).
func selectRowGroups(fmd *metadata.FileMetaData, start, length int64) ([]int, error) {
	end := start + length
	if length > math.MaxInt64-start {
		end = math.MaxInt64
	}
	rowGroups := fmd.RowGroups
	if len(rowGroups) == 0 {
		return nil, nil
	}
	first := rowGroups[0]
	if first == nil || len(first.Columns) == 0 || first.Columns[0] == nil {
		return nil, errors.New("row group 0 has no column chunks")
	}
	firstColumnWithMetadata := first.Columns[0].IsSetMetaData()

	var (
		out               []int
		preStartIndex     int64
		preCompressedSize int64
	)
	for i, rg := range rowGroups {
		if rg == nil || len(rg.Columns) == 0 || rg.Columns[0] == nil {
			return nil, fmt.Errorf("row group %d has no column chunks", i)
		}
		var startIndex int64
		if firstColumnWithMetadata {
			md := rg.Columns[0].MetaData
			if md == nil {
				return nil, fmt.Errorf("row group %d: first column chunk has no metadata", i)
			}
			startIndex = md.DataPageOffset
			if md.IsSetDictionaryPageOffset() && startIndex > md.GetDictionaryPageOffset() {
				startIndex = md.GetDictionaryPageOffset()
			}
		} else {
			if !rg.IsSetFileOffset() || !rg.IsSetTotalCompressedSize() {
				return nil, fmt.Errorf("row group %d: no file_offset or total_compressed_size to place it in a split", i)
			}
			// The file_offset of the first row group always holds the truth,
			// later ones may not (PARQUET-2078).
			startIndex = rg.GetFileOffset()
			if invalidFileOffset(startIndex, preStartIndex, preCompressedSize) {
				if preStartIndex == 0 {
					startIndex = 4
				} else {
					startIndex = preStartIndex + preCompressedSize
				}
			}
			preStartIndex = startIndex
			preCompressedSize = rg.GetTotalCompressedSize()
		}

		var totalSize int64
		if rg.IsSetTotalCompressedSize() {
			totalSize = rg.GetTotalCompressedSize()
		} else {
			for j, col := range rg.Columns {
				if col == nil || col.MetaData == nil {
					return nil, fmt.Errorf("row group %d: column chunk %d has no metadata", i, j)
				}
				totalSize += col.MetaData.TotalCompressedSize
			}
		}

		mid := startIndex + totalSize/2
		if mid >= start && mid < end {
			out = append(out, i)
		}
	}
	return out, nil
}

// invalidFileOffset is parquet-mr's check of a RowGroup.file_offset.
func invalidFileOffset(startIndex, preStartIndex, preCompressedSize int64) bool {
	if preStartIndex == 0 && startIndex != 4 {
		return true // the first row group starts right after the magic
	}
	return startIndex < preStartIndex+preCompressedSize
}
