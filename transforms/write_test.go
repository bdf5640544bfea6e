package transforms

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/schemas"
)

// The writer spills sorted runs (a tiny spill size forces several) and
// merges them: every row once, every shard sorted, no temporary file left.
func TestWriteRecordsShardsSortedAndWhole(t *testing.T) {
	dir := t.TempDir()
	var rows []schemas.Record
	for i := range 30 {
		rows = append(rows, external("a.jsonl", int64(i+1), nataliaProblem+strings.Repeat("!", i), nataliaSolution, "72"))
	}
	run(t, func(s beam.Scope) {
		WriteRecordsSpilling(s, dir, 3, 512, beam.CreateList(s, rows))
	})
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	total := 0
	for _, e := range entries {
		names = append(names, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if !sort.StringsAreSorted(got) {
			t.Errorf("%s is not sorted", e.Name())
		}
		total += len(got)
	}
	want := []string{shardName(0, 3), shardName(1, 3), shardName(2, 3)}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("files %v, want %v (and no temporary files)", names, want)
	}
	if total != len(rows) {
		t.Fatalf("%d lines written, want %d", total, len(rows))
	}
}

func TestJoinPath(t *testing.T) {
	for _, c := range []struct{ dir, name, want string }{
		{"out", "stats.json", "out/stats.json"},
		{"./out/", "accepted", "out/accepted"},
		{"gs://b/run/", "accepted", "gs://b/run/accepted"},
		{"gs://b/run", "stats.json", "gs://b/run/stats.json"},
	} {
		if got := JoinPath(c.dir, c.name); got != c.want {
			t.Errorf("JoinPath(%q, %q) = %q, want %q", c.dir, c.name, got, c.want)
		}
	}
}

// A retried write replaces its file and removes what a dead attempt left.
func TestWriteFileAtomicReplacesAndCleansUp(t *testing.T) {
	dir := t.TempDir()
	final := JoinPath(dir, "stats.json")
	leftover := JoinPath(dir, ".tmp-stats.json.0123456789abcdef")
	if err := os.WriteFile(leftover, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{"first", "second"} {
		if err := writeFileAtomic(context.Background(), final, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "stats.json" {
		t.Fatalf("directory holds %v, want only stats.json", entries)
	}
	if b, _ := os.ReadFile(final); string(b) != "second" {
		t.Fatalf("stats.json holds %q", b)
	}
}
