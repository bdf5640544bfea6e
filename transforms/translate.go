package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	registerStage[*translateStage]()
}

// Translate renders each executed program as a natural-language problem
// and a step-by-step solution with the job's backend (the offline
// templates, or the translator model with e.LLM set). Failures leave on
// the rejected output (stage "translate").
func Translate(s beam.Scope, e env.Env, executed beam.PCollection) (translated, rejected beam.PCollection) {
	return apply(s, scopeName("Translate", e), &translateStage{backendStage{Env: e}}, executed)
}

type translateStage struct{ backendStage }

func (st *translateStage) funnel() string { return "translated" }

func (st *translateStage) start(ctx context.Context, rec schemas.Record) []func() row.Outcome {
	return []func() row.Outcome{func() row.Outcome { return st.backend.Translate(ctx, rec) }}
}
