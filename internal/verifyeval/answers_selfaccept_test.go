package verifyeval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// The public corpora the verify end-to-end tests use (copied verbatim, with
// their licences, in pipeline/verifye2e/testdata).
const (
	selfGSM8KTest = "../../pipeline/verifye2e/testdata/gsm8k/test.jsonl"
	selfMATH500   = "../../pipeline/verifye2e/testdata/math500/test.jsonl"
)

// selfRow is one corpus row verified as `arrows verify --format …` verifies
// it (VerifyReference on the record built from the parsed item).
type selfRow struct {
	line    []byte
	altered bool
}

// selfAcceptance verifies every row of a corpus file, and the same rows
// altered by alter, and returns the accepted clean rows, the accepted
// altered rows, the clean rows whose reference_match Go decided, and the
// clean rows compared.
func selfAcceptance(t *testing.T, r answer.Runner, path string, format corpus.Format, alter func(t *testing.T, row map[string]any)) (clean, cleanAccepted, alteredAccepted, goDecided, compared int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []selfRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := append([]byte(nil), sc.Bytes()...)
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rows = append(rows, selfRow{line: line})
		var row map[string]any
		if err := json.Unmarshal(line, &row); err != nil {
			t.Fatal(err)
		}
		alter(t, row)
		altered, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, selfRow{line: altered, altered: true})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	v := &verify.Verifier{Checker: &answer.Checker{Runner: r, RelTol: 1e-6}}
	parser := corpus.Parser{Format: format}
	type result struct{ accepted, goLayer, hasMatch bool }
	results := make([]result, len(rows))
	next := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				it, err := parser.Parse(rows[i].line, schemas.Origin{File: path, Line: int64(i + 1)})
				if err != nil {
					t.Errorf("row %d: %v", i+1, err)
					continue
				}
				src := *it.Source
				rec := schemas.Record{Seed: schemas.Seed{Pathway: "verify", Source: &src}, Problem: src.Problem, Solution: src.Solution}
				ver := v.VerifyReference(t.Context(), &rec)
				res := result{accepted: ver.Verdict == schemas.VerdictAccepted}
				for _, c := range ver.Checks {
					if c.Name == verify.CheckReferenceMatch && c.Result != schemas.ResultSkipped {
						res.hasMatch = true
						res.goLayer = strings.HasPrefix(c.Layer, "go:")
					}
				}
				results[i] = res
			}
		}()
	}
	for i := range rows {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, row := range rows {
		res := results[i]
		if row.altered {
			if res.accepted {
				alteredAccepted++
			}
			continue
		}
		clean++
		if res.accepted {
			cleanAccepted++
		}
		if res.hasMatch {
			compared++
			if res.goLayer {
				goDecided++
			}
		}
	}
	return
}

var (
	selfChoiceRe  = regexp.MustCompile(`^\\text\{\(([A-E])\)\}$`)
	selfTextRe    = regexp.MustCompile(`^\\text\{([A-Za-z ]+)\}$`)
	selfIntegerRe = regexp.MustCompile(`[0-9]+`)
)

// selfAlterLatex changes a LaTeX answer into a different one: the next
// choice letter, "not <word>", or its first integer plus one.
func selfAlterLatex(a string) string {
	if m := selfChoiceRe.FindStringSubmatch(a); m != nil {
		return `\text{(` + string(rune(m[1][0]+1)) + `)}`
	}
	if m := selfTextRe.FindStringSubmatch(a); m != nil {
		return `\text{not ` + m[1] + `}`
	}
	loc := selfIntegerRe.FindStringIndex(a)
	if loc == nil {
		return a + " + 1"
	}
	n, _ := new(big.Int).SetString(a[loc[0]:loc[1]], 10)
	return a[:loc[0]] + n.Add(n, big.NewInt(1)).String() + a[loc[1]:]
}

// TestSelfAcceptanceOfPublicCorpora checks issue 13's self-acceptance
// targets without Beam: GSM8K test and MATH500 reference solutions are
// accepted (>= 99.5%) and their altered final answers rejected (100%), and
// the Go fast path decides >= 95% of the GSM8K answer comparisons without
// the sandbox.
func TestSelfAcceptanceOfPublicCorpora(t *testing.T) {
	if testing.Short() {
		t.Skip("verifies 3,638 corpus rows")
	}
	pool := answerTestPool(t)
	t.Run("gsm8k test", func(t *testing.T) {
		clean, ok, altOK, goDecided, compared := selfAcceptance(t, pool, selfGSM8KTest, corpus.FormatGSM8K, func(t *testing.T, row map[string]any) {
			sol := row["answer"].(string)
			i := strings.LastIndex(sol, "####")
			n, good := new(big.Rat).SetString(strings.ReplaceAll(strings.TrimSpace(sol[i+4:]), ",", ""))
			if i < 0 || !good {
				t.Fatalf("GSM8K answer without a numeric #### line: %q", sol)
			}
			row["answer"] = sol[:i] + "#### " + new(big.Rat).Add(n, big.NewRat(1, 1)).RatString()
		})
		t.Logf("accepted %d/%d clean rows (%.2f%%), %d altered rows accepted, Go fast path decided %d/%d (%.1f%%)",
			ok, clean, 100*float64(ok)/float64(clean), altOK, goDecided, compared, 100*float64(goDecided)/float64(compared))
		if float64(ok) < 0.995*float64(clean) {
			t.Errorf("self-acceptance %d/%d below 99.5%%", ok, clean)
		}
		if altOK != 0 {
			t.Errorf("%d altered rows accepted, want 0", altOK)
		}
		if float64(goDecided) < 0.95*float64(compared) {
			t.Errorf("the Go fast path decided %d/%d comparisons, want >= 95%%", goDecided, compared)
		}
	})
	for _, alt := range []struct {
		name  string
		alter func(t *testing.T, row map[string]any)
	}{
		{"altered boxed", func(t *testing.T, row map[string]any) {
			sol := row["solution"].(string)
			i := strings.LastIndex(sol, `\boxed{`)
			if i < 0 {
				t.Fatalf("MATH500 solution without \\boxed{}: %.200q", sol)
			}
			start := i + len(`\boxed{`)
			depth, end := 1, -1
			for j := start; j < len(sol) && end < 0; j++ {
				switch sol[j] {
				case '{':
					depth++
				case '}':
					if depth--; depth == 0 {
						end = j
					}
				}
			}
			row["solution"] = sol[:start] + selfAlterLatex(sol[start:end]) + sol[end:]
		}},
		{"altered answer field", func(t *testing.T, row map[string]any) {
			row["answer"] = selfAlterLatex(row["answer"].(string))
		}},
	} {
		t.Run("math500 "+alt.name, func(t *testing.T) {
			clean, ok, altOK, goDecided, compared := selfAcceptance(t, pool, selfMATH500, corpus.FormatMATH, alt.alter)
			t.Logf("accepted %d/%d clean rows (%.2f%%), %d altered rows accepted, Go fast path decided %d/%d",
				ok, clean, 100*float64(ok)/float64(clean), altOK, goDecided, compared)
			if float64(ok) < 0.995*float64(clean) {
				t.Errorf("self-acceptance %d/%d below 99.5%%", ok, clean)
			}
			if altOK != 0 {
				t.Errorf("%d altered rows accepted, want 0", altOK)
			}
		})
	}
}
