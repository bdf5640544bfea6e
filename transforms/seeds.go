package transforms

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/top"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/schemas"
)

// PathwaySeeds is the pathway of rows made from seed problems.
const PathwaySeeds = "seeds"

// Rejection reasons of the seeds pathway's seed stage (schemas.StageSeed).
// Failures of a seed program are prefixed "seed_program_" (e.g.
// seed_program_error, seed_program_refusal) so the seed corpus audit reads
// apart from the rejections of evolved programs.
const (
	// ReasonBenchmarkSeed: the seed problem is a benchmark test item.
	ReasonBenchmarkSeed = "benchmark_seed"
	// ReasonSeedMismatch: the seed program's output is not the reference answer.
	ReasonSeedMismatch = "seed_program_mismatch"
	// ReasonNoReference: the seed has no reference answer to reproduce.
	ReasonNoReference = "no_reference_answer"
	// ReasonNeedsLLM: the seed has no program and the backend has no LLM.
	ReasonNeedsLLM = "needs_llm"
	// ReasonRejectedParent: an arrows row that was rejected is not a seed.
	ReasonRejectedParent = "rejected_parent"
)

// SeedRowsConfig configures turning read rows into seeds.
type SeedRowsConfig struct {
	RunSeed int64 `json:"run_seed"`
	// Decontam selects the benchmarks seeds are checked against (nil: no
	// check).
	Decontam *DecontamConfig `json:"decontam,omitempty"`
}

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&seedRowFn{})
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&seedProgramFn{})
	register.DoFn2x0[schemas.Record, func(SeedKey)](&seedKeyFn{})
	register.Emitter1[SeedKey]()
	register.DoFn4x0[context.Context, schemas.Record, func(*[]SeedKey) bool, func(schemas.Record)](&keepSeedsFn{})
	register.Iter1[[]SeedKey]()
	beam.RegisterType(reflect.TypeOf((*SeedKey)(nil)).Elem())
	beam.RegisterFunction(lessSeedKey)
}

// SeedRows turns rows read from a seed corpus into seed rows of the seeds
// pathway (see NewSeedRow) and refuses seeds that are benchmark test items
// (stage "seed", reason "benchmark_seed", with the match) and arrows rows
// that were rejected.
func SeedRows(s beam.Scope, cfg SeedRowsConfig, read beam.PCollection) (seeds, rejected beam.PCollection) {
	s = s.Scope("SeedRows")
	return beam.ParDo2(s, &seedRowFn{Cfg: cfg}, read)
}

type seedRowFn struct {
	Cfg SeedRowsConfig `json:"cfg"`

	idx *decontam.Index
}

func (fn *seedRowFn) Setup(ctx context.Context) error {
	if fn.Cfg.Decontam == nil {
		return nil
	}
	idx, err := acquireIndex(ctx, *fn.Cfg.Decontam)
	if err != nil {
		return err
	}
	fn.idx = idx
	return nil
}

func (fn *seedRowFn) Teardown() {
	if fn.idx != nil {
		releaseIndex(*fn.Cfg.Decontam)
		fn.idx = nil
	}
}

func (fn *seedRowFn) ProcessElement(ctx context.Context, in schemas.Record, ok, rejected func(schemas.Record)) error {
	count(ctx, "seeds/read")
	emit := emitter(ctx, "seeds_clean", ok, rejected)
	rec := NewSeedRow(in, fn.Cfg.RunSeed)
	if PreviousVerdict(&in) == schemas.VerdictRejected {
		emit(fail(rec, schemas.StageSeed, ReasonRejectedParent, "the row was rejected; only accepted rows seed evolution"))
		return nil
	}
	if fn.idx != nil {
		src := rec.Seed.Source
		if m, hit := fn.idx.Check(src.Problem, src.Answer); hit {
			r := fail(rec, schemas.StageSeed, ReasonBenchmarkSeed, fmt.Sprintf("%s match (overlap %.2f, %d n-gram hits)", m.Kind, m.Overlap, m.Hits))
			r.rec.Rejection.Match = m.String()
			emit(r)
			return nil
		}
		rec.Provenance.Decontam = fn.idx.Versions()
	}
	emit(pass(rec))
	return nil
}

