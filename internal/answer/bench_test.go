package answer

import (
	"testing"
	"time"
)

// BenchmarkCompare measures checks per second of the Go fast path and of the
// sandbox path (one check at a time through the real pool) in the same run,
// and reports their ratio. Run with: go test -run '^$' -bench Compare ./internal/answer/
func BenchmarkCompare(b *testing.B) {
	c := Checker{Runner: testPool(b)}
	fast := [][2]string{
		{"1,000", "1000"}, {`\frac{1}{2004!}`, `\frac{1}{2006!}`}, {`\left( 1, \frac{1}{2} \right)`, "(1, 0.5)"},
		{`3\%`, "0.03"}, {`\pm 2021`, "2021, -2021"}, {"0.08333", `\frac{1}{12}`},
		{`\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`}, {"14.0 + -1.0i", "14 - i"},
	}
	slow := [][2]string{
		{`\sec^2 y`, `\tan^2 y + 1`}, {`\sqrt{1/n}`, `1/\sqrt{n}`}, {"pi/2", `\dfrac{\pi}{2}`}, {`4\sqrt(2)`, "4"},
	}
	for _, p := range append(append([][2]string{}, fast...), slow...) {
		if o := c.CompareText(b.Context(), p[0], p[1]); o.Verdict == Undecided {
			b.Fatalf("benchmark pair %q %q is undecided: %+v", p[0], p[1], o)
		}
	}
	var goTime, sandboxTime time.Duration
	var goChecks, sandboxChecks int
	i := 0
	for b.Loop() {
		start := time.Now()
		for _, p := range fast {
			c.CompareText(b.Context(), p[0], p[1])
		}
		goTime += time.Since(start)
		goChecks += len(fast)
		p := slow[i%len(slow)]
		i++
		start = time.Now()
		c.CompareText(b.Context(), p[0], p[1])
		sandboxTime += time.Since(start)
		sandboxChecks++
	}
	goRate := float64(goChecks) / goTime.Seconds()
	sandboxRate := float64(sandboxChecks) / sandboxTime.Seconds()
	b.ReportMetric(goRate, "go-checks/s")
	b.ReportMetric(sandboxRate, "sandbox-checks/s")
	b.ReportMetric(goRate/sandboxRate, "go/sandbox-ratio")
}
