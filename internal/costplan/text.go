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
	w("  accepted triples     %12d%s\n", pr.Accepted, plusMinus(pr.AcceptedMargin, float64(pr.Accepted), "%.0f"))
	w("  LLM calls            %12d\n", pr.Calls)
	w("  tokens               %12d   (prompt %d, completion %d)%s\n", pr.Tokens, pr.PromptTokens, pr.CompletionTokens, plusMinus(pr.TokensMargin, float64(pr.Tokens), "%.0f"))
	w("  cost                 %12.4f USD%s\n", pr.CostUSD, plusMinus(pr.CostMarginUSD, pr.CostUSD, "%.4f"))
	w("  cost per accepted    %12.6f USD\n", pr.CostPerAcceptedUSD)
	w("  already cached       %12.4f USD   (the pilot's seeds; the run reuses them)\n", pr.CachedUSD)
	w("  to spend             %12.4f USD%s\n", pr.ToSpendUSD, plusMinus(pr.CostMarginUSD, pr.ToSpendUSD, "%.4f"))
	measured := ""
	if pr.MeasuredSeconds > 0 {
		measured = ", measured " + dur(pr.MeasuredSeconds)
	}
	w("  wall time            %12s   (bound: %s; llm %s, rpm %s, tpm %s, sandbox %s%s; + fixed %s)\n",
		dur(pr.WallSeconds), pr.WallBound, dur(pr.LLMSeconds), dur(pr.RPMSeconds), dur(pr.TPMSeconds), dur(pr.SandboxSeconds), measured, dur(pr.OverheadSeconds))
	w("  sandbox CPU-hours    %12.3f\n", pr.SandboxCPUHours)
	for _, n := range pl.Notes {
		w("note: %s\n", n)
	}
	return b.String()
}

// plusMinus renders a 95% margin after a figure ("" without one).
func plusMinus(margin, of float64, format string) string {
	if margin <= 0 {
		return ""
	}
	s := "   ± " + fmt.Sprintf(format, margin)
	if of > 0 {
		s += fmt.Sprintf(" (±%.1f%%, 95%%)", 100*margin/of)
	}
	return s
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
	Rows     int64 `json:"rows"`
	Accepted int64 `json:"accepted"`
	// AcceptanceRate is Accepted / Rows (comparable with
	// Plan.AcceptanceRate).
	AcceptanceRate float64 `json:"acceptance_rate"`
	Calls          int64   `json:"calls"`
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
	// Roles holds each role's share.
	Roles map[string]RoleActual `json:"roles,omitempty"`
}

// RoleActual is what one role of a real run used.
type RoleActual struct {
	Calls int64 `json:"calls"`
	// Tokens counts every call's tokens, cache hits included.
	Tokens int64 `json:"tokens"`
	// CostUSD prices every call's tokens; SpentUSD is what the role paid.
	CostUSD  float64 `json:"cost_usd"`
	SpentUSD float64 `json:"spent_usd"`
}

// ActualFromStats measures a finished run of seeds seeds from its
// finalized statistics, pricing its tokens with the plan's settings.
func (pl Plan) ActualFromStats(st *stats.Stats, seeds int64, wall time.Duration) Actual {
	a := Actual{Seeds: seeds, Rows: st.Rows, Accepted: st.Accepted, SpentUSD: st.CostUSD, WallSeconds: wall.Seconds(),
		SandboxCPUHours: float64(st.ExecCPUMillis.Sum) / 3.6e6, Roles: map[string]RoleActual{}}
	if st.Rows > 0 {
		a.AcceptanceRate = float64(st.Accepted) / float64(st.Rows)
	}
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
		c := (float64(prompt)*price.Prompt + float64(completion)*price.Completion) / 1e6
		a.CostUSD += c
		a.Roles[role] = RoleActual{Calls: u.Calls, Tokens: prompt + completion, CostUSD: c, SpentUSD: float64(u.CostNanoUSD) / 1e9}
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
	// Margin is the half-width of the plan's 95% interval (0: none).
	Margin float64 `json:"margin,omitempty"`
}

// RoleLine compares one role's planned and actual use.
type RoleLine struct {
	Role   string `json:"role"`
	Model  string `json:"model"`
	Tokens Line   `json:"tokens"`
	// Cost prices every call (cache ignored); Spent is what was paid
	// (planned: the projection less the pilot's cached seeds).
	Cost  Line `json:"cost"`
	Spent Line `json:"spent"`
}

// Comparison sets a plan next to the run it predicted.
type Comparison struct {
	Plan   Plan   `json:"plan"`
	Actual Actual `json:"actual"`
	// Seeds is the number of seeds the projection was made for: the run's
	// when known, else the plan's N.
	Seeds int64      `json:"seeds"`
	Lines []Line     `json:"lines"`
	Roles []RoleLine `json:"roles,omitempty"`
}

