package transforms

import (
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func init() {
	register.Function1x1(wrongAnswer)
	register.Function1x1(checkNames)
	register.Function1x1(offlineChecksThenBlindSolve)
}

// wrongAnswer replaces the boxed answer of the solution by one the program
// does not compute.
func wrongAnswer(rec schemas.Record) schemas.Record {
	if i := strings.LastIndex(rec.Solution, `\boxed{`); i >= 0 {
		rec.Solution = rec.Solution[:i] + `\boxed{-987654321}`
	}
	return rec
}

// offlineChecksThenBlindSolve reports whether a row's check names (from
// checkNames) are the offline checks followed by the blind re-solve.
func offlineChecksThenBlindSolve(names string) bool {
	return strings.HasPrefix(names, verify.CheckAnswerExtracted+","+verify.CheckAnswerMatch+",") &&
		strings.Contains(names, ","+verify.CheckGrounding+",") &&
		strings.HasSuffix(names, ","+verify.CheckBlindSolve)
}

// checkNames lists the names of a row's checks.
func checkNames(rec schemas.Record) string {
	var names []string
	for _, c := range rec.Verification.Checks {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}

// translated is the offline pipeline up to translation over n seeds.
func translated(s beam.Scope, e env.Env, rows []schemas.Record) beam.PCollection {
	programs, _ := Generate(s, e, beam.CreateList(s, rows))
	ran, _ := Execute(s, e, programs)
	out, _ := Translate(s, e, ran)
	return out
}

func TestVerifyBothWays(t *testing.T) {
	rows := topicSeeds(t, 3, env.BackendOffline)
	c := run(t, func(s beam.Scope) {
		good := translated(s.Scope("Good"), testEnv(), rows)
		bad := beam.ParDo(s, wrongAnswer, translated(s.Scope("Bad"), testEnv(), rows))
		verified, rejected := Verify(s, testEnv(), beam.Flatten(s, good, bad))
		passert.Count(s, verified, "verified", 3)
		reasons(s, rejected, "verify/answer_match", "verify/answer_match", "verify/answer_match")
	})
	if c["funnel/verified"] != 3 || c["rejected/verify/answer_match"] != 3 {
		t.Fatalf("counters %v", c)
	}
}

// With the llm backend the blind re-solve joins the checks.
func TestVerifyWithTheBlindResolve(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{})
	defer srv.Close()
	e := testEnv()
	e.LLM = &env.LLM{Client: srv.ClientConfig(), BlindSolve: true}
	rows := topicSeeds(t, 2, env.BackendLLM)
	c := run(t, func(s beam.Scope) {
		verified, rejected := Verify(s, e, translated(s, e, rows))
		passert.Count(s, verified, "verified", 2)
		passert.Empty(s, rejected)
		names := beam.ParDo(s, checkNames, verified)
		passert.True(s, names, offlineChecksThenBlindSolve)
	})
	if c["llm/solver/calls"] != 2 {
		t.Fatalf("counters %v", c)
	}
}
