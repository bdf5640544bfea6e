package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// corporaDir holds the benchmark copies: $ARROWS_CORPORA, else
// shared/corpora beside the repository.
var corporaDir = func() string {
	if d := os.Getenv("ARROWS_CORPORA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "..", "..", "shared", "corpora")
}()

// TestEmbeddedDataIsUpToDate rebuilds every n-gram file from the corpora
// and requires the committed files (../../data) to be byte-identical, so
// that a change to the normaliser, the sources or the format cannot ship
// with stale data.
func TestEmbeddedDataIsUpToDate(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corporaDir, "gsm8k", "test.jsonl")); err != nil {
		t.Skipf("benchmark corpora not available at %s: %v", corporaDir, err)
	}
	out := t.TempDir()
	if err := run(corporaDir, out, buildOptions{n: 13, common: 10, commonFrac: 0.2}); err != nil {
		t.Fatalf("build: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(out, "*"))
	if err != nil || len(files) != len(sources)+1 {
		t.Fatalf("built %d files (%v), want %d n-gram files and README.md", len(files), err, len(sources))
	}
	total := 0
	for _, f := range files {
		got, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("..", "..", "data", filepath.Base(f)))
		if err != nil {
			t.Errorf("%s is not committed: %v", filepath.Base(f), err)
			continue
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("data/%s is stale: run `go generate ./internal/decontam`", filepath.Base(f))
		}
		total += len(got)
	}
	if total > 15<<20 {
		t.Errorf("n-gram data is %d bytes, over the 15 MB budget", total)
	}
}

func TestSourcesHaveProvenance(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range sources {
		if seen[s.name] {
			t.Errorf("duplicate benchmark %s", s.name)
		}
		seen[s.name] = true
		if len(s.commit) != 40 || s.upstream == "" || s.license == "" || s.file == "" {
			t.Errorf("%s: incomplete provenance %+v", s.name, s)
		}
	}
}
