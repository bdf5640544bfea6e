package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/transforms"
)

// VerifyJobConfig is everything `arrows verify` needs.
type VerifyJobConfig struct {
	Read    transforms.ReadConfig
	Sandbox transforms.SandboxConfig
	Verify  transforms.VerifyConfig
	Out     string
	Shards  int
	// Dedup and Decontam, when set, apply the generate job's stages to the
	// re-verified rows (both off by default: re-verification keeps every
	// row it can check).
	Dedup    *transforms.DedupConfig
	Decontam *transforms.DecontamConfig
	// Card is extra dataset-card metadata for README.md.
	Card report.CardMeta
	// ProgressKey: see GenerateConfig.ProgressKey.
	ProgressKey string
}

// DefaultVerifyJobConfig returns the defaults of `arrows verify`.
func DefaultVerifyJobConfig() VerifyJobConfig {
	return VerifyJobConfig{
		Read:    transforms.ReadConfig{Format: string(corpus.FormatArrows)},
		Sandbox: transforms.DefaultSandboxConfig(),
		Verify:  transforms.VerifyConfig{RelTol: 1e-6},
		Shards:  1,
	}
}

// Validate reports configuration mistakes before anything runs.
func (c VerifyJobConfig) Validate() error {
	if len(c.Read.Globs) == 0 {
		return fmt.Errorf("--in is required (a file pattern, local or gs://)")
	}
	if _, err := corpus.ParseFormat(c.Read.Format); err != nil {
		return err
	}
	if c.Out == "" {
		return fmt.Errorf("--out is required")
	}
	if c.Shards < 1 {
		return fmt.Errorf("--shards must be at least 1")
	}
	return validateCleaning(c.Dedup, c.Decontam)
}

// Verify builds the re-verification job: read → (rows with programs:
// execute → verify both ways | rows without: reference answer and step
// arithmetic) → (optionally dedup → decontaminate) → write accepted/,
// rejected/, deadletter/, stats.json, README.md and report.html. Every input
// line ends in exactly one of the three outputs.
func Verify(s beam.Scope, cfg VerifyJobConfig) {
	cfg.Verify.Sandbox = cfg.Sandbox
	records, dead := transforms.ReadCorpus(s, cfg.Read)
	withProgram, without := transforms.SplitPrograms(s, records)

	executed, rejExec := transforms.Execute(s, cfg.Sandbox, withProgram)
	verifiedProg, rejProg := transforms.Verify(s, cfg.Verify, executed)
	verifiedRef, rejRef := transforms.VerifyReferences(s, cfg.Verify, without)

	verified := beam.Flatten(s, verifiedProg, verifiedRef)
	transforms.TrackProgress(s, cfg.ProgressKey, verified, rejExec, rejProg, rejRef)
	accepted, rejClean := clean(s, cfg.Dedup, cfg.Decontam, verified)
	rejected := beam.Flatten(s, append([]beam.PCollection{rejExec, rejProg, rejRef}, rejClean...)...)
	transforms.WriteRecords(s.Scope("Accepted"), transforms.JoinPath(cfg.Out, "accepted"), cfg.Shards, accepted)
	transforms.WriteRecords(s.Scope("Rejected"), transforms.JoinPath(cfg.Out, "rejected"), cfg.Shards, rejected)
	transforms.WriteDeadLetters(s, transforms.JoinPath(cfg.Out, "deadletter"), cfg.Shards, dead)
	st := transforms.Stats(s, beam.Flatten(s, accepted, rejected))
	transforms.WriteStats(s, cfg.Out, st, dead)
	meta := cfg.Card
	meta.VerifierVersion = verify.Version
	meta.ArrowsVersion = version.Version
	transforms.WriteReport(s, cfg.Out, meta, cfg.Decontam, st, dead)
}
