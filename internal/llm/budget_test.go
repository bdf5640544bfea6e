package llm_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
)

// fixedReply answers every request with the same 400 characters (101
// completion tokens on the test server's count).
var fixedReply = llmtest.ResponderFunc(func(string, []llm.Message) (string, error) {
	return strings.Repeat("abcd", 100), nil
})

func budgetConfig(url string, concurrency int, limits llm.Limits) llm.Config {
	cfg := llm.DefaultConfig()
	cfg.BaseURL = url
	cfg.APIKeyEnv = ""
	cfg.Models = map[llm.Role]string{llm.RoleGenerator: "priced-model"}
	cfg.Concurrency = concurrency
	cfg.MaxRetries = 0
	cfg.PricesPer1M = map[string]llm.Price{"priced-model": {Prompt: 1000, Completion: 2000}}
	cfg.Budget = limits
	return cfg
}

func request(i int) llm.Request {
	return llm.Request{Role: llm.RoleGenerator, PromptVersion: "budget-test", Item: fmt.Sprint(i),
		Messages: []llm.Message{{Role: llm.SpeakerUser, Content: fmt.Sprintf("question number %04d", i)}}}
}

// outcome of a batch of calls.
type outcome struct {
	ok, refused, other int
	maxCost            float64
}

func runCalls(t *testing.T, c *llm.Client, from, n int) outcome {
	t.Helper()
	var mu sync.Mutex
	var o outcome
	for i := from; i < from+n; i++ {
		c.Submit(context.Background(), request(i), func(resp llm.Response, err error) {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				o.ok++
				o.maxCost = max(o.maxCost, c.Cost(llm.RoleGenerator, resp))
			case errors.Is(err, llm.ErrBudgetExhausted) && llm.Reason(err) == llm.KindBudget:
				o.refused++
			default:
				o.other++
				t.Errorf("call failed with %v", err)
			}
		})
	}
	c.Wait()
	return o
}

func TestBudgetStopsNewCallsWithinOneInFlightWindow(t *testing.T) {
	const concurrency, calls = 4, 120
	cases := []struct {
		name   string
		limits llm.Limits
		spent  func(llm.BudgetState) float64
		cap    float64
		window func(o outcome) float64
	}{
		{"max cost", llm.Limits{MaxCostUSD: 3},
			func(s llm.BudgetState) float64 { return s.SpentUSD }, 3,
			func(o outcome) float64 { return concurrency * o.maxCost }},
		{"max tokens", llm.Limits{MaxTokens: 2000},
			func(s llm.BudgetState) float64 { return float64(s.Tokens) }, 2000,
			func(outcome) float64 { return concurrency * 120 }}, // a call is about 110 tokens
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.NewServer(llmtest.Options{Responder: fixedReply, Latency: 20 * time.Millisecond, Seed: 1})
			defer srv.Close()
			c, err := llm.NewClient(context.Background(), budgetConfig(srv.URL(), concurrency, tc.limits))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			o := runCalls(t, c, 0, calls)
			st := c.Budget().State()
			t.Logf("%s: %d answered, %d refused; spent %.4f USD, %d tokens (cap %g)", tc.name, o.ok, o.refused, st.SpentUSD, st.Tokens, tc.cap)
			if o.ok+o.refused+o.other != calls {
				t.Errorf("%d calls accounted for, %d made", o.ok+o.refused+o.other, calls)
			}
			if o.refused == 0 || o.ok == 0 {
				t.Fatalf("want some calls answered and the rest refused, got %d answered and %d refused", o.ok, o.refused)
			}
			spent := tc.spent(st)
			if spent < tc.cap {
				t.Errorf("calls were refused at %g, below the cap %g", spent, tc.cap)
			}
			if over := spent - tc.cap; over > tc.window(o) {
				t.Errorf("overshoot %g is more than one in-flight window (%g)", over, tc.window(o))
			}
			if !st.Exhausted || st.Refused != int64(o.refused) || st.Calls != int64(o.ok) {
				t.Errorf("state %+v, want exhausted with %d refused and %d calls", st, o.refused, o.ok)
			}
			if got := srv.Total(); got != o.ok {
				t.Errorf("the server saw %d requests, want %d: a refused call must not reach it", got, o.ok)
			}
			if s := c.Stats().Roles[llm.RoleGenerator]; s.Errors[llm.KindBudget] != int64(o.refused) {
				t.Errorf("stats count %d budget errors, want %d", s.Errors[llm.KindBudget], o.refused)
			}
		})
	}
}

