package order

import (
	"testing"
	"time"

	"github.com/ember-spark/ember/kernels/kerneltest"
)

// reportCPU reports rows per CPU second (the machine may be shared: wall time
// overstates the cost when other processes run), from start, the CPU time at
// the timer's reset.
func reportCPU(b *testing.B, rows int, start time.Duration) {
	if d := kerneltest.CPUTime() - start; d > 0 {
		b.ReportMetric(float64(rows)*float64(b.N)/d.Seconds(), "rows/cpu-s")
	}
}
