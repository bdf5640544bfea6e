package sandbox

import (
	"context"
	"errors"

	"github.com/arrows-math/arrows/schemas"
)

// Pool runs programs on a set of fork servers. It is safe for concurrent use.
type Pool struct {
	cfg Config
}

// NewPool starts the servers and waits until they are ready.
func NewPool(ctx context.Context, cfg Config) (*Pool, error) {
	return nil, errors.New("sandbox: not implemented yet")
}

// Run runs one program. It never panics; infrastructure trouble comes back
// as StatusSandboxError.
func (p *Pool) Run(ctx context.Context, req Request) schemas.Execution {
	return schemas.Execution{Status: schemas.StatusSandboxError, Error: "not implemented yet"}
}

// Isolation reports the active isolation layers.
func (p *Pool) Isolation() Isolation { return Isolation{} }

// Stats returns counters.
func (p *Pool) Stats() PoolStats { return PoolStats{} }

// Close stops the servers.
func (p *Pool) Close() error { return nil }
