// Package verify implements bilateral verification of a (problem, solution,
// program) triple: (1) the solution's final answer equals the program's
// output, compared by internal/answer (exact in Go where possible, SymPy in
// the sandbox otherwise); (2) the problem is consistent with the program:
// the program's givens appear in the problem, the problem asks a question,
// and it leaks neither code nor the answer. Further consistency checks that
// need an LLM (blind re-solve, judge) are added by the pipeline as extra
// checks and folded into the same verdict.
//
// The package is pure Go (no Beam).
package verify

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/schemas"
)

// Version identifies the verifier; it is recorded on every row.
const Version = "verify-v1+" + answer.Version

// Check names, in the order they are reported.
const (
	CheckAnswerExtracted = "answer_extracted"
	CheckAnswerMatch     = "answer_match"
	CheckGrounding       = "grounding"
	CheckAsksQuestion    = "asks_question"
	CheckNoAnswerLeak    = "no_answer_leak"
	CheckNoCodeLeak      = "no_code_leak"
)

// Verifier runs the checks. Checker compares answers; it needs a sandbox
// runner for its symbolic path.
type Verifier struct {
	Checker *answer.Checker
	// AllowFallbackAnswer accepts answers found without \boxed{} (marked as
	// fallbacks). Off for generated data, where the contract is \boxed{}.
	AllowFallbackAnswer bool
}

// Verify checks rec (which must carry a program execution, a problem and a
// solution) and returns the verification with every check's outcome. Extra
// checks computed elsewhere (blind re-solve, judge) are folded in.
func (v *Verifier) Verify(ctx context.Context, rec *schemas.Record, extra ...schemas.Check) schemas.Verification {
	var checks []schemas.Check
	fa, found := answer.Extract(rec.Solution)
	if found && fa.Method != "boxed" && !v.AllowFallbackAnswer {
		found = false
	}
	if !found {
		checks = append(checks, schemas.Check{Name: CheckAnswerExtracted, Result: schemas.ResultFail, Reason: "no \\boxed{} answer in the solution"})
		checks = append(checks, schemas.Check{Name: CheckAnswerMatch, Result: schemas.ResultSkipped, Reason: "no answer"})
	} else {
		rec.FinalAnswer = &fa
		checks = append(checks, schemas.Check{Name: CheckAnswerExtracted, Result: schemas.ResultPass, Reason: fa.Method})
		checks = append(checks, v.answerMatch(ctx, fa.Text, rec.Execution))
	}
	checks = append(checks, Grounding(rec.Problem, rec.Execution))
	checks = append(checks, AsksQuestion(rec.Problem))
	checks = append(checks, NoAnswerLeak(rec.Problem, rec.Execution))
	checks = append(checks, NoCodeLeak(rec.Problem))
	checks = append(checks, ToolsMatter(rec.Seed, rec.Execution))
	checks = append(checks, extra...)
	return Fold(checks)
}

// Fold computes the verdict: accepted only if no check failed or stayed
// undecided (skipped checks do not count).
func Fold(checks []schemas.Check) schemas.Verification {
	ver := schemas.Verification{Checks: checks, Verdict: schemas.VerdictAccepted, Version: Version}
	for _, c := range checks {
		if c.Result == schemas.ResultFail || c.Result == schemas.ResultUndecided {
			ver.Failed = append(ver.Failed, c.Name)
			ver.Verdict = schemas.VerdictRejected
		}
	}
	return ver
}

// Reason is the rejection reason for a verification: the first failed
// check, with "undecided" spelled out when the answer check could not decide.
func Reason(ver schemas.Verification) string {
	for _, c := range ver.Checks {
		switch c.Result {
		case schemas.ResultFail:
			return c.Name
		case schemas.ResultUndecided:
			return c.Name + "_undecided"
		}
	}
	return ""
}

func (v *Verifier) answerMatch(ctx context.Context, text string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckAnswerMatch}
	if ex == nil || ex.Result == nil {
		c.Result, c.Reason = schemas.ResultFail, "no program output to compare with"
		return c
	}
	out := v.Checker.CompareValue(ctx, text, *ex.Result)
	c.Layer = out.Layer
	switch out.Verdict {
	case answer.Equal:
		c.Result = schemas.ResultPass
	case answer.NotEqual:
		c.Result = schemas.ResultFail
	default:
		c.Result = schemas.ResultUndecided
	}
	c.Reason = out.Reason
	if c.Result != schemas.ResultPass {
		c.Reason = fmt.Sprintf("%s (answer %q, program output %q)", out.Reason, clip(text, 200), clip(ex.Result.Latex, 200))
	}
	return c
}

// trivialLiterals are structural constants a problem need not state.
var trivialLiterals = map[string]bool{"0": true, "1": true}

