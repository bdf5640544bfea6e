package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	registerStage[*verifyStage]()
}

// Verify checks each translated record both ways (answer vs program output;
// problem vs program, with the blind re-solve and judge of e.LLM when they
// are on: verify.LLMChecks) and routes it to verified or rejected (stage
// "verify", the first failed check as the reason). A row being
// re-verified keeps its earlier verdict in Verification.Previous.
func Verify(s beam.Scope, e env.Env, translated beam.PCollection) (verified, rejected beam.PCollection) {
	return apply(s, "Verify", &verifyStage{Env: e}, translated)
}

type verifyStage struct {
	Env env.Env `json:"env"`

	v      *verify.Verifier
	checks *verify.LLMChecks // nil: no LLM checks
	res    *resources
}

func (st *verifyStage) setup(ctx context.Context, res *resources) error {
	pool, checker, err := res.checker(ctx, st.Env)
	if err != nil {
		return err
	}
	st.v = &verify.Verifier{Checker: checker}
	st.res = res
	if l := st.Env.LLM; l != nil && (l.BlindSolve || l.Judge) {
		meter, err := res.llm(ctx, l)
		if err != nil {
			return err
		}
		st.checks = &verify.LLMChecks{Completer: meter, Runner: pool, Checker: checker, Models: l.Client.Models, BlindSolve: l.BlindSolve, Judge: l.Judge}
	}
	return nil
}

func (st *verifyStage) window() int {
	if st.checks != nil {
		return st.Env.LLM.Concurrency()
	}
	return 2 * st.Env.Sandbox.Servers()
}

func (st *verifyStage) funnel() string { return "verified" }

func (st *verifyStage) tally(ctx context.Context, o row.Outcome) { countVerdictChange(ctx, o) }

func (st *verifyStage) start(ctx context.Context, rec schemas.Record) []func() row.Outcome {
	return []func() row.Outcome{func() row.Outcome { return st.run(ctx, rec) }}
}

func (st *verifyStage) run(ctx context.Context, rec schemas.Record) row.Outcome {
	var extra []schemas.Check
	if st.checks != nil {
		extra = st.checks.Checks(ctx, &rec)
		if err := st.res.err(); err != nil {
			return row.Fail(rec, schemas.StageVerify, "llm_endpoint_down", err.Error())
		}
		if why, stopped := verify.BudgetStopped(extra); stopped {
			return row.Fail(rec, schemas.StageBudget, llm.KindBudget, why)
		}
	}
	ver := st.v.Verify(ctx, &rec, extra...)
	rec.ID = row.ID(&rec)
	return withVerdict(rec, ver)
}

// withVerdict records ver on rec, keeping the verdict a re-verified row
// had before (Verification.Previous), and routes rec by it: rejected at
// stage "verify" with the first failed check as the reason.
func withVerdict(rec schemas.Record, ver schemas.Verification) row.Outcome {
	if rec.Verification != nil {
		ver.Previous = rec.Verification.Previous
	}
	rec.Verification = &ver
	if ver.Verdict != schemas.VerdictAccepted {
		return row.Fail(rec, schemas.StageVerify, verify.Reason(ver), verify.Detail(ver))
	}
	return row.Pass(rec)
}

// countVerdictChange counts, for re-verified rows, verdicts that changed
// from the stored ones (arrows/verdict_changed/<before>_to_<after>).
func countVerdictChange(ctx context.Context, o row.Outcome) {
	v := o.Rec.Verification
	if v == nil || v.Previous == "" || v.Previous == "none" {
		return
	}
	now := schemas.VerdictRejected
	if o.OK {
		now = schemas.VerdictAccepted
	}
	if now != v.Previous {
		count(ctx, "verdict_changed/"+v.Previous+"_to_"+now)
	}
}
