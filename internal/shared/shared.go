// Package shared shares expensive resources among the users in one process
// that ask for the same configuration: Beam makes a DoFn instance per
// concurrent bundle, and a sandbox pool, LLM client or decontamination
// index per instance would start more Python servers than there are cores,
// split one endpoint's rate limit and circuit breaker, or load one index
// many times.
//
// A Registry is keyed by the whole configuration (its JSON encoding), so
// two users share a value only when every setting it was built from is
// equal. Values are reference counted; the last release closes the value.
//
// The package is pure Go (no Beam).
package shared

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// Registry shares values of type V built from configurations of type C.
// The zero value is not usable; use NewRegistry.
type Registry[C, V any] struct {
	open  func(context.Context, C) (V, error)
	close func(V)

	mu      sync.Mutex
	entries map[string]*entry[V]
}

type entry[V any] struct {
	v    V
	refs int
}

// NewRegistry returns a registry that builds values with open and closes
// them with close (nil: nothing to close).
func NewRegistry[C, V any](open func(context.Context, C) (V, error), close func(V)) *Registry[C, V] {
	return &Registry[C, V]{open: open, close: close, entries: map[string]*entry[V]{}}
}

// Key is the registry key of a configuration: its JSON encoding, which
// covers every exported field (maps in key order).
func Key[C any](cfg C) (string, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("shared: configuration key: %w", err)
	}
	return string(b), nil
}

// Acquire returns the value for cfg, building it on first use, and the
// function that releases this reference (calling it more than once
// releases it once). A failed build is not remembered: the next Acquire
// tries again.
func (r *Registry[C, V]) Acquire(ctx context.Context, cfg C) (V, func(), error) {
	var zero V
	key, err := Key(cfg)
	if err != nil {
		return zero, nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.entries[key]
	if !ok {
		v, err := r.open(ctx, cfg)
		if err != nil {
			return zero, nil, err
		}
		e = &entry[V]{v: v}
		r.entries[key] = e
	}
	e.refs++
	var once sync.Once
	return e.v, func() { once.Do(func() { r.release(key) }) }, nil
}

func (r *Registry[C, V]) release(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.entries[key]
	if !ok {
		return
	}
	e.refs--
	if e.refs > 0 {
		return
	}
	delete(r.entries, key)
	if r.close != nil {
		r.close(e.v)
	}
}

// Len is the number of values currently open.
func (r *Registry[C, V]) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.entries)
}