// Grounding checks that every numeric literal of the program (its givens)
// appears in the problem, as digits, a fraction, a percentage or a number
// word. 0 and 1 are exempt.
func Grounding(problem string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckGrounding}
	if ex == nil {
		c.Result, c.Reason = schemas.ResultSkipped, "no execution"
		return c
	}
	ns := extractNumbers(problem)
	var missing []string
	seen := map[string]bool{}
	for _, lit := range ex.Literals {
		v, ok := parseRat(lit)
		if !ok {
			continue
		}
		v.Abs(v)
		key := v.RatString()
		if trivialLiterals[key] || seen[key] {
			continue
		}
		seen[key] = true
		if ns.has(v) {
			continue
		}
		// 0.25 given as a percentage, or 50 as 0.5 of something.
		hundred := big.NewRat(100, 1)
		if ns.has(new(big.Rat).Mul(v, hundred)) || ns.has(new(big.Rat).Quo(v, hundred)) {
			continue
		}
		missing = append(missing, lit)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		c.Result = schemas.ResultFail
		c.Reason = "givens not stated in the problem: " + strings.Join(missing, ", ")
		return c
	}
	c.Result = schemas.ResultPass
	c.Reason = fmt.Sprintf("%d givens stated", len(seen))
	return c
}

var reQuestion = regexp.MustCompile(`(?i)(\?|\b(find|compute|calculate|determine|evaluate|what|how many|how much|which|simplify|express|give|solve|show|list|state|write|count|identify)\b)`)

// AsksQuestion checks that the problem asks for something.
func AsksQuestion(problem string) schemas.Check {
	c := schemas.Check{Name: CheckAsksQuestion}
	if strings.TrimSpace(problem) == "" {
		c.Result, c.Reason = schemas.ResultFail, "empty problem"
		return c
	}
	if !reQuestion.MatchString(problem) {
		c.Result, c.Reason = schemas.ResultFail, "the problem asks no question"
		return c
	}
	c.Result = schemas.ResultPass
	return c
}

// NoAnswerLeak checks that the problem does not state the program's result.
// Integers below 10 in absolute value are too common in problem text to be
// judged and are passed with a note.
func NoAnswerLeak(problem string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckNoAnswerLeak}
	if ex == nil || ex.Result == nil {
		c.Result, c.Reason = schemas.ResultSkipped, "no program output"
		return c
	}
	res := ex.Result
	var v *big.Rat
	switch res.Kind {
	case schemas.KindInteger, schemas.KindRational:
		if r, ok := new(big.Rat).SetString(res.Exact); ok {
			v = r
		}
	case schemas.KindReal:
		if res.Numeric != nil && res.Srepr == "" {
			v = new(big.Rat).SetFloat64(*res.Numeric)
		}
	}
	if v != nil {
		abs := new(big.Rat).Abs(v)
		if abs.IsInt() && abs.Cmp(big.NewRat(10, 1)) < 0 {
			c.Result, c.Reason = schemas.ResultPass, "small integer answer: not judged"
			return c
		}
		if extractNumbers(problem).has(abs) {
			c.Result, c.Reason = schemas.ResultFail, "the problem states the answer "+res.Latex
			return c
		}
	}
	if l := strings.ReplaceAll(res.Latex, " ", ""); len(l) >= 4 && v == nil &&
		strings.Contains(strings.ReplaceAll(problem, " ", ""), l) {
		c.Result, c.Reason = schemas.ResultFail, "the problem contains the answer "+res.Latex
		return c
	}
	c.Result = schemas.ResultPass
	return c
}

var reCode = regexp.MustCompile(`(\bsympy\b|\bnumpy\b|\b(np|sp|sympy|numpy|math|fractions|itertools|Fraction|Matrix)\.[A-Za-z_]|\bdef\s+\w+\s*\(|\b(import|from)\s+(sympy|numpy|math|fractions|itertools|decimal)\b|\blambda\s+\w+\s*:|\w\*\*\w|\bsolve\(\)|\bprint\(|\bfactorint\b|\bdivisor_count\b|\btotient\(|\bisprime\(|\bnsimplify\b|\brange\(|\bitertools\b|\bFraction\(|\bMatrix\(|\bSymbol\(|\bsymbols\(|\bintegrate\(|\bdiff\(|` + "```" + `)`)

// NoCodeLeak checks that the problem contains no code or API names.
func NoCodeLeak(problem string) schemas.Check {
	c := schemas.Check{Name: CheckNoCodeLeak}
	if m := reCode.FindString(problem); m != "" {
		c.Result, c.Reason = schemas.ResultFail, "the problem contains code: "+m
		return c
	}
	c.Result = schemas.ResultPass
	return c
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
