package evolve_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/testpool"
	"github.com/arrows-math/arrows/internal/usage"
	"github.com/arrows-math/arrows/schemas"
)

// A GSM8K train item (openai/grade-school-math, MIT licence) and a program
// for it.
const (
	clipsProblem = "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?"
	clipsProgram = "def solve():\n    april = 48\n    may = april // 2\n    return april + may\n"
)

func TestMain(m *testing.M) { testpool.Main(m) }

// parentRow is an executed seed row of the seeds pathway.
func parentRow(t *testing.T, pool *sandbox.Pool, problem, program string) schemas.Record {
	t.Helper()
	ex := pool.Run(context.Background(), sandbox.Request{Code: program, Analyze: true})
	if ex.Status != schemas.StatusOK {
		t.Fatalf("parent program: %s %s", ex.Status, ex.Error)
	}
	return schemas.Record{
		ID:        "parent",
		Seed:      schemas.Seed{ID: "seed-1", Pathway: schemas.PathwaySeeds, Source: &schemas.SourceItem{Problem: problem}},
		Problem:   problem,
		Program:   &schemas.Program{Source: program, Hash: row.SHA256(program), Template: "source"},
		Execution: &ex,
		Provenance: schemas.Provenance{Generator: "llm", Models: map[string]string{"generator": "g"}, PromptVersion: "seed-program-v1",
			Pathway: schemas.PathwaySeeds, Decontam: []string{"gsm8k-test@v"}},
	}
}

func TestNewChildRecordsItsLineage(t *testing.T) {
	parent := schemas.Record{Seed: schemas.Seed{ID: "seed-1"}, Problem: "draft", Program: &schemas.Program{Hash: "ph"},
		Provenance: schemas.Provenance{Models: map[string]string{"generator": "g"}, Decontam: []string{"x"}}}
	child := evolve.NewChild(parent, evolve.OpAskOther, 2)
	ev := child.Provenance.Evolution
	if ev.Operator != evolve.OpAskOther || ev.ParentID != "ph" || ev.RootID != "seed-1" || ev.Depth != 1 || ev.Variant != 2 {
		t.Fatalf("evolution %+v", ev)
	}
	if child.Problem != "draft" || child.Provenance.Decontam != nil || child.Provenance.Pathway != schemas.PathwaySeeds {
		t.Fatalf("child %+v", child)
	}
	child.Provenance.Models["generator"] = "other"
	if parent.Provenance.Models["generator"] != "g" {
		t.Fatal("the child shares its parent's models map")
	}
	if child.ID != row.Hash("evolve-candidate", "seed-1", "ph", evolve.OpAskOther, "2") {
		t.Fatalf("candidate id %s", child.ID)
	}
	grandchild := evolve.NewChild(schemas.Record{Seed: parent.Seed, Program: &schemas.Program{Hash: "ch", Evolution: ev}}, evolve.OpPerturbGivens, 0)
	if g := grandchild.Provenance.Evolution; g.Depth != 2 || g.RootID != "seed-1" || g.ParentID != "ch" {
		t.Fatalf("grandchild %+v", g)
	}
}

