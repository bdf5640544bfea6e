package usage

import (
	"context"
	"sync"
	"testing"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/schemas"
)

func newMeter(t *testing.T, opts llmtest.Options, prices map[string]llm.Price) *Meter {
	t.Helper()
	if opts.Responder == nil {
		opts.Responder = llmtest.ResponderFunc(func(string, []llm.Message) (string, error) { return "forty-two", nil })
	}
	srv := llmtest.NewServer(opts)
	t.Cleanup(srv.Close)
	cfg := srv.ClientConfig()
	cfg.PricesPer1M = prices
	c, err := llm.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return NewMeter(c)
}

func request(role llm.Role, text string) llm.Request {
	return llm.Request{Role: role, PromptVersion: "test-v1", Messages: []llm.Message{{Role: llm.SpeakerUser, Content: text}}}
}

func TestMeterChargesRowsAndSumsTheStage(t *testing.T) {
	m := newMeter(t, llmtest.Options{}, map[string]llm.Price{"llmtest": {Prompt: 1, Completion: 2}})
	ctx := context.Background()
	rows := make([]schemas.Record, 8)
	var wg sync.WaitGroup
	for i := range rows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, role := range []llm.Role{llm.RoleGenerator, llm.RoleSolver} {
				if _, err := m.Complete(ctx, &rows[i], request(role, "row "+string(rune('a'+i)))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	var rowSum schemas.Usage
	for i, r := range rows {
		for _, role := range []string{"generator", "solver"} {
			u := r.Usage[role]
			if u.Calls != 1 || u.PromptTokens == 0 || u.CompletionTokens == 0 || u.CostUSD <= 0 {
				t.Fatalf("row %d, %s: usage %+v", i, role, u)
			}
			rowSum = Sum(rowSum, u)
		}
	}
	spent := m.Take()
	stageSum := Sum(spent[llm.RoleGenerator], spent[llm.RoleSolver])
	if stageSum.Calls != 16 || stageSum.PromptTokens != rowSum.PromptTokens || stageSum.CompletionTokens != rowSum.CompletionTokens {
		t.Fatalf("stage spent %+v, rows %+v", stageSum, rowSum)
	}
	if again := m.Take(); len(again) != 0 {
		t.Fatalf("Take must reset: %+v", again)
	}
	if m.Err() != nil {
		t.Fatalf("no fatal error expected: %v", m.Err())
	}
}

func TestMeterKeepsTheFirstFatalError(t *testing.T) {
	cases := []struct {
		name  string
		opts  llmtest.Options
		fatal bool
	}{
		{"a refused key is fatal", llmtest.Options{RequireKey: "sk-right"}, true},
		{"a failed row is not", llmtest.Options{Responder: llmtest.ResponderFunc(func(string, []llm.Message) (string, error) {
			return "", errServer
		})}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMeter(t, c.opts, nil)
			var rec schemas.Record
			_, err := m.Complete(context.Background(), &rec, request(llm.RoleGenerator, "x"))
			if err == nil {
				t.Fatal("want the call to fail")
			}
			if got := m.Err() != nil; got != c.fatal {
				t.Fatalf("fatal kept: %v, want %v (%v)", got, c.fatal, err)
			}
			if len(rec.Usage) != 0 || len(m.Take()) != 0 {
				t.Fatal("a failed call was charged")
			}
		})
	}
}

type serverError struct{}

func (serverError) Error() string { return "the model crashed" }

var errServer = serverError{}
