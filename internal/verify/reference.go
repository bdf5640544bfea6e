package verify

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/steps"
	"github.com/arrows-math/arrows/schemas"
)

// Checks of external rows (problems with a reference answer, no program).
const (
	CheckReferenceMatch  = "reference_match"
	CheckAnswerSupported = "answer_supported"
	CheckStepArithmetic  = "step_arithmetic"
)

// VerifyReference checks a row of an external corpus: the solution's final
// answer against the reference answer, that a separately stated final answer
// (GSM8K's "#### N") is the result the solution's steps reach, and the
// arithmetic of the steps (calculator annotations and plain "a op b = c").
// The final answer is read as answer.Checker.Grade reads a response: with
// the hints the reference implies (a list reference joins several boxed
// parts, a letter reference reads choice markers) and the options stated in
// the problem; the extraction method is the reason of answer_extracted.
func (v *Verifier) VerifyReference(ctx context.Context, rec *schemas.Record, extra ...schemas.Check) schemas.Verification {
	var checks []schemas.Check
	src := rec.Seed.Source
	ref := ""
	if src != nil {
		ref = strings.TrimSpace(src.Answer)
	}
	g := v.Checker.Grade(ctx, rec.Solution, answer.Key{Answer: ref, Problem: problemOf(rec)})
	if !g.Found {
		checks = append(checks,
			schemas.Check{Name: CheckAnswerExtracted, Result: schemas.ResultFail, Reason: "no final answer in the solution"},
			schemas.Check{Name: CheckReferenceMatch, Result: schemas.ResultSkipped, Reason: "no answer"})
	} else {
		fa := g.Answer
		rec.FinalAnswer = &fa
		checks = append(checks, schemas.Check{Name: CheckAnswerExtracted, Result: schemas.ResultPass, Reason: fa.Method})
		c := schemas.Check{Name: CheckReferenceMatch}
		if ref == "" {
			c.Result, c.Reason = schemas.ResultSkipped, "no reference answer"
		} else {
			c = referenceCheck(g.Outcome, fa.Text, ref)
		}
		checks = append(checks, c)
		checks = append(checks, AnswerSupported(rec.Problem, rec.Solution, fa))
	}
	checks = append(checks, StepArithmetic(rec.Solution))
	checks = append(checks, extra...)
	return Fold(checks)
}

// problemOf is the row's problem text (its own, else its source's).
func problemOf(rec *schemas.Record) string {
	if rec.Problem != "" || rec.Seed.Source == nil {
		return rec.Problem
	}
	return rec.Seed.Source.Problem
}

// referenceCheck turns the comparison of a final answer with a reference
// into the reference_match check.
func referenceCheck(out answer.Outcome, text, ref string) schemas.Check {
	c := schemas.Check{Name: CheckReferenceMatch, Layer: out.Layer, Reason: out.Reason}
	switch out.Verdict {
	case answer.Equal:
		c.Result = schemas.ResultPass
	case answer.NotEqual:
		c.Result = schemas.ResultFail
		c.Reason = fmt.Sprintf("%s (solution %q, reference %q)", out.Reason, clip(text, 200), clip(ref, 200))
	default:
		c.Result = schemas.ResultUndecided
		c.Reason = fmt.Sprintf("%s (solution %q, reference %q)", out.Reason, clip(text, 200), clip(ref, 200))
	}
	return c
}

