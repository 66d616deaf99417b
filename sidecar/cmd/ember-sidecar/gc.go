package main

import (
	"os"
	"runtime/debug"
)

// transientAllowance is what the Go memory limit allows above the budget: the
// batches flowing between operators, which reservations do not cover.
const transientAllowance = 32 << 20

// limitedGCPercent is the GC target (GOGC) when the heap has a memory limit.
//
// Scanning Parquet allocates a fresh buffer per column and batch (arrow-go's
// record readers hand theirs to the batch, and dictionary pages are expanded
// as they are read): TPC-H lineitem's q19 columns churn about 1.9 GB per scan
// of SF1 while the live heap is a few tens of MB. At Go's default of 100 the
// collector then runs every few MB, and GC assists, stack-scan preemption and
// re-zeroing fresh spans took 25-35% of scan time (BenchmarkScanTPCH: q19
// 1.58 s -> 1.17 s, q6 0.66 s -> 0.44 s per scan at 400). With a memory
// limit the heap still cannot grow past the budget: near it, the limit
// drives collection, so a high percentage only spends headroom the budget
// already grants.
const limitedGCPercent = 400

// setHeapLimits limits the Go heap to the budget plus the transient
// allowance and, under that limit, collects less often. GOMEMLIMIT and GOGC
// in the environment win (the runtime has already applied them).
func setHeapLimits(budget int64) {
	if budget <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	// The Go heap holds the reserved state plus the batches in flight; collect
	// harder near the budget rather than grow past it.
	debug.SetMemoryLimit(budget + transientAllowance)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(limitedGCPercent)
	}
}
