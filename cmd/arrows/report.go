package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/transforms"
)

// reportCmd re-renders report.html (and the dataset card when it is
// missing) from an output directory's stats.json. The card goes where
// `arrows generate` puts it: README.md unless the directory holds a
// README.md that arrows did not write (see cardTarget).
func reportCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	var (
		in      = fs.String("in", "", "output directory of a run (local path or gs://bucket/prefix) holding stats.json")
		card    = fs.Bool("card", false, "also rewrite the dataset card when it exists (it is always written when missing): README.md when arrows wrote it, else DATASET_CARD.md; a README.md of your own is never replaced")
		license = fs.String("license", "", "corpus licence for a README.md written now (Hugging Face id; default \"other\")")
	)
	return func(ctx context.Context, _ []string) error {
		if *in == "" {
			return fmt.Errorf("--in is required (the output directory of a run)")
		}
		dir := strings.TrimSuffix(*in, "/")
		st, err := readStats(ctx, dir)
		if err != nil {
			return err
		}
		meta := report.CardMeta{License: *license}
		if meta.Benchmarks, err = transforms.ScopeBenchmarks(st.DecontamScope); err != nil {
			return err
		}
		ct, err := cardTarget(ctx, os.Stderr, "--in", dir)
		if err != nil {
			return err
		}
		meta.File = ct.name
		writeCard := *card || !ct.exists
		if err := transforms.WriteReportFiles(ctx, dir, st, meta, writeCard); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "wrote %s\n", transforms.JoinPath(dir, transforms.ReportFile))
		if writeCard {
			if err := ct.record(ctx, dir); err != nil {
				return err
			}
			fmt.Fprintf(os.Stdout, "wrote %s\n", transforms.JoinPath(dir, ct.name))
		}
		return nil
	}
}

// cardPlan is where `arrows report` writes the dataset card of a
// directory.
type cardPlan struct {
	// name is README.md, or DATASET_CARD.md beside a foreign README.md.
	name string
	// exists is set when arrows' card is there already.
	exists bool
	// manifest is the directory's manifest, nil when it has none.
	manifest *outdir.Manifest
	// foreign are the files arrows did not write.
	foreign []string
}

// cardTarget applies the output guard of generate and verify to the card
// of dir (named by flag in messages): a README.md is arrows' only when the
// directory's manifest lists it; a foreign README.md is left alone (with a
// warning on w) and the card goes to DATASET_CARD.md.
func cardTarget(ctx context.Context, w io.Writer, flag, dir string) (cardPlan, error) {
	fsys, err := filesystem.New(ctx, dir)
	if err != nil {
		return cardPlan{}, fmt.Errorf("%s %s: %w", flag, dir, err)
	}
	defer fsys.Close()
	files, err := listTree(ctx, fsys, dir)
	if err != nil {
		return cardPlan{}, err
	}
	prev, err := readManifest(ctx, fsys, flag, dir, files)
	if err != nil {
		return cardPlan{}, err
	}
	own, foreign := outdir.Split(files, prev)
	name, err := outdir.CardName(foreign)
	if err != nil {
		return cardPlan{}, fmt.Errorf("%s %s: %w", flag, dir, err)
	}
	if name != outdir.CardFile {
		fmt.Fprintf(w, "warning: %s %s holds a README.md that arrows did not write: the dataset card goes to %s instead\n", flag, dir, name)
	}
	return cardPlan{name: name, exists: slices.Contains(own, name), manifest: prev, foreign: foreign}, nil
}

// record lists a card just written in the directory's manifest, so that a
// later --overwrite removes it too. A directory without a manifest (from
// an older version) is left without.
func (c cardPlan) record(ctx context.Context, dir string) error {
	if c.manifest == nil || slices.Contains(c.manifest.Files, c.name) {
		return nil
	}
	m := *c.manifest
	m.Files = append(slices.Clone(m.Files), c.name)
	slices.Sort(m.Files)
	fsys, err := filesystem.New(ctx, dir)
	if err != nil {
		return fmt.Errorf("--in %s: %w", dir, err)
	}
	defer fsys.Close()
	if err := writeFile(ctx, fsys, transforms.JoinPath(dir, outdir.ManifestFile), m.Encode()); err != nil {
		return fmt.Errorf("update the manifest of %s: %w", dir, err)
	}
	return nil
}

func fileExists(ctx context.Context, path string) (bool, error) {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return false, fmt.Errorf("open %s: %w", path, err)
	}
	defer fsys.Close()
	files, err := fsys.List(ctx, path)
	if err != nil {
		return false, nil // some filesystems fail to list a missing directory
	}
	return len(files) > 0, nil
}

// cleaningOpts are the dedup, decontamination and dataset-card flags that
// generate and verify share.
type cleaningOpts struct {
	dedup, decontam *bool
	nearThreshold   *float64
	maxPerStructure *int
	decontamN       *int
	license         *string
}

// cleaningFlags registers the flags; the defaults of --dedup and --decontam
// differ between generate (on) and verify (off).
func cleaningFlags(fs *flag.FlagSet, dedupOn, decontamOn bool) cleaningOpts {
	dd := transforms.DefaultDedupConfig()
	dc := transforms.DefaultDecontamConfig()
	return cleaningOpts{
		dedup:           fs.Bool("dedup", dedupOn, "remove exact, near-duplicate and same-structure rows after verification"),
		nearThreshold:   fs.Float64("near-threshold", dd.MinHash.Threshold, "near-duplicate threshold: estimated Jaccard similarity of problem word shingles (MinHash/LSH)"),
		maxPerStructure: fs.Int("max-per-structure", dd.MaxPerStructure, "keep at most this many rows per program structure and topic set (0: no cap)"),
		decontam:        fs.Bool("decontam", decontamOn, "remove rows that match benchmark test sets (GSM8K, MATH, MATH500, Qwen2.5-Math eval sets)"),
		decontamN:       fs.Int("decontam-n", dc.N, "n-gram length of the decontamination check (must match the shipped n-gram data)"),
		license:         fs.String("license", "other", "licence of the corpus for the dataset card (Hugging Face id, e.g. apache-2.0, cc-by-4.0)"),
	}
}

// configs returns the dedup and decontamination configurations (nil when off).
func (o cleaningOpts) configs() (*transforms.DedupConfig, *transforms.DecontamConfig) {
	var dd *transforms.DedupConfig
	var dc *transforms.DecontamConfig
	if *o.dedup {
		c := transforms.DefaultDedupConfig()
		c.MinHash = dedup.DefaultMinHash()
		c.MinHash.Threshold = *o.nearThreshold
		c.MaxPerStructure = *o.maxPerStructure
		dd = &c
	}
	if *o.decontam {
		c := transforms.DefaultDecontamConfig()
		c.N = *o.decontamN
		dc = &c
	}
	return dd, dc
}

// card returns the dataset-card metadata the command line knows: the
// licence and the command (the flags set, URL credentials removed).
func (o cleaningOpts) card(fs *flag.FlagSet, command string) report.CardMeta {
	parts := []string{"arrows", command}
	fs.Visit(func(f *flag.Flag) {
		v := f.Value.String()
		if u, err := url.Parse(v); err == nil && u.User != nil {
			u.User = nil
			v = u.String()
		}
		parts = append(parts, "--"+f.Name+"="+v)
	})
	return report.CardMeta{License: *o.license, Command: strings.Join(parts, " ")}
}
