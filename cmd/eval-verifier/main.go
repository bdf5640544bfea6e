// Command eval-verifier measures the verifier (`make eval-verifier`). It
// needs no Beam: it starts a sandbox pool with the answer checker's modules
// and prints, per category, precision and recall (and the rejection and
// false-accept rates) for
//
//  1. corruptions of arrows' own accepted triples, generated in process with
//     the offline backend (changed number, changed unit, dropped given,
//     swapped problem, changed question, changed boxed answer, and the clean
//     copies);
//  2. the labelled consistency set (internal/verifyeval/testdata/consistency);
//  3. the labelled answer pairs (internal/verifyeval/testdata/answers);
//  4. GSM8K test and MATH500 verified against their own reference solutions
//     and with altered final answers, and the share of GSM8K pairs the Go
//     fast path decides without the sandbox.
//
// It ends with every target, met or NOT met with the figure, and exits 1 if
// any target is not met (2 on an error).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/verifyeval"
)

type options struct {
	seed        int64
	triples     int
	consistency string
	answers     string
	gsm8k       string
	math500     string
	workers     int
	show        int
	sections    string
}

func main() {
	var o options
	flag.Int64Var(&o.seed, "seed", 11, "run seed of the generated triples (as arrows generate --seed)")
	flag.IntVar(&o.triples, "triples", 300, "accepted triples to corrupt")
	flag.StringVar(&o.consistency, "consistency", "internal/verifyeval/testdata/consistency", "directory of the labelled consistency set")
	flag.StringVar(&o.answers, "answers", "internal/verifyeval/testdata/answers", "directory of the labelled answer pairs")
	flag.StringVar(&o.gsm8k, "gsm8k", "pipeline/verifye2e/testdata/gsm8k/test.jsonl", "GSM8K test set (JSONL)")
	flag.StringVar(&o.math500, "math500", "pipeline/verifye2e/testdata/math500/test.jsonl", "MATH500 (JSONL)")
	flag.IntVar(&o.workers, "workers", runtime.NumCPU(), "sandbox servers")
	flag.IntVar(&o.show, "show", 10, "disagreements listed per table")
	flag.StringVar(&o.sections, "sections", "corruptions,consistency,answers,corpora", "sections to run (comma-separated)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	met, err := run(ctx, os.Stdout, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval-verifier:", err)
		os.Exit(2)
	}
	if !met {
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, o options) (bool, error) {
	cfg := sandbox.DefaultConfig()
	cfg.Workers = o.workers
	cfg.Modules = answer.Modules()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		return false, fmt.Errorf("start sandbox pool: %w", err)
	}
	defer pool.Close()
	fmt.Fprintf(w, "sandbox: %d servers, %v\nverifier: %s\n\n", o.workers, pool.Isolation(), verify.Version)
	v := &verify.Verifier{Checker: &answer.Checker{Runner: pool}}
	ref := &verify.Verifier{Checker: &answer.Checker{Runner: pool}, AllowFallbackAnswer: true}
	inflight := 2 * o.workers
	want := map[string]bool{}
	for _, s := range strings.Split(o.sections, ",") {
		want[strings.TrimSpace(s)] = true
	}
	var targets []verifyeval.TargetResult
	var skipped []string
	start := time.Now()

	if want["corruptions"] {
		t0 := time.Now()
		recs, st, err := verifyeval.GenerateAccepted(ctx, pool, v, verifyeval.GenerateConfig{RunSeed: o.seed, Accepted: o.triples, Workers: inflight})
		if err != nil {
			return false, fmt.Errorf("generate triples: %w", err)
		}
		fmt.Fprintf(w, "generated %d accepted triples from %d seeds (run seed %d); not accepted: %s\n",
			st.Accepted, st.Seeds, o.seed, formatCounts(st.Rejected))
		cases := verifyeval.Corrupt(recs, o.seed)
		outs := verifyeval.RunCorruptions(ctx, v, cases, inflight)
		verifyeval.Fprint(w, "1. corruptions of arrows' own accepted triples (want: clean accepted, corrupted rejected)", outs, o.show)
		fmt.Fprintf(w, "   caught by (first failed check): %s\n", formatCounts(verifyeval.CaughtBy(outs)))
		fmt.Fprintf(w, "   (%s)\n\n", time.Since(t0).Round(time.Second))
		targets = append(targets, verifyeval.CorruptionTargets(outs)...)
	}

	if want["consistency"] {
		t0 := time.Now()
		items, err := verifyeval.LoadConsistency(o.consistency)
		if err != nil {
			return false, err
		}
		outs, err := verifyeval.ConsistencyOutcomes(ctx, pool, items, inflight)
		if err != nil {
			return false, err
		}
		verifyeval.Fprint(w, fmt.Sprintf("2. labelled consistency set (%d programs)", len(items)), outs, o.show)
		total, _ := verifyeval.Summarize(outs)
		fmt.Fprintf(w, "   (%s)\n\n", time.Since(t0).Round(time.Second))
		fmt.Fprintf(w, "   agreement with the labels %.1f%%, false accepts %.1f%% of the corrupted cases, clean kept %.1f%%\n",
			100*total.Agreement(), 100*total.FalseAcceptRate(), 100*total.Recall())
		targets = append(targets, verifyeval.CountAtLeast("consistency set: labelled cases", total.N(), 200))
	}

	if want["answers"] {
		t0 := time.Now()
		outs, err := verifyeval.AnswerOutcomes(ctx, pool, o.answers)
		if err != nil {
			return false, err
		}
		verifyeval.Fprint(w, "3. labelled answer pairs (want: equal accepted, not equal rejected)", outs, o.show)
		total, _ := verifyeval.Summarize(outs)
		fmt.Fprintf(w, "   (%s)\n\n", time.Since(t0).Round(time.Second))
		targets = append(targets,
			verifyeval.AtLeast("answer pairs: agreement with the labels", total.Agreement(), total.N(), 0.95),
			verifyeval.AtMostTarget("answer pairs: false accepts of not-equal pairs", total.FalseAcceptRate(), total.TN+total.FP, 0.01))
	}

	if want["corpora"] {
		t0 := time.Now()
		var all []verifyeval.Outcome
		for _, c := range []verifyeval.CorpusRun{
			{Name: "gsm8k_test", Path: o.gsm8k, Format: corpus.FormatGSM8K},
			{Name: "math500", Path: o.math500, Format: corpus.FormatMATH},
		} {
			res, err := verifyeval.RunCorpus(ctx, ref, c, inflight)
			if err != nil {
				return false, fmt.Errorf("%s: %w", c.Name, err)
			}
			all = append(all, res.Outcomes...)
			_, by := verifyeval.Summarize(res.Outcomes)
			for _, cat := range slices.Sorted(maps.Keys(by)) {
				t := by[cat]
				if strings.HasSuffix(cat, "/self") {
					targets = append(targets, verifyeval.AtLeast(cat+" accepted (self-acceptance)", t.Recall(), t.TP+t.FN, 0.995))
				} else {
					targets = append(targets, verifyeval.AtLeast(cat+" rejected", t.Rejection(), t.TN+t.FP, 1))
				}
			}
			if c.Format == corpus.FormatGSM8K {
				share := 0.0
				if res.Compared > 0 {
					share = float64(res.FastPath) / float64(res.Compared)
				}
				targets = append(targets, verifyeval.AtLeast("gsm8k_test: pairs decided by the Go fast path", share, res.Compared, 0.95))
			}
		}
		verifyeval.Fprint(w, "4. public corpora against their own reference solutions (self) and altered final answers", all, o.show)
		fmt.Fprintf(w, "   (%s)\n\n", time.Since(t0).Round(time.Second))
	}
	for _, s := range []string{"corruptions", "consistency", "answers", "corpora"} {
		if !want[s] {
			skipped = append(skipped, s)
		}
	}

	fmt.Fprintf(w, "== targets (%s)\n", time.Since(start).Round(time.Second))
	met := verifyeval.FprintTargets(w, targets)
	if len(skipped) > 0 {
		fmt.Fprintf(w, "  sections not run: %s (their targets are not measured)\n", strings.Join(skipped, ", "))
		met = false
	}
	if met {
		fmt.Fprintln(w, "all targets met")
	}
	return met, nil
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
