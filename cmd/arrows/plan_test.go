package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/stats"
)

// TestPlanPredictsTheRun runs `arrows plan` (a pilot of 15 seeds against
// the OpenAI-compatible test server, with prices) for N = 10 × pilot,
// then the real run of N seeds over the pilot's response cache, and
// compares: projected tokens are within 10% of what the real run used,
// the cost to spend within 20% (a 15-seed pilot's acceptance varies by a
// few seeds, which moves the translator and solver calls; measured: tokens
// 3.8% off, cost 15.7% off), and the real run answered the pilot's calls
// from the cache.
func TestPlanPredictsTheRun(t *testing.T) {
	const pilot, n = 15, 150
	srv := llmtest.NewServer(llmtest.Options{Seed: 9})
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	llmArgs := []string{"--backend=llm", "--llm-base-url=" + srv.URL(), "--llm-model=llmtest", "--llm-api-key-env=",
		"--llm-price=llmtest=2:8", "--llm-concurrency=8", "--seed=5"}

	planDir := filepath.Join(dir, "plan")
	r := arrows(t, nil, append([]string{"plan", "--n=150", "--pilot=15", "--out=" + planDir}, llmArgs...)...)
	if r.code != 0 {
		t.Fatalf("arrows plan: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"per seed", "projection for --n 150", "plan.json"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("arrows plan output lacks %q:\n%s", want, r.stdout)
		}
	}
	var pl costplan.Plan
	b, err := os.ReadFile(filepath.Join(planDir, PlanFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pl); err != nil {
		t.Fatal(err)
	}
	if pl.N != n || pl.Pilot.Seeds != pilot || pl.Projection.Tokens == 0 || pl.Projection.CostUSD == 0 {
		t.Fatalf("plan.json: n=%d pilot=%d tokens=%d cost=%g", pl.N, pl.Pilot.Seeds, pl.Projection.Tokens, pl.Projection.CostUSD)
	}

	runDir := filepath.Join(dir, "run")
	r = arrows(t, nil, append([]string{"generate", "--n=150", "--out=" + runDir, "--llm-cache=" + filepath.Join(planDir, "llm-cache")}, llmArgs...)...)
	if r.code != 0 {
		t.Fatalf("arrows generate: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	sb, err := os.ReadFile(filepath.Join(runDir, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New()
	if err := json.Unmarshal(sb, st); err != nil {
		t.Fatal(err)
	}
	var tokens, hits int64
	var cost float64
	for _, u := range st.Usage {
		tokens += u.PromptTokens + u.CompletionTokens + u.CachedPromptTokens + u.CachedCompletionTokens
		hits += u.CacheHits
		cost += float64(u.CostNanoUSD) / 1e9
	}
	t.Logf("projected %d tokens, %.4f USD (%.4f to spend), %d accepted; the run used %d tokens, spent %.4f USD, %d cache hits, accepted %d",
		pl.Projection.Tokens, pl.Projection.CostUSD, pl.Projection.ToSpendUSD, pl.Projection.Accepted, tokens, cost, hits, st.Accepted)
	if hits == 0 {
		t.Errorf("the real run answered no call from the pilot's cache")
	}
	if rel := math.Abs(float64(pl.Projection.Tokens-tokens)) / float64(tokens); rel > 0.10 {
		t.Errorf("projected %d tokens, the run used %d (%.1f%% off, want ≤10%%)", pl.Projection.Tokens, tokens, 100*rel)
	}
	if rel := math.Abs(pl.Projection.ToSpendUSD-cost) / cost; rel > 0.20 {
		t.Errorf("projected %.4f USD to spend, the run spent %.4f (%.1f%% off, want ≤20%%)", pl.Projection.ToSpendUSD, cost, 100*rel)
	}
}