// NewSeedRow builds the seed row of a row read from a seed corpus.
//
// An external item (GSM8K, MATH, jsonl) becomes a row whose Seed (pathway
// "seeds") holds the item as Source; the seed id is the read row's (a hash
// of file, line and problem), which every evolved descendant carries as
// its root id. Problem and Solution are the item's; the program is the
// item's own program when the corpus has one.
//
// An arrows row (a triple of an earlier run) becomes a seed whose Source is
// that triple (problem, solution, boxed answer, program) and whose id is
// the row's id; the row's program, with its offline templates and its
// evolution record, is kept, so perturb_givens works without an LLM and a
// chain of evolutions continues across runs (root id and depth carry on).
func NewSeedRow(in schemas.Record, runSeed int64) schemas.Record {
	prov := schemas.Provenance{
		Generator:     in.Provenance.Generator,
		Models:        map[string]string{},
		PromptVersion: in.Provenance.PromptVersion,
		ArrowsVersion: version.Version,
		RunSeed:       runSeed,
		Pathway:       PathwaySeeds,
	}
	for k, v := range in.Provenance.Models {
		prov.Models[k] = v
	}
	origin := schemas.Origin{}
	if in.Origin != nil {
		origin = *in.Origin
	}
	rec := schemas.Record{Origin: in.Origin, Provenance: prov}
	external := in.Seed.Source != nil && in.Program == nil && in.Provenance.Generator == "external"
	if external {
		src := *in.Seed.Source
		rec.Seed = schemas.Seed{ID: in.Seed.ID, Index: in.Seed.Index, RunSeed: runSeed, Pathway: PathwaySeeds, Source: &src}
		rec.Problem, rec.Solution = src.Problem, src.Solution
		rec.Provenance.Generator = ""
		rec.Provenance.PromptVersion = ""
		if src.Program != "" {
			rec.Program = &schemas.Program{Source: src.Program, Hash: sha256Hex(src.Program), Template: "source"}
		}
	} else {
		ans := ""
		switch {
		case in.FinalAnswer != nil && in.FinalAnswer.Text != "":
			ans = in.FinalAnswer.Text
		case in.Execution != nil && in.Execution.Result != nil:
			ans = in.Execution.Result.Latex
		}
		src := &schemas.SourceItem{Problem: in.Problem, Solution: in.Solution, Answer: ans, Origin: origin}
		if in.Program != nil {
			p := *in.Program
			rec.Program = &p
			src.Program = p.Source
			rec.Provenance.Evolution = p.Evolution
		}
		id := in.ID
		if id == "" {
			id = hashID("arrows-seed", origin.File, fmt.Sprint(origin.Line), in.Problem)
		}
		rec.Seed = schemas.Seed{ID: id, Index: origin.Line, RunSeed: runSeed, Pathway: PathwaySeeds, Topics: in.Seed.Topics, Source: src}
		rec.Problem, rec.Solution = in.Problem, in.Solution
	}
	rec.ID = RecordID(&rec)
	return rec
}

// SeedProgramConfig configures the seed-program stage.
type SeedProgramConfig struct {
	Sandbox SandboxConfig `json:"sandbox"`
	RelTol  float64       `json:"rel_tol"`
	// LLM writes programs for seeds without one (nil: such seeds are
	// rejected with reason needs_llm).
	LLM *LLMConfig `json:"llm,omitempty"`
}

