package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/transforms"
)

// outputPatterns are the files a run writes under its output directory.
var outputPatterns = []string{
	"accepted/*", "rejected/*", "deadletter/*", "seeds/*", "stats.json", "README.md", "report.html",
	".tmp-stats.json.*", ".tmp-README.md.*", ".tmp-report.html.*",
}

// prepareOutput refuses an output directory (local or gs://) that already
// holds a corpus unless overwrite is set, in which case it removes the old
// outputs, including temporary files a failed run left (a run with fewer
// shards must not leave stale part files behind). Files that are not arrows
// outputs are never touched. Listing errors (a missing bucket, no
// permission) fail here, before a job is submitted.
func prepareOutput(ctx context.Context, out string, overwrite bool, _ string) error {
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	defer fs.Close()
	var existing []string
	for _, pat := range outputPatterns {
		files, err := fs.List(ctx, transforms.JoinPath(out, pat))
		if err != nil {
			return fmt.Errorf("output %s: list %s: %w", out, pat, err)
		}
		existing = append(existing, files...)
	}
	if len(existing) == 0 {
		return nil
	}
	sort.Strings(existing)
	if !overwrite {
		return fmt.Errorf("output directory %s already holds %d output files (e.g. %s): pass --overwrite to replace them, or choose another --out", out, len(existing), existing[0])
	}
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("output %s: filesystem cannot remove files; clear it by hand", out)
	}
	for _, f := range existing {
		if err := rm.Remove(ctx, f); err != nil {
			return fmt.Errorf("--overwrite: remove %s: %w", f, err)
		}
	}
	return nil
}

// checkInputs fails before a job is submitted when an input pattern (local
// or gs://) matches no file, naming the flag and the pattern, instead of
// letting the job fail deep inside a worker.
func checkInputs(ctx context.Context, flagName string, globs []string) error {
	for _, g := range globs {
		fs, err := filesystem.New(ctx, g)
		if err != nil {
			return fmt.Errorf("%s %s: %w", flagName, g, err)
		}
		files, err := fs.List(ctx, g)
		fs.Close()
		if err != nil {
			return fmt.Errorf("%s %s: list: %w", flagName, g, err)
		}
		if len(files) == 0 {
			return fmt.Errorf("%s %s matches no file", flagName, g)
		}
	}
	return nil
}
