package verifye2e

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/verifyeval"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
)

// generateCorpus runs `arrows generate --n n` (offline backend) into dir and
// returns its output.
func generateCorpus(t *testing.T, n int64, dir string) e2etest.Output {
	t.Helper()
	cfg := pipeline.DefaultGenerateConfig()
	cfg.Seeds.N = n
	cfg.Env.RunSeed = 11
	cfg.Out = dir
	cfg.Shards = 2
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	pipeline.Generate(s, cfg)
	if _, err := runners.Run(t.Context(), runners.Prism, p); err != nil {
		t.Fatalf("generate job failed: %v", err)
	}
	o := e2etest.ReadOutput(t, dir)
	if len(o.Accepted)+len(o.Rejected) != int(n) {
		t.Fatalf("generate wrote %d + %d rows, want %d", len(o.Accepted), len(o.Rejected), n)
	}
	return o
}

// corruption is an injected fault and the check that must catch it first.
type corruption struct {
	name   string
	reason string   // the rejection reason (first failed check)
	also   []string // checks that must fail too
	given  string   // for a changed number: the given that was changed
}

var (
	corruptNumber  = corruption{name: "changed number in the problem", reason: verify.CheckUngroundedNumber, also: []string{verify.CheckGrounding}}
	corruptBoxed   = corruption{name: "changed boxed answer", reason: verify.CheckAnswerMatch}
	corruptSwapP   = corruption{name: "problems swapped between rows", reason: verify.CheckUngroundedNumber, also: []string{verify.CheckGrounding}}
	corruptSwapAll = corruption{name: "problems and solutions swapped between rows", reason: verify.CheckAnswerMatch, also: []string{verify.CheckGrounding}}
)

