package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/storage"
	"github.com/fsouza/fake-gcs-server/fakestorage"
	"google.golang.org/api/iterator"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
)

// answer is a responder that answers with a short program naming the request.
var answer = llmtest.ResponderFunc(func(kind string, msgs []llm.Message) (string, error) {
	return "```python\ndef solve():\n    return " + fmt.Sprint(len(msgs[len(msgs)-1].Content)) + "\n```", nil
})

// testConfig is a fast config against url: no key, tiny backoffs.
func testConfig(url string) llm.Config {
	cfg := llm.DefaultConfig()
	cfg.BaseURL = url
	cfg.APIKeyEnv = ""
	cfg.Models = map[llm.Role]string{llm.RoleGenerator: "gen-model", llm.RoleTranslator: "tr-model", llm.RoleSolver: "solve-model"}
	cfg.InitialBackoff = time.Millisecond
	cfg.MaxBackoff = 5 * time.Millisecond
	cfg.RequestTimeout = 5 * time.Second
	cfg.MaxRetries = 6
	cfg.BreakerFailures = 0
	return cfg
}

// quiet is a logger that drops everything.
var quiet = slog.New(slog.NewTextHandler(discard{}, nil))

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func newClient(t testing.TB, cfg llm.Config, opts ...llm.Option) *llm.Client {
	t.Helper()
	opts = append([]llm.Option{llm.WithLogger(quiet), llm.WithJitterSeed(1)}, opts...)
	c, err := llm.NewClient(context.Background(), cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func req(i int) llm.Request {
	return llm.Request{Role: llm.RoleGenerator, PromptVersion: "test-v1",
		Messages: []llm.Message{{Role: llm.SpeakerUser, Content: fmt.Sprintf("request %d", i)}}}
}

// waitRecorder is a clock that does not wait but records every wait.
type waitRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *waitRecorder) Now() time.Time { return time.Now() }
func (w *waitRecorder) After(d time.Duration) <-chan time.Time {
	w.mu.Lock()
	w.waits = append(w.waits, d)
	w.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- time.Now()
	return ch
}
func (w *waitRecorder) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.waits...)
}

func TestRetriesOn429HonourRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		atLeast    time.Duration
	}{
		{"delay seconds", "2", 2 * time.Second},
		{"HTTP date", time.Now().Add(4 * time.Second).UTC().Format(http.TimeFormat), 2 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := llmtest.NewServer(llmtest.Options{Responder: answer, Faults: llmtest.Faults{RateLimit: 1}, RetryAfter: tc.retryAfter})
			defer s.Close()
			clk := &waitRecorder{}
			cfg := testConfig(s.URL())
			cfg.MaxRetries = 3
			c := newClient(t, cfg, llm.WithClock(clk))
			_, err := c.Complete(context.Background(), req(0))
			if llm.Reason(err) != llm.KindRateLimited {
				t.Fatalf("err = %v, want rate_limited", err)
			}
			var e *llm.Error
			if !errors.As(err, &e) || e.Attempts != 4 || e.Status != 429 {
				t.Fatalf("error = %+v, want 4 attempts ending in 429", e)
			}
			if s.Total() != 4 {
				t.Fatalf("server saw %d requests, want 4", s.Total())
			}
			waits := clk.all()
			if len(waits) != 3 {
				t.Fatalf("waits = %v, want 3 backoffs", waits)
			}
			for _, w := range waits {
				if w < tc.atLeast {
					t.Errorf("waited %v before a retry, Retry-After asked for at least %v", w, tc.atLeast)
				}
			}
		})
	}
}

func TestRateLimitedCallsSucceedOnRetry(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer, Faults: llmtest.Faults{RateLimit: 0.5}, RetryAfter: "1", Seed: 3})
	defer s.Close()
	clk := &waitRecorder{}
	cfg := testConfig(s.URL())
	cfg.MaxRetries = 12
	c := newClient(t, cfg, llm.WithClock(clk))
	for i := 0; i < 20; i++ {
		if _, err := c.Complete(context.Background(), req(i)); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	n429 := s.Counts().ByStatus[429]
	if n429 == 0 {
		t.Fatal("no 429 was injected")
	}
	if st := c.Stats().Roles[llm.RoleGenerator]; st.Retries != int64(n429) || st.AttemptErrors[llm.KindRateLimited] != int64(n429) {
		t.Errorf("retries = %d, attempt errors = %v, server 429s = %d", st.Retries, st.AttemptErrors, n429)
	}
	if got := len(clk.all()); got != n429 {
		t.Errorf("%d backoff waits for %d 429s", got, n429)
	}
}

