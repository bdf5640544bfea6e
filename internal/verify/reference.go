package verify

import (
	"context"
	"fmt"
	"math/big"
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
func (v *Verifier) VerifyReference(ctx context.Context, rec *schemas.Record, extra ...schemas.Check) schemas.Verification {
	var checks []schemas.Check
	src := rec.Seed.Source
	fa, found := answer.Extract(rec.Solution)
	if !found {
		checks = append(checks,
			schemas.Check{Name: CheckAnswerExtracted, Result: schemas.ResultFail, Reason: "no final answer in the solution"},
			schemas.Check{Name: CheckReferenceMatch, Result: schemas.ResultSkipped, Reason: "no answer"})
	} else {
		rec.FinalAnswer = &fa
		checks = append(checks, schemas.Check{Name: CheckAnswerExtracted, Result: schemas.ResultPass, Reason: fa.Method})
		c := schemas.Check{Name: CheckReferenceMatch}
		if src == nil || strings.TrimSpace(src.Answer) == "" {
			c.Result, c.Reason = schemas.ResultSkipped, "no reference answer"
		} else {
			out := v.Checker.CompareText(ctx, fa.Text, src.Answer)
			c.Layer, c.Reason = out.Layer, out.Reason
			switch out.Verdict {
			case answer.Equal:
				c.Result = schemas.ResultPass
			case answer.NotEqual:
				c.Result = schemas.ResultFail
				c.Reason = fmt.Sprintf("%s (solution %q, reference %q)", out.Reason, clip(fa.Text, 200), clip(src.Answer, 200))
			default:
				c.Result = schemas.ResultUndecided
				c.Reason = fmt.Sprintf("%s (solution %q, reference %q)", out.Reason, clip(fa.Text, 200), clip(src.Answer, 200))
			}
		}
		checks = append(checks, c)
		checks = append(checks, AnswerSupported(rec.Solution, fa))
	}
	checks = append(checks, StepArithmetic(rec.Solution))
	checks = append(checks, extra...)
	return Fold(checks)
}

// AnswerSupported checks that a final answer stated on its own line after
// the solution (GSM8K's "#### N") is a value the solution reaches: it must
// appear in the solution body, typically as the result of the last step.
// Answers inside the text (\boxed{}) are supported by construction.
func AnswerSupported(solution string, fa schemas.FinalAnswer) schemas.Check {
	c := schemas.Check{Name: CheckAnswerSupported}
	i := strings.LastIndex(solution, "####")
	if fa.Method == "boxed" || i < 0 {
		c.Result, c.Reason = schemas.ResultSkipped, "answer stated in the solution text"
		return c
	}
	v, ok := parseRat(strings.TrimSpace(strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(fa.Text), "$"), "$", "")))
	if !ok {
		c.Result, c.Reason = schemas.ResultSkipped, "final answer is not a number"
		return c
	}
	body := solution[:i]
	if extractNumbers(body).has(v) || extractNumbers(body).has(new(big.Rat).Neg(v)) {
		c.Result, c.Reason = schemas.ResultPass, "the steps reach the final answer"
		return c
	}
	c.Result, c.Reason = schemas.ResultFail, fmt.Sprintf("the final answer %s is not a value the steps reach", fa.Text)
	return c
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
