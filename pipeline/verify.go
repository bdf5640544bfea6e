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
// arithmetic) → (optionally dedup → decontaminate) → write accepted/,
// rejected/, deadletter/, stats.json, README.md and report.html. Every input
// line ends in exactly one of the three outputs.
//
// Its memory does not grow with the input on any runner, prism included
// (where every stage boundary — Flatten, GroupByKey, Reshuffle, side
// input — holds the whole collection crossing it, in one bundle): the
// rows never cross a stage boundary. Reading, verification, the output
// writers' sorted runs and the statistics' partial sums all run fused,
// one range of input lines at a time; only ranges, run names and partial
// statistics cross stages. The one exception is --dedup, which must bring
// all rows together.
func Verify(s beam.Scope, cfg VerifyJobConfig) {
	e := cfg.Env
	records, dead := transforms.ReadCorpus(s, cfg.Read)
	withProgram, without := transforms.SplitPrograms(s, records)

	executed, rejExec := transforms.Execute(s, e, withProgram)
	verifiedProg, rejProg := transforms.Verify(s, e, executed)
	verifiedRef, rejRef := transforms.VerifyReferences(s, e, without)

	transforms.TrackProgress(s, cfg.ProgressKey, verifiedProg, rejExec, rejProg, rejRef)
	transforms.TrackProgress(s, cfg.ProgressKey, verifiedRef)
	accepted, rejClean := cleanBranches(s, cfg.Dedup, cfg.Decontam, verifiedProg, verifiedRef)
	rejected := append([]beam.PCollection{rejExec, rejProg, rejRef}, rejClean...)
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

// cleanBranches applies the optional cleaning stages to the verified rows,
// kept in their branches (each flows on fused with its producer) unless
// dedup needs them together.
func cleanBranches(s beam.Scope, dd *transforms.DedupConfig, dc *transforms.DecontamConfig, branches ...beam.PCollection) (accepted, rejected []beam.PCollection) {
	if dd != nil {
		kept, rej := clean(s, dd, dc, beam.Flatten(s, branches...))
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
