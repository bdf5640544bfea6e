package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/pipeline"
)

// pathwayOpts are the `arrows generate` flags of the synthesis pathways:
// topics (compose tools of sampled knowledge points), seeds (programs from
// seed problems, evolved), or both in one job.
type pathwayOpts struct {
	pathway, seeds, format, ops *string
	depth, variants, attempts   *int
	maxLine                     *int
	limit                       *int64
	mix                         *float64
	noSeedDecontam              *bool
	fields                      multiFlag
}

func pathwayFlags(fs *flag.FlagSet) *pathwayOpts {
	d := pipeline.DefaultSeedsConfig()
	o := &pathwayOpts{
		pathway: fs.String("pathway", pipeline.PathwayTopics, "synthesis pathway: topics (programs composed from sampled topics), seeds (programs from the seed problems of --seeds, evolved into new problems) or mixed (both; see --mix-ratio)"),
		seeds:   fs.String("seeds", "", "with --pathway seeds|mixed: seed problem file pattern(s), comma-separated; local or gs://; plain or .gz"),
		format:  fs.String("seed-format", d.Read.Format, "format of --seeds: gsm8k, math, jsonl (with --seed-field) or arrows (triples of an earlier run: their programs evolve without an LLM)"),
		ops: fs.String("evolve-ops", "", "evolution operators, comma-separated: "+strings.Join(evolve.Operators, ", ")+
			" or all (default: all with --backend=llm, perturb_givens offline)"),
		depth:          fs.Int("evolve-depth", d.Depth, "length of evolution chains: each level evolves the previous level's programs"),
		variants:       fs.Int("evolve-variants", d.Evolve.Variants, "children per parent program and operator"),
		attempts:       fs.Int("evolve-attempts", d.Evolve.Attempts, "perturbations tried per perturb_givens child until one keeps the problem's structure"),
		mix:            fs.Float64("mix-ratio", 0.5, "with --pathway mixed: share of the --n seeds taken from --seeds (the rest are topic seeds)"),
		limit:          fs.Int64("seed-limit", 0, "with --pathway seeds: use at most this many seed problems, a deterministic sample (0: all)"),
		noSeedDecontam: fs.Bool("seed-no-decontam", false, "do not refuse seed problems that are benchmark test items (not recommended)"),
		maxLine:        fs.Int("seed-max-line-bytes", corpus.DefaultMaxLineBytes, "longer seed lines are dead-lettered"),
	}
	fs.Var(&o.fields, "seed-field", "for --seed-format=jsonl: map a field, e.g. --seed-field problem=question --seed-field answer=final (repeatable)")
	return o
}

// apply configures the pathway of a generate job from the flags: it sets
// how many topic seeds the job draws (all of --n for topics, none for
// seeds, 1 - --mix-ratio of them for mixed) and returns the seeds pathway
// configuration (nil for --pathway topics). Call it after cfg's
// environment (backend) and cleaning stages are set.
func (o *pathwayOpts) apply(cfg *pipeline.GenerateConfig) (*pipeline.SeedsConfig, error) {
	switch *o.pathway {
	case pipeline.PathwayTopics:
		if *o.seeds != "" {
			return nil, fmt.Errorf("--seeds needs --pathway seeds or mixed")
		}
		return nil, nil
	case pipeline.PathwaySeeds, pipeline.PathwayMixed:
	default:
		return nil, fmt.Errorf("--pathway must be topics, seeds or mixed, got %q", *o.pathway)
	}
	sc := pipeline.DefaultSeedsConfig()
	for _, g := range strings.Split(*o.seeds, ",") {
		if g = strings.TrimSpace(g); g != "" {
			sc.Read.Globs = append(sc.Read.Globs, g)
		}
	}
	sc.Read.Format = *o.format
	sc.Read.MaxLineBytes = *o.maxLine
	fm, err := corpus.ParseFieldMap(o.fields...)
	if err != nil {
		return nil, fmt.Errorf("--seed-field: %w", err)
	}
	sc.Read.Fields = fm
	ops, err := evolve.ParseOperators(*o.ops, cfg.Env.LLM != nil)
	if err != nil {
		return nil, fmt.Errorf("--evolve-ops: %w", err)
	}
	sc.Evolve.Operators = ops
	sc.Depth, sc.Evolve.Variants, sc.Evolve.Attempts = *o.depth, *o.variants, *o.attempts
	if *o.noSeedDecontam {
		sc.SeedDecontam = nil
	} else if cfg.Decontam != nil {
		dc := *cfg.Decontam // the same benchmarks as the output check
		sc.SeedDecontam = &dc
	}
	if *o.pathway == pipeline.PathwayMixed {
		if *o.mix <= 0 || *o.mix >= 1 {
			return nil, fmt.Errorf("--mix-ratio must be strictly between 0 and 1 for --pathway mixed, got %g", *o.mix)
		}
		topics, seeds := pipeline.MixCounts(cfg.Seeds.N, *o.mix)
		cfg.Seeds.N, sc.MaxSeeds = topics, seeds
	} else {
		cfg.Seeds.N = 0 // no topic seeds
		if *o.limit < 0 {
			return nil, fmt.Errorf("--seed-limit must not be negative")
		}
		sc.MaxSeeds = *o.limit
	}
	return &sc, nil
}
