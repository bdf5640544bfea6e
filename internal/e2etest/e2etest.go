// Package e2etest is what the end-to-end tests of the arrows jobs share
// (pipeline's own tests and the suites under pipeline/*e2e): running a job
// on prism, reading and validating its outputs, comparing output trees with
// the measured values masked, and golden files.
//
// It is test support, imported only by _test files. Unlike the other
// packages under internal/ it links Beam (to run jobs); it never reads Go
// flags: a test package that keeps golden files reads -update itself and
// passes its value to Golden.
package e2etest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
)

// Run builds a pipeline with build, runs it on prism in this process and
// fails the test if the job fails.
func Run(t testing.TB, build func(s beam.Scope)) beam.PipelineResult {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	build(s)
	res, err := runners.Run(context.Background(), runners.Prism, p)
	if err != nil {
		t.Fatalf("pipeline failed: %v", err)
	}
	return res
}

// Counters returns the arrows/* counters of a finished job.
func Counters(res beam.PipelineResult) map[string]int64 {
	out := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "arrows" {
			out[c.Name()] += c.Result()
		}
	}
	return out
}

// ShardName is the name of part i of n of an output directory, as the
// README documents it.
func ShardName(i, n int) string { return fmt.Sprintf("part-%05d-of-%05d.jsonl", i, n) }

// EachLine calls fn with every line of the part files of an output
// directory, each validated against schema ("" for none). It fails the
// test when the directory has no part file.
func EachLine(t testing.TB, dir, schema string, fn func(line []byte)) {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "part-*-of-*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no part files in %s (%v)", dir, err)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			if schema != "" {
				if err := v.Validate(schema, sc.Bytes()); err != nil {
					t.Fatalf("%s: line does not validate against %s: %v\n%s", f, schema, err, Clip(sc.Text(), 600))
				}
			}
			fn(sc.Bytes())
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
	}
}

// ReadRows reads every row of an output directory, each validated against
// schema ("" for none).
func ReadRows(t testing.TB, dir, schema string) []schemas.Record {
	t.Helper()
	var out []schemas.Record
	EachLine(t, dir, schema, func(line []byte) {
		var r schemas.Record
		Unmarshal(t, line, &r)
		out = append(out, r)
	})
	return out
}

// ReadDeadLetters reads every dead letter of an output directory.
func ReadDeadLetters(t testing.TB, dir string) []schemas.DeadLetter {
	t.Helper()
	var out []schemas.DeadLetter
	EachLine(t, dir, schemas.SchemaDeadLetter, func(line []byte) {
		var d schemas.DeadLetter
		Unmarshal(t, line, &d)
		out = append(out, d)
	})
	return out
}

// ReadStats reads <out>/stats.json.
func ReadStats(t testing.TB, out string) *stats.Stats {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New()
	Unmarshal(t, b, st)
	return st
}

// Output is what a job wrote to its output directory.
type Output struct {
	Accepted, Rejected []schemas.Record
	// Dead is nil when the job wrote no deadletter/ directory.
	Dead  []schemas.DeadLetter
	Stats *stats.Stats
}

// ReadOutput reads and validates the outputs of a job written to out.
func ReadOutput(t testing.TB, out string) Output {
	t.Helper()
	o := Output{
		Accepted: ReadRows(t, filepath.Join(out, "accepted"), schemas.SchemaTriple),
		Rejected: ReadRows(t, filepath.Join(out, "rejected"), schemas.SchemaRejected),
		Stats:    ReadStats(t, out),
	}
	if _, err := os.Stat(filepath.Join(out, "deadletter")); err == nil {
		o.Dead = ReadDeadLetters(t, filepath.Join(out, "deadletter"))
	}
	return o
}

// Reasons counts rejected rows by "stage/reason".
func Reasons(rows []schemas.Record) map[string]int {
	m := map[string]int{}
	for _, r := range rows {
		m[r.Rejection.Stage+"/"+r.Rejection.Reason]++
	}
	return m
}

// Unmarshal decodes JSON or fails the test.
func Unmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", Clip(string(b), 300), err)
	}
}

