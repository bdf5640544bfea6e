package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// benchMix is a fixed mix of realistic generated programs. Like the
// pipeline's programs they differ in their givens: {K} (and {K7}, K mod 7
// plus 1) are replaced by a number that changes with every execution, so
// no mode can answer a repeated program from SymPy's cache (an in-process
// loop running the very same program again would, which makes a ceiling no
// real workload reaches).
var benchMix = []struct{ name, code string }{
	{"solve", `import sympy as sp
def solve():
    x, y = sp.symbols('x y')
    sol = sp.solve([x + y - (10 + {K}), x*y - 21], [x, y])
    return max(s[0] for s in sol)
`},
	{"integrate", `from sympy import symbols, integrate, exp, Rational
def solve():
    x = symbols('x')
    return integrate(x**2 * exp(Rational({K7}, 3) * x), (x, 0, 1))
`},
	{"simplify", `import sympy as sp
def solve():
    x = sp.Symbol('x')
    return sp.simplify((x**3 - {K}**3)/(x - {K}) + sp.sin(x)**2 + sp.cos(x)**2)
`},
	{"eigenvals", `from sympy import Matrix
def solve():
    M = Matrix([[4 + {K}, 1], [2, 3]])
    return sorted(M.eigenvals().keys(), key=float)
`},
	{"factorint", `from sympy import factorint, divisor_sigma
def solve():
    n = 2**32 + 1 + 2 * {K}
    f = factorint(n)
    return max(f), divisor_sigma(360 + {K})
`},
	{"fractions", `from fractions import Fraction
def solve():
    total = Fraction(0)
    for k in range(1, 60 + {K7}):
        total += Fraction({K7}, k * (k + 1))
    return total
`},
	{"numpy det", `import numpy as np
def solve():
    A = np.array([[2.0 + {K}, 1.0, 3.0], [0.0, 4.0, 1.0], [5.0, 2.0, 6.0]])
    return round(float(np.linalg.det(A)), 6)
`},
	{"brute force", `def solve():
    count = 0
    for a in range(1, 60):
        for b in range(a, 60):
            c2 = a*a + b*b
            c = int(c2 ** 0.5)
            if c*c == c2 and c < 55 + {K7}:
                count += 1
    return count
`},
}

// benchProgram is program i of the mix with givens k.
func benchProgram(i, k int) string {
	r := strings.NewReplacer("{K7}", strconv.Itoa(k%7+1), "{K}", strconv.Itoa(k))
	return r.Replace(benchMix[i%len(benchMix)].code)
}

// freshRunner runs one program in a brand-new interpreter (baseline (1)).
const freshRunner = `import sys
g = {"__name__": "__main__"}
exec(compile(sys.argv[1], "<program>", "exec"), g)
print(repr(g["solve"]()))
`

// runConcurrently runs n calls of fn on conc goroutines and returns the elapsed time.
func runConcurrently(n, conc int, fn func(i int)) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// machineInfo names the CPU model, the kernel and the CPU count, read from
// /proc/cpuinfo and uname(2), so figures are never quoted without the
// machine they came from.
func machineInfo() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	kernel := "unknown kernel"
	var u syscall.Utsname
	if syscall.Uname(&u) == nil {
		str := func(a [65]int8) string {
			b := make([]byte, 0, len(a))
			for _, c := range a {
				if c == 0 {
					break
				}
				b = append(b, byte(c))
			}
			return string(b)
		}
		kernel = str(u.Sysname) + " " + str(u.Release) + " " + str(u.Machine)
	}
	return fmt.Sprintf("%s, %s, %d CPUs", model, kernel, runtime.NumCPU())
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// serversCPU is the CPU time the servers of p and their zygotes have used
// themselves (not the children running programs, whose CPU the Execution
// reports), from /proc/<pid>/schedstat (nanoseconds).
func serversCPU(b *testing.B, p *Pool) time.Duration {
	var total int64
	for _, pid := range append(p.serverPids(), zygotes(b, p)...) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/schedstat", pid))
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			n, _ := strconv.ParseInt(f[0], 10, 64)
			total += n
		}
	}
	return time.Duration(total)
}

// Benchmark sizes. The run is made of steps; a step runs the mix once in
// fresh interpreters and benchRounds times in each fast mode (pool,
// in-process, trivial). Within a step the fresh programs run in
// benchSlices slices (one program per worker) between slices of fast
// rounds, so that every mode of a step sees the same load from other users
// of the machine. Throughput ratios are the median of the steps' ratios.
const (
	benchSteps  = 10
	benchRounds = 8 // fast-mode rounds per step: 10 steps x 8 rounds x 8 programs = 640 per fast mode
	benchSlices = 4 // fresh slices per step (the mix of 8 programs, 2 at a time)
)

