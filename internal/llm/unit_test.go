package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func TestRPMBucketSpacesRequestsAfterTheBurst(t *testing.T) {
	clk := NewVirtualClock()
	b := newBucket(60, clk.Now()) // one per second, burst 1
	var waits []time.Duration
	for i := 0; i < 5; i++ {
		waits = append(waits, b.reserve(clk.Now(), 1))
	}
	want := []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second}
	for i := range want {
		if d := waits[i] - want[i]; d < -time.Millisecond || d > time.Millisecond {
			t.Fatalf("waits = %v, want %v", waits, want)
		}
	}
	// After the queue drains and a quiet period, one burst token is back.
	clk.Advance(10 * time.Second)
	if w := b.reserve(clk.Now(), 1); w != 0 {
		t.Errorf("after a quiet period wait = %v, want 0", w)
	}
	if w := b.reserve(clk.Now(), 1); w < 999*time.Millisecond {
		t.Errorf("burst should be 1: second wait = %v", w)
	}
}

func TestRPMBurstIsOneSecondOfRequests(t *testing.T) {
	clk := NewVirtualClock()
	b := newBucket(600, clk.Now()) // 10 per second
	free := 0
	for i := 0; i < 30; i++ {
		if b.reserve(clk.Now(), 1) == 0 {
			free++
		}
	}
	if free != 10 {
		t.Errorf("%d requests passed without waiting, want the burst of 10", free)
	}
}

func TestTPMLimiterChargesEstimatesAndCorrectsWithUsage(t *testing.T) {
	clk := NewVirtualClock()
	l := newLimiter(0, 6000, clk) // 100 tokens/s, burst 100
	ctx := context.Background()
	if err := l.wait(ctx, 100); err != nil {
		t.Fatal(err)
	}
	if len(clk.Waits()) != 0 {
		t.Fatalf("first request within the burst waited %v", clk.Waits())
	}
	// The call really used 300 tokens: 200 more are charged, so the next
	// 100-token request waits (200+100)/100 = 3 s.
	l.correct(100, 300)
	if err := l.wait(ctx, 100); err != nil {
		t.Fatal(err)
	}
	w := clk.Waits()
	if len(w) != 1 || w[0] < 2900*time.Millisecond || w[0] > 3100*time.Millisecond {
		t.Fatalf("waits = %v, want one of 3s", w)
	}
	// A request larger than the burst still passes (after paying its debt).
	if err := l.wait(ctx, 1000); err != nil {
		t.Fatal(err)
	}
}

// stuckClock never fires: waits end only through their context.
type stuckClock struct{ now time.Time }

func (c stuckClock) Now() time.Time                     { return c.now }
func (stuckClock) After(time.Duration) <-chan time.Time { return nil }

