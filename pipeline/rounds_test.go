package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/rounds"
	"github.com/arrows-math/arrows/schemas"
)

// A --target-accepted run on prism: capped at 10 seeds it stops after
// round 1 short of the target; run again with the same settings and a
// higher cap it resumes with round 2 from seed 10 (round 1 is not run
// again) until 24 rows are accepted. Every seed index is drawn once, no
// accepted row repeats across rounds (a problem text of round 2 equal to
// one of round 1 is rejected in its favour), and the top-level stats.json
// adds the rounds up. A changed setting is refused.
func TestGenerateRoundsReachTheTargetAndResume(t *testing.T) {
	out := t.TempDir()
	cfg := DefaultGenerateConfig()
	cfg.Env.RunSeed, cfg.Out = 11, out
	jobs := 0
	run := func(_ context.Context, build func(beam.Scope)) (beam.PipelineResult, error) {
		jobs++
		return e2etest.Run(t, build), nil
	}
	ctx := context.Background()
	st, err := GenerateRounds(ctx, cfg, RoundsConfig{Target: 24, MaxSeeds: 10, FirstRound: 10}, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Rounds) != 1 || st.Reached() || jobs != 1 {
		t.Fatalf("capped run: %d rounds in %d jobs, accepted %d", len(st.Rounds), jobs, st.Accepted())
	}
	st, err = GenerateRounds(ctx, cfg, RoundsConfig{Target: 24, MaxSeeds: 400, FirstRound: 10}, run)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Reached() || len(st.Rounds) < 2 || st.Rounds[1].Start != 10 || jobs != len(st.Rounds) {
		t.Fatalf("resumed run: %d rounds in %d jobs (state %s)", len(st.Rounds), jobs, st.Marshal())
	}
	b, err := os.ReadFile(filepath.Join(out, rounds.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if saved, err := rounds.Parse(b); err != nil || len(saved.Rounds) != len(st.Rounds) {
		t.Fatalf("rounds.json: %v, %s", err, b)
	}

	seeds := map[int64]bool{}
	texts := map[string]string{}
	var accepted, rejected int64
	for _, r := range st.Rounds {
		dir := RoundDir(out, r.Index)
		acc := e2etest.ReadRows(t, filepath.Join(dir, "accepted"), schemas.SchemaTriple)
		rej := e2etest.ReadRows(t, filepath.Join(dir, "rejected"), schemas.SchemaRejected)
		if int64(len(acc)) != r.Accepted || int64(len(rej)) != r.Rejected {
			t.Errorf("round %d: %d accepted and %d rejected rows, the state says %d and %d", r.Index, len(acc), len(rej), r.Accepted, r.Rejected)
		}
		accepted += int64(len(acc))
		rejected += int64(len(rej))
		for _, row := range append(acc, rej...) {
			if i := row.Seed.Index; i < r.Start || i >= r.End || seeds[i] {
				t.Fatalf("round %d [%d, %d) has seed %d (drawn before: %v)", r.Index, r.Start, r.End, i, seeds[i])
			}
			seeds[row.Seed.Index] = true
		}
		for _, row := range acc {
			k := dedup.ExactKey(row.Problem)
			if prev, dup := texts[k]; dup {
				t.Fatalf("round %d accepts %s, the same problem text as %s", r.Index, row.ID, prev)
			}
			texts[k] = row.ID
		}
		if _, err := os.Stat(filepath.Join(dir, ".tmp-dedup")); !os.IsNotExist(err) {
			t.Errorf("round %d left its dedup staging directory (%v)", r.Index, err)
		}
	}
	if int64(len(seeds)) != st.Seeds() || accepted < 24 {
		t.Fatalf("%d seeds drawn of %d, %d accepted", len(seeds), st.Seeds(), accepted)
	}
	sum := e2etest.ReadStats(t, out)
	if sum.Accepted != accepted || sum.Rejected != rejected || sum.Funnel.Seeds != st.Seeds() {
		t.Errorf("stats.json: %d accepted, %d rejected, %d seeds; the rounds have %d, %d, %d", sum.Accepted, sum.Rejected, sum.Funnel.Seeds, accepted, rejected, st.Seeds())
	}
	if _, err := os.Stat(filepath.Join(out, "README.md")); err != nil {
		t.Error(err)
	}
	// The rounds' stage times add up in the summary: every row was
	// generated, executed, translated and verified once.
	for _, stage := range []string{"generate", "execute", "translate", "verify", "dedup", "decontaminate"} {
		if sum.StageTimes[stage] == nil || sum.StageTimes[stage].WallMicros <= 0 {
			t.Errorf("stats.json has no %s time: %v", stage, sum.StageTimes)
		}
	}
	// Stage times come from Beam counters, which are diagnostics: a CI run
	// on prism once reported 71 generate items for 74 seeds, so the count
	// may fall short but never exceed the seeds drawn.
	if got := sum.StageTimes["generate"]; got == nil || got.Items <= 0 || got.Items > st.Seeds() {
		t.Errorf("generate timed %v items, %d seeds were drawn", got, st.Seeds())
	}
	if sum.JobWallMillis <= 0 {
		t.Error("stats.json has no job wall time")
	}

	other := cfg
	other.Env.RunSeed = 12
	if _, err := GenerateRounds(ctx, other, RoundsConfig{Target: 24, MaxSeeds: 400}, run); err == nil || !strings.Contains(err.Error(), "other settings") {
		t.Fatalf("a resumed run with another run seed: %v", err)
	}
}
