package order

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user + system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports rows per CPU second (the machine may be shared: wall time
// overstates the cost when other processes run), from start, the CPU time at
// the timer's reset.
func reportCPU(b *testing.B, rows int, start time.Duration) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(rows)*float64(b.N)/d.Seconds(), "rows/cpu-s")
	}
}
