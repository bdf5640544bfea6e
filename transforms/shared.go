package transforms

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/sandbox"
)

// SandboxConfig is the serializable sandbox configuration carried by DoFns.
type SandboxConfig struct {
	Workers        int  `json:"workers"`
	WallMillis     int  `json:"wall_ms"`
	CPUMillis      int  `json:"cpu_ms"`
	MemoryMB       int  `json:"memory_mb"`
	MaxOutputBytes int  `json:"max_output_bytes"`
	NoNamespaces   bool `json:"no_namespaces,omitempty"`
	NoSeccomp      bool `json:"no_seccomp,omitempty"`
}

// DefaultSandboxConfig returns the sandbox defaults (one server per core).
func DefaultSandboxConfig() SandboxConfig {
	l := sandbox.DefaultLimits()
	return SandboxConfig{
		WallMillis:     int(l.Wall.Milliseconds()),
		CPUMillis:      int(l.CPU.Milliseconds()),
		MemoryMB:       l.MemoryMB,
		MaxOutputBytes: l.MaxOutputBytes,
	}
}

func (c SandboxConfig) sandbox() sandbox.Config {
	cfg := sandbox.DefaultConfig()
	if c.Workers > 0 {
		cfg.Workers = c.Workers
	}
	if c.WallMillis > 0 {
		cfg.Limits.Wall = millis(c.WallMillis)
	}
	if c.CPUMillis > 0 {
		cfg.Limits.CPU = millis(c.CPUMillis)
	}
	if c.MemoryMB > 0 {
		cfg.Limits.MemoryMB = c.MemoryMB
	}
	if c.MaxOutputBytes > 0 {
		cfg.Limits.MaxOutputBytes = c.MaxOutputBytes
	}
	cfg.Namespaces = !c.NoNamespaces
	cfg.Seccomp = !c.NoSeccomp
	// The answer checker's symbolic path runs in the same servers.
	cfg.Modules = answer.Modules()
	return cfg
}

// poolRegistry shares one sandbox pool per worker process among all DoFn
// instances that ask for the same configuration: Beam creates a DoFn
// instance per concurrent bundle, and a pool per instance would start far
// more Python servers than there are cores. This is the one piece of
// process-wide state in the pipelines; it is reference counted and the last
// Teardown closes the pool.
type poolRegistry struct {
	mu    sync.Mutex
	pools map[string]*sharedPool
}

type sharedPool struct {
	pool *sandbox.Pool
	refs int
}

var pools = &poolRegistry{pools: map[string]*sharedPool{}}

// acquirePool returns the process's pool for cfg, starting it if needed.
func acquirePool(ctx context.Context, cfg SandboxConfig) (*sandbox.Pool, error) {
	key, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("sandbox config: %w", err)
	}
	pools.mu.Lock()
	defer pools.mu.Unlock()
	if sp, ok := pools.pools[string(key)]; ok {
		sp.refs++
		return sp.pool, nil
	}
	p, err := sandbox.NewPool(context.WithoutCancel(ctx), cfg.sandbox())
	if err != nil {
		return nil, fmt.Errorf("start sandbox pool: %w", err)
	}
	log.Infof(ctx, "arrows: sandbox pool started: %v", p.Isolation())
	pools.pools[string(key)] = &sharedPool{pool: p, refs: 1}
	return p, nil
}

// releasePool drops one reference and closes the pool with the last one.
func releasePool(cfg SandboxConfig) {
	key, err := json.Marshal(cfg)
	if err != nil {
		return
	}
	pools.mu.Lock()
	defer pools.mu.Unlock()
	sp, ok := pools.pools[string(key)]
	if !ok {
		return
	}
	sp.refs--
	if sp.refs <= 0 {
		_ = sp.pool.Close()
		delete(pools.pools, string(key))
	}
}
