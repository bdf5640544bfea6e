package llm

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Breaker states.
const (
	breakerClosed   = "closed"
	breakerOpen     = "open"
	breakerHalfOpen = "half_open"
	breakerDown     = "down" // latched: unreachable longer than maxOutage
)

// outageWarnEvery is how often a WARN line reports an outage that goes on.
const outageWarnEvery = time.Minute

// breaker is a circuit breaker over one endpoint. It opens after
// `failures` consecutive failed attempts, lets one probe through every
// `pause`, closes on a successful probe, and latches "down" once the outage
// has lasted maxOutage (measured from when the first of the failed attempts
// was sent). While open, callers wait (they do not spend retries); once
// down, every call fails fast with an error saying what was seen.
//
// It logs a WARN line when it opens, another at most once a minute while the
// outage lasts, an INFO line when the endpoint answers again and an ERROR
// line when it latches down. The transitions between open and half-open
// (one per probe) are DEBUG.
type breaker struct {
	clock     Clock
	log       *slog.Logger
	failures  int
	pause     time.Duration
	maxOutage time.Duration
	timeout   time.Duration // Config.RequestTimeout, to describe timeouts
	baseURL   string

	mu          sync.Mutex
	state       string
	consecutive int
	lastSuccess time.Time
	openUntil   time.Time
	probing     bool
	lastErr     string
	changed     chan struct{} // closed and replaced on every state change
	opens       int64

	// The current outage: from the send time of the first of the
	// consecutive failed attempts; what the failed attempts saw.
	outageStart time.Time
	failed      int
	causes      map[string]int
	lastWarn    time.Time
	downErr     error
}

func newBreaker(cfg Config, clock Clock, log *slog.Logger) *breaker {
	return &breaker{
		clock: clock, log: log,
		failures: cfg.BreakerFailures, pause: cfg.BreakerPause, maxOutage: cfg.maxOutage(),
		timeout: cfg.RequestTimeout, baseURL: cfg.BaseURL,
		state: breakerClosed, changed: make(chan struct{}),
	}
}

func (b *breaker) enabled() bool { return b.failures > 0 }

// setState changes state and wakes every waiter. Caller holds mu.
func (b *breaker) setState(s string) {
	if b.state != s {
		b.log.Debug("llm circuit breaker", "endpoint", b.baseURL, "from", b.state, "to", s, "last_error", b.lastErr)
	}
	b.state = s
	close(b.changed)
	b.changed = make(chan struct{})
}

// failure describes one failed attempt that counts against the endpoint.
type failure struct {
	started time.Time // when the attempt was sent
	kind    string    // Kind* of the attempt
	status  int       // HTTP status, 0 if none
	msg     string    // the error, for the last-error text
}

// cause is how an outage report names what a failed attempt saw.
func (b *breaker) cause(f failure) string {
	switch {
	case f.status != 0:
		return fmt.Sprintf("answered HTTP %d", f.status)
	case f.kind == KindTimeout:
		return fmt.Sprintf("timed out after %s", roundDuration(b.timeout))
	case f.kind == KindConnection:
		return "failed to connect or lost the connection"
	case f.kind == KindMalformed:
		return "sent a malformed reply"
	}
	return "failed (" + f.kind + ")"
}

