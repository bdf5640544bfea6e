// Package seeds makes the seed rows of the two synthesis pathways and
// audits the seed corpus of the seeds pathway:
//
//   - Topic: the seed row of one index of a topics-pathway run (sampled
//     topics of the knowledge system);
//   - FromRow and Admit: the seed row of a row read from a seed corpus,
//     refused when it is a benchmark test item or a rejected arrows row;
//   - Auditor: a seed's program (the seed's own, or one the generator model
//     writes from problem and reference solution), kept only when it
//     reproduces the reference answer;
//   - KeyOf and Less: the deterministic sample of a capped seed corpus.
//
// The package is pure Go (no Beam).
package seeds

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/schemas"
)

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

// Topic is the seed row of seed index i of a topics-pathway run: its seed
// id is a hash of run seed, index and topic ids, and generator is the
// backend recorded in its provenance.
func Topic(runSeed, i int64, topics []schemas.TopicRef, generator string) schemas.Record {
	seed := schemas.Seed{Index: i, RunSeed: runSeed, Pathway: schemas.PathwayTopics, Topics: topics}
	seed.ID = row.Hash("seed", strconv.FormatInt(runSeed, 10), strconv.FormatInt(i, 10), strings.Join(row.TopicIDs(seed), "+"))
	rec := schemas.Record{
		Seed: seed,
		Provenance: schemas.Provenance{
			Generator:     generator,
			Models:        map[string]string{},
			ArrowsVersion: version.Version,
			RunSeed:       runSeed,
			Pathway:       schemas.PathwayTopics,
		},
	}
	rec.ID = row.ID(&rec)
	return rec
}

// FromRow builds the seed row of a row read from a seed corpus.
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
func FromRow(in schemas.Record, runSeed int64) schemas.Record {
	prov := schemas.Provenance{
		Generator:     in.Provenance.Generator,
		Models:        map[string]string{},
		PromptVersion: in.Provenance.PromptVersion,
		ArrowsVersion: version.Version,
		RunSeed:       runSeed,
		Pathway:       schemas.PathwaySeeds,
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
		rec.Seed = schemas.Seed{ID: in.Seed.ID, Index: in.Seed.Index, RunSeed: runSeed, Pathway: schemas.PathwaySeeds, Source: &src}
		rec.Problem, rec.Solution = src.Problem, src.Solution
		rec.Provenance.Generator = ""
		rec.Provenance.PromptVersion = ""
		if src.Program != "" {
			rec.Program = &schemas.Program{Source: src.Program, Hash: row.SHA256(src.Program), Template: "source"}
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
			id = row.Hash("arrows-seed", origin.File, fmt.Sprint(origin.Line), in.Problem)
		}
		rec.Seed = schemas.Seed{ID: id, Index: origin.Line, RunSeed: runSeed, Pathway: schemas.PathwaySeeds, Topics: in.Seed.Topics, Source: src}
		rec.Problem, rec.Solution = in.Problem, in.Solution
	}
	rec.ID = row.ID(&rec)
	return rec
}

// Benchmarks are the benchmark test sets seeds are checked against
// (*decontam.Index).
type Benchmarks interface {
	Check(problem, answer string) (decontam.Match, bool)
	Versions() []string
}

// Admit makes the seed row of a read row (FromRow) and refuses it at
// stage "seed" when the row was a rejected arrows row (rejected_parent) or
// its problem is a benchmark test item (benchmark_seed, with the match);
// with idx nil the benchmark check is skipped. An admitted seed records
// what it was checked against in Provenance.Decontam.
func Admit(in schemas.Record, runSeed int64, idx Benchmarks) row.Outcome {
	rec := FromRow(in, runSeed)
	if row.PreviousVerdict(&in) == schemas.VerdictRejected {
		return row.Fail(rec, schemas.StageSeed, ReasonRejectedParent, "the row was rejected; only accepted rows seed evolution")
	}
	if idx == nil {
		return row.Pass(rec)
	}
	src := rec.Seed.Source
	if m, hit := idx.Check(src.Problem, src.Answer); hit {
		out := row.Fail(rec, schemas.StageSeed, ReasonBenchmarkSeed, fmt.Sprintf("%s match (overlap %.2f, %d n-gram hits)", m.Kind, m.Overlap, m.Hits))
		out.Rec.Rejection.Match = m.String()
		return out
	}
	rec.Provenance.Decontam = idx.Versions()
	return row.Pass(rec)
}

// Runner runs a program in the sandbox (*sandbox.Pool).
type Runner interface {
	Run(ctx context.Context, req sandbox.Request) schemas.Execution
}

