package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// Pathways of `arrows generate`.
const (
	PathwayTopics = schemas.PathwayTopics
	PathwaySeeds  = schemas.PathwaySeeds
	PathwayMixed  = "mixed"
)

// SeedsConfig configures the seeds pathway: programs from seed problems,
// evolved into new programs. It is plain data; what it shares with the
// rest of the job (backend, sandbox, run seed, tolerance) is the job's
// env.Env.
type SeedsConfig struct {
	// Read names the seed corpus: globs and format (arrows, gsm8k, math,
	// jsonl with field mapping), as `arrows verify` reads it.
	Read transforms.ReadConfig
	// MaxSeeds caps the number of seed problems (0: all); the kept seeds
	// are a deterministic sample (transforms.LimitSeeds).
	MaxSeeds int64
	// SeedDecontam checks seed problems against the benchmark test sets
	// (nil: no check); a match is refused as a benchmark seed.
	SeedDecontam *transforms.DecontamConfig
	// Evolve holds the evolution operators (evolve.Operators), the
	// children per parent and operator, and the perturbations tried per
	// perturb_givens child; Depth is the length of evolution chains (each
	// level evolves the previous level's children).
	Evolve transforms.EvolveConfig
	Depth  int
}

// DefaultSeedsConfig returns the defaults: GSM8K-format seeds,
// perturb_givens, depth 1, one variant per operator, every benchmark
// checked.
func DefaultSeedsConfig() SeedsConfig {
	return SeedsConfig{
		Read:         transforms.ReadConfig{Format: string(corpus.FormatGSM8K), Pathway: PathwaySeeds},
		SeedDecontam: ptr(transforms.DefaultDecontamConfig()),
		Evolve:       transforms.EvolveConfig{Operators: []string{evolve.OpPerturbGivens}, Variants: 1, Attempts: evolve.DefaultAttempts},
		Depth:        1,
	}
}

// Validate reports configuration mistakes before anything runs, as
// *env.FieldError values; e is the job's environment (its backend decides
// which operators are available).
func (c SeedsConfig) Validate(e env.Env) error {
	if len(c.Read.Globs) == 0 {
		return env.Errorf("Read.Globs", "is required with the seeds and mixed pathways (a file pattern, local or gs://)")
	}
	if _, err := corpus.ParseFormat(c.Read.Format); err != nil {
		return env.In("Read.Format", err)
	}
	if len(c.Evolve.Operators) == 0 {
		return env.Errorf("Evolve.Operators", "is empty: no evolution operator")
	}
	for _, op := range c.Evolve.Operators {
		if _, err := evolve.ParseOperators(op, e.LLM != nil); err != nil {
			return env.In("Evolve.Operators", err)
		}
	}
	if c.Depth < 1 || c.Depth > 5 {
		return env.Errorf("Depth", "must be 1 to 5, got %d", c.Depth)
	}
	if c.Evolve.Variants < 1 || c.Evolve.Variants > 16 {
		return env.Errorf("Evolve.Variants", "must be 1 to 16, got %d", c.Evolve.Variants)
	}
	if c.Evolve.Attempts < 1 || c.Evolve.Attempts > 50 {
		return env.Errorf("Evolve.Attempts", "must be 1 to 50, got %d", c.Evolve.Attempts)
	}
	if c.MaxSeeds < 0 {
		return env.Errorf("MaxSeeds", "must not be negative, got %d", c.MaxSeeds)
	}
	if c.SeedDecontam != nil {
		return env.In("SeedDecontam", c.SeedDecontam.Validate())
	}
	return nil
}

// MixCounts splits n outputs' worth of seeds between the pathways of a
// mixed job: ratio (0..1) of them are seed problems, the rest topic seeds.
func MixCounts(n int64, ratio float64) (topics, seeds int64) {
	if ratio <= 0 {
		return n, 0
	}
	if ratio >= 1 {
		return 0, n
	}
	seeds = int64(float64(n)*ratio + 0.5)
	return n - seeds, seeds
}

// SeedsResult is what the seeds pathway hands to the shared stages.
type SeedsResult struct {
	// Executed are evolved programs, already executed in the sandbox (the
	// operators' checks need their results): they join the topics
	// pathway's executed programs before translation. Each carries
	// Seed (pathway "seeds", Source = the seed problem or parent triple),
	// Program.Evolution and Provenance.Evolution (operator, parent program
	// hash, root seed id, depth) and a draft Problem that translation
	// replaces.
	Executed beam.PCollection
	// Reproduced are the seed rows whose program reproduced the reference
	// answer (seed problem, reference solution, seed program, execution):
	// the accepted side of the seed-corpus audit, for <out>/seeds/.
	Reproduced beam.PCollection
	// Rejected are refused seeds (stage "seed": benchmark_seed,
	// seed_program_mismatch, …) and failed evolutions (stages "generate"
	// and "execute"), for <out>/rejected/.
	Rejected beam.PCollection
	// Dead are unreadable seed lines (schemas.DeadLetter).
	Dead beam.PCollection
}

// SeedPrograms builds the seeds pathway up to executed evolved programs:
//
//	read seeds → [cap] → seed rows + benchmark check → seed program
//	(LLM or the seed's own) → execute → must reproduce the reference answer
//	→ evolve (depth 1) → evolve (depth 2) … → executed children
//
// Every seed read ends in exactly one of Rejected (stage "seed") or
// Reproduced; every evolution candidate ends in exactly one of Executed or
// Rejected (stages "generate"/"execute"), so candidates = parents ×
// operators × variants at each depth.
func SeedPrograms(s beam.Scope, e env.Env, cfg SeedsConfig) SeedsResult {
	s = s.Scope("SeedsPathway")
	read := cfg.Read
	read.Pathway = PathwaySeeds
	records, dead := transforms.ReadCorpus(s, read)
	records = transforms.LimitSeeds(s, cfg.MaxSeeds, records)
	seedRows, rejSeed := transforms.SeedRows(s, e, cfg.SeedDecontam, records)
	reproduced, rejProg := transforms.SeedPrograms(s, e, seedRows)

	rejected := []beam.PCollection{rejSeed, rejProg}
	var levels []beam.PCollection
	parents := reproduced
	for d := 1; d <= max(cfg.Depth, 1); d++ {
		children, rej := transforms.Evolve(s.Scope(fmt.Sprintf("Depth%d", d)), e, cfg.Evolve, parents)
		levels = append(levels, children)
		rejected = append(rejected, rej)
		parents = children
	}
	return SeedsResult{
		Executed:   beam.Flatten(s, levels...),
		Reproduced: reproduced,
		Rejected:   beam.Flatten(s, rejected...),
		Dead:       dead,
	}
}

// GenerateSeeds builds a generate job of the seeds pathway alone: seed
// programs and their evolutions (SeedPrograms) → translate → verify →
// dedup → decontaminate → write (see Generate). cfg supplies the
// environment, cleaning and outputs (its topic seeds are ignored).
func GenerateSeeds(s beam.Scope, cfg GenerateConfig, sc SeedsConfig) {
	cfg.Seeds.N = 0
	cfg.SeedsPathway = &sc
	Generate(s, cfg)
}