// SeedPrograms gives every seed a program and keeps it only when it
// reproduces the seed's reference answer: seeds without a program get one
// from the generator model (seed-program prompt: problem + reference
// solution), seeds that come with one (arrows triples, corpora with a
// program field) keep theirs; the program runs in the sandbox and its
// result must equal the reference answer (answer.Checker: CompareText of
// the result's LaTeX against the reference, CompareValue when that cannot
// decide). Every failure is a rejection at stage "seed" (the audit of the
// seed corpus): seed_program_mismatch, seed_program_<status>,
// seed_program_<parse reason>, llm_<reason>, no_reference_answer,
// needs_llm.
func SeedPrograms(s beam.Scope, cfg SeedProgramConfig, seeds beam.PCollection) (reproduced, rejected beam.PCollection) {
	s = s.Scope("SeedPrograms")
	return beam.ParDo2(s, &seedProgramFn{Cfg: cfg}, seeds)
}

type seedProgramFn struct {
	Cfg SeedProgramConfig `json:"cfg"`

	pool    *sandbox.Pool
	checker *answer.Checker
	llmStage
}

func (fn *seedProgramFn) Setup(ctx context.Context) error {
	p, err := acquirePool(ctx, fn.Cfg.Sandbox)
	if err != nil {
		return err
	}
	fn.pool = p
	fn.checker = &answer.Checker{Runner: p, RelTol: fn.Cfg.RelTol}
	if fn.Cfg.LLM != nil {
		fn.client, err = acquireClient(ctx, fn.Cfg.LLM.Client)
		if err != nil {
			return err
		}
	}
	return nil
}

func (fn *seedProgramFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	n := 2 * sandbox.DefaultConfig().Workers
	if fn.Cfg.Sandbox.Workers > 0 {
		n = 2 * fn.Cfg.Sandbox.Workers
	}
	if fn.Cfg.LLM != nil {
		n = max(n, concurrency(fn.Cfg.LLM.Client))
	}
	fn.inf = newInflight[routed](n)
}

func (fn *seedProgramFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	if err := fn.err(); err != nil {
		return err
	}
	fn.reportUsage(ctx)
	fn.inf.Go(func() routed { return fn.run(ctx, rec) }, seedProgramEmitter(ctx, ok, rejected))
	return nil
}

func (fn *seedProgramFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(seedProgramEmitter(ctx, ok, rejected))
	fn.reportUsage(ctx)
	return fn.err()
}

// seedProgramEmitter is emitter for the seed-program stage; it also counts
// the seeds that got a program and ran it (arrows/seeds/programs), on the
// DoFn's goroutine as Beam requires.
func seedProgramEmitter(ctx context.Context, ok, rejected func(schemas.Record)) func(routed) {
	base := emitter(ctx, "seeds_reproduced", ok, rejected)
	return func(r routed) {
		if r.rec.Program != nil && r.rec.Execution != nil {
			count(ctx, "seeds/programs")
		}
		base(r)
	}
}

func (fn *seedProgramFn) Teardown() {
	if fn.pool != nil {
		releasePool(fn.Cfg.Sandbox)
		fn.pool = nil
	}
	if fn.client != nil {
		releaseClient(fn.Cfg.LLM.Client)
		fn.client = nil
	}
}

