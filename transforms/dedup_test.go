package transforms

import (
	"errors"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/schemas"
)

func init() { register.Function1x1(stageOf) }

func stageOf(rec schemas.Record) string { return rec.Rejection.Stage }

func TestDedupKeepsTheSmallestIDOfEachProblem(t *testing.T) {
	var rows []schemas.Record
	for i, p := range []string{nataliaProblem, nataliaProblem + " ", " " + nataliaProblem, wengProblem} {
		rows = append(rows, external("a.jsonl", int64(i+1), p, nataliaSolution, "72"))
	}
	smallest := rows[0].ID
	for _, r := range rows[1:3] {
		smallest = min(smallest, r.ID)
	}
	run(t, func(s beam.Scope) {
		kept, rejected := Dedup(s, DefaultDedupConfig(), beam.CreateList(s, rows))
		passert.Equals(s, beam.ParDo(s, idOf, kept), smallest, rows[3].ID)
		reasons(s, rejected, "dedup/"+dedup.ReasonExact, "dedup/"+dedup.ReasonExact)
	})
}

func TestDedupConfigValidateNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*DedupConfig)
		field string
	}{
		{"a threshold above 1", func(c *DedupConfig) { c.MinHash.Threshold = 1.5 }, "MinHash"},
		{"a negative structure cap", func(c *DedupConfig) { c.MaxPerStructure = -1 }, "MaxPerStructure"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultDedupConfig()
			c.edit(&cfg)
			var fe *env.FieldError
			if err := cfg.Validate(); !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("got %v, want a field error for %s", err, c.field)
			}
		})
	}
}
