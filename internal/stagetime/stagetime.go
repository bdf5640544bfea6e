// Package stagetime measures the wall-clock and CPU time pipeline stages
// spend on their work, for the stage-time breakdown of a run (stats.json,
// the report and `make bench-pipeline`).
//
// CPU time is the calling OS thread's (RUSAGE_THREAD), read with the
// goroutine locked to its thread, so that work measured on one goroutine
// is not mixed with other goroutines' work, as process CPU time would be
// on a busy worker. Work done in other processes (the Python sandbox) is
// added by the caller from what those processes report.
package stagetime

import (
	"runtime"
	"syscall"
	"time"
)

// rusageThread is RUSAGE_THREAD (Linux).
const rusageThread = 1

// Sample is the time one piece of work took.
type Sample struct {
	Wall, CPU time.Duration
}

// Add returns the sum of two samples.
func (s Sample) Add(o Sample) Sample { return Sample{Wall: s.Wall + o.Wall, CPU: s.CPU + o.CPU} }

// ThreadCPU is the CPU time (user + system) of the calling thread so far,
// or 0 where it cannot be read.
func ThreadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Measure runs f on the calling goroutine, locked to its OS thread, and
// returns its wall-clock time and the thread's CPU time.
func Measure(f func()) Sample {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, cpu := time.Now(), ThreadCPU()
	f()
	return Sample{Wall: time.Since(start), CPU: max(ThreadCPU()-cpu, 0)}
}
