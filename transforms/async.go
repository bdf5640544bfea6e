package transforms

import (
	"context"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// stage is the per-row logic of a stage whose work is slow (sandbox runs,
// LLM calls): asyncFn runs it across the rows of a bundle. The logic
// itself lives in the Beam-free packages; a stage only builds it at Setup
// and calls it. A stage is a pointer to a struct whose exported fields are
// its configuration (JSON, like any DoFn's).
type stage interface {
	// setup builds the stage's logic, acquiring worker resources into res.
	setup(ctx context.Context, res *resources) error
	// window is how many rows may be in flight at once in one bundle.
	window() int
	// start returns the work one input row gives: each function makes one
	// outcome (a row passed on or rejected). It runs on its own goroutine.
	start(ctx context.Context, rec schemas.Record) []func() row.Outcome
	// funnel names the counter of passing rows (arrows/funnel/<funnel>).
	funnel() string
}

// registerStage registers the DoFn of stage S (in the init of S's file).
func registerStage[S stage]() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&asyncFn[S]{})
}

// apply runs an async stage over in, in a scope named name; rows that pass
// leave on ok, the others on rejected.
func apply[S stage](s beam.Scope, name string, st S, in beam.PCollection) (ok, rejected beam.PCollection) {
	return beam.ParDo2(s.Scope(name), &asyncFn[S]{Stage: st}, in)
}

// tallier is a stage that counts more than its funnel and rejections. Beam
// metrics must be updated on the DoFn's own goroutine, so tally runs when
// an outcome is emitted, not where it was made.
type tallier interface {
	tally(ctx context.Context, o row.Outcome)
}

// asyncFn is the DoFn of every async stage: rows start their work as they
// arrive, up to the stage's window, and the outcomes are emitted, on the
// DoFn's goroutine, as they complete; FinishBundle waits for the rest.
// With an LLM, it also reports the tokens and cost spent as metrics, and
// fails the bundle once the endpoint is down for good (the first fatal
// error), so a run never "succeeds" with silently missing rows.
type asyncFn[S stage] struct {
	Stage S `json:"stage"`

	res resources
	inf *inflight[row.Outcome]
}

func (fn *asyncFn[S]) Setup(ctx context.Context) error {
	return fn.Stage.setup(ctx, &fn.res)
}

func (fn *asyncFn[S]) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	fn.inf = newInflight[row.Outcome](fn.Stage.window())
}

func (fn *asyncFn[S]) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	if err := fn.res.err(); err != nil {
		return err
	}
	fn.res.reportUsage(ctx)
	emit := fn.emitter(ctx, ok, rejected)
	for _, work := range fn.Stage.start(ctx, rec) {
		fn.inf.Go(work, emit)
	}
	return nil
}

func (fn *asyncFn[S]) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(fn.emitter(ctx, ok, rejected))
	fn.res.reportUsage(ctx)
	return fn.res.err()
}

func (fn *asyncFn[S]) Teardown() {
	fn.res.release()
}

func (fn *asyncFn[S]) emitter(ctx context.Context, ok, rejected func(schemas.Record)) func(row.Outcome) {
	emit := emitter(ctx, fn.Stage.funnel(), ok, rejected)
	t, extra := any(fn.Stage).(tallier)
	if !extra {
		return emit
	}
	return func(o row.Outcome) {
		t.tally(ctx, o)
		emit(o)
	}
}

// inflight runs slow per-element work (sandbox executions, LLM calls)
// concurrently across the elements of a bundle. Work runs on goroutines; the
// results come back to the DoFn's own goroutine, the only one allowed to call
// Beam emitters, as they complete. Flush waits for the rest at FinishBundle.
type inflight[T any] struct {
	sem     chan struct{}
	results chan T
	pending int
	wg      sync.WaitGroup
}

func newInflight[T any](n int) *inflight[T] {
	if n < 1 {
		n = 1
	}
	return &inflight[T]{sem: make(chan struct{}, n), results: make(chan T, n)}
}

// Go starts work, first emitting completed results while all slots are busy.
func (f *inflight[T]) Go(work func() T, emit func(T)) {
	for {
		select {
		case f.sem <- struct{}{}:
			f.pending++
			f.wg.Add(1)
			go func() {
				defer f.wg.Done()
				r := work()
				f.results <- r // never blocks: capacity equals the number of slots
				<-f.sem
			}()
			return
		case r := <-f.results:
			f.pending--
			emit(r)
		}
	}
}

// Flush waits for all started work and emits its results.
func (f *inflight[T]) Flush(emit func(T)) {
	for f.pending > 0 {
		r := <-f.results
		f.pending--
		emit(r)
	}
	f.wg.Wait()
}
