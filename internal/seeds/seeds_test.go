package seeds_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/internal/testpool"
	"github.com/arrows-math/arrows/internal/usage"
	"github.com/arrows-math/arrows/schemas"
)

// GSM8K items (openai/grade-school-math, MIT licence): a train item as a
// seed, and a test item, which must be refused as a benchmark seed.
const (
	nataliaProblem  = "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?"
	nataliaSolution = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72"
	wendiProblem    = "Every day, Wendi feeds each of her chickens three cups of mixed chicken feed, containing seeds, mealworms and vegetables to help keep them healthy.  She gives the chickens their feed in three separate meals. In the morning, she gives her flock of chickens 15 cups of feed.  In the afternoon, she gives her chickens another 25 cups of feed.  How many cups of feed does she need to give her chickens in the final meal of the day if the size of Wendi's flock is 20 chickens?"
)

// external is the row `arrows verify` reads from a GSM8K line.
func external(problem, solution, ans string) schemas.Record {
	origin := schemas.Origin{File: "train.jsonl", Line: 1}
	src := &schemas.SourceItem{Problem: problem, Solution: solution, Answer: ans, Origin: origin}
	return row.FromItem(corpus.Item{Origin: origin, Source: src}, schemas.PathwaySeeds)
}

func TestTopicSeedIDIsStable(t *testing.T) {
	// Seed 58 of `arrows generate --seed 1` (its first accepted row).
	ref := schemas.TopicRef{ID: "college.combinatorics.integer_partitions"}
	rec := seeds.Topic(1, 58, []schemas.TopicRef{ref}, env.BackendOffline)
	if rec.Seed.ID != "8ef2bf77fd6709db12dcf534929d88ef" {
		t.Fatalf("seed id %s", rec.Seed.ID)
	}
	if rec.Seed.Pathway != schemas.PathwayTopics || rec.Provenance.Generator != env.BackendOffline || rec.Provenance.RunSeed != 1 || rec.ID != row.ID(&rec) {
		t.Fatalf("%+v", rec)
	}
}

func TestFromRow(t *testing.T) {
	t.Run("an external item keeps its seed id and becomes the source", func(t *testing.T) {
		in := external(nataliaProblem, nataliaSolution, "72")
		rec := seeds.FromRow(in, 4)
		if rec.Seed.ID != in.Seed.ID || rec.Seed.Pathway != schemas.PathwaySeeds || rec.Seed.RunSeed != 4 || rec.Seed.Source.Answer != "72" {
			t.Fatalf("seed %+v", rec.Seed)
		}
		if rec.Program != nil || rec.Provenance.Generator != "" || rec.Problem != nataliaProblem {
			t.Fatalf("%+v", rec)
		}
	})
	t.Run("an arrows triple keeps its program and lineage", func(t *testing.T) {
		ev := &schemas.Evolution{Operator: "perturb_givens", RootID: "root", Depth: 1}
		in := schemas.Record{ID: "triple-1", Problem: "p", Solution: `s \boxed{5}`,
			Program:     &schemas.Program{Source: "def solve():\n    return 5\n", Hash: "h", Evolution: ev},
			FinalAnswer: &schemas.FinalAnswer{Text: "5"}, Origin: &schemas.Origin{File: "accepted/part-0.jsonl", Line: 3},
			Provenance: schemas.Provenance{Generator: "offline", Models: map[string]string{"generator": "offline"}}}
		rec := seeds.FromRow(in, 4)
		if rec.Seed.ID != "triple-1" || rec.Seed.Index != 3 || rec.Seed.Source.Answer != "5" || rec.Seed.Source.Program != in.Program.Source {
			t.Fatalf("seed %+v", rec.Seed)
		}
		if rec.Program.Hash != "h" || rec.Provenance.Evolution != ev || rec.Provenance.Models["generator"] != "offline" {
			t.Fatalf("%+v", rec)
		}
		in.ID = ""
		if again := seeds.FromRow(in, 4); again.Seed.ID != row.Hash("arrows-seed", "accepted/part-0.jsonl", "3", "p") {
			t.Fatalf("a triple without an id: seed id %s", again.Seed.ID)
		}
	})
}

func TestAdmit(t *testing.T) {
	idx, err := decontam.LoadIndex(decontam.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rejectedRow := external(nataliaProblem, nataliaSolution, "72")
	rejectedRow.Rejection = &schemas.Rejection{Stage: "verify", Reason: "answer_match"}
	cases := []struct {
		name   string
		in     schemas.Record
		idx    seeds.Benchmarks
		reason string // "" when admitted
	}{
		{"a train item is admitted", external(nataliaProblem, nataliaSolution, "72"), idx, ""},
		{"a benchmark test item is refused", external(wendiProblem, "", "20"), idx, seeds.ReasonBenchmarkSeed},
		{"without the check a test item passes", external(wendiProblem, "", "20"), nil, ""},
		{"a rejected row seeds nothing", rejectedRow, idx, seeds.ReasonRejectedParent},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := seeds.Admit(c.in, 1, c.idx)
			if c.reason == "" {
				if !o.OK {
					t.Fatalf("refused: %+v", o.Rec.Rejection)
				}
				if (c.idx != nil) != (len(o.Rec.Provenance.Decontam) > 0) {
					t.Fatalf("checked against %v", o.Rec.Provenance.Decontam)
				}
				return
			}
			if o.OK || o.Rec.Rejection.Stage != schemas.StageSeed || o.Rec.Rejection.Reason != c.reason {
				t.Fatalf("got %+v, want %s", o.Rec.Rejection, c.reason)
			}
			if c.reason == seeds.ReasonBenchmarkSeed && !strings.HasPrefix(o.Rec.Rejection.Match, "gsm8k") {
				t.Fatalf("match %q should name the GSM8K item", o.Rec.Rejection.Match)
			}
		})
	}
}

