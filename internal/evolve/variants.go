package evolve

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// Runner runs a program in the sandbox (*sandbox.Pool).
type Runner interface {
	Run(ctx context.Context, req sandbox.Request) schemas.Execution
}

// Completer is the LLM call: it completes req on behalf of rec, charging
// the response's usage to rec (usage.Meter).
type Completer interface {
	Complete(ctx context.Context, rec *schemas.Record, req llm.Request) (llm.Response, error)
}

// DefaultAttempts is how many perturbations a perturb_givens child tries
// when Evolver.Attempts is not set.
const DefaultAttempts = 6

// Evolver makes the evolved children of executed parent rows.
type Evolver struct {
	// Runner executes every child's program.
	Runner Runner
	// Completer, KB and GeneratorModel serve the LLM operators (add_step,
	// ask_other); without a Completer those children are rejected.
	Completer      Completer
	KB             *knowledge.KB
	GeneratorModel string
	// RunSeed makes the perturbations and topic choices reproducible.
	RunSeed int64
	// Attempts bounds the perturbations tried per perturb_givens child
	// until one passes CheckPerturbed (0: DefaultAttempts).
	Attempts int
}

func (e *Evolver) attempts() int {
	if e.Attempts <= 0 {
		return DefaultAttempts
	}
	return e.Attempts
}

// Child makes variant v of the children of parent by operator op, executed
// and checked. A child that passes carries a program with its evolution
// record, its execution, and a draft of its problem; a failed one is
// rejected at stage "generate" (an operator failure: LLM errors,
// evolve_no_givens, evolve_answer_unchanged, evolve_answer_type_changed,
// evolve_structure_changed, evolve_tool_unused, …) or "execute" (the last
// program did not run).
func (e *Evolver) Child(ctx context.Context, parent schemas.Record, op string, v int) row.Outcome {
	child := NewChild(parent, op, v)
	if parent.Program == nil || parent.Execution == nil || parent.Execution.Result == nil {
		return row.Fail(child, schemas.StageGenerate, ReasonNoResult, "the parent has no executed program")
	}
	switch op {
	case OpPerturbGivens:
		return e.perturb(ctx, parent, child, v)
	case OpAddStep, OpAskOther:
		return e.llmVariant(ctx, parent, child, op, v)
	}
	return row.Fail(child, schemas.StageGenerate, "evolve_unknown_operator", op)
}

// NewChild starts the row of variant v of the children of parent made by
// op: same seed and origin, the parent's problem text as a draft, no
// solution, execution or verdicts, and the evolution record (operator,
// parent program hash, root seed id, depth, variant). Until it has a
// program its id is a hash of (seed, parent program, operator, variant).
func NewChild(parent schemas.Record, op string, v int) schemas.Record {
	ev := &schemas.Evolution{Operator: op, RootID: row.RootID(&parent), Depth: depthOf(&parent) + 1, Variant: v}
	parentHash := ""
	if parent.Program != nil {
		parentHash = parent.Program.Hash
		ev.ParentID = parentHash
	}
	prov := parent.Provenance
	prov.Models = map[string]string{}
	for k, m := range parent.Provenance.Models {
		prov.Models[k] = m
	}
	prov.Evolution = ev
	prov.Decontam = nil // the seed was checked, not this child
	prov.Pathway = schemas.PathwaySeeds
	return schemas.Record{
		ID:         row.Hash("evolve-candidate", parent.Seed.ID, parentHash, op, strconv.Itoa(v)),
		Seed:       parent.Seed,
		Problem:    parent.Problem,
		Origin:     parent.Origin,
		Provenance: prov,
	}
}

func depthOf(rec *schemas.Record) int {
	if rec.Program != nil && rec.Program.Evolution != nil {
		return rec.Program.Evolution.Depth
	}
	return 0
}

// setProgram gives the child its program (with its evolution record) and
// the id that goes with it.
func setProgram(child *schemas.Record, src, template string, offline *schemas.OfflineText) {
	child.Program = &schemas.Program{
		Source:    src,
		Hash:      row.SHA256(src),
		Template:  template,
		Offline:   offline,
		Evolution: child.Provenance.Evolution,
	}
	child.ID = row.ID(child)
}

// perturb tries up to attempts perturbations of the parent's givens until
// one runs and passes CheckPerturbed; the last failure is returned when
// none does.
func (e *Evolver) perturb(ctx context.Context, parent, child schemas.Record, v int) row.Outcome {
	p := Parent{Source: parent.Program.Source, Problem: parent.Problem, Offline: parent.Program.Offline}
	if src := parent.Seed.Source; src != nil && src.Problem != parent.Problem {
		p.Avoid = []string{src.Problem} // never walk back to the seed's numbers
	}
	var last row.Outcome
	for attempt := 0; attempt < e.attempts(); attempt++ {
		rng := RNG(e.RunSeed, parent.Program.Hash, OpPerturbGivens, strconv.Itoa(v), strconv.Itoa(attempt))
		out, err := Perturb(p, rng)
		if errors.Is(err, ErrNoGivens) {
			return row.Fail(child, schemas.StageGenerate, ReasonNoGivens, err.Error())
		}
		if err != nil {
			return row.Fail(child, schemas.StageGenerate, "evolve_error", err.Error())
		}
		c := child
		c.Problem = out.Problem
		setProgram(&c, out.Source, parent.Program.Template, out.Offline)
		ex := e.Runner.Run(ctx, sandbox.Request{Code: out.Source, Analyze: true})
		c.Execution = &ex
		changes := describeChanges(out.Changes)
		if ex.Status != schemas.StatusOK {
			last = row.Fail(c, schemas.StageExecute, ex.Status, changes+": "+ex.Error)
			continue
		}
		if reason, detail := CheckPerturbed(parent.Execution, &ex); reason != "" {
			last = row.Fail(c, schemas.StageGenerate, reason, changes+": "+detail)
			continue
		}
		c.ID = row.ID(&c)
		return row.Pass(c)
	}
	last.Rec.Rejection.Detail = fmt.Sprintf("%d attempts; last: %s", e.attempts(), last.Rec.Rejection.Detail)
	return last
}

