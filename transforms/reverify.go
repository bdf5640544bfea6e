package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&splitProgramsFn{})
	registerStage[*referenceStage]()
}

// SplitPrograms separates rows that carry a program (our own corpora: they
// are re-executed and re-verified both ways) from rows that do not (external
// corpora: checked against their reference answer and step arithmetic). The
// verdict a row had before is kept in Verification.Previous.
func SplitPrograms(s beam.Scope, recs beam.PCollection) (withProgram, without beam.PCollection) {
	s = s.Scope("SplitPrograms")
	return beam.ParDo2(s, &splitProgramsFn{}, recs)
}

type splitProgramsFn struct{}

func (fn *splitProgramsFn) ProcessElement(ctx context.Context, rec schemas.Record, withProgram, without func(schemas.Record)) error {
	prev := row.PreviousVerdict(&rec)
	rec.Verification = &schemas.Verification{Previous: prev}
	rec.Rejection = nil
	if rec.Program != nil && rec.Program.Source != "" {
		rec.Execution = nil
		rec.FinalAnswer = nil
		withProgram(rec)
		return nil
	}
	without(rec)
	return nil
}

// VerifyReferences checks rows without programs against their reference
// answers and the arithmetic of their steps (verify.Verifier's
// VerifyReference).
func VerifyReferences(s beam.Scope, e env.Env, recs beam.PCollection) (accepted, rejected beam.PCollection) {
	return apply(s, "VerifyReferences", &referenceStage{Env: e}, recs)
}

type referenceStage struct {
	Env env.Env `json:"env"`

	v *verify.Verifier
}

func (st *referenceStage) setup(ctx context.Context, res *resources) error {
	_, checker, err := res.checker(ctx, st.Env)
	st.v = &verify.Verifier{Checker: checker, AllowFallbackAnswer: true}
	return err
}

func (st *referenceStage) window() int { return 4 }

func (st *referenceStage) funnel() string { return "verified" }

func (st *referenceStage) tally(ctx context.Context, o row.Outcome) { countVerdictChange(ctx, o) }

func (st *referenceStage) start(ctx context.Context, rec schemas.Record) []func() row.Outcome {
	return []func() row.Outcome{func() row.Outcome { return st.run(ctx, rec) }}
}

func (st *referenceStage) run(ctx context.Context, rec schemas.Record) row.Outcome {
	if rec.Seed.Source == nil {
		ver := verify.Fold([]schemas.Check{{Name: "has_program", Result: schemas.ResultFail, Reason: "row has neither a program nor a source problem"}})
		if rec.Verification != nil {
			ver.Previous = rec.Verification.Previous
		}
		rec.Verification = &ver
		return row.Fail(rec, schemas.StageVerify, "no_program", "")
	}
	return withVerdict(rec, st.v.VerifyReference(ctx, &rec))
}
