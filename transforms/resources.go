package transforms

import (
	"context"
	"fmt"
	"log/slog"
	"math"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/shared"
	"github.com/arrows-math/arrows/internal/usage"
)

// The process-wide registries: one sandbox pool, LLM client (with its rate
// limiter, breaker and connections) and decontamination index per worker
// process and configuration, shared by the DoFn instances Beam makes per
// concurrent bundle. They are keyed by the whole configuration and
// reference counted: the last Teardown closes the value. This is the only
// process-wide state of the pipelines (besides the local progress line).
var (
	pools   = shared.NewRegistry(openPool, func(p *sandbox.Pool) { _ = p.Close() })
	clients = shared.NewRegistry(openClient, func(c *llm.Client) { _ = c.Close() })
	indexes = shared.NewRegistry(openIndex, nil)
	// budgets holds each run's LLM spend counter (llm.Limits.Run) for the
	// life of the process, so every client of the run in this process
	// consults and charges the same one, also when clients are closed and
	// reopened between stages.
	budgets llm.Budgets
)

func openPool(ctx context.Context, cfg env.Sandbox) (*sandbox.Pool, error) {
	p, err := sandbox.NewPool(context.WithoutCancel(ctx), cfg.Config())
	if err != nil {
		return nil, fmt.Errorf("start sandbox pool: %w", err)
	}
	log.Infof(ctx, "arrows: sandbox pool started: %v", p.Isolation())
	return p, nil
}

func openClient(ctx context.Context, cfg llm.Config) (*llm.Client, error) {
	opts := []llm.Option{llm.WithLogFunc(beamLog(ctx))}
	if cfg.Budget.Enabled() {
		opts = append(opts, llm.WithBudget(budgets.Get(cfg.Budget.Run, cfg.Budget)))
	}
	c, err := llm.NewClient(context.WithoutCancel(ctx), cfg, opts...)
	if err != nil {
		return nil, fmt.Errorf("llm client for %s: %w", cfg.BaseURL, err)
	}
	log.Infof(ctx, "arrows: LLM client for %s (concurrency %d)", cfg.BaseURL, cfg.Concurrency)
	return c, nil
}

// beamLog adapts the LLM client's log lines to Beam's log package, so that
// they reach the job's logs on any runner (the worker's Fn logging service):
// WARN when the circuit breaker opens and each minute while it stays open,
// INFO when the endpoint recovers. The lines are written with ctx's
// metadata (the context the client was created in, without its
// cancellation: the client outlives it).
func beamLog(ctx context.Context) func(slog.Level, string) {
	ctx = context.WithoutCancel(ctx)
	return func(level slog.Level, line string) {
		log.Output(ctx, beamSeverity(level), 1, "arrows: llm: "+line)
	}
}

// beamSeverity is the Beam log severity of a slog level.
func beamSeverity(level slog.Level) log.Severity {
	switch {
	case level >= slog.LevelError:
		return log.SevError
	case level >= slog.LevelWarn:
		return log.SevWarn
	case level >= slog.LevelInfo:
		return log.SevInfo
	default:
		return log.SevDebug
	}
}

// openIndex loads a benchmark index (≈0.3 s of CPU, ≈25 MB live).
func openIndex(ctx context.Context, cfg DecontamConfig) (*decontam.Index, error) {
	idx, err := decontam.LoadIndex(cfg.index())
	if err != nil {
		return nil, fmt.Errorf("load decontamination index: %w", err)
	}
	log.Infof(ctx, "arrows: decontamination index loaded: %d benchmarks, n=%d", len(idx.Versions()), idx.Config().N)
	return idx, nil
}

// resources are what a DoFn instance holds from the registries, acquired at
// Setup and released at Teardown, and its LLM meter (usage and the first
// fatal error of its calls).
type resources struct {
	meter    *usage.Meter
	releases []func()
}

// acquire takes a value from reg for cfg, to be released with the others.
func acquire[C, V any](ctx context.Context, r *resources, reg *shared.Registry[C, V], cfg C) (V, error) {
	v, release, err := reg.Acquire(ctx, cfg)
	if err != nil {
		return v, err
	}
	r.releases = append(r.releases, release)
	return v, nil
}

func (r *resources) pool(ctx context.Context, cfg env.Sandbox) (*sandbox.Pool, error) {
	return acquire(ctx, r, pools, cfg)
}

// checker returns the pool for e's sandbox and an answer checker running
// in it with e's tolerance.
func (r *resources) checker(ctx context.Context, e env.Env) (*sandbox.Pool, *answer.Checker, error) {
	pool, err := r.pool(ctx, e.Sandbox)
	if err != nil {
		return nil, nil, err
	}
	return pool, &answer.Checker{Runner: pool, RelTol: e.RelTol}, nil
}

func (r *resources) index(ctx context.Context, cfg DecontamConfig) (*decontam.Index, error) {
	return acquire(ctx, r, indexes, cfg)
}

// llm returns the instance's meter over the process's client for cfg.
func (r *resources) llm(ctx context.Context, cfg *env.LLM) (*usage.Meter, error) {
	c, err := acquire(ctx, r, clients, cfg.Client)
	if err != nil {
		return nil, err
	}
	r.meter = usage.NewMeter(c)
	return r.meter, nil
}

func (r *resources) release() {
	for _, rel := range r.releases {
		rel()
	}
	r.releases, r.meter = nil, nil
}

// err is the first fatal LLM error (endpoint down or refusing), or nil.
func (r *resources) err() error {
	if r.meter == nil {
		return nil
	}
	return r.meter.Err()
}

// reportUsage adds the usage spent since the last report to the bundle's
// metrics, per role: arrows/tokens/<role>/prompt and .../completion,
// arrows/llm/<role>/calls, .../cache_hits and .../cost_nano_usd (cost in
// 1e-9 USD, with --llm-price). Beam metrics must be updated on the DoFn's
// own goroutine, so stages call it from ProcessElement and FinishBundle,
// not where the calls complete.
func (r *resources) reportUsage(ctx context.Context) {
	if r.meter == nil {
		return
	}
	for role, u := range r.meter.Take() {
		name := string(role)
		inc := func(counter string, v int64) {
			if v != 0 {
				beam.NewCounter(metricNS, counter).Inc(ctx, v)
			}
		}
		inc("tokens/"+name+"/prompt", u.PromptTokens)
		inc("tokens/"+name+"/completion", u.CompletionTokens)
		inc("llm/"+name+"/calls", u.Calls)
		inc("llm/"+name+"/cache_hits", u.CacheHits)
		inc("llm/"+name+"/cost_nano_usd", int64(math.Round(u.CostUSD*1e9)))
	}
}