// roundDuration rounds d for messages: to the second from 10s on, else to
// the millisecond.
func roundDuration(d time.Duration) time.Duration {
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// summary says what the failed attempts of the outage saw, e.g. "74
// requests failed, all timed out after 2s" or "9 requests failed: 6
// answered HTTP 503, 3 timed out after 2s". Caller holds mu.
func (b *breaker) summary() string {
	noun := "requests"
	if b.failed == 1 {
		noun = "request"
	}
	if len(b.causes) == 1 {
		for c := range b.causes {
			if b.failed == 1 {
				return fmt.Sprintf("1 request failed, it %s", c)
			}
			return fmt.Sprintf("%d %s failed, all %s", b.failed, noun, c)
		}
	}
	keys := make([]string, 0, len(b.causes))
	for c := range b.causes {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(i, j int) bool {
		if b.causes[keys[i]] != b.causes[keys[j]] {
			return b.causes[keys[i]] > b.causes[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, c := range keys {
		parts[i] = fmt.Sprintf("%d %s", b.causes[c], c)
	}
	return fmt.Sprintf("%d %s failed: %s", b.failed, noun, strings.Join(parts, ", "))
}

// latch switches to down, builds the error every call gets from now on and
// logs it. Caller holds mu.
func (b *breaker) latch(now time.Time) {
	b.downErr = fmt.Errorf("%w: %s unreachable for %s (max outage %s): %s; last error: %s",
		ErrEndpointDown, b.baseURL, roundDuration(now.Sub(b.outageStart)), roundDuration(b.maxOutage), b.summary(), b.lastErr)
	b.log.Error(b.downErr.Error())
	b.setState(breakerDown)
}

// warnIfDue logs how the outage goes, at most once per outageWarnEvery.
// Caller holds mu.
func (b *breaker) warnIfDue(now time.Time) {
	if now.Sub(b.lastWarn) < outageWarnEvery {
		return
	}
	b.lastWarn = now
	left := b.maxOutage - now.Sub(b.outageStart)
	b.log.Warn(fmt.Sprintf("LLM endpoint %s still unreachable after %s: %s; the run fails if it stays so for %s more (max outage %s); last error: %s",
		b.baseURL, roundDuration(now.Sub(b.outageStart)), b.summary(), roundDuration(max(left, 0)), roundDuration(b.maxOutage), b.lastErr))
}

// overdue reports whether the outage has lasted maxOutage. Caller holds mu.
func (b *breaker) overdue(now time.Time) bool {
	return !b.outageStart.IsZero() && now.Sub(b.outageStart) >= b.maxOutage
}

// allow blocks until an attempt may be made. probe reports that this
// attempt is the half-open probe, whose outcome must be reported.
func (b *breaker) allow(ctx context.Context) (probe bool, err error) {
	if !b.enabled() {
		return false, nil
	}
	for {
		b.mu.Lock()
		now := b.clock.Now()
		var wait time.Duration
		switch b.state {
		case breakerDown:
			err := b.downErr
			b.mu.Unlock()
			return false, err
		case breakerClosed:
			b.mu.Unlock()
			return false, nil
		case breakerOpen:
			if b.overdue(now) {
				b.latch(now) // the last probe failed and time is up
				err := b.downErr
				b.mu.Unlock()
				return false, err
			}
			b.warnIfDue(now)
			if !now.Before(b.openUntil) {
				b.probing = true
				b.setState(breakerHalfOpen)
				b.mu.Unlock()
				return true, nil
			}
			wait = min(b.openUntil.Sub(now), b.outageStart.Add(b.maxOutage).Sub(now))
		case breakerHalfOpen:
			b.warnIfDue(now)
			if !b.probing {
				b.probing = true
				b.mu.Unlock()
				return true, nil
			}
			wait = b.pause // safety net; normally woken by the probe's outcome
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ch:
		case <-b.clock.After(wait):
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// success records an attempt that reached a working endpoint.
func (b *breaker) success(probe bool) {
	if !b.enabled() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	b.consecutive = 0
	b.lastSuccess = now
	if probe {
		b.probing = false
	}
	if b.state == breakerOpen || b.state == breakerHalfOpen {
		b.log.Info(fmt.Sprintf("LLM endpoint %s answers again after %s (%s)", b.baseURL, roundDuration(now.Sub(b.outageStart)), b.summary()))
		b.setState(breakerClosed)
	}
	if b.state == breakerClosed {
		b.outageStart, b.failed, b.causes = time.Time{}, 0, nil
	}
}

// failure records a failed attempt that counts against the endpoint.
func (b *breaker) failure(probe bool, f failure) {
	if !b.enabled() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == breakerDown {
		return
	}
	now := b.clock.Now()
	b.lastErr = f.msg
	start := f.started
	if start.Before(b.lastSuccess) {
		start = b.lastSuccess // the endpoint answered after this attempt was sent
	}
	if b.outageStart.IsZero() || start.Before(b.outageStart) {
		b.outageStart = start
	}
	b.failed++
	if b.causes == nil {
		b.causes = map[string]int{}
	}
	b.causes[b.cause(f)]++
	switch b.state {
	case breakerClosed:
		b.consecutive++
		if b.consecutive >= b.failures {
			b.openUntil = now.Add(b.pause)
			b.opens++
			b.lastWarn = now
			b.log.Warn(fmt.Sprintf("LLM endpoint %s is not answering: %s since %s; calls wait, one probe every %s; the run fails if it stays unreachable for %s (max outage); last error: %s",
				b.baseURL, b.summary(), b.outageStart.Format(time.TimeOnly), roundDuration(b.pause), roundDuration(b.maxOutage), b.lastErr))
			b.setState(breakerOpen)
			if b.overdue(now) {
				b.latch(now)
			}
		}
	case breakerOpen:
		// A straggler sent before the breaker opened.
		if b.overdue(now) {
			b.latch(now)
		}
	case breakerHalfOpen:
		if !probe {
			return // a straggler from before the breaker opened
		}
		b.probing = false
		if b.overdue(now) {
			b.latch(now)
			return
		}
		b.openUntil = now.Add(b.pause)
		b.setState(breakerOpen)
		b.warnIfDue(now)
	}
}

// release gives back a probe slot whose attempt ended without a verdict
// (the caller's context ended).
func (b *breaker) release(probe bool) {
	if !b.enabled() || !probe {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
	if b.state == breakerHalfOpen {
		b.setState(breakerHalfOpen)
	}
}

// snapshot returns the state and how many times the breaker opened.
func (b *breaker) snapshot() (string, int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state, b.opens
}

// statusOf is the HTTP status a failure report carries: none for
// transport-level failures.
func statusOf(a attemptError) int {
	if a.status >= http.StatusBadRequest {
		return a.status
	}
	return 0
}
