package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/transforms"
)

// outputPlan is what prepareOutput found in an output directory and
// decided about it.
type outputPlan struct {
	out, command string
	// card is the file name of the dataset card (README.md, or
	// DATASET_CARD.md when a foreign README.md is there).
	card string
	// foreign are the files (relative to out) that arrows did not write.
	foreign []string
	// named are files the command writes under fixed names besides the
	// ones internal/outdir knows (an export's export.json), listed in the
	// manifest when written.
	named []string
}

// listDepth is how deep below the output directory files are listed:
// arrows writes at depth 1 (stats.json) and 2 (accepted/part-…); one more
// level finds foreign files under arrows' directories.
const listDepth = 3

// prepareOutput makes an output directory (local or gs://) ready for a job
// of command writing into dirs, before the job is submitted, so that no
// LLM call is paid for a run whose outputs cannot be written:
//
//   - it lists the directory and tells arrows outputs (named in the
//     previous run's manifest, _arrows_manifest.json, or named as only
//     arrows names files: see internal/outdir) from foreign files;
//   - it refuses a directory holding arrows outputs unless overwrite is
//     set, in which case it removes them, and only them; foreign files are
//     left alone and listed in a warning;
//   - a foreign README.md is never replaced: the dataset card is then
//     written as DATASET_CARD.md (with a warning);
//   - it proves that every output location is writable, by writing a
//     probe into each of dirs (removed again) and the new manifest (the
//     run's planned files, Complete false) at the top.
//
// Listing or writing errors (a missing bucket, no permission, a file where
// a directory must be, a read-only path) fail here, naming --out.
func prepareOutput(ctx context.Context, w io.Writer, out string, overwrite bool, command string, dirs []string) (*outputPlan, error) {
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", out, err)
	}
	defer fs.Close()
	if err := checkLocalDir(out); err != nil {
		return nil, err
	}
	files, err := listTree(ctx, fs, out)
	if err != nil {
		return nil, err
	}
	var prev *outdir.Manifest
	for _, f := range files {
		if f != outdir.ManifestFile {
			continue
		}
		b, err := filesystem.Read(ctx, fs, transforms.JoinPath(out, f))
		if err != nil {
			return nil, fmt.Errorf("--out %s: read %s: %w", out, f, err)
		}
		m, err := outdir.ParseManifest(b)
		if err != nil {
			return nil, fmt.Errorf("--out %s: %w (remove it, or choose another --out)", out, err)
		}
		prev = &m
	}
	own, foreign := outdir.Split(files, prev)
	outputs := without(own, outdir.ManifestFile)
	if len(outputs) > 0 && !overwrite {
		return nil, fmt.Errorf("--out %s already holds %d output files of an earlier run (e.g. %s): pass --overwrite to replace them, or choose another --out", out, len(outputs), outputs[0])
	}
	if len(foreign) > 0 {
		fmt.Fprintf(w, "warning: --out %s holds %d files that arrows did not write; they are left alone: %s\n", out, len(foreign), listSome(foreign, 10))
	}
	if len(outputs) > 0 {
		rm, ok := fs.(filesystem.Remover)
		if !ok {
			return nil, fmt.Errorf("--out %s: the filesystem cannot remove files; clear the outputs by hand", out)
		}
		for _, f := range outputs {
			if err := rm.Remove(ctx, transforms.JoinPath(out, f)); err != nil {
				return nil, fmt.Errorf("--overwrite: remove %s: %w", transforms.JoinPath(out, f), err)
			}
		}
	}
	card, err := outdir.CardName(foreign)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", out, err)
	}
	if card != outdir.CardFile {
		fmt.Fprintf(w, "warning: --out %s holds a README.md that arrows did not write: the dataset card goes to %s instead\n", out, card)
	}
	for _, d := range dirs {
		if err := probeWrite(ctx, fs, transforms.JoinPath(out, d)); err != nil {
			return nil, fmt.Errorf("--out %s is not writable: %w", out, err)
		}
	}
	plan := &outputPlan{out: out, command: command, card: card, foreign: foreign}
	m := outdir.NewManifest(version.Version, command, false, outdir.Planned())
	if err := writeFile(ctx, fs, transforms.JoinPath(out, outdir.ManifestFile), m.Encode()); err != nil {
		return nil, fmt.Errorf("--out %s is not writable: %w", out, err)
	}
	return plan, nil
}