func TestServerErrorsAndTimeoutsAreRetried(t *testing.T) {
	tests := []struct {
		name   string
		faults llmtest.Faults
		fault  string
		kind   string
	}{
		{"5xx", llmtest.Faults{ServerError: 0.5}, llmtest.FaultServerError, llm.KindServer},
		{"timeouts", llmtest.Faults{Timeout: 0.4}, llmtest.FaultTimeout, llm.KindTimeout},
		{"malformed bodies", llmtest.Faults{Malformed: 0.5}, llmtest.FaultMalformed, llm.KindMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := llmtest.NewServer(llmtest.Options{Responder: answer, Faults: tc.faults, Seed: 11})
			defer s.Close()
			cfg := testConfig(s.URL())
			cfg.RequestTimeout = 150 * time.Millisecond
			cfg.MaxRetries = 10
			c := newClient(t, cfg)
			var wg sync.WaitGroup
			var failed atomic.Int64
			for i := 0; i < 16; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := c.Complete(context.Background(), req(i)); err != nil {
						t.Errorf("call %d: %v", i, err)
						failed.Add(1)
					}
				}()
			}
			wg.Wait()
			injected := s.Counts().ByFault[tc.fault]
			if injected == 0 {
				t.Fatalf("no %s fault was injected", tc.fault)
			}
			st := c.Stats().Roles[llm.RoleGenerator]
			if st.AttemptErrors[tc.kind] != int64(injected) || st.Retries != int64(injected) {
				t.Errorf("client saw %v, %d retries; server injected %d %s", st.AttemptErrors, st.Retries, injected, tc.fault)
			}
			if st.Calls != 16 || failed.Load() != 0 {
				t.Errorf("calls = %d failed = %d", st.Calls, failed.Load())
			}
		})
	}
}

func TestPersistentFaultsSurfaceWithTheirReason(t *testing.T) {
	tests := []struct {
		name     string
		faults   llmtest.Faults
		reason   string
		attempts int
	}{
		{"malformed JSON every time", llmtest.Faults{Malformed: 1}, llm.KindMalformed, 3},
		{"500 every time", llmtest.Faults{ServerError: 1}, llm.KindServer, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := llmtest.NewServer(llmtest.Options{Responder: answer, Faults: tc.faults})
			defer s.Close()
			cfg := testConfig(s.URL())
			cfg.MaxRetries = 2
			c := newClient(t, cfg)
			_, err := c.Complete(context.Background(), req(0))
			var e *llm.Error
			if !errors.As(err, &e) || e.Kind != tc.reason || e.Attempts != tc.attempts || llm.Fatal(err) {
				t.Fatalf("err = %v, want %s after %d attempts", err, tc.reason, tc.attempts)
			}
			if s.Total() != tc.attempts {
				t.Errorf("server saw %d requests", s.Total())
			}
			if got := c.Stats().Roles[llm.RoleGenerator].Errors[tc.reason]; got != 1 {
				t.Errorf("stats errors[%s] = %d", tc.reason, got)
			}
		})
	}
}

func TestTruncatedAnswersAreReturnedMarkedAndNeverCached(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer, Faults: llmtest.Faults{Truncated: 1}})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.CacheDir = t.TempDir()
	c := newClient(t, cfg)
	for i := 0; i < 2; i++ {
		resp, err := c.Complete(context.Background(), req(0))
		if err != nil {
			t.Fatal(err)
		}
		if !resp.Truncated() || resp.FinishReason != llm.FinishLength || resp.Cached {
			t.Fatalf("response = %+v, want a live truncated one", resp)
		}
	}
	if s.Total() != 2 {
		t.Errorf("server saw %d requests; a truncated answer must not be served from cache", s.Total())
	}
	if st := c.Stats().Roles[llm.RoleGenerator]; st.Truncated != 2 || st.CacheHits != 0 {
		t.Errorf("stats = %+v", st)
	}
}

