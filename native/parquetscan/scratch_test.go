package parquetscan
import (
 "testing"
 _ "github.com/apache/arrow-go/v18/parquet/pqarrow"
 _ "github.com/apache/arrow-go/v18/parquet/file"
 _ "github.com/apache/arrow-go/v18/parquet/compress"
 _ "github.com/apache/arrow-go/v18/arrow/memory"
)
func TestX(t *testing.T){}
