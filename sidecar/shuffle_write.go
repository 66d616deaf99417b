package sidecar

import (
	"context"
	"log/slog"
	"time"

	"github.com/ember-spark/ember/native"
	sidecarv1 "github.com/ember-spark/ember/proto/gen/ember/sidecar/v1"
	"github.com/ember-spark/ember/shuffle"
)

// runShuffleWrite drives root to the end into w, writes the data file at
// path and sends the TaskResult with the partition lengths: the map task of
// a native exchange. No Arrow output is sent; the JVM writes the index file
// and commits the data file (Spark's IndexShuffleBlockResolver), so a file
// left by a failed task is only ever a temporary one the JVM removes.
func runShuffleWrite(ctx context.Context, root native.Operator, w *shuffle.Writer, path string,
	stream *lockedSender, mem *native.TaskAllocator, log *slog.Logger) (err error) {
	defer w.Close()
	defer func() {
		if cerr := root.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := root.Open(ctx); err != nil {
		return err
	}
	var dataBytes int64
	for {
		rec, err := root.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		dataBytes += native.BatchBytes(rec)
		err = w.Write(ctx, rec)
		rec.Release()
		if err != nil {
			return err
		}
	}
	start := time.Now()
	lengths, err := w.Finish(path)
	if err != nil {
		return err
	}
	wm := w.Metrics()
	metrics := operatorMetrics(append(native.CollectMetrics(root), wm))
	log.Debug("shuffle written", "path", path, "rows", wm.OutputRows, "seconds", time.Since(start).Seconds(),
		"peak_bytes", mem.Peak())
	return stream.Send(&sidecarv1.ExecuteResponse{Kind: &sidecarv1.ExecuteResponse_Result{Result: &sidecarv1.TaskResult{
		Metrics: metrics,
		ShuffleWrite: &sidecarv1.ShuffleWriteResult{
			PartitionLengths: lengths, Rows: wm.OutputRows, WriteNanos: wm.ComputeNanos, DataBytes: dataBytes},
	}}})
}
