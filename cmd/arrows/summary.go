package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

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
// job is `arrows verify`, whose rows are input lines.
func runJob(ctx context.Context, runner, out string, prog *progressMode, total int64, unit string, build func(s beam.Scope, progressKey string)) error {
	key, stopProgress := startProgress(prog, runner, os.Stderr, total, unit)
	p, s := beam.NewPipelineWithRoot()
	build(s, key)
	start := time.Now()
	_, err := runners.Run(ctx, runner, p)
	stopProgress()
	if err != nil {
		return err
	}
	if !runners.IsLocal(runner) {
		fmt.Fprintf(os.Stderr, "submitted to %s; outputs go to %s\n", runner, out)
		return nil
	}
	return printSummary(ctx, os.Stdout, out, time.Since(start), unit == "rows")
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
	{"README.md (dataset card)", "README.md"}, {"report.html", "report.html"},
}

// outputsIn lists which of the run's outputs exist under out.
func outputsIn(ctx context.Context, out string) []string {
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return []string{"stats.json"}
	}
	defer fs.Close()
	var have []string
	for _, e := range summaryEntries {
		if files, err := fs.List(ctx, transforms.JoinPath(out, e.pattern)); err == nil && len(files) > 0 {
			have = append(have, e.name)
		}
	}
	return have
}

func pct(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
