package costplan

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

var prices = map[string]llm.Price{"gen-model": {Prompt: 2, Completion: 8}, "small-model": {Prompt: 0.5, Completion: 1}}

// runRows simulates the rows of seeds [from, to) of a run: generator and
// translator calls with token counts drawn per seed, a blind solve, 80%
// accepted, and 40 to 160 ms of sandbox CPU. Seeds below cachedBelow are
// answered from the cache (their tokens recorded as cached).
func runRows(from, to, cachedBelow int64) []*schemas.Record {
	var rows []*schemas.Record
	for i := from; i < to; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 42))
		cached := i < cachedBelow
		use := func(prompt, completion, latency int64, price llm.Price) schemas.Usage {
			if cached {
				return schemas.Usage{Calls: 1, CacheHits: 1, CachedPromptTokens: prompt, CachedCompletionTokens: completion, LatencyMillis: latency}
			}
			return schemas.Usage{Calls: 1, PromptTokens: prompt, CompletionTokens: completion, LatencyMillis: latency,
				CostUSD: (float64(prompt)*price.Prompt + float64(completion)*price.Completion) / 1e6}
		}
		rec := &schemas.Record{
			ID:         fmt.Sprintf("%032x", i),
			Provenance: schemas.Provenance{Models: map[string]string{"generator": "gen-model", "translator": "gen-model", "solver": "small-model"}},
			Usage: map[string]schemas.Usage{
				"generator":  use(900+r.Int64N(200), 300+r.Int64N(300), 800+r.Int64N(400), prices["gen-model"]),
				"translator": use(1200+r.Int64N(300), 400+r.Int64N(200), 600+r.Int64N(400), prices["gen-model"]),
			},
			Execution: &schemas.Execution{Status: schemas.StatusOK, CPUMillis: 40 + r.Int64N(120)},
		}
		if r.IntN(10) < 8 {
			rec.Usage["solver"] = use(700+r.Int64N(100), 200+r.Int64N(200), 500+r.Int64N(200), prices["small-model"])
		} else {
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageTranslate, Reason: "no_boxed_answer"}
		}
		rows = append(rows, rec)
	}
	return rows
}

func statsOf(rows []*schemas.Record) *stats.Stats {
	st := stats.New()
	for _, r := range rows {
		st.Add(r)
	}
	st.Finalize()
	return st
}

func within(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if want == 0 && got == 0 {
		return
	}
	if rel := math.Abs(got-want) / math.Abs(want); rel > tol {
		t.Errorf("%s: projected %.6g, actual %.6g (%.1f%% off, tolerance %.0f%%)", name, got, want, 100*rel, 100*tol)
	}
}

func TestPilotPerSeedFigures(t *testing.T) {
	rows := runRows(0, 50, 0)
	pilot := PilotFromStats(statsOf(rows), 50, 20*time.Second)
	pl, err := New(pilot, Settings{Prices: prices, Concurrency: 8}, 50)
	if err != nil {
		t.Fatal(err)
	}
	var prompt, completion, calls int64
	for _, r := range rows {
		u := r.Usage["generator"]
		prompt += u.PromptTokens
		completion += u.CompletionTokens
		calls += u.Calls
	}
	g := pl.PerSeed["generator"]
	if g.Model != "gen-model" || !g.Priced || g.Calls != float64(calls)/50 ||
		g.PromptTokens != float64(prompt)/50 || g.CompletionTokens != float64(completion)/50 {
		t.Errorf("generator per seed %+v; want %d calls, %d prompt and %d completion tokens over 50 seeds", g, calls, prompt, completion)
	}
	wantCost := (float64(prompt)*2 + float64(completion)*8) / 1e6 / 50
	if math.Abs(g.CostUSD-wantCost) > 1e-12 {
		t.Errorf("generator cost per seed %.9f, want %.9f", g.CostUSD, wantCost)
	}
	// At the pilot's own size the projection is the pilot.
	st := statsOf(rows)
	if math.Abs(pl.Projection.CostUSD-st.CostUSD) > 1e-9 {
		t.Errorf("projection at n = pilot costs %.6f, the pilot spent %.6f", pl.Projection.CostUSD, st.CostUSD)
	}
	if pl.Projection.Accepted != st.Accepted {
		t.Errorf("projected accepted %d, pilot accepted %d", pl.Projection.Accepted, st.Accepted)
	}
	if math.Abs(pl.Projection.WallSeconds-20) > 1e-9 {
		t.Errorf("projected wall at n = pilot %.3f s, the pilot took 20 s", pl.Projection.WallSeconds)
	}
	if pl.Projection.ToSpendUSD > 1e-12 {
		t.Errorf("a plan for the pilot's own seeds has %.6f USD to spend: they are all cached", pl.Projection.ToSpendUSD)
	}
}

