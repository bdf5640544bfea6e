package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/transforms"
)

// VerifyJobConfig is everything `arrows verify` needs.
type VerifyJobConfig struct {
	// Env is what every stage shares (sandbox, tolerance; no LLM).
	Env    env.Env
	Read   transforms.ReadConfig
	Out    string
	Shards int
	// Dedup and Decontam, when set, apply the generate job's stages to the
	// re-verified rows (both off by default: re-verification keeps every
	// row it can check).
	Dedup    *transforms.DedupConfig
	Decontam *transforms.DecontamConfig
	// Grade, when set, selects answer-only grading (`--answer-only`):
	// every row's final answer is compared with its reference answer, with
	// no problem checks and no program run.
	Grade *transforms.GradeConfig
	// Card is extra dataset-card metadata for README.md.
	Card report.CardMeta
	// ProgressKey: see GenerateConfig.ProgressKey.
	ProgressKey string
	// SpillBytes bounds the encoded rows each output writer holds in memory
	// before writing a sorted run (0: transforms.DefaultSpillBytes).
	SpillBytes int
}

// DefaultVerifyJobConfig returns the defaults of `arrows verify`.
func DefaultVerifyJobConfig() VerifyJobConfig {
	return VerifyJobConfig{
		Env:    env.Default(),
		Read:   transforms.ReadConfig{Format: string(corpus.FormatArrows)},
		Shards: 1,
	}
}

// Validate reports configuration mistakes before anything runs, as
// *env.FieldError values naming the field (e.g. "Read.Globs").
func (c VerifyJobConfig) Validate() error {
	if len(c.Read.Globs) == 0 {
		return env.Errorf("Read.Globs", "is required (a file pattern, local or gs://)")
	}
	if _, err := corpus.ParseFormat(c.Read.Format); err != nil {
		return env.In("Read.Format", err)
	}
	if c.Out == "" {
		return env.Errorf("Out", "is required")
	}
	if c.Shards < 1 {
		return env.Errorf("Shards", "must be at least 1")
	}
	if err := env.In("Env", c.Env.Validate()); err != nil {
		return err
	}
	return validateCleaning(c.Dedup, c.Decontam)
}

// Verify builds the re-verification job: read → (rows with programs:
// execute → verify both ways | rows without: reference answer and step
// arithmetic; with Grade set, every row: its final answer against its
// reference, nothing else) → (optionally dedup → decontaminate) → write accepted/,
// rejected/, deadletter/, stats.json, README.md and report.html. Every input
// line ends in exactly one of the three outputs.
//
// Its memory does not grow with the input on any runner, prism included
// (where every stage boundary — Flatten, GroupByKey, Reshuffle, side
// input — holds the whole collection crossing it, in one bundle): the
// rows never cross a stage boundary. Reading, verification, the output
// writers' sorted runs and the statistics' partial sums all run fused,
// one range of input lines at a time; only ranges, run names and partial
// statistics cross stages. --dedup stages the rows as sorted runs where
// they are produced and brings only compact keys together (transforms.Dedup).
func Verify(s beam.Scope, cfg VerifyJobConfig) {
	records, dead := transforms.ReadCorpus(s, cfg.Read)
	verified, rejected := verifyRows(s, cfg, records)
	transforms.TrackProgress(s, cfg.ProgressKey, verified[0], rejected...)
	for _, v := range verified[1:] {
		transforms.TrackProgress(s, cfg.ProgressKey, v)
	}
	accepted, rejClean := cleanBranches(s, cfg.Out, cfg.Dedup, cfg.Decontam, verified...)
	rejected = append(rejected, rejClean...)
	transforms.WriteRecordsSpilling(s.Scope("Accepted"), transforms.JoinPath(cfg.Out, "accepted"), cfg.Shards, cfg.SpillBytes, accepted...)
	transforms.WriteRecordsSpilling(s.Scope("Rejected"), transforms.JoinPath(cfg.Out, "rejected"), cfg.Shards, cfg.SpillBytes, rejected...)
	transforms.WriteDeadLettersSpilling(s, transforms.JoinPath(cfg.Out, "deadletter"), cfg.Shards, cfg.SpillBytes, dead)
	// The dead letters are counted in the statistics like the rows, not
	// passed to the writers as a side input (which would hold them all).
	st := transforms.Stats(s, dead, append(accepted, rejected...)...)
	none := transforms.NoDeadLetters(s)
	transforms.WriteStats(s, cfg.Out, st, none)
	meta := cfg.Card
	meta.VerifierVersion = verify.Version
	meta.ArrowsVersion = version.Version
	transforms.WriteReport(s, cfg.Out, meta, cfg.Decontam, st, none)
}

// verifyRows verifies the rows read: answer-only grading when cfg.Grade is
// set, else rows with programs are re-executed and verified both ways and
// rows without are checked against their reference answers.
func verifyRows(s beam.Scope, cfg VerifyJobConfig, records beam.PCollection) (verified, rejected []beam.PCollection) {
	e := cfg.Env
	if cfg.Grade != nil {
		ok, rej := transforms.GradeAnswers(s, e, *cfg.Grade, records)
		return []beam.PCollection{ok}, []beam.PCollection{rej}
	}
	withProgram, without := transforms.SplitPrograms(s, records)
	executed, rejExec := transforms.Execute(s, e, withProgram)
	verifiedProg, rejProg := transforms.Verify(s, e, executed)
	verifiedRef, rejRef := transforms.VerifyReferences(s, e, without)
	return []beam.PCollection{verifiedProg, verifiedRef}, []beam.PCollection{rejExec, rejProg, rejRef}
}

// cleanBranches applies the optional cleaning stages to the verified rows,
// kept in their branches (each flows on fused with its producer; dedup
// stages each branch's rows where they are produced).
func cleanBranches(s beam.Scope, out string, dd *transforms.DedupConfig, dc *transforms.DecontamConfig, branches ...beam.PCollection) (accepted, rejected []beam.PCollection) {
	if dd != nil {
		kept, rej := clean(s, out, dd, dc, branches...)
		return []beam.PCollection{kept}, rej
	}
	if dc == nil {
		return branches, nil
	}
	for i, b := range branches {
		kept, rej := transforms.Decontaminate(s.Scope(fmt.Sprintf("Branch%d", i)), *dc, b)
		accepted = append(accepted, kept)
		rejected = append(rejected, rej)
	}
	return accepted, rejected
}
