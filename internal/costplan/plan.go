// Package costplan projects what an LLM-backed arrows run will cost before
// it starts. A pilot run of a few seeds (through the response cache, so
// the real run reuses what the pilot paid for) is measured from its
// stats.json (PilotFromStats): per role, calls, prompt and completion tokens
// and endpoint latency per seed, the acceptance rate and the sandbox CPU
// time. New scales the pilot to N seeds under the run's prices,
// concurrency, rate limits and worker count, giving tokens, cost, cost per
// accepted triple, wall time and sandbox CPU-hours (a Plan, written as
// plan.json). Compare sets a plan next to what a real run spent.
//
// The package is pure Go: it does not import Beam.
package costplan

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/stats"
)

// Version identifies the layout of Plan (plan.json).
const Version = "plan-v1"

// DefaultPilotSeeds is the default size of a pilot.
const DefaultPilotSeeds = 50

// PilotRole is what the pilot's rows recorded for one role.
type PilotRole struct {
	// Model is the model the role's rows used (the most frequent one).
	Model string `json:"model"`
	// Calls counts every call, cache hits included.
	Calls     int64 `json:"calls"`
	CacheHits int64 `json:"cache_hits"`
	// PromptTokens and CompletionTokens count the tokens of every call,
	// cache hits at the usage recorded when they were made: what the calls
	// cost without a cache.
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	// SpentUSD is what the pilot itself paid (cache hits are free).
	SpentUSD float64 `json:"spent_usd"`
	// LatencyMillis sums the endpoint latency of LatencyCalls calls.
	LatencyMillis int64 `json:"latency_ms"`
	LatencyCalls  int64 `json:"latency_calls"`
}

// Pilot is the measured outcome of a pilot run.
type Pilot struct {
	// Seeds is the pilot's --n; Rows the rows it wrote (Seeds times the
	// samples per seed); Accepted the triples it kept.
	Seeds    int64 `json:"seeds"`
	Rows     int64 `json:"rows"`
	Accepted int64 `json:"accepted"`
	// Roles holds the per-role usage.
	Roles map[string]PilotRole `json:"roles"`
	// SandboxCPUMillis sums the CPU time of the program executions over
	// Executions executed rows.
	SandboxCPUMillis int64 `json:"sandbox_cpu_ms"`
	Executions       int64 `json:"executions"`
	// WallSeconds is the pilot's wall time, job start to end (0 if not
	// measured).
	WallSeconds float64 `json:"wall_seconds"`
	// VerdictSpanSeconds is the time from the pilot's first row verdict
	// to its last (0 if not measured): the steady part of its wall time,
	// whose rate the projection scales (see Projection.MeasuredSeconds).
	VerdictSpanSeconds float64 `json:"verdict_span_seconds,omitempty"`
	// Spread is the seed-to-seed spread of the pilot's rows (nil when the
	// rows were not read): it sizes the projection's margins.
	Spread *Spread `json:"spread,omitempty"`
}

// PilotFromStats measures a pilot from its finalized statistics; seeds is
// the pilot's --n and wall its wall time.
func PilotFromStats(st *stats.Stats, seeds int64, wall time.Duration) Pilot {
	p := Pilot{Seeds: seeds, Rows: st.Rows, Accepted: st.Accepted, Roles: map[string]PilotRole{},
		SandboxCPUMillis: st.ExecCPUMillis.Sum, Executions: st.ExecCPUMillis.N, WallSeconds: wall.Seconds(),
		VerdictSpanSeconds: float64(st.VerdictSpanMillis) / 1000}
	for role, u := range st.Usage {
		if u == nil {
			continue
		}
		p.Roles[role] = PilotRole{
			Model: topModel(u.Models), Calls: u.Calls, CacheHits: u.CacheHits,
			PromptTokens: u.PromptTokens + u.CachedPromptTokens, CompletionTokens: u.CompletionTokens + u.CachedCompletionTokens,
			SpentUSD: float64(u.CostNanoUSD) / 1e9, LatencyMillis: u.LatencyMillis, LatencyCalls: u.LatencyCalls,
		}
	}
	return p
}

