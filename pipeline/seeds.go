package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/transforms"
)

// Pathways of `arrows generate`.
const (
	PathwayTopics = "topics"
	PathwaySeeds  = transforms.PathwaySeeds
	PathwayMixed  = "mixed"
)

// SeedsConfig configures the seeds pathway: programs from seed problems,
// evolved into new programs. It is plain data.
type SeedsConfig struct {
	// Read names the seed corpus: globs and format (arrows, gsm8k, math,
	// jsonl with field mapping), as `arrows verify` reads it.
	Read transforms.ReadConfig
	// MaxSeeds caps the number of seed problems (0: all); the kept seeds
	// are a deterministic sample (transforms.LimitSeeds).
	MaxSeeds int64
	RunSeed  int64
	// Backend is offline or llm. Offline, only seeds that come with a
	// program (arrows triples, a jsonl program field) can be used, and only
	// perturb_givens applies.
	Backend string
	Sandbox transforms.SandboxConfig
	// RelTol is the tolerance of the reference-answer check.
	RelTol float64
	LLM    *transforms.LLMConfig
	// SeedDecontam checks seed problems against the benchmark test sets
	// (nil: no check); a match is refused as a benchmark seed.
	SeedDecontam *transforms.DecontamConfig
	// Operators are the evolution operators (evolve.Operators); Depth the
	// length of evolution chains (each level evolves the previous level's
	// children); Variants the children per parent and operator; Attempts
	// the perturbations tried per perturb_givens child.
	Operators []string
	Depth     int
	Variants  int
	Attempts  int
}

// DefaultSeedsConfig returns the defaults: GSM8K-format seeds, offline
// backend with perturb_givens, depth 1, one variant per operator, every
// benchmark checked.
func DefaultSeedsConfig() SeedsConfig {
	return SeedsConfig{
		Read:         transforms.ReadConfig{Format: string(corpus.FormatGSM8K), Pathway: PathwaySeeds},
		RunSeed:      1,
		Backend:      transforms.BackendOffline,
		Sandbox:      transforms.DefaultSandboxConfig(),
		RelTol:       1e-6,
		SeedDecontam: ptr(transforms.DefaultDecontamConfig()),
		Operators:    []string{evolve.OpPerturbGivens},
		Depth:        1,
		Variants:     1,
		Attempts:     6,
	}
}

// SeedsFor copies into sc what the seeds pathway shares with a generate
// job: backend, sandbox, LLM, run seed and answer tolerance.
func SeedsFor(g GenerateConfig, sc SeedsConfig) SeedsConfig {
	sc.Backend = g.Backend
	sc.Sandbox = g.Sandbox
	sc.LLM = g.LLM
	sc.RunSeed = g.Seeds.RunSeed
	if g.Verify.RelTol > 0 {
		sc.RelTol = g.Verify.RelTol
	}
	return sc
}

// Validate reports configuration mistakes before anything runs.
func (c SeedsConfig) Validate() error {
	if len(c.Read.Globs) == 0 {
		return fmt.Errorf("--seeds is required with --pathway seeds or mixed (a file pattern, local or gs://)")
	}
	if _, err := corpus.ParseFormat(c.Read.Format); err != nil {
		return fmt.Errorf("--seed-format: %w", err)
	}
	if c.Backend != transforms.BackendOffline && c.Backend != transforms.BackendLLM {
		return fmt.Errorf("--backend must be %q or %q, got %q", transforms.BackendOffline, transforms.BackendLLM, c.Backend)
	}
	llm := c.Backend == transforms.BackendLLM
	if llm && (c.LLM == nil || c.LLM.Client.BaseURL == "") {
		return fmt.Errorf("--backend=llm needs --llm-base-url")
	}
	if len(c.Operators) == 0 {
		return fmt.Errorf("--evolve-ops: no evolution operator")
	}
	for _, op := range c.Operators {
		if _, err := evolve.ParseOperators(op, llm); err != nil {
			return fmt.Errorf("--evolve-ops: %w", err)
		}
	}
	if c.Depth < 1 || c.Depth > 5 {
		return fmt.Errorf("--evolve-depth must be 1 to 5, got %d", c.Depth)
	}
	if c.Variants < 1 || c.Variants > 16 {
		return fmt.Errorf("--evolve-variants must be 1 to 16, got %d", c.Variants)
	}
	if c.Attempts < 1 || c.Attempts > 50 {
		return fmt.Errorf("--evolve-attempts must be 1 to 50, got %d", c.Attempts)
	}
	if c.MaxSeeds < 0 {
		return fmt.Errorf("the seed cap must not be negative, got %d", c.MaxSeeds)
	}
	if c.SeedDecontam != nil {
		return c.SeedDecontam.Validate()
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
func SeedPrograms(s beam.Scope, cfg SeedsConfig) SeedsResult {
	s = s.Scope("SeedsPathway")
	read := cfg.Read
	read.Pathway = PathwaySeeds
	records, dead := transforms.ReadCorpus(s, read)
	records = transforms.LimitSeeds(s, cfg.MaxSeeds, records)
	seeds, rejSeed := transforms.SeedRows(s, transforms.SeedRowsConfig{RunSeed: cfg.RunSeed, Decontam: cfg.SeedDecontam}, records)
	pc := transforms.SeedProgramConfig{Sandbox: cfg.Sandbox, RelTol: cfg.RelTol}
	if cfg.Backend == transforms.BackendLLM {
		pc.LLM = cfg.LLM
	}
	reproduced, rejProg := transforms.SeedPrograms(s, pc, seeds)

	ec := transforms.EvolveConfig{
		Operators: cfg.Operators, Variants: cfg.Variants, Attempts: cfg.Attempts,
		RunSeed: cfg.RunSeed, Sandbox: cfg.Sandbox,
	}
	if cfg.Backend == transforms.BackendLLM {
		ec.LLM = cfg.LLM
	}
	rejected := []beam.PCollection{rejSeed, rejProg}
	var levels []beam.PCollection
	parents := reproduced
	for d := 1; d <= max(cfg.Depth, 1); d++ {
		children, rej := transforms.Evolve(s.Scope(fmt.Sprintf("Depth%d", d)), ec, parents)
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
// dedup → decontaminate → write (see Generate). cfg supplies backend,
// sandbox, LLM, verification, cleaning and outputs (its topic seeds are
// ignored); sc is completed with SeedsFor.
func GenerateSeeds(s beam.Scope, cfg GenerateConfig, sc SeedsConfig) {
	cfg.Seeds.N = 0
	cfg.SeedsPathway = &sc
	Generate(s, cfg)
}
