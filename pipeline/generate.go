// Package pipeline assembles the arrows job graphs from the stages in
// transforms. Each job reads top to bottom like its diagram; ARCHITECTURE.md
// at the repository root draws both jobs and names, for each stage, the
// file of its Beam adapter and the package of its logic.
package pipeline

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/transforms"
)

// GenerateConfig is everything `arrows generate` needs. It is plain data and
// reaches workers only inside DoFns.
type GenerateConfig struct {
	// Env is what every stage shares: sandbox, LLM backend (nil: offline),
	// run seed and answer tolerance.
	Env env.Env
	// Seeds configures the topic seeds (Seeds.N of them; 0 with the seeds
	// pathway alone).
	Seeds transforms.SeedConfig
	// Out is the output directory (local path or gs:// URL).
	Out string
	// Shards is the number of part files per output directory; 0 picks one
	// shard per 10,000 seeds (at least 1).
	Shards int
	// Dedup and Decontam configure the stages between verification and
	// the outputs; nil skips a stage.
	Dedup    *transforms.DedupConfig
	Decontam *transforms.DecontamConfig
	// Card is extra dataset-card metadata (licence, command line); the
	// job fills in what it knows (generator, versions, run seed).
	Card report.CardMeta
	// SeedsPathway, when set, adds the seeds pathway's evolved programs
	// (see SeedsConfig); Seeds.N may then be 0 for a seeds-only job.
	SeedsPathway *SeedsConfig
	// ProgressKey, when set, counts rows into the process-local progress
	// counts (internal/progress) for a live line on local runs.
	ProgressKey string
}

// DefaultGenerateConfig is the embedded default run: 200 seeds, offline
// generator, run seed 1, output ./out.
func DefaultGenerateConfig() GenerateConfig {
	return GenerateConfig{
		Env:      env.Default(),
		Seeds:    transforms.SeedConfig{N: 200, OfflineOnly: true},
		Out:      "./out",
		Dedup:    ptr(transforms.DefaultDedupConfig()),
		Decontam: ptr(transforms.DefaultDecontamConfig()),
	}
}

func ptr[T any](v T) *T { return &v }

// Validate reports configuration mistakes before anything runs, as
// *env.FieldError values naming the field (e.g. "Seeds.N").
func (c GenerateConfig) Validate() error {
	if c.Seeds.N < 0 || (c.Seeds.N == 0 && c.SeedsPathway == nil) {
		return env.Errorf("Seeds.N", "must be positive, got %d", c.Seeds.N)
	}
	if c.Out == "" {
		return env.Errorf("Out", "is required")
	}
	if err := env.In("Env", c.Env.Validate()); err != nil {
		return err
	}
	if err := validateCleaning(c.Dedup, c.Decontam); err != nil {
		return err
	}
	if c.SeedsPathway != nil {
		return env.In("SeedsPathway", c.SeedsPathway.Validate(c.Env))
	}
	return nil
}

func (c GenerateConfig) shards() int {
	if c.Shards > 0 {
		return c.Shards
	}
	total := c.Seeds.N
	if c.SeedsPathway != nil {
		total += c.SeedsPathway.MaxSeeds
	}
	n := int(total/10000) + 1
	if n > 1000 {
		n = 1000
	}
	return n
}

// Generate builds the generate job. Its programs come from one or both
// synthesis pathways — topics (seed → generate, from cfg.Seeds.N sampled
// topic seeds) and seeds (cfg.SeedsPathway: seed problems → seed programs
// → evolved programs, see SeedPrograms) — and then share every later stage:
// execute → translate → verify → dedup → decontaminate → write, with every
// rejected row written beside the accepted ones, reproduced seed rows in
// seeds/, unreadable seed lines in deadletter/, a stats.json funnel, the
// dataset card (README.md) and report.html.
func Generate(s beam.Scope, cfg GenerateConfig) {
	e := cfg.Env
	var executed, rejected []beam.PCollection
	if cfg.Seeds.N > 0 {
		seeds := transforms.Seeds(s, e, cfg.Seeds)
		programs, rejGen := transforms.Generate(s, e, seeds)
		ex, rejExec := transforms.Execute(s, e, programs)
		executed = append(executed, ex)
		rejected = append(rejected, rejGen, rejExec)
	}
	shards := cfg.shards()
	dead := transforms.NoDeadLetters(s)
	if cfg.SeedsPathway != nil {
		sp := SeedPrograms(s, e, *cfg.SeedsPathway)
		executed = append(executed, sp.Executed)
		rejected = append(rejected, sp.Rejected)
		dead = sp.Dead
		transforms.WriteRecords(s.Scope("Seeds"), transforms.JoinPath(cfg.Out, "seeds"), shards, sp.Reproduced)
	}
	// deadletter/ is always written (empty part files when nothing was
	// dead-lettered), like verify's, so every run has the same layout.
	transforms.WriteDeadLetters(s, transforms.JoinPath(cfg.Out, "deadletter"), shards, dead)
	translated, rejTrans := transforms.Translate(s, e, beam.Flatten(s, executed...))
	verified, rejVerify := transforms.Verify(s, e, translated)
	rejected = append(rejected, rejTrans, rejVerify)
	transforms.TrackProgress(s, cfg.ProgressKey, verified, rejected...)
	accepted, rejClean := clean(s, cfg.Dedup, cfg.Decontam, verified)

	// No Flatten of rows (on prism each one holds the whole collection):
	// the writers and the statistics take the collections as they are.
	rejected = append(rejected, rejClean...)
	transforms.WriteRecords(s.Scope("Accepted"), transforms.JoinPath(cfg.Out, "accepted"), shards, accepted)
	transforms.WriteRecords(s.Scope("Rejected"), transforms.JoinPath(cfg.Out, "rejected"), shards, rejected...)
	st := transforms.Stats(s, dead, append([]beam.PCollection{accepted}, rejected...)...)
	none := transforms.NoDeadLetters(s)
	transforms.WriteStats(s, cfg.Out, st, none)
	transforms.WriteReport(s, cfg.Out, cfg.cardMeta(), cfg.Decontam, st, none)
}

// cardMeta is the dataset-card metadata the configuration knows.
func (c GenerateConfig) cardMeta() report.CardMeta {
	m := c.Card
	m.Generator = c.Env.Backend()
	m.Models = c.Env.Models()
	m.VerifierVersion = verify.Version
	m.ArrowsVersion = version.Version
	seed := c.Env.RunSeed
	m.RunSeed = &seed
	return m
}

// clean applies the stages between verification and the outputs:
// deduplication, then decontamination (each skipped when nil).
func clean(s beam.Scope, dd *transforms.DedupConfig, dc *transforms.DecontamConfig, in beam.PCollection) (accepted beam.PCollection, rejected []beam.PCollection) {
	accepted = in
	if dd != nil {
		var rej beam.PCollection
		accepted, rej = transforms.Dedup(s, *dd, accepted)
		rejected = append(rejected, rej)
	}
	if dc != nil {
		var rej beam.PCollection
		accepted, rej = transforms.Decontaminate(s, *dc, accepted)
		rejected = append(rejected, rej)
	}
	return accepted, rejected
}

func validateCleaning(dd *transforms.DedupConfig, dc *transforms.DecontamConfig) error {
	if dd != nil {
		if err := dd.Validate(); err != nil {
			return env.In("Dedup", err)
		}
	}
	if dc != nil {
		return env.In("Decontam", dc.Validate())
	}
	return nil
}
