package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/schemas"
)

func init() { register.Function1x1(checkedAgainst) }

// checkedAgainst tells whether a row records the benchmarks it was checked
// against.
func checkedAgainst(rec schemas.Record) string {
	if len(rec.Provenance.Decontam) == 0 {
		return "unchecked"
	}
	return "checked"
}

func TestDecontaminateRemovesBenchmarkItems(t *testing.T) {
	rows := []schemas.Record{
		external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72"),
		external("a.jsonl", 2, wendiProblem, "", "20"),
	}
	run(t, func(s beam.Scope) {
		clean, rejected := Decontaminate(s, DefaultDecontamConfig(), beam.CreateList(s, rows))
		passert.Equals(s, beam.ParDo(s, checkedAgainst, beam.Flatten(s, clean, rejected)), "checked", "checked")
		passert.Count(s, clean, "clean", 1)
		passert.Equals(s, beam.ParDo(s, stageOf, rejected), schemas.StageDecontam)
	})
}

func TestDecontamConfigValidate(t *testing.T) {
	if err := DefaultDecontamConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (DecontamConfig{N: 7}).Validate(); err == nil {
		t.Fatal("an n-gram length the shipped data lacks must be refused")
	}
}
