// Package progress counts the rows of local runs for their live progress
// line. The launcher registers a key and puts it in the job's
// configuration; the job's progress taps, running in the same process
// (prism), count into it. On any other worker the key is not registered
// and counting does nothing. Nothing in the pipelines reads the counts.
//
// The package is pure Go (no Beam).
package progress

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Counts is a snapshot of a run's progress: rows that reached a verdict
// (verified, or rejected at any stage up to verification) and how many of
// them were verified, and when the first and the last of them did (zero
// before the first).
type Counts struct {
	Done        int64
	Verified    int64
	First, Last time.Time
}

// runs is process-local state for the progress line of local runs only.
var runs = struct {
	mu sync.Mutex
	m  map[string]*Counts
}{m: map[string]*Counts{}}

// Register starts counting for a fresh key in this process and returns it
// with the function that stops counting.
func Register() (key string, unregister func()) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	key = "run-" + hex.EncodeToString(b[:])
	runs.mu.Lock()
	defer runs.mu.Unlock()
	runs.m[key] = &Counts{}
	return key, func() {
		runs.mu.Lock()
		defer runs.mu.Unlock()
		delete(runs.m, key)
	}
}

// Of returns the counts of a registered key (zero for any other).
func Of(key string) Counts {
	runs.mu.Lock()
	defer runs.mu.Unlock()
	if c := runs.m[key]; c != nil {
		return *c
	}
	return Counts{}
}

// Add counts one row that reached its verdict under key, if key is
// registered in this process.
func Add(key string, verified bool) {
	runs.mu.Lock()
	defer runs.mu.Unlock()
	c := runs.m[key]
	if c == nil {
		return
	}
	now := time.Now()
	if c.Done == 0 {
		c.First = now
	}
	c.Last = now
	c.Done++
	if verified {
		c.Verified++
	}
}
