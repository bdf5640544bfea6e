package verify

import (
	"context"
	"strings"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/schemas"
)

// VerifyAnswer grades a row in answer-only mode (`arrows verify
// --answer-only`): the final answer of its solution (a reference solution or
// a model response) against the reference answer rec.Seed.Source.Answer,
// with no problem checks (no grounding, no step arithmetic, no
// answer_supported) and no program. This is how model outputs are scored
// against a key.
//
// Two checks are made: answer_extracted (its reason is the extraction
// method: boxed, final_answer_phrase, gsm8k_hash, choice_letter,
// display_math, inline_math, last_number) and reference_match (layer and
// reason of the comparison). The options of a multiple-choice problem are
// read from rec.Problem (or the source's problem). A row without a
// reference answer cannot be graded: reference_match is undecided, so the
// row is rejected, never accepted unchecked. The extracted answer is stored
// in rec.FinalAnswer.
func (v *Verifier) VerifyAnswer(ctx context.Context, rec *schemas.Record) schemas.Verification {
	ref := ""
	if rec.Seed.Source != nil {
		ref = strings.TrimSpace(rec.Seed.Source.Answer)
	}
	g := v.Checker.Grade(ctx, rec.Solution, answer.Key{Answer: ref, Problem: problemOf(rec)})
	if !g.Found {
		return Fold([]schemas.Check{
			{Name: CheckAnswerExtracted, Result: schemas.ResultFail, Reason: "no final answer in the response"},
			{Name: CheckReferenceMatch, Result: schemas.ResultSkipped, Reason: "no answer"},
		})
	}
	fa := g.Answer
	rec.FinalAnswer = &fa
	checks := []schemas.Check{{Name: CheckAnswerExtracted, Result: schemas.ResultPass, Reason: fa.Method}}
	if ref == "" {
		checks = append(checks, schemas.Check{Name: CheckReferenceMatch, Result: schemas.ResultUndecided, Reason: "no reference answer to grade against"})
	} else {
		checks = append(checks, referenceCheck(g.Outcome, fa.Text, ref))
	}
	return Fold(checks)
}
