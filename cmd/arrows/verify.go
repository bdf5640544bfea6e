package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/transforms"
)

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func verifyCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	def := pipeline.DefaultVerifyJobConfig()
	var (
		in          = fs.String("in", "", "input file pattern(s), comma-separated; local paths or gs://; plain or .gz")
		out         = fs.String("out", "", "output directory (local path or gs://bucket/prefix)")
		format      = fs.String("format", def.Read.Format, "input format: arrows, gsm8k, math or jsonl")
		shards      = fs.Int("shards", def.Shards, "part files per output directory")
		maxLine     = fs.Int("max-line-bytes", corpus.DefaultMaxLineBytes, "longer input lines are dead-lettered")
		overwrite   = fs.Bool("overwrite", false, "replace the outputs of an earlier run in --out")
		answerOnly  = fs.Bool("answer-only", false, "grade only each row's final answer against its reference answer (the source's answer, or the stored program result), as when scoring model outputs against a key: no problem checks, no program run")
		decimals    = fs.Int("decimals", 0, "with --answer-only: answers equal when both round to the same non-zero value at this many decimal places (0: off)")
		percentFr   = fs.Bool("percent-fraction", false, "with --answer-only: a reference stated in percent (28\\%) also equals its fraction (0.28)")
		roundStated = fs.Bool("round-stated", false, "with --answer-only: a decimal equals the reference rounded to the decimal's own stated places (at least 3 significant digits)")
		fields      multiFlag
		sb          = sandboxFlags(fs)
		relTol      = relTolFlag(fs)
		co          = cleaningFlags(fs, false, false)
		prog        = progressFlag(fs)
	)
	fs.Var(&fields, "field", "for --format=jsonl: map a field, e.g. --field problem=question --field answer=final (repeatable; dotted keys for nesting)")
	return func(ctx context.Context, _ []string) error {
		cfg := def
		for _, g := range strings.Split(*in, ",") {
			if g = strings.TrimSpace(g); g != "" {
				cfg.Read.Globs = append(cfg.Read.Globs, g)
			}
		}
		cfg.Read.Format = *format
		cfg.Read.MaxLineBytes = *maxLine
		fm, err := corpus.ParseFieldMap(fields...)
		if err != nil {
			return err
		}
		cfg.Read.Fields = fm
		cfg.Out = *out
		cfg.Shards = *shards
		cfg.Env.Sandbox = sb.config()
		if cfg.Env.RelTol, err = relTolValue(*relTol); err != nil {
			return err
		}
		cfg.Dedup, cfg.Decontam = co.configs()
		if *answerOnly {
			cfg.Grade = &transforms.GradeConfig{Decimals: *decimals, PercentFraction: *percentFr, RoundStated: *roundStated}
		} else if *decimals != 0 || *percentFr || *roundStated {
			return fmt.Errorf("--decimals, --percent-fraction and --round-stated apply to --answer-only grading: add --answer-only")
		}
		if *decimals < 0 {
			return fmt.Errorf("--decimals %d: want 0 (off) or a number of decimal places", *decimals)
		}
		if err := cfg.Validate(); err != nil {
			return flagError(err)
		}
		runner, err := runners.Prepare(fs)
		if err != nil {
			return err
		}
		var plan *outputPlan
		if !runners.DryRun(fs, runner) {
			if err := checkInputs(ctx, "--in", cfg.Read.Globs); err != nil {
				return err
			}
			if plan, err = prepareOutput(ctx, os.Stderr, *out, *overwrite, "verify", []string{"accepted", "rejected", "deadletter"}); err != nil {
				return err
			}
		}
		cfg.Card = co.card(fs, "verify")
		if plan != nil {
			cfg.Card.File = plan.card
		}
		cfg.Card.Summary = "This directory is the output of `arrows verify`: rows read from " + strings.Join(cfg.Read.Globs, ", ") +
			" (format " + cfg.Read.Format + ") and verified again; the funnel counts the input rows."
		return runJob(ctx, runner, *out, plan, prog, 0, "rows", func(s beam.Scope, progressKey string) {
			cfg.ProgressKey = progressKey
			pipeline.Verify(s, cfg)
		}, nil)
	}
}