// Compare sets the plan's projection next to a real run. When the run had
// a different number of seeds than the plan, the projection for the run's
// seeds is used.
func (pl Plan) Compare(a Actual) Comparison {
	pr, seeds := pl.Projection, pl.N
	if a.Seeds > 0 && a.Seeds != pl.N {
		if again, err := pl.WithSettings(pl.Settings, a.Seeds); err == nil {
			pr, seeds = again.Projection, a.Seeds
		}
	}
	lines := []Line{
		line("accepted triples", float64(pr.Accepted), float64(a.Accepted), "").within(pr.AcceptedMargin),
		line("acceptance rate", pl.AcceptanceRate, a.AcceptanceRate, "%"),
		line("LLM calls", float64(pr.Calls), float64(a.Calls), ""),
		line("tokens", float64(pr.Tokens), float64(a.Tokens), "").within(pr.TokensMargin),
		line("cost (all calls)", pr.CostUSD, a.CostUSD, "USD").within(pr.CostMarginUSD),
		line("spent (cache hits free)", pr.ToSpendUSD, a.SpentUSD, "USD").within(pr.CostMarginUSD),
		line("sandbox CPU-hours", pr.SandboxCPUHours, a.SandboxCPUHours, "h"),
	}
	if a.WallSeconds > 0 {
		lines = append(lines, line("wall time", pr.WallSeconds, a.WallSeconds, "s"))
	}
	c := Comparison{Plan: pl, Actual: a, Seeds: seeds, Lines: lines}
	for _, role := range slices.Sorted(maps.Keys(union(pr.Roles, a.Roles))) {
		p, r := pr.Roles[role], a.Roles[role]
		c.Roles = append(c.Roles, RoleLine{
			Role: role, Model: pl.PerSeed[role].Model,
			Tokens: line("tokens", float64(p.PromptTokens+p.CompletionTokens), float64(r.Tokens), ""),
			Cost:   line("cost (all calls)", p.CostUSD, r.CostUSD, "USD"),
			Spent:  line("spent", p.ToSpendUSD, r.SpentUSD, "USD"),
		})
	}
	return c
}

// line compares a planned figure with an actual one.
func line(name string, planned, actual float64, unit string) Line {
	l := Line{Name: name, Planned: planned, Actual: actual, Unit: unit}
	if actual != 0 {
		l.Error = (planned - actual) / actual
	}
	return l
}

func (l Line) within(margin float64) Line {
	l.Margin = margin
	return l
}

// PlannedText is the planned figure, with its 95% margin when it has one.
func (l Line) PlannedText() string {
	if l.Margin <= 0 {
		return l.format(l.Planned)
	}
	m := l.format(l.Margin)
	if l.Unit == "" {
		m = strconv.FormatFloat(l.Margin, 'f', 0, 64)
	}
	return l.format(l.Planned) + " ± " + m
}

// union is the set of keys of two role maps.
func union[A, B any](a map[string]A, b map[string]B) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func (l Line) format(v float64) string {
	switch {
	case l.Unit == "USD":
		return strconv.FormatFloat(v, 'f', 4, 64) + " USD"
	case l.Unit == "s":
		return dur(v)
	case l.Unit == "h":
		return strconv.FormatFloat(v, 'f', 4, 64) + " h"
	case l.Unit == "%":
		return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
	case v == math.Trunc(v):
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Markdown renders the comparison as a Markdown table, followed by a
// table per role when the plan has roles.
func (c Comparison) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| | planned (± 95%% margin) | actual | error |\n| --- | ---: | ---: | ---: |\n")
	for _, l := range c.Lines {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", l.Name, l.PlannedText(), l.format(l.Actual), l.ErrorText())
	}
	if len(c.Roles) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "\nPer role:\n\n| role | model | tokens planned | tokens used | error | cost planned | cost (all calls) | error | spend planned | spent | error |\n"+
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range c.Roles {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Role, orDash(r.Model),
			r.Tokens.format(r.Tokens.Planned), r.Tokens.format(r.Tokens.Actual), r.Tokens.ErrorText(),
			r.Cost.format(r.Cost.Planned), r.Cost.format(r.Cost.Actual), r.Cost.ErrorText(),
			r.Spent.format(r.Spent.Planned), r.Spent.format(r.Spent.Actual), r.Spent.ErrorText())
	}
	return b.String()
}

// ErrorText is the error in percent, signed; "n/a" when the actual figure
// is 0 while the plan expected something (the error is undefined).
func (l Line) ErrorText() string {
	if l.Actual == 0 && l.Planned != 0 {
		return "n/a"
	}
	return fmt.Sprintf("%+.1f%%", 100*l.Error)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Text renders the comparison for a terminal.
func (c Comparison) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-26s %26s %16s %8s\n", "plan vs run", "planned (± 95%)", "actual", "error")
	for _, l := range c.Lines {
		fmt.Fprintf(&b, "  %-24s %26s %16s %8s\n", l.Name, l.PlannedText(), l.format(l.Actual), l.ErrorText())
	}
	for _, r := range c.Roles {
		for _, l := range []Line{r.Tokens, r.Spent} {
			fmt.Fprintf(&b, "  %-24s %26s %16s %8s\n", r.Role+" "+l.Name, l.format(l.Planned), l.format(l.Actual), l.ErrorText())
		}
	}
	return b.String()
}