func TestPerturbGivens(t *testing.T) {
	pool := testpool.Get(t)
	ev := &evolve.Evolver{Runner: pool, RunSeed: 3}
	ctx := context.Background()

	t.Run("a child with new givens and a new answer passes", func(t *testing.T) {
		parent := parentRow(t, pool, clipsProblem, clipsProgram)
		o := ev.Child(ctx, parent, evolve.OpPerturbGivens, 0)
		if !o.OK {
			t.Fatalf("rejected: %+v", o.Rec.Rejection)
		}
		c := o.Rec
		if c.Program.Source == parent.Program.Source || c.Problem == parent.Problem || c.Execution.Result.Latex == parent.Execution.Result.Latex {
			t.Fatalf("nothing changed: %q → %q", parent.Problem, c.Problem)
		}
		if c.Program.Evolution == nil || c.Program.Evolution.ParentID != parent.Program.Hash || c.ID != row.ID(&c) || c.Program.Hash != row.SHA256(c.Program.Source) {
			t.Fatalf("program %+v, id %s", c.Program, c.ID)
		}
		again := ev.Child(ctx, parent, evolve.OpPerturbGivens, 0)
		if again.Rec.Program.Source != c.Program.Source {
			t.Fatal("perturbations must be reproducible from the run seed")
		}
	})
	t.Run("a problem stating no numbers has no givens", func(t *testing.T) {
		parent := parentRow(t, pool, "How many clips did Natalia sell?", clipsProgram)
		o := ev.Child(ctx, parent, evolve.OpPerturbGivens, 0)
		if o.OK || o.Rec.Rejection.Reason != evolve.ReasonNoGivens || o.Rec.Rejection.Stage != schemas.StageGenerate {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
	t.Run("every attempt failing reports the attempts and the last failure", func(t *testing.T) {
		unchanged := "def solve():\n    april = 48\n    return 7\n"
		parent := parentRow(t, pool, "Natalia sold clips to 48 of her friends. How many weeks are in a month and a half?", unchanged)
		short := &evolve.Evolver{Runner: pool, RunSeed: 3, Attempts: 3}
		o := short.Child(ctx, parent, evolve.OpPerturbGivens, 1)
		if o.OK || o.Rec.Rejection.Reason != evolve.ReasonAnswerUnchanged || !strings.HasPrefix(o.Rec.Rejection.Detail, "3 attempts; last: 48→") {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
	t.Run("a parent without a result gives no children", func(t *testing.T) {
		parent := parentRow(t, pool, clipsProblem, clipsProgram)
		parent.Execution = nil
		if o := ev.Child(ctx, parent, evolve.OpPerturbGivens, 0); o.OK || o.Rec.Rejection.Reason != evolve.ReasonNoResult {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
	t.Run("an unknown operator is rejected", func(t *testing.T) {
		parent := parentRow(t, pool, clipsProblem, clipsProgram)
		if o := ev.Child(ctx, parent, "rewrite_everything", 0); o.OK || o.Rec.Rejection.Reason != "evolve_unknown_operator" {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
	t.Run("an LLM operator without a model is rejected", func(t *testing.T) {
		parent := parentRow(t, pool, clipsProblem, clipsProgram)
		if o := ev.Child(ctx, parent, evolve.OpAskOther, 0); o.OK || o.Rec.Rejection.Reason != "evolve_needs_llm" {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
}

// llmEvolver answers every operator prompt with answer.
func llmEvolver(t *testing.T, pool *sandbox.Pool, answer func(kind string, msgs []llm.Message) string) *evolve.Evolver {
	t.Helper()
	srv := llmtest.NewServer(llmtest.Options{Responder: llmtest.ResponderFunc(func(kind string, msgs []llm.Message) (string, error) {
		return answer(kind, msgs), nil
	})})
	t.Cleanup(srv.Close)
	client, err := llm.NewClient(context.Background(), srv.ClientConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &evolve.Evolver{Runner: pool, Completer: usage.NewMeter(client), KB: kb, GeneratorModel: "evolver", RunSeed: 3}
}

func TestLLMOperators(t *testing.T) {
	pool := testpool.Get(t)
	ctx := context.Background()
	parent := parentRow(t, pool, clipsProblem, clipsProgram)
	parent.Seed.Topics = []schemas.TopicRef{{ID: "primary.arithmetic.multiplication_division"}}

	t.Run("ask_other: a new quantity of the same situation", func(t *testing.T) {
		ev := llmEvolver(t, pool, func(kind string, _ []llm.Message) string {
			if kind != evolve.KindAskOther {
				return "wrong prompt " + kind
			}
			return "```python\ndef solve():\n    april = 48\n    may = april // 2\n    return april - may\n```\nNew problem: How many more clips did Natalia sell in April than in May?"
		})
		o := ev.Child(ctx, parent, evolve.OpAskOther, 0)
		if !o.OK {
			t.Fatalf("rejected: %+v", o.Rec.Rejection)
		}
		c := o.Rec
		if c.Problem != "How many more clips did Natalia sell in April than in May?" || c.Execution.Result.Latex != "24" {
			t.Fatalf("draft %q, answer %s", c.Problem, c.Execution.Result.Latex)
		}
		pv := c.Provenance
		if c.Program.Template != evolve.AskOtherVersion || pv.Generator != env.BackendLLM || pv.Models["generator"] != "evolver" ||
			pv.PromptVersion != "seed-program-v1+"+evolve.AskOtherVersion || c.Usage["generator"].Calls != 1 {
			t.Fatalf("program %+v, provenance %+v, usage %+v", c.Program, pv, c.Usage)
		}
	})
	t.Run("ask_other: the same answer is no new problem", func(t *testing.T) {
		ev := llmEvolver(t, pool, func(string, []llm.Message) string {
			return "```python\ndef solve():\n    return 72\n```\nNew problem: same."
		})
		if o := ev.Child(ctx, parent, evolve.OpAskOther, 0); o.OK || o.Rec.Rejection.Reason != evolve.ReasonAnswerUnchanged {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
	t.Run("add_step: the program must call a tool of the related topic", func(t *testing.T) {
		var asked []string
		ev := llmEvolver(t, pool, func(kind string, msgs []llm.Message) string {
			asked = evolve.ToolsOf(msgs)
			return "```python\ndef solve():\n    return 72 * 2\n```\nNew problem: twice as many?"
		})
		topic, ok := evolve.TopicFor(ev.KB, ev.RunSeed, parent, 0)
		if !ok || len(topic.Tools) == 0 {
			t.Fatal("no related topic with a callable tool")
		}
		o := ev.Child(ctx, parent, evolve.OpAddStep, 0)
		if o.OK || o.Rec.Rejection.Reason != evolve.ReasonToolUnused {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
		if len(asked) == 0 || asked[0] != topic.Tools[0].Name || o.Rec.Program.Template != evolve.AddStepVersion+"@"+topic.ID {
			t.Fatalf("asked for tools %v of %s; template %s", asked, topic.ID, o.Rec.Program.Template)
		}
	})
	t.Run("an unusable answer is rejected with the parser's reason", func(t *testing.T) {
		ev := llmEvolver(t, pool, func(string, []llm.Message) string { return "I'm sorry, but I can't help with that request." })
		if o := ev.Child(ctx, parent, evolve.OpAskOther, 0); o.OK || o.Rec.Rejection.Reason != prompts.ReasonRefusal {
			t.Fatalf("got %+v", o.Rec.Rejection)
		}
	})
}
