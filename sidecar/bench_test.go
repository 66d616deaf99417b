package sidecar

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func decimalOf(v int64) decimal128.Num { return decimal128.FromI64(v) }

// BenchmarkRoundTrip measures the sidecar's round-trip throughput over a real
// Unix socket: the client streams 8192-row Arrow batches in, the sidecar
// decodes them and streams them back. SetBytes counts the IPC bytes of one
// direction, so MB/s is payload moved each way.
func BenchmarkRoundTrip(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run("nulls="+strconv.FormatBool(nulls), func(b *testing.B) {
			socket := filepath.Join(b.TempDir(), "ember.sock")
			ln, err := Listen(socket)
			if err != nil {
				b.Fatal(err)
			}
			srv := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), memory.NewGoAllocator())
			g := srv.GRPCServer(testToken)
			go g.Serve(ln)
			defer g.Stop()
			c := dial(b, socket)
			mem := memory.NewGoAllocator()
			const batches = 16
			schema, in := testBatches(mem, batches, 8192, nulls)
			pieces := encodeIPC(b, schema, in)
			total := 0
			for _, p := range pieces {
				total += len(p)
			}
			b.SetBytes(int64(total))
			ctx := withToken(context.Background(), testToken)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var got countingWriter
				if _, err := executeTo(ctx, c, arrowInputPlan("bench-"+strconv.Itoa(i)), pieces, &got); err != nil {
					b.Fatal(err)
				}
				if int(got) < total/2 {
					b.Fatalf("short output: %d bytes", got)
				}
			}
		})
	}
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
