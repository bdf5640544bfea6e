package transforms

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/corpus"
)

// Every line is read once, from plain and gzip files, split into small
// ranges; an unreadable line is dead-lettered.
func TestReadCorpusReadsEveryLineOnce(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := range 40 {
		lines = append(lines, `{"question": "How many apples are `+strings.Repeat("x", i)+`?", "answer": "Count them.\n#### 5"}`)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(strings.Join(lines[:20], "\n")+"\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "b.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(strings.Join(lines[20:], "\n")))
	zw.Close()
	f.Close()
	cfg := ReadConfig{Globs: []string{filepath.Join(dir, "*.jsonl*")}, Format: string(corpus.FormatGSM8K), RangeBytes: 256}
	c := run(t, func(s beam.Scope) {
		records, dead := ReadCorpus(s, cfg)
		passert.Count(s, records, "records", 40)
		passert.Count(s, dead, "dead letters", 1)
	})
	if c["lines"] != 41 || c["read_ranges"] < 4 {
		t.Fatalf("counters %v: want 41 lines in several ranges", c)
	}
}
