package stats

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// costRows are two accepted rows and one rejected row with priced usage.
func costRows() []*schemas.Record {
	return []*schemas.Record{
		{ID: "a", Provenance: schemas.Provenance{Models: map[string]string{"generator": "g", "translator": "t"}},
			Usage: map[string]schemas.Usage{
				"generator":  {PromptTokens: 1000, CompletionTokens: 400, Calls: 1, CostUSD: 0.0042},
				"translator": {PromptTokens: 800, CompletionTokens: 300, Calls: 1, CostUSD: 0.0011},
			}},
		{ID: "b", Provenance: schemas.Provenance{Models: map[string]string{"generator": "g"}},
			Usage: map[string]schemas.Usage{"generator": {PromptTokens: 900, CompletionTokens: 350, Calls: 1, CostUSD: 0.0037}}},
		{ID: "c", Provenance: schemas.Provenance{Models: map[string]string{"generator": "g"}},
			Usage:     map[string]schemas.Usage{"generator": {Calls: 1, CacheHits: 1}},
			Rejection: &schemas.Rejection{Stage: schemas.StageGenerate, Reason: "refusal"}},
	}
}

func TestCostIsSummedPerRoleAndPerAcceptedTriple(t *testing.T) {
	s := New()
	for _, r := range costRows() {
		s.Add(r)
	}
	s.Finalize()
	checks := []struct {
		name      string
		got, want float64
	}{
		{"generator cost sums its rows", s.Usage["generator"].CostUSD, 0.0042 + 0.0037},
		{"translator cost sums its rows", s.Usage["translator"].CostUSD, 0.0011},
		{"total cost sums the roles", s.CostUSD, 0.0042 + 0.0037 + 0.0011},
		{"cost per accepted triple includes the rejected rows' spend", s.CostPerAcceptedUSD, (0.0042 + 0.0037 + 0.0011) / 2},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s: got %.12f, want %.12f", c.name, c.got, c.want)
		}
	}
}

func TestCostDoesNotDependOnMergeOrder(t *testing.T) {
	rows := costRows()
	one := New()
	for _, r := range rows {
		one.Add(r)
	}
	one.Finalize()
	a, b := New(), New()
	a.Add(rows[2])
	b.Add(rows[1])
	b.Add(rows[0])
	a.Merge(b)
	a.Finalize()
	ja, _ := json.Marshal(one)
	jb, _ := json.Marshal(a)
	if string(ja) != string(jb) {
		t.Errorf("stats differ by merge order:\n%s\n%s", ja, jb)
	}
}

func TestNoPricesMeansNoCostFields(t *testing.T) {
	s := New()
	s.Add(&schemas.Record{ID: "a", Usage: map[string]schemas.Usage{"generator": {PromptTokens: 5, Calls: 1}}})
	s.Finalize()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cost_usd", "cost_per_accepted_usd"} {
		if _, ok := m[k]; ok {
			t.Errorf("stats.json has %s without prices", k)
		}
	}
}
