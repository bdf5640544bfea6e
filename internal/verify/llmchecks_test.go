package verify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/testpool"
	"github.com/arrows-math/arrows/internal/usage"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// The program behind the rows under test and the problem it was translated to.
const (
	sixSeven   = "def solve():\n    return 6 * 7\n"
	sixProblem = "A box holds 6 rows of 7 apples. How many apples are in the box?"
)

// models answers the solve and judge prompts as the test case says.
type models struct {
	solve, judge string
}

func (m models) Respond(kind string, _ []llm.Message) (string, error) {
	switch kind {
	case prompts.KindSolve:
		return m.solve, nil
	case prompts.KindJudge:
		return m.judge, nil
	}
	return "", nil
}

func fenced(code string) string { return "```python\n" + code + "```" }

func TestMain(m *testing.M) { testpool.Main(m) }

// executedRow is a translated row whose program ran in pool.
func executedRow(t *testing.T, pool *sandbox.Pool) schemas.Record {
	t.Helper()
	ex := pool.Run(context.Background(), sandbox.Request{Code: sixSeven, Analyze: true})
	if ex.Status != schemas.StatusOK {
		t.Fatalf("program: %s %s", ex.Status, ex.Error)
	}
	return schemas.Record{
		ID:         "r1",
		Program:    &schemas.Program{Source: sixSeven, Hash: "h"},
		Execution:  &ex,
		Problem:    sixProblem,
		Solution:   "There are $6 \\cdot 7 = 42$ apples. The answer is $\\boxed{42}$",
		Provenance: schemas.Provenance{Models: map[string]string{"generator": "g"}, PromptVersion: "generate-v1"},
	}
}

// checker builds LLMChecks against a test server answering with m.
func checker(t *testing.T, pool *sandbox.Pool, m models, opts llmtest.Options, blind, judge bool) (*verify.LLMChecks, *usage.Meter, *llmtest.Server) {
	t.Helper()
	opts.Responder = m
	srv := llmtest.NewServer(opts)
	t.Cleanup(srv.Close)
	cfg := srv.ClientConfig()
	cfg.Models[llm.RoleSolver] = "test-solver"
	cfg.Models[llm.RoleJudge] = "test-judge"
	client, err := llm.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	meter := usage.NewMeter(client)
	return &verify.LLMChecks{
		Completer:  meter,
		Runner:     pool,
		Checker:    &answer.Checker{Runner: pool},
		Models:     cfg.Models,
		BlindSolve: blind,
		Judge:      judge,
	}, meter, srv
}

func TestBlindSolve(t *testing.T) {
	pool := testpool.Get(t)
	cases := []struct {
		name       string
		solver     string
		result     string
		reasonPart string
	}{
		{"an independent program with the same answer passes", fenced("def solve():\n    return 7 * 6\n"),
			schemas.ResultPass, "same answer"},
		{"a different answer fails and names both answers", fenced("def solve():\n    return 6 + 7\n"),
			schemas.ResultFail, "gives 13, not 42"},
		{"a solver program that raises is undecided", fenced("def solve():\n    raise ValueError('no')\n"),
			schemas.ResultUndecided, "solver program: error"},
		{"an answer without a program is undecided", "I think it is 42.",
			schemas.ResultUndecided, "solver answer unusable: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lc, _, _ := checker(t, pool, models{solve: c.solver}, llmtest.Options{}, true, false)
			rec := executedRow(t, pool)
			got := lc.Checks(context.Background(), &rec)
			if len(got) != 1 || got[0].Name != verify.CheckBlindSolve {
				t.Fatalf("checks %+v: want one blind_solve", got)
			}
			if got[0].Result != c.result || !strings.Contains(got[0].Reason, c.reasonPart) {
				t.Fatalf("got %s (%s), want %s containing %q", got[0].Result, got[0].Reason, c.result, c.reasonPart)
			}
			if rec.Provenance.Models["solver"] != "test-solver" || rec.Provenance.PromptVersion != "generate-v1+"+prompts.SolveVersion {
				t.Fatalf("provenance %+v: want the solver model and prompt recorded", rec.Provenance)
			}
			if u := rec.Usage["solver"]; u.Calls != 1 || u.PromptTokens == 0 {
				t.Fatalf("usage %+v: want the call charged to the row", rec.Usage)
			}
		})
	}
}

func TestBlindSolveSkipsRowsWithNothingToSolve(t *testing.T) {
	pool := testpool.Get(t)
	lc, _, srv := checker(t, pool, models{}, llmtest.Options{}, true, true)
	rec := schemas.Record{Problem: sixProblem}
	got := lc.Checks(context.Background(), &rec)
	if len(got) != 2 || got[0].Result != schemas.ResultSkipped || got[1].Result != schemas.ResultSkipped {
		t.Fatalf("checks %+v: want both skipped", got)
	}
	if srv.Total() != 0 {
		t.Fatalf("%d requests sent for a row without a program", srv.Total())
	}
}

func TestJudge(t *testing.T) {
	pool := testpool.Get(t)
	cases := []struct {
		name   string
		answer string
		result string
		reason string
	}{
		{"a consistent verdict passes with the model's reason", `{"consistent": true, "reason": "same quantities"}`, schemas.ResultPass, "same quantities"},
		{"an inconsistent verdict fails", `{"consistent": "no", "reason": "asks for pears"}`, schemas.ResultFail, "asks for pears"},
		{"an answer without a verdict is undecided", `{"reason": "hmm"}`, schemas.ResultUndecided, "judge answer unusable: " + prompts.ReasonMissingVerdict},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lc, _, _ := checker(t, pool, models{judge: c.answer}, llmtest.Options{}, false, true)
			rec := executedRow(t, pool)
			got := lc.Checks(context.Background(), &rec)
			if len(got) != 1 || got[0].Name != verify.CheckJudge {
				t.Fatalf("checks %+v: want one judge check", got)
			}
			if got[0].Result != c.result || got[0].Reason != c.reason {
				t.Fatalf("got %s (%q), want %s (%q)", got[0].Result, got[0].Reason, c.result, c.reason)
			}
			if rec.Provenance.Models["judge"] != "test-judge" {
				t.Fatalf("judge model not recorded: %+v", rec.Provenance.Models)
			}
		})
	}
}

// A refused endpoint is fatal for the run: the check is undecided, the
// meter keeps the error for the stage, and nothing is charged.
func TestRefusedEndpointIsUndecidedAndFatal(t *testing.T) {
	pool := testpool.Get(t)
	lc, meter, _ := checker(t, pool, models{solve: fenced(sixSeven)}, llmtest.Options{RequireKey: "sk-needed"}, true, false)
	rec := executedRow(t, pool)
	got := lc.Checks(context.Background(), &rec)
	if got[0].Result != schemas.ResultUndecided || got[0].Reason != "solver call failed: "+llm.KindRefused {
		t.Fatalf("got %s (%s)", got[0].Result, got[0].Reason)
	}
	if !llm.Fatal(meter.Err()) {
		t.Fatalf("meter error %v: want the fatal refusal", meter.Err())
	}
	if len(rec.Usage) != 0 || rec.Provenance.Models["solver"] != "" {
		t.Fatalf("a failed call was charged or recorded: %+v %+v", rec.Usage, rec.Provenance.Models)
	}
}
