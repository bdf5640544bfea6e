package extsort

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

type kv struct{ k, v string }

func randomRecords(rng *rand.Rand, n int) []kv {
	out := make([]kv, n)
	for i := range out {
		k := make([]byte, rng.IntN(6))
		for j := range k {
			k[j] = byte('a' + rng.IntN(3)) // few distinct keys: many ties on the key
		}
		v := make([]byte, rng.IntN(40))
		for j := range v {
			v[j] = byte(rng.IntN(256))
		}
		out[i] = kv{string(k), string(v)}
	}
	return out
}

func sortedCopy(in []kv) []kv {
	out := append([]kv(nil), in...)
	sort.Slice(out, func(i, j int) bool {
		return Compare([]byte(out[i].k), []byte(out[i].v), []byte(out[j].k), []byte(out[j].v)) < 0
	})
	return out
}

func drain(t *testing.T, it Iterator) []kv {
	t.Helper()
	var out []kv
	for it.Next() {
		out = append(out, kv{string(it.Key()), string(it.Value())})
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestSorterOutputIsTheSortedMultisetWhateverTheBudget(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		n      int
		memory int
		fanIn  int
	}{
		{"empty input", 0, 1 << 10, 4},
		{"fits in memory: no run written", 500, 1 << 20, 4},
		{"one spill per few records, fan-in 2 (many intermediate merges)", 3000, 2 << 10, 2},
		{"budget smaller than one record still makes progress", 200, 1, 3},
		{"many runs, default fan-in", 20000, 16 << 10, 0},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			recs := randomRecords(rng, c.n)
			dir := t.TempDir()
			s := NewSorter(Local{}, dir, "run", Options{MemoryBytes: c.memory, FanIn: c.fanIn})
			for _, r := range recs {
				if err := s.Add(ctx, []byte(r.k), []byte(r.v)); err != nil {
					t.Fatal(err)
				}
			}
			if c.memory >= 1<<20 && len(s.Runs()) != 0 {
				t.Fatalf("%d runs written for input that fits the budget", len(s.Runs()))
			}
			if s.Buffered() > c.memory+len("aaaaa")+40+entryOverhead {
				t.Fatalf("buffer holds %d bytes, budget %d", s.Buffered(), c.memory)
			}
			it, err := s.Sorted(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := drain(t, it)
			want := sortedCopy(recs)
			if len(got) != len(want) {
				t.Fatalf("got %d records, want %d", len(got), len(want))
			}
			for k := range want {
				if got[k] != want[k] {
					t.Fatalf("record %d: got %q, want %q", k, got[k], want[k])
				}
			}
			runs := len(s.Runs())
			if err := s.Remove(ctx); err != nil {
				t.Fatal(err)
			}
			if left := files(t, dir); len(left) != 0 {
				t.Fatalf("%d files left after Close and Remove (runs %d): %v", len(left), runs, left[:min(3, len(left))])
			}
		})
	}
}

func TestMergeOrderDoesNotDependOnHowRecordsWereSplitIntoRuns(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 3))
	recs := randomRecords(rng, 5000)
	var outs [][]kv
	for split, mem := range []int{1 << 9, 3 << 10, 1 << 20} {
		dir := t.TempDir()
		perm := append([]kv(nil), recs...)
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		// Several sorters (like several workers), merged together.
		var runs []string
		for w := 0; w < 3; w++ {
			s := NewSorter(Local{}, dir, fmt.Sprintf("w%d", w), Options{MemoryBytes: mem})
			for i := w; i < len(perm); i += 3 {
				s.Add(ctx, []byte(perm[i].k), []byte(perm[i].v))
			}
			if err := s.Spill(ctx); err != nil {
				t.Fatal(err)
			}
			runs = append(runs, s.Runs()...)
		}
		it, err := Merge(ctx, Local{}, runs, dir, Options{FanIn: 2 + split})
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, drain(t, it))
	}
	for i := 1; i < len(outs); i++ {
		if len(outs[i]) != len(outs[0]) {
			t.Fatalf("split %d: %d records, split 0: %d", i, len(outs[i]), len(outs[0]))
		}
		for k := range outs[0] {
			if outs[i][k] != outs[0][k] {
				t.Fatalf("split %d differs at record %d", i, k)
			}
		}
	}
}

func TestReaderRejectsTruncatedRuns(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "run")
	wc, _ := Local{}.Create(ctx, p)
	w := NewWriter(wc)
	w.Write([]byte("key"), bytes.Repeat([]byte("v"), 100))
	w.Close()
	b, _ := os.ReadFile(p)
	for _, cut := range []int{1, 3, 5, 50} {
		os.WriteFile(p, b[:cut], 0o644)
		rc, _ := Local{}.Open(ctx, p)
		r := NewReader(p, rc)
		if r.Next() {
			t.Fatalf("cut at %d: read a record from a truncated run", cut)
		}
		if r.Err() == nil {
			t.Fatalf("cut at %d: no error for a truncated run", cut)
		}
		r.Close()
	}
	os.WriteFile(p, nil, 0o644)
	rc, _ := Local{}.Open(ctx, p)
	r := NewReader(p, rc)
	if r.Next() || r.Err() != nil {
		t.Fatalf("empty run: next or error %v", r.Err())
	}
	r.Close()
}

func TestJoin(t *testing.T) {
	for _, c := range []struct{ dir, name, want string }{
		{"out", "x", "out/x"},
		{"out/", "x", "out/x"},
		{"gs://b/p", "x", "gs://b/p/x"},
		{"gs://b/p/", "x", "gs://b/p/x"},
	} {
		if got := Join(c.dir, c.name); got != c.want {
			t.Errorf("Join(%q, %q) = %q, want %q", c.dir, c.name, got, c.want)
		}
	}
}

func TestPartitionedKeepsPartitionsApartUnderOneBudget(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(9, 9))
	const parts = 5
	runs := map[int][]string{}
	s := NewPartitioned(Local{}, dir, func(p int) string { return fmt.Sprintf("part-%d", p) }, 8<<10, func(p int, run string) error {
		runs[p] = append(runs[p], run)
		return nil
	})
	want := map[int][]kv{}
	for _, r := range randomRecords(rng, 4000) {
		p := rng.IntN(parts)
		want[p] = append(want[p], r)
		if err := s.Add(ctx, p, []byte(r.k), []byte(r.v)); err != nil {
			t.Fatal(err)
		}
		if s.Buffered() > 8<<10 {
			t.Fatalf("buffered %d bytes over an 8 KiB budget", s.Buffered())
		}
	}
	if err := s.Spill(ctx); err != nil {
		t.Fatal(err)
	}
	for p := 0; p < parts; p++ {
		if len(runs[p]) < 2 {
			t.Fatalf("partition %d: %d runs; the budget should have spilled several", p, len(runs[p]))
		}
		it, err := Merge(ctx, Local{}, runs[p], dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := drain(t, it)
		w := sortedCopy(want[p])
		if len(got) != len(w) {
			t.Fatalf("partition %d: %d records, want %d", p, len(got), len(w))
		}
		for i := range w {
			if got[i] != w[i] {
				t.Fatalf("partition %d record %d: %q, want %q", p, i, got[i], w[i])
			}
		}
	}
}
