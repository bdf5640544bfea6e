package llme2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/schemas"
)

// TestGenerateLLMStopsAtMaxCost runs `generate --backend llm --max-cost`
// against the test server with prices set and a cap well below what the
// run would spend: once the cap is reached no new call starts, the seeds
// that could not finish are rejected at stage budget (reason
// budget_exhausted), every seed is still accounted for, and the spend
// stops within one in-flight window (the client's concurrency) of the cap.
func TestGenerateLLMStopsAtMaxCost(t *testing.T) {
	const (
		n           = 40
		capUSD      = 0.03
		concurrency = 4
	)
	key := newSecret(t)
	srv := newServer(t, llmtest.Options{RequireKey: key, Seed: 5})
	cfg := llmGenerateConfig(srv.URL(), n, filepath.Join(t.TempDir(), "out"))
	cfg.Env.LLM.Client.Concurrency = concurrency
	cfg.Env.LLM.Client.Budget = llm.Limits{MaxCostUSD: capUSD, Run: "budget-test"}
	cfg.Card.MaxCostUSD = capUSD

	res := mustRunGenerate(t, cfg)
	accepted, rejected, st := readOutputs(t, cfg.Out)
	assertAccounted(t, n, 1, accepted, rejected)

	budget := 0
	var spent, maxCall float64
	for _, r := range append(append([]schemas.Record{}, accepted...), rejected...) {
		if r.Rejection != nil && r.Rejection.Stage == schemas.StageBudget {
			if r.Rejection.Reason != llm.KindBudget {
				t.Errorf("row %s rejected at stage budget with reason %q, want %s", r.ID, r.Rejection.Reason, llm.KindBudget)
			}
			budget++
		}
		for _, u := range r.Usage {
			spent += u.CostUSD
			if u.Calls > 0 && u.CostUSD/float64(u.Calls) > maxCall {
				maxCall = u.CostUSD / float64(u.Calls)
			}
		}
	}
	t.Logf("cap %.4f USD: spent %.4f USD (largest call %.5f USD); accepted %d, rejected %v", capUSD, spent, maxCall, len(accepted), e2etest.Reasons(rejected))
	if budget == 0 {
		t.Fatalf("no seed was rejected at stage budget although the cap is %.3f USD and the run spent %.4f USD", capUSD, spent)
	}
	if spent < capUSD {
		t.Errorf("the run stopped at %.4f USD, before reaching the cap of %.3f USD", spent, capUSD)
	}
	if over := spent - capUSD; over > concurrency*maxCall+1e-9 {
		t.Errorf("spent %.4f USD, %.4f over the cap: more than one in-flight window (%d calls of at most %.5f USD)", spent, over, concurrency, maxCall)
	}
	if c := e2etest.Counters(res); c["rejected/budget/budget_exhausted"] != int64(budget) {
		t.Errorf("counter rejected/budget/budget_exhausted = %d, rows rejected at stage budget = %d", c["rejected/budget/budget_exhausted"], budget)
	}
	if st.Rejections[schemas.StageBudget][llm.KindBudget] != int64(budget) {
		t.Errorf("stats.json counts %v budget rejections, want %d", st.Rejections[schemas.StageBudget], budget)
	}
	card, err := os.ReadFile(filepath.Join(cfg.Out, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(card), "The cap was reached") {
		t.Errorf("the dataset card does not say the cap was reached")
	}
}
