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
