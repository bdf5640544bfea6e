package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
)

func generateCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	var (
		n         = fs.Int64("n", 200, "number of seeds to draw")
		seed      = fs.Int64("seed", 1, "run seed: the same seed and --n give the same seeds on any runner")
		out       = fs.String("out", "./out", "output directory (local path or gs://bucket/prefix)")
		backend   = fs.String("backend", env.BackendOffline, "program generator and translator: offline (built in, no LLM) or llm")
		shards    = fs.Int("shards", 0, "part files per output directory (0: one per 10,000 seeds)")
		overwrite = fs.Bool("overwrite", false, "replace the outputs of an earlier run in --out")
		sb        = sandboxFlags(fs)
		lo        = llmFlags(fs)
		co        = cleaningFlags(fs, true, true)
		prog      = progressFlag(fs)
		po        = pathwayFlags(fs)
	)
	return func(ctx context.Context, _ []string) error {
		cfg := pipeline.DefaultGenerateConfig()
		cfg.Seeds.N, cfg.Env.RunSeed = *n, *seed
		cfg.Env.Sandbox = sb.config()
		cfg.Out, cfg.Shards = *out, *shards
		cfg.Dedup, cfg.Decontam = co.configs()
		switch *backend {
		case env.BackendOffline:
		case env.BackendLLM:
			lc, err := lo.config()
			if err != nil {
				return err
			}
			cfg.Env.LLM = lc
			cfg.Seeds.OfflineOnly = false
		default:
			return fmt.Errorf("--backend must be %q or %q, got %q", env.BackendOffline, env.BackendLLM, *backend)
		}
		sc, err := po.apply(&cfg)
		if err != nil {
			return err
		}
		cfg.SeedsPathway = sc
		if err := cfg.Validate(); err != nil {
			return flagError(err)
		}
		runner, err := runners.Prepare(fs)
		if err != nil {
			return err
		}
		if cfg.Env.LLM != nil {
			cfg.Env.LLM.Client.Budget = workerBudget(fs, runner, cfg.Env.LLM.Client.Budget)
		}
		if cfg.Env.LLM != nil && runners.IsLocal(runner) {
			if err := checkAPIKey(cfg.Env.LLM.Client.APIKeyEnv); err != nil {
				return err
			}
		}
		if !runners.DryRun(fs, runner) {
			if sc != nil {
				if err := checkInputs(ctx, "--seeds", sc.Read.Globs); err != nil {
					return err
				}
			}
			if err := prepareOutput(ctx, *out, *overwrite, runner); err != nil {
				return err
			}
		}
		cfg.Card = co.card(fs, "generate")
		if cfg.Env.LLM != nil {
			cfg.Card.MaxCostUSD, cfg.Card.MaxLLMTokens = *lo.maxCost, *lo.maxLLMTokens
		}
		total := cfg.Seeds.N
		if sc != nil {
			total = 0 // a seed problem yields several evolved rows: no ETA
		}
		return runJob(ctx, runner, *out, prog, total, "seeds", func(s beam.Scope, progressKey string) {
			cfg.ProgressKey = progressKey
			pipeline.Generate(s, cfg)
		})
	}
}

// sandboxOpts are the execution flags shared by generate and verify.
type sandboxOpts struct {
	workers, wallMs, cpuMs, memMB *int
	noNS, noSeccomp               *bool
}

func sandboxFlags(fs *flag.FlagSet) sandboxOpts {
	d := env.DefaultSandbox()
	return sandboxOpts{
		workers:   fs.Int("exec-workers", 0, "Python fork servers per worker process (0: one per core)"),
		wallMs:    fs.Int("exec-timeout-ms", d.WallMillis, "wall-clock limit per program"),
		cpuMs:     fs.Int("exec-cpu-ms", d.CPUMillis, "CPU-time limit per program"),
		memMB:     fs.Int("exec-memory-mb", d.MemoryMB, "memory budget per program"),
		noNS:      fs.Bool("exec-no-namespaces", false, "do not try Linux namespaces (the other layers stay on)"),
		noSeccomp: fs.Bool("exec-no-seccomp", false, "disable the seccomp filter (debugging only)"),
	}
}

func (o sandboxOpts) config() env.Sandbox {
	c := env.DefaultSandbox()
	c.Workers = *o.workers
	c.WallMillis = *o.wallMs
	c.CPUMillis = *o.cpuMs
	c.MemoryMB = *o.memMB
	c.NoNamespaces = *o.noNS
	c.NoSeccomp = *o.noSeccomp
	return c
}