func TestLimiterGivesBackTokensOfCanceledWaits(t *testing.T) {
	clk := stuckClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := newLimiter(60, 0, clk)                             // one per second, burst 1
	if err := l.wait(context.Background(), 1); err != nil { // takes the burst token
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.wait(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled wait: err = %v", err)
	}
	// The canceled reservation was refunded: the next one waits 1s, not 2s.
	if w := l.rpm.reserve(clk.Now(), 1); w < 999*time.Millisecond || w > 1001*time.Millisecond {
		t.Errorf("reservation after a canceled wait = %v, want 1s", w)
	}
}

func TestEstimateTokensIsCharsOverFour(t *testing.T) {
	n := estimateTokens([]Message{{Role: "user", Content: strings.Repeat("a", 400)}})
	if n < 100 || n > 105 {
		t.Errorf("estimate = %d, want ~100", n)
	}
}

// fail503 records a failed attempt sent now that saw HTTP 503.
func fail503(b *breaker, probe bool, msg string) {
	b.failure(probe, failure{started: b.clock.Now(), kind: KindServer, status: 503, msg: msg})
}

func newTestBreaker(clk Clock) *breaker {
	cfg := Config{BaseURL: "http://endpoint.test/v1", BreakerFailures: 3, BreakerPause: time.Second, BreakerMaxOpen: 5 * time.Second}
	return newBreaker(cfg, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestBreakerOpensAfterConsecutiveFailuresAndClosesOnProbeSuccess(t *testing.T) {
	clk := NewVirtualClock()
	b := newTestBreaker(clk)
	ctx := context.Background()
	fail503(b, false, "e1")
	fail503(b, false, "e2")
	b.success(false) // resets the run of failures
	fail503(b, false, "e3")
	fail503(b, false, "e4")
	if s, _ := b.snapshot(); s != breakerClosed {
		t.Fatalf("state after 2 consecutive failures = %s", s)
	}
	fail503(b, false, "e5")
	if s, opens := b.snapshot(); s != breakerOpen || opens != 1 {
		t.Fatalf("state = %s opens = %d, want open 1", s, opens)
	}
	probe, err := b.allow(ctx)
	if err != nil || !probe {
		t.Fatalf("allow after pause: probe=%v err=%v", probe, err)
	}
	if w := clk.Waits(); len(w) != 1 || w[0] != time.Second {
		t.Fatalf("waited %v before the probe, want the 1s pause", w)
	}
	b.success(true)
	if s, _ := b.snapshot(); s != breakerClosed {
		t.Fatalf("state after probe success = %s", s)
	}
}

func TestBreakerLatchesDownWhenOpenLongerThanMaxOpen(t *testing.T) {
	clk := NewVirtualClock()
	b := newTestBreaker(clk)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		fail503(b, false, "HTTP 503")
	}
	probes := 0
	var err error
	for i := 0; i < 20; i++ {
		var probe bool
		probe, err = b.allow(ctx)
		if err != nil {
			break
		}
		probes++
		fail503(b, probe, "HTTP 503")
	}
	if !errors.Is(err, ErrEndpointDown) {
		t.Fatalf("err = %v, want ErrEndpointDown", err)
	}
	if probes != 4 { // probes at 1s..4s after the outage began; it latches at 5s without a 5th
		t.Errorf("probes = %d, want 4", probes)
	}
	for _, want := range []string{"http://endpoint.test/v1", "HTTP 503", "5s"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// Latched: even a success does not reopen it, and allow fails fast.
	b.success(false)
	if _, err := b.allow(ctx); !errors.Is(err, ErrEndpointDown) {
		t.Errorf("after latch err = %v", err)
	}
}

func TestDisabledBreakerNeverBlocks(t *testing.T) {
	b := newBreaker(Config{BreakerFailures: 0}, NewVirtualClock(), slog.Default())
	for i := 0; i < 100; i++ {
		fail503(b, false, "x")
	}
	if probe, err := b.allow(context.Background()); err != nil || probe {
		t.Fatalf("disabled breaker: probe=%v err=%v", probe, err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, v string
		want    time.Duration
	}{
		{"delay seconds", "3", 3 * time.Second},
		{"fractional seconds", "0.5", 500 * time.Millisecond},
		{"HTTP date", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"HTTP date in the past", now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"garbage", "soon", 0},
		{"empty", "", 0},
		{"negative", "-4", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseRetryAfter(tc.v, now); got != tc.want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.v, got, tc.want)
			}
		})
	}
}

func TestClassifySortsAttemptErrors(t *testing.T) {
	ctx := context.Background()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name       string
		ctx        context.Context
		err        error
		info       *responseInfo
		kind       string
		retryable  bool
		countsDown bool
	}{
		{"429 is rate limited", ctx, &openai.APIError{HTTPStatusCode: 429}, &responseInfo{status: 429}, KindRateLimited, true, true},
		{"503 without a JSON body is a server error", ctx, &openai.RequestError{HTTPStatusCode: 503}, nil, KindServer, true, true},
		{"400 is a client error, not retried", ctx, &openai.APIError{HTTPStatusCode: 400}, nil, KindClient, false, false},
		{"401 is a refused configuration", ctx, &openai.APIError{HTTPStatusCode: 401}, nil, KindRefused, false, false},
		{"404 is a refused configuration", ctx, &openai.RequestError{HTTPStatusCode: 404}, nil, KindRefused, false, false},
		{"a deadline is a timeout", ctx, fmt.Errorf("post: %w", context.DeadlineExceeded), nil, KindTimeout, true, true},
		{"a JSON syntax error is malformed", ctx, fmt.Errorf("decode: %w", io.ErrUnexpectedEOF), &responseInfo{status: 200}, KindMalformed, true, true},
		{"no choices is empty", ctx, errEmpty, &responseInfo{status: 200}, KindEmpty, true, false},
		{"connection refused", ctx, &net.OpError{Op: "dial", Err: errors.New("connection refused")}, nil, KindConnection, true, true},
		{"the caller's cancellation is not the endpoint's fault", canceled, context.Canceled, nil, KindCanceled, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := classify(tc.ctx, tc.err, tc.info)
			if a.kind != tc.kind || a.retryable != tc.retryable || a.countsDown != tc.countsDown {
				t.Errorf("got %s retryable=%v down=%v, want %s %v %v", a.kind, a.retryable, a.countsDown, tc.kind, tc.retryable, tc.countsDown)
			}
		})
	}
}

