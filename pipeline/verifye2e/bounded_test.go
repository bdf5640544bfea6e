package verifye2e

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
)

// TestSplitReadsAndSpilledWritesGiveTheSameBytes runs the verify job on the
// bad-input corpus (plus an empty file) twice with 2 shards: once with the
// default range and spill sizes (one range per file, one sorted run per
// shard), once with every input line its own range (the .gz file's 301
// lines coalesced into at most 64 ranges) and every row its own sorted run (about
// 150 runs per accepted shard, more than one merge pass takes). Both runs
// route every line as the bad-input test requires, write byte for byte
// the same files, and leave no temporary file or run behind.
func TestSplitReadsAndSpilledWritesGiveTheSameBytes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	files := writeBadInput(t, in)
	if err := os.WriteFile(filepath.Join(in, "empty.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	files["empty.jsonl"] = nil

	run := func(name string, rangeBytes int64, spillBytes int) (map[string][]byte, map[string]int64) {
		out := filepath.Join(dir, name)
		cfg := verifyConfig([]string{filepath.Join(in, "*")}, corpus.FormatGSM8K, out)
		cfg.Read.MaxLineBytes = badInputMaxLine
		cfg.Read.RangeBytes = rangeBytes
		cfg.SpillBytes = spillBytes
		cfg.Shards = 2
		res := runVerify(t, cfg)
		checkBadInputOutput(t, files, e2etest.ReadOutput(t, out))
		return treeBytes(t, out), counterValues(res)
	}
	whole, cw := run("whole", 0, 0)
	split, cs := run("split", 1, 1)

	rows := int64(0)
	for _, lines := range files {
		rows += int64(len(lines))
	}
	if cw["read_ranges"] != 3 {
		t.Errorf("default run read %d ranges, want one per file (3)", cw["read_ranges"])
	}
	// Coalesced: the .gz file's 301 one-line cuts, 5 per range, make 61.
	gz := len(files["more.jsonl.gz"])
	per := (gz + 63) / 64
	if want := int64(len(files["mixed.jsonl"]) + (gz+per-1)/per + 1); cs["read_ranges"] != want {
		t.Errorf("split run read %d ranges, want %d (a line each, at most 64 per file, one for the empty file)", cs["read_ranges"], want)
	}
	if cs["write_runs"] != rows {
		t.Errorf("split run wrote %d sorted runs, want one per input line (%d)", cs["write_runs"], rows)
	}
	if cw["lines"] != rows || cs["lines"] != rows {
		t.Errorf("lines counters %d and %d, want %d", cw["lines"], cs["lines"], rows)
	}

	var names []string
	for name := range whole {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) != len(split) {
		t.Errorf("the runs wrote different files: %v and %v", names, keys(split))
	}
	for _, name := range names {
		if !bytes.Equal(whole[name], split[name]) {
			t.Errorf("%s differs between the default run (%d bytes) and the split run (%d bytes)", name, len(whole[name]), len(split[name]))
		}
	}
	for _, tree := range []map[string][]byte{whole, split} {
		for name := range tree {
			if strings.Contains(name, ".tmp-") {
				t.Errorf("temporary file left behind: %s", name)
			}
		}
	}
	// One run per row: a shard of more than 128 rows is merged in two passes.
	most := 0
	for _, shard := range []string{"accepted/part-00000-of-00002.jsonl", "accepted/part-00001-of-00002.jsonl"} {
		most = max(most, bytes.Count(whole[shard], []byte("\n")))
	}
	if most <= 128 {
		t.Errorf("the largest accepted shard holds %d rows: the split run merges no shard in more than one pass", most)
	}
}

// treeBytes reads every file under dir, by path relative to dir.
func treeBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// counterValues maps the arrows/<name> counters of a job to their values.
func counterValues(res beam.PipelineResult) map[string]int64 {
	out := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "arrows" {
			out[c.Name()] += c.Result()
		}
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
