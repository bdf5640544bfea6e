package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// EvolveConfig configures one level of evolution.
type EvolveConfig struct {
	// Operators are evolve.Operators names; LLM operators need Env.LLM.
	Operators []string `json:"operators"`
	// Variants is the number of children per parent and operator (default 1).
	Variants int `json:"variants"`
	// Attempts bounds the perturbations tried per perturb_givens child
	// until one passes evolve.CheckPerturbed (0: evolve.DefaultAttempts).
	Attempts int `json:"attempts"`
}

func init() {
	registerStage[*evolveStage]()
}

// Evolve derives new programs from executed parents, each parent giving
// Variants children per operator (evolve.Evolver). Children that pass
// leave executed, with their evolution record and a draft problem, ready
// for translation and verification; failures leave on rejected (stage
// "generate" for operator failures, "execute" when the last attempt's
// program did not run).
func Evolve(s beam.Scope, e env.Env, cfg EvolveConfig, parents beam.PCollection) (children, rejected beam.PCollection) {
	return apply(s, "Evolve", &evolveStage{Env: e, Cfg: cfg}, parents)
}

type evolveStage struct {
	Env env.Env      `json:"env"`
	Cfg EvolveConfig `json:"cfg"`

	ev *evolve.Evolver
}

func (st *evolveStage) setup(ctx context.Context, res *resources) error {
	pool, err := res.pool(ctx, st.Env.Sandbox)
	if err != nil {
		return err
	}
	st.ev = &evolve.Evolver{Runner: pool, RunSeed: st.Env.RunSeed, Attempts: st.Cfg.Attempts}
	if !st.needsLLM() {
		return nil
	}
	if st.Env.LLM == nil {
		return fmt.Errorf("evolution operators %v need an LLM configuration", st.Cfg.Operators)
	}
	if st.ev.KB, err = knowledge.Load(); err != nil {
		return fmt.Errorf("load knowledge system: %w", err)
	}
	if st.ev.Completer, err = res.llm(ctx, st.Env.LLM); err != nil {
		return err
	}
	st.ev.GeneratorModel = st.Env.LLM.Client.Models[llm.RoleGenerator]
	return nil
}

func (st *evolveStage) needsLLM() bool {
	for _, op := range st.Cfg.Operators {
		if evolve.NeedsLLM(op) {
			return true
		}
	}
	return false
}

func (st *evolveStage) window() int { return stageWindow(st.Env, st.ev.Completer != nil) }

// stageWindow is the window of a stage running programs and, with llm,
// calling the model: enough for both.
func stageWindow(e env.Env, llm bool) int {
	n := 2 * e.Sandbox.Servers()
	if llm {
		n = max(n, e.LLM.Concurrency())
	}
	return n
}

func (st *evolveStage) funnel() string { return "seeds_evolved" }

// tally counts every candidate, passed or not (arrows/seeds/evolve_candidates).
func (st *evolveStage) tally(ctx context.Context, _ row.Outcome) {
	count(ctx, "seeds/evolve_candidates")
}

// start makes Variants children per operator.
func (st *evolveStage) start(ctx context.Context, parent schemas.Record) []func() row.Outcome {
	var work []func() row.Outcome
	for _, op := range st.Cfg.Operators {
		for v := range max(st.Cfg.Variants, 1) {
			work = append(work, func() row.Outcome { return st.ev.Child(ctx, parent, op, v) })
		}
	}
	return work
}
