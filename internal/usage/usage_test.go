package usage

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

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

// Sum adds every field of a usage; a field added to schemas.Usage and
// left out of Sum fails this test.
func TestSumAddsEveryField(t *testing.T) {
	var a, b schemas.Usage
	va, vb := reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem()
	for i := 0; i < va.NumField(); i++ {
		switch va.Field(i).Kind() {
		case reflect.Int64:
			va.Field(i).SetInt(int64(i + 1))
			vb.Field(i).SetInt(int64(100 * (i + 1)))
		case reflect.Float64:
			va.Field(i).SetFloat(float64(i + 1))
			vb.Field(i).SetFloat(float64(100 * (i + 1)))
		default:
			t.Fatalf("schemas.Usage.%s is a %s: teach Sum and this test to add it", va.Type().Field(i).Name, va.Field(i).Kind())
		}
	}
	got := reflect.ValueOf(Sum(a, b))
	for i := 0; i < got.NumField(); i++ {
		want := float64(101 * (i + 1))
		var v float64
		if got.Field(i).Kind() == reflect.Int64 {
			v = float64(got.Field(i).Int())
		} else {
			v = got.Field(i).Float()
		}
		if v != want {
			t.Errorf("Sum's %s = %g, want %g", got.Type().Field(i).Name, v, want)
		}
	}
}

// A cache hit charges its row nothing but keeps the tokens and latency of
// the call that made the response, on the row and in the stage's spend.
func TestMeterKeepsACacheHitsRecordedUsage(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{Latency: 5 * time.Millisecond,
		Responder: llmtest.ResponderFunc(func(string, []llm.Message) (string, error) { return "forty-two", nil })})
	t.Cleanup(srv.Close)
	cfg := srv.ClientConfig()
	cfg.PricesPer1M = map[string]llm.Price{"llmtest": {Prompt: 1, Completion: 2}}
	cfg.CacheDir = t.TempDir()
	c, err := llm.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	m := NewMeter(c)
	var live, hit schemas.Record
	for _, rec := range []*schemas.Record{&live, &hit} {
		if _, err := m.Complete(context.Background(), rec, request(llm.RoleTranslator, "the same prompt")); err != nil {
			t.Fatal(err)
		}
	}
	l, h := live.Usage["translator"], hit.Usage["translator"]
	if l.PromptTokens == 0 || l.LatencyMillis < 5 || l.CacheHits != 0 {
		t.Fatalf("live call usage %+v: want tokens and the latency", l)
	}
	if h.CacheHits != 1 || h.PromptTokens != 0 || h.CostUSD != 0 ||
		h.CachedPromptTokens != l.PromptTokens || h.CachedCompletionTokens != l.CompletionTokens || h.LatencyMillis != l.LatencyMillis {
		t.Fatalf("cache hit usage %+v, live %+v: want no spend and the live call's tokens and latency recorded", h, l)
	}
	spent := m.Take()[llm.RoleTranslator]
	if spent.Calls != 2 || spent.CachedPromptTokens != l.PromptTokens || spent.LatencyMillis != 2*l.LatencyMillis {
		t.Errorf("stage spend %+v: want both calls, the hit's recorded tokens and both latencies", spent)
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
