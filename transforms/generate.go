package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/synth"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	registerStage[*generateStage]()
}

// Generate turns seeds into programs with the job's backend (synth.New:
// the offline generator, or the generator model with e.LLM set; each seed
// gives one row per sample). Seeds it cannot serve leave on the rejected
// output (stage "generate").
func Generate(s beam.Scope, e env.Env, seeds beam.PCollection) (programs, rejected beam.PCollection) {
	return apply(s, scopeName("Generate", e), &generateStage{backendStage{Env: e}}, seeds)
}

// scopeName names a backend's stage: "Generate" offline, "GenerateLLM"
// with the llm backend, so the runner's UI shows which one ran.
func scopeName(stage string, e env.Env) string {
	if e.LLM != nil {
		return stage + "LLM"
	}
	return stage
}

// backendStage is a stage of the job's synthesis backend (generate or
// translate), built on the worker by synth.New: the one place the backend
// is chosen.
type backendStage struct {
	Env env.Env `json:"env"`

	backend synth.Backend
}

func (st *backendStage) setup(ctx context.Context, res *resources) error {
	kb, err := knowledge.Load()
	if err != nil {
		return fmt.Errorf("load knowledge system: %w", err)
	}
	var c synth.Completer // nil offline
	if st.Env.LLM != nil {
		meter, err := res.llm(ctx, st.Env.LLM)
		if err != nil {
			return err
		}
		c = meter
	}
	st.backend, err = synth.New(kb, st.Env.LLM, c)
	return err
}

func (st *backendStage) window() int { return st.backend.Concurrency() }

type generateStage struct{ backendStage }

func (st *generateStage) funnel() string { return "programs" }

// start makes one program per sample of the seed (each its own row).
func (st *generateStage) start(ctx context.Context, rec schemas.Record) []func() row.Outcome {
	var work []func() row.Outcome
	for _, sample := range st.backend.Samples(rec) {
		work = append(work, func() row.Outcome { return st.backend.Generate(ctx, sample) })
	}
	return work
}
