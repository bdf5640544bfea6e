package verifyeval

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/sandbox"
)

func TestConsistencySetIsLabelledAndAttributed(t *testing.T) {
	items, err := LoadConsistency("testdata/consistency")
	if err != nil {
		t.Fatal(err)
	}
	if n := CaseCount(items); n < 200 {
		t.Fatalf("%d consistency cases, want at least 200", n)
	}
	clean := map[string]string{} // clean problem → item id
	perCategory := map[string]int{}
	notOffline := 0
	for _, it := range items {
		if !strings.HasPrefix(it.ID, "offline-") {
			notOffline += len(it.Cases)
		}
		for _, c := range it.Cases {
			perCategory[c.Category]++
			if c.Category == KindClean {
				clean[c.Problem] = it.ID
			}
		}
	}
	for _, k := range ConsistencyCategories {
		if perCategory[k] == 0 {
			t.Errorf("no %s cases", k)
		}
	}
	if notOffline < 200 {
		t.Errorf("%d cases not from the offline generator, want at least 200", notOffline)
	}
	// A swapped problem is another item's clean problem, verbatim.
	for _, it := range items {
		for _, c := range it.Cases {
			if c.Category != KindSwapped {
				continue
			}
			from, ok := clean[c.Problem]
			if !ok || from == it.ID {
				t.Errorf("%s: swapped problem is not another item's clean problem", it.ID)
			}
		}
	}
}

// TestConsistencySetFigures checks every case of the labelled set against
// its program run in a real sandbox and asserts floors just under the
// figures `make eval-verifier` reports, so a change that loses ground
// fails here.
func TestConsistencySetFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs programs in the sandbox")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cfg := sandbox.DefaultConfig()
	cfg.Modules = answer.Modules()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	items, err := LoadConsistency("testdata/consistency")
	if err != nil {
		t.Fatal(err)
	}
	outs, err := ConsistencyOutcomes(ctx, pool, items, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != CaseCount(items) {
		t.Fatalf("%d outcomes for %d cases", len(outs), CaseCount(items))
	}
	_, by := Summarize(outs)
	floors := []struct {
		category string
		kept     bool
		min      float64
	}{
		{KindClean, true, 0.97},
		{KindChangedNumber, false, 0.95},
		{KindSwapped, false, 1},
		{"extra_number", false, 1},
		{KindDroppedGiven, false, 0.9},
		{KindChangedUnit, false, 0.5},
		{KindChangedQ, false, 0.2},
	}
	for _, f := range floors {
		tl := by[f.category]
		got := tl.Rejection()
		if f.kept {
			got = tl.Recall()
		}
		if got < f.min {
			t.Errorf("%s: %.1f%% (n=%d), want ≥ %.0f%%", f.category, 100*got, tl.N(), 100*f.min)
		}
	}
	if t.Failed() {
		for _, o := range outs {
			if !o.Agrees() {
				t.Logf("disagree %s [%s]: %s", o.ID, o.Category, o.Detail)
			}
		}
	}
}
