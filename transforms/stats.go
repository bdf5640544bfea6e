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
	register.Combiner3[stats.Stats, schemas.Record, stats.Stats](&statsCombineFn{})
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

// Stats folds every record that left the pipeline (accepted and rejected)
// into one stats.Stats with a lifted combiner: workers pre-aggregate, so no
// worker ever holds the corpus.
func Stats(s beam.Scope, all beam.PCollection) beam.PCollection {
	s = s.Scope("Stats")
	return beam.Combine(s, &statsCombineFn{}, all)
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

type statsCombineFn struct{}

func (fn *statsCombineFn) CreateAccumulator() stats.Stats { return *stats.New() }

func (fn *statsCombineFn) AddInput(a stats.Stats, rec schemas.Record) stats.Stats {
	a.Add(&rec)
	return a
}

func (fn *statsCombineFn) MergeAccumulators(a, b stats.Stats) stats.Stats {
	a.Merge(&b)
	return a
}

func (fn *statsCombineFn) ExtractOutput(a stats.Stats) stats.Stats {
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
	return WriteFileAtomic(ctx, JoinPath(fn.Dir, "stats.json"), append(b, '\n'))
}