// Completer is the LLM call: it completes req on behalf of rec, charging
// the response's usage to rec (usage.Meter).
type Completer interface {
	Complete(ctx context.Context, rec *schemas.Record, req llm.Request) (llm.Response, error)
}

// Auditor gives every seed a program and keeps it only when it reproduces
// the seed's reference answer: the audit of the seed corpus.
type Auditor struct {
	// Runner executes the seed programs.
	Runner Runner
	// Checker compares a program's result with the reference answer.
	Checker *answer.Checker
	// Completer and GeneratorModel write programs for seeds that come
	// without one (nil: such seeds are rejected with needs_llm).
	Completer      Completer
	GeneratorModel string
}

// Program gives the seed row its program and checks it. Seeds without a
// program get one from the generator model (seed-program prompt: problem
// and reference solution); seeds that come with one (arrows triples,
// corpora with a program field) keep theirs. The program runs in the
// sandbox and its result must equal the reference answer (CompareText of
// the result's LaTeX against the reference, CompareValue when that cannot
// decide). Every failure is a rejection at stage "seed":
// seed_program_mismatch, seed_program_<status>, seed_program_<parse
// reason>, seed_program_truncated, llm_<reason>, no_reference_answer,
// needs_llm.
func (a *Auditor) Program(ctx context.Context, rec schemas.Record) row.Outcome {
	src := rec.Seed.Source
	if src == nil || src.Answer == "" {
		return row.Fail(rec, schemas.StageSeed, ReasonNoReference, "the seed has no reference answer to reproduce")
	}
	if rec.Program == nil {
		if a.Completer == nil {
			return row.Fail(rec, schemas.StageSeed, ReasonNeedsLLM, "the seed has no program; writing one needs --backend=llm")
		}
		msgs, ver := prompts.SeedProgram(src.Problem, src.Solution)
		rec.Provenance.Generator = env.BackendLLM
		rec.Provenance.PromptVersion = ver
		rec.Provenance.Models = map[string]string{"generator": a.GeneratorModel}
		resp, err := a.Completer.Complete(ctx, &rec, llm.Request{Role: llm.RoleGenerator, PromptVersion: ver, Messages: msgs, Item: rec.Seed.ID})
		if err != nil {
			return row.Fail(rec, schemas.StageSeed, "llm_"+llm.Reason(err), err.Error())
		}
		if resp.Truncated() {
			return row.Fail(rec, schemas.StageSeed, "seed_program_truncated", "the completion hit max_tokens")
		}
		code, err := prompts.ParseProgram(resp.Content)
		if err != nil {
			return row.Fail(rec, schemas.StageSeed, "seed_program_"+prompts.ReasonOr(err, "unparsable"), err.Error())
		}
		rec.Program = &schemas.Program{Source: code, Hash: row.SHA256(code), Template: ver}
	}
	ex := a.Runner.Run(ctx, sandbox.Request{Code: rec.Program.Source, Analyze: true})
	rec.Execution = &ex
	rec.ID = row.ID(&rec)
	if ex.Status != schemas.StatusOK || ex.Result == nil {
		return row.Fail(rec, schemas.StageSeed, "seed_program_"+ex.Status, ex.Error)
	}
	out := a.Checker.CompareText(ctx, ex.Result.Latex, src.Answer)
	if out.Verdict == answer.Undecided {
		if alt := a.Checker.CompareValue(ctx, src.Answer, *ex.Result); alt.Verdict != answer.Undecided {
			out = alt
		}
	}
	if out.Verdict != answer.Equal {
		return row.Fail(rec, schemas.StageSeed, ReasonSeedMismatch,
			fmt.Sprintf("the program returns %s, the reference answer is %s (%s: %s)", row.Clip(ex.Result.Latex, 200), row.Clip(src.Answer, 200), out.Verdict, out.Reason))
	}
	return row.Pass(rec)
}

// Key orders seeds for a capped sample: a hash of the seed id (then the id).
type Key struct {
	Hash uint64 `json:"hash"`
	ID   string `json:"id"`
}

// KeyOf is the sample key of a seed row.
func KeyOf(rec schemas.Record) Key {
	sum := sha256.Sum256([]byte("arrows-seed-sample\x00" + rec.Seed.ID))
	return Key{Hash: binary.LittleEndian.Uint64(sum[:8]), ID: rec.Seed.ID}
}

// Less orders keys: the n smallest keys are the deterministic sample of n
// seeds, whatever the file order or runner.
func Less(a, b Key) bool {
	if a.Hash != b.Hash {
		return a.Hash < b.Hash
	}
	return a.ID < b.ID
}
