// Package dedupe2e tests the stages between verification and the outputs
// (deduplication, decontamination) and what a run reports (stats.json,
// README.md, report.html) end to end on prism.
package dedupe2e

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/schemas"
)

var screenshotOut = flag.String("screenshot", "", "also save the Chromium screenshot of the make-run report to this path (e.g. ../../docs/report.png)")

// scratch holds the outputs shared by the tests (removed at the end).
var scratch string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dedupe2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scratch = dir
	code := ptest.MainRet(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// output is what a job wrote.
type output struct {
	Dir      string
	Accepted []schemas.Record
	Rejected []schemas.Record
	Stats    *stats.Stats
	Counters map[string]int64
}

func run(t *testing.T, build func(s beam.Scope)) map[string]int64 {
	t.Helper()
	return e2etest.Counters(e2etest.Run(t, build))
}

func readOutput(t *testing.T, dir string, counters map[string]int64) *output {
	t.Helper()
	o := &output{Dir: dir, Counters: counters}
	all := e2etest.ReadOutput(t, dir)
	o.Accepted, o.Rejected, o.Stats = all.Accepted, all.Rejected, all.Stats
	return o
}

func (o *output) rejectedAt(stage string) []schemas.Record {
	var out []schemas.Record
	for _, r := range o.Rejected {
		if r.Rejection.Stage == stage {
			out = append(out, r)
		}
	}
	return out
}

func (o *output) reasons() map[string]int {
	m := map[string]int{}
	for _, r := range o.Rejected {
		m[r.Rejection.Stage+"/"+r.Rejection.Reason]++
	}
	return m
}

// checkCountsAddUp asserts that the rows, stats.json and the counters tell
// the same story about the cleaning stages.
func checkCountsAddUp(t *testing.T, o *output, inputRows int) {
	t.Helper()
	st := o.Stats
	if got := len(o.Accepted) + len(o.Rejected); got != inputRows {
		t.Errorf("accepted %d + rejected %d = %d rows, want %d input rows", len(o.Accepted), len(o.Rejected), got, inputRows)
	}
	if st.Accepted != int64(len(o.Accepted)) || st.Rejected != int64(len(o.Rejected)) || st.Rows != int64(inputRows) {
		t.Errorf("stats.json rows=%d accepted=%d rejected=%d; files: %d accepted, %d rejected", st.Rows, st.Accepted, st.Rejected, len(o.Accepted), len(o.Rejected))
	}
	nDedup, nDecontam := int64(len(o.rejectedAt(schemas.StageDedup))), int64(len(o.rejectedAt(schemas.StageDecontam)))
	f := st.Funnel
	if f.Verified-f.Deduped != nDedup || f.Deduped-f.Decontam != nDecontam || f.Decontam != f.Accepted {
		t.Errorf("funnel verified=%d deduplicated=%d decontaminated=%d accepted=%d; rows rejected at dedup %d, at decontaminate %d",
			f.Verified, f.Deduped, f.Decontam, f.Accepted, nDedup, nDecontam)
	}
	var counted int64
	for reason, n := range st.Rejections[schemas.StageDedup] {
		counted += n
		if c := o.Counters["rejected/dedup/"+reason]; c != n {
			t.Errorf("counter rejected/dedup/%s = %d, stats.json %d", reason, c, n)
		}
	}
	if counted != nDedup {
		t.Errorf("stats.json dedup rejections %d, rows %d", counted, nDedup)
	}
	if c := o.Counters["funnel/decontaminated"]; o.Counters != nil && c != int64(len(o.Accepted)) {
		t.Errorf("counter funnel/decontaminated = %d, want the %d accepted rows", c, len(o.Accepted))
	}
}

// checkProvenance asserts that every row that left the decontamination
// stage records the benchmark versions it was checked against, and that no
// other row claims to have been checked.
func checkProvenance(t *testing.T, o *output, versions []string) {
	t.Helper()
	want := strings.Join(versions, ",")
	for _, r := range append(append([]schemas.Record{}, o.Accepted...), o.Rejected...) {
		got := strings.Join(r.Provenance.Decontam, ",")
		reached := r.Rejection == nil || r.Rejection.Stage == schemas.StageDecontam
		if reached && got != want {
			t.Fatalf("row %s (%v) records decontaminated_against %q, want %q", r.ID, r.Rejection, got, want)
		}
		if !reached && got != "" {
			t.Fatalf("row %s rejected at %s before decontamination claims %q", r.ID, r.Rejection.Stage, got)
		}
	}
	for _, v := range versions {
		if n := o.Stats.DecontamScope[v]; n != o.Stats.Funnel.Deduped {
			t.Errorf("stats.json decontam_scope[%s] = %d, want the %d rows that reached the stage", v, n, o.Stats.Funnel.Deduped)
		}
	}
}

var (
	indexOnce sync.Once
	index     *decontam.Index
	indexErr  error
)

func loadIndex(t *testing.T) *decontam.Index {
	t.Helper()
	indexOnce.Do(func() { index, indexErr = decontam.LoadIndex(decontam.Config{}) })
	if indexErr != nil {
		t.Fatal(indexErr)
	}
	return index
}

// makeRun runs the `make run` job (200 seeds, run seed 1, offline
// generator, default dedup and decontamination) once for all tests.
var (
	makeRunOnce sync.Once
	makeRunOut  *output
)

func makeRun(t *testing.T) *output {
	t.Helper()
	makeRunOnce.Do(func() {
		dir := filepath.Join(scratch, "make-run")
		cfg := pipeline.DefaultGenerateConfig()
		cfg.Out = dir
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		counters := run(t, func(s beam.Scope) { pipeline.Generate(s, cfg) })
		makeRunOut = readOutput(t, dir, counters)
	})
	if makeRunOut == nil {
		t.Fatal("the make-run job failed (see the first test that ran it)")
	}
	return makeRunOut
}

// benchItem is a line of internal/decontam/testdata/benchmark_sample.jsonl.gz.
type benchItem struct {
	Set     string `json:"set"`
	ID      string `json:"id"`
	Problem string `json:"problem"`
	Answer  string `json:"answer"`
}

func benchmarkSample(t *testing.T) map[string][]benchItem {
	t.Helper()
	f, err := os.Open("../../internal/decontam/testdata/benchmark_sample.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]benchItem{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it benchItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatal(err)
		}
		out[it.Set] = append(out[it.Set], it)
	}
	return out
}

