package transforms

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/decontam"
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

// Validate loads the index once (≈0.3 s) so that a wrong --decontam-n or
// benchmark name fails before the job starts.
func (c DecontamConfig) Validate() error {
	if _, err := decontam.LoadIndex(c.index()); err != nil {
		return fmt.Errorf("--decontam: %w", err)
	}
	return nil
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

	idx *decontam.Index
}

func (fn *decontamFn) Setup(ctx context.Context) error {
	idx, err := acquireIndex(ctx, fn.Cfg)
	if err != nil {
		return err
	}
	fn.idx = idx
	return nil
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
		emit(pass(rec))
		return nil
	}
	detail := fmt.Sprintf("%s match with %s item %s (overlap %.2f", m.Kind, m.Benchmark, m.ItemID, m.Overlap)
	if m.Hits > 0 {
		detail += fmt.Sprintf(", %d distinct %d-grams", m.Hits, fn.idx.Config().N)
	}
	out := fail(rec, schemas.StageDecontam, m.Reason(), detail+")")
	out.rec.Rejection.Match = m.String()
	emit(out)
	return nil
}

func (fn *decontamFn) Teardown() {
	if fn.idx != nil {
		releaseIndex(fn.Cfg)
		fn.idx = nil
	}
}

// indexRegistry shares one loaded benchmark index per configuration in a
// worker process (like the sandbox pools): loading takes ≈0.3 s of CPU and
// keeps ≈25 MB live, and Beam makes a DoFn instance per concurrent bundle.
type indexRegistry struct {
	mu      sync.Mutex
	indexes map[string]*sharedIndex
}

type sharedIndex struct {
	idx  *decontam.Index
	refs int
}

var indexes = &indexRegistry{indexes: map[string]*sharedIndex{}}

func indexKey(cfg DecontamConfig) string {
	b, _ := json.Marshal(cfg) // plain data: cannot fail
	return string(b)
}

// acquireIndex returns the process's index for cfg, loading it if needed.
func acquireIndex(ctx context.Context, cfg DecontamConfig) (*decontam.Index, error) {
	key := indexKey(cfg)
	indexes.mu.Lock()
	defer indexes.mu.Unlock()
	if si, ok := indexes.indexes[key]; ok {
		si.refs++
		return si.idx, nil
	}
	idx, err := decontam.LoadIndex(cfg.index())
	if err != nil {
		return nil, fmt.Errorf("load decontamination index: %w", err)
	}
	log.Infof(ctx, "arrows: decontamination index loaded: %d benchmarks, n=%d", len(idx.Versions()), idx.Config().N)
	indexes.indexes[key] = &sharedIndex{idx: idx, refs: 1}
	return idx, nil
}

// releaseIndex drops one reference; the last one frees the index.
func releaseIndex(cfg DecontamConfig) {
	key := indexKey(cfg)
	indexes.mu.Lock()
	defer indexes.mu.Unlock()
	if si, ok := indexes.indexes[key]; ok {
		si.refs--
		if si.refs <= 0 {
			delete(indexes.indexes, key)
		}
	}
}
