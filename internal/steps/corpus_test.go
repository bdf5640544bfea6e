package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/schemas"
)

// knownFlagged is testdata/known_flagged.json.
type knownFlagged struct {
	Corpora []struct {
		File   string        `json:"file"`
		Format corpus.Format `json:"format"`
	} `json:"corpora"`
	Flagged []struct {
		File      string `json:"file"`
		Line      int64  `json:"line"`
		Text      string `json:"text"`
		Computed  string `json:"computed"`
		Judgement string `json:"judgement"`
		Why       string `json:"why"`
	} `json:"flagged"`
	NotWrong []struct {
		File string `json:"file"`
		Line int64  `json:"line"`
		Why  string `json:"why"`
	} `json:"inspected_not_wrong"`
}

func loadKnownFlagged(t *testing.T) knownFlagged {
	t.Helper()
	b, err := os.ReadFile("testdata/known_flagged.json")
	if err != nil {
		t.Fatal(err)
	}
	var k knownFlagged
	if err := json.Unmarshal(b, &k); err != nil {
		t.Fatal(err)
	}
	return k
}

// corporaDir finds the shared corpora: $ARROWS_CORPORA when set (only
// there), else shared/corpora beside the repository.
// It returns "" when they are absent.
func corporaDir() string {
	candidates := []string{filepath.Join("..", "..", "..", "shared", "corpora")}
	if env, ok := os.LookupEnv("ARROWS_CORPORA"); ok {
		candidates = []string{env}
	}
	for _, c := range candidates {
		if st, err := os.Stat(filepath.Join(c, "gsm8k")); err == nil && st.IsDir() {
			return c
		}
	}
	return ""
}

// subsets are the 300-line corpus testdata files and the corpus file they
// are the head of; they stand in for the full corpora when those are absent.
var subsets = map[string]string{
	"gsm8k/test.jsonl":   "../corpus/testdata/gsm8k/test_head300.jsonl",
	"math500/test.jsonl": "../corpus/testdata/math500/test_head300.jsonl",
}