// finish rewrites the manifest with the files the run wrote (complete when
// the job succeeded), so that a later --overwrite removes exactly those.
func (p *outputPlan) finish(ctx context.Context, complete bool) error {
	fs, err := filesystem.New(ctx, p.out)
	if err != nil {
		return fmt.Errorf("--out %s: %w", p.out, err)
	}
	defer fs.Close()
	files, err := listTree(ctx, fs, p.out)
	if err != nil {
		return err
	}
	m := outdir.NewManifest(version.Version, p.command, complete, outdir.Outputs(files, p.card, p.foreign, p.named...))
	if err := writeFile(ctx, fs, transforms.JoinPath(p.out, outdir.ManifestFile), m.Encode()); err != nil {
		return fmt.Errorf("write the manifest of %s: %w", p.out, err)
	}
	return nil
}

// checkLocalDir refuses a local --out that exists and is not a directory.
func checkLocalDir(out string) error {
	if strings.Contains(out, "://") {
		return nil
	}
	fi, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--out %s: %w", out, err)
	case !fi.IsDir():
		return fmt.Errorf("--out %s is a file, not a directory", out)
	}
	return nil
}

// listTree lists the files under out (up to listDepth levels), relative
// to out, sorted; local directories are left out.
func listTree(ctx context.Context, fs filesystem.Interface, out string) ([]string, error) {
	local := !strings.Contains(out, "://")
	prefix := strings.TrimSuffix(out, "/") + "/"
	if local {
		prefix = path.Clean(out) + "/"
	}
	var rel []string
	pattern := "*"
	for range listDepth {
		found, err := fs.List(ctx, transforms.JoinPath(out, pattern))
		if err != nil {
			return nil, fmt.Errorf("--out %s: list: %w", out, err)
		}
		for _, f := range found {
			if strings.HasSuffix(f, "/") {
				continue // a "directory" placeholder object
			}
			if local {
				if fi, err := os.Stat(f); err == nil && fi.IsDir() {
					continue
				}
			}
			if r, ok := strings.CutPrefix(f, prefix); ok {
				rel = append(rel, r)
			}
		}
		pattern += "/*"
	}
	sort.Strings(rel)
	return rel, nil
}

// probeWrite proves that files can be written into dir (creating it when
// local) by writing and removing a temporary file, named like the
// temporary files of arrows' writers.
func probeWrite(ctx context.Context, fs filesystem.Interface, dir string) error {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	p := transforms.JoinPath(dir, ".tmp-probe."+hex.EncodeToString(b[:]))
	if err := writeFile(ctx, fs, p, []byte("arrows write probe\n")); err != nil {
		return err
	}
	if rm, ok := fs.(filesystem.Remover); ok {
		if err := rm.Remove(ctx, p); err != nil {
			return fmt.Errorf("remove %s: %w", p, err)
		}
	}
	return nil
}

// writeFile creates or replaces the file p with data.
func writeFile(ctx context.Context, fs filesystem.Interface, p string, data []byte) error {
	wc, err := fs.OpenWrite(ctx, p)
	if err != nil {
		return fmt.Errorf("create %s: %w", p, err)
	}
	if _, err := wc.Write(data); err != nil {
		wc.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}

// without is files without name.
func without(files []string, name string) []string {
	var out []string
	for _, f := range files {
		if f != name {
			out = append(out, f)
		}
	}
	return out
}

// listSome joins up to n names, then says how many more there are.
func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
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
