package transforms

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// EvolveConfig configures one level of evolution.
type EvolveConfig struct {
	// Operators are evolve.Operators names; LLM operators need LLM.
	Operators []string `json:"operators"`
	// Variants is the number of children per parent and operator (default 1).
	Variants int `json:"variants"`
	// Attempts bounds the perturbations tried per perturb_givens child
	// until one passes evolve.CheckPerturbed (default 6).
	Attempts int           `json:"attempts"`
	RunSeed  int64         `json:"run_seed"`
	Sandbox  SandboxConfig `json:"sandbox"`
	LLM      *LLMConfig    `json:"llm,omitempty"`
}

func (c EvolveConfig) variants() int { return max(c.Variants, 1) }

func (c EvolveConfig) attempts() int {
	if c.Attempts <= 0 {
		return 6
	}
	return c.Attempts
}

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&evolveFn{})
}

// Evolve derives new programs from executed parents, each parent giving
// Variants children per operator. Children that pass leave executed
// (Execution set) with Program.Evolution and Provenance.Evolution filled
// (operator, parent program hash, root seed id, depth) and the parent's
// problem text rewritten for them as a draft in Problem (translation
// replaces it); they are ready for translation and verification. Failures
// leave on rejected: stage "generate" for operator failures (LLM errors,
// evolve_no_givens, evolve_answer_unchanged, evolve_answer_type_changed,
// evolve_structure_changed, evolve_tool_unused), stage "execute" when the
// last attempt's program did not run.
func Evolve(s beam.Scope, cfg EvolveConfig, parents beam.PCollection) (children, rejected beam.PCollection) {
	s = s.Scope("Evolve")
	return beam.ParDo2(s, &evolveFn{Cfg: cfg}, parents)
}

type evolveFn struct {
	Cfg EvolveConfig `json:"cfg"`

	pool *sandbox.Pool
	kb   *knowledge.KB
	llmStage
}

func (fn *evolveFn) needsLLM() bool {
	for _, op := range fn.Cfg.Operators {
		if evolve.NeedsLLM(op) {
			return true
		}
	}
	return false
}

func (fn *evolveFn) Setup(ctx context.Context) error {
	p, err := acquirePool(ctx, fn.Cfg.Sandbox)
	if err != nil {
		return err
	}
	fn.pool = p
	if fn.needsLLM() {
		if fn.Cfg.LLM == nil {
			return fmt.Errorf("evolution operators %v need an LLM configuration", fn.Cfg.Operators)
		}
		kb, err := knowledge.Load()
		if err != nil {
			return fmt.Errorf("load knowledge system: %w", err)
		}
		fn.kb = kb
		fn.client, err = acquireClient(ctx, fn.Cfg.LLM.Client)
		if err != nil {
			return err
		}
	}
	return nil
}

func (fn *evolveFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	n := 2 * sandbox.DefaultConfig().Workers
	if fn.Cfg.Sandbox.Workers > 0 {
		n = 2 * fn.Cfg.Sandbox.Workers
	}
	if fn.client != nil {
		n = max(n, concurrency(fn.Cfg.LLM.Client))
	}
	fn.inf = newInflight[routed](n)
}

func (fn *evolveFn) ProcessElement(ctx context.Context, parent schemas.Record, ok, rejected func(schemas.Record)) error {
	if err := fn.err(); err != nil {
		return err
	}
	fn.reportUsage(ctx)
	emit := emitter(ctx, "seeds_evolved", ok, rejected)
	for _, op := range fn.Cfg.Operators {
		for v := 0; v < fn.Cfg.variants(); v++ {
			op, v := op, v
			count(ctx, "seeds/evolve_candidates")
			fn.inf.Go(func() routed { return fn.variant(ctx, parent, op, v) }, emit)
		}
	}
	return nil
}

func (fn *evolveFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(emitter(ctx, "seeds_evolved", ok, rejected))
	fn.reportUsage(ctx)
	return fn.err()
}

func (fn *evolveFn) Teardown() {
	if fn.pool != nil {
		releasePool(fn.Cfg.Sandbox)
		fn.pool = nil
	}
	if fn.client != nil {
		releaseClient(fn.Cfg.LLM.Client)
		fn.client = nil
	}
}