func TestNonRetryable4xxFailsFast(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	c := newClient(t, testConfig(s.URL()))
	_, err := c.Complete(context.Background(), llm.Request{Role: llm.RoleGenerator}) // no messages: the server answers 400
	var e *llm.Error
	if !errors.As(err, &e) || e.Kind != llm.KindClient || e.Status != 400 || e.Attempts != 1 {
		t.Fatalf("err = %v", err)
	}
	if s.Total() != 1 {
		t.Errorf("server saw %d requests, want 1", s.Total())
	}
}

func TestUnconfiguredRoleIsAConfigError(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	c := newClient(t, testConfig(s.URL()))
	_, err := c.Complete(context.Background(), llm.Request{Role: llm.RoleJudge, Messages: req(0).Messages})
	if llm.Reason(err) != llm.KindConfig || s.Total() != 0 {
		t.Fatalf("err = %v, server saw %d", err, s.Total())
	}
}

// TestMixedFaultsEveryRequestCompletesOrFailsWithAReason sends 200
// requests through Submit while 30% of attempts hit a fault.
func TestMixedFaultsEveryRequestCompletesOrFailsWithAReason(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer, Seed: 5, RetryAfter: "0", Faults: llmtest.Faults{
		RateLimit: 0.06, ServerError: 0.06, Timeout: 0.03, Malformed: 0.05, Truncated: 0.03, Refusal: 0.03, Chatter: 0.02, Unfenced: 0.02,
	}})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.RequestTimeout = 200 * time.Millisecond
	cfg.MaxRetries = 1 // few retries, so some calls fail and are counted
	cfg.Concurrency = 32
	c := newClient(t, cfg)
	var mu sync.Mutex
	outcomes := map[string]int{}
	done := 0
	for i := 0; i < 200; i++ {
		c.Submit(context.Background(), req(i), func(resp llm.Response, err error) {
			mu.Lock()
			defer mu.Unlock()
			done++
			switch {
			case err != nil:
				outcomes["error:"+llm.Reason(err)]++
			case resp.Truncated():
				outcomes["truncated"]++
			case resp.Content == "":
				outcomes["empty"]++
			default:
				outcomes["ok"]++
			}
		})
	}
	c.Wait()
	t.Logf("outcomes: %v; server: %+v", outcomes, s.Counts().ByFault)
	total := 0
	for k, n := range outcomes {
		total += n
		switch k {
		case "ok", "truncated", "error:" + llm.KindRateLimited, "error:" + llm.KindServer, "error:" + llm.KindTimeout, "error:" + llm.KindMalformed:
		default:
			t.Errorf("unexpected outcome %q (%d)", k, n)
		}
	}
	if done != 200 || total != 200 {
		t.Fatalf("done callbacks = %d, outcomes = %d, want 200", done, total)
	}
	if outcomes["ok"] < 150 || outcomes["ok"]+outcomes["truncated"] == 200 {
		t.Errorf("%d of 200 succeeded: want most, but not all, to succeed with one retry", outcomes["ok"])
	}
	st := c.Stats().Roles[llm.RoleGenerator]
	if st.Requests != int64(s.Total()) {
		t.Errorf("client sent %d requests, server saw %d", st.Requests, s.Total())
	}
	failed := 0
	for _, n := range st.Errors {
		failed += int(n)
	}
	if failed != total-outcomes["ok"]-outcomes["truncated"] {
		t.Errorf("stats errors %v disagree with outcomes %v", st.Errors, outcomes)
	}
}