var (
	capWord   = regexp.MustCompile(`\b[A-Z][a-z]{2,}\b`)
	notANames = map[string]bool{
		"The": true, "If": true, "What": true, "How": true, "In": true, "On": true, "She": true, "He": true,
		"They": true, "Each": true, "Find": true, "Let": true, "Compute": true, "Express": true, "There": true,
		"Then": true, "After": true, "When": true, "This": true, "His": true, "Her": true, "Their": true,
		"Enter": true, "Give": true, "Suppose": true, "Assume": true, "Simplify": true, "Evaluate": true,
	}
	newNames = []string{"Zelda", "Quentin", "Marisol", "Bertrand", "Oksana", "Thaddeus"}
)

// paraphrase is a light paraphrase that keeps every number and formula:
// person names are swapped and up to two words at the start and three at
// the end are rewritten, at most one word in five (so a six-word problem
// loses one word, not most of its text).
func paraphrase(s string) string {
	seen := map[string]string{}
	s = capWord.ReplaceAllStringFunc(s, func(w string) string {
		if notANames[w] {
			return w
		}
		if r, ok := seen[w]; ok {
			return r
		}
		r := newNames[len(seen)%len(newNames)]
		seen[w] = r
		return r
	})
	words := strings.Fields(s)
	plain := func(w string) bool { return w != "" && !strings.ContainsAny(w, "0123456789$\\{}^_=") }
	budget := max(1, len(words)/5)
	start := []string{"Consider:", "now"}
	for i := 0; i < 2 && i < len(words) && budget > 0; i++ {
		if plain(words[i]) {
			words[i] = start[i]
			budget--
		}
	}
	end := []string{"please", "work", "this?"}
	for i := 0; i < 3 && len(words)-1-i > 2 && budget > 0; i++ {
		if k := len(words) - 1 - i; plain(words[k]) {
			words[k] = end[2-i]
			budget--
		}
	}
	return strings.Join(words, " ")
}

func byID(rows []schemas.Record) map[string]schemas.Record {
	m := make(map[string]schemas.Record, len(rows))
	for _, r := range rows {
		m[r.ID] = r
	}
	return m
}
