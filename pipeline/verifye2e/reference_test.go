package verifye2e

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/verifyeval"
	"github.com/arrows-math/arrows/schemas"
)

// expectedRejection is one entry of testdata/expected_rejections.json.
type expectedRejection struct {
	File   string   `json:"file"`
	Line   int64    `json:"line"`
	Failed []string `json:"failed"`
	Reason string   `json:"reason"`
}

func loadExpectedRejections(t *testing.T) []expectedRejection {
	t.Helper()
	b, err := os.ReadFile("testdata/expected_rejections.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rejections []expectedRejection `json:"rejections"`
	}
	e2etest.Unmarshal(t, b, &doc)
	for _, e := range doc.Rejections {
		if e.File == "" || e.Line < 1 || len(e.Failed) == 0 || strings.TrimSpace(e.Reason) == "" {
			t.Fatalf("expected_rejections.json: incomplete entry %+v", e)
		}
	}
	return doc.Rejections
}

// knownFlaggedLines is the set of "file:line" that internal/steps lists as
// having a genuinely wrong arithmetic step.
func knownFlaggedLines(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "steps", "testdata", "known_flagged.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Flagged []struct {
			File      string `json:"file"`
			Line      int64  `json:"line"`
			Judgement string `json:"judgement"`
		} `json:"flagged"`
	}
	e2etest.Unmarshal(t, b, &doc)
	m := map[string]bool{}
	for _, f := range doc.Flagged {
		if f.Judgement == "wrong" {
			m[fmt.Sprintf("%s:%d", f.File, f.Line)] = true
		}
	}
	return m
}

// TestExpectedRejectionsAgreeWithKnownFlagged cross-checks the fixture with
// internal/steps' hand-checked list: a rejection for step arithmetic is a
// step judged wrong there, and every such step of the two test files is
// expected to be rejected.
func TestExpectedRejectionsAgreeWithKnownFlagged(t *testing.T) {
	flagged := knownFlaggedLines(t)
	expected := map[string]bool{}
	for _, e := range loadExpectedRejections(t) {
		key := fmt.Sprintf("%s:%d", e.File, e.Line)
		expected[key] = true
		if slices.Contains(e.Failed, verify.CheckStepArithmetic) && !flagged[key] {
			t.Errorf("%s fails step_arithmetic but is not in internal/steps/testdata/known_flagged.json", key)
		}
	}
	for key := range flagged {
		if (strings.HasPrefix(key, "gsm8k/test.jsonl:") || strings.HasPrefix(key, "math500/test.jsonl:")) && !expected[key] {
			t.Errorf("known_flagged.json lists %s as wrong, but expected_rejections.json does not expect it rejected", key)
		}
	}
}

// referenceCase is one public dataset checked with its own solutions and
// with altered final answers.
type referenceCase struct {
	name    string // dataset key in the fixtures, e.g. "gsm8k/test.jsonl"
	format  corpus.Format
	rows    int
	alter   map[string]func(t *testing.T, row map[string]any) // altered file name → mutation
	because string                                            // the check an altered row must fail
}

// TestVerifyGSM8KTest runs `arrows verify --format gsm8k` on the GSM8K test
// set: its reference solutions are accepted (≥ 99%, each rejection listed
// and explained in testdata/expected_rejections.json), and the same
// records with the number after "####" changed are rejected (≥ 99%) because
// the steps do not conclude with that number.
func TestVerifyGSM8KTest(t *testing.T) {
	runReferenceCase(t, referenceCase{
		name: "gsm8k/test.jsonl", format: corpus.FormatGSM8K, rows: 1319,
		alter: map[string]func(*testing.T, map[string]any){
			"altered_final_answer.jsonl": func(t *testing.T, row map[string]any) {
				sol := row["answer"].(string)
				i := strings.LastIndex(sol, "####")
				raw := strings.ReplaceAll(strings.TrimSpace(sol[i+4:]), ",", "")
				n, ok := new(big.Rat).SetString(raw)
				if i < 0 || !ok {
					t.Fatalf("GSM8K answer without a numeric #### line: %q", sol)
				}
				row["answer"] = sol[:i] + "#### " + alterNumber(n).RatString()
			},
		},
		because: verify.CheckAnswerSupported,
	})
}

// TestVerifyMATH500 runs `arrows verify --format math` on MATH500: its
// reference solutions are accepted (≥ 99%, each rejection listed in the
// fixture), and the same records are rejected (≥ 99%) because the final
// answer no longer matches the reference when either side is altered: the
// solution's last \boxed{} (answer field kept) or the answer field
// (solution kept).
func TestVerifyMATH500(t *testing.T) {
	runReferenceCase(t, referenceCase{
		name: "math500/test.jsonl", format: corpus.FormatMATH, rows: 500,
		alter: map[string]func(*testing.T, map[string]any){
			"altered_boxed.jsonl": func(t *testing.T, row map[string]any) {
				sol := row["solution"].(string)
				i, j, ok := verifyeval.LastBoxSpan(sol)
				if !ok {
					t.Fatalf("MATH500 solution without a \\boxed{}: %q", e2etest.Clip(sol, 200))
				}
				row["solution"] = sol[:i] + verifyeval.AlterLatex(sol[i:j]) + sol[j:]
			},
			"altered_answer_field.jsonl": func(t *testing.T, row map[string]any) {
				row["answer"] = verifyeval.AlterLatex(row["answer"].(string))
			},
		},
		because: verify.CheckReferenceMatch,
	})
}

