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
	// Start is the first seed index: the seeds are [Start, Start+N) of the
	// run seed (a later round of a --target-accepted run starts where the
	// one before ended).
	Start int64 `json:"start,omitempty"`
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
	register.Function2x0(seedIndexes)
	register.Emitter1[int64]()
	register.DoFn3x0[context.Context, int64, func(schemas.Record)](&seedOfIndexFn{})
	register.Emitter1[schemas.Record]()
}

// Seeds produces cfg.N seed records of the topics pathway (seeds.Topic),
// with e's run seed and backend. It never materializes N records: an
// impulse expands into index ranges, reshuffled across workers, which
// expand into seed indexes, reshuffled again to spread them evenly; each
// seed record is made from its index only where it is about to be
// generated. Prism holds every element of a reshuffle at once, so what
// it holds for N seeds is N small integers (a record is about 5 KB there:
// reshuffling records made 300k seeds hold 1.5 GB before the first was
// generated). Fusing the record-making with the range expansion instead
// (no second reshuffle) made prism's scheduler spin on a core. Each seed
// is a pure function of (run seed, index), hence identical on every
// runner.
func Seeds(s beam.Scope, e env.Env, cfg SeedConfig) beam.PCollection {
	s = s.Scope("Seed")
	ranges := beam.ParDo(s, &seedRangesFn{Cfg: cfg}, beam.Impulse(s))
	ranges = beam.Reshuffle(s, ranges)
	indexes := beam.Reshuffle(s, beam.ParDo(s, seedIndexes, ranges))
	return beam.ParDo(s, &seedOfIndexFn{Cfg: cfg, RunSeed: e.RunSeed, Generator: e.Backend()}, indexes)
}

// seedIndexes emits the indexes of a range.
func seedIndexes(r SeedRange, emit func(int64)) {
	for i := r.Start; i < r.End; i++ {
		emit(i)
	}
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
		start, end := fn.Cfg.Start+n*i/k, fn.Cfg.Start+n*(i+1)/k
		if end > start {
			emit(SeedRange{Start: start, End: end})
		}
	}
}

// seedOfIndexFn makes the seed record of an index.
type seedOfIndexFn struct {
	Cfg       SeedConfig `json:"cfg"`
	RunSeed   int64      `json:"run_seed"`
	Generator string     `json:"generator"`

	sampler *knowledge.Sampler
}

func (fn *seedOfIndexFn) Setup() error {
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

func (fn *seedOfIndexFn) ProcessElement(ctx context.Context, i int64, emit func(schemas.Record)) {
	count(ctx, "funnel/seeds")
	emit(seeds.Topic(fn.RunSeed, i, fn.sampler.Sample(fn.RunSeed, i), fn.Generator))
}
