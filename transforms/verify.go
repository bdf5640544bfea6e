package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&verifyFn{})
}

// VerifyConfig configures bilateral verification.
type VerifyConfig struct {
	Sandbox SandboxConfig `json:"sandbox"`
	// RelTol is the relative tolerance for inexact numeric answers.
	RelTol float64 `json:"rel_tol"`
	// LLM, when set, adds the blind re-solve (and optionally the judge)
	// consistency checks.
	LLM *LLMConfig `json:"llm,omitempty"`
}

// Verify checks each translated record both ways (answer vs program output;
// problem vs program) and routes it to verified or rejected.
func Verify(s beam.Scope, cfg VerifyConfig, translated beam.PCollection) (verified, rejected beam.PCollection) {
	s = s.Scope("Verify")
	return beam.ParDo2(s, &verifyFn{Cfg: cfg}, translated)
}

type verifyFn struct {
	Cfg VerifyConfig `json:"cfg"`

	v    *verify.Verifier
	pool *sandbox.Pool
	llmStage
}

func (fn *verifyFn) Setup(ctx context.Context) error {
	p, err := acquirePool(ctx, fn.Cfg.Sandbox)
	if err != nil {
		return err
	}
	fn.pool = p
	fn.v = &verify.Verifier{Checker: &answer.Checker{Runner: p, RelTol: fn.Cfg.RelTol}}
	if fn.Cfg.LLM != nil && (fn.Cfg.LLM.BlindSolve || fn.Cfg.LLM.Judge) {
		fn.client, err = acquireClient(ctx, fn.Cfg.LLM.Client)
		if err != nil {
			return err
		}
	}
	return nil
}

func (fn *verifyFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	n := 2 * sandbox.DefaultConfig().Workers
	if fn.client != nil {
		n = concurrency(fn.Cfg.LLM.Client)
	}
	fn.inf = newInflight[routed](n)
}

func (fn *verifyFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	if err := fn.err(); err != nil {
		return err
	}
	fn.reportUsage(ctx)
	fn.inf.Go(func() routed { return fn.run(ctx, rec) }, verdictEmitter(ctx, ok, rejected))
	return nil
}

func (fn *verifyFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(verdictEmitter(ctx, ok, rejected))
	fn.reportUsage(ctx)
	return fn.err()
}

func (fn *verifyFn) Teardown() {
	if fn.v != nil {
		releasePool(fn.Cfg.Sandbox)
		fn.v = nil
	}
	if fn.client != nil {
		releaseClient(fn.Cfg.LLM.Client)
		fn.client = nil
	}
}

func (fn *verifyFn) run(ctx context.Context, rec schemas.Record) routed {
	prev := ""
	if rec.Verification != nil {
		prev = rec.Verification.Previous // set when re-verifying a stored row
	}
	var extra []schemas.Check
	if fn.client != nil {
		if fn.Cfg.LLM.BlindSolve {
			extra = append(extra, fn.blindSolve(ctx, &rec))
		}
		if fn.Cfg.LLM.Judge {
			extra = append(extra, fn.judge(ctx, &rec))
		}
		if err := fn.err(); err != nil {
			return fail(rec, schemas.StageVerify, "llm_endpoint_down", err.Error())
		}
	}
	ver := fn.v.Verify(ctx, &rec, extra...)
	ver.Previous = prev
	rec.Verification = &ver
	rec.ID = RecordID(&rec)
	if ver.Verdict != schemas.VerdictAccepted {
		return fail(rec, schemas.StageVerify, verify.Reason(ver), verify.Detail(ver))
	}
	return pass(rec)
}

// Consistency checks that need the LLM.
const (
	CheckBlindSolve = "blind_solve"
	CheckJudge      = "judge"
)