func topModel(m map[string]int64) string {
	best, n := "", int64(-1)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}

// Settings are the parameters of the real run that shape its cost and
// wall time.
type Settings struct {
	// Prices per model in USD per 1M tokens (llm.Config.PricesPer1M).
	Prices map[string]llm.Price `json:"prices,omitempty"`
	// Models maps each role to its model; roles missing here use the
	// pilot's model.
	Models map[string]string `json:"models,omitempty"`
	// Concurrency is the number of LLM calls in flight per worker
	// process (--llm-concurrency).
	Concurrency int `json:"concurrency"`
	// RPM and TPM are the endpoint's limits (0: none). Each worker process
	// applies them on its own, so with several workers they bound the
	// endpoint at Workers times these.
	RPM int `json:"rpm,omitempty"`
	TPM int `json:"tpm,omitempty"`
	// Workers is the number of worker processes (1 on a local runner).
	Workers int `json:"workers"`
	// SandboxWorkers is the number of Python servers per worker process.
	SandboxWorkers int `json:"sandbox_workers"`
}

func (s Settings) withDefaults() Settings {
	if s.Concurrency <= 0 {
		s.Concurrency = llm.DefaultConfig().Concurrency
	}
	if s.Workers <= 0 {
		s.Workers = 1
	}
	if s.SandboxWorkers <= 0 {
		s.SandboxWorkers = 1
	}
	return s
}

// PerSeed is one role's average per seed of the pilot.
type PerSeed struct {
	Model            string  `json:"model"`
	Calls            float64 `json:"calls"`
	PromptTokens     float64 `json:"prompt_tokens"`
	CompletionTokens float64 `json:"completion_tokens"`
	// CostUSD is the cost of those tokens at the model's price (cache
	// ignored); Priced tells whether the model has a price.
	CostUSD float64 `json:"cost_usd"`
	Priced  bool    `json:"priced"`
	// LatencyMillis is the mean endpoint latency of one call (0 unknown).
	LatencyMillis float64 `json:"latency_ms"`
}