func TestBackoffIsFullJitterUnderTheCeilingButHonoursRetryAfter(t *testing.T) {
	c := &Client{cfg: Config{InitialBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}}
	WithJitterSeed(1)(c)
	for n := 1; n <= 8; n++ {
		ceil := time.Duration(math.Min(float64(100*time.Millisecond)*math.Pow(2, float64(n-1)), float64(time.Second)))
		for i := 0; i < 50; i++ {
			if d := c.backoff(n, 0); d < 0 || d > ceil {
				t.Fatalf("backoff(%d) = %v outside [0, %v]", n, d, ceil)
			}
		}
	}
	if d := c.backoff(1, 7*time.Second); d != 7*time.Second {
		t.Errorf("backoff with Retry-After 7s = %v", d)
	}
	if d := c.backoff(1, time.Hour); d != maxRetryAfter {
		t.Errorf("backoff with Retry-After 1h = %v, want the cap %v", d, maxRetryAfter)
	}
}

func TestBuildRequest(t *testing.T) {
	req := Request{Messages: []Message{{Role: SpeakerUser, Content: "hi"}}}
	o, err := buildRequest("gpt-4o-mini", req, Sampling{Temperature: 0, TopP: 0.9, MaxTokens: 100})
	if err != nil {
		t.Fatal(err)
	}
	if o.Temperature <= 0 || o.Temperature > 1e-30 || o.MaxTokens != 100 || o.TopP != 0.9 || o.N != 0 {
		t.Errorf("greedy request = %+v", o)
	}
	o, err = buildRequest("o3-mini", req, Sampling{Temperature: 0.7, MaxTokens: 100})
	if err != nil {
		t.Fatal(err)
	}
	if o.MaxTokens != 0 || o.MaxCompletionTokens != 100 || o.Temperature != 0 {
		t.Errorf("reasoning-model request = %+v", o)
	}
}

func TestCacheKeyCoversEveryInput(t *testing.T) {
	base := Request{Role: RoleGenerator, PromptVersion: "generate-v1", Messages: []Message{{Role: "user", Content: "x"}}}
	s := Sampling{Temperature: 0.5, TopP: 1, MaxTokens: 10}
	k := cacheKey("m", base, s)
	variants := map[string]string{}
	r := base
	r.SampleIndex = 1
	variants["sample index"] = cacheKey("m", r, s)
	variants["model"] = cacheKey("m2", base, s)
	r = base
	r.Role = RoleSolver
	variants["role"] = cacheKey("m", r, s)
	r = base
	r.PromptVersion = "generate-v2"
	variants["prompt version"] = cacheKey("m", r, s)
	r = base
	r.Messages = []Message{{Role: "user", Content: "y"}}
	variants["messages"] = cacheKey("m", r, s)
	s2 := s
	s2.Temperature = 0.6
	variants["temperature"] = cacheKey("m", base, s2)
	s2 = s
	s2.MaxTokens = 11
	variants["max tokens"] = cacheKey("m", base, s2)
	for what, v := range variants {
		if v == k {
			t.Errorf("changing the %s did not change the key", what)
		}
	}
	if cacheKey("m", base, s) != k {
		t.Error("key is not deterministic")
	}
}