// TestReverifyGeneratedCorpus re-verifies a corpus made by `arrows
// generate`: as is, no verdict changes; with corruptions injected into some
// accepted rows, exactly those rows are rejected, each for its own reason,
// and stats.json counts them as accepted_to_rejected.
func TestReverifyGeneratedCorpus(t *testing.T) {
	const n = 60
	dir := t.TempDir()
	gen := generateCorpus(t, n, filepath.Join(dir, "gen"))
	if len(gen.Accepted) < 40 {
		t.Fatalf("only %d of %d generated rows accepted; rejections: %s", len(gen.Accepted), n, failedReasons(gen.Rejected))
	}
	genVerdict := map[string]string{}
	for _, r := range gen.Accepted {
		genVerdict[r.ID] = schemas.VerdictAccepted
	}
	for _, r := range gen.Rejected {
		genVerdict[r.ID] = schemas.VerdictRejected
	}

	t.Run("as generated: zero changed verdicts", func(t *testing.T) {
		out := filepath.Join(dir, "reverified")
		runVerify(t, verifyConfig([]string{
			filepath.Join(dir, "gen", "accepted", "*.jsonl"),
			filepath.Join(dir, "gen", "rejected", "*.jsonl"),
		}, corpus.FormatArrows, out))
		o := e2etest.ReadOutput(t, out)
		if len(o.Dead) != 0 {
			t.Fatalf("dead letters: %+v", o.Dead)
		}
		if o.Stats.Rows != n || o.Stats.Reverified != n {
			t.Errorf("stats.json rows=%d reverified=%d, want %d and %d", o.Stats.Rows, o.Stats.Reverified, n, n)
		}
		if len(o.Stats.VerdictChanges) != 0 {
			t.Errorf("stats.json verdict_changes = %v, want none", o.Stats.VerdictChanges)
		}
		if len(o.Accepted) != len(gen.Accepted) || len(o.Rejected) != len(gen.Rejected) {
			t.Errorf("re-verified %d accepted / %d rejected; generated %d / %d", len(o.Accepted), len(o.Rejected), len(gen.Accepted), len(gen.Rejected))
		}
		for _, r := range o.Accepted {
			origin := originOf(t, r)
			if genVerdict[r.ID] != schemas.VerdictAccepted {
				t.Errorf("row %s accepted on re-verification, generate said %q", r.ID, genVerdict[r.ID])
			}
			if origin.RecordID != r.ID || !strings.Contains(origin.File, "accepted") {
				t.Errorf("row %s: origin %+v, want its own id and a file under accepted/", r.ID, origin)
			}
			if r.Verification.Previous != schemas.VerdictAccepted {
				t.Errorf("row %s: previous verdict %q", r.ID, r.Verification.Previous)
			}
		}
		for _, r := range o.Rejected {
			if genVerdict[originOf(t, r).RecordID] != schemas.VerdictRejected {
				t.Errorf("row %s rejected on re-verification (%s), generate said %q", r.Origin.RecordID, r.Rejection.Reason, genVerdict[r.Origin.RecordID])
			}
		}
	})

	t.Run("corrupted rows are rejected for the right reason", func(t *testing.T) {
		rows := slices.Clone(gen.Accepted)
		sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
		want := corrupt(t, rows)
		counts := map[string]int{}
		for _, c := range want {
			counts[c.name]++
		}
		t.Logf("injected: %v into %d of %d rows", counts, len(want), len(rows))
		for _, c := range []corruption{corruptNumber, corruptBoxed, corruptSwapP, corruptSwapAll} {
			if counts[c.name] < 2 {
				t.Fatalf("could inject %q into only %d rows", c.name, counts[c.name])
			}
		}
		var lines [][]byte
		for _, r := range rows {
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, b)
		}
		in := filepath.Join(dir, "corrupted.jsonl")
		writeJSONL(t, in, lines)
		out := filepath.Join(dir, "corrupted-out")
		runVerify(t, verifyConfig([]string{in}, corpus.FormatArrows, out))
		o := e2etest.ReadOutput(t, out)

		if len(o.Dead) != 0 || len(o.Accepted)+len(o.Rejected) != len(rows) {
			t.Fatalf("%d accepted + %d rejected + %d dead letters, want %d rows", len(o.Accepted), len(o.Rejected), len(o.Dead), len(rows))
		}
		for _, r := range o.Accepted {
			if c, ok := want[originOf(t, r).Line]; ok {
				t.Errorf("line %d (%s) accepted", r.Origin.Line, c.name)
			}
		}
		for _, r := range o.Rejected {
			line := originOf(t, r).Line
			c, ok := want[line]
			if !ok {
				t.Errorf("untouched line %d rejected: %s\n%s", line, r.Rejection.Reason, failedChecks(r))
				continue
			}
			if r.Rejection.Stage != schemas.StageVerify || r.Rejection.Reason != c.reason {
				t.Errorf("line %d (%s) rejected at %s for %s, want verify/%s\n%s", line, c.name, r.Rejection.Stage, r.Rejection.Reason, c.reason, failedChecks(r))
			}
			for _, check := range c.also {
				if !slices.Contains(r.Verification.Failed, check) {
					t.Errorf("line %d (%s): %s did not fail too (failed %v)", line, c.name, check, r.Verification.Failed)
				}
			}
			if c.given != "" {
				if g := checkNamed(r, verify.CheckGrounding); !strings.Contains(g.Reason, c.given) {
					t.Errorf("line %d: grounding reason %q does not name the changed given %s", line, g.Reason, c.given)
				}
			}
		}
		if got := o.Stats.VerdictChanges["accepted_to_rejected"]; got != int64(len(want)) || len(o.Stats.VerdictChanges) != 1 {
			t.Errorf("stats.json verdict_changes = %v, want accepted_to_rejected=%d only", o.Stats.VerdictChanges, len(want))
		}
		if o.Stats.Reverified != int64(len(rows)) {
			t.Errorf("stats.json reverified = %d, want %d", o.Stats.Reverified, len(rows))
		}
	})
}

// checkNamed returns the check of a row's verification with the name.
func checkNamed(r schemas.Record, name string) schemas.Check {
	if r.Verification != nil {
		for _, c := range r.Verification.Checks {
			if c.Name == name {
				return c
			}
		}
	}
	return schemas.Check{}
}

