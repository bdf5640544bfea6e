package transforms

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/top"

	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&seedRowFn{})
	registerStage[*seedProgramStage]()
	register.Function2x0(seedKeyOf)
	register.Emitter1[seeds.Key]()
	register.DoFn4x0[context.Context, schemas.Record, func(*[]seeds.Key) bool, func(schemas.Record)](&keepSeedsFn{})
	register.Iter1[[]seeds.Key]()
	beam.RegisterType(reflect.TypeOf((*seeds.Key)(nil)).Elem())
	beam.RegisterFunction(seeds.Less)
}

// SeedRows turns rows read from a seed corpus into seed rows of the seeds
// pathway (seeds.Admit): rows that were rejected, and seeds that are
// benchmark test items of decon (nil: no check), are refused (stage
// "seed").
func SeedRows(s beam.Scope, e env.Env, decon *DecontamConfig, read beam.PCollection) (seedRows, rejected beam.PCollection) {
	s = s.Scope("SeedRows")
	return beam.ParDo2(s, &seedRowFn{RunSeed: e.RunSeed, Decontam: decon}, read)
}

type seedRowFn struct {
	RunSeed  int64           `json:"run_seed"`
	Decontam *DecontamConfig `json:"decontam,omitempty"`

	res resources
	idx seeds.Benchmarks
}

func (fn *seedRowFn) Setup(ctx context.Context) error {
	if fn.Decontam == nil {
		return nil
	}
	idx, err := fn.res.index(ctx, *fn.Decontam)
	fn.idx = idx
	return err
}

func (fn *seedRowFn) Teardown() { fn.res.release() }

func (fn *seedRowFn) ProcessElement(ctx context.Context, in schemas.Record, ok, rejected func(schemas.Record)) error {
	count(ctx, "seeds/read")
	emitter(ctx, "seeds_clean", ok, rejected)(seeds.Admit(in, fn.RunSeed, fn.idx))
	return nil
}

// SeedPrograms gives every seed a program and keeps it only when it
// reproduces the seed's reference answer (seeds.Auditor: the audit of the
// seed corpus). Seeds without a program get one from the generator model
// of e.LLM (offline they are rejected as needs_llm). Every failure is a
// rejection at stage "seed".
func SeedPrograms(s beam.Scope, e env.Env, seedRows beam.PCollection) (reproduced, rejected beam.PCollection) {
	return apply(s, "SeedPrograms", &seedProgramStage{Env: e}, seedRows)
}

type seedProgramStage struct {
	Env env.Env `json:"env"`

	audit *seeds.Auditor
}

func (st *seedProgramStage) setup(ctx context.Context, res *resources) error {
	pool, checker, err := res.checker(ctx, st.Env)
	if err != nil {
		return err
	}
	st.audit = &seeds.Auditor{Runner: pool, Checker: checker}
	if st.Env.LLM != nil {
		if st.audit.Completer, err = res.llm(ctx, st.Env.LLM); err != nil {
			return err
		}
		st.audit.GeneratorModel = st.Env.LLM.Client.Models[llm.RoleGenerator]
	}
	return nil
}

func (st *seedProgramStage) window() int { return stageWindow(st.Env, st.Env.LLM != nil) }

func (st *seedProgramStage) funnel() string { return "seeds_reproduced" }

// tally counts the seeds that got a program and ran it (arrows/seeds/programs).
func (st *seedProgramStage) tally(ctx context.Context, o row.Outcome) {
	if o.Rec.Program != nil && o.Rec.Execution != nil {
		count(ctx, "seeds/programs")
	}
}

func (st *seedProgramStage) start(ctx context.Context, rec schemas.Record) []func() row.Outcome {
	return []func() row.Outcome{func() row.Outcome { return st.audit.Program(ctx, rec) }}
}

// LimitSeeds keeps at most n seeds (all when n <= 0): those whose id hashes
// lowest (seeds.KeyOf), a deterministic sample that does not depend on file
// order or runner. Only the keys are combined, not the rows.
func LimitSeeds(s beam.Scope, n int64, seedRows beam.PCollection) beam.PCollection {
	if n <= 0 {
		return seedRows
	}
	s = s.Scope("LimitSeeds")
	keys := beam.ParDo(s, seedKeyOf, seedRows)
	kept := top.Smallest(s, keys, int(n), seeds.Less)
	return beam.ParDo(s, &keepSeedsFn{}, seedRows, beam.SideInput{Input: kept})
}

func seedKeyOf(rec schemas.Record, emit func(seeds.Key)) { emit(seeds.KeyOf(rec)) }

type keepSeedsFn struct {
	kept map[string]bool
}

func (fn *keepSeedsFn) ProcessElement(ctx context.Context, rec schemas.Record, kept func(*[]seeds.Key) bool, emit func(schemas.Record)) {
	if fn.kept == nil {
		fn.kept = map[string]bool{}
		var ks []seeds.Key
		for kept(&ks) {
			for _, k := range ks {
				fn.kept[k.ID] = true
			}
		}
	}
	if fn.kept[rec.Seed.ID] {
		emit(rec)
		return
	}
	count(ctx, "seeds/over_limit")
}

var _ seeds.Benchmarks = (*decontam.Index)(nil)
