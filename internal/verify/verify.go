// Package verify implements bilateral verification of a (problem, solution,
// program) triple:
//
//  1. the solution's final answer equals the program's output, compared by
//     internal/answer (exact in Go where possible, SymPy in the sandbox
//     otherwise);
//  2. the problem is consistent with the program, in both directions, by
//     offline checks that always run (Consistency):
//     - problem → program (ungrounded_number): every number the problem
//     states is accounted for by the program: a given (literal) of the
//     program, a value it derives that a problem may state, or a
//     conventional constant; numbers that are not quantities (indexes,
//     labels, names, years, a unit's exponent, answer options) are exempt.
//     The rules and every exemption are documented on UngroundedNumbers;
//     - program → problem (grounding): every given of the program is stated
//     in the problem (GroundingOf);
//     - units (unit_consistency): a given is stated in the unit the
//     program's name for it declares;
//     - structure: the problem ends with its question (asks_question) and
//     asks for as many things as the program returns (asks_for_result);
//     - it leaks neither the answer nor code.
//
// Checks that need an LLM (blind re-solve, judge) are computed by the
// pipeline and folded into the same verdict as extra checks; every row
// records which checks ran, with their outcome and reason.
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
// solution) and returns the verification with every check's outcome, in
// order: the answer (extracted, equal to the program's output), then the
// consistency of the problem with the program (Consistency), then the extra
// checks computed elsewhere (blind re-solve, judge), which are folded in.
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
	checks = append(checks, Consistency(rec)...)
	checks = append(checks, ToolsMatter(rec.Seed, rec.Execution))
	checks = append(checks, extra...)
	return Fold(checks)
}

// Consistency runs the offline checks of the problem against the program,
// which need no model and always run: every number the problem states is
// accounted for by the program (ungrounded_number), every given of the
// program is stated in the problem (grounding), in the unit the program's
// name for it declares (unit_consistency), the problem ends with its
// question (asks_question) and asks for as many things as the program
// returns (asks_for_result), and it leaks neither the answer nor code.
func Consistency(rec *schemas.Record) []schemas.Check {
	src := ""
	if rec.Program != nil {
		src = rec.Program.Source
	}
	return []schemas.Check{
		UngroundedNumbers(rec.Problem, src, rec.Execution),
		GroundingOf(rec.Problem, src, rec.Execution),
		UnitConsistency(rec.Problem, src, rec.Execution),
		AsksQuestion(rec.Problem),
		AsksForResult(rec.Problem, rec.Execution),
		NoAnswerLeak(rec.Problem, rec.Execution),
		NoCodeLeak(rec.Problem),
	}
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

// Detail describes a rejection for the rejected row: the failed checks and
// the reason of the first, e.g. "ungrounded_number,grounding: the problem
// states numbers the program neither uses nor computes: 24 (…)".
func Detail(ver schemas.Verification) string {
	d := strings.Join(ver.Failed, ",")
	for _, c := range ver.Checks {
		if (c.Result == schemas.ResultFail || c.Result == schemas.ResultUndecided) && c.Reason != "" {
			return d + ": " + clip(c.Reason, 300)
		}
	}
	return d
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

// Grounding checks the program → problem direction: every given of the
// program appears in the problem. See GroundingOf.
func Grounding(problem string, ex *schemas.Execution) schemas.Check {
	return GroundingOf(problem, "", ex)
}

// GroundingOf checks that every given of the program (its numeric
// literals, and the numbers it writes as strings such as Decimal('3.75'))
// is stated in the problem: as digits, a fraction, a percentage (0.25 as
// 25%, or 50 stated as 0.5), a number word, in scientific notation or as a
// power, a digit count ("three-digit" states 100, 999 and 1000), or an
// ordinal (the fifth term states the index 4). 0 and 1 are exempt. A given
// is also grounded when
//   - it is the numerator or denominator of a fraction the program writes
//     (Fraction(5, 2)) and the problem states that fraction (2\tfrac{1}{2}),
//   - it stops a range over literals and the problem states the last value
//     (range(1, 7) for "a 6-sided die"), or
//   - it is a conventional constant whose context the problem mentions
//     (60 when the problem speaks of minutes and hours; see Conventions).
//
// src is the program source ("" when unknown: string numbers and range
// stops are then not read).
func GroundingOf(problem, src string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckGrounding}
	if ex == nil {
		c.Result, c.Reason = schemas.ResultSkipped, "no execution"
		return c
	}
	ns := statedNumbers(problem)
	ctx := readContext(problem)
	stops := rangeStops(src)
	// The numerator and denominator of a fraction the program writes
	// (Fraction(5, 2), 5/2) are stated when the fraction is (2\tfrac{1}{2}).
	for _, m := range reSrcRatio.FindAllStringSubmatch(src, -1) {
		p, q := m[1], m[2]
		if p == "" {
			p, q = m[3], m[4]
		}
		pv, ok1 := parseRat(p)
		qv, ok2 := parseRat(q)
		if ok1 && ok2 && qv.Sign() != 0 && ns.has(new(big.Rat).Quo(pv, qv)) {
			ns.add(pv)
			ns.add(qv)
		}
	}
	var missing []string
	seen := map[string]bool{}
	hundred := big.NewRat(100, 1)
	for _, lit := range append(append([]string(nil), ex.Literals...), stringNumbers(src)...) {
		v, ok := parseNumberString(lit)
		if !ok {
			continue
		}
		v.Abs(v)
		key := v.RatString()
		if trivialLiterals[key] || seen[key] {
			continue
		}
		seen[key] = true
		switch {
		case ns.has(v):
			continue
		// 0.25 given as a percentage, or 50 as 0.5 of something.
		case ns.has(new(big.Rat).Mul(v, hundred)) || ns.has(new(big.Rat).Quo(v, hundred)):
			continue
		case stops[key] && ns.has(new(big.Rat).Sub(v, big.NewRat(1, 1))):
			continue
		}
		if _, ok := ctx.convention(v); ok {
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

// NoAnswerLeak checks that the problem does not state the program's result.
// Integers below 10 in absolute value are too common in problem text to be
// judged and are passed with a note, and so is an answer equal to one of
// the program's givens (20 chickens, and 20 cups in the last meal): the
// problem states that number as data. Multiple-choice options are not read:
// the answer is one of them.
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
		if extractNumbers(withoutOptions(problem)).has(abs) {
			for _, lit := range ex.Literals {
				if l, ok := parseRat(lit); ok && l.Abs(l).Cmp(abs) == 0 {
					c.Result, c.Reason = schemas.ResultPass, "the answer equals a given the problem states as data"
					return c
				}
			}
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

// withoutOptions removes the multiple-choice options from a problem: the
// right answer is always among them.
func withoutOptions(problem string) string {
	spans := optionSpans(problem)
	for k := len(spans) - 1; k >= 0; k-- {
		problem = problem[:spans[k][0]] + problem[spans[k][1]:]
	}
	return problem
}

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