func describeChanges(chs []Change) string {
	parts := make([]string, len(chs))
	for i, c := range chs {
		parts[i] = c.From + "→" + c.To
	}
	return strings.Join(parts, ", ")
}

// TopicFor picks the related topic variant v of an add_step child of
// parent is asked to use (see RelatedTopics): a reproducible draw among
// the topics related to the parent's, described with its callable tools.
// It reports false when no related topic has a callable tool.
func TopicFor(kb *knowledge.KB, runSeed int64, parent schemas.Record, v int) (prompts.Topic, bool) {
	own := ProgramTopics(kb, row.TopicIDs(parent.Seed), parent.Execution.Calls)
	rel := RelatedTopics(kb, own)
	id, ok := PickRelated(rel, RNG(runSeed, parent.Program.Hash, OpAddStep, strconv.Itoa(v)))
	if !ok {
		return prompts.Topic{}, false
	}
	ref, ok := kb.Ref(id)
	if !ok {
		return prompts.Topic{}, false
	}
	t := prompts.Topic{ID: ref.ID, Path: ref.Path}
	if kt, ok := kb.Topic(id); ok {
		t.Description = kt.Description
	}
	for _, name := range ref.Tools {
		tool, ok := kb.Tool(name)
		if !ok || tool.Kind == knowledge.ToolConstant {
			continue
		}
		t.Tools = append(t.Tools, prompts.ToolDoc{Name: name, Signature: tool.Signature, Doc: tool.Doc})
	}
	return t, len(t.Tools) > 0
}

// llmVariant asks the generator model for an add_step or ask_other child,
// runs it and checks that it answers differently (CheckVariant; add_step
// children must also call one of the new topic's tools).
func (e *Evolver) llmVariant(ctx context.Context, parent, child schemas.Record, op string, v int) row.Outcome {
	if e.Completer == nil {
		return row.Fail(child, schemas.StageGenerate, "evolve_needs_llm", "operator "+op+" needs the llm backend")
	}
	vp := VariantPrompt{Program: parent.Program.Source, Problem: parent.Problem, Exec: *parent.Execution, Variant: v}
	var (
		msgs  []llm.Message
		ver   string
		err   error
		tools []string
		tmpl  string
	)
	if op == OpAddStep {
		topic, ok := TopicFor(e.KB, e.RunSeed, parent, v)
		if !ok {
			return row.Fail(child, schemas.StageGenerate, "evolve_no_related_topic", "no related topic with a callable tool")
		}
		for _, t := range topic.Tools {
			tools = append(tools, t.Name)
		}
		msgs, ver, err = AddStepPrompt(vp, topic)
		tmpl = ver + "@" + topic.ID
	} else {
		msgs, ver, err = AskOtherPrompt(vp)
		tmpl = ver
	}
	if err != nil {
		return row.Fail(child, schemas.StageGenerate, "evolve_error", err.Error())
	}
	child.Provenance.Generator = env.BackendLLM
	child.Provenance.PromptVersion = prompts.JoinVersions(parent.Provenance.PromptVersion, ver)
	child.Provenance.Models["generator"] = e.GeneratorModel
	resp, err := e.Completer.Complete(ctx, &child, llm.Request{Role: llm.RoleGenerator, PromptVersion: ver, Messages: msgs,
		SampleIndex: v, Item: parent.Program.Hash + "/" + op})
	if err != nil {
		return row.Fail(child, schemas.StageGenerate, "llm_"+llm.Reason(err), err.Error())
	}
	if resp.Truncated() {
		return row.Fail(child, schemas.StageGenerate, "truncated", "the completion hit max_tokens")
	}
	code, draft, err := ParseVariant(resp.Content)
	if err != nil {
		return row.Fail(child, schemas.StageGenerate, prompts.ReasonOr(err, "unparsable"), err.Error())
	}
	// The model's statement of the new problem is the draft further
	// evolution reads (the parent's would describe another program).
	child.Problem = draft
	setProgram(&child, code, tmpl, nil)
	ex := e.Runner.Run(ctx, sandbox.Request{Code: code, Analyze: true})
	child.Execution = &ex
	if ex.Status != schemas.StatusOK {
		return row.Fail(child, schemas.StageExecute, ex.Status, ex.Error)
	}
	if reason, detail := CheckVariant(parent.Execution, &ex, tools...); reason != "" {
		return row.Fail(child, schemas.StageGenerate, reason, detail)
	}
	child.ID = row.ID(&child)
	return row.Pass(child)
}
