package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&executeFn{})
}

// Execute runs each record's program in the sandbox. Programs whose status
// is not ok leave on the rejected output with the status as the reason.
func Execute(s beam.Scope, cfg SandboxConfig, programs beam.PCollection) (executed, rejected beam.PCollection) {
	s = s.Scope("Execute")
	return beam.ParDo2(s, &executeFn{Sandbox: cfg}, programs)
}

type executeFn struct {
	Sandbox SandboxConfig `json:"sandbox"`

	pool *sandbox.Pool
	inf  *inflight[routed]
}

func (fn *executeFn) Setup(ctx context.Context) error {
	p, err := acquirePool(ctx, fn.Sandbox)
	if err != nil {
		return err
	}
	fn.pool = p
	return nil
}

func (fn *executeFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	workers := fn.Sandbox.Workers
	if workers <= 0 {
		workers = sandbox.DefaultConfig().Workers
	}
	// Twice the servers keeps every server busy while results are handed back.
	fn.inf = newInflight[routed](2 * workers)
}

func (fn *executeFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	fn.inf.Go(func() routed { return fn.run(ctx, rec) }, emitter(ctx, "executed", ok, rejected))
	return nil
}

func (fn *executeFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(emitter(ctx, "executed", ok, rejected))
	return nil
}

func (fn *executeFn) Teardown() {
	if fn.pool != nil {
		releasePool(fn.Sandbox)
		fn.pool = nil
	}
}

func (fn *executeFn) run(ctx context.Context, rec schemas.Record) routed {
	ex := fn.pool.Run(ctx, sandbox.Request{Code: rec.Program.Source, Analyze: true})
	rec.Execution = &ex
	if ex.Status != schemas.StatusOK {
		return fail(rec, schemas.StageExecute, ex.Status, ex.Error)
	}
	return pass(rec)
}
