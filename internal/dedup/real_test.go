package dedup_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

var (
	realSeeds  = flag.Int("dedup.seeds", 100, "seeds generated (offline generator, sandbox, translation) for the real-rows comparison")
	realCorpus = flag.String("dedup.corpus", "", "also compare on the rows that reached dedup in this generate output directory (accepted/ and rejected/ part files)")
)

// TestEngineMatchesInMemoryDedupOnGeneratedRows compares the engine with
// the in-memory stages on rows made the way `arrows generate` makes them
// (offline generator, sandbox execution with analysis, offline
// translation), with a share of them given again as copies, reworded, and
// as structure clones, so that every stage has work.
func TestEngineMatchesInMemoryDedupOnGeneratedRows(t *testing.T) {
	rows := generatedRows(t, *realSeeds)
	cfg := dedup.Config{MinHash: dedup.DefaultMinHash(), MaxPerStructure: 5}
	// Planted variants of real rows: exact (re-spaced), near (a word
	// added), copies (the same row again) and structure clones (the same
	// program with other texts).
	n := len(rows)
	for i := 0; i < n; i += 7 {
		r := rows[i]
		switch i % 4 {
		case 0:
			r.ID, r.Problem, r.Enc = r.ID+"e", "  "+r.Problem+" ", r.Enc+"e"
		case 1:
			r.ID, r.Problem, r.Enc = r.ID+"n", "Now "+r.Problem, r.Enc+"n"
		case 2:
			r.Enc += " (copy)"
		case 3:
			for c := 0; c < 6; c++ {
				s := r
				s.ID, s.Problem, s.Enc = fmt.Sprintf("%s%d", r.ID, c), fmt.Sprintf("Unrelated text %d-%d about rivers and trains", i, c), fmt.Sprintf("%s%d", r.Enc, c)
				rows = append(rows, s)
			}
			continue
		}
		rows = append(rows, r)
	}
	want := reference(cfg, rows)
	t.Logf("%d generated rows + %d planted: %v", n, len(rows)-n, tally(want))
	for _, reason := range []string{dedup.ReasonExact, dedup.ReasonNear, dedup.ReasonStructure} {
		if tally(want)[reason] == 0 {
			t.Fatalf("no %s among the rows: the comparison does not exercise that stage", reason)
		}
	}
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			got, _ := viaEngine(t, cfg, rows, s.setup)
			compare(t, rows, got, want)
		})
	}
}

// TestEngineMatchesInMemoryDedupOnARunsRows compares on the rows of a
// generate run given with -dedup.corpus (the rows that reached the dedup
// stage: accepted, and rejected at dedup or decontamination).
func TestEngineMatchesInMemoryDedupOnARunsRows(t *testing.T) {
	if *realCorpus == "" {
		t.Skip("no -dedup.corpus")
	}
	var rows []row
	var actual []outcome // what the run's own dedup stage did
	for _, sub := range []string{"accepted", "rejected"} {
		files, _ := filepath.Glob(filepath.Join(*realCorpus, sub, "part-*.jsonl"))
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			sc.Buffer(make([]byte, 1<<20), 64<<20)
			for sc.Scan() {
				var rec schemas.Record
				if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
					t.Fatal(err)
				}
				if rj := rec.Rejection; rj != nil && rj.Stage != schemas.StageDedup && rj.Stage != schemas.StageDecontam {
					continue
				}
				o := outcome{Kept: true, Passed: 3}
				if rj := rec.Rejection; rj != nil && rj.Stage == schemas.StageDedup {
					o = outcome{Reason: rj.Reason, Match: rj.Match, Detail: rj.Detail, Passed: stagePassed(rj.Reason)}
				}
				actual = append(actual, o)
				rows = append(rows, rowOf(&rec))
			}
			fh.Close()
		}
	}
	if len(rows) == 0 {
		t.Fatalf("no rows in %s", *realCorpus)
	}
	cfg := dedup.Config{MinHash: dedup.DefaultMinHash(), MaxPerStructure: 5}
	want := reference(cfg, rows)
	got, sum := viaEngine(t, cfg, rows, setups[1].setup)
	t.Logf("%d rows of %s: %v; engine %+v", len(rows), *realCorpus, tally(want), sum)
	compare(t, rows, got, want)
	t.Run("the reference is what the run's dedup stage did", func(t *testing.T) {
		compare(t, rows, want, actual)
	})
}

// stagePassed is the number of dedup stages a row removed for reason got
// through (the written rows do not say; copies, removed at the exact
// stage, have its reason too).
func stagePassed(reason string) int {
	switch reason {
	case dedup.ReasonNear:
		return 1
	case dedup.ReasonStructure:
		return 2
	}
	return 0
}

func rowOf(rec *schemas.Record) row {
	r := row{ID: rec.ID, Problem: rec.Problem}
	if rec.Execution != nil {
		r.Skeleton = rec.Execution.Skeleton
	}
	if rec.Program != nil {
		r.Source = rec.Program.Source
	}
	for _, tp := range rec.Seed.Topics {
		r.Topics = append(r.Topics, tp.ID)
	}
	rec.Rejection = nil
	b, _ := json.Marshal(rec)
	r.Enc = string(b)
	return r
}

// generatedRows makes rows for n seeds of run seed 11 as generate does:
// sampled topics, offline programs, sandbox execution (with analysis, for
// the skeleton) and offline translation. Seeds that fail a stage are left
// out (they never reach dedup).
func generatedRows(t *testing.T, n int) []row {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("/usr/bin/python3 not installed")
	}
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	gen, err := offline.New(kb)
	if err != nil {
		t.Fatal(err)
	}
	sc := knowledge.DefaultSamplerConfig()
	sc.Allowed = gen.Covers
	sampler, err := knowledge.NewSampler(kb, sc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	pool, err := sandbox.NewPool(ctx, sandbox.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows := make([]*row, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			seed := schemas.Seed{Index: int64(i), RunSeed: 11, Pathway: "topics", Topics: sampler.Sample(11, int64(i))}
			seed.ID = fmt.Sprintf("seed-11-%d", i)
			rec := schemas.Record{Seed: seed}
			prog, err := gen.Generate(seed)
			if err != nil {
				return
			}
			rec.Program = prog
			ex := pool.Run(ctx, sandbox.Request{Code: prog.Source, Analyze: true})
			if ex.Status != schemas.StatusOK {
				return
			}
			rec.Execution = &ex
			if rec.Problem, rec.Solution, err = offline.Translate(prog, &ex); err != nil {
				return
			}
			rec.Execution.CPUMillis, rec.Execution.WallMillis, rec.Execution.MaxRSSKB = 0, 0, 0
			rec.ID = fmt.Sprintf("%032x", i*2654435761%1000003) // ids in an order unrelated to the seeds
			r := rowOf(&rec)
			rows[i] = &r
		}(i)
	}
	wg.Wait()
	var out []row
	for _, r := range rows {
		if r != nil {
			out = append(out, *r)
		}
	}
	if len(out) < n/2 {
		t.Fatalf("only %d of %d seeds gave rows", len(out), n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
