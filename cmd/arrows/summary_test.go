package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The verify summary counts input lines, dead letters and verdicts; the
// generate summary is a funnel from seeds. Both name the outputs written;
// generate draws its live progress line on request.
func TestSummaries(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "tiny.jsonl")
	lines := []string{
		`{"question": "Tom has 3 apples and buys 4 more. How many apples does he have?", "answer": "He has 3+4=<<3+4=7>>7 apples.\n#### 7"}`,
		`{"question": "A box holds 6 eggs. How many eggs are in 5 boxes?", "answer": "5*6=<<5*6=30>>30 eggs.\n#### 31"}`,
		`not json at all`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := arrows(t, nil, "verify", "--in="+in, "--format=gsm8k", "--out="+filepath.Join(dir, "ver"), "--progress=false")
	if r.code != 0 {
		t.Fatalf("verify failed (exit %d):\n%s", r.code, clip(r.stderr, 3000))
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`input lines\s+3\b`), regexp.MustCompile(`dead-lettered\s+1\n`),
		regexp.MustCompile(`accepted\s+1\b`), regexp.MustCompile(`rejected\s+1\n`),
		regexp.MustCompile(`deadletter\s+invalid_json\s+1`), regexp.MustCompile(`deadletter/`),
	} {
		if !want.MatchString(r.stdout) {
			t.Errorf("verify summary lacks %s:\n%s", want, r.stdout)
		}
	}

	// --progress=true draws the live line even though stderr is a pipe here.
	r = arrows(t, nil, "generate", "--n=6", "--out="+filepath.Join(dir, "gen"), "--progress=true")
	if r.code != 0 {
		t.Fatalf("generate failed (exit %d):\n%s", r.code, clip(r.stderr, 3000))
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`seeds\s+6\n`), regexp.MustCompile(`programs\s+\d+\n`), regexp.MustCompile(`accepted\s+\d+\s+\(`),
		regexp.MustCompile(`README\.md \(dataset card\)`), regexp.MustCompile(`report\.html`),
	} {
		if !want.MatchString(r.stdout) {
			t.Errorf("generate summary lacks %s:\n%s", want, r.stdout)
		}
	}
	if !regexp.MustCompile(`\rseeds 6/6 \(100%\) · verified \d+`).MatchString(r.stderr) {
		t.Errorf("no final progress line on stderr:\n%s", clip(r.stderr, 3000))
	}
}

// The summary names the dataset card where it is: README.md when arrows
// wrote it, DATASET_CARD.md when the directory's README.md is the user's
// (which is then not one of the run's outputs).
func TestSummaryNamesTheCardWhereItIs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"arrows' README.md is the card", []string{"stats.json", "README.md", "report.html"}, "stats.json, README.md (dataset card), report.html"},
		{"beside a foreign README.md the card is DATASET_CARD.md", []string{"stats.json", "README.md", "DATASET_CARD.md", "report.html"}, "stats.json, DATASET_CARD.md (dataset card), report.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := strings.Join(outputsIn(context.Background(), dir), ", "); got != tc.want {
				t.Errorf("outputs %q, want %q", got, tc.want)
			}
		})
	}
}