// RootID is the root seed id of a row of the seeds pathway: its program's
// evolution root, else its seed's id.
func RootID(rec *schemas.Record) string {
	if rec.Program != nil && rec.Program.Evolution != nil && rec.Program.Evolution.RootID != "" {
		return rec.Program.Evolution.RootID
	}
	return rec.Seed.ID
}

func depthOf(rec *schemas.Record) int {
	if rec.Program != nil && rec.Program.Evolution != nil {
		return rec.Program.Evolution.Depth
	}
	return 0
}

// newChild starts the row of variant v of the children of parent made by
// op: same seed and origin, the parent's problem text as a draft, no
// solution, execution or verdicts, and the evolution record. Until it has
// a program its id is a hash of (parent program, operator, variant).
func newChild(parent schemas.Record, op string, v int) schemas.Record {
	ev := &schemas.Evolution{Operator: op, RootID: RootID(&parent), Depth: depthOf(&parent) + 1, Variant: v}
	if parent.Program != nil {
		ev.ParentID = parent.Program.Hash
	}
	prov := parent.Provenance
	prov.Models = map[string]string{}
	for k, v := range parent.Provenance.Models {
		prov.Models[k] = v
	}
	prov.Evolution = ev
	prov.Decontam = nil // the seed was checked, not this child
	prov.Pathway = PathwaySeeds
	parentHash := ""
	if parent.Program != nil {
		parentHash = parent.Program.Hash
	}
	return schemas.Record{
		ID:         hashID("evolve-candidate", parent.Seed.ID, parentHash, op, strconv.Itoa(v)),
		Seed:       parent.Seed,
		Problem:    parent.Problem,
		Origin:     parent.Origin,
		Provenance: prov,
	}
}

func (fn *evolveFn) variant(ctx context.Context, parent schemas.Record, op string, v int) routed {
	child := newChild(parent, op, v)
	if parent.Program == nil || parent.Execution == nil || parent.Execution.Result == nil {
		return fail(child, schemas.StageGenerate, evolve.ReasonNoResult, "the parent has no executed program")
	}
	switch op {
	case evolve.OpPerturbGivens:
		return fn.perturb(ctx, parent, child, v)
	case evolve.OpAddStep, evolve.OpAskOther:
		return fn.llmVariant(ctx, parent, child, op, v)
	}
	return fail(child, schemas.StageGenerate, "evolve_unknown_operator", op)
}

func (fn *evolveFn) setProgram(child *schemas.Record, src, template string, offline *schemas.OfflineText) {
	child.Program = &schemas.Program{
		Source:    src,
		Hash:      sha256Hex(src),
		Template:  template,
		Offline:   offline,
		Evolution: child.Provenance.Evolution,
	}
	child.ID = RecordID(child)
}

func (fn *evolveFn) perturb(ctx context.Context, parent, child schemas.Record, v int) routed {
	p := evolve.Parent{Source: parent.Program.Source, Problem: parent.Problem, Offline: parent.Program.Offline}
	if src := parent.Seed.Source; src != nil && src.Problem != parent.Problem {
		p.Avoid = []string{src.Problem} // never walk back to the seed's numbers
	}
	var last routed
	for attempt := 0; attempt < fn.Cfg.attempts(); attempt++ {
		rng := evolve.RNG(fn.Cfg.RunSeed, parent.Program.Hash, evolve.OpPerturbGivens, strconv.Itoa(v), strconv.Itoa(attempt))
		out, err := evolve.Perturb(p, rng)
		if errors.Is(err, evolve.ErrNoGivens) {
			return fail(child, schemas.StageGenerate, evolve.ReasonNoGivens, err.Error())
		}
		if err != nil {
			return fail(child, schemas.StageGenerate, "evolve_error", err.Error())
		}
		c := child
		c.Problem = out.Problem
		fn.setProgram(&c, out.Source, parent.Program.Template, out.Offline)
		ex := fn.pool.Run(ctx, sandbox.Request{Code: out.Source, Analyze: true})
		c.Execution = &ex
		changes := describeChanges(out.Changes)
		if ex.Status != schemas.StatusOK {
			last = fail(c, schemas.StageExecute, ex.Status, changes+": "+ex.Error)
			continue
		}
		if reason, detail := evolve.CheckPerturbed(parent.Execution, &ex); reason != "" {
			last = fail(c, schemas.StageGenerate, reason, changes+": "+detail)
			continue
		}
		c.ID = RecordID(&c)
		return pass(c)
	}
	last.rec.Rejection.Detail = fmt.Sprintf("%d attempts; last: %s", fn.Cfg.attempts(), last.rec.Rejection.Detail)
	return last
}

