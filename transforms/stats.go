package transforms

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	beam.RegisterCoder(reflect.TypeOf((*stats.Stats)(nil)).Elem(), encodeStats, decodeStats)
	register.DoFn3x0[context.Context, schemas.Record, func(stats.Stats)](&recordStatsFn{})
	register.DoFn3x0[context.Context, schemas.DeadLetter, func(stats.Stats)](&deadLetterStatsFn{})
	register.Function2x0(emptyStats)
	register.Emitter1[stats.Stats]()
	register.Combiner3[stats.Stats, stats.Stats, stats.Stats](&statsMergeFn{})
	register.DoFn3x1[context.Context, stats.Stats, func(*schemas.DeadLetter) bool, error](&writeStatsFn{})
	register.Iter1[schemas.DeadLetter]()
}

func encodeStats(s stats.Stats) ([]byte, error) { return json.Marshal(s) }

func decodeStats(b []byte) (stats.Stats, error) {
	var s stats.Stats
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("decode stats: %w", err)
	}
	return s, nil
}

// Stats folds every record of cols (the rows that left the pipeline,
// accepted and rejected) and the dead-lettered input lines of dead (an
// invalid, zero collection counts none) into one stats.Stats; the result
// goes to WriteStats and WriteReport with NoDeadLetters. Each collection is
// folded where it is produced, one partial stats.Stats per bundle, and only
// the partials are merged, so no step holds the rows (on prism, a Flatten
// of the rows would be a stage of its own holding all of them). The output
// always has exactly one element, also when cols are empty.
func Stats(s beam.Scope, dead beam.PCollection, cols ...beam.PCollection) beam.PCollection {
	s = s.Scope("Stats")
	partials := []beam.PCollection{beam.ParDo(s, emptyStats, beam.Impulse(s))}
	for _, c := range cols {
		partials = append(partials, beam.ParDo(s, &recordStatsFn{}, c))
	}
	if dead.IsValid() {
		partials = append(partials, beam.ParDo(s, &deadLetterStatsFn{}, dead))
	}
	return beam.Combine(s, &statsMergeFn{}, beam.Flatten(s, partials...))
}

// WriteStats writes the final statistics, with the dead-lettered input
// lines counted in, to <dir>/stats.json.
func WriteStats(s beam.Scope, dir string, st, dead beam.PCollection) {
	s = s.Scope("WriteStats")
	beam.ParDo0(s, &writeStatsFn{Dir: dir}, st, beam.SideInput{Input: dead})
}

// NoDeadLetters is an empty dead-letter collection for jobs without inputs.
func NoDeadLetters(s beam.Scope) beam.PCollection {
	return beam.CreateList(s.Scope("NoDeadLetters"), []schemas.DeadLetter{})
}

// emptyStats seeds the merge so that it has an input even when no bundle
// produced a partial.
func emptyStats(_ []byte, emit func(stats.Stats)) { emit(*stats.New()) }

// recordStatsFn folds the records of a bundle into one partial stats.Stats,
// emitted when the bundle finishes.
type recordStatsFn struct {
	acc *stats.Stats
}

func (fn *recordStatsFn) StartBundle(_ context.Context, _ func(stats.Stats)) {
	fn.acc = nil
}

func (fn *recordStatsFn) ProcessElement(_ context.Context, rec schemas.Record, _ func(stats.Stats)) {
	if fn.acc == nil {
		fn.acc = stats.New()
	}
	fn.acc.Add(&rec)
}

func (fn *recordStatsFn) FinishBundle(_ context.Context, emit func(stats.Stats)) {
	if fn.acc != nil {
		emit(*fn.acc)
		fn.acc = nil
	}
}

// deadLetterStatsFn is recordStatsFn for dead letters.
type deadLetterStatsFn struct {
	acc *stats.Stats
}

func (fn *deadLetterStatsFn) StartBundle(_ context.Context, _ func(stats.Stats)) {
	fn.acc = nil
}

func (fn *deadLetterStatsFn) ProcessElement(_ context.Context, d schemas.DeadLetter, _ func(stats.Stats)) {
	if fn.acc == nil {
		fn.acc = stats.New()
	}
	fn.acc.AddDeadLetter(&d)
}

func (fn *deadLetterStatsFn) FinishBundle(_ context.Context, emit func(stats.Stats)) {
	if fn.acc != nil {
		emit(*fn.acc)
		fn.acc = nil
	}
}

// statsMergeFn merges partial statistics (a lifted combiner: workers
// pre-merge) and finalizes the sum.
type statsMergeFn struct{}

func (fn *statsMergeFn) CreateAccumulator() stats.Stats { return *stats.New() }

func (fn *statsMergeFn) AddInput(a, b stats.Stats) stats.Stats {
	a.Merge(&b)
	return a
}

func (fn *statsMergeFn) MergeAccumulators(a, b stats.Stats) stats.Stats {
	a.Merge(&b)
	return a
}

func (fn *statsMergeFn) ExtractOutput(a stats.Stats) stats.Stats {
	a.Finalize()
	return a
}

type writeStatsFn struct {
	Dir string `json:"dir"`
}

func (fn *writeStatsFn) ProcessElement(ctx context.Context, st stats.Stats, dead func(*schemas.DeadLetter) bool) error {
	var d schemas.DeadLetter
	for dead(&d) {
		st.AddDeadLetter(&d)
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode stats: %w", err)
	}
	return writeFileAtomic(ctx, JoinPath(fn.Dir, "stats.json"), append(b, '\n'))
}
