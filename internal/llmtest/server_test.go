package llmtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/prompts"
)

// echo answers with the last user message, fenced as Python, so fault
// transformations are visible.
var echo = ResponderFunc(func(kind string, msgs []llm.Message) (string, error) {
	return "```python\ndef solve():\n    return " + msgs[len(msgs)-1].Content + "\n```", nil
})

func post(t *testing.T, url, auth string, body any) (*http.Response, []byte) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url+"/chat/completions", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, out
}

func chatBody(content string) map[string]any {
	return map[string]any{"model": "m", "messages": []map[string]string{{"role": "user", "content": content}}}
}

func TestServerSpeaksOpenAIChatCompletionsToGoOpenAI(t *testing.T) {
	s := NewServer(Options{Responder: echo, Models: []string{"m1", "m2"}})
	defer s.Close()
	if !strings.HasSuffix(s.URL(), "/v1") {
		t.Fatalf("URL %q does not end in /v1", s.URL())
	}
	cfg := openai.DefaultConfig("sk-test-key")
	cfg.BaseURL = s.URL()
	c := openai.NewClientWithConfig(cfg)
	ctx := context.Background()

	models, err := c.ListModels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(models.Models) != 2 || models.Models[0].ID != "m1" {
		t.Fatalf("models = %+v", models.Models)
	}
	msgs, _ := prompts.Solve("What is 6*7?")
	req := openai.ChatCompletionRequest{Model: "m1", MaxTokens: 500}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	resp, err := c.CreateChatCompletion(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Choices) != 1 || resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Fatalf("choices = %+v", resp.Choices)
	}
	if !strings.Contains(resp.Choices[0].Message.Content, "What is 6*7?") || resp.Model != "m1" {
		t.Fatalf("content = %q model %q", resp.Choices[0].Message.Content, resp.Model)
	}
	if resp.Usage.PromptTokens <= 0 || resp.Usage.CompletionTokens <= 0 || resp.Usage.TotalTokens != resp.Usage.PromptTokens+resp.Usage.CompletionTokens {
		t.Fatalf("usage = %+v", resp.Usage)
	}
	c2 := s.Counts()
	if c2.Total != 1 || c2.ByKind[prompts.KindSolve] != 1 || c2.ByStatus[200] != 1 || c2.ByModel["m1"] != 1 {
		t.Fatalf("counts = %+v", c2)
	}
	if got := s.AuthHeaders(); len(got) != 1 || got[0] != "Bearer sk-test-key" {
		t.Fatalf("auth headers = %q", got)
	}
}