func describeChanges(chs []evolve.Change) string {
	parts := make([]string, len(chs))
	for i, c := range chs {
		parts[i] = c.From + "→" + c.To
	}
	return strings.Join(parts, ", ")
}

// topicFor picks the related topic an add_step child is asked to use.
func (fn *evolveFn) topicFor(parent schemas.Record, v int) (prompts.Topic, bool) {
	own := evolve.ProgramTopics(fn.kb, topicIDs(parent.Seed), parent.Execution.Calls)
	rel := evolve.RelatedTopics(fn.kb, own)
	id, ok := evolve.PickRelated(rel, evolve.RNG(fn.Cfg.RunSeed, parent.Program.Hash, evolve.OpAddStep, strconv.Itoa(v)))
	if !ok {
		return prompts.Topic{}, false
	}
	ref, ok := fn.kb.Ref(id)
	if !ok {
		return prompts.Topic{}, false
	}
	t := prompts.Topic{ID: ref.ID, Path: ref.Path}
	if kt, ok := fn.kb.Topic(id); ok {
		t.Description = kt.Description
	}
	for _, name := range ref.Tools {
		tool, ok := fn.kb.Tool(name)
		if !ok || tool.Kind == knowledge.ToolConstant {
			continue
		}
		t.Tools = append(t.Tools, prompts.ToolDoc{Name: name, Signature: tool.Signature, Doc: tool.Doc})
	}
	return t, len(t.Tools) > 0
}

func (fn *evolveFn) llmVariant(ctx context.Context, parent, child schemas.Record, op string, v int) routed {
	vp := evolve.VariantPrompt{Program: parent.Program.Source, Problem: parent.Problem, Exec: *parent.Execution, Variant: v}
	var (
		msgs  []llm.Message
		ver   string
		err   error
		tools []string
		tmpl  string
	)
	if op == evolve.OpAddStep {
		topic, ok := fn.topicFor(parent, v)
		if !ok {
			return fail(child, schemas.StageGenerate, "evolve_no_related_topic", "no related topic with a callable tool")
		}
		for _, t := range topic.Tools {
			tools = append(tools, t.Name)
		}
		msgs, ver, err = evolve.AddStepPrompt(vp, topic)
		tmpl = ver + "@" + topic.ID
	} else {
		msgs, ver, err = evolve.AskOtherPrompt(vp)
		tmpl = ver
	}
	if err != nil {
		return fail(child, schemas.StageGenerate, "evolve_error", err.Error())
	}
	child.Provenance.Generator = BackendLLM
	child.Provenance.PromptVersion = joinVersions(parent.Provenance.PromptVersion, ver)
	child.Provenance.Models["generator"] = fn.Cfg.LLM.Client.Models[llm.RoleGenerator]
	resp, err := fn.client.Complete(ctx, llm.Request{Role: llm.RoleGenerator, PromptVersion: ver, Messages: msgs,
		SampleIndex: v, Item: parent.Program.Hash + "/" + op})
	if err != nil {
		return fn.callFailure(child, schemas.StageGenerate, err)
	}
	fn.spend(&child, llm.RoleGenerator, resp)
	if resp.Truncated() {
		return fail(child, schemas.StageGenerate, "truncated", "the completion hit max_tokens")
	}
	code, draft, err := evolve.ParseVariant(resp.Content)
	if err != nil {
		reason := prompts.Reason(err)
		if reason == "" {
			reason = "unparsable"
		}
		return fail(child, schemas.StageGenerate, reason, err.Error())
	}
	// The model's statement of the new problem is the draft further
	// evolution reads (the parent's would describe another program).
	child.Problem = draft
	fn.setProgram(&child, code, tmpl, nil)
	ex := fn.pool.Run(ctx, sandbox.Request{Code: code, Analyze: true})
	child.Execution = &ex
	if ex.Status != schemas.StatusOK {
		return fail(child, schemas.StageExecute, ex.Status, ex.Error)
	}
	if reason, detail := evolve.CheckVariant(parent.Execution, &ex, tools...); reason != "" {
		return fail(child, schemas.StageGenerate, reason, detail)
	}
	child.ID = RecordID(&child)
	return pass(child)
}
