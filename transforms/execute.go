package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	registerStage[*executeStage]()
}

// Execute runs each record's program in the sandbox. Programs whose status
// is not ok leave on the rejected output with the status as the reason.
func Execute(s beam.Scope, e env.Env, programs beam.PCollection) (executed, rejected beam.PCollection) {
	return apply(s, "Execute", &executeStage{Env: e}, programs)
}

type executeStage struct {
	Env env.Env `json:"env"`

	pool *sandbox.Pool
}

func (st *executeStage) setup(ctx context.Context, res *resources) (err error) {
	st.pool, err = res.pool(ctx, st.Env.Sandbox)
	return err
}

// window: twice the servers keeps every server busy while results are
// handed back.
func (st *executeStage) window() int { return 2 * st.Env.Sandbox.Servers() }

func (st *executeStage) funnel() string { return "executed" }

func (st *executeStage) start(ctx context.Context, rec schemas.Record) []func() row.Outcome {
	return []func() row.Outcome{func() row.Outcome {
		ex := st.pool.Run(ctx, sandbox.Request{Code: rec.Program.Source, Analyze: true})
		rec.Execution = &ex
		if ex.Status != schemas.StatusOK {
			return row.Fail(rec, schemas.StageExecute, ex.Status, ex.Error)
		}
		return row.Pass(rec)
	}}
}