func TestEachFaultBehavesAsItsName(t *testing.T) {
	tests := []struct {
		name   string
		faults Faults
		check  func(t *testing.T, resp *http.Response, body []byte)
	}{
		{"rate limit is a 429 with Retry-After", Faults{RateLimit: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
				t.Fatalf("status %d retry-after %q", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		}},
		{"server error is a 500 with an OpenAI error body", Faults{ServerError: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			var e struct{ Error struct{ Message string } }
			if resp.StatusCode != 500 || json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
				t.Fatalf("status %d body %s", resp.StatusCode, body)
			}
		}},
		{"malformed is a 200 whose body is not JSON", Faults{Malformed: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			var v any
			if resp.StatusCode != 200 || json.Unmarshal(body, &v) == nil {
				t.Fatalf("status %d, body parses: %s", resp.StatusCode, body)
			}
		}},
		{"truncated cuts the content and says length", Faults{Truncated: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			c := completion(t, body)
			if c.Choices[0].FinishReason != "length" || strings.Contains(c.Choices[0].Message.Content, "```\n") {
				t.Fatalf("choice = %+v", c.Choices[0])
			}
		}},
		{"refusal apologises", Faults{Refusal: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			c := completion(t, body)
			if !prompts.IsRefusal(c.Choices[0].Message.Content) {
				t.Fatalf("content = %q", c.Choices[0].Message.Content)
			}
		}},
		{"chatter wraps the answer in prose", Faults{Chatter: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			c := completion(t, body)
			got := c.Choices[0].Message.Content
			if !strings.HasPrefix(got, "Sure!") || !strings.Contains(got, "```python\ndef solve():") {
				t.Fatalf("content = %q", got)
			}
		}},
		{"unfenced strips the code fences", Faults{Unfenced: 1}, func(t *testing.T, resp *http.Response, body []byte) {
			got := completion(t, body).Choices[0].Message.Content
			if strings.Contains(got, "```") || !strings.HasPrefix(got, "def solve():") {
				t.Fatalf("content = %q", got)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewServer(Options{Responder: echo, Faults: tc.faults, RetryAfter: "7"})
			defer s.Close()
			resp, body := post(t, s.URL(), "", chatBody("42"))
			tc.check(t, resp, body)
			if c := s.Counts(); c.Total != 1 || c.ByFault[s.Entries()[0].Fault] != 1 || s.Entries()[0].Fault == "" {
				t.Fatalf("counts = %+v entries %+v", c, s.Entries())
			}
		})
	}
}

type chatCompletion struct {
	Choices []struct {
		Message      struct{ Content string }
		FinishReason string `json:"finish_reason"`
	}
}

func completion(t *testing.T, body []byte) chatCompletion {
	t.Helper()
	var c chatCompletion
	if err := json.Unmarshal(body, &c); err != nil || len(c.Choices) != 1 {
		t.Fatalf("body %s: %v", body, err)
	}
	return c
}

func TestTimeoutFaultHoldsTheRequestUntilTheClientGivesUp(t *testing.T) {
	s := NewServer(Options{Responder: echo, Faults: Faults{Timeout: 1}})
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	b, _ := json.Marshal(chatBody("1"))
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/chat/completions", bytes.NewReader(b))
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if c := s.Counts(); c.ByFault[FaultTimeout] != 1 {
		t.Fatalf("counts = %+v", c)
	}
}

func TestDownSwitchAnswers503UntilSwitchedBack(t *testing.T) {
	s := NewServer(Options{Responder: echo})
	defer s.Close()
	s.SetDown(true)
	for i := 0; i < 3; i++ {
		if resp, _ := post(t, s.URL(), "", chatBody("x")); resp.StatusCode != 503 {
			t.Fatalf("status %d while down", resp.StatusCode)
		}
	}
	s.SetDown(false)
	if resp, _ := post(t, s.URL(), "", chatBody("x")); resp.StatusCode != 200 {
		t.Fatalf("status %d after down", resp.StatusCode)
	}
	if c := s.Counts(); c.ByFault[FaultDown] != 3 || c.ByStatus[503] != 3 || c.ByStatus[200] != 1 {
		t.Fatalf("counts = %+v", c)
	}
}

func TestMaxTokensCutsLongAnswers(t *testing.T) {
	s := NewServer(Options{Responder: echo})
	defer s.Close()
	body := chatBody(strings.Repeat("1 + ", 200) + "1")
	body["max_tokens"] = 10
	_, out := post(t, s.URL(), "", body)
	c := completion(t, out)
	if c.Choices[0].FinishReason != "length" || len(c.Choices[0].Message.Content) > 40 {
		t.Fatalf("choice = %+v", c.Choices[0])
	}
}

func TestRequireKeyRejectsOtherKeysAndEchoesThem(t *testing.T) {
	s := NewServer(Options{Responder: echo, RequireKey: "sk-good"})
	defer s.Close()
	resp, body := post(t, s.URL(), "Bearer sk-bad", chatBody("x"))
	if resp.StatusCode != 401 || !strings.Contains(string(body), "sk-bad") {
		t.Fatalf("status %d body %s", resp.StatusCode, body)
	}
	if resp, _ := post(t, s.URL(), "Bearer sk-good", chatBody("x")); resp.StatusCode != 200 {
		t.Fatalf("good key: status %d", resp.StatusCode)
	}
	if got := s.AuthHeaders(); len(got) != 2 || got[0] != "Bearer sk-bad" || got[1] != "Bearer sk-good" {
		t.Fatalf("auth headers = %q", got)
	}
}

// faultSequence sends the same 60 distinct requests in order and returns
// the fault of each.
func faultSequence(t *testing.T, seed int64) []string {
	s := NewServer(Options{Responder: echo, Seed: seed, Faults: Faults{ServerError: 0.3, RateLimit: 0.2, Refusal: 0.2}})
	defer s.Close()
	for i := 0; i < 60; i++ {
		post(t, s.URL(), "", chatBody(strings.Repeat("x", i%20)))
	}
	var out []string
	for _, e := range s.Entries() {
		out = append(out, e.Fault)
	}
	return out
}

func TestFaultDrawsAreAFunctionOfSeedBodyAndRepeat(t *testing.T) {
	a, b, c := faultSequence(t, 7), faultSequence(t, 7), faultSequence(t, 8)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	if strings.Join(a, ",") == strings.Join(c, ",") {
		t.Fatalf("different seeds gave the same 60 faults: %v", a)
	}
	counted := map[string]int{}
	for _, f := range a {
		counted[f]++
	}
	// Repeated bodies (each sent 3 times) must not all share one fault.
	if counted[FaultServerError] == 0 || counted[""] == 0 || len(counted) < 3 {
		t.Fatalf("fault mix = %v", counted)
	}
}

func TestBadRequestsAre400(t *testing.T) {
	s := NewServer(Options{Responder: echo})
	defer s.Close()
	resp, _ := post(t, s.URL(), "", map[string]any{"model": "m"})
	if resp.StatusCode != 400 {
		t.Fatalf("no messages: %d", resp.StatusCode)
	}
	r, err := http.Post(s.URL()+"/chat/completions", "application/json", strings.NewReader("{not json"))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 400 {
		t.Fatalf("bad json: %d", r.StatusCode)
	}
	r, err = http.Get(s.URL() + "/embeddings")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 404 {
		t.Fatalf("unknown endpoint: %d", r.StatusCode)
	}
}

func TestHugeFaultStreamsAValidRunawayCompletion(t *testing.T) {
	for _, declare := range []bool{false, true} {
		t.Run(fmt.Sprintf("Content-Length declared: %v", declare), func(t *testing.T) {
			const size = 3 << 20
			s := NewServer(Options{Responder: echo, Faults: Faults{Huge: 1}, HugeBytes: size, HugeDeclareLength: declare})
			defer s.Close()
			resp, body := post(t, s.URL(), "", chatBody("1"))
			if declare != (resp.ContentLength == int64(len(body))) {
				t.Errorf("Content-Length %d for a body of %d bytes", resp.ContentLength, len(body))
			}
			c := completion(t, body)
			got := c.Choices[0].Message.Content
			if len(got) < size-16 || len(got) > size+64 || !strings.HasPrefix(got, "```python\ndef solve():\n    x = 0\n    x += 1\n") ||
				!strings.HasSuffix(got, "    return x\n```") || c.Choices[0].FinishReason != "stop" {
				t.Fatalf("content of %d bytes: %.60q ... %q", len(got), got, got[max(0, len(got)-30):])
			}
			e := s.Entries()
			if len(e) != 1 || e[0].Fault != FaultHuge || e[0].Status != 200 || e[0].Written != int64(len(body)) {
				t.Fatalf("entries %+v, body %d bytes", e, len(body))
			}
		})
	}
}

func TestHangSwitchNeverAnswers(t *testing.T) {
	s := NewServer(Options{Responder: echo, HangFor: 10 * time.Millisecond})
	defer s.Close()
	s.SetHang(true)
	// Longer than HangFor: a hung server does not answer even a timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	b, _ := json.Marshal(chatBody("1"))
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/chat/completions", bytes.NewReader(b))
	resp, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, %v; want no answer before the deadline", resp, err)
	}
	if c := s.Counts(); c.Total != 1 || c.ByFault[FaultHang] != 1 {
		t.Fatalf("counts = %+v", c)
	}
	s.SetHang(false)
	if resp, _ := post(t, s.URL(), "", chatBody("2")); resp.StatusCode != 200 {
		t.Fatalf("after the hang: status %d", resp.StatusCode)
	}
}