// blindSolve has the solver model write a fresh program from the problem
// alone, runs it, and checks that its output equals the original program's.
func (fn *verifyFn) blindSolve(ctx context.Context, rec *schemas.Record) schemas.Check {
	c := schemas.Check{Name: CheckBlindSolve}
	if rec.Execution == nil || rec.Execution.Result == nil || rec.Problem == "" {
		c.Result, c.Reason = schemas.ResultSkipped, "nothing to re-solve"
		return c
	}
	msgs, ver := prompts.Solve(rec.Problem)
	resp, err := fn.client.Complete(ctx, llm.Request{Role: llm.RoleSolver, PromptVersion: ver, Messages: msgs})
	if err != nil {
		if llm.Fatal(err) {
			fn.setFatal(err)
		}
		c.Result, c.Reason = schemas.ResultUndecided, "solver call failed: "+llm.Reason(err)
		return c
	}
	fn.spend(rec, llm.RoleSolver, resp)
	rec.Provenance.Models["solver"] = fn.Cfg.LLM.Client.Models[llm.RoleSolver]
	rec.Provenance.PromptVersion = joinVersions(rec.Provenance.PromptVersion, ver)
	if resp.Truncated() {
		c.Result, c.Reason = schemas.ResultUndecided, "solver answer unusable: truncated"
		return c
	}
	code, err := prompts.ParseProgram(resp.Content)
	if err != nil {
		c.Result, c.Reason = schemas.ResultUndecided, "solver answer unusable: "+prompts.Reason(err)
		return c
	}
	ex := fn.pool.Run(ctx, sandbox.Request{Code: code})
	if ex.Status != schemas.StatusOK || ex.Result == nil {
		c.Result, c.Reason = schemas.ResultUndecided, "solver program: "+ex.Status+" "+ex.Error
		return c
	}
	out := fn.v.Checker.CompareValue(ctx, ex.Result.Latex, *rec.Execution.Result)
	c.Layer = out.Layer
	switch out.Verdict {
	case answer.Equal:
		c.Result, c.Reason = schemas.ResultPass, "an independent program from the problem alone gets the same answer"
	case answer.NotEqual:
		c.Result, c.Reason = schemas.ResultFail, fmt.Sprintf("the problem, solved blind, gives %s, not %s", ex.Result.Latex, rec.Execution.Result.Latex)
	default:
		c.Result, c.Reason = schemas.ResultUndecided, out.Reason
	}
	return c
}

// judge asks the judge model whether the problem is consistent with the program.
func (fn *verifyFn) judge(ctx context.Context, rec *schemas.Record) schemas.Check {
	c := schemas.Check{Name: CheckJudge}
	if rec.Execution == nil || rec.Program == nil {
		c.Result, c.Reason = schemas.ResultSkipped, "nothing to judge"
		return c
	}
	msgs, ver := prompts.Judge(rec.Problem, rec.Program.Source, *rec.Execution)
	resp, err := fn.client.Complete(ctx, llm.Request{Role: llm.RoleJudge, PromptVersion: ver, Messages: msgs})
	if err != nil {
		if llm.Fatal(err) {
			fn.setFatal(err)
		}
		c.Result, c.Reason = schemas.ResultUndecided, "judge call failed: "+llm.Reason(err)
		return c
	}
	fn.spend(rec, llm.RoleJudge, resp)
	rec.Provenance.Models["judge"] = fn.Cfg.LLM.Client.Models[llm.RoleJudge]
	rec.Provenance.PromptVersion = joinVersions(rec.Provenance.PromptVersion, ver)
	if resp.Truncated() {
		c.Result, c.Reason = schemas.ResultUndecided, "judge answer unusable: truncated"
		return c
	}
	ok, reason, err := prompts.ParseJudge(resp.Content)
	switch {
	case err != nil:
		c.Result, c.Reason = schemas.ResultUndecided, "judge answer unusable: "+prompts.Reason(err)
	case ok:
		c.Result, c.Reason = schemas.ResultPass, reason
	default:
		c.Result, c.Reason = schemas.ResultFail, reason
	}
	return c
}
