package stats

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func TestBudgetRejectionsDropBeforePrograms(t *testing.T) {
	s := New()
	s.Add(&schemas.Record{ID: "a"})
	s.Add(&schemas.Record{ID: "b", Rejection: &schemas.Rejection{Stage: schemas.StageBudget, Reason: "budget_exhausted"}})
	s.Finalize()
	if s.Funnel.Seeds != 2 || s.Funnel.Programs != 1 || s.Rejected != 1 || s.Rejections[schemas.StageBudget]["budget_exhausted"] != 1 {
		t.Errorf("funnel %+v, rejections %v", s.Funnel, s.Rejections)
	}
	if st := s.Steps[1]; st.Name != "programs" || st.Dropped != 1 || !slices.Contains(st.Stages, schemas.StageBudget) {
		t.Errorf("programs step %+v does not name the budget stage for its dropped row", st)
	}
}

func TestCachedTokensAndLatencyAreSummedInAnyOrder(t *testing.T) {
	rows := []*schemas.Record{
		{ID: "a", Usage: map[string]schemas.Usage{"generator": {PromptTokens: 10, CompletionTokens: 5, Calls: 1, LatencyMillis: 700}}},
		{ID: "b", Usage: map[string]schemas.Usage{"generator": {Calls: 1, CacheHits: 1, CachedPromptTokens: 12, CachedCompletionTokens: 6, LatencyMillis: 500}}},
		{ID: "c", Usage: map[string]schemas.Usage{"generator": {Calls: 1, CacheHits: 1, CachedPromptTokens: 9, CachedCompletionTokens: 3}}},
	}
	one := New()
	for _, r := range rows {
		one.Add(r)
	}
	one.Finalize()
	u := one.Usage["generator"]
	if u.PromptTokens != 10 || u.CachedPromptTokens != 21 || u.CachedCompletionTokens != 9 || u.LatencyMillis != 1200 || u.LatencyCalls != 2 {
		t.Errorf("usage %+v: want 10 live prompt tokens, 21+9 cached, 1200 ms over 2 calls", u)
	}
	a, b := New(), New()
	a.Add(rows[2])
	b.Add(rows[1])
	b.Add(rows[0])
	a.Merge(b)
	a.Finalize()
	ja, _ := json.Marshal(one)
	jb, _ := json.Marshal(a)
	if string(ja) != string(jb) {
		t.Errorf("merge order changes the stats:\n%s\n%s", ja, jb)
	}
}
