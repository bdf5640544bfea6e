package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&offlineTranslateFn{})
}

// Translate renders each executed program as a natural-language problem and
// a step-by-step solution with the offline translator.
func Translate(s beam.Scope, executed beam.PCollection) (translated, rejected beam.PCollection) {
	s = s.Scope("Translate")
	return beam.ParDo2(s, &offlineTranslateFn{}, executed)
}

type offlineTranslateFn struct{}

func (fn *offlineTranslateFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	emit := emitter(ctx, "translated", ok, rejected)
	problem, solution, err := offline.Translate(rec.Program, rec.Execution)
	if err != nil {
		emit(fail(rec, schemas.StageTranslate, "offline_translation", err.Error()))
		return nil
	}
	rec.Problem, rec.Solution = problem, solution
	rec.ID = RecordID(&rec)
	emit(pass(rec))
	return nil
}