func TestDownEndpointFailsWithErrEndpointDownAfterBoundedAttempts(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetDown(true)
	cfg := testConfig(s.URL())
	cfg.MaxRetries = 1000 // the breaker, not the retry budget, must end it
	cfg.BreakerFailures = 3
	cfg.BreakerPause = time.Second
	cfg.BreakerMaxOpen = 5 * time.Second
	clk := llm.NewVirtualClock()
	c := newClient(t, cfg, llm.WithClock(clk))

	_, err := c.Complete(context.Background(), req(0))
	if !errors.Is(err, llm.ErrEndpointDown) || !llm.Fatal(err) || llm.Reason(err) != llm.KindDown {
		t.Fatalf("err = %v, want ErrEndpointDown", err)
	}
	for _, want := range []string{s.URL(), "503"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	// 3 failures open the breaker; it probes once per 1s pause and latches
	// at the probe 5s after it opened: 3 + 5 attempts.
	if n := s.Total(); n < 3+4 || n > 3+6 {
		t.Errorf("attempts = %d, want about 8", n)
	}
	t.Logf("attempts before ErrEndpointDown: %d", s.Total())
	before := s.Total()
	for i := 0; i < 10; i++ {
		if _, err := c.Complete(context.Background(), req(i)); !errors.Is(err, llm.ErrEndpointDown) {
			t.Fatalf("call after latch: %v", err)
		}
	}
	if s.Total() != before {
		t.Errorf("calls after the breaker latched reached the server: %d -> %d", before, s.Total())
	}
	if st := c.Stats(); st.Breaker != "down" || st.BreakerOpens != 1 || st.Roles[llm.RoleGenerator].Errors[llm.KindDown] != 11 {
		t.Errorf("stats = %+v", st)
	}
}

func TestConcurrentCallsOnADownEndpointAllFailBounded(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetDown(true)
	cfg := testConfig(s.URL())
	cfg.MaxRetries = 1000
	cfg.BreakerFailures = 3
	cfg.BreakerPause = time.Second
	cfg.BreakerMaxOpen = 5 * time.Second
	cfg.Concurrency = 16
	c := newClient(t, cfg, llm.WithClock(llm.NewVirtualClock()))
	var down atomic.Int64
	for i := 0; i < 64; i++ {
		c.Submit(context.Background(), req(i), func(_ llm.Response, err error) {
			if errors.Is(err, llm.ErrEndpointDown) {
				down.Add(1)
			}
		})
	}
	c.Wait()
	if down.Load() != 64 {
		t.Fatalf("%d of 64 calls got ErrEndpointDown", down.Load())
	}
	// At most the 16 in-flight first attempts, plus retries racing the
	// opening, plus one probe per pause: far below 64 calls x 1001 attempts.
	if n := s.Total(); n > 16*3+10 {
		t.Errorf("server saw %d requests", n)
	}
}

func TestBreakerRecoversWhenTheEndpointComesBack(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetDown(true)
	cfg := testConfig(s.URL())
	cfg.MaxRetries = 100
	cfg.BreakerFailures = 3
	cfg.BreakerPause = time.Second
	cfg.BreakerMaxOpen = time.Minute
	clk := llm.NewVirtualClock()
	clk.OnWait = func(time.Duration) {
		if s.Total() >= 5 { // up again after 5 failed attempts (3 + 2 probes)
			s.SetDown(false)
		}
	}
	c := newClient(t, cfg, llm.WithClock(clk))
	resp, err := c.Complete(context.Background(), req(0))
	if err != nil || resp.Content == "" {
		t.Fatalf("call through an outage: %v", err)
	}
	st := c.Stats()
	if st.Breaker != "closed" || st.BreakerOpens != 1 {
		t.Errorf("breaker = %s, opens = %d", st.Breaker, st.BreakerOpens)
	}
	if _, err := c.Complete(context.Background(), req(1)); err != nil {
		t.Errorf("call after recovery: %v", err)
	}
}

func TestSecondPassOverALocalCacheMakesNoRequests(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.CacheDir = filepath.Join(t.TempDir(), "cache")
	first := map[int]string{}
	c1 := newClient(t, cfg)
	for i := 0; i < 20; i++ {
		r, err := c1.Complete(context.Background(), req(i))
		if err != nil || r.Cached {
			t.Fatalf("first pass %d: cached=%v err=%v", i, r.Cached, err)
		}
		first[i] = r.Content
	}
	c1.Close()
	if s.Total() != 20 {
		t.Fatalf("first pass: %d requests", s.Total())
	}
	c2 := newClient(t, cfg) // a new client, as on a rerun
	for i := 0; i < 20; i++ {
		r, err := c2.Complete(context.Background(), req(i))
		if err != nil || !r.Cached || r.Content != first[i] || r.Usage.PromptTokens == 0 {
			t.Fatalf("second pass %d: %+v %v", i, r, err)
		}
	}
	if s.Total() != 20 {
		t.Errorf("second pass made %d requests", s.Total()-20)
	}
	st := c2.Stats().Roles[llm.RoleGenerator]
	if st.CacheHits != 20 || st.CacheMisses != 0 || st.PromptTokens != 0 || st.CostUSD != 0 {
		t.Errorf("second-pass stats = %+v", st)
	}
	// Another sample of the same prompt is another cache entry.
	r := req(0)
	r.SampleIndex = 1
	if resp, err := c2.Complete(context.Background(), r); err != nil || resp.Cached || s.Total() != 21 {
		t.Errorf("sample 1: cached=%v err=%v requests=%d", resp.Cached, err, s.Total())
	}
	// Entries are sharded and no temp files are left behind.
	var files, temps int
	filepath.Walk(cfg.CacheDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files++
			if strings.Contains(filepath.Base(p), ".tmp-") {
				temps++
			}
			if rel, _ := filepath.Rel(cfg.CacheDir, p); strings.Count(rel, string(filepath.Separator)) != 2 {
				t.Errorf("entry %s is not sharded in two levels", rel)
			}
		}
		return nil
	})
	if files != 21 || temps != 0 {
		t.Errorf("cache holds %d files (%d temp), want 21", files, temps)
	}
}

