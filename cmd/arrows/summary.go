package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/outdir"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/transforms"
)

// readStats reads <out>/stats.json (local or gs://).
func readStats(ctx context.Context, out string) (*stats.Stats, error) {
	path := transforms.JoinPath(out, "stats.json")
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer fs.Close()
	b, err := filesystem.Read(ctx, fs, path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	st := stats.New()
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return st, nil
}

// runJob builds a job with build (given the key of the live progress line,
// "" when there is none), runs it on runner and, for a local run, prints
// its summary; a remote run is only submitted. total is the number of
// units (seeds) the progress line counts towards, 0 when unknown: then the
// job is `arrows verify`, whose rows are input lines. plan (nil for a dry
// run) is the output directory's: when a local job ends, the manifest is
// rewritten with the files it wrote.
//
// after, when set, runs after a local job with its result and timing
// (generate adds the stage-time breakdown and the timing to stats.json).
func runJob(ctx context.Context, runner, out string, plan *outputPlan, prog *progressMode, total int64, unit string, build func(s beam.Scope, progressKey string),
	after func(context.Context, beam.PipelineResult, stats.Timing) error) error {
	key, stopProgress := startProgress(prog, runner, os.Stderr, total, unit)
	p, s := beam.NewPipelineWithRoot()
	build(s, key)
	start := time.Now()
	restoreTemp := privateTempDir(runner)
	res, err := runners.Run(ctx, runner, p)
	restoreTemp()
	counts := stopProgress()
	ie := interruption(ctx)
	if plan != nil && runners.IsLocal(runner) {
		if ferr := plan.finish(context.WithoutCancel(ctx), ie, err); ferr != nil && err == nil && ie == nil {
			return ferr
		}
	}
	if ie != nil {
		return interruptedRun(ie, runner, out, plan != nil)
	}
	if err != nil {
		return err
	}
	if !runners.IsLocal(runner) {
		fmt.Fprintf(os.Stderr, "submitted to %s; outputs go to %s\n", runner, out)
		return nil
	}
	if after != nil && res != nil {
		timing := stats.Timing{Wall: time.Since(start)}
		if counts.Done > 0 {
			timing.FirstVerdict, timing.LastVerdict = counts.First.Sub(start), counts.Last.Sub(start)
		}
		if err := after(ctx, res, timing); err != nil {
			return err
		}
	}
	return printSummary(ctx, os.Stdout, out, time.Since(start), unit == "rows")
}

// interruptedRun is the error of a run on runner a signal stopped: one
// line naming the signal and what became of the job and, when the run
// wrote a manifest into out, what is left there.
func interruptedRun(ie *interruptedError, runner, out string, manifest bool) error {
	switch {
	case !runners.IsLocal(runner):
		return fmt.Errorf("%w: arrows stopped talking to %s; a job it accepted goes on there (cancel it with %s's tools)", ie, runner, runner)
	case !manifest:
		return fmt.Errorf("%w: the job was cancelled", ie)
	}
	return fmt.Errorf("%w: the job was cancelled; the outputs in %s are incomplete and marked interrupted in %s (run again with --overwrite to start over)", ie, out, outdir.ManifestFile)
}

// privateTempDir points the process's temporary directory ($TMPDIR) at a
// directory of its own for a local run, and returns the function that
// removes it and restores $TMPDIR. Beam's loopback submission creates an
// empty file, beamloopbackworker-*, in the temporary directory on every
// run and never removes it; this way nothing is left behind when the job
// ends, however it ends: an interrupt (SIGINT, SIGTERM) cancels the job
// and the directory is removed as after any run. A process that is killed
// (SIGKILL) cannot remove it: the directory is named after the process
// (arrows-run-<pid>-*), and the next job command removes the directories
// of processes that are gone (removeStaleTempDirs).
func privateTempDir(runner string) func() {
	if !runners.IsLocal(runner) {
		return func() {}
	}
	old, had := os.LookupEnv("TMPDIR")
	dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", tempDirPrefix, os.Getpid()))
	if err != nil {
		return func() {}
	}
	os.Setenv("TMPDIR", dir)
	return func() {
		if had {
			os.Setenv("TMPDIR", old)
		} else {
			os.Unsetenv("TMPDIR")
		}
		os.RemoveAll(dir)
	}
}

// printSummary prints the funnel of a finished run and where its outputs
// are. reverify selects the form of `arrows verify`, whose rows come from
// input lines rather than seeds.
func printSummary(ctx context.Context, w io.Writer, out string, took time.Duration, reverify bool) error {
	st, err := readStats(ctx, out)
	if err != nil {
		return err
	}
	f := st.Funnel
	fmt.Fprintf(w, "\nfunnel (%s):\n", took.Round(time.Millisecond))
	if reverify {
		fmt.Fprintf(w, "  input lines     %7d   (accepted + rejected + dead-lettered)\n", st.Rows+st.DeadLettered)
		fmt.Fprintf(w, "  dead-lettered   %7d\n", st.DeadLettered)
	} else {
		fmt.Fprintf(w, "  seeds           %7d\n", f.Seeds)
		fmt.Fprintf(w, "  programs        %7d\n", f.Programs)
		fmt.Fprintf(w, "  executed        %7d\n", f.Executed)
		fmt.Fprintf(w, "  translated      %7d\n", f.Translated)
	}
	fmt.Fprintf(w, "  verified        %7d\n", f.Verified)
	fmt.Fprintf(w, "  accepted        %7d   (%.1f%%)\n", st.Accepted, pct(st.Accepted, st.Rows))
	fmt.Fprintf(w, "  rejected        %7d\n", st.Rejected)
	var keys []string
	for stage, m := range st.Rejections {
		for reason := range m {
			keys = append(keys, stage+"\x00"+reason)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		var stage, reason string
		for i := range k {
			if k[i] == 0 {
				stage, reason = k[:i], k[i+1:]
				break
			}
		}
		fmt.Fprintf(w, "    %-13s %-32s %6d\n", stage, reason, st.Rejections[stage][reason])
	}
	dl := make([]string, 0, len(st.DeadLetterReasons))
	for k := range st.DeadLetterReasons {
		dl = append(dl, k)
	}
	sort.Strings(dl)
	for _, k := range dl {
		fmt.Fprintf(w, "    %-13s %-32s %6d\n", "deadletter", k, st.DeadLetterReasons[k])
	}
	if st.Reverified > 0 {
		changed := int64(0)
		for _, n := range st.VerdictChanges {
			changed += n
		}
		fmt.Fprintf(w, "  verdicts changed %6d of %d re-verified rows %v\n", changed, st.Reverified, st.VerdictChanges)
	}
	fmt.Fprintf(w, "\noutput: %s  (%s)\n", out, strings.Join(outputsIn(ctx, out), ", "))
	return nil
}

// summaryEntries are the outputs a summary names, with how to find them.
var summaryEntries = []struct{ name, pattern string }{
	{"accepted/", "accepted/part-*"}, {"rejected/", "rejected/part-*"}, {"deadletter/", "deadletter/part-*"},
	{"seeds/", "seeds/part-*"}, {"stats.json", "stats.json"},
	{"README.md (dataset card)", "README.md"}, {"DATASET_CARD.md (dataset card)", "DATASET_CARD.md"}, {"report.html", "report.html"},
}

// outputsIn lists which of the run's outputs exist under out.
func outputsIn(ctx context.Context, out string) []string {
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return []string{"stats.json"}
	}
	defer fs.Close()
	var have []string
	card := false
	for _, e := range summaryEntries {
		if files, err := fs.List(ctx, transforms.JoinPath(out, e.pattern)); err == nil && len(files) > 0 {
			have = append(have, e.name)
			card = card || e.pattern == "DATASET_CARD.md"
		}
	}
	if card {
		// The card went to DATASET_CARD.md because README.md is not
		// arrows': it is not one of the run's outputs.
		have = slices.DeleteFunc(have, func(n string) bool { return strings.HasPrefix(n, "README.md") })
	}
	return have
}

func pct(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
