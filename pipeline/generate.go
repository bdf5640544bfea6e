// Package pipeline assembles the arrows job graphs from the stages in
// transforms. Each job reads top to bottom like its diagram.
package pipeline

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/transforms"
)

// GenerateConfig is everything `arrows generate` needs. It is plain data and
// reaches workers only inside DoFns.
type GenerateConfig struct {
	Seeds   transforms.SeedConfig
	Backend string
	Sandbox transforms.SandboxConfig
	Verify  transforms.VerifyConfig
	// LLM configures the llm backend (and the blind re-solve / judge checks).
	LLM *transforms.LLMConfig
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
	// registry (transforms.RegisterProgress) for a live line on local runs.
	ProgressKey string
}

// DefaultGenerateConfig is the embedded default run: 200 seeds, offline
// generator, run seed 1, output ./out.
func DefaultGenerateConfig() GenerateConfig {
	return GenerateConfig{
		Seeds: transforms.SeedConfig{
			N: 200, RunSeed: 1, OfflineOnly: true, Generator: transforms.BackendOffline,
		},
		Backend:  transforms.BackendOffline,
		Sandbox:  transforms.DefaultSandboxConfig(),
		Verify:   transforms.VerifyConfig{RelTol: 1e-6},
		Out:      "./out",
		Dedup:    ptr(transforms.DefaultDedupConfig()),
		Decontam: ptr(transforms.DefaultDecontamConfig()),
	}
}

func ptr[T any](v T) *T { return &v }

// Validate reports configuration mistakes before anything runs.
func (c GenerateConfig) Validate() error {
	if c.Seeds.N < 0 || (c.Seeds.N == 0 && c.SeedsPathway == nil) {
		return fmt.Errorf("--n must be positive, got %d", c.Seeds.N)
	}
	if c.Out == "" {
		return fmt.Errorf("--out is required")
	}
	if c.Backend != transforms.BackendOffline && c.Backend != transforms.BackendLLM {
		return fmt.Errorf("--backend must be %q or %q, got %q", transforms.BackendOffline, transforms.BackendLLM, c.Backend)
	}
	if err := validateCleaning(c.Dedup, c.Decontam); err != nil {
		return err
	}
	if c.SeedsPathway != nil {
		if err := SeedsFor(c, *c.SeedsPathway).Validate(); err != nil {
			return err
		}
	}
	if c.Backend == transforms.BackendLLM {
		if c.LLM == nil || c.LLM.Client.BaseURL == "" {
			return fmt.Errorf("--backend=llm needs --llm-base-url")
		}
		for _, role := range []llm.Role{llm.RoleGenerator, llm.RoleTranslator} {
			if c.LLM.Client.Models[role] == "" {
				return fmt.Errorf("--backend=llm needs a model for the %s: --llm-model or --llm-%s-model", role, role)
			}
		}
		if c.LLM.BlindSolve && c.LLM.Client.Models[llm.RoleSolver] == "" {
			return fmt.Errorf("the blind re-solve check needs a solver model: --llm-model or --llm-solver-model")
		}
		if c.LLM.Judge && c.LLM.Client.Models[llm.RoleJudge] == "" {
			return fmt.Errorf("--judge needs a judge model: --llm-model or --llm-judge-model")
		}
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
	cfg.Verify.Sandbox = cfg.Sandbox // execution and checking share one pool per worker
	if cfg.Backend == transforms.BackendLLM {
		cfg.Verify.LLM = cfg.LLM
	}
	var executed, rejected []beam.PCollection
	if cfg.Seeds.N > 0 {
		seeds := transforms.Seeds(s, cfg.Seeds)
		var programs, rejGen beam.PCollection
		if cfg.Backend == transforms.BackendLLM {
			programs, rejGen = transforms.GenerateLLM(s, *cfg.LLM, seeds)
		} else {
			programs, rejGen = transforms.Generate(s, seeds)
		}
		ex, rejExec := transforms.Execute(s, cfg.Sandbox, programs)
		executed = append(executed, ex)
		rejected = append(rejected, rejGen, rejExec)
	}
	shards := cfg.shards()
	dead := transforms.NoDeadLetters(s)
	if cfg.SeedsPathway != nil {
		sp := SeedPrograms(s, SeedsFor(cfg, *cfg.SeedsPathway))
		executed = append(executed, sp.Executed)
		rejected = append(rejected, sp.Rejected)
		dead = sp.Dead
		transforms.WriteRecords(s.Scope("Seeds"), transforms.JoinPath(cfg.Out, "seeds"), shards, sp.Reproduced)
	}
	// deadletter/ is always written (empty part files when nothing was
	// dead-lettered), like verify's, so every run has the same layout.
	transforms.WriteDeadLetters(s, transforms.JoinPath(cfg.Out, "deadletter"), shards, dead)
	all := beam.Flatten(s, executed...)
	var translated, rejTrans beam.PCollection
	if cfg.Backend == transforms.BackendLLM {
		translated, rejTrans = transforms.TranslateLLM(s, *cfg.LLM, all)
	} else {
		translated, rejTrans = transforms.Translate(s, all)
	}
	verified, rejVerify := transforms.Verify(s, cfg.Verify, translated)
	rejected = append(rejected, rejTrans, rejVerify)
	transforms.TrackProgress(s, cfg.ProgressKey, verified, rejected...)
	accepted, rejClean := clean(s, cfg.Dedup, cfg.Decontam, verified)

	// No Flatten of rows (on prism each one holds the whole collection):
	// the writers and the statistics take the collections as they are.
	rejected = append(rejected, rejClean...)
	transforms.WriteRecords(s.Scope("Accepted"), transforms.JoinPath(cfg.Out, "accepted"), shards, accepted)
	transforms.WriteRecords(s.Scope("Rejected"), transforms.JoinPath(cfg.Out, "rejected"), shards, rejected...)
	st := transforms.StatsWithDeadLetters(s, dead, append([]beam.PCollection{accepted}, rejected...)...)
	none := transforms.NoDeadLetters(s)
	transforms.WriteStats(s, cfg.Out, st, none)
	transforms.WriteReport(s, cfg.Out, cfg.cardMeta(), cfg.Decontam, st, none)
}

// cardMeta is the dataset-card metadata the configuration knows.
func (c GenerateConfig) cardMeta() report.CardMeta {
	m := c.Card
	m.Generator = c.Backend
	if c.Backend == transforms.BackendLLM && c.LLM != nil {
		used := []llm.Role{llm.RoleGenerator, llm.RoleTranslator}
		if c.LLM.BlindSolve {
			used = append(used, llm.RoleSolver)
		}
		if c.LLM.Judge {
			used = append(used, llm.RoleJudge)
		}
		m.Models = map[string]string{}
		for _, role := range used {
			m.Models[string(role)] = c.LLM.Client.Models[role]
		}
	}
	m.VerifierVersion = verify.Version
	m.ArrowsVersion = version.Version
	seed := c.Seeds.RunSeed
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
			return err
		}
	}
	if dc != nil {
		return dc.Validate()
	}
	return nil
}
