package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/export"
	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/transforms"
)

func exportCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	var (
		in        = fs.String("in", "", "a run's output directory (its accepted/ rows are exported) or file patterns of arrows rows, comma-separated; local or gs://")
		out       = fs.String("out", "", "output directory (local path or gs://bucket/prefix)")
		format    = fs.String("format", export.FormatSFT, "sft (chat JSONL), rl (prompt + verifiable answer JSONL) or parquet (Hugging Face layout)")
		target    = fs.String("target", "", "sft: the assistant message: solution (default), program or program+solution")
		system    = fs.String("system", "", "sft, rl: a system message for every conversation")
		tmpl      = fs.String("template", "", "sft, rl: a Go text/template file laying out the messages (blocks system, user, assistant)")
		split     = fs.String("split", "train=1", "splits and their fractions, e.g. train=0.98,test=0.02 (deterministic by id, stratified by topic, structure-disjoint)")
		perShard  = fs.Int64("rows-per-shard", export.DefaultRowsPerShard, "most rows in one data file")
		license   = fs.String("license", "", "dataset licence for the card (Hugging Face id; default \"other\")")
		overwrite = fs.Bool("overwrite", false, "replace the outputs of an earlier export in --out")
	)
	return func(ctx context.Context, _ []string) error {
		cfg := pipeline.DefaultExportJobConfig()
		cfg.In = *in
		cfg.Read.Globs = pipeline.ExportInput(*in)
		cfg.Out = *out
		cfg.Export.Format = *format
		cfg.Export.RowsPerShard = *perShard
		cfg.Export.Chat.Target, cfg.Export.Chat.System = *target, *system
		if *tmpl != "" {
			b, err := os.ReadFile(*tmpl)
			if err != nil {
				return fmt.Errorf("--template: %w", err)
			}
			cfg.Export.Chat.Template = string(b)
		}
		splits, err := export.ParseSplits(*split)
		if err != nil {
			return err
		}
		cfg.Export.Splits = splits
		if err := cfg.Validate(); err != nil {
			return flagError(err)
		}
		runner, err := runners.Prepare(fs)
		if err != nil {
			return err
		}
		// The output guard of generate and verify (internal/outdir): an
		// earlier export's files are refused without --overwrite and only
		// they are removed with it; foreign files stay and are listed.
		var plan *outputPlan
		if !runners.DryRun(fs, runner) {
			if err := checkInputs(ctx, "--in", cfg.Read.Globs); err != nil {
				return err
			}
			if plan, err = prepareOutput(ctx, os.Stderr, *out, *overwrite, "export", []string{outdir.DataDir, "deadletter"}); err != nil {
				return err
			}
			plan.named = []string{transforms.ManifestFile}
		}
		cfg.Meta = transforms.ExportMeta{Input: *in}
		cfg.Meta.Card.License = *license
		cfg.Meta.Card.Summary = "This directory is the `" + *format + "` export (`arrows export`) of the arrows corpus " + *in + "."
		if plan != nil {
			cfg.Meta.Card.File = plan.card
		}
		p, s := beam.NewPipelineWithRoot()
		pipeline.Export(s, cfg)
		restoreTemp := privateTempDir(runner)
		_, err = runners.Run(ctx, runner, p)
		restoreTemp()
		ie := interruption(ctx)
		if plan != nil && runners.IsLocal(runner) {
			if ferr := plan.finish(context.WithoutCancel(ctx), ie, err); ferr != nil && err == nil && ie == nil {
				return ferr
			}
		}
		if ie != nil {
			return fmt.Errorf("%w: the job was cancelled; the export in %s is incomplete (run again with --overwrite)", ie, *out)
		}
		if err != nil {
			return err
		}
		if !runners.IsLocal(runner) {
			fmt.Fprintf(os.Stderr, "submitted to %s; the export goes to %s\n", runner, *out)
			return nil
		}
		return printExportSummary(ctx, os.Stdout, *out)
	}
}

// printExportSummary prints what export.json says.
func printExportSummary(ctx context.Context, w io.Writer, out string) error {
	path := transforms.JoinPath(out, transforms.ManifestFile)
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer fsys.Close()
	b, err := filesystem.Read(ctx, fsys, path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	var m export.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("parse %s: %w", path, err)
	}
	fmt.Fprintf(w, "\nexport (%s):\n", m.Options.Format)
	fmt.Fprintf(w, "  input rows      %7d   (+ %d unreadable lines dead-lettered)\n", m.Rows, m.DeadLettered)
	fmt.Fprintf(w, "  exported        %7d\n", m.Exported)
	var reasons []string
	for r, n := range m.Skipped {
		reasons = append(reasons, fmt.Sprintf("%s=%d", r, n))
	}
	sort.Strings(reasons)
	if len(reasons) > 0 {
		fmt.Fprintf(w, "  skipped         %7d   (%s; in deadletter/)\n", m.Rows-m.Exported, strings.Join(reasons, ", "))
	}
	for _, s := range m.Splits {
		fmt.Fprintf(w, "  split %-9s %7d rows, %d structure units, %d files\n", s.Name, s.Rows, s.Units, len(s.Files))
	}
	fmt.Fprintf(w, "\nload it: datasets.load_dataset(%q)  (or the data_files of %s)\n", out, transforms.JoinPath(out, transforms.CardFile))
	return nil
}
