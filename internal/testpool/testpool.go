// Package testpool gives the tests of a package one real sandbox pool
// (one Python server with the answer checker's modules, as the pipeline
// starts it), started on first use and closed when the tests end: starting
// a pool costs seconds, a program run milliseconds.
//
// Use it from a package's tests:
//
//	func TestMain(m *testing.M) { testpool.Main(m) }
//	...
//	pool := testpool.Get(t)
//
// The package is pure Go (no Beam).
package testpool

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/sandbox"
)

var shared struct {
	once sync.Once
	pool *sandbox.Pool
	err  error
}

// Get returns the package's pool, starting it on first use; it fails the
// test when the pool cannot start (no Python, no SymPy).
func Get(t testing.TB) *sandbox.Pool {
	t.Helper()
	shared.once.Do(func() {
		s := env.DefaultSandbox()
		s.Workers = 1
		shared.pool, shared.err = sandbox.NewPool(context.Background(), s.Config())
	})
	if shared.err != nil {
		t.Fatalf("start the sandbox pool: %v", shared.err)
	}
	return shared.pool
}

// Main runs the tests and closes the pool if one was started.
func Main(m *testing.M) {
	code := m.Run()
	if shared.pool != nil {
		shared.pool.Close()
	}
	os.Exit(code)
}
