package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// Consistency checks that need an LLM (names of schemas.Check).
const (
	CheckBlindSolve = "blind_solve"
	CheckJudge      = "judge"
)

// Completer is the LLM call: it completes req on behalf of rec, charging
// the response's usage to rec (usage.Meter).
type Completer interface {
	Complete(ctx context.Context, rec *schemas.Record, req llm.Request) (llm.Response, error)
}

// Runner runs a program in the sandbox (*sandbox.Pool).
type Runner interface {
	Run(ctx context.Context, req sandbox.Request) schemas.Execution
}

// LLMChecks are the consistency checks of the problem against the program
// that ask a model: the blind re-solve (the solver model writes a fresh
// program from the problem alone; it must get the program's answer) and
// the judge (the judge model reads problem and program). Their results
// join the bilateral checks as extra checks of Verifier.Verify.
type LLMChecks struct {
	Completer Completer
	// Runner runs the solver's program.
	Runner Runner
	// Checker compares the solver's answer with the program's.
	Checker *answer.Checker
	// Models names the model of each role, for the row's provenance.
	Models map[llm.Role]string
	// BlindSolve and Judge select the checks.
	BlindSolve, Judge bool
}

// Checks runs the selected checks on rec, recording the models and prompt
// versions used in its provenance. A failed call gives an undecided check,
// never an error: a fatal endpoint error is the Completer's to report.
func (c *LLMChecks) Checks(ctx context.Context, rec *schemas.Record) []schemas.Check {
	var out []schemas.Check
	if c.BlindSolve {
		out = append(out, c.blindSolve(ctx, rec))
	}
	if c.Judge {
		out = append(out, c.judge(ctx, rec))
	}
	return out
}

// ask sends one request of role for rec and records the model and prompt
// version on success; an error or a truncated answer gives the reason the
// check is undecided.
func (c *LLMChecks) ask(ctx context.Context, rec *schemas.Record, role llm.Role, what string, msgs []llm.Message, ver string) (llm.Response, string) {
	resp, err := c.Completer.Complete(ctx, rec, llm.Request{Role: role, PromptVersion: ver, Messages: msgs})
	if err != nil {
		return resp, what + " call failed: " + llm.Reason(err)
	}
	if rec.Provenance.Models == nil {
		rec.Provenance.Models = map[string]string{}
	}
	rec.Provenance.Models[string(role)] = c.Models[role]
	rec.Provenance.PromptVersion = prompts.JoinVersions(rec.Provenance.PromptVersion, ver)
	if resp.Truncated() {
		return resp, what + " answer unusable: truncated"
	}
	return resp, ""
}

// blindSolve has the solver model write a fresh program from the problem
// alone, runs it, and checks that its output equals the original program's.
func (c *LLMChecks) blindSolve(ctx context.Context, rec *schemas.Record) schemas.Check {
	ch := schemas.Check{Name: CheckBlindSolve}
	if rec.Execution == nil || rec.Execution.Result == nil || rec.Problem == "" {
		ch.Result, ch.Reason = schemas.ResultSkipped, "nothing to re-solve"
		return ch
	}
	msgs, ver := prompts.Solve(rec.Problem)
	resp, undecided := c.ask(ctx, rec, llm.RoleSolver, "solver", msgs, ver)
	if undecided != "" {
		ch.Result, ch.Reason = schemas.ResultUndecided, undecided
		return ch
	}
	code, err := prompts.ParseProgram(resp.Content)
	if err != nil {
		ch.Result, ch.Reason = schemas.ResultUndecided, "solver answer unusable: "+prompts.Reason(err)
		return ch
	}
	ex := c.Runner.Run(ctx, sandbox.Request{Code: code})
	if ex.Status != schemas.StatusOK || ex.Result == nil {
		ch.Result, ch.Reason = schemas.ResultUndecided, "solver program: "+ex.Status+" "+ex.Error
		return ch
	}
	out := c.Checker.CompareValue(ctx, ex.Result.Latex, *rec.Execution.Result)
	ch.Layer = out.Layer
	switch out.Verdict {
	case answer.Equal:
		ch.Result, ch.Reason = schemas.ResultPass, "an independent program from the problem alone gets the same answer"
	case answer.NotEqual:
		ch.Result, ch.Reason = schemas.ResultFail, fmt.Sprintf("the problem, solved blind, gives %s, not %s", ex.Result.Latex, rec.Execution.Result.Latex)
	default:
		ch.Result, ch.Reason = schemas.ResultUndecided, out.Reason
	}
	return ch
}

// judge asks the judge model whether the problem is consistent with the
// program.
func (c *LLMChecks) judge(ctx context.Context, rec *schemas.Record) schemas.Check {
	ch := schemas.Check{Name: CheckJudge}
	if rec.Execution == nil || rec.Program == nil {
		ch.Result, ch.Reason = schemas.ResultSkipped, "nothing to judge"
		return ch
	}
	msgs, ver := prompts.Judge(rec.Problem, rec.Program.Source, *rec.Execution)
	resp, undecided := c.ask(ctx, rec, llm.RoleJudge, "judge", msgs, ver)
	if undecided != "" {
		ch.Result, ch.Reason = schemas.ResultUndecided, undecided
		return ch
	}
	ok, reason, err := prompts.ParseJudge(resp.Content)
	switch {
	case err != nil:
		ch.Result, ch.Reason = schemas.ResultUndecided, "judge answer unusable: "+prompts.Reason(err)
	case ok:
		ch.Result, ch.Reason = schemas.ResultPass, reason
	default:
		ch.Result, ch.Reason = schemas.ResultFail, reason
	}
	return ch
}

// BudgetStopped returns the reason of the first check left undecided
// because the run's LLM budget was spent before its call could start
// (llm.KindBudget), and whether there is one: such a row could not
// finish and is rejected at stage budget, not judged.
func BudgetStopped(checks []schemas.Check) (string, bool) {
	for _, c := range checks {
		if c.Result == schemas.ResultUndecided && strings.HasSuffix(c.Reason, " call failed: "+llm.KindBudget) {
			return c.Reason, true
		}
	}
	return "", false
}
