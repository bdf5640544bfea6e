// Package env is the configuration every stage of an arrows job shares: the
// sandbox limits, the LLM backend (when there is one), the run seed and the
// answer tolerance. A job configuration holds one Env; each Beam stage
// carries it in one exported field, so the settings are stated once and
// reach the workers as plain JSON.
//
// The backend of a job follows from the Env: with LLM set it is the llm
// backend (OpenAI-compatible endpoint), else the built-in offline one.
//
// Validation errors are *FieldError values naming the configuration field
// (e.g. "Env.LLM.Client.BaseURL"); commands map the field to their flag.
//
// The package is pure Go (no Beam).
package env

import (
	"errors"
	"fmt"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/sandbox"
)

// Backend names, as recorded in provenance.generator and on the dataset card.
const (
	BackendOffline = "offline"
	BackendLLM     = "llm"
)

// Env is the configuration shared by the stages of a job. It is plain data
// and holds no secret.
type Env struct {
	Sandbox Sandbox `json:"sandbox"`
	// LLM configures the llm backend and the LLM consistency checks; nil
	// selects the offline backend.
	LLM *LLM `json:"llm,omitempty"`
	// RunSeed makes every random choice of the run reproducible.
	RunSeed int64 `json:"run_seed"`
	// RelTol is the relative tolerance of inexact numeric answers.
	RelTol float64 `json:"rel_tol"`
}

// Default is the configuration of the default run: offline backend, run
// seed 1, default sandbox limits, tolerance 1e-6.
func Default() Env {
	return Env{Sandbox: DefaultSandbox(), RunSeed: 1, RelTol: 1e-6}
}

// Backend is the name of the job's backend: BackendLLM or BackendOffline.
func (e Env) Backend() string {
	if e.LLM != nil {
		return BackendLLM
	}
	return BackendOffline
}

// Validate reports configuration mistakes (as *FieldError) before anything
// runs.
func (e Env) Validate() error {
	if e.LLM == nil {
		return nil
	}
	return In("LLM", e.LLM.Validate())
}

// Models maps each LLM role the job uses to its model (nil offline).
func (e Env) Models() map[string]string {
	if e.LLM == nil {
		return nil
	}
	out := map[string]string{}
	for _, role := range e.LLM.Roles() {
		out[string(role)] = e.LLM.Client.Models[role]
	}
	return out
}

// Sandbox is the sandbox configuration: limits per program and the number
// of Python servers per worker process.
type Sandbox struct {
	Workers        int  `json:"workers"`
	WallMillis     int  `json:"wall_ms"`
	CPUMillis      int  `json:"cpu_ms"`
	MemoryMB       int  `json:"memory_mb"`
	MaxOutputBytes int  `json:"max_output_bytes"`
	NoNamespaces   bool `json:"no_namespaces,omitempty"`
	NoSeccomp      bool `json:"no_seccomp,omitempty"`
}

// DefaultSandbox returns the sandbox defaults (one server per core).
func DefaultSandbox() Sandbox {
	l := sandbox.DefaultLimits()
	return Sandbox{
		WallMillis:     int(l.Wall.Milliseconds()),
		CPUMillis:      int(l.CPU.Milliseconds()),
		MemoryMB:       l.MemoryMB,
		MaxOutputBytes: l.MaxOutputBytes,
	}
}

// Config is the sandbox.Config of a pool: the defaults with every set
// field applied, and the answer checker's modules loaded (its symbolic
// path runs in the same servers).
func (c Sandbox) Config() sandbox.Config {
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
	cfg.Modules = answer.Modules()
	return cfg
}

// Servers is the number of Python servers a pool of this configuration
// runs.
func (c Sandbox) Servers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return sandbox.DefaultConfig().Workers
}

func millis(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// LLM configures the llm backend. It is plain data and holds no secret:
// the API key is read on the worker from the environment variable named by
// Client.APIKeyEnv.
type LLM struct {
	Client llm.Config `json:"client"`
	// BlindSolve adds the blind re-solve consistency check to verification.
	BlindSolve bool `json:"blind_solve"`
	// Judge adds the LLM judge consistency check (off by default).
	Judge bool `json:"judge"`
}

// Roles lists the roles a job with this configuration calls.
func (c *LLM) Roles() []llm.Role {
	roles := []llm.Role{llm.RoleGenerator, llm.RoleTranslator}
	if c.BlindSolve {
		roles = append(roles, llm.RoleSolver)
	}
	if c.Judge {
		roles = append(roles, llm.RoleJudge)
	}
	return roles
}

// Concurrency is the number of requests in flight per worker process.
func (c *LLM) Concurrency() int {
	if c.Client.Concurrency > 0 {
		return c.Client.Concurrency
	}
	return llm.DefaultConfig().Concurrency
}

// Samples is the generator's n: programs drawn per seed (at least 1).
func (c *LLM) Samples() int {
	return max(c.Client.Sampling[llm.RoleGenerator].N, 1)
}

// Validate reports a missing endpoint or a role without a model.
func (c *LLM) Validate() error {
	if c.Client.BaseURL == "" {
		return Errorf("Client.BaseURL", "is required by the llm backend")
	}
	why := map[llm.Role]string{
		llm.RoleGenerator:  "the llm backend",
		llm.RoleTranslator: "the llm backend",
		llm.RoleSolver:     "the blind re-solve check",
		llm.RoleJudge:      "the judge check",
	}
	for _, role := range c.Roles() {
		if c.Client.Models[role] == "" {
			return Errorf("Client.Models."+string(role), "is empty: %s needs a model for the %s role", why[role], role)
		}
	}
	return nil
}

// FieldError is a configuration mistake in one field, named by its path in
// the configuration (e.g. "Seeds.N", "Env.LLM.Client.BaseURL"; a map entry
// is a path element). Its message reads after the field's name, so a
// command can put its flag name in front: "--n must be positive, got 0".
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + " " + e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }

// Errorf returns a *FieldError for field.
func Errorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// In places err under prefix: a *FieldError's path is prefixed, any other
// error becomes a *FieldError for prefix itself ("is unusable: …").
// In(prefix, nil) is nil.
func In(prefix string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: prefix + "." + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: prefix, Err: fmt.Errorf("is unusable: %w", err)}
}