func TestMain(m *testing.M) { testpool.Main(m) }

func withProgram(rec schemas.Record, src string) schemas.Record {
	rec.Program = &schemas.Program{Source: src, Hash: row.SHA256(src), Template: "source"}
	return rec
}

func TestAuditorWithTheSeedsOwnPrograms(t *testing.T) {
	pool := testpool.Get(t)
	a := &seeds.Auditor{Runner: pool, Checker: &answer.Checker{Runner: pool}}
	seed := seeds.FromRow(external(nataliaProblem, nataliaSolution, "72"), 1)
	noAnswer := seeds.FromRow(external(nataliaProblem, nataliaSolution, ""), 1)
	cases := []struct {
		name   string
		rec    schemas.Record
		reason string
		detail string
	}{
		{"a program reproducing the reference answer is kept", withProgram(seed, "def solve():\n    return 48 + 48 // 2\n"), "", ""},
		{"an equal value in another form is kept", withProgram(seed, "from sympy import Rational\n\ndef solve():\n    return Rational(144, 2)\n"), "", ""},
		{"a different answer is a mismatch naming both", withProgram(seed, "def solve():\n    return 48 + 48 * 2\n"), seeds.ReasonSeedMismatch, "returns 144, the reference answer is 72"},
		{"a program that raises fails the audit", withProgram(seed, "def solve():\n    return 1 / 0\n"), "seed_program_error", "ZeroDivisionError"},
		{"a seed without a reference answer", withProgram(noAnswer, "def solve():\n    return 72\n"), seeds.ReasonNoReference, ""},
		{"a seed without a program needs the llm backend", seed, seeds.ReasonNeedsLLM, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := a.Program(context.Background(), c.rec)
			if c.reason == "" {
				if !o.OK || o.Rec.Execution == nil || o.Rec.ID != row.ID(&o.Rec) {
					t.Fatalf("rejected: %+v", o.Rec.Rejection)
				}
				return
			}
			if o.OK || o.Rec.Rejection.Stage != schemas.StageSeed || o.Rec.Rejection.Reason != c.reason || !strings.Contains(o.Rec.Rejection.Detail, c.detail) {
				t.Fatalf("got %+v, want %s (%q)", o.Rec.Rejection, c.reason, c.detail)
			}
		})
	}
}

func TestAuditorWritesProgramsWithTheGenerator(t *testing.T) {
	pool := testpool.Get(t)
	auditor := func(opts llmtest.Options) *seeds.Auditor {
		srv := llmtest.NewServer(opts)
		t.Cleanup(srv.Close)
		client, err := llm.NewClient(context.Background(), srv.ClientConfig())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { client.Close() })
		return &seeds.Auditor{Runner: pool, Checker: &answer.Checker{Runner: pool}, Completer: usage.NewMeter(client), GeneratorModel: "seed-gen"}
	}
	seed := seeds.FromRow(external(nataliaProblem, nataliaSolution, "72"), 1)

	// The test server writes the program from the calculator annotations.
	o := auditor(llmtest.Options{}).Program(context.Background(), seed)
	if !o.OK {
		t.Fatalf("rejected: %+v", o.Rec.Rejection)
	}
	pv := o.Rec.Provenance
	if o.Rec.Program.Template != prompts.SeedProgramVersion || pv.Generator != env.BackendLLM || pv.Models["generator"] != "seed-gen" || o.Rec.Usage["generator"].Calls != 1 {
		t.Fatalf("program %+v, provenance %+v, usage %+v", o.Rec.Program, pv, o.Rec.Usage)
	}

	o = auditor(llmtest.Options{Faults: llmtest.Faults{Truncated: 1}}).Program(context.Background(), seed)
	if o.OK || o.Rec.Rejection.Reason != "seed_program_truncated" {
		t.Fatalf("a truncated answer: %+v", o.Rec.Rejection)
	}
}

func TestSampleKeysOrderSeedsByHash(t *testing.T) {
	a := seeds.KeyOf(schemas.Record{Seed: schemas.Seed{ID: "a"}})
	b := seeds.KeyOf(schemas.Record{Seed: schemas.Seed{ID: "b"}})
	if a == b || seeds.Less(a, b) == seeds.Less(b, a) {
		t.Fatalf("keys %v %v do not order", a, b)
	}
	if seeds.KeyOf(schemas.Record{Seed: schemas.Seed{ID: "a"}}) != a {
		t.Fatal("a key must be a function of the seed id")
	}
	same := seeds.Key{Hash: 1, ID: "x"}
	if !seeds.Less(same, seeds.Key{Hash: 1, ID: "y"}) {
		t.Fatal("equal hashes order by id")
	}
}
