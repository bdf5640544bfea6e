package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/internal/synth"
	"github.com/arrows-math/arrows/schemas"
)

// SeedConfig configures seeding. It is plain data: it travels to workers
// inside the DoFns.
type SeedConfig struct {
	N int64 `json:"n"`
	// Ranges is how many index ranges the N seeds are split into before
	// expansion; 0 picks one range per 1,000 seeds (at most 4,096).
	Ranges int `json:"ranges"`
	// OfflineOnly restricts sampling to topics the offline generator covers.
	OfflineOnly bool `json:"offline_only"`
	// StratumWeights and TopicCounts override the sampler defaults.
	StratumWeights map[string]float64 `json:"stratum_weights,omitempty"`
	TopicCounts    *[3]float64        `json:"topic_counts,omitempty"`
}

// SeedRange is a half-open range of seed indexes [Start, End).
type SeedRange struct {
	Start, End int64
}

func init() {
	register.DoFn2x0[[]byte, func(SeedRange)](&seedRangesFn{})
	register.Emitter1[SeedRange]()
	register.DoFn3x1[context.Context, SeedRange, func(schemas.Record), error](&expandSeedsFn{})
	register.Emitter1[schemas.Record]()
}

// Seeds produces cfg.N seed records of the topics pathway (seeds.Topic),
// with e's run seed and backend. It never materializes N elements in the
// pipeline graph: an impulse expands into a few index ranges, which are
// reshuffled across workers and expanded there, so N=10M works. Each seed is
// a pure function of (run seed, index), hence identical on every runner.
func Seeds(s beam.Scope, e env.Env, cfg SeedConfig) beam.PCollection {
	s = s.Scope("Seed")
	ranges := beam.ParDo(s, &seedRangesFn{Cfg: cfg}, beam.Impulse(s))
	ranges = beam.Reshuffle(s, ranges)
	rows := beam.ParDo(s, &expandSeedsFn{Cfg: cfg, RunSeed: e.RunSeed, Generator: e.Backend()}, ranges)
	return beam.Reshuffle(s, rows)
}

type seedRangesFn struct {
	Cfg SeedConfig `json:"cfg"`
}

func (fn *seedRangesFn) ProcessElement(_ []byte, emit func(SeedRange)) {
	n := fn.Cfg.N
	k := int64(fn.Cfg.Ranges)
	if k <= 0 {
		k = n/1000 + 1
		if k > 4096 {
			k = 4096
		}
	}
	if k > n {
		k = n
	}
	if k < 1 {
		return
	}
	for i := int64(0); i < k; i++ {
		start, end := n*i/k, n*(i+1)/k
		if end > start {
			emit(SeedRange{Start: start, End: end})
		}
	}
}

type expandSeedsFn struct {
	Cfg       SeedConfig `json:"cfg"`
	RunSeed   int64      `json:"run_seed"`
	Generator string     `json:"generator"`

	sampler *knowledge.Sampler
}

func (fn *expandSeedsFn) Setup() error {
	kb, err := knowledge.Load()
	if err != nil {
		return fmt.Errorf("load knowledge system: %w", err)
	}
	sc := knowledge.DefaultSamplerConfig()
	if fn.Cfg.StratumWeights != nil {
		sc.StratumWeights = fn.Cfg.StratumWeights
	}
	if fn.Cfg.TopicCounts != nil {
		sc.TopicCounts = *fn.Cfg.TopicCounts
	}
	if fn.Cfg.OfflineOnly {
		gen, err := synth.OfflineGenerator()
		if err != nil {
			return err
		}
		sc.Allowed = gen.Covers
	}
	s, err := knowledge.NewSampler(kb, sc)
	if err != nil {
		return fmt.Errorf("sampler: %w", err)
	}
	fn.sampler = s
	return nil
}

func (fn *expandSeedsFn) ProcessElement(ctx context.Context, r SeedRange, emit func(schemas.Record)) error {
	for i := r.Start; i < r.End; i++ {
		topics := fn.sampler.Sample(fn.RunSeed, i)
		count(ctx, "funnel/seeds")
		emit(seeds.Topic(fn.RunSeed, i, topics, fn.Generator))
	}
	return nil
}