// Clip shortens s to n bytes for a message.
func Clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Measured resource use is the only part of an output that differs between
// two runs of the same job: the sandbox records each program's CPU time,
// wall time and peak RSS, the LLM client each call's latency, stats.json
// has the CPU-time histogram and report.html draws it.
var (
	measuredRe = regexp.MustCompile(`"cpu_ms":\d+,"wall_ms":\d+(,"max_rss_kb":\d+)?`)
	// latency_ms is left out when a call took under a millisecond, and
	// stats.json counts the calls with a latency (latency_calls).
	latencyRe   = regexp.MustCompile(`,"latency_ms":\d+|"latency_(ms|calls)": \d+`)
	execStatsRe = regexp.MustCompile(`(?s)"exec_cpu_ms": \{.*?\n  \}`)
	execChartRe = regexp.MustCompile(`(?s)<svg[^>]*aria-label="Execution time".*?</svg>`)
)

// Mask blanks the measured values in an output file named name and
// reports how many it blanked.
func Mask(name string, b []byte) ([]byte, int) {
	n := 0
	b = measuredRe.ReplaceAllFunc(b, func([]byte) []byte { n++; return []byte(`"cpu_ms":0,"wall_ms":0,"max_rss_kb":0`) })
	b = latencyRe.ReplaceAllFunc(b, func(m []byte) []byte {
		n++
		if m[0] == ',' {
			return nil
		}
		return []byte(`"latency": 0`)
	})
	if strings.HasSuffix(name, "stats.json") {
		b = execStatsRe.ReplaceAllFunc(b, func([]byte) []byte { n++; return []byte(`"exec_cpu_ms": {}`) })
	}
	if strings.HasSuffix(name, "report.html") {
		b = execChartRe.ReplaceAllFunc(b, func([]byte) []byte { n++; return []byte(`<svg aria-label="Execution time"></svg>`) })
	}
	return b, n
}

// LocalTree reads every file under a local directory into a map from the
// path relative to root to its content.
func LocalTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", root, err)
	}
	return out
}

// SameOutputs checks that two output trees have the same files with the
// same bytes, measured values masked, and returns how many values it
// masked (so a caller can tell the comparison was not vacuous).
func SameOutputs(t testing.TB, want, got map[string][]byte, wantName, gotName string) int {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s is empty", wantName)
	}
	names := func(m map[string][]byte) []string {
		var s []string
		for k := range m {
			s = append(s, k)
		}
		sort.Strings(s)
		return s
	}
	if w, g := names(want), names(got); strings.Join(w, ",") != strings.Join(g, ",") {
		t.Fatalf("different files:\n%s: %v\n%s: %v", wantName, w, gotName, g)
	}
	masked := 0
	for _, name := range names(want) {
		w, n := Mask(name, want[name])
		g, _ := Mask(name, got[name])
		masked += n
		if !bytes.Equal(w, g) {
			t.Errorf("%s differs between %s and %s:\n%s", name, wantName, gotName, FirstDiff(w, g))
		}
	}
	return masked
}

// FirstDiff describes the first line in which a and b differ.
func FirstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			// Long lines (JSON rows) are shown from a little before the
			// first byte that differs.
			j := 0
			for j < len(x) && j < len(y) && x[j] == y[j] {
				j++
			}
			from := max(0, j-200)
			where := ""
			if from > 0 {
				where = fmt.Sprintf(", from byte %d", from)
			}
			return fmt.Sprintf("line %d%s:\n- %s\n+ %s", i+1, where, Clip(x[from:], 600), Clip(y[from:], 600))
		}
	}
	return "(same lines, different bytes)"
}

// Golden compares got with the golden file at path, or, with update set
// (a test package's -update flag), rewrites the file. A difference names
// the first differing line and how to accept the change.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from its golden file (run the test with -update if the change is intended):\n%s", path, FirstDiff(want, got))
	}
}

var (
	sectionRe = regexp.MustCompile(`(?s)<section.*?</section>`)
	tagRe     = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRe   = regexp.MustCompile(`[ \t\r\n]+`)
)

// ReportSections is the text of each <section> of report.html, tags
// removed and white space folded, one section per paragraph, with the
// measured execution chart masked: what a reader sees of the report,
// without its markup.
func ReportSections(page []byte) []byte {
	page, _ = Mask("report.html", page)
	var b bytes.Buffer
	for _, sec := range sectionRe.FindAll(page, -1) {
		text := tagRe.ReplaceAll(sec, []byte(" "))
		text = bytes.TrimSpace(spaceRe.ReplaceAll(text, []byte(" ")))
		b.Write(text)
		b.WriteString("\n\n")
	}
	return b.Bytes()
}