var reDigitRun = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

// replaceNumber replaces every number in text that is exactly old (not part
// of a longer number or decimal) by repl, and reports how many it replaced.
func replaceNumber(text, old, repl string) (string, int) {
	n := 0
	out := reDigitRun.ReplaceAllStringFunc(text, func(m string) string {
		if m == old {
			n++
			return repl
		}
		return m
	})
	return out, n
}

// corrupt injects faults into rows (sorted, all accepted) and returns the
// expected outcome per 1-based line. The first rows that allow it get a
// changed given, the next ones a changed boxed answer, then pairs of rows
// swap problems, then pairs swap problems and solutions.
func corrupt(t *testing.T, rows []schemas.Record) map[int64]corruption {
	t.Helper()
	const perKind = 4
	want := map[int64]corruption{}
	used := map[int]bool{}
	// A changed given: a literal of the program of at least 13 that is not
	// a multiple of 10 (so that no number word or percentage restates it),
	// written as a number in the problem, is replaced there by another.
	for i := range rows {
		if len(want) >= perKind {
			break
		}
		r := &rows[i]
		lits := map[string]bool{}
		for _, l := range r.Execution.Literals {
			lits[l] = true
		}
		var pick string
		for _, l := range r.Execution.Literals {
			v, err := strconv.Atoi(l)
			if err != nil || v < 13 || v%10 == 0 || pick != "" {
				continue
			}
			if _, n := replaceNumber(r.Problem, l, "x"); n > 0 {
				pick = l
			}
		}
		if pick == "" {
			continue
		}
		v, _ := strconv.Atoi(pick)
		repl := strconv.Itoa(v + 7)
		for lits[repl] || strings.Contains(r.Problem, repl) {
			v += 7
			repl = strconv.Itoa(v + 7)
		}
		r.Problem, _ = replaceNumber(r.Problem, pick, repl)
		c := corruptNumber
		c.given = pick
		want[int64(i+1)] = c
		used[i] = true
	}
	boxed := 0
	for i := range rows {
		if boxed >= perKind {
			break
		}
		if used[i] {
			continue
		}
		r := &rows[i]
		s, e, ok := verifyeval.LastBoxSpan(r.Solution)
		if !ok {
			continue
		}
		r.Solution = r.Solution[:s] + verifyeval.AlterLatex(r.Solution[s:e]) + r.Solution[e:]
		want[int64(i+1)] = corruptBoxed
		used[i] = true
		boxed++
	}
	swap := func(c corruption, withSolution bool) {
		pairs := 0
		for i := 0; i < len(rows) && pairs < perKind/2; i++ {
			if used[i] {
				continue
			}
			for j := i + 1; j < len(rows); j++ {
				if used[j] || !swappable(&rows[i], &rows[j]) {
					continue
				}
				a, b := &rows[i], &rows[j]
				a.Problem, b.Problem = b.Problem, a.Problem
				if withSolution {
					a.Solution, b.Solution = b.Solution, a.Solution
				}
				want[int64(i+1)], want[int64(j+1)] = c, c
				used[i], used[j] = true, true
				pairs++
				break
			}
		}
	}
	swap(corruptSwapP, false)
	swap(corruptSwapAll, true)
	return want
}

// swappable reports whether two rows can trade problems so that the
// grounding check sees it: each program has a given (other than 0 and 1)
// that the other problem does not state, and their answers differ.
func swappable(a, b *schemas.Record) bool {
	missing := func(r, other *schemas.Record) bool {
		for _, l := range r.Execution.Literals {
			if l == "0" || l == "1" {
				continue
			}
			if _, n := replaceNumber(other.Problem, l, "x"); n == 0 {
				return true
			}
		}
		return false
	}
	if a.FinalAnswer == nil || b.FinalAnswer == nil || a.FinalAnswer.Text == b.FinalAnswer.Text {
		return false
	}
	return missing(a, b) && missing(b, a)
}
