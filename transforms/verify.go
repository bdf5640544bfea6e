package transforms

import (
	"context"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/answer"
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
}

// Verify checks each translated record both ways (answer vs program output;
// problem vs program) and routes it to verified or rejected.
func Verify(s beam.Scope, cfg VerifyConfig, translated beam.PCollection) (verified, rejected beam.PCollection) {
	s = s.Scope("Verify")
	return beam.ParDo2(s, &verifyFn{Cfg: cfg}, translated)
}

type verifyFn struct {
	Cfg VerifyConfig `json:"cfg"`

	v   *verify.Verifier
	inf *inflight[routed]
}

func (fn *verifyFn) Setup(ctx context.Context) error {
	p, err := acquirePool(ctx, fn.Cfg.Sandbox)
	if err != nil {
		return err
	}
	fn.v = &verify.Verifier{Checker: &answer.Checker{Runner: p, RelTol: fn.Cfg.RelTol}}
	return nil
}

func (fn *verifyFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	fn.inf = newInflight[routed](4)
}

func (fn *verifyFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	fn.inf.Go(func() routed { return fn.run(ctx, rec) }, verdictEmitter(ctx, ok, rejected))
	return nil
}

func (fn *verifyFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(verdictEmitter(ctx, ok, rejected))
	return nil
}

func (fn *verifyFn) Teardown() {
	if fn.v != nil {
		releasePool(fn.Cfg.Sandbox)
		fn.v = nil
	}
}

func (fn *verifyFn) run(ctx context.Context, rec schemas.Record) routed {
	prev := ""
	if rec.Verification != nil {
		prev = rec.Verification.Previous // set when re-verifying a stored row
	}
	ver := fn.v.Verify(ctx, &rec)
	ver.Previous = prev
	rec.Verification = &ver
	rec.ID = RecordID(&rec)
	if ver.Verdict != schemas.VerdictAccepted {
		return fail(rec, schemas.StageVerify, verify.Reason(ver), strings.Join(ver.Failed, ","))
	}
	return pass(rec)
}