// forEachItem parses every line of path and calls fn with its item.
func forEachItem(t testing.TB, path string, format corpus.Format, fn func(corpus.Item)) corpus.Counts {
	t.Helper()
	rc, err := corpus.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	c, err := corpus.Scan(rc, path, corpus.Parser{Format: format},
		func(it corpus.Item) error { fn(it); return nil },
		func(schemas.DeadLetter) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func flagKey(file string, line int64, text, computed string) string {
	return fmt.Sprintf("%s:%d %q computed=%s", file, line, text, computed)
}

// TestKnownFlagged runs Check over GSM8K test+train, MATH500 and MATH
// test+train and asserts that exactly the inspected steps of the fixture are
// flagged, all of them judged wrong (no false flags), and none of the
// inspected not-wrong steps.
func TestKnownFlagged(t *testing.T) {
	k := loadKnownFlagged(t)
	dir := corporaDir()
	for _, c := range k.Corpora {
		t.Run(c.File, func(t *testing.T) {
			path, maxLine := filepath.Join(dir, c.File), int64(1<<62)
			if dir == "" {
				sub, ok := subsets[c.File]
				if !ok {
					t.Skip("shared corpora not found (set ARROWS_CORPORA) and no testdata subset")
				}
				path, maxLine = sub, 300
			}
			got := map[string]bool{}
			var steps, checked int
			counts := forEachItem(t, path, c.Format, func(it corpus.Item) {
				r := Check(it.Source.Solution)
				steps += r.Steps
				checked += r.Checked
				for _, w := range r.Wrong {
					got[flagKey(c.File, it.Origin.Line, w.Text, w.Computed)] = true
				}
			})
			want := map[string]bool{}
			judgedWrong := 0
			for _, f := range k.Flagged {
				if f.File != c.File || f.Line > maxLine {
					continue
				}
				want[flagKey(f.File, f.Line, f.Text, f.Computed)] = true
				if f.Judgement == "wrong" && f.Why != "" {
					judgedWrong++
				}
			}
			for key := range got {
				if !want[key] {
					t.Errorf("flagged but not in the fixture (inspect it, then add it with a judgement): %s", key)
				}
			}
			for key := range want {
				if !got[key] {
					t.Errorf("in the fixture but no longer flagged: %s", key)
				}
			}
			// False-flag rate over the inspected flags: flags judged anything
			// but wrong, over all flags.
			if falseFlags := len(want) - judgedWrong; falseFlags != 0 {
				t.Errorf("%d of %d flagged steps are judged not wrong: false-flag rate must be 0", falseFlags, len(want))
			}
			for _, nw := range k.NotWrong {
				if nw.File != c.File || nw.Line > maxLine {
					continue
				}
				for key := range got {
					if strings.HasPrefix(key, fmt.Sprintf("%s:%d ", nw.File, nw.Line)) {
						t.Errorf("inspected as not wrong (%s) but flagged: %s", nw.Why, key)
					}
				}
			}
			t.Logf("%s: %d items, %d steps, %d checked, %d flagged", path, counts.Items, steps, checked, len(got))
		})
	}
}

var annotationResult = regexp.MustCompile(`<<([^<>=\n]*=)([^<>=\n]*)>>`)

// TestAlteredAnnotationsAreFlagged changes the result of each GSM8K
// annotation in turn (adding 1 to it) and asserts that Check then flags that
// annotation and nothing else.
func TestAlteredAnnotationsAreFlagged(t *testing.T) {
	path := subsets["gsm8k/test.jsonl"]
	if dir := corporaDir(); dir != "" && !testing.Short() {
		path = filepath.Join(dir, "gsm8k/test.jsonl")
	}
	altered := 0
	forEachItem(t, path, corpus.FormatGSM8K, func(it corpus.Item) {
		sol := it.Source.Solution
		if !Check(sol).OK() {
			return // a solution with a known wrong step
		}
		for _, m := range annotationResult.FindAllStringSubmatchIndex(sol, -1) {
			claimed, ok := new(big.Rat).SetString(sol[m[4]:m[5]])
			if !ok {
				t.Fatalf("line %d: claim %q", it.Origin.Line, sol[m[4]:m[5]])
			}
			bad := claimed.Add(claimed, big.NewRat(1, 1)).FloatString(2)
			mutated := sol[:m[4]] + bad + sol[m[5]:]
			r := Check(mutated)
			want := "<<" + sol[m[2]:m[3]] + bad + ">>"
			if len(r.Wrong) != 1 || r.Wrong[0].Text != want || r.Wrong[0].Kind != KindAnnotation {
				t.Errorf("line %d: altering %s to %s: wrong steps %q", it.Origin.Line, sol[m[0]:m[1]], want, wrongTexts(r))
			}
			altered++
		}
	})
	if altered < 1000 && !strings.Contains(path, "head300") {
		t.Errorf("altered only %d annotations", altered)
	}
	t.Logf("%s: %d altered annotations, all flagged", path, altered)
}

// TestCheckIsDeterministic guards against map-order or state leaks between calls.
func TestCheckIsDeterministic(t *testing.T) {
	var first []string
	forEachItem(t, subsets["math500/test.jsonl"], corpus.FormatMATH, func(it corpus.Item) {
		r := Check(it.Source.Solution)
		first = append(first, fmt.Sprint(r))
	})
	i := 0
	forEachItem(t, subsets["math500/test.jsonl"], corpus.FormatMATH, func(it corpus.Item) {
		if got := fmt.Sprint(Check(it.Source.Solution)); got != first[i] {
			t.Errorf("line %d: second run %s, first %s", it.Origin.Line, got, first[i])
		}
		i++
	})
}

// gsm8kTrainLines returns the raw lines of GSM8K train (or of the test subset
// when the corpora are absent) and the file they came from.
func gsm8kTrainLines(b *testing.B) ([][]byte, string) {
	path := subsets["gsm8k/test.jsonl"]
	if dir := corporaDir(); dir != "" {
		path = filepath.Join(dir, "gsm8k/train.jsonl.gz")
	}
	rc, err := corpus.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close()
	var lines [][]byte
	err = corpus.ReadLines(rc, 0, func(_ int64, line []byte, _ bool) error {
		lines = append(lines, append([]byte(nil), line...))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return lines, path
}

// BenchmarkStepsGSM8K measures records/s of corpus.ParseLine + Check over
// GSM8K train, and reports the cost relative to ParseLine alone (measured in
// the same run) as parse+check/parse.
func BenchmarkStepsGSM8K(b *testing.B) {
	lines, path := gsm8kTrainLines(b)
	parseAll := func(check bool) int {
		wrong := 0
		for i, line := range lines {
			it, err := corpus.ParseLine(corpus.FormatGSM8K, corpus.FieldMap{}, line, schemas.Origin{File: path, Line: int64(i + 1)})
			if err != nil {
				b.Fatal(err)
			}
			if check {
				wrong += len(Check(it.Source.Solution).Wrong)
			}
		}
		return wrong
	}
	// Baseline: parsing only, best of three passes over all lines, timed in
	// this run (testing.Benchmark cannot nest inside a benchmark).
	baseline := 0.0
	for i := 0; i < 3; i++ {
		start := time.Now()
		parseAll(false)
		if ns := float64(time.Since(start).Nanoseconds()); baseline == 0 || ns < baseline {
			baseline = ns
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		parseAll(true)
	}
	b.StopTimer()
	perPass := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(float64(len(lines))/(perPass/1e9), "records/s")
	b.ReportMetric(float64(len(lines))/(baseline/1e9), "parse_only_records/s")
	b.ReportMetric(perPass/baseline, "parse+check/parse")
}
