package verifyeval

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// A corpus self-acceptance run: a public corpus verified against its own
// reference solutions (which must be accepted), and altered copies whose
// final answer no longer matches (which must be rejected).
type CorpusRun struct {
	// Name names the corpus in categories ("gsm8k_test", "math500").
	Name string
	// Path is the JSONL file; Format its corpus format.
	Path   string
	Format corpus.Format
}

// Corpus alterations.
const (
	// AlterGSM8KAnswer changes the number after "####" (N → N + 1).
	AlterGSM8KAnswer = "altered_final_answer"
	// AlterMATHBoxed changes the solution's last \boxed{} (answer field kept).
	AlterMATHBoxed = "altered_boxed"
	// AlterMATHAnswer changes the answer field (solution kept).
	AlterMATHAnswer = "altered_answer_field"
)

// CorpusResult is the outcome of one corpus run.
type CorpusResult struct {
	Outcomes []Outcome
	// FastPath counts the clean rows whose reference_match the Go fast path
	// decided (layer "go:*"), of Compared rows that had one.
	FastPath, Compared int
}

// RunCorpus verifies every row of a corpus as `arrows verify --format …`
// does (Verifier.VerifyReference on the record transforms.ItemRecord
// builds), then altered copies of every row. Categories are
// "<name>/self" (want accepted) and "<name>/<alteration>" (want rejected).
func RunCorpus(ctx context.Context, v *verify.Verifier, run CorpusRun, workers int) (CorpusResult, error) {
	var res CorpusResult
	b, err := os.ReadFile(run.Path)
	if err != nil {
		return res, fmt.Errorf("read corpus: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	type job struct {
		id, category string
		line         []byte
		want         bool
		clean        bool
	}
	var jobs []job
	alters := map[corpus.Format][]string{
		corpus.FormatGSM8K: {AlterGSM8KAnswer},
		corpus.FormatMATH:  {AlterMATHBoxed, AlterMATHAnswer},
	}[run.Format]
	for i, l := range lines {
		id := fmt.Sprintf("%s:%d", filepath.Base(run.Path), i+1)
		jobs = append(jobs, job{id, run.Name + "/self", []byte(l), true, true})
		for _, a := range alters {
			al, err := alterLine([]byte(l), a)
			if err != nil {
				return res, fmt.Errorf("%s: %w", id, err)
			}
			jobs = append(jobs, job{id + "/" + a, run.Name + "/" + a, al, false, false})
		}
	}
	outs := make([]Outcome, len(jobs))
	fast := make([]int, len(jobs)) // 1 fast path, 0 sandbox, -1 no comparison
	errs := make([]error, len(jobs))
	parser := corpus.Parser{Format: run.Format}
	if workers <= 0 {
		workers = 4
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for k := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(k int) {
			defer wg.Done()
			defer func() { <-sem }()
			j := jobs[k]
			it, err := parser.Parse(j.line, schemas.Origin{File: filepath.Base(run.Path), Line: int64(k + 1)})
			if err != nil {
				errs[k] = fmt.Errorf("%s: parse: %w", j.id, err)
				return
			}
			rec := itemRecord(it)
			ver := v.VerifyReference(ctx, &rec)
			o := Outcome{ID: j.id, Category: j.category, Want: j.want, Got: ver.Verdict == schemas.VerdictAccepted}
			o.Undecided = strings.HasSuffix(verify.Reason(ver), "_undecided")
			o.Detail = verify.Detail(ver)
			outs[k] = o
			fast[k] = -1
			for _, c := range ver.Checks {
				if c.Name == verify.CheckReferenceMatch && c.Result != schemas.ResultSkipped {
					fast[k] = 0
					if strings.HasPrefix(c.Layer, "go:") {
						fast[k] = 1
					}
				}
			}
		}(k)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	for k, j := range jobs {
		if j.clean && fast[k] >= 0 {
			res.Compared++
			res.FastPath += fast[k]
		}
	}
	res.Outcomes = outs
	return res, nil
}

// itemRecord is the record `arrows verify` makes of an external row
// (transforms.ItemRecord): the source item as the seed's source, its
// problem and solution.
func itemRecord(it corpus.Item) schemas.Record {
	src := *it.Source
	return schemas.Record{
		Seed:     schemas.Seed{Index: it.Origin.Line, Pathway: "verify", Source: &src},
		Problem:  src.Problem,
		Solution: src.Solution,
		Origin:   &it.Origin,
		Provenance: schemas.Provenance{
			Generator: "external", Models: map[string]string{}, Pathway: "verify",
		},
	}
}

var (
	reAlterInt    = regexp.MustCompile(`[0-9]+`)
	reAlterChoice = regexp.MustCompile(`^\\text\{\(([A-E])\)\}$`)
	reAlterText   = regexp.MustCompile(`^\\text\{([^{}]*)\}$`)
)

// alterLine changes a corpus row's final answer (see the Alter constants).
func alterLine(line []byte, how string) ([]byte, error) {
	var row map[string]any
	if err := json.Unmarshal(line, &row); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	switch how {
	case AlterGSM8KAnswer:
		sol, _ := row["answer"].(string)
		i := strings.LastIndex(sol, "####")
		if i < 0 {
			return nil, fmt.Errorf("no #### line")
		}
		n, ok := new(big.Rat).SetString(strings.ReplaceAll(strings.TrimSpace(sol[i+4:]), ",", ""))
		if !ok {
			return nil, fmt.Errorf("#### %q is not a number", sol[i+4:])
		}
		row["answer"] = sol[:i] + "#### " + new(big.Rat).Add(n, big.NewRat(1, 1)).RatString()
	case AlterMATHBoxed:
		sol, _ := row["solution"].(string)
		i, j, ok := LastBoxSpan(sol)
		if !ok {
			return nil, fmt.Errorf("no \\boxed{}")
		}
		row["solution"] = sol[:i] + AlterLatex(sol[i:j]) + sol[j:]
	case AlterMATHAnswer:
		a, _ := row["answer"].(string)
		if a == "" {
			sol, _ := row["solution"].(string)
			i, j, ok := LastBoxSpan(sol)
			if !ok {
				return nil, fmt.Errorf("no answer")
			}
			a = sol[i:j]
		}
		row["answer"] = AlterLatex(a)
	default:
		return nil, fmt.Errorf("unknown alteration %q", how)
	}
	return json.Marshal(row)
}

// AlterLatex changes a LaTeX final answer so that it means something else:
// its first integer + 1 ("\frac{14}{3}" → "\frac{15}{3}"), the next
// choice letter, "not …" for a text answer, or "+ 1" appended.
func AlterLatex(a string) string {
	if m := reAlterChoice.FindStringSubmatch(a); m != nil {
		return `\text{(` + string(rune(m[1][0]+1)) + `)}`
	}
	if m := reAlterText.FindStringSubmatch(a); m != nil {
		return `\text{not ` + m[1] + `}`
	}
	loc := reAlterInt.FindStringIndex(a)
	if loc == nil {
		return a + " + 1"
	}
	n, _ := new(big.Int).SetString(a[loc[0]:loc[1]], 10)
	return a[:loc[0]] + n.Add(n, big.NewInt(1)).String() + a[loc[1]:]
}

// LastBoxSpan returns the span of the content of the last \boxed{} or
// \fbox{} of a solution.
func LastBoxSpan(solution string) (start, end int, ok bool) {
	k := -1
	for _, cmd := range []string{`\boxed{`, `\fbox{`} {
		if i := strings.LastIndex(solution, cmd); i >= 0 && i+len(cmd) > k {
			k = i + len(cmd)
		}
	}
	if k < 0 {
		return 0, 0, false
	}
	depth := 0
	for i := k; i < len(solution); i++ {
		switch solution[i] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return k, i, true
			}
			depth--
		}
	}
	return 0, 0, false
}
