package llm

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Breaker states.
const (
	breakerClosed   = "closed"
	breakerOpen     = "open"
	breakerHalfOpen = "half_open"
	breakerDown     = "down" // latched: open longer than maxOpen
)

// breaker is a circuit breaker over one endpoint. It opens after
// `failures` consecutive failed attempts, lets one probe through after
// `pause`, closes on a successful probe, and latches "down" when a probe
// fails more than maxOpen after the outage began. While open, callers wait
// (they do not spend retries); once down, every call fails fast.
type breaker struct {
	clock    Clock
	log      *slog.Logger
	failures int
	pause    time.Duration
	maxOpen  time.Duration
	baseURL  string

	mu          sync.Mutex
	state       string
	consecutive int
	outageStart time.Time
	openUntil   time.Time
	probing     bool
	lastErr     string
	changed     chan struct{} // closed and replaced on every state change
	opens       int64
}

func newBreaker(cfg Config, clock Clock, log *slog.Logger) *breaker {
	return &breaker{
		clock: clock, log: log,
		failures: cfg.BreakerFailures, pause: cfg.BreakerPause, maxOpen: cfg.BreakerMaxOpen,
		baseURL: cfg.BaseURL,
		state:   breakerClosed, changed: make(chan struct{}),
	}
}

func (b *breaker) enabled() bool { return b.failures > 0 }

// setState changes state and wakes every waiter. Caller holds mu.
func (b *breaker) setState(s string) {
	if b.state != s {
		b.log.Info("llm circuit breaker", "endpoint", b.baseURL, "from", b.state, "to", s, "last_error", b.lastErr)
	}
	b.state = s
	close(b.changed)
	b.changed = make(chan struct{})
}

// downError is the error every call gets once the breaker latched.
func (b *breaker) downError() error {
	return fmt.Errorf("%w: %s failed for longer than %s (breaker_max_open); last error: %s",
		ErrEndpointDown, b.baseURL, b.maxOpen, b.lastErr)
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
			err := b.downError()
			b.mu.Unlock()
			return false, err
		case breakerClosed:
			b.mu.Unlock()
			return false, nil
		case breakerOpen:
			if !now.Before(b.openUntil) {
				b.probing = true
				b.setState(breakerHalfOpen)
				b.mu.Unlock()
				return true, nil
			}
			wait = b.openUntil.Sub(now)
		case breakerHalfOpen:
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
	b.consecutive = 0
	if probe {
		b.probing = false
	}
	if b.state == breakerOpen || b.state == breakerHalfOpen {
		b.setState(breakerClosed)
	}
}

// failure records a failed attempt that counts against the endpoint.
func (b *breaker) failure(probe bool, msg string) {
	if !b.enabled() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lastErr = msg
	now := b.clock.Now()
	switch b.state {
	case breakerClosed:
		b.consecutive++
		if b.consecutive >= b.failures {
			b.outageStart = now
			b.openUntil = now.Add(b.pause)
			b.opens++
			b.setState(breakerOpen)
		}
	case breakerHalfOpen:
		if !probe {
			return // a straggler from before the breaker opened
		}
		b.probing = false
		if now.Sub(b.outageStart) >= b.maxOpen {
			b.setState(breakerDown)
			return
		}
		b.openUntil = now.Add(b.pause)
		b.setState(breakerOpen)
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
