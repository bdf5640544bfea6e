package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/schemas"
)

// Every parent gives operators × variants candidates, each a child or a
// rejection.
func TestEvolveAccountsForEveryCandidate(t *testing.T) {
	clips := executed(t, seeds.FromRow(external("train.jsonl", 1, nataliaProblem, nataliaSolution, "72"), 1),
		"def solve():\n    april = 48\n    may = april // 2\n    return april + may\n")
	noGivens := executed(t, seeds.FromRow(external("train.jsonl", 2, "How many clips?", "", "72"), 1),
		"def solve():\n    return 72\n")
	cfg := EvolveConfig{Operators: []string{evolve.OpPerturbGivens}, Variants: 2}
	c := run(t, func(s beam.Scope) {
		children, rejected := Evolve(s, testEnv(), cfg, beam.CreateList(s, []schemas.Record{clips, noGivens}))
		reasons(s, beam.Flatten(s, children, rejected), "passed", "passed", "generate/"+evolve.ReasonNoGivens, "generate/"+evolve.ReasonNoGivens)
	})
	if c["seeds/evolve_candidates"] != 4 || c["funnel/seeds_evolved"] != 2 {
		t.Fatalf("counters %v", c)
	}
}
