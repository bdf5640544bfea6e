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
	"path/filepath"
	"slices"
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
	prev, err := readManifest(ctx, fs, "--out", out, files)
	if err != nil {
		return nil, err
	}
	own, foreign := outdir.Split(files, prev)
	outputs := without(own, outdir.ManifestFile)
	if prev != nil && !prev.Complete {
		why := unfinishedRun(*prev)
		if !overwrite {
			msg := fmt.Sprintf("--out %s holds an earlier %s run that did not finish: %s", out, commandName(*prev), why)
			if len(outputs) > 0 {
				msg += fmt.Sprintf("; it left %d output files (e.g. %s)", len(outputs), outputs[0])
			}
			return nil, errors.New(msg + "; pass --overwrite to replace it, or choose another --out")
		}
		fmt.Fprintf(w, "warning: --out %s holds an earlier %s run that did not finish (%s): --overwrite removes its files\n", out, commandName(*prev), why)
	}
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
	m.PID, m.Host = os.Getpid(), thisHost()
	if err := writeFile(ctx, fs, transforms.JoinPath(out, outdir.ManifestFile), m.Encode()); err != nil {
		return nil, fmt.Errorf("--out %s is not writable: %w", out, err)
	}
	return plan, nil
}

// resumeOutput is the output plan of a run that resumes an earlier run of
// command in out (generate --target-accepted): nothing is removed, the
// dataset card goes where prepareOutput would put it (a foreign README.md
// is never replaced), and the manifest is marked running again, listing
// the files it listed and the planned ones, until finish records how the
// resumed run ended.
func resumeOutput(ctx context.Context, w io.Writer, out, command string) (*outputPlan, error) {
	ct, err := cardTarget(ctx, w, "--out", out)
	if err != nil {
		return nil, err
	}
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", out, err)
	}
	defer fs.Close()
	files := outdir.Planned()
	if ct.manifest != nil {
		files = append(files, ct.manifest.Files...)
	}
	slices.Sort(files)
	m := outdir.NewManifest(version.Version, command, false, slices.Compact(files))
	m.PID, m.Host = os.Getpid(), thisHost()
	if err := writeFile(ctx, fs, transforms.JoinPath(out, outdir.ManifestFile), m.Encode()); err != nil {
		return nil, fmt.Errorf("--out %s is not writable: %w", out, err)
	}
	return &outputPlan{out: out, command: command, card: ct.name, foreign: ct.foreign}, nil
}

// readManifest reads the manifest of the output directory out (named by
// flag in errors) when files (its files, relative) include one; nil when
// they do not.
func readManifest(ctx context.Context, fs filesystem.Interface, flag, out string, files []string) (*outdir.Manifest, error) {
	for _, f := range files {
		if f != outdir.ManifestFile {
			continue
		}
		b, err := filesystem.Read(ctx, fs, transforms.JoinPath(out, f))
		if err != nil {
			return nil, fmt.Errorf("%s %s: read %s: %w", flag, out, f, err)
		}
		m, err := outdir.ParseManifest(b)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w (remove it, or choose another %s)", flag, out, err, flag)
		}
		return &m, nil
	}
	return nil, nil
}

// finish rewrites the manifest with the files the run wrote, so that a
// later --overwrite removes exactly those, and how the run ended: complete
// when the job succeeded, interrupted when ie is set (a signal stopped it),
// failed when jobErr is set. A run that did not complete leaves no
// temporary files and no empty shards (which would read as "nothing here"
// where the job simply did not get there).
func (p *outputPlan) finish(ctx context.Context, ie *interruptedError, jobErr error) error {
	fs, err := filesystem.New(ctx, p.out)
	if err != nil {
		return fmt.Errorf("--out %s: %w", p.out, err)
	}
	defer fs.Close()
	files, err := listTree(ctx, fs, p.out)
	if err != nil {
		return err
	}
	complete := ie == nil && jobErr == nil
	if !complete {
		files = removeLeftovers(ctx, fs, p.out, files, p.foreign)
	}
	m := outdir.NewManifest(version.Version, p.command, complete, outdir.Outputs(files, p.card, p.foreign, p.named...))
	switch {
	case ie != nil:
		m.State, m.Reason = outdir.StateInterrupted, ie.Error()
	case jobErr != nil:
		m.State, m.Reason = outdir.StateFailed, causeLine(jobErr)
	}
	if err := writeFile(ctx, fs, transforms.JoinPath(p.out, outdir.ManifestFile), m.Encode()); err != nil {
		return fmt.Errorf("write the manifest of %s: %w", p.out, err)
	}
	return nil
}

// removeLeftovers removes, from the files (relative) of the output
// directory out of a run that did not complete, arrows' temporary files
// and the shards that are empty, and returns the files left. Foreign files
// are never touched.
func removeLeftovers(ctx context.Context, fs filesystem.Interface, out string, files, foreign []string) []string {
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return files
	}
	isForeign := map[string]bool{}
	for _, f := range foreign {
		isForeign[f] = true
	}
	var left []string
	tmpDirs := map[string]bool{}
	for _, f := range files {
		p := transforms.JoinPath(out, f)
		gone := false
		switch {
		case isForeign[f]:
		case outdir.Temporary(f):
			gone = rm.Remove(ctx, p) == nil
			if d := path.Dir(f); d != "." && outdir.Temporary(d) {
				tmpDirs[d] = true
			}
		case outdir.Shard(f):
			if n, err := fs.Size(ctx, p); err == nil && n == 0 {
				gone = rm.Remove(ctx, p) == nil
			}
		}
		if !gone {
			left = append(left, f)
		}
	}
	if !strings.Contains(out, "://") {
		for d := range tmpDirs {
			os.Remove(filepath.Join(out, filepath.FromSlash(d))) // only when empty
		}
	}
	return left
}

// unfinishedRun says how the run of an incomplete manifest ended; a run
// still marked running whose process is alive on this machine may still
// be writing.
func unfinishedRun(m outdir.Manifest) string {
	if (m.State == outdir.StateRunning || m.State == "") && m.PID > 0 && m.Host == thisHost() && m.PID != os.Getpid() && !processGone(m.PID) {
		return fmt.Sprintf("its process (pid %d) is still running on this machine and may still be writing into it", m.PID)
	}
	return m.Unfinished()
}

// commandName is the command of a manifest's run ("arrows generate").
func commandName(m outdir.Manifest) string {
	if m.Command == "" {
		return "arrows"
	}
	return "arrows " + m.Command
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
