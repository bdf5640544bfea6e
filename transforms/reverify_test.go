package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/schemas"
)

// Re-verification splits rows with a program from rows without, checks
// the latter against their reference answer, and counts changed verdicts.
func TestReverifyReferences(t *testing.T) {
	accepted := withProgram(topicSeeds(t, 1, env.BackendOffline)[0], "def solve():\n    return 2\n")
	accepted.Verification = &schemas.Verification{Verdict: schemas.VerdictAccepted}
	right := external("train.jsonl", 1, nataliaProblem, nataliaSolution, "72")
	wrong := external("train.jsonl", 2, wengProblem, wengSolution, "11")
	wrong.Verification = &schemas.Verification{Verdict: schemas.VerdictAccepted}
	c := run(t, func(s beam.Scope) {
		withProgram, without := SplitPrograms(s, beam.CreateList(s, []schemas.Record{accepted, right, wrong}))
		passert.Count(s, withProgram, "with a program", 1)
		ok, rejected := VerifyReferences(s, testEnv(), without)
		passert.Count(s, ok, "reference verified", 1)
		passert.Count(s, rejected, "reference rejected", 1)
	})
	if c["verdict_changed/accepted_to_rejected"] != 1 || c["funnel/verified"] != 1 {
		t.Fatalf("counters %v", c)
	}
}

// Answer-only grading compares each row's final answer with its reference
// and nothing else: a row whose steps are wrong but whose answer matches is
// accepted, a wrong answer and a row without a reference are rejected, and
// the stated precision reaches the workers' checker.
func TestGradeAnswers(t *testing.T) {
	right := external("responses.jsonl", 1, nataliaProblem, "48 + 24 = 70, so she sold 72 clips.\nThe answer is 72.", "72")
	wrong := external("responses.jsonl", 2, wengProblem, "She earned $\\boxed{12}$.", "10")
	wrong.Verification = &schemas.Verification{Verdict: schemas.VerdictAccepted}
	noRef := external("responses.jsonl", 3, wengProblem, "The answer is 10.", "")
	rounded := external("responses.jsonl", 4, "What is 1/3 as a decimal?", "It is about $\\boxed{0.333}$.", "\\frac{1}{3}")
	c := run(t, func(s beam.Scope) {
		ok, rejected := GradeAnswers(s, testEnv(), GradeConfig{Decimals: 3}, beam.CreateList(s, []schemas.Record{right, wrong, noRef, rounded}))
		passert.Count(s, ok, "graded equal", 2)
		passert.Count(s, rejected, "graded different or ungradable", 2)
	})
	if c["verdict_changed/accepted_to_rejected"] != 1 || c["funnel/verified"] != 2 {
		t.Fatalf("counters %v", c)
	}
}
