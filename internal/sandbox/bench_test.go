package sandbox

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// BenchmarkExecution compares, on the same mix and in the same run:
// (1) a fresh /usr/bin/python3 per program, (2) the pool with every
// isolation layer on, and (3) the unsafe in-process exec loop (programs run
// inside a server process, no fork, no isolation) in one process and in as
// many processes as the pool has workers. It reports programs/s for each and
// the ratios pool/fresh (target >= 10) and pool/inproc (target >= 0.5).
func BenchmarkExecution(b *testing.B) {
	requirePython(b)
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
	b.Logf("pool isolation: %s", pool.Isolation())

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

	const rounds = 4 // mix repetitions per iteration for the fast modes
	var freshN, poolN, inNN, in1N, trivialN int
	var freshT, poolT, inNT, in1T, trivialT time.Duration
	var poolCPU, inCPU, trivialCPU atomic.Int64
	// Givens: every execution of a mode gets a new k; within a round the
	// fast modes run the same programs, each in its own processes.
	next := 2
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		n := len(benchMix)
		base := next
		next += n
		freshT += runConcurrently(n, workers, func(i int) {
			if out, err := exec.Command("/usr/bin/python3", "-c", freshRunner, benchProgram(i, base+i)).CombinedOutput(); err != nil {
				b.Errorf("fresh: %v: %s", err, out)
			}
		})
		freshN += n

		// Interleave the fast modes round by round so that load from other
		// users of the machine hits them alike.
		n = len(benchMix)
		for r := 0; r < rounds; r++ {
			base := next
			next += n
			poolT += runConcurrently(n, 2*workers, func(i int) {
				ex := pool.Run(ctx, Request{Code: benchProgram(i, base+i)})
				check("pool", ex)
				poolCPU.Add(ex.CPUMillis)
			})
			poolN += n
			inNT += runConcurrently(n, 2*workers, func(i int) {
				ex := inprocN.submit(ctx, Request{Code: benchProgram(i, base+i)}, "inproc")
				check("inproc", ex)
				inCPU.Add(ex.CPUMillis)
			})
			inNN += n
			in1T += runConcurrently(n, 2, func(i int) {
				check("inproc1", inproc1.submit(ctx, Request{Code: benchProgram(i, base+i)}, "inproc"))
			})
			in1N += n
			trivialT += runConcurrently(n, 2*workers, func(i int) {
				ex := pool.Run(ctx, Request{Code: "def solve():\n    return 1\n"})
				check("trivial", ex)
				trivialCPU.Add(ex.CPUMillis)
			})
			trivialN += n
		}
	}
	b.StopTimer()

	rate := func(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }
	fresh, pooled, inN, in1, trivial := rate(freshN, freshT), rate(poolN, poolT), rate(inNN, inNT), rate(in1N, in1T), rate(trivialN, trivialT)
	b.ReportMetric(fresh, "fresh_programs/s")
	b.ReportMetric(pooled, "pool_programs/s")
	b.ReportMetric(in1, "inproc1_programs/s")
	b.ReportMetric(inN, "inprocN_programs/s")
	b.ReportMetric(pooled/fresh, "pool/fresh")
	b.ReportMetric(pooled/in1, "pool/inproc1")
	b.ReportMetric(pooled/inN, "pool/inprocN")
	b.ReportMetric(float64(poolCPU.Load())/float64(poolN), "pool_child_cpu_ms/program")
	b.ReportMetric(float64(inCPU.Load())/float64(inNN), "inproc_cpu_ms/program")
	b.ReportMetric(float64(trivialCPU.Load())/float64(trivialN), "trivial_child_cpu_ms/program")
	fmt.Printf("BenchmarkExecution (%d workers, %s):\n"+
		"  (1) fresh python per program:    %7.2f programs/s\n"+
		"  (2) pool, all isolation on:      %7.2f programs/s  (child CPU %.1f ms/program; trivial program %.1f ms CPU, %.1f programs/s)\n"+
		"  (3) unsafe in-process, 1 proc:   %7.2f programs/s\n"+
		"      unsafe in-process, %d procs:  %7.2f programs/s  (%.1f ms CPU/program)\n"+
		"  ratios: pool/fresh = %.1f (target >= 10), pool/inproc1 = %.2f, pool/inprocN = %.2f (target >= 0.5)\n",
		workers, pool.Isolation(), fresh, pooled, float64(poolCPU.Load())/float64(poolN),
		float64(trivialCPU.Load())/float64(trivialN), trivial, in1, workers, inN, float64(inCPU.Load())/float64(inNN),
		pooled/fresh, pooled/in1, pooled/inN)
}
