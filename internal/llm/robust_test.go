package llm_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
)

// logLines collects the lines a client logs through WithLogFunc.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) add(level slog.Level, line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, level.String()+" "+line)
}

// with returns the lines at level that contain s.
func (l *logLines) with(level slog.Level, s string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range l.lines {
		if strings.HasPrefix(line, level.String()+" ") && strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return out
}

func (l *logLines) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// TestAHungEndpointFailsEveryCallWithOneClearError runs calls against a
// server that accepts every request and never answers, with a 200 ms
// timeout and a 1 s outage limit: every call must fail with one line naming
// the endpoint, how long it was unreachable and what the requests saw, and
// no request may reach the server once that happened.
func TestAHungEndpointFailsEveryCallWithOneClearError(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetHang(true)
	cfg := testConfig(s.URL())
	cfg.RequestTimeout = 200 * time.Millisecond
	cfg.MaxRetries = 1000 // the outage limit, not the retry budget, must end it
	cfg.BreakerFailures = 3
	cfg.BreakerPause = 100 * time.Millisecond
	cfg.MaxOutage = time.Second
	cfg.Concurrency = 8
	var logs logLines
	c := newClient(t, cfg, llm.WithLogFunc(logs.add))

	const calls = 40
	errs := make([]error, calls)
	for i := 0; i < calls; i++ {
		c.Submit(context.Background(), req(i), func(_ llm.Response, err error) { errs[i] = err })
	}
	c.Wait()
	for i, err := range errs {
		if !errors.Is(err, llm.ErrEndpointDown) || !llm.Fatal(err) || llm.Reason(err) != llm.KindDown {
			t.Fatalf("call %d: %v, want ErrEndpointDown", i, err)
		}
	}
	msg := errs[0].Error()
	t.Logf("error: %s", msg)
	sent := s.Total()
	for _, want := range []string{"llm endpoint down: " + s.URL() + " unreachable for 1", "(max outage 1s)",
		fmt.Sprintf("%d requests failed, all timed out after 200ms", sent), "; last error: timeout: ", "context deadline exceeded"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q", want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("the error is more than one line")
	}
	// 8 first attempts (the in-flight ones), then one probe per 100 ms
	// pause plus its 200 ms timeout until 1 s: about 3 more.
	if sent < 8 || sent > 8+10 {
		t.Errorf("%d requests before the run failed, want 8 to 18", sent)
	}
	for i := 0; i < 20; i++ {
		if _, err := c.Complete(context.Background(), req(100+i)); !errors.Is(err, llm.ErrEndpointDown) {
			t.Fatalf("call after the outage limit: %v", err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	if s.Total() != sent {
		t.Errorf("calls after the outage limit reached the server: %d -> %d", sent, s.Total())
	}
	if st := c.Stats(); st.Breaker != "down" || st.BreakerOpens != 1 {
		t.Errorf("breaker %s opened %d times, want down after 1", st.Breaker, st.BreakerOpens)
	}

	// The log: one WARN when the outage began, one ERROR with the error,
	// and nothing at INFO per probe.
	if w := logs.with(slog.LevelWarn, "LLM endpoint "+s.URL()+" is not answering"); len(w) != 1 ||
		!strings.Contains(w[0], "timed out after 200ms") || !strings.Contains(w[0], "fails if it stays unreachable for 1s") {
		t.Errorf("WARN lines at the opening: %q", w)
	}
	if e := logs.with(slog.LevelError, msg); len(e) != 1 {
		t.Errorf("ERROR lines with the error: %q", e)
	}
	if n := len(logs.all()); n > 3 {
		t.Errorf("%d log lines for one outage: %q", n, logs.all())
	}
}

// TestOutageIsReportedEveryMinuteAndEndsAtMaxOutage drives the client with
// a virtual clock against a server answering 503: a WARN line when the
// breaker opens, one per minute while the outage lasts, and the run fails
// at max_outage (3 minutes by default), naming what the requests saw.
func TestOutageIsReportedEveryMinuteAndEndsAtMaxOutage(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetDown(true)
	cfg := testConfig(s.URL())
	cfg.MaxRetries = 1000
	cfg.BreakerFailures = 4
	cfg.BreakerPause = 10 * time.Second
	if cfg.MaxOutage != 3*time.Minute {
		t.Fatalf("default max outage %s, want 3m", cfg.MaxOutage)
	}
	clk := llm.NewVirtualClock()
	var logs logLines
	c := newClient(t, cfg, llm.WithClock(clk), llm.WithLogFunc(logs.add))
	_, err := c.Complete(context.Background(), req(0))
	if !errors.Is(err, llm.ErrEndpointDown) {
		t.Fatalf("err = %v", err)
	}
	// 4 failures open it; probes at 10 s, 20 s, ... 170 s; down at 180 s.
	want := fmt.Sprintf("llm endpoint down: %s unreachable for 3m0s (max outage 3m0s): %d requests failed, all answered HTTP 503; last error: server_error: ",
		s.URL(), s.Total())
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n%s\nwant prefix\n%s", err, want)
	}
	if n := s.Total(); n != 4+17 {
		t.Errorf("%d requests, want 4 + 17 probes", n)
	}
	warns := logs.with(slog.LevelWarn, "LLM endpoint "+s.URL())
	if len(warns) != 3 || !strings.Contains(warns[0], "is not answering: 4 requests failed, all answered HTTP 503") ||
		!strings.Contains(warns[1], "still unreachable after 1m0s") || !strings.Contains(warns[1], "2m0s more") ||
		!strings.Contains(warns[2], "still unreachable after 2m0s") {
		t.Errorf("WARN lines:\n%s", strings.Join(warns, "\n"))
	}
	if len(logs.with(slog.LevelInfo, "")) != 0 {
		t.Errorf("INFO lines during an outage: %q", logs.with(slog.LevelInfo, ""))
	}
}

func TestAnEndpointThatComesBackIsLoggedAndTheOutageForgotten(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetDown(true)
	cfg := testConfig(s.URL())
	cfg.MaxRetries = 1000
	cfg.BreakerFailures = 3
	cfg.BreakerPause = 10 * time.Second
	cfg.MaxOutage = 3 * time.Minute
	clk := llm.NewVirtualClock()
	clk.OnWait = func(time.Duration) {
		if s.Total() >= 3+10 { // back after 10 failed probes (about 100 s)
			s.SetDown(false)
		}
	}
	var logs logLines
	c := newClient(t, cfg, llm.WithClock(clk), llm.WithLogFunc(logs.add))
	if _, err := c.Complete(context.Background(), req(0)); err != nil {
		t.Fatalf("a call through a 100 s outage: %v", err)
	}
	if info := logs.with(slog.LevelInfo, "answers again after 1m"); len(info) != 1 {
		t.Errorf("INFO lines on recovery: %q", logs.all())
	}
	// A second outage starts its own clock: 100 s + 100 s would pass the
	// 3 minute limit if the first were still counted.
	clk.OnWait = nil
	s.SetDown(true)
	back := s.Total() + 3 + 10
	clk.OnWait = func(time.Duration) {
		if s.Total() >= back {
			s.SetDown(false)
		}
	}
	if _, err := c.Complete(context.Background(), req(1)); err != nil {
		t.Fatalf("a call through a second 100 s outage: %v", err)
	}
	if st := c.Stats(); st.BreakerOpens != 2 || st.Breaker != "closed" {
		t.Errorf("breaker %s opened %d times", st.Breaker, st.BreakerOpens)
	}
}

// TestARunawayReplyIsRefusedWithoutHoldingIt sends a 50 MB completion: the
// call must fail with reply_too_large after one attempt, having allocated
// a small fraction of what reading even an 8 MB reply takes (measured in
// the same run, with a limit above that reply's size).
func TestARunawayReplyIsRefusedWithoutHoldingIt(t *testing.T) {
	const huge, baseSize = 50 << 20, 8 << 20
	allocs := func(t *testing.T, size int, declare bool, maxReply int64) (uint64, error, *llmtest.Server) {
		s := llmtest.NewServer(llmtest.Options{Responder: answer, Faults: llmtest.Faults{Huge: 1}, HugeBytes: size, HugeDeclareLength: declare})
		t.Cleanup(s.Close)
		cfg := testConfig(s.URL())
		cfg.MaxReplyBytes = maxReply
		cfg.MaxRetries = 3
		c := newClient(t, cfg)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		resp, err := c.Complete(context.Background(), req(0))
		runtime.ReadMemStats(&after)
		if err == nil && len(resp.Content) < size {
			t.Fatalf("reply of %d bytes", len(resp.Content))
		}
		return after.TotalAlloc - before.TotalAlloc, err, s
	}
	base, err, _ := allocs(t, baseSize, false, 2*baseSize)
	if err != nil {
		t.Fatalf("an 8 MB reply with a 16 MiB limit: %v", err)
	}
	t.Logf("reading an 8 MB reply allocated %d MB", base>>20)
	for _, declare := range []bool{false, true} {
		t.Run(fmt.Sprintf("Content-Length declared: %v", declare), func(t *testing.T) {
			got, err, s := allocs(t, huge, declare, 0) // the default limit, 256 KiB
			var e *llm.Error
			if !errors.As(err, &e) || e.Kind != llm.KindTooLarge || e.Attempts != 1 || !errors.Is(err, llm.ErrReplyTooLarge) || llm.Fatal(err) {
				t.Fatalf("err = %v, want one attempt failing with reply_too_large", err)
			}
			if llm.Reason(err) != "reply_too_large" || !strings.Contains(err.Error(), "max_reply_bytes (262144)") {
				t.Errorf("reason %q, error %q", llm.Reason(err), err)
			}
			if n := s.Total(); n != 1 {
				t.Errorf("%d requests, want 1 (no retry)", n)
			}
			if w := s.Entries()[0].Written; w >= huge {
				t.Errorf("the server wrote all %d bytes", w)
			}
			t.Logf("refusing the 50 MB reply allocated %d KB (%.3f of the 8 MB baseline); the server wrote %d KB before the client hung up",
				got>>10, float64(got)/float64(base), s.Entries()[0].Written>>10)
			if got > base/4 {
				t.Errorf("refusing a 50 MB reply allocated %d bytes, reading an 8 MB one %d: the reply was held", got, base)
			}
		})
	}
}

func TestConfigDefaultsAndTheDeprecatedOutageName(t *testing.T) {
	d := llm.DefaultConfig()
	if d.MaxReplyBytes != 256<<10 || d.MaxOutage != 3*time.Minute {
		t.Errorf("defaults: max reply %d, max outage %s", d.MaxReplyBytes, d.MaxOutage)
	}
	cases := []struct {
		name            string
		outage, maxOpen time.Duration
		want            time.Duration
	}{
		{"max_outage alone", time.Minute, 0, time.Minute},
		{"breaker_max_open alone (old configs)", 0, 5 * time.Second, 5 * time.Second},
		{"both: the shorter", 3 * time.Minute, 300 * time.Millisecond, 300 * time.Millisecond},
		{"neither: the default", 0, 0, 3 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig("http://127.0.0.1:1/v1")
			cfg.MaxOutage, cfg.BreakerMaxOpen, cfg.MaxReplyBytes = tc.outage, tc.maxOpen, 0
			c := newClient(t, cfg)
			if got := c.Config(); got.MaxOutage != tc.want || got.MaxReplyBytes != llm.DefaultMaxReplyBytes {
				t.Errorf("effective max outage %s max reply %d, want %s and the default", got.MaxOutage, got.MaxReplyBytes, tc.want)
			}
		})
	}
}

// TestAFewCallsOnAHungEndpointStillFailTheRun checks that a run of few rows
// does not end with its calls out of retries (rows rejected as timeouts, a
// "successful" run): once the breaker is open, failed probes do not spend
// retries, so the calls wait for the outage limit and fail it.
func TestAFewCallsOnAHungEndpointStillFailTheRun(t *testing.T) {
	s := llmtest.NewServer(llmtest.Options{Responder: answer})
	defer s.Close()
	s.SetHang(true)
	cfg := testConfig(s.URL())
	cfg.RequestTimeout = 100 * time.Millisecond
	cfg.MaxRetries = 2 // 3 attempts each: 2 calls open the breaker (4 failures)...
	cfg.BreakerFailures = 4
	cfg.BreakerPause = 50 * time.Millisecond
	cfg.MaxOutage = 1500 * time.Millisecond // ...and probes go on well past 3 attempts
	c := newClient(t, cfg)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Complete(context.Background(), req(i))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if !llm.Fatal(err) || !strings.Contains(err.Error(), "unreachable for") {
			t.Errorf("call %d: %v, want the endpoint-down error", i, err)
		}
	}
	if n := s.Total(); n <= 2*(cfg.MaxRetries+1) {
		t.Errorf("%d requests: the probes stopped with the retry budget", n)
	}
}
