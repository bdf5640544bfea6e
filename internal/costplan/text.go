package costplan

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arrows-math/arrows/internal/stats"
)

// Text renders the plan for a terminal: the pilot's per-role figures per
// seed, then the projection for N.
func (pl Plan) Text() string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p := pl.Pilot
	w("pilot: %d seeds, %d rows, %d accepted (acceptance %.1f%%, %.2f accepted per seed), wall %s\n",
		p.Seeds, p.Rows, p.Accepted, 100*pl.AcceptanceRate, pl.AcceptedPerSeed, dur(p.WallSeconds))
	w("\nper seed          %-24s %8s %14s %14s %12s %10s\n", "model", "calls", "prompt tok", "completion tok", "cost USD", "latency")
	for _, role := range slices.Sorted(maps.Keys(pl.PerSeed)) {
		ps := pl.PerSeed[role]
		cost := "unpriced"
		if ps.Priced {
			cost = strconv.FormatFloat(ps.CostUSD, 'f', 6, 64)
		}
		lat := "—"
		if ps.LatencyMillis > 0 {
			lat = fmt.Sprintf("%.0f ms", ps.LatencyMillis)
		}
		w("  %-15s %-24s %8.2f %14.1f %14.1f %12s %10s\n", role, ps.Model, ps.Calls, ps.PromptTokens, ps.CompletionTokens, cost, lat)
	}
	if p.Seeds > 0 {
		w("  %-15s %.0f ms CPU per seed (program executions)\n", "sandbox", float64(p.SandboxCPUMillis)/float64(p.Seeds))
	}
	pr := pl.Projection
	s := pl.Settings
	w("\nprojection for --n %d (concurrency %d x %d worker(s), rpm %s, tpm %s, %d sandbox server(s) per worker):\n",
		pl.N, s.Concurrency, s.Workers, limit(s.RPM), limit(s.TPM), s.SandboxWorkers)
	w("  accepted triples     %12d\n", pr.Accepted)
	w("  LLM calls            %12d\n", pr.Calls)
	w("  tokens               %12d   (prompt %d, completion %d)\n", pr.Tokens, pr.PromptTokens, pr.CompletionTokens)
	w("  cost                 %12.4f USD\n", pr.CostUSD)
	w("  cost per accepted    %12.6f USD\n", pr.CostPerAcceptedUSD)
	w("  already cached       %12.4f USD   (the pilot's seeds; the run reuses them)\n", pr.CachedUSD)
	w("  to spend             %12.4f USD\n", pr.ToSpendUSD)
	w("  wall time            %12s   (bound: %s; llm %s, rpm %s, tpm %s, sandbox %s, overhead %s)\n",
		dur(pr.WallSeconds), pr.WallBound, dur(pr.LLMSeconds), dur(pr.RPMSeconds), dur(pr.TPMSeconds), dur(pr.SandboxSeconds), dur(pr.OverheadSeconds))
	w("  sandbox CPU-hours    %12.3f\n", pr.SandboxCPUHours)
	for _, n := range pl.Notes {
		w("note: %s\n", n)
	}
	return b.String()
}

func limit(v int) string {
	if v <= 0 {
		return "unlimited"
	}
	return strconv.Itoa(v)
}