func TestProjectionMatchesARunTenTimesThePilot(t *testing.T) {
	pilotRows := runRows(0, 50, 0)
	pilot := PilotFromStats(statsOf(pilotRows), 50, 30*time.Second)
	pl, err := New(pilot, Settings{Prices: prices, Concurrency: 16}, 500)
	if err != nil {
		t.Fatal(err)
	}
	// The real run: the pilot's 50 seeds come from the cache.
	run := statsOf(runRows(0, 500, 50))
	a := pl.ActualFromStats(run, 500, 0)
	within(t, "tokens", float64(pl.Projection.Tokens), float64(a.Tokens), 0.10)
	within(t, "cost", pl.Projection.CostUSD, a.CostUSD, 0.10)
	within(t, "spent", pl.Projection.ToSpendUSD, a.SpentUSD, 0.10)
	within(t, "accepted", float64(pl.Projection.Accepted), float64(a.Accepted), 0.10)
	within(t, "sandbox CPU-hours", pl.Projection.SandboxCPUHours, a.SandboxCPUHours, 0.10)
	if a.CachedTokens == 0 || a.LiveTokens == 0 || a.CachedTokens+a.LiveTokens != a.Tokens {
		t.Errorf("actual tokens %+v: want live and cached parts that add up", a)
	}
	c := pl.Compare(a)
	if md := c.Markdown(); !strings.Contains(md, "| tokens |") || !strings.Contains(md, "| spent (cache hits free) |") {
		t.Errorf("comparison table:\n%s", md)
	}
}

func TestWallTimeBounds(t *testing.T) {
	pilot := PilotFromStats(statsOf(runRows(0, 50, 0)), 50, 0)
	cases := []struct {
		name  string
		s     Settings
		bound string
	}{
		{"many slots, no limits: the sandbox CPU bounds", Settings{Concurrency: 1000, SandboxWorkers: 1}, "sandbox"},
		{"one slot: the calls' latency bounds", Settings{Concurrency: 1, SandboxWorkers: 8}, "llm_concurrency"},
		{"a low rpm bounds", Settings{Concurrency: 64, RPM: 10, SandboxWorkers: 8}, "rpm"},
		{"a low tpm bounds", Settings{Concurrency: 64, RPM: 100000, TPM: 1000, SandboxWorkers: 8}, "tpm"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl, err := New(pilot, c.s, 1000)
			if err != nil {
				t.Fatal(err)
			}
			pr := pl.Projection
			if pr.WallBound != c.bound {
				t.Errorf("bound %s (llm %.1f s, rpm %.1f s, tpm %.1f s, sandbox %.1f s), want %s", pr.WallBound, pr.LLMSeconds, pr.RPMSeconds, pr.TPMSeconds, pr.SandboxSeconds, c.bound)
			}
			if c.s.RPM > 0 {
				if want := float64(pr.Calls) / (float64(c.s.RPM) / 60); math.Abs(pr.RPMSeconds-want) > 1e-6 {
					t.Errorf("rpm bound %.3f s, want calls/(rpm/60) = %.3f s", pr.RPMSeconds, want)
				}
			}
			if pr.WallSeconds < max(pr.LLMSeconds, pr.RPMSeconds, pr.TPMSeconds, pr.SandboxSeconds) {
				t.Errorf("wall %.1f s is below a bound", pr.WallSeconds)
			}
		})
	}
}

