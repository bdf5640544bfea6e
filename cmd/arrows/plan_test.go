package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/stats"
)

// TestPlanPredictsTheRun runs `arrows plan` (a pilot of 50 seeds, the
// default, against the OpenAI-compatible test server, with prices) for
// N = 10 × pilot, then the real run of N seeds over the pilot's response
// cache with --plan, and compares: the projected tokens and cost to spend
// are within 10% of what the real run used and paid, and within the
// plan's own 95% margins; the real run answered the pilot's calls from
// the cache; its dataset card, report.html and summary set the plan next
// to the spend, per role.
//
// The projection error is sampling error: on the test server about a third
// of the seeds get a program (the others are refused after one generator
// call), so a seed costs either one call or four, and a pilot measures
// that share with a binomial error. Measured (seed 5): a 15-seed pilot was
// 15.7% off on the cost to spend (3.8% on tokens); this 50-seed pilot is
// about 7% off, inside its 95% margin of about ±22%, which plan.json and
// the plan's text report (a margin of ±10% needs about 250 pilot seeds on
// this server). The 10% bound holds for this seeded run, not for every
// seed of a 50-seed pilot.
func TestPlanPredictsTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a pilot of 50 seeds and a run of 500")
	}
	const pilot, n = 50, 500
	srv := llmtest.NewServer(llmtest.Options{Seed: 9})
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	llmArgs := []string{"--backend=llm", "--llm-base-url=" + srv.URL(), "--llm-model=llmtest", "--llm-api-key-env=",
		"--llm-price=llmtest=2:8", "--llm-concurrency=8", "--seed=5"}

	planDir := filepath.Join(dir, "plan")
	r := arrows(t, nil, append([]string{"plan", "--n=" + strconv.Itoa(n), "--pilot=" + strconv.Itoa(pilot), "--out=" + planDir}, llmArgs...)...)
	if r.code != 0 {
		t.Fatalf("arrows plan: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"per seed", "projection for --n " + strconv.Itoa(n), "plan.json", "(±", "--plan="} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("arrows plan output lacks %q:\n%s", want, r.stdout)
		}
	}
	var pl costplan.Plan
	planFile := filepath.Join(planDir, PlanFile)
	b, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pl); err != nil {
		t.Fatal(err)
	}
	pr := pl.Projection
	if pl.N != n || pl.Pilot.Seeds != pilot || pr.Tokens == 0 || pr.CostUSD == 0 || pl.Pilot.Spread == nil ||
		pl.Pilot.Spread.Seeds != pilot || pr.CostMarginUSD <= 0 || pl.RunSeed == nil || *pl.RunSeed != 5 || pl.Flags["llm-model"] != "llmtest" {
		t.Fatalf("plan.json: n=%d pilot=%d tokens=%d cost=%g spread=%+v margin=%g run seed=%v flags=%v",
			pl.N, pl.Pilot.Seeds, pr.Tokens, pr.CostUSD, pl.Pilot.Spread, pr.CostMarginUSD, pl.RunSeed, pl.Flags)
	}

	runDir := filepath.Join(dir, "run")
	began := time.Now()
	r = arrows(t, nil, append([]string{"generate", "--n=" + strconv.Itoa(n), "--out=" + runDir, "--llm-cache=" + filepath.Join(planDir, "llm-cache"), "--plan=" + planFile}, llmArgs...)...)
	if r.code != 0 {
		t.Fatalf("arrows generate: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "warning: --plan") {
		t.Errorf("the run made with the plan's flags was warned:\n%s", r.stderr)
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
	// The run's wall time (the process, as the pilot's) is shown next to
	// the projection but not asserted: wall times depend on the machine's
	// load.
	c := pl.Compare(pl.ActualFromStats(st, n, time.Since(began)))
	t.Logf("projected %d tokens (± %.0f), %.4f USD (%.4f to spend, ± %.4f), %d accepted (± %.0f); the run used %d tokens, spent %.4f USD, %d cache hits, accepted %d\n%s",
		pr.Tokens, pr.TokensMargin, pr.CostUSD, pr.ToSpendUSD, pr.CostMarginUSD, pr.Accepted, pr.AcceptedMargin, tokens, cost, hits, st.Accepted, c.Text())
	if hits == 0 {
		t.Errorf("the real run answered no call from the pilot's cache")
	}
	if rel := math.Abs(float64(pr.Tokens-tokens)) / float64(tokens); rel > 0.10 {
		t.Errorf("projected %d tokens, the run used %d (%.1f%% off, want ≤10%%)", pr.Tokens, tokens, 100*rel)
	}
	if rel := math.Abs(pr.ToSpendUSD-cost) / cost; rel > 0.10 {
		t.Errorf("projected %.4f USD to spend, the run spent %.4f (%.1f%% off, want ≤10%%)", pr.ToSpendUSD, cost, 100*rel)
	}
	if d := math.Abs(pr.ToSpendUSD - cost); d > pr.CostMarginUSD {
		t.Errorf("the run spent %.4f USD, outside the plan's 95%% interval %.4f ± %.4f", cost, pr.ToSpendUSD, pr.CostMarginUSD)
	}
	if d := math.Abs(float64(pr.Accepted - st.Accepted)); d > pr.AcceptedMargin {
		t.Errorf("the run accepted %d, outside the plan's 95%% interval %d ± %.0f", st.Accepted, pr.Accepted, pr.AcceptedMargin)
	}

	// The plan next to the spend: summary, card and report.
	if !strings.Contains(r.stdout, "plan (pilot of 50 seeds) for the run's 500 seeds") || !strings.Contains(r.stdout, "translator spent") {
		t.Errorf("the run's summary lacks the plan comparison:\n%s", r.stdout)
	}
	card, err := os.ReadFile(filepath.Join(runDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"generator", "translator", "solver"} {
		rl := roleLine(c, role)
		if rl == nil {
			t.Fatalf("the comparison has no %s role: %+v", role, c.Roles)
		}
		row := fmt.Sprintf("| %s | llmtest | %d | %d | %s |", role, int64(rl.Tokens.Planned), int64(rl.Tokens.Actual), rl.Tokens.ErrorText())
		if !strings.Contains(string(card), row) {
			t.Errorf("the card lacks the %s row %q:\n%s", role, row, clip(string(card), 3000))
		}
	}
	for _, want := range []string{"## Cost: plan and spend", "| acceptance rate |", "| spent (cache hits free) |"} {
		if !strings.Contains(string(card), want) {
			t.Errorf("the card lacks %q", want)
		}
	}
	page, err := os.ReadFile(filepath.Join(runDir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "translator spent (run)") || !strings.Contains(string(page), "wall time (run)") {
		t.Errorf("report.html lacks the per-role plan bars or the wall time")
	}
}

func roleLine(c costplan.Comparison, role string) *costplan.RoleLine {
	for i := range c.Roles {
		if c.Roles[i].Role == role {
			return &c.Roles[i]
		}
	}
	return nil
}
