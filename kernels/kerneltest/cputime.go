package kerneltest

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user + system) this process has used. Benchmarks
// report rows per CPU second beside rows per second: the machine may be
// shared, and wall time then overstates the cost.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