// median returns the median of xs (xs is reordered).
func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// trivialProgram is the smallest program: its child cost is the pool's
// fixed cost per program.
const trivialProgram = "def solve():\n    return 3*7\n"

// BenchmarkExecution compares, on the same mix and in the same run:
// (1) a fresh /usr/bin/python3 per program, (2) the pool with every
// isolation layer on, and (3) the unsafe in-process exec loop (programs run
// inside a server process, no fork, no isolation) in one process and in as
// many processes as the pool has workers. It reports programs/s for each,
// CPU per program (the child's rusage plus the server's and the zygote's
// own time for the pool, the server's time in-process, the interpreter's
// rusage fresh), the ratios pool/fresh (target >= 10) and pool/inprocN
// (target >= 0.5) by throughput (median over steps) and by CPU, and the
// trivial program's child CPU (target <= 5 ms). Modes are interleaved step
// by step and round by round so that load from other users of the machine
// hits them alike; the machine, the kernel and the load average are printed
// with the figures.
func BenchmarkExecution(b *testing.B) {
	requirePython(b)
	loadStart := loadAverage()
	workers := runtime.NumCPU()
	cfg := DefaultConfig()
	cfg.Workers = workers
	pool := newTestPool(b, cfg)
	icfg := cfg
	icfg.unsafeInproc = true
	icfg.Namespaces, icfg.Seccomp = false, false
	inprocN := newTestPool(b, icfg)
	icfg.Workers = 1
	inproc1 := newTestPool(b, icfg)
	b.Logf("machine: %s", machineInfo())
	b.Logf("pool isolation: %s", pool.Isolation())
	b.Logf("pool tuning: %s", pool.tuning)

	ctx := context.Background()
	check := func(name string, ex schemas.Execution) {
		if ex.Status != schemas.StatusOK {
			b.Fatalf("%s: status %s: %s", name, ex.Status, ex.Error)
		}
	}
	// Warm-up and correctness check of every program in every mode.
	for i, m := range benchMix {
		code := benchProgram(i, 1)
		check("pool "+m.name, pool.Run(ctx, Request{Code: code}))
		check("inproc "+m.name, inprocN.submit(ctx, Request{Code: code}, "inproc"))
		check("inproc1 "+m.name, inproc1.submit(ctx, Request{Code: code}, "inproc"))
		out, err := exec.Command("/usr/bin/python3", "-c", freshRunner, code).CombinedOutput()
		if err != nil {
			b.Fatalf("fresh %s: %v: %s", m.name, err, out)
		}
	}

	var freshN, poolN, inNN, in1N, trivialN int
	var freshT, poolT, inNT, in1T, trivialT time.Duration
	var freshCPU, poolServerCPU, inNCPU, trivialServerCPU time.Duration
	var poolChildCPU, trivialChildCPU atomic.Int64
	var freshCPUns atomic.Int64
	var stepPoolFresh, stepPoolInN, stepPoolIn1 []float64
	// Givens: every execution of a mode gets a new k; within a round the
	// fast modes run the same programs, each in its own processes.
	next := 2
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for step := 0; step < benchSteps; step++ {
			n := len(benchMix)
			freshBase := next
			next += n
			var fT, pT, iNT, i1T time.Duration
			per := n / benchSlices
			for slice := 0; slice < benchSlices; slice++ {
				first := slice * per
				fT += runConcurrently(per, workers, func(i int) {
					cmd := exec.Command("/usr/bin/python3", "-c", freshRunner, benchProgram(first+i, freshBase+first+i))
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Errorf("fresh: %v: %s", err, out)
						return
					}
					freshCPUns.Add(int64(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()))
				})
				for r := 0; r < benchRounds/benchSlices; r++ {
					base := next
					next += n
					s0 := serversCPU(b, pool)
					pT += runConcurrently(n, 2*workers, func(i int) {
						ex := pool.Run(ctx, Request{Code: benchProgram(i, base+i)})
						check("pool", ex)
						poolChildCPU.Add(ex.CPUMillis)
					})
					poolServerCPU += serversCPU(b, pool) - s0
					s0 = serversCPU(b, inprocN)
					iNT += runConcurrently(n, 2*workers, func(i int) {
						check("inproc", inprocN.submit(ctx, Request{Code: benchProgram(i, base+i)}, "inproc"))
					})
					inNCPU += serversCPU(b, inprocN) - s0
					i1T += runConcurrently(n, 2, func(i int) {
						check("inproc1", inproc1.submit(ctx, Request{Code: benchProgram(i, base+i)}, "inproc"))
					})
					s0 = serversCPU(b, pool)
					trivialT += runConcurrently(n, 2*workers, func(i int) {
						ex := pool.Run(ctx, Request{Code: trivialProgram})
						check("trivial", ex)
						trivialChildCPU.Add(ex.CPUMillis)
					})
					trivialServerCPU += serversCPU(b, pool) - s0
					trivialN += n
				}
			}
			freshT += fT
			freshN += n
			// Same program count in every fast mode: rate ratios are time ratios.
			stepPoolFresh = append(stepPoolFresh, (float64(benchRounds*n)/pT.Seconds())/(float64(n)/fT.Seconds()))
			stepPoolInN = append(stepPoolInN, iNT.Seconds()/pT.Seconds())
			stepPoolIn1 = append(stepPoolIn1, i1T.Seconds()/pT.Seconds())
			poolT, inNT, in1T = poolT+pT, inNT+iNT, in1T+i1T
			poolN, inNN, in1N = poolN+benchRounds*n, inNN+benchRounds*n, in1N+benchRounds*n
		}
	}
	b.StopTimer()
	freshCPU = time.Duration(freshCPUns.Load())
	loadEnd := loadAverage()

	rate := func(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }
	ms := func(d time.Duration, n int) float64 { return float64(d) / float64(time.Millisecond) / float64(n) }
	fresh, pooled, inN, in1, trivial := rate(freshN, freshT), rate(poolN, poolT), rate(inNN, inNT), rate(in1N, in1T), rate(trivialN, trivialT)
	freshMS := ms(freshCPU, freshN)
	poolChildMS := float64(poolChildCPU.Load()) / float64(poolN)
	poolServerMS := ms(poolServerCPU, poolN)
	poolMS := poolChildMS + poolServerMS
	inMS := ms(inNCPU, inNN)
	trivialChildMS := float64(trivialChildCPU.Load()) / float64(trivialN)
	trivialServerMS := ms(trivialServerCPU, trivialN)
	b.ReportMetric(fresh, "fresh_programs/s")
	b.ReportMetric(pooled, "pool_programs/s")
	b.ReportMetric(in1, "inproc1_programs/s")
	b.ReportMetric(inN, "inprocN_programs/s")
	poolFresh, poolInN, poolIn1 := median(stepPoolFresh), median(stepPoolInN), median(stepPoolIn1)
	b.ReportMetric(poolFresh, "pool/fresh")
	b.ReportMetric(poolIn1, "pool/inproc1")
	b.ReportMetric(poolInN, "pool/inprocN")
	b.ReportMetric(freshMS/poolMS, "cpu_fresh/pool")
	b.ReportMetric(inMS/poolMS, "cpu_inproc/pool")
	b.ReportMetric(poolChildMS, "pool_child_cpu_ms/program")
	b.ReportMetric(poolServerMS, "pool_server_cpu_ms/program")
	b.ReportMetric(inMS, "inproc_cpu_ms/program")
	b.ReportMetric(freshMS, "fresh_cpu_ms/program")
	b.ReportMetric(trivialChildMS, "trivial_child_cpu_ms/program")
	b.ReportMetric(trivialServerMS, "trivial_server_cpu_ms/program")
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	fmt.Printf("BenchmarkExecution on %s; load average %s at the start, %s at the end\n"+
		"  pool: %d workers, %s\n"+
		"  pool: %s\n"+
		"  (1) fresh python per program:    %7.2f programs/s  (CPU %.1f ms/program, %d programs)\n"+
		"  (2) pool, all isolation on:      %7.2f programs/s  (CPU %.1f ms/program = child %.1f + server and zygote %.1f, %d programs)\n"+
		"      trivial program:             %7.2f programs/s  (CPU %.1f ms/program = child %.1f + server and zygote %.1f)\n"+
		"  (3) unsafe in-process, 1 proc:   %7.2f programs/s\n"+
		"      unsafe in-process, %d procs:  %7.2f programs/s  (CPU %.1f ms/program)\n"+
		"  ratios by throughput (median of %d steps): pool/fresh = %.1f (target >= 10: %s; steps %.1f-%.1f), pool/inproc1 = %.2f, pool/inprocN = %.2f (target >= 0.5: %s; steps %.2f-%.2f)\n"+
		"  ratios by CPU per program: fresh/pool = %.1f, inproc/pool = %.2f\n"+
		"  trivial child CPU = %.1f ms (target <= 5 ms: %s)\n",
		machineInfo(), loadStart, loadEnd, workers, pool.Isolation(), pool.tuning,
		fresh, freshMS, freshN,
		pooled, poolMS, poolChildMS, poolServerMS, poolN,
		trivial, trivialChildMS+trivialServerMS, trivialChildMS, trivialServerMS,
		in1, workers, inN, inMS,
		len(stepPoolFresh), poolFresh, verdict(poolFresh >= 10), stepPoolFresh[0], stepPoolFresh[len(stepPoolFresh)-1],
		poolIn1, poolInN, verdict(poolInN >= 0.5), stepPoolInN[0], stepPoolInN[len(stepPoolInN)-1],
		freshMS/poolMS, inMS/poolMS,
		trivialChildMS, verdict(trivialChildMS <= 5))
}