func dur(sec float64) string {
	if sec <= 0 {
		return "0s"
	}
	d := time.Duration(sec * float64(time.Second))
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Hour:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// Actual is what a real run used, from its statistics.
type Actual struct {
	Seeds    int64 `json:"seeds"`
	Accepted int64 `json:"accepted"`
	Calls    int64 `json:"calls"`
	// Tokens counts every call's tokens, cache hits at their recorded usage
	// (comparable with Projection.Tokens).
	Tokens       int64 `json:"tokens"`
	LiveTokens   int64 `json:"live_tokens"`
	CachedTokens int64 `json:"cached_tokens"`
	// CostUSD prices every call's tokens (cache ignored, comparable with
	// Projection.CostUSD); SpentUSD is what the run paid.
	CostUSD  float64 `json:"cost_usd"`
	SpentUSD float64 `json:"spent_usd"`
	// WallSeconds is the run's wall time (0 if unknown).
	WallSeconds float64 `json:"wall_seconds"`
	// SandboxCPUHours is the CPU time of the program executions.
	SandboxCPUHours float64 `json:"sandbox_cpu_hours"`
}

// ActualFromStats measures a finished run of seeds seeds from its
// finalized statistics, pricing its tokens with the plan's settings.
func (pl Plan) ActualFromStats(st *stats.Stats, seeds int64, wall time.Duration) Actual {
	a := Actual{Seeds: seeds, Accepted: st.Accepted, SpentUSD: st.CostUSD, WallSeconds: wall.Seconds(),
		SandboxCPUHours: float64(st.ExecCPUMillis.Sum) / 3.6e6}
	for role, u := range st.Usage {
		if u == nil {
			continue
		}
		model := pl.Settings.Models[role]
		if model == "" {
			model = topModel(u.Models)
		}
		price := pl.Settings.Prices[model]
		prompt := u.PromptTokens + u.CachedPromptTokens
		completion := u.CompletionTokens + u.CachedCompletionTokens
		a.Calls += u.Calls
		a.Tokens += prompt + completion
		a.LiveTokens += u.PromptTokens + u.CompletionTokens
		a.CachedTokens += u.CachedPromptTokens + u.CachedCompletionTokens
		a.CostUSD += (float64(prompt)*price.Prompt + float64(completion)*price.Completion) / 1e6
	}
	return a
}

// Line is one row of a comparison.
type Line struct {
	Name    string  `json:"name"`
	Planned float64 `json:"planned"`
	Actual  float64 `json:"actual"`
	// Error is (Planned - Actual) / Actual: how far the plan was off,
	// positive when it overestimated (0 when Actual is 0).
	Error float64 `json:"error"`
	Unit  string  `json:"unit,omitempty"`
}

// Comparison sets a plan next to the run it predicted.
type Comparison struct {
	Plan   Plan   `json:"plan"`
	Actual Actual `json:"actual"`
	Lines  []Line `json:"lines"`
}

// Compare sets the plan's projection next to a real run. When the run had
// a different number of seeds than the plan, the projection for the run's
// seeds is used.
func (pl Plan) Compare(a Actual) Comparison {
	pr := pl.Projection
	if a.Seeds > 0 && a.Seeds != pl.N {
		again, err := New(pl.Pilot, pl.Settings, a.Seeds)
		if err == nil {
			pr = again.Projection
		}
	}
	line := func(name string, planned, actual float64, unit string) Line {
		l := Line{Name: name, Planned: planned, Actual: actual, Unit: unit}
		if actual != 0 {
			l.Error = (planned - actual) / actual
		}
		return l
	}
	lines := []Line{
		line("accepted triples", float64(pr.Accepted), float64(a.Accepted), ""),
		line("LLM calls", float64(pr.Calls), float64(a.Calls), ""),
		line("tokens", float64(pr.Tokens), float64(a.Tokens), ""),
		line("cost (all calls)", pr.CostUSD, a.CostUSD, "USD"),
		line("spent (cache hits free)", pr.ToSpendUSD, a.SpentUSD, "USD"),
		line("sandbox CPU-hours", pr.SandboxCPUHours, a.SandboxCPUHours, "h"),
	}
	if a.WallSeconds > 0 {
		lines = append(lines, line("wall time", pr.WallSeconds, a.WallSeconds, "s"))
	}
	return Comparison{Plan: pl, Actual: a, Lines: lines}
}

func (l Line) format(v float64) string {
	switch {
	case l.Unit == "USD":
		return strconv.FormatFloat(v, 'f', 4, 64) + " USD"
	case l.Unit == "s":
		return dur(v)
	case l.Unit == "h":
		return strconv.FormatFloat(v, 'f', 4, 64) + " h"
	case v == math.Trunc(v):
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Markdown renders the comparison as a Markdown table.
func (c Comparison) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| | planned | actual | error |\n| --- | ---: | ---: | ---: |\n")
	for _, l := range c.Lines {
		fmt.Fprintf(&b, "| %s | %s | %s | %+.1f%% |\n", l.Name, l.format(l.Planned), l.format(l.Actual), 100*l.Error)
	}
	return b.String()
}

// Text renders the comparison for a terminal.
func (c Comparison) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-26s %16s %16s %8s\n", "plan vs run", "planned", "actual", "error")
	for _, l := range c.Lines {
		fmt.Fprintf(&b, "  %-24s %16s %16s %+7.1f%%\n", l.Name, l.format(l.Planned), l.format(l.Actual), 100*l.Error)
	}
	return b.String()
}