func (fn *seedProgramFn) run(ctx context.Context, rec schemas.Record) routed {
	src := rec.Seed.Source
	if src == nil || src.Answer == "" {
		return fail(rec, schemas.StageSeed, ReasonNoReference, "the seed has no reference answer to reproduce")
	}
	if rec.Program == nil {
		if fn.client == nil {
			return fail(rec, schemas.StageSeed, ReasonNeedsLLM, "the seed has no program; writing one needs --backend=llm")
		}
		msgs, ver := prompts.SeedProgram(src.Problem, src.Solution)
		rec.Provenance.Generator = BackendLLM
		rec.Provenance.PromptVersion = ver
		rec.Provenance.Models = map[string]string{"generator": fn.Cfg.LLM.Client.Models[llm.RoleGenerator]}
		resp, err := fn.client.Complete(ctx, llm.Request{Role: llm.RoleGenerator, PromptVersion: ver, Messages: msgs, Item: rec.Seed.ID})
		if err != nil {
			return fn.callFailure(rec, schemas.StageSeed, err)
		}
		fn.spend(&rec, llm.RoleGenerator, resp)
		if resp.Truncated() {
			return fail(rec, schemas.StageSeed, "seed_program_truncated", "the completion hit max_tokens")
		}
		code, err := prompts.ParseProgram(resp.Content)
		if err != nil {
			reason := prompts.Reason(err)
			if reason == "" {
				reason = "unparsable"
			}
			return fail(rec, schemas.StageSeed, "seed_program_"+reason, err.Error())
		}
		rec.Program = &schemas.Program{Source: code, Hash: sha256Hex(code), Template: ver}
	}
	ex := fn.pool.Run(ctx, sandbox.Request{Code: rec.Program.Source, Analyze: true})
	rec.Execution = &ex
	rec.ID = RecordID(&rec)
	if ex.Status != schemas.StatusOK || ex.Result == nil {
		return fail(rec, schemas.StageSeed, "seed_program_"+ex.Status, ex.Error)
	}
	out := fn.checker.CompareText(ctx, ex.Result.Latex, src.Answer)
	if out.Verdict == answer.Undecided {
		if alt := fn.checker.CompareValue(ctx, src.Answer, *ex.Result); alt.Verdict != answer.Undecided {
			out = alt
		}
	}
	if out.Verdict != answer.Equal {
		return fail(rec, schemas.StageSeed, ReasonSeedMismatch,
			fmt.Sprintf("the program returns %s, the reference answer is %s (%s: %s)", clipText(ex.Result.Latex, 200), clipText(src.Answer, 200), out.Verdict, out.Reason))
	}
	return pass(rec)
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// SeedKey orders seeds for LimitSeeds: a hash of the seed id (then the id).
type SeedKey struct {
	Hash uint64 `json:"hash"`
	ID   string `json:"id"`
}

func seedKeyOf(rec schemas.Record) SeedKey {
	sum := sha256.Sum256([]byte("arrows-seed-sample\x00" + rec.Seed.ID))
	return SeedKey{Hash: binary.LittleEndian.Uint64(sum[:8]), ID: rec.Seed.ID}
}

func lessSeedKey(a, b SeedKey) bool {
	if a.Hash != b.Hash {
		return a.Hash < b.Hash
	}
	return a.ID < b.ID
}

// LimitSeeds keeps at most n seeds (all when n <= 0): those whose id hashes
// lowest, a deterministic sample that does not depend on file order or
// runner. Only the (hash, id) keys are combined, not the rows.
func LimitSeeds(s beam.Scope, n int64, seeds beam.PCollection) beam.PCollection {
	if n <= 0 {
		return seeds
	}
	s = s.Scope("LimitSeeds")
	keys := beam.ParDo(s, &seedKeyFn{}, seeds)
	kept := top.Smallest(s, keys, int(n), lessSeedKey)
	return beam.ParDo(s, &keepSeedsFn{}, seeds, beam.SideInput{Input: kept})
}

type seedKeyFn struct{}

func (fn *seedKeyFn) ProcessElement(rec schemas.Record, emit func(SeedKey)) {
	emit(seedKeyOf(rec))
}

type keepSeedsFn struct {
	kept map[string]bool
}

func (fn *keepSeedsFn) ProcessElement(ctx context.Context, rec schemas.Record, kept func(*[]SeedKey) bool, emit func(schemas.Record)) {
	if fn.kept == nil {
		fn.kept = map[string]bool{}
		var ks []SeedKey
		for kept(&ks) {
			for _, k := range ks {
				fn.kept[k.ID] = true
			}
		}
	}
	if fn.kept[rec.Seed.ID] {
		emit(rec)
		return
	}
	count(ctx, "seeds/over_limit")
}
