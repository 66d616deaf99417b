package cast

import (
	"fmt"
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BenchmarkCast measures one batch of 8192 values per cast family, without
// nulls and with every 8th value NULL. b.SetBytes counts the input bytes
// (fixed width, or the string bytes plus offsets); Mvalues/s is reported.
func BenchmarkCast(b *testing.B) {
	const n = 8192
	gen := map[string]func(i int) any{
		"long":   func(i int) any { return int64(i*7919 - 30000) },
		"int":    func(i int) any { return int32(i - 4000) },
		"double": func(i int) any { return float64(i)*1.37 - 3000 },
		"dec":    func(i int) any { return kerneltest.Dec(int64(i*12345 - 5000000)) },
		"bool":   func(i int) any { return i%3 == 0 },
		"intstr": func(i int) any { return fmt.Sprint(i*37 - 100000) },
		"dblstr": func(i int) any { return fmt.Sprintf("%g", float64(i)*1.37e-3-3) },
		"decstr": func(i int) any { return fmt.Sprintf(" %d.%02d ", i-4000, i%100) },
		"ts":     func(i int) any { return int64(i)*86400e6*37/10 + 1600000000e6 },
		"date":   func(i int) any { return int32(i*3 - 5000) },
		"tsstr": func(i int) any {
			return fmt.Sprintf("20%02d-%02d-%02d %02d:%02d:%02d.%03d", i%50, i%12+1, i%28+1, i%24, i%60, (i*7)%60, i%1000)
		},
		"tszstr": func(i int) any {
			return fmt.Sprintf("20%02d-%02d-%02dT%02d:%02d:%02d%s", i%50, i%12+1, i%28+1, i%24, i%60, (i*7)%60,
				[]string{"Z", "+08:00", " Europe/Berlin", " UTC"}[i%4])
		},
		"boolstr": func(i int) any {
			return []string{"true", "false", " yes", "N", "0", "T"}[i%6]
		},
	}
	cases := []struct {
		name     string
		from, to types.DataType
		gen      string
		mode     kernels.EvalMode
	}{
		{"long->int/legacy", longT, intT, "long", kernels.Legacy},
		{"long->int/ansi", longT, intT, "long", kernels.ANSI},
		{"long->int/try", longT, intT, "long", kernels.Try},
		{"double->long/ansi", doubleT, longT, "double", kernels.ANSI},
		{"double->int/legacy", doubleT, intT, "double", kernels.Legacy},
		{"decimal(18,2)->int/ansi", D(18, 2), intT, "dec", kernels.ANSI},
		{"int->decimal(10,2)/ansi", intT, D(10, 2), "int", kernels.ANSI},
		{"bool->int", boolT, intT, "bool", kernels.Legacy},
		{"int->bool", intT, boolT, "int", kernels.Legacy},
		{"long->string", longT, strT, "long", kernels.Legacy},
		{"decimal(18,2)->string", D(18, 2), strT, "dec", kernels.Legacy},
		{"double->string", doubleT, strT, "double", kernels.Legacy},
		{"string->int/legacy", strT, intT, "intstr", kernels.Legacy},
		{"string->long/ansi", strT, longT, "intstr", kernels.ANSI},
		{"string->double", strT, doubleT, "dblstr", kernels.Legacy},
		{"string->decimal(10,2)", strT, D(10, 2), "decstr", kernels.Legacy},
		{"string->boolean", strT, boolT, "boolstr", kernels.Legacy},
		{"timestamp->string", tsT, strT, "ts", kernels.Legacy},
		{"timestamp->date", tsT, dateT, "ts", kernels.Legacy},
		{"timestamp_ntz->timestamp", ntzT, tsT, "ts", kernels.Legacy},
		{"date->timestamp", dateT, tsT, "date", kernels.Legacy},
		{"date->string", dateT, strT, "date", kernels.Legacy},
		{"string->timestamp", strT, tsT, "tsstr", kernels.Legacy},
		{"string->timestamp/zones", strT, tsT, "tszstr", kernels.ANSI},
		{"string->timestamp_ntz", strT, ntzT, "tsstr", kernels.Legacy},
		{"double->timestamp/ansi", doubleT, tsT, "double", kernels.ANSI},
		{"decimal(18,2)->timestamp", D(18, 2), tsT, "dec", kernels.Legacy},
		{"decimal(10,2)->timestamp", D(10, 2), tsT, "dec", kernels.Legacy},
		{"bool->timestamp", boolT, tsT, "bool", kernels.Legacy},
	}
	la, _ := LoadZone("America/Los_Angeles")
	mem := memory.NewGoAllocator()
	for _, c := range cases {
		for _, nulls := range []bool{false, true} {
			vals := make([]any, n)
			bytes := 0
			for i := range vals {
				vals[i] = gen[c.gen](i)
				if s, ok := vals[i].(string); ok {
					bytes += len(s) + 4
				}
				if nulls && i%8 == 3 {
					vals[i] = nil
				}
			}
			if bytes == 0 {
				bytes = n * byteWidth(c.from)
			}
			arr := kerneltest.Build(mem, c.from, vals)
			name := c.name
			if nulls {
				name += "/nulls"
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(bytes))
				for b.Loop() {
					out, err := CastIn(mem, c.from, c.to, arr, c.mode, la)
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
			})
			arr.Release()
		}
	}
	_ = math.Pi
}

func byteWidth(t types.DataType) int {
	switch t.ID {
	case types.Boolean:
		return 1
	case types.Byte:
		return 1
	case types.Short:
		return 2
	case types.Int, types.Float, types.Date:
		return 4
	case types.Decimal:
		return 16
	}
	return 8
}
