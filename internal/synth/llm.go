package synth

import (
	"context"
	"maps"
	"strconv"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// LLM is the llm backend: the generator model writes programs, the
// translator model writes problem and solution.
type LLM struct {
	cfg       *env.LLM
	completer Completer
	kb        *knowledge.KB
	exemplars *offline.Generator // nil: toolkit examples
}

// Name implements Backend.
func (b *LLM) Name() string { return env.BackendLLM }

// Concurrency implements Backend: the requests in flight per worker.
func (b *LLM) Concurrency() int { return b.cfg.Concurrency() }

// Samples implements Generator: the generator's n samples of the seed,
// each a copy that shares no map with seed, with provenance.sample_index
// and its own id.
func (b *LLM) Samples(seed schemas.Record) []schemas.Record {
	out := make([]schemas.Record, b.cfg.Samples())
	for i := range out {
		rec := seed
		rec.Provenance.Models = maps.Clone(seed.Provenance.Models)
		rec.Usage = maps.Clone(seed.Usage)
		rec.Provenance.SampleIndex = i
		rec.ID = row.ID(&rec)
		out[i] = rec
	}
	return out
}

// Generate implements Generator: the generation prompt describes the
// seed's topics and tools with up to two exemplar programs (PromptTopics);
// the answer's program is kept. Failures are rejections: llm_<reason> for
// failed calls, truncated, or the parser's reason.
func (b *LLM) Generate(ctx context.Context, rec schemas.Record) row.Outcome {
	topics, exemplars := PromptTopics(b.kb, b.exemplars, rec.Seed)
	msgs, ver := prompts.Generate(topics, exemplars)
	rec.Provenance.Generator = env.BackendLLM
	rec.Provenance.PromptVersion = ver
	rec.Provenance.Models = map[string]string{"generator": b.cfg.Client.Models[llm.RoleGenerator]}
	// The seed id keeps seeds with identical prompts (same topics, same
	// exemplars) from sharing one cached program.
	resp, fail := b.complete(ctx, &rec, schemas.StageGenerate, llm.Request{Role: llm.RoleGenerator, PromptVersion: ver, Messages: msgs,
		SampleIndex: rec.Provenance.SampleIndex, Item: rec.Seed.ID})
	if fail != nil {
		return *fail
	}
	code, err := prompts.ParseProgram(resp.Content)
	if err != nil {
		return row.Fail(rec, schemas.StageGenerate, prompts.ReasonOr(err, "unparsable"), err.Error())
	}
	rec.Program = &schemas.Program{Source: code, Hash: row.SHA256(code), Template: ver}
	rec.ID = row.ID(&rec)
	return row.Pass(rec)
}

// Translate implements Translator with the translator model.
func (b *LLM) Translate(ctx context.Context, rec schemas.Record) row.Outcome {
	msgs, ver := prompts.Translate(rec.Program.Source, *rec.Execution)
	if rec.Provenance.Models == nil {
		rec.Provenance.Models = map[string]string{}
	}
	rec.Provenance.Models["translator"] = b.cfg.Client.Models[llm.RoleTranslator]
	rec.Provenance.PromptVersion = prompts.JoinVersions(rec.Provenance.PromptVersion, ver)
	resp, fail := b.complete(ctx, &rec, schemas.StageTranslate, llm.Request{Role: llm.RoleTranslator, PromptVersion: ver, Messages: msgs})
	if fail != nil {
		return *fail
	}
	problem, solution, err := prompts.ParseTranslation(resp.Content)
	if err != nil {
		return row.Fail(rec, schemas.StageTranslate, prompts.ReasonOr(err, "unparsable"), err.Error())
	}
	rec.Problem, rec.Solution = problem, solution
	rec.ID = row.ID(&rec)
	return row.Pass(rec)
}

// complete sends req for rec; a failed call (llm_<reason>) or a truncated
// answer is the row's rejection at stage, a call the spent budget did not
// let start its rejection at stage budget (reason budget_exhausted).
func (b *LLM) complete(ctx context.Context, rec *schemas.Record, stage string, req llm.Request) (llm.Response, *row.Outcome) {
	resp, err := b.completer.Complete(ctx, rec, req)
	if err != nil && llm.Reason(err) == llm.KindBudget {
		// The run's budget was spent before this call could start.
		o := row.Fail(*rec, schemas.StageBudget, llm.KindBudget, string(req.Role)+" call not made: "+err.Error())
		return resp, &o
	}
	if err != nil {
		o := row.Fail(*rec, stage, "llm_"+llm.Reason(err), err.Error())
		return resp, &o
	}
	if resp.Truncated() {
		o := row.Fail(*rec, stage, "truncated", "the completion hit max_tokens")
		return resp, &o
	}
	return resp, nil
}

// PromptTopics describes a seed's topics for the generation prompt, and
// picks up to two exemplar programs: offline exemplars of the same topics
// when gen is set, else the toolkit's usage examples of their tools.
func PromptTopics(kb *knowledge.KB, gen *offline.Generator, seed schemas.Seed) ([]prompts.Topic, []string) {
	var topics []prompts.Topic
	var exemplars []string
	for i, ref := range seed.Topics {
		pt := prompts.Topic{ID: ref.ID, Path: ref.Path}
		if t, ok := kb.Topic(ref.ID); ok {
			pt.Description = t.Description
		}
		for _, name := range ref.Tools {
			td := prompts.ToolDoc{Name: name}
			if tool, ok := kb.Tool(name); ok {
				td.Signature, td.Doc = tool.Signature, tool.Doc
				if len(exemplars) < 2 && gen == nil && tool.Example != "" {
					exemplars = append(exemplars, tool.Example)
				}
			}
			pt.Tools = append(pt.Tools, td)
		}
		topics = append(topics, pt)
		if gen != nil && gen.Covers(ref.ID) && len(exemplars) < 2 {
			one := schemas.Seed{ID: seed.ID + "/ex" + strconv.Itoa(i), Index: seed.Index, RunSeed: seed.RunSeed, Pathway: seed.Pathway, Topics: []schemas.TopicRef{ref}}
			if p, err := gen.Generate(one); err == nil {
				exemplars = append(exemplars, p.Source)
			}
		}
	}
	return topics, exemplars
}
