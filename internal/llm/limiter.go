package llm

import (
	"context"
	"sync"
	"time"
)

// bucket is a token bucket that may go into debt: a reservation always
// succeeds and returns how long the caller must wait, so waiters are served
// in reservation order and a request larger than the burst still passes.
type bucket struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
}

// newBucket returns a bucket refilling perMinute tokens per minute with a
// burst of one second's worth (at least one token), starting full.
func newBucket(perMinute int, now time.Time) *bucket {
	rate := float64(perMinute) / 60
	burst := rate
	if burst < 1 {
		burst = 1
	}
	return &bucket{rate: rate, burst: burst, tokens: burst, last: now}
}

func (b *bucket) refill(now time.Time) {
	if now.After(b.last) {
		b.tokens += b.rate * now.Sub(b.last).Seconds()
		if b.tokens > b.burst {
			b.tokens = b.burst
		}
		b.last = now
	}
}

// reserve takes n tokens and returns how long to wait before using them.
func (b *bucket) reserve(now time.Time, n float64) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	b.tokens -= n
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}

// adjust returns (n > 0) or charges (n < 0) tokens after the fact.
func (b *bucket) adjust(now time.Time, n float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	b.tokens += n
	if b.tokens > b.burst {
		b.tokens = b.burst
	}
}

// limiter enforces per-endpoint RPM and TPM limits.
type limiter struct {
	clock Clock
	rpm   *bucket // nil = unlimited
	tpm   *bucket // nil = unlimited
}

func newLimiter(rpm, tpm int, clock Clock) *limiter {
	l := &limiter{clock: clock}
	now := clock.Now()
	if rpm > 0 {
		l.rpm = newBucket(rpm, now)
	}
	if tpm > 0 {
		l.tpm = newBucket(tpm, now)
	}
	return l
}

// estimateTokens estimates prompt tokens as characters / 4.
func estimateTokens(msgs []Message) int {
	n := 0
	for _, m := range msgs {
		n += len(m.Content) + len(m.Role) + 4
	}
	return n/4 + 1
}

// wait blocks until one request of about estTokens tokens may be sent. On
// a context error the reservation is given back.
func (l *limiter) wait(ctx context.Context, estTokens int) error {
	now := l.clock.Now()
	var d time.Duration
	if l.rpm != nil {
		d = max(d, l.rpm.reserve(now, 1))
	}
	if l.tpm != nil {
		d = max(d, l.tpm.reserve(now, float64(estTokens)))
	}
	if err := sleep(ctx, l.clock, d); err != nil {
		now = l.clock.Now()
		if l.rpm != nil {
			l.rpm.adjust(now, 1)
		}
		if l.tpm != nil {
			l.tpm.adjust(now, float64(estTokens))
		}
		return err
	}
	return nil
}

// correct charges the difference between the tokens a call really used and
// the estimate made before it.
func (l *limiter) correct(estTokens, actualTokens int) {
	if l.tpm == nil || actualTokens <= 0 {
		return
	}
	l.tpm.adjust(l.clock.Now(), float64(estTokens-actualTokens))
}
