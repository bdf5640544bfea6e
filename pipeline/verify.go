package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/transforms"
)

// VerifyJobConfig is everything `arrows verify` needs.
type VerifyJobConfig struct {
	Read    transforms.ReadConfig
	Sandbox transforms.SandboxConfig
	Verify  transforms.VerifyConfig
	Out     string
	Shards  int
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
	return nil
}

// Verify builds the re-verification job: read → (rows with programs:
// execute → verify both ways | rows without: reference answer and step
// arithmetic) → write accepted/, rejected/, deadletter/ and stats.json. Every
// input line ends in exactly one of the three outputs.
func Verify(s beam.Scope, cfg VerifyJobConfig) {
	cfg.Verify.Sandbox = cfg.Sandbox
	records, dead := transforms.ReadCorpus(s, cfg.Read)
	withProgram, without := transforms.SplitPrograms(s, records)

	executed, rejExec := transforms.Execute(s, cfg.Sandbox, withProgram)
	verifiedProg, rejProg := transforms.Verify(s, cfg.Verify, executed)
	verifiedRef, rejRef := transforms.VerifyReferences(s, cfg.Verify, without)

	accepted := beam.Flatten(s, verifiedProg, verifiedRef)
	rejected := beam.Flatten(s, rejExec, rejProg, rejRef)
	transforms.WriteRecords(s.Scope("Accepted"), transforms.JoinPath(cfg.Out, "accepted"), cfg.Shards, accepted)
	transforms.WriteRecords(s.Scope("Rejected"), transforms.JoinPath(cfg.Out, "rejected"), cfg.Shards, rejected)
	transforms.WriteDeadLetters(s, transforms.JoinPath(cfg.Out, "deadletter"), cfg.Shards, dead)
	st := transforms.Stats(s, beam.Flatten(s, accepted, rejected))
	transforms.WriteStats(s, cfg.Out, st, dead)
}
