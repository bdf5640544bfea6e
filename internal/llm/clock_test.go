package llm

import (
	"sync"
	"time"
)

// VirtualClock is a test clock whose time moves only when someone waits:
// After(d) advances the clock by d and fires at once. It records every
// wait, and calls OnWait (if set) after advancing. Exported for the
// external llm_test package.
type VirtualClock struct {
	mu     sync.Mutex
	now    time.Time
	waits  []time.Duration
	OnWait func(d time.Duration)
}

// NewVirtualClock starts a virtual clock at a fixed instant.
func NewVirtualClock() *VirtualClock {
	return &VirtualClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// Now returns the virtual time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After advances the virtual time by d and returns a fired channel.
func (c *VirtualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	c.waits = append(c.waits, d)
	now, hook := c.now, c.OnWait
	c.mu.Unlock()
	if hook != nil {
		hook(d)
	}
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

// Advance moves the clock forward without a waiter.
func (c *VirtualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Waits returns every duration waited so far.
func (c *VirtualClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