func TestBudgetLetsCallsInFlightFinish(t *testing.T) {
	// Eight slow calls start together; the first answer already spends
	// the cap. The other seven were in flight and must still be answered;
	// the next call is refused.
	srv := llmtest.NewServer(llmtest.Options{Responder: fixedReply, Latency: 200 * time.Millisecond, Seed: 1})
	defer srv.Close()
	c, err := llm.NewClient(context.Background(), budgetConfig(srv.URL(), 8, llm.Limits{MaxCostUSD: 0.0001}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	o := runCalls(t, c, 0, 8)
	if o.ok != 8 || o.refused != 0 {
		t.Fatalf("in-flight calls: %d answered, %d refused; want all 8 answered", o.ok, o.refused)
	}
	if _, err := c.Complete(context.Background(), request(100)); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Fatalf("a call after the cap: err %v, want ErrBudgetExhausted", err)
	}
}

func TestCacheHitsAreNotRefused(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{Responder: fixedReply, Seed: 1})
	defer srv.Close()
	cfg := budgetConfig(srv.URL(), 1, llm.Limits{MaxTokens: 1})
	cfg.CacheDir = t.TempDir()
	c, err := llm.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first, err := c.Complete(context.Background(), request(1))
	if err != nil {
		t.Fatal(err)
	}
	if first.LatencyMillis < 0 || first.Cached {
		t.Errorf("first answer %+v", first)
	}
	if _, err := c.Complete(context.Background(), request(2)); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Fatalf("a new call after the cap: err %v, want ErrBudgetExhausted", err)
	}
	again, err := c.Complete(context.Background(), request(1))
	if err != nil || !again.Cached {
		t.Fatalf("a cached call after the cap: %+v, %v; want the cached answer", again, err)
	}
	u := again.RecordUsage()
	if u.PromptTokens != 0 || u.CachedPromptTokens != int64(first.Usage.PromptTokens) || u.CachedCompletionTokens != int64(first.Usage.CompletionTokens) {
		t.Errorf("cache hit usage %+v: want no tokens spent and the original %+v as cached tokens", u, first.Usage)
	}
}

func TestOneBudgetSharedByTwoClients(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{Responder: fixedReply, Latency: 10 * time.Millisecond, Seed: 1})
	defer srv.Close()
	b := llm.NewBudget(llm.Limits{MaxCostUSD: 2})
	var clients []*llm.Client
	for i := 0; i < 2; i++ {
		c, err := llm.NewClient(context.Background(), budgetConfig(srv.URL(), 3, llm.Limits{}), llm.WithBudget(b))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
	}
	var wg sync.WaitGroup
	outs := make([]outcome, 2)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = runCalls(t, c, 1000*i, 60)
		}()
	}
	wg.Wait()
	st := b.State()
	perCall := max(outs[0].maxCost, outs[1].maxCost)
	if st.SpentUSD < 2 || st.SpentUSD > 2+6*perCall {
		t.Errorf("shared spend %.4f USD, want in [2, 2 + 6 calls of %.4f]", st.SpentUSD, perCall)
	}
	if got := int64(outs[0].ok + outs[1].ok); got != st.Calls || int64(srv.Total()) != got {
		t.Errorf("answered %d, budget charged %d, server saw %d", got, st.Calls, srv.Total())
	}
}

func TestLimits(t *testing.T) {
	cases := []struct {
		name    string
		l       llm.Limits
		enabled bool
		valid   bool
		split3  llm.Limits
	}{
		{"no caps", llm.Limits{}, false, true, llm.Limits{}},
		{"a cost cap", llm.Limits{MaxCostUSD: 9}, true, true, llm.Limits{MaxCostUSD: 3}},
		{"a token cap", llm.Limits{MaxTokens: 10}, true, true, llm.Limits{MaxTokens: 3}},
		{"a negative cap is invalid", llm.Limits{MaxCostUSD: -1}, false, false, llm.Limits{MaxCostUSD: -1.0 / 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.l.Enabled() != c.enabled {
				t.Errorf("Enabled = %v", !c.enabled)
			}
			if (c.l.Validate() == nil) != c.valid {
				t.Errorf("Validate = %v", c.l.Validate())
			}
			if got := c.l.Split(3); got != c.split3 {
				t.Errorf("Split(3) = %+v, want %+v", got, c.split3)
			}
		})
	}
}

func TestBudgetsShareOneCounterPerKey(t *testing.T) {
	var r llm.Budgets
	a := r.Get("run-1", llm.Limits{MaxTokens: 10})
	a.Charge(4, 0)
	b := r.Get("run-1", llm.Limits{MaxTokens: 99})
	if a != b || b.State().Tokens != 4 || b.Limits().MaxTokens != 10 {
		t.Errorf("the same key gave another budget or other limits: %+v", b.State())
	}
	if c := r.Get("run-2", llm.Limits{MaxTokens: 10}); c == a || c.State().Tokens != 0 {
		t.Error("another key shares the budget")
	}
}
