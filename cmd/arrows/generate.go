package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/costplan"
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
		target    = fs.Int64("target-accepted", 0, "draw seeds in rounds until this many rows are accepted after dedup and decontamination (0: one run of --n seeds); a re-run with the same flags and --out resumes after the last completed round")
		maxSeeds  = fs.Int64("max-seeds", 0, "with --target-accepted: the most seeds drawn over all rounds (0: 10 × --target-accepted)")
		sb        = sandboxFlags(fs)
		relTol    = relTolFlag(fs)
		lo        = llmFlags(fs)
		co        = cleaningFlags(fs, true, true)
		prog      = progressFlag(fs)
		po        = pathwayFlags(fs)
		planPath  = fs.String("plan", "", "plan.json of arrows plan (local path or gs://): checked against this run's flags before it starts, and set next to what the run spent in its dataset card and report.html")
	)
	return func(ctx context.Context, _ []string) error {
		cfg := pipeline.DefaultGenerateConfig()
		cfg.Seeds.N, cfg.Env.RunSeed = *n, *seed
		cfg.Env.Sandbox = sb.config()
		rt, err := relTolValue(*relTol)
		if err != nil {
			return err
		}
		cfg.Env.RelTol = rt
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
		var costPlan *costplan.Plan
		if *planPath != "" {
			pl, err := readPlan(ctx, *planPath)
			if err != nil {
				return err
			}
			if pl, err = checkPlan(pl, *planPath, fs, cfg.Env.Models(), os.Stderr); err != nil {
				return err
			}
			costPlan = &pl
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
		if *target > 0 {
			cfg.Card = co.card(fs, "generate")
			cfg.Card.Plan = costPlan
			return generateRounds(ctx, runner, cfg, *target, *maxSeeds, *overwrite)
		}
		var plan *outputPlan
		if !runners.DryRun(fs, runner) {
			if sc != nil {
				if err := checkInputs(ctx, "--seeds", sc.Read.Globs); err != nil {
					return err
				}
			}
			dirs := []string{"accepted", "rejected", "deadletter"}
			if sc != nil {
				dirs = append(dirs, "seeds")
			}
			if plan, err = prepareOutput(ctx, os.Stderr, *out, *overwrite, "generate", dirs); err != nil {
				return err
			}
		}
		cfg.Card = co.card(fs, "generate")
		if plan != nil {
			cfg.Card.File = plan.card
		}
		if cfg.Env.LLM != nil {
			cfg.Card.MaxCostUSD, cfg.Card.MaxLLMTokens = *lo.maxCost, *lo.maxLLMTokens
		}
		cfg.Card.Plan = costPlan
		total := cfg.Seeds.N
		if sc != nil {
			total = 0 // a seed problem yields several evolved rows: no ETA
		}
		err = runJob(ctx, runner, *out, plan, prog, total, "seeds", func(s beam.Scope, progressKey string) {
			cfg.ProgressKey = progressKey
			pipeline.Generate(s, cfg)
		}, cfg.RecordStageTimes)
		if err != nil || costPlan == nil || plan == nil || !runners.IsLocal(runner) {
			return err
		}
		return printPlanComparison(ctx, os.Stdout, *out, cfg.Card)
	}
}

// sandboxOpts are the execution flags shared by generate and verify.
type sandboxOpts struct {
	workers, wallMs, cpuMs, memMB *int
	noNS, noSeccomp               *bool
}

// relTolFlag is the relative tolerance of inexact numeric answers.
func relTolFlag(fs *flag.FlagSet) *float64 {
	return fs.Float64("rel-tol", env.Default().RelTol, "relative tolerance when a decimal answer is compared with an exact or decimal value (never an absolute tolerance)")
}

// relTolValue checks a --rel-tol value.
func relTolValue(v float64) (float64, error) {
	if !(v > 0 && v < 1) {
		return 0, fmt.Errorf("--rel-tol %g: want a relative tolerance above 0 and below 1 (e.g. 1e-6)", v)
	}
	return v, nil
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
