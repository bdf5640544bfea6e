package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/schemas"
)

// Backends.
const (
	BackendOffline = "offline"
	BackendLLM     = "llm"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&offlineGenerateFn{})
}

// Generate turns seeds into programs with the offline generator. Seeds it
// cannot serve leave on the rejected output (stage "generate").
func Generate(s beam.Scope, seeds beam.PCollection) (programs, rejected beam.PCollection) {
	s = s.Scope("Generate")
	return beam.ParDo2(s, &offlineGenerateFn{}, seeds)
}

type offlineGenerateFn struct {
	gen *offline.Generator
}

func (fn *offlineGenerateFn) Setup() error {
	kb, err := knowledge.Load()
	if err != nil {
		return fmt.Errorf("load knowledge system: %w", err)
	}
	g, err := offline.New(kb)
	if err != nil {
		return fmt.Errorf("offline generator: %w", err)
	}
	fn.gen = g
	return nil
}

func (fn *offlineGenerateFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	emit := emitter(ctx, "programs", ok, rejected)
	prog, err := fn.gen.Generate(rec.Seed)
	if err != nil {
		emit(fail(rec, schemas.StageGenerate, "offline_generator", err.Error()))
		return nil
	}
	rec.Program = prog
	rec.Provenance.Generator = BackendOffline
	rec.Provenance.Models = map[string]string{"generator": "offline", "translator": "offline"}
	rec.Provenance.PromptVersion = offline.PromptVersion
	rec.ID = RecordID(&rec)
	emit(pass(rec))
	return nil
}