// RoleProjection is one role's share of a projection.
type RoleProjection struct {
	Calls            int64   `json:"calls"`
	PromptTokens     int64   `json:"prompt_tokens"`
	CompletionTokens int64   `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
	// ToSpendUSD is CostUSD less the pilot's seeds, answered from the
	// cache (see Projection.CachedUSD).
	ToSpendUSD float64 `json:"to_spend_usd"`
}

// Projection is what a run of Seeds seeds is expected to take.
type Projection struct {
	Seeds int64 `json:"seeds"`
	// Accepted is the expected number of accepted triples.
	Accepted         int64                     `json:"accepted"`
	Roles            map[string]RoleProjection `json:"roles"`
	Calls            int64                     `json:"calls"`
	PromptTokens     int64                     `json:"prompt_tokens"`
	CompletionTokens int64                     `json:"completion_tokens"`
	Tokens           int64                     `json:"tokens"`
	// CostUSD is the cost of every call at the prices, as if nothing were
	// cached; CostPerAcceptedUSD divides it by Accepted.
	CostUSD            float64 `json:"cost_usd"`
	CostPerAcceptedUSD float64 `json:"cost_per_accepted_usd"`
	// CachedUSD is the part the pilot already paid for: the real run's
	// first seeds are the pilot's (same run seed), answered from the
	// cache. ToSpendUSD = CostUSD - CachedUSD is what the run should pay.
	CachedUSD  float64 `json:"cached_usd"`
	ToSpendUSD float64 `json:"to_spend_usd"`
	// WallSeconds is the projected wall time: Overhead plus the largest of
	// the throughput bounds and the measured rate, named by WallBound
	// ("llm_concurrency", "rpm", "tpm", "sandbox" or "measured").
	WallSeconds float64 `json:"wall_seconds"`
	WallBound   string  `json:"wall_bound"`
	// The throughput bounds in seconds: every call's latency spread over
	// the in-flight slots; the calls at RPM; the tokens at TPM; the
	// sandbox CPU time over the Python servers.
	LLMSeconds     float64 `json:"llm_seconds"`
	RPMSeconds     float64 `json:"rpm_seconds,omitempty"`
	TPMSeconds     float64 `json:"tpm_seconds,omitempty"`
	SandboxSeconds float64 `json:"sandbox_seconds"`
	// MeasuredSeconds is the time the rows of n seeds take at the rate
	// the pilot's rows reached their verdicts (its verdict span over its
	// rows), the rows of the pilot's own seeds less the LLM time their
	// cache hits save (0 when the pilot's verdicts were not timed).
	MeasuredSeconds float64 `json:"measured_seconds,omitempty"`
	// OverheadSeconds is the part of the pilot's wall time that does not
	// grow with the seeds, assumed fixed: with timed verdicts, its wall
	// time outside the verdict span (start-up, the first row's way through
	// the stages, dedup and writing after the last verdict); otherwise
	// the part its bounds do not explain.
	OverheadSeconds float64 `json:"overhead_seconds"`
	// SandboxCPUHours is the CPU time of the program executions.
	SandboxCPUHours float64 `json:"sandbox_cpu_hours"`
	// CostMarginUSD, TokensMargin and AcceptedMargin are the half-widths
	// of the 95% intervals of CostUSD (and ToSpendUSD), Tokens and
	// Accepted that the pilot's size allows (0 when the pilot's spread is
	// unknown or the run has no seeds beyond the pilot's): the error
	// expected from measuring a few seeds, not a bound.
	CostMarginUSD  float64 `json:"cost_margin_usd,omitempty"`
	TokensMargin   float64 `json:"tokens_margin,omitempty"`
	AcceptedMargin float64 `json:"accepted_margin,omitempty"`
}

// Plan is the content of plan.json.
type Plan struct {
	Version  string             `json:"version"`
	N        int64              `json:"n"`
	Pilot    Pilot              `json:"pilot"`
	Settings Settings           `json:"settings"`
	PerSeed  map[string]PerSeed `json:"per_seed"`
	// AcceptanceRate is accepted / rows of the pilot; AcceptedPerSeed is
	// accepted / seeds (above 1 with several samples per seed).
	AcceptanceRate  float64    `json:"acceptance_rate"`
	AcceptedPerSeed float64    `json:"accepted_per_seed"`
	Projection      Projection `json:"projection"`
	// Notes say what the projection could not know.
	Notes []string `json:"notes,omitempty"`
	// RunSeed is the pilot's --seed: a real run with the same seed draws
	// the pilot's seeds first and finds their answers in the cache.
	RunSeed *int64 `json:"run_seed,omitempty"`
	// Flags are the generate flags the pilot was run with (name to value,
	// as set on the command line), so that a run given the plan can be
	// checked against them.
	Flags map[string]string `json:"flags,omitempty"`
}

// WithSettings projects the plan's pilot again, to n seeds under s,
// keeping what the plan recorded about its pilot (RunSeed, Flags).
func (pl Plan) WithSettings(s Settings, n int64) (Plan, error) {
	again, err := New(pl.Pilot, s, n)
	if err != nil {
		return Plan{}, err
	}
	again.RunSeed, again.Flags = pl.RunSeed, pl.Flags
	return again, nil
}

// New projects a pilot to n seeds under settings.
func New(p Pilot, s Settings, n int64) (Plan, error) {
	if p.Seeds <= 0 {
		return Plan{}, fmt.Errorf("plan: the pilot has no seeds")
	}
	if n <= 0 {
		return Plan{}, fmt.Errorf("plan: --n must be positive, got %d", n)
	}
	s = s.withDefaults()
	pl := Plan{Version: Version, N: n, Pilot: p, Settings: s, PerSeed: map[string]PerSeed{}}
	seeds := float64(p.Seeds)
	pl.AcceptedPerSeed = float64(p.Accepted) / seeds
	if p.Rows > 0 {
		pl.AcceptanceRate = float64(p.Accepted) / float64(p.Rows)
	}
	unpriced := map[string]bool{}
	var latencyUnknown []string
	for _, role := range slices.Sorted(maps.Keys(p.Roles)) {
		r := p.Roles[role]
		model := s.Models[role]
		if model == "" {
			model = r.Model
		}
		price, priced := s.Prices[model]
		if !priced && r.Calls > 0 {
			unpriced[model] = true
		}
		ps := PerSeed{
			Model: model, Calls: float64(r.Calls) / seeds,
			PromptTokens: float64(r.PromptTokens) / seeds, CompletionTokens: float64(r.CompletionTokens) / seeds,
			Priced: priced,
		}
		ps.CostUSD = (ps.PromptTokens*price.Prompt + ps.CompletionTokens*price.Completion) / 1e6
		if r.LatencyCalls > 0 {
			ps.LatencyMillis = float64(r.LatencyMillis) / float64(r.LatencyCalls)
		} else if r.Calls > 0 {
			latencyUnknown = append(latencyUnknown, role)
		}
		pl.PerSeed[role] = ps
	}
	pl.Projection = pl.project(n)
	pilotAt := pl.project(p.Seeds)
	if p.VerdictSpanSeconds > 0 && p.Rows >= 2 && p.WallSeconds >= p.VerdictSpanSeconds {
		pl.Projection.OverheadSeconds = p.WallSeconds - p.VerdictSpanSeconds
		pl.Projection.MeasuredSeconds = pl.measured(n, pilotAt)
		if pl.Projection.MeasuredSeconds > pl.Projection.WallSeconds {
			pl.Projection.WallBound, pl.Projection.WallSeconds = "measured", pl.Projection.MeasuredSeconds
		}
	} else {
		pl.Projection.OverheadSeconds = math.Max(0, p.WallSeconds-pilotAt.WallSeconds)
	}
	pl.Projection.WallSeconds += pl.Projection.OverheadSeconds
	cached := float64(min(n, p.Seeds))
	pl.Projection.CachedUSD = pl.perSeedCost() * cached
	pl.Projection.ToSpendUSD = math.Max(0, pl.Projection.CostUSD-pl.Projection.CachedUSD)
	for role, rp := range pl.Projection.Roles {
		rp.ToSpendUSD = math.Max(0, rp.CostUSD-pl.PerSeed[role].CostUSD*cached)
		pl.Projection.Roles[role] = rp
	}
	if len(unpriced) > 0 {
		pl.Notes = append(pl.Notes, fmt.Sprintf("no price for %s: its cost counts as 0 (give --llm-price model=prompt:completion)", strings.Join(slices.Sorted(maps.Keys(unpriced)), ", ")))
	}
	if len(latencyUnknown) > 0 {
		pl.Notes = append(pl.Notes, fmt.Sprintf("no latency recorded for %s (cached before latencies were kept): the wall time leaves those calls out", strings.Join(latencyUnknown, ", ")))
	}
	if p.WallSeconds == 0 {
		pl.Notes = append(pl.Notes, "the pilot's wall time was not measured: no fixed overhead is included")
	}
	if sp := p.Spread; sp != nil {
		pl.Projection.CostMarginUSD = margin(sp.CostSD, p.Seeds, n)
		pl.Projection.TokensMargin = margin(sp.TokensSD, p.Seeds, n)
		pl.Projection.AcceptedMargin = margin(sp.AcceptedSD, p.Seeds, n)
		if c := pl.Projection.ToSpendUSD; c > 0 && pl.Projection.CostMarginUSD/c > 0.10 {
			// The margin shrinks as 1/sqrt(pilot): 10% needs about
			// pilot × (margin / 10%)² seeds.
			need := int64(math.Ceil(float64(p.Seeds) * math.Pow(pl.Projection.CostMarginUSD/c/0.10, 2)))
			pl.Notes = append(pl.Notes, fmt.Sprintf("the pilot's %d seeds leave the cost to spend uncertain by ±%.0f%% (95%%): a pilot of about %d seeds would bring it to ±10%%",
				p.Seeds, 100*pl.Projection.CostMarginUSD/c, need))
		}
	}
	if s.Workers > 1 {
		pl.Notes = append(pl.Notes, fmt.Sprintf("%d worker processes: concurrency and the rpm/tpm limits apply per process", s.Workers))
	}
	return pl, nil
}

func (pl Plan) perSeedCost() float64 {
	c := 0.0
	for _, ps := range pl.PerSeed {
		c += ps.CostUSD
	}
	return c
}

// measured is the steady part of the wall time of n seeds at the pilot's
// measured rate: the pilot's verdict span covers Rows-1 intervals between
// verdicts, and n seeds have n × Rows/Seeds rows. The real run finds the
// pilot's seeds in the response cache, so their rows skip the LLM share of
// an interval (the pilot's LLM bound per row), down to their sandbox
// share. The rate is one process's; more worker processes divide it.
func (pl Plan) measured(n int64, pilotAt Projection) float64 {
	p := pl.Pilot
	interval := p.VerdictSpanSeconds / float64(p.Rows-1)
	rowsPerSeed := float64(p.Rows) / float64(p.Seeds)
	cachedRows := float64(min(n, p.Seeds)) * rowsPerSeed
	liveRows := float64(n)*rowsPerSeed - cachedRows
	// pilotAt's bounds are per worker; the pilot ran in one process.
	w := float64(pl.Settings.Workers)
	cachedInterval := math.Max(interval-pilotAt.LLMSeconds*w/float64(p.Rows), pilotAt.SandboxSeconds*w/float64(p.Rows))
	cachedInterval = math.Min(cachedInterval, interval)
	return math.Max(0, liveRows*interval+cachedRows*cachedInterval-interval) / w
}

// project scales the per-seed figures to n seeds, without overhead.
func (pl Plan) project(n int64) Projection {
	s := pl.Settings
	f := float64(n)
	pr := Projection{Seeds: n, Roles: map[string]RoleProjection{}, Accepted: int64(math.Round(pl.AcceptedPerSeed * f))}
	latencySum := 0.0
	for role, ps := range pl.PerSeed {
		rp := RoleProjection{
			Calls: int64(math.Round(ps.Calls * f)), PromptTokens: int64(math.Round(ps.PromptTokens * f)),
			CompletionTokens: int64(math.Round(ps.CompletionTokens * f)), CostUSD: ps.CostUSD * f,
		}
		pr.Roles[role] = rp
		pr.Calls += rp.Calls
		pr.PromptTokens += rp.PromptTokens
		pr.CompletionTokens += rp.CompletionTokens
		pr.CostUSD += rp.CostUSD
		latencySum += ps.Calls * f * ps.LatencyMillis / 1000
	}
	pr.Tokens = pr.PromptTokens + pr.CompletionTokens
	if pr.Accepted > 0 {
		pr.CostPerAcceptedUSD = pr.CostUSD / float64(pr.Accepted)
	}
	w := float64(s.Workers)
	pr.LLMSeconds = latencySum / (float64(s.Concurrency) * w)
	if s.RPM > 0 {
		pr.RPMSeconds = float64(pr.Calls) / (float64(s.RPM) * w / 60)
	}
	if s.TPM > 0 {
		pr.TPMSeconds = float64(pr.Tokens) / (float64(s.TPM) * w / 60)
	}
	cpuPerSeed := 0.0
	if pl.Pilot.Seeds > 0 {
		cpuPerSeed = float64(pl.Pilot.SandboxCPUMillis) / float64(pl.Pilot.Seeds) / 1000
	}
	pr.SandboxSeconds = cpuPerSeed * f / (float64(s.SandboxWorkers) * w)
	pr.SandboxCPUHours = cpuPerSeed * f / 3600
	pr.WallBound, pr.WallSeconds = "llm_concurrency", pr.LLMSeconds
	for _, b := range []struct {
		name string
		v    float64
	}{{"rpm", pr.RPMSeconds}, {"tpm", pr.TPMSeconds}, {"sandbox", pr.SandboxSeconds}} {
		if b.v > pr.WallSeconds {
			pr.WallBound, pr.WallSeconds = b.name, b.v
		}
	}
	return pr
}
