package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&splitProgramsFn{})
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&referenceVerifyFn{})
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

// PreviousVerdict is the verdict a stored row carries.
func PreviousVerdict(rec *schemas.Record) string {
	switch {
	case rec.Rejection != nil:
		return schemas.VerdictRejected
	case rec.Verification != nil && rec.Verification.Verdict != "":
		return rec.Verification.Verdict
	}
	return "none"
}

func (fn *splitProgramsFn) ProcessElement(ctx context.Context, rec schemas.Record, withProgram, without func(schemas.Record)) error {
	prev := PreviousVerdict(&rec)
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
// answers and the arithmetic of their steps.
func VerifyReferences(s beam.Scope, cfg VerifyConfig, recs beam.PCollection) (accepted, rejected beam.PCollection) {
	s = s.Scope("VerifyReferences")
	return beam.ParDo2(s, &referenceVerifyFn{Cfg: cfg}, recs)
}

type referenceVerifyFn struct {
	Cfg VerifyConfig `json:"cfg"`

	v   *verify.Verifier
	inf *inflight[routed]
}

func (fn *referenceVerifyFn) Setup(ctx context.Context) error {
	p, err := acquirePool(ctx, fn.Cfg.Sandbox)
	if err != nil {
		return err
	}
	fn.v = &verify.Verifier{Checker: &answer.Checker{Runner: p, RelTol: fn.Cfg.RelTol}, AllowFallbackAnswer: true}
	return nil
}

func (fn *referenceVerifyFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	fn.inf = newInflight[routed](4)
}

func (fn *referenceVerifyFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	fn.inf.Go(func() routed { return fn.run(ctx, rec) }, verdictEmitter(ctx, ok, rejected))
	return nil
}

func (fn *referenceVerifyFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(verdictEmitter(ctx, ok, rejected))
	return nil
}

func (fn *referenceVerifyFn) Teardown() {
	if fn.v != nil {
		releasePool(fn.Cfg.Sandbox)
		fn.v = nil
	}
}

func (fn *referenceVerifyFn) run(ctx context.Context, rec schemas.Record) routed {
	prev := ""
	if rec.Verification != nil {
		prev = rec.Verification.Previous
	}
	if rec.Seed.Source == nil {
		ver := verify.Fold([]schemas.Check{{Name: "has_program", Result: schemas.ResultFail, Reason: "row has neither a program nor a source problem"}})
		ver.Previous = prev
		rec.Verification = &ver
		return fail(rec, schemas.StageVerify, "no_program", "")
	}
	ver := fn.v.VerifyReference(ctx, &rec)
	ver.Previous = prev
	rec.Verification = &ver
	if ver.Verdict != schemas.VerdictAccepted {
		return fail(rec, schemas.StageVerify, verify.Reason(ver), verify.Detail(ver))
	}
	return pass(rec)
}

// verdictEmitter is emitter for re-verification: it also counts verdicts
// that changed from the stored ones.
func verdictEmitter(ctx context.Context, ok, rejected func(schemas.Record)) func(routed) {
	base := emitter(ctx, "verified", ok, rejected)
	return func(r routed) {
		if v := r.rec.Verification; v != nil && v.Previous != "" && v.Previous != "none" {
			now := schemas.VerdictRejected
			if r.ok {
				now = schemas.VerdictAccepted
			}
			if now != v.Previous {
				count(ctx, "verdict_changed/"+v.Previous+"_to_"+now)
			}
		}
		base(r)
	}
}