func TestACorruptCacheEntryIsAMissNotAFailure(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.CacheDir = t.TempDir()
	c := newClient(t, cfg)
	if _, err := c.Complete(context.Background(), req(0)); err != nil {
		t.Fatal(err)
	}
	filepath.Walk(cfg.CacheDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.WriteFile(p, []byte("{not json"), 0o644)
		}
		return nil
	})
	resp, err := c.Complete(context.Background(), req(0))
	if err != nil || resp.Cached {
		t.Fatalf("after corruption: cached=%v err=%v", resp.Cached, err)
	}
	if st := c.Stats().Roles[llm.RoleGenerator]; st.CacheErrors != 1 || s.Total() != 2 {
		t.Errorf("cache errors = %d, requests = %d", st.CacheErrors, s.Total())
	}
	// The fresh answer overwrote the corrupt entry.
	if resp, err := c.Complete(context.Background(), req(0)); err != nil || !resp.Cached {
		t.Errorf("third call: cached=%v err=%v", resp.Cached, err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestSecondPassOverAGCSCacheMakesNoRequests(t *testing.T) {
	port := freePort(t)
	gcs, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		Scheme: "http", Host: "127.0.0.1", Port: uint16(port), PublicHost: fmt.Sprintf("127.0.0.1:%d", port),
		Writer: discard{},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer gcs.Stop()
	gcs.CreateBucketWithOpts(fakestorage.CreateBucketOpts{Name: "arrows-cache"})
	t.Setenv("STORAGE_EMULATOR_HOST", fmt.Sprintf("127.0.0.1:%d", port))

	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.CacheDir = "gs://arrows-cache/runs/r1"
	c1 := newClient(t, cfg)
	for i := 0; i < 10; i++ {
		if _, err := c1.Complete(context.Background(), req(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c1.Close(); err != nil {
		t.Fatal(err)
	}
	c2 := newClient(t, cfg)
	for i := 0; i < 10; i++ {
		r, err := c2.Complete(context.Background(), req(i))
		if err != nil || !r.Cached {
			t.Fatalf("second pass %d: cached=%v err=%v", i, r.Cached, err)
		}
	}
	if s.Total() != 10 {
		t.Errorf("server saw %d requests over two passes, want 10", s.Total())
	}
	// The entries are objects under the prefix.
	sc, err := storage.NewClient(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	it := sc.Bucket("arrows-cache").Objects(context.Background(), &storage.Query{Prefix: "runs/r1/"})
	n := 0
	for {
		_, err := it.Next()
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 10 {
		t.Errorf("bucket holds %d entries under runs/r1/, want 10", n)
	}
}

func TestRPMLimiterSpacesRequests(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.RPM = 600 // 10 per second, burst 10
	c := newClient(t, cfg)
	for i := 0; i < 30; i++ {
		c.Submit(context.Background(), req(i), func(_ llm.Response, err error) {
			if err != nil {
				t.Error(err)
			}
		})
	}
	c.Wait()
	e := s.Entries()
	if len(e) != 30 {
		t.Fatalf("server saw %d requests", len(e))
	}
	// A token bucket admits at most burst + rate*W requests in any window
	// W; unlimited, all 30 would arrive within a few milliseconds.
	maxIn := func(w time.Duration) int {
		best := 0
		for i := range e {
			n := 0
			for j := i; j < len(e) && e[j].Time.Sub(e[i].Time) < w; j++ {
				n++
			}
			best = max(best, n)
		}
		return best
	}
	if n := maxIn(time.Second); n > 10+10+1 {
		t.Errorf("%d requests within one second, limit allows 20", n)
	}
	if n := maxIn(300 * time.Millisecond); n > 10+3+1 {
		t.Errorf("%d requests within 300ms, limit allows 13", n)
	}
}

func TestSubmitKeepsAtMostConcurrencyRequestsInFlight(t *testing.T) {
	var inFlight, peak atomic.Int64
	slow := llmtest.ResponderFunc(func(kind string, msgs []llm.Message) (string, error) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		return "ok", nil
	})
	s := llmtest.NewServer(llmtest.Options{Responder: slow})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.Concurrency = 4
	c := newClient(t, cfg)
	var done atomic.Int64
	for i := 0; i < 24; i++ {
		c.Submit(context.Background(), req(i), func(r llm.Response, err error) {
			if err == nil && r.Content == "ok" {
				done.Add(1)
			}
		})
	}
	c.Wait()
	if done.Load() != 24 {
		t.Fatalf("%d of 24 calls succeeded", done.Load())
	}
	if p := peak.Load(); p > 4 || p < 2 {
		t.Errorf("peak in-flight requests = %d, want 2..4", p)
	}
}

// TestConnectionPoolHoldsConcurrencyConnections checks the HTTP pool keeps
// one idle connection per concurrent request: with net/http's default of 2
// per host, 64 concurrent clients would re-dial for almost every request.
func TestConnectionPoolHoldsConcurrencyConnections(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer, Latency: 20 * time.Millisecond})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.Concurrency = 32
	c := newClient(t, cfg)
	// Rounds of 32 simultaneous calls: all connections go idle together
	// between rounds, which is when a small pool closes them.
	for round := 0; round < 6; round++ {
		var wg sync.WaitGroup
		for i := 0; i < 32; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Complete(context.Background(), req(round*32+i)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	t.Logf("connections opened: %d for %d requests", s.Connections(), s.Total())
	if n := s.Connections(); n > 32+8 {
		t.Errorf("%d connections opened for %d requests at concurrency 32; the pool is not reusing them", n, s.Total())
	}
}

func TestCanceledCallsStopAndDoNotTripTheBreaker(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer, Latency: time.Second})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.BreakerFailures = 1
	c := newClient(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Complete(ctx, req(0))
	if llm.Reason(err) != llm.KindCanceled {
		t.Fatalf("err = %v, want canceled", err)
	}
	if st := c.Stats(); st.Breaker != "closed" {
		t.Errorf("breaker = %s after a caller's cancellation", st.Breaker)
	}
}

func TestStatsCountTokensAndCost(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.PricesPer1M = map[string]llm.Price{"gen-model": {Prompt: 1.5, Completion: 6}}
	c := newClient(t, cfg)
	var p, q int64
	for i := 0; i < 5; i++ {
		r, err := c.Complete(context.Background(), req(i))
		if err != nil {
			t.Fatal(err)
		}
		p += int64(r.Usage.PromptTokens)
		q += int64(r.Usage.CompletionTokens)
		if u := r.RecordUsage(); u.Calls != 1 || u.PromptTokens != int64(r.Usage.PromptTokens) {
			t.Errorf("record usage = %+v", u)
		}
	}
	rs := c.Stats().Roles[llm.RoleGenerator]
	want := (float64(p)*1.5 + float64(q)*6) / 1e6
	if rs.Calls != 5 || rs.PromptTokens != p || rs.CompletionTokens != q || rs.CostUSD < want*0.999 || rs.CostUSD > want*1.001 {
		t.Errorf("stats = %+v, want %d/%d tokens costing %g", rs, p, q, want)
	}
	if tot := c.Stats().Total(); tot.Calls != 5 || tot.CostUSD != rs.CostUSD {
		t.Errorf("total = %+v", tot)
	}
}

func TestAPIKeyReachesTheServerAndNothingElse(t *testing.T) {
	const key = "sk-arrows-TEST-7f3a9c2e51d04b88"
	t.Setenv("ARROWS_TEST_LLM_KEY", key)
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	cfg := testConfig(s.URL())
	cfg.APIKeyEnv = "ARROWS_TEST_LLM_KEY"
	cfg.CacheDir = t.TempDir()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.BreakerFailures = 2
	c := newClient(t, cfg, llm.WithLogger(logger))
	if _, err := c.Complete(context.Background(), req(0)); err != nil {
		t.Fatal(err)
	}
	if got := s.AuthHeaders(); len(got) != 1 || got[0] != "Bearer "+key {
		t.Fatalf("server saw Authorization %q", got)
	}
	// A server that echoes the key in its error message (as some do).
	bad := llmtest.NewServer(llmtest.Options{Responder: answer, RequireKey: "sk-other"})
	defer bad.Close()
	cfg2 := cfg
	cfg2.BaseURL = bad.URL()
	cfg2.CacheDir = ""
	c2 := newClient(t, cfg2, llm.WithLogger(logger))
	_, err := c2.Complete(context.Background(), req(1))
	if !errors.Is(err, llm.ErrEndpointRefused) || !llm.Fatal(err) {
		t.Fatalf("401: err = %v, want ErrEndpointRefused", err)
	}
	if !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("the echoed key was not redacted: %v", err)
	}

	cfgJSON, _ := json.Marshal(cfg)
	statsJSON, _ := json.Marshal(c.Stats())
	places := map[string]string{
		"json.Marshal(cfg)":  string(cfgJSON),
		"Stats":              string(statsJSON),
		"logs":               logs.String(),
		"401 error":          err.Error(),
		"fmt %+v of client":  fmt.Sprintf("%+v %#v", c, c),
		"fmt %v of Config()": fmt.Sprintf("%+v", c.Config()),
	}
	filepath.Walk(cfg.CacheDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			places["cache entry "+filepath.Base(p)] = string(b)
		}
		return nil
	})
	for where, text := range places {
		if strings.Contains(text, key) || strings.Contains(text, key[8:]) {
			t.Errorf("the API key appears in %s", where)
		}
	}
	if !strings.Contains(string(cfgJSON), "ARROWS_TEST_LLM_KEY") {
		t.Errorf("config JSON lost the variable name: %s", cfgJSON)
	}
}

func TestMissingKeyVariableIsAnErrorNamingIt(t *testing.T) {
	cfg := testConfig("http://127.0.0.1:1/v1")
	cfg.APIKeyEnv = "ARROWS_TEST_UNSET_KEY_VAR"
	os.Unsetenv(cfg.APIKeyEnv)
	_, err := llm.NewClient(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "ARROWS_TEST_UNSET_KEY_VAR") {
		t.Fatalf("err = %v", err)
	}
}

func TestConfigSurvivesAJSONRoundTrip(t *testing.T) {
	cfg := testConfig("http://localhost:8000/v1")
	cfg.Sampling = map[llm.Role]llm.Sampling{llm.RoleGenerator: {Temperature: 0.7, TopP: 0.9, MaxTokens: 1024, N: 4}}
	cfg.PricesPer1M = map[string]llm.Price{"m": {Prompt: 0.15, Completion: 0.6}}
	cfg.RPM, cfg.TPM, cfg.CacheDir = 500, 200000, "gs://b/p"
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var back llm.Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Errorf("round trip changed the config:\n%s\n%s", b, b2)
	}
}
