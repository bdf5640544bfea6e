package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/schemas"
)

func TestSeedRowsRefuseBenchmarkItemsAndRejectedRows(t *testing.T) {
	rejectedRow := external("a.jsonl", 3, wengProblem, wengSolution, "10")
	rejectedRow.Rejection = &schemas.Rejection{Stage: schemas.StageVerify, Reason: "answer_match"}
	read := []schemas.Record{
		external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72"),
		external("a.jsonl", 2, wendiProblem, "", "20"),
		rejectedRow,
	}
	decon := DefaultDecontamConfig()
	c := run(t, func(s beam.Scope) {
		kept, rejected := SeedRows(s, testEnv(), &decon, beam.CreateList(s, read))
		passert.Count(s, kept, "seeds", 1)
		reasons(s, rejected, "seed/"+seeds.ReasonBenchmarkSeed, "seed/"+seeds.ReasonRejectedParent)
	})
	if c["seeds/read"] != 3 || c["funnel/seeds_clean"] != 1 {
		t.Fatalf("counters %v", c)
	}
}

func TestSeedProgramsAuditTheSeeds(t *testing.T) {
	seed := seeds.FromRow(external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72"), 1)
	rows := []schemas.Record{
		withProgram(seed, "def solve():\n    return 48 + 24\n"),
		withProgram(seed, "def solve():\n    return 48 + 48\n"),
		seed, // no program, and the offline backend writes none
	}
	c := run(t, func(s beam.Scope) {
		reproduced, rejected := SeedPrograms(s, testEnv(), beam.CreateList(s, rows))
		passert.Count(s, reproduced, "reproduced", 1)
		reasons(s, rejected, "seed/"+seeds.ReasonSeedMismatch, "seed/"+seeds.ReasonNeedsLLM)
	})
	if c["seeds/programs"] != 2 || c["funnel/seeds_reproduced"] != 1 {
		t.Fatalf("counters %v", c)
	}
}

func TestLimitSeedsKeepsTheLowestKeys(t *testing.T) {
	var rows []schemas.Record
	for i := range 5 {
		rows = append(rows, external("a.jsonl", int64(i+1), nataliaProblem, nataliaSolution, "72"))
	}
	want := []any{}
	keys := map[string]seeds.Key{}
	for _, r := range rows {
		keys[r.ID] = seeds.KeyOf(r)
	}
	for _, r := range rows {
		lower := 0
		for _, k := range keys {
			if seeds.Less(k, keys[r.ID]) {
				lower++
			}
		}
		if lower < 2 {
			want = append(want, r.ID)
		}
	}
	c := run(t, func(s beam.Scope) {
		kept := LimitSeeds(s, 2, beam.CreateList(s, rows))
		passert.Equals(s, beam.ParDo(s, idOf, kept), want...)
	})
	if c["seeds/over_limit"] != 3 {
		t.Fatalf("counters %v", c)
	}
}
