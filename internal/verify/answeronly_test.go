package verify

import (
	"slices"
	"testing"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/schemas"
)

func answerRow(problem, response, reference string) *schemas.Record {
	rec := &schemas.Record{Problem: problem, Solution: response, Seed: schemas.Seed{Pathway: "verify"}}
	if reference != "" {
		rec.Seed.Source = &schemas.SourceItem{Problem: problem, Answer: reference}
	}
	return rec
}

func TestVerifyAnswer(t *testing.T) {
	aqua := "Which number is 10% more than 20?\nAnswer Choices: (A) 21 (B) 22 (C) 24 (D) 30 (E) 32"
	cases := []struct {
		name                         string
		problem, response, reference string
		verdict                      string
		failed                       []string
		method                       string
	}{
		{"a free-text response equal to the key is accepted", "How many eggs?", "She sells 16 - 3 - 4 = 9 eggs.\nThe answer is 9.", "9",
			schemas.VerdictAccepted, nil, answer.MethodFinalAnswerPhrase},
		{"a response with another answer is rejected", "How many eggs?", "The answer is $\\boxed{8}$.", "9",
			schemas.VerdictRejected, []string{CheckReferenceMatch}, answer.MethodBoxed},
		{"a response without an answer fails extraction", "How many eggs?", "I cannot tell.", "9",
			schemas.VerdictRejected, []string{CheckAnswerExtracted}, ""},
		{"a row without a reference is never accepted", "How many eggs?", "The answer is 9.", "",
			schemas.VerdictRejected, []string{CheckReferenceMatch}, answer.MethodFinalAnswerPhrase},
		{"a letter against the key's letter", aqua, "10% of 20 is 2, so the answer is (B).", "B",
			schemas.VerdictAccepted, nil, answer.MethodFinalAnswerPhrase},
		{"the option's value against the key's letter", aqua, "20 + 2 = $\\boxed{22}$", "B",
			schemas.VerdictAccepted, nil, answer.MethodBoxed},
		{"no problem checks: a problem that asks nothing and states no givens", "", "#### 1,000", "1000",
			schemas.VerdictAccepted, nil, answer.MethodGSM8KHash},
		{"no step checks: wrong arithmetic in the steps does not matter", "How much?", "3 + 4 = 8, so the total is 12.\n#### 12", "12",
			schemas.VerdictAccepted, nil, answer.MethodGSM8KHash},
	}
	v := &Verifier{Checker: &answer.Checker{}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := answerRow(tc.problem, tc.response, tc.reference)
			ver := v.VerifyAnswer(t.Context(), rec)
			if ver.Verdict != tc.verdict || !slices.Equal(ver.Failed, tc.failed) {
				t.Fatalf("VerifyAnswer = %+v, want %s failing %v", ver, tc.verdict, tc.failed)
			}
			for _, c := range ver.Checks {
				if c.Name != CheckAnswerExtracted && c.Name != CheckReferenceMatch {
					t.Errorf("answer-only verification ran the check %q", c.Name)
				}
			}
			if tc.method == "" {
				if rec.FinalAnswer != nil {
					t.Errorf("FinalAnswer = %+v, want none", rec.FinalAnswer)
				}
				return
			}
			if rec.FinalAnswer == nil || rec.FinalAnswer.Method != tc.method || ver.Checks[0].Reason != tc.method {
				t.Errorf("FinalAnswer = %+v, extraction check %+v; want method %q", rec.FinalAnswer, ver.Checks[0], tc.method)
			}
		})
	}
}