func runReferenceCase(t *testing.T, c referenceCase) {
	src := filepath.Join("testdata", c.name)
	dir := t.TempDir()
	globs := []string{src}
	for name, mutate := range c.alter {
		var lines [][]byte
		err := readLines(src, func(_ int64, line []byte) {
			var row map[string]any
			e2etest.Unmarshal(t, line, &row)
			before, _ := json.Marshal(row)
			mutate(t, row)
			after, err := json.Marshal(row)
			if err != nil {
				t.Fatal(err)
			}
			if string(after) == string(before) {
				t.Fatalf("%s: the alteration changed nothing in %s", name, e2etest.Clip(string(line), 200))
			}
			lines = append(lines, after)
		})
		if err != nil {
			t.Fatal(err)
		}
		writeJSONL(t, filepath.Join(dir, name), lines)
		globs = append(globs, filepath.Join(dir, name))
	}
	out := filepath.Join(dir, "out")
	runVerify(t, verifyConfig(globs, c.format, out))
	o := e2etest.ReadOutput(t, out)

	// Every input line is accounted for, in the files and in stats.json.
	if len(o.Dead) != 0 {
		t.Fatalf("%d dead letters, first %+v", len(o.Dead), o.Dead[0])
	}
	total := c.rows * len(globs)
	if got := len(o.Accepted) + len(o.Rejected); got != total {
		t.Fatalf("accepted %d + rejected %d = %d rows, want %d input lines", len(o.Accepted), len(o.Rejected), got, total)
	}
	if o.Stats.Rows != int64(total) || o.Stats.Accepted != int64(len(o.Accepted)) || o.Stats.Rejected != int64(len(o.Rejected)) {
		t.Errorf("stats.json rows=%d accepted=%d rejected=%d; files: %d/%d", o.Stats.Rows, o.Stats.Accepted, o.Stats.Rejected, len(o.Accepted), len(o.Rejected))
	}
	acc, rej := byFile(t, o.Accepted), byFile(t, o.Rejected)
	base := filepath.Base(c.name)
	if n := len(acc[base]) + len(rej[base]); n != c.rows {
		t.Fatalf("%s: %d rows out, want %d", c.name, n, c.rows)
	}
	for _, r := range append(append([]schemas.Record{}, o.Accepted...), o.Rejected...) {
		if c.format == corpus.FormatMATH && !strings.HasPrefix(originOf(t, r).RecordID, "test/") {
			t.Fatalf("MATH500 row without its unique_id as origin record id: %+v", r.Origin)
		}
	}

	// The reference solutions: accepted, except exactly the listed rows.
	want := map[int64]expectedRejection{}
	for _, e := range loadExpectedRejections(t) {
		if e.File == c.name {
			want[e.Line] = e
		}
	}
	for _, r := range rej[base] {
		line := r.Origin.Line
		e, ok := want[line]
		if !ok {
			t.Errorf("%s:%d rejected but not expected: %s %v\n%s", c.name, line, r.Rejection.Reason, r.Verification.Failed, failedChecks(r))
			continue
		}
		if !slices.Equal(r.Verification.Failed, e.Failed) {
			t.Errorf("%s:%d failed %v, expected %v\n%s", c.name, line, r.Verification.Failed, e.Failed, failedChecks(r))
		}
		delete(want, line)
	}
	for line, e := range want {
		t.Errorf("%s:%d expected to be rejected (%v: %s) but was accepted", c.name, line, e.Failed, e.Reason)
	}
	accRate := rate(len(acc[base]), c.rows)
	if accRate < 0.99 {
		t.Errorf("%s: reference solutions accepted at %.2f%%, want ≥ 99%%", c.name, 100*accRate)
	}
	t.Logf("%s: reference solutions accepted %d/%d (%.2f%%)", c.name, len(acc[base]), c.rows, 100*accRate)

	// The altered records: rejected, for the right reason.
	for name := range c.alter {
		var undecided int
		for _, r := range rej[name] {
			if !slices.Contains(r.Verification.Failed, c.because) {
				t.Errorf("%s:%d rejected for %v, not for %s\n%s", name, r.Origin.Line, r.Verification.Failed, c.because, failedChecks(r))
			}
			if strings.HasSuffix(r.Rejection.Reason, "_undecided") {
				undecided++
			}
		}
		for _, r := range acc[name] {
			t.Logf("%s:%d altered answer accepted: final answer %q, reference %q", name, r.Origin.Line, r.FinalAnswer.Text, r.Seed.Source.Answer)
		}
		rejRate := rate(len(rej[name]), c.rows)
		if rejRate < 0.99 {
			t.Errorf("%s: altered answers rejected at %.2f%%, want ≥ 99%%", name, 100*rejRate)
		}
		t.Logf("%s (%s): altered answers rejected %d/%d (%.2f%%; %d of them undecided rather than not equal)", name, c.name, len(rej[name]), c.rows, 100*rejRate, undecided)
	}
}

// failedChecks renders the failed and undecided checks of a row.
func failedChecks(r schemas.Record) string {
	var b strings.Builder
	if r.Verification == nil {
		return "(no verification)"
	}
	for _, c := range r.Verification.Checks {
		if c.Result == schemas.ResultFail || c.Result == schemas.ResultUndecided {
			fmt.Fprintf(&b, "    %s %s: %s\n", c.Name, c.Result, c.Reason)
		}
	}
	return b.String()
}
