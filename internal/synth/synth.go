// Package synth holds the synthesis backends of arrows: what writes a
// program for a seed (Generator) and what turns an executed program into a
// problem and a step-by-step solution (Translator). There are two:
//
//   - offline: the built-in exemplar generator and its templates
//     (internal/offline), no LLM;
//   - llm: the generator and translator models of an OpenAI-compatible
//     endpoint, prompted with internal/prompts.
//
// New chooses the backend from the job's configuration, once; nothing else
// in arrows branches on which backend is in use.
//
// The package is pure Go (no Beam).
package synth

import (
	"context"
	"fmt"
	"sync"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// Generator writes programs for seed rows.
type Generator interface {
	// Samples are the rows a seed row becomes, one per program to write
	// (the llm backend draws n samples per seed, each its own row).
	Samples(seed schemas.Record) []schemas.Record
	// Generate writes the program of one sample row; a failure is a
	// rejection at stage "generate".
	Generate(ctx context.Context, rec schemas.Record) row.Outcome
}

// Translator turns an executed program into problem and solution.
type Translator interface {
	// Translate fills the row's Problem and Solution; a failure is a
	// rejection at stage "translate".
	Translate(ctx context.Context, rec schemas.Record) row.Outcome
}

// Backend is a synthesis backend.
type Backend interface {
	Generator
	Translator
	// Name is the backend's name (env.BackendOffline or env.BackendLLM).
	Name() string
	// Concurrency is how many rows a worker process should have the
	// backend work on at once.
	Concurrency() int
}

// Completer is the LLM call: it completes req on behalf of rec, charging
// the response's usage to rec (usage.Meter).
type Completer interface {
	Complete(ctx context.Context, rec *schemas.Record, req llm.Request) (llm.Response, error)
}

// New returns the backend of a job: the llm backend calling c when cfg is
// set, else the offline backend.
func New(kb *knowledge.KB, cfg *env.LLM, c Completer) (Backend, error) {
	if cfg == nil {
		return NewOffline()
	}
	if c == nil {
		return nil, fmt.Errorf("synth: the llm backend needs a completer")
	}
	// Offline exemplars of the seed's topics make better prompts; without
	// them the toolkit's usage examples are shown.
	gen, _ := OfflineGenerator()
	return &LLM{cfg: cfg, completer: c, kb: kb, exemplars: gen}, nil
}

// OfflineGenerator is the offline generator over the embedded knowledge
// base, built once per process on first use and shared (it is immutable).
var OfflineGenerator = sync.OnceValues(func() (*offline.Generator, error) {
	kb, err := knowledge.Load()
	if err != nil {
		return nil, fmt.Errorf("load knowledge system: %w", err)
	}
	g, err := offline.New(kb)
	if err != nil {
		return nil, fmt.Errorf("offline generator: %w", err)
	}
	return g, nil
})

// Offline is the offline backend.
type Offline struct {
	gen *offline.Generator
}

// NewOffline returns the offline backend.
func NewOffline() (*Offline, error) {
	g, err := OfflineGenerator()
	if err != nil {
		return nil, err
	}
	return &Offline{gen: g}, nil
}

// Name implements Backend.
func (o *Offline) Name() string { return env.BackendOffline }

// Concurrency implements Backend: the offline backend is fast and
// CPU-bound, one row at a time.
func (o *Offline) Concurrency() int { return 1 }

// Samples implements Generator: one program per seed.
func (o *Offline) Samples(seed schemas.Record) []schemas.Record { return []schemas.Record{seed} }

// Generate implements Generator with an exemplar of the seed's topics;
// seeds no exemplar serves are rejected (reason offline_generator).
func (o *Offline) Generate(_ context.Context, rec schemas.Record) row.Outcome {
	prog, err := o.gen.Generate(rec.Seed)
	if err != nil {
		return row.Fail(rec, schemas.StageGenerate, "offline_generator", err.Error())
	}
	rec.Program = prog
	rec.Provenance.Generator = env.BackendOffline
	rec.Provenance.Models = map[string]string{"generator": "offline", "translator": "offline"}
	rec.Provenance.PromptVersion = offline.PromptVersion
	rec.ID = row.ID(&rec)
	return row.Pass(rec)
}

// Translate implements Translator by rendering the program's offline
// templates with its execution (reason offline_translation on failure).
func (o *Offline) Translate(_ context.Context, rec schemas.Record) row.Outcome {
	problem, solution, err := offline.Translate(rec.Program, rec.Execution)
	if err != nil {
		return row.Fail(rec, schemas.StageTranslate, "offline_translation", err.Error())
	}
	rec.Problem, rec.Solution = problem, solution
	rec.ID = row.ID(&rec)
	return row.Pass(rec)
}
