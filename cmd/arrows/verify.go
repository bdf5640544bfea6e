package main

import (
	"context"
	"flag"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
)

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func verifyCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	def := pipeline.DefaultVerifyJobConfig()
	var (
		in        = fs.String("in", "", "input file pattern(s), comma-separated; local paths or gs://; plain or .gz")
		out       = fs.String("out", "", "output directory (local path or gs://bucket/prefix)")
		format    = fs.String("format", def.Read.Format, "input format: arrows, gsm8k, math or jsonl")
		shards    = fs.Int("shards", def.Shards, "part files per output directory")
		maxLine   = fs.Int("max-line-bytes", corpus.DefaultMaxLineBytes, "longer input lines are dead-lettered")
		overwrite = fs.Bool("overwrite", false, "replace the outputs of an earlier run in --out")
		fields    multiFlag
		sb        = sandboxFlags(fs)
		co        = cleaningFlags(fs, false, false)
		prog      = progressFlag(fs)
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
		cfg.Dedup, cfg.Decontam = co.configs()
		if err := cfg.Validate(); err != nil {
			return flagError(err)
		}
		runner, err := runners.Prepare(fs)
		if err != nil {
			return err
		}
		if !runners.DryRun(fs, runner) {
			if err := checkInputs(ctx, "--in", cfg.Read.Globs); err != nil {
				return err
			}
			if err := prepareOutput(ctx, *out, *overwrite, runner); err != nil {
				return err
			}
		}
		cfg.Card = co.card(fs, "verify")
		cfg.Card.Summary = "This directory is the output of `arrows verify`: rows read from " + strings.Join(cfg.Read.Globs, ", ") +
			" (format " + cfg.Read.Format + ") and verified again; the funnel counts the input rows."
		return runJob(ctx, runner, *out, prog, 0, "rows", func(s beam.Scope, progressKey string) {
			cfg.ProgressKey = progressKey
			pipeline.Verify(s, cfg)
		})
	}
}