func TestPlanJSONAndNotes(t *testing.T) {
	rows := runRows(0, 20, 0)
	for _, r := range rows {
		u := r.Usage["generator"]
		u.LatencyMillis = 0
		r.Usage["generator"] = u
	}
	pilot := PilotFromStats(statsOf(rows), 20, 0)
	pl, err := New(pilot, Settings{Prices: map[string]llm.Price{"gen-model": {Prompt: 1, Completion: 1}}}, 100)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(pl.Notes, "\n")
	for _, want := range []string{"no price for small-model", "no latency recorded for generator", "wall time was not measured"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	b, err := json.Marshal(pl)
	if err != nil {
		t.Fatal(err)
	}
	var back Plan
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Version != Version || back.N != 100 || back.Projection.Tokens != pl.Projection.Tokens {
		t.Errorf("plan.json does not round-trip: %s", b)
	}
	if txt := pl.Text(); !strings.Contains(txt, "projection for --n 100") || !strings.Contains(txt, "unpriced") {
		t.Errorf("text:\n%s", txt)
	}
	if _, err := New(Pilot{}, Settings{}, 10); err == nil {
		t.Error("a pilot without seeds was accepted")
	}
	if _, err := New(pilot, Settings{}, 0); err == nil {
		t.Error("n = 0 was accepted")
	}
}

// The pilot's seed-to-seed spread gives the projection 95% margins that
// shrink as the pilot grows, are 0 for a run no larger than the pilot, and
// hold the real run.
func TestMarginsFromThePilotsSpread(t *testing.T) {
	pilotRows := runRows(0, 50, 0)
	pilot := PilotFromStats(statsOf(pilotRows), 50, 0)
	pilot.Spread = SpreadFromRecords(pilotRows, prices)
	if pilot.Spread == nil || pilot.Spread.Seeds != 50 || pilot.Spread.CostSD <= 0 || pilot.Spread.TokensSD <= 0 || pilot.Spread.AcceptedSD <= 0 {
		t.Fatalf("spread %+v: want 50 seeds and a positive spread of cost, tokens and acceptance", pilot.Spread)
	}
	pl, err := New(pilot, Settings{Prices: prices}, 500)
	if err != nil {
		t.Fatal(err)
	}
	pr := pl.Projection
	run := statsOf(runRows(0, 500, 50))
	a := pl.ActualFromStats(run, 500, 0)
	if d := math.Abs(pr.ToSpendUSD - a.SpentUSD); pr.CostMarginUSD <= 0 || d > pr.CostMarginUSD {
		t.Errorf("spent %.4f, projected %.4f ± %.4f", a.SpentUSD, pr.ToSpendUSD, pr.CostMarginUSD)
	}
	if d := math.Abs(float64(pr.Tokens - a.Tokens)); pr.TokensMargin <= 0 || d > pr.TokensMargin {
		t.Errorf("tokens %d, projected %d ± %.0f", a.Tokens, pr.Tokens, pr.TokensMargin)
	}
	if d := math.Abs(float64(pr.Accepted - a.Accepted)); pr.AcceptedMargin <= 0 || d > pr.AcceptedMargin {
		t.Errorf("accepted %d, projected %d ± %.0f", a.Accepted, pr.Accepted, pr.AcceptedMargin)
	}
	if !strings.Contains(pl.Text(), "95%") {
		t.Errorf("the plan's text does not show the margins:\n%s", pl.Text())
	}
	md := pl.Compare(a).Markdown()
	if want := fmt.Sprintf("| spent (cache hits free) | %.4f USD ± %.4f USD |", pr.ToSpendUSD, pr.CostMarginUSD); !strings.Contains(md, want) {
		t.Errorf("the comparison lacks %q:\n%s", want, md)
	}
	// A larger pilot: a smaller relative margin for the same N.
	bigRows := runRows(0, 200, 0)
	big := PilotFromStats(statsOf(bigRows), 200, 0)
	big.Spread = SpreadFromRecords(bigRows, prices)
	bp, err := New(big, Settings{Prices: prices}, 500)
	if err != nil {
		t.Fatal(err)
	}
	if rel, bigRel := pr.CostMarginUSD/pr.ToSpendUSD, bp.Projection.CostMarginUSD/bp.Projection.ToSpendUSD; bigRel >= rel {
		t.Errorf("a 200-seed pilot's margin (%.1f%%) is not below a 50-seed pilot's (%.1f%%)", 100*bigRel, 100*rel)
	}
	if at, _ := New(pilot, Settings{Prices: prices}, 50); at.Projection.CostMarginUSD != 0 {
		t.Errorf("a plan for the pilot's own seeds has a margin of %.4f", at.Projection.CostMarginUSD)
	}
	if SpreadFromRecords(nil, prices) != nil {
		t.Error("a spread of no rows")
	}
}

// With the pilot's verdicts timed, the projected wall time is the time
// outside the verdict span (fixed) plus the rows of n seeds at the rate
// the pilot's rows reached their verdicts; the rows of the pilot's own
// seeds, answered from the cache, skip their LLM share.
func TestWallTimeFromTheMeasuredRate(t *testing.T) {
	rows := runRows(0, 50, 0)
	st := statsOf(rows)
	// A 40 s pilot whose 50 verdicts span 30 s, from 8 s to 38 s.
	st.SetTiming(stats.Timing{Wall: 40 * time.Second, FirstVerdict: 8 * time.Second, LastVerdict: 38 * time.Second})
	pilot := PilotFromStats(st, 50, 40*time.Second)
	if pilot.VerdictSpanSeconds != 30 {
		t.Fatalf("verdict span %.3f s, want 30", pilot.VerdictSpanSeconds)
	}
	var latency float64
	for _, r := range rows {
		for _, u := range r.Usage {
			latency += float64(u.LatencyMillis) / 1000
		}
	}
	const concurrency = 8
	interval := 30.0 / 49
	llmPerRow := latency / concurrency / 50 // the LLM bound's share of a row
	if llmPerRow >= interval {
		t.Fatalf("test set-up: the LLM share %.3f s is not below the interval %.3f s", llmPerRow, interval)
	}
	for _, workers := range []int{1, 2} {
		pl, err := New(pilot, Settings{Concurrency: concurrency, SandboxWorkers: 2, Workers: workers}, 500)
		if err != nil {
			t.Fatal(err)
		}
		pr := pl.Projection
		steady := (450*interval + 50*(interval-llmPerRow) - interval) / float64(workers)
		if pr.WallBound != "measured" || math.Abs(pr.OverheadSeconds-10) > 1e-9 || math.Abs(pr.WallSeconds-(10+steady)) > 1e-6 {
			t.Errorf("%d worker(s): wall %.3f s (bound %s, fixed %.3f s), want 10 s fixed + %.3f s measured", workers, pr.WallSeconds, pr.WallBound, pr.OverheadSeconds, steady)
		}
	}
	// One LLM slot: the calls' latency bounds the run more than the rate
	// the pilot measured with eight.
	pl, err := New(pilot, Settings{Concurrency: 1, SandboxWorkers: 2}, 500)
	if err != nil {
		t.Fatal(err)
	}
	if pr := pl.Projection; pr.WallBound != "llm_concurrency" || math.Abs(pr.WallSeconds-(10+pr.LLMSeconds)) > 1e-6 || pr.MeasuredSeconds >= pr.LLMSeconds {
		t.Errorf("one slot: wall %.1f s, bound %s (llm %.1f s, measured %.1f s), want the llm bound plus 10 s", pr.WallSeconds, pr.WallBound, pr.LLMSeconds, pr.MeasuredSeconds)
	}
	// Without LLM time the projection at the pilot's own size is the
	// pilot's wall time.
	for _, r := range rows {
		for role, u := range r.Usage {
			u.LatencyMillis = 0
			r.Usage[role] = u
		}
	}
	st = statsOf(rows)
	st.SetTiming(stats.Timing{Wall: 40 * time.Second, FirstVerdict: 8 * time.Second, LastVerdict: 38 * time.Second})
	pl, err = New(PilotFromStats(st, 50, 40*time.Second), Settings{Concurrency: concurrency, SandboxWorkers: 2}, 50)
	if err != nil {
		t.Fatal(err)
	}
	if pr := pl.Projection; math.Abs(pr.WallSeconds-40) > 1e-6 {
		t.Errorf("projection at n = pilot without LLM time: %.3f s, want the pilot's 40 s", pr.WallSeconds)
	}
}
