package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// DecontamConfig selects the benchmark n-gram sets and the matching rule of
// the decontamination stage. It is plain data carried by the DoFns.
type DecontamConfig struct {
	// N is the n-gram length; it must match the shipped data (13).
	N int `json:"n"`
	// Benchmarks restricts the check to these benchmarks (decontam.Available);
	// empty means all shipped benchmarks.
	Benchmarks []string `json:"benchmarks,omitempty"`
	// NoAnswerMatch checks n-grams only (no answer-based rules).
	NoAnswerMatch bool `json:"no_answer_match,omitempty"`
}

// DefaultDecontamConfig checks every shipped benchmark with 13-grams and the
// answer-based rules.
func DefaultDecontamConfig() DecontamConfig {
	return DecontamConfig{N: decontam.DefaultN}
}

func (c DecontamConfig) index() decontam.Config {
	return decontam.Config{N: c.N, Benchmarks: c.Benchmarks, NoAnswerMatch: c.NoAnswerMatch}
}

// Validate loads the index once (≈0.3 s) so that a wrong n-gram length or
// benchmark name fails before the job starts.
func (c DecontamConfig) Validate() error {
	_, err := decontam.LoadIndex(c.index())
	return err
}

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&decontamFn{})
}

// Decontaminate checks every row's problem (with its final answer) against
// the benchmark test sets. Matching rows go to rejected with stage
// "decontaminate", the match kind as the reason and Rejection.Match
// "benchmark@version:item"; every row leaving the stage, kept or not,
// records what it was checked against in Provenance.Decontam.
func Decontaminate(s beam.Scope, cfg DecontamConfig, in beam.PCollection) (clean, contaminated beam.PCollection) {
	s = s.Scope("Decontaminate")
	return beam.ParDo2(s, &decontamFn{Cfg: cfg}, in)
}

type decontamFn struct {
	Cfg DecontamConfig `json:"cfg"`

	res resources
	idx *decontam.Index
}

func (fn *decontamFn) Setup(ctx context.Context) (err error) {
	fn.idx, err = fn.res.index(ctx, fn.Cfg)
	return err
}

func (fn *decontamFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	emit := emitter(ctx, "decontaminated", ok, rejected)
	rec.Provenance.Decontam = fn.idx.Versions()
	answer := ""
	if rec.FinalAnswer != nil {
		answer = rec.FinalAnswer.Text
	}
	m, hit := fn.idx.Check(rec.Problem, answer)
	if !hit {
		emit(row.Pass(rec))
		return nil
	}
	detail := fmt.Sprintf("%s match with %s item %s (overlap %.2f", m.Kind, m.Benchmark, m.ItemID, m.Overlap)
	if m.Hits > 0 {
		detail += fmt.Sprintf(", %d distinct %d-grams", m.Hits, fn.idx.Config().N)
	}
	out := row.Fail(rec, schemas.StageDecontam, m.Reason(), detail+")")
	out.Rec.Rejection.Match = m.String()
	emit(out)
	return nil
}

func (fn *decontamFn) Teardown() { fn.res.release() }
