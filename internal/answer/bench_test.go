package answer

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
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

// BenchmarkGradeGSM8K measures answer-only grading of the GSM8K test
// reference solutions (extraction with the key's hints, then the Go fast
// path; no sandbox is reached) against a baseline measured in the same
// run: comparing the already extracted "####" answers. The ratio is the
// cost of reading free text relative to the comparison itself.
// Run with: go test -run '^$' -bench GradeGSM8K ./internal/answer/
func BenchmarkGradeGSM8K(b *testing.B) {
	f, err := os.Open("../../pipeline/verifye2e/testdata/gsm8k/test.jsonl")
	if err != nil {
		b.Skip("GSM8K test set not found:", err)
	}
	defer f.Close()
	type row struct{ solution, key, problem string }
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r struct{ Question, Answer string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		i := strings.LastIndex(r.Answer, "####")
		rows = append(rows, row{r.Answer, strings.TrimSpace(r.Answer[i+4:]), r.Question})
	}
	var c Checker // no runner: every GSM8K pair must be decided in Go
	for _, r := range rows {
		if g := c.Grade(b.Context(), r.solution, Key{Answer: r.key, Problem: r.problem}); g.Outcome.Verdict != Equal {
			b.Fatalf("reference solution not graded equal: %+v", g)
		}
	}
	var gradeTime, compareTime time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		for _, r := range rows {
			c.Grade(b.Context(), r.solution, Key{Answer: r.key, Problem: r.problem})
		}
		gradeTime += time.Since(start)
		start = time.Now()
		for _, r := range rows {
			c.CompareText(b.Context(), r.key, r.key)
		}
		compareTime += time.Since(start)
		n += len(rows)
	}
	b.ReportMetric(float64(n)/gradeTime.Seconds(), "graded-records/s")
	b.ReportMetric(float64(n)/compareTime.Seconds(), "compared-answers/s")
	b.ReportMetric(gradeTime.Seconds()/compareTime.Seconds(), "grade/compare-time-ratio")
}