// AnswerSupported checks that a final answer stated on its own line after
// the solution (GSM8K's "#### N") is the value the solution concludes with.
// The conclusion is read from the last line of the body that states a
// number, with calculator annotations removed:
//
//   - the numbers after its last "=" (the result of its last step), or, when
//     no number follows it ("so 20 = A"), the last number before it;
//   - the numbers before a "because" or "since" clause ("He can skip 4
//     classes because 10 - 4 = 6");
//   - every number of the line when it has no "=".
//
// Operands of the last step and values of earlier steps do not count: a
// changed final answer is often one of them (an off-by-one answer is an
// operand in about 6% of GSM8K test solutions). Numbers written with spaces
// between digit groups ("$118 000") count with their full value; when the
// problem asks for an amount in cents, a conclusion in dollars (N/100, e.g.
// "$0.25" for "#### 25") supports N. Answers inside the text (\boxed{}) are
// supported by construction and the check is skipped.
func AnswerSupported(problem, solution string, fa schemas.FinalAnswer) schemas.Check {
	c := schemas.Check{Name: CheckAnswerSupported}
	i := strings.LastIndex(solution, "####")
	if fa.Method == answer.MethodBoxed || i < 0 {
		c.Result, c.Reason = schemas.ResultSkipped, "answer stated in the solution text"
		return c
	}
	v, ok := parseRat(strings.TrimSpace(strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(fa.Text), "$"), "$", "")))
	if !ok {
		c.Result, c.Reason = schemas.ResultSkipped, "final answer is not a number"
		return c
	}
	line, ok := conclusionLine(solution[:i])
	if !ok {
		c.Result, c.Reason = schemas.ResultFail, "the solution states no number before its final answer"
		return c
	}
	reached := conclusionValues(line)
	if reached.has(v) || reached.has(new(big.Rat).Neg(v)) {
		c.Result, c.Reason = schemas.ResultPass, "the last step concludes with the final answer"
		return c
	}
	if reCents.MatchString(problem) {
		dollars := new(big.Rat).Quo(v, big.NewRat(100, 1))
		if reached.has(dollars) {
			c.Result, c.Reason = schemas.ResultPass, fmt.Sprintf("the last step concludes with $%s and the problem asks for cents", dollars.FloatString(2))
			return c
		}
	}
	c.Result, c.Reason = schemas.ResultFail, fmt.Sprintf("the final answer %s is not what the last step concludes (%q)", fa.Text, clip(strings.TrimSpace(line), 160))
	return c
}

var (
	// reCents matches a problem that asks for (or states) an amount in cents.
	reCents = regexp.MustCompile(`(?i)\bcents?\b`)
	// reSpacedThousands matches a number written with spaces between groups
	// of three digits, as in "$400 000" or "1 500 000".
	reSpacedThousands = regexp.MustCompile(`\b[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?\b`)
	// reAnnotation matches a GSM8K calculator annotation <<48/2=24>>.
	reAnnotation = regexp.MustCompile(`<<[^<>]*>>`)
	// reBecause starts a clause that justifies the statement before it.
	reBecause = regexp.MustCompile(`(?i)\b(because|since)\b`)
	reDigit   = regexp.MustCompile(`[0-9]`)
)

// conclusionLine returns the last line of a solution body that states a
// number, with calculator annotations removed.
func conclusionLine(body string) (string, bool) {
	lines := strings.Split(body, "\n")
	for k := len(lines) - 1; k >= 0; k-- {
		l := reAnnotation.ReplaceAllString(lines[k], "")
		if reDigit.MatchString(l) {
			return l, true
		}
	}
	return "", false
}

// conclusionValues is the set of values a solution's last line concludes
// with (see AnswerSupported).
func conclusionValues(line string) numberSet {
	eq := strings.LastIndex(line, "=")
	if eq < 0 {
		return statedValues(line)
	}
	ns := statedValues(line[eq+1:])
	if len(ns.vals) == 0 {
		// "so 20 = A": the value is the last number before the "=".
		if ms := reNumber.FindAllString(line[:eq], -1); len(ms) > 0 {
			if r, ok := parseRat(ms[len(ms)-1]); ok {
				ns.add(r)
			}
		}
	}
	if m := reBecause.FindStringIndex(line); m != nil {
		for k := range statedValues(line[:m[0]]).vals {
			ns.vals[k] = true
		}
	}
	return ns
}

// statedValues is the set of values a text states: every number
// extractNumbers finds, plus numbers with space-separated digit groups.
func statedValues(text string) numberSet {
	ns := extractNumbers(text)
	for _, m := range reSpacedThousands.FindAllString(text, -1) {
		if r, ok := parseRat(strings.ReplaceAll(m, " ", "")); ok {
			ns.add(r)
		}
	}
	return ns
}

// StepArithmetic checks the arithmetic of the solution's steps.
func StepArithmetic(solution string) schemas.Check {
	c := schemas.Check{Name: CheckStepArithmetic, Layer: "go:steps"}
	res := steps.Check(solution)
	if len(res.Wrong) > 0 {
		var parts []string
		for _, w := range res.Wrong {
			parts = append(parts, fmt.Sprintf("%s = %s (claimed %s)", w.Expr, w.Computed, w.Claimed))
			if len(parts) == 3 {
				break
			}
		}
		c.Result = schemas.ResultFail
		c.Reason = fmt.Sprintf("%d of %d checked steps are wrong: %s", len(res.Wrong), res.Checked, strings.Join(parts, "; "))
		return c
	}
	if res.Checked == 0 {
		c.Result, c.Reason = schemas.ResultSkipped, "no checkable arithmetic steps"
		return c
	}
	c.Result, c.Reason = schemas.ResultPass, fmt.Sprintf("%d steps checked", res.Checked)
	return c
}
