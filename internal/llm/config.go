// Package llm is arrows' client for OpenAI-compatible chat-completion
// endpoints (OpenAI, vLLM, SGLang, llama.cpp server, Ollama's /v1).
//
// A Client sends one chat completion per Request and puts, in order, a
// content-addressed response cache, a token-bucket rate limiter (RPM and
// TPM), a circuit breaker and a retry loop (exponential backoff with full
// jitter, honouring Retry-After) in front of the endpoint. When the endpoint
// stays unreachable for Config.MaxOutage, every call fails fast with an
// error wrapping ErrEndpointDown that names the endpoint and what the failed
// requests saw, so a pipeline fails its run instead of "succeeding" with zero
// rows or stalling; the outage is logged (WARN) when it begins and every
// minute while it lasts. Replies are read through a limit
// (Config.MaxReplyBytes), so a runaway reply costs no memory.
//
// Config is plain data that travels inside Beam DoFns; it never holds a
// secret. The API key is read from the environment variable named by
// Config.APIKeyEnv when NewClient runs on the worker, and is kept only inside
// the go-openai client.
//
// The package is pure Go: it does not import Beam.
package llm

import (
	"fmt"
	"strings"
	"time"
)

// Role is what a call is for; each role has its own model and sampling.
type Role string

// Roles used by the arrows pipelines.
const (
	RoleGenerator  Role = "generator"  // writes a program for sampled topics
	RoleTranslator Role = "translator" // turns an executed program into problem + solution
	RoleSolver     Role = "solver"     // solves a problem blind (writes a program)
	RoleJudge      Role = "judge"      // optional consistency judge
)

// Sampling holds the sampling parameters of one role.
type Sampling struct {
	// Temperature is sent as is; 0 means greedy decoding and is sent as a
	// tiny positive value because go-openai omits a zero temperature.
	Temperature float32 `json:"temperature"`
	// TopP is sent when positive.
	TopP float32 `json:"top_p,omitempty"`
	// MaxTokens caps the completion length (max_tokens, or
	// max_completion_tokens for reasoning models); 0 = server default.
	MaxTokens int `json:"max_tokens,omitempty"`
	// N is how many samples callers should draw per prompt, each as its own
	// Request with SampleIndex 0..N-1 (each request asks the server for one
	// choice, so every sample is cached on its own).
	N int `json:"n,omitempty"`
}

// Price is a model's price in USD per one million tokens.
type Price struct {
	Prompt     float64 `json:"prompt"`
	Completion float64 `json:"completion"`
}

// Config configures a Client. It is plain data (JSON-serialized into Beam
// DoFn fields) and holds no secret: APIKeyEnv is the NAME of the environment
// variable that holds the key.
type Config struct {
	// BaseURL is the API root, e.g. https://api.openai.com/v1 or http://localhost:8000/v1.
	BaseURL string `json:"base_url"`
	// Models maps each role to a model name.
	Models map[Role]string `json:"models"`
	// Sampling maps each role to its sampling parameters.
	Sampling map[Role]Sampling `json:"sampling,omitempty"`
	// APIKeyEnv names the environment variable holding the API key; "" for
	// endpoints without authentication.
	APIKeyEnv string `json:"api_key_env"`
	// Concurrency is the maximum number of in-flight requests per client (default 64).
	Concurrency int `json:"concurrency"`
	// RPM and TPM are per-endpoint limits (requests and tokens per minute); 0 = unlimited.
	RPM int `json:"rpm,omitempty"`
	TPM int `json:"tpm,omitempty"`
	// MaxRetries is how many times a failed attempt is retried (so at most
	// MaxRetries+1 attempts per call).
	MaxRetries int `json:"max_retries"`
	// InitialBackoff and MaxBackoff bound the exponential backoff between attempts.
	InitialBackoff time.Duration `json:"initial_backoff"`
	MaxBackoff     time.Duration `json:"max_backoff"`
	// RequestTimeout bounds one HTTP attempt.
	RequestTimeout time.Duration `json:"request_timeout"`
	// BreakerFailures consecutive failed attempts open the circuit breaker;
	// 0 disables the breaker.
	BreakerFailures int `json:"breaker_failures"`
	// BreakerPause is how long the breaker stays open before a probe.
	BreakerPause time.Duration `json:"breaker_pause"`
	// MaxOutage is how long the endpoint may stay unreachable (every
	// attempt failing with a timeout, a connection error, 429 or 5xx),
	// counted from when the first of those attempts was sent, before every
	// call fails with ErrEndpointDown and the run fails. It needs the
	// breaker (BreakerFailures > 0). Default 3 minutes.
	MaxOutage time.Duration `json:"max_outage"`
	// BreakerMaxOpen is the former name of MaxOutage, still honoured: when
	// both are set, the shorter applies.
	//
	// Deprecated: use MaxOutage.
	BreakerMaxOpen time.Duration `json:"breaker_max_open,omitempty"`
	// MaxReplyBytes caps the size of one HTTP response body (default
	// 256 KiB). The body is read through a limit, so a larger reply never
	// sits in memory: the call fails with reason reply_too_large (an
	// *Error of KindTooLarge wrapping ErrReplyTooLarge) and is not retried.
	MaxReplyBytes int64 `json:"max_reply_bytes,omitempty"`
	// CacheDir is a local directory or gs://bucket/prefix for the response
	// cache; "" disables caching.
	CacheDir string `json:"cache_dir,omitempty"`
	// PricesPer1M maps a model name to its price, for cost accounting.
	PricesPer1M map[string]Price `json:"prices_per_1m,omitempty"`
	// Budget caps the spend of the client's calls (see Budget). NewClient
	// gives each client its own Budget with these caps; callers that share
	// one among clients pass it with WithBudget instead.
	Budget Limits `json:"budget,omitempty"`
}

// Defaults of the limits that protect a run from its endpoint.
const (
	// DefaultMaxOutage is the default Config.MaxOutage.
	DefaultMaxOutage = 3 * time.Minute
	// DefaultMaxReplyBytes is the default Config.MaxReplyBytes.
	DefaultMaxReplyBytes = 256 << 10
)

// DefaultConfig returns a configuration for the OpenAI API with
// conservative limits; callers set Models and override what they need.
func DefaultConfig() Config {
	return Config{
		BaseURL:   "https://api.openai.com/v1",
		Models:    map[Role]string{},
		APIKeyEnv: "OPENAI_API_KEY",
		Sampling: map[Role]Sampling{
			RoleGenerator:  {Temperature: 0.8, TopP: 0.95, MaxTokens: 2048, N: 1},
			RoleTranslator: {Temperature: 0.2, MaxTokens: 2048, N: 1},
			RoleSolver:     {Temperature: 0, MaxTokens: 2048, N: 1},
			RoleJudge:      {Temperature: 0, MaxTokens: 512, N: 1},
		},
		Concurrency:     64,
		MaxRetries:      6,
		InitialBackoff:  500 * time.Millisecond,
		MaxBackoff:      30 * time.Second,
		RequestTimeout:  120 * time.Second,
		BreakerFailures: 8,
		BreakerPause:    10 * time.Second,
		MaxOutage:       DefaultMaxOutage,
		MaxReplyBytes:   DefaultMaxReplyBytes,
	}
}

// withDefaults fills zero fields that have no meaningful zero value.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Concurrency <= 0 {
		c.Concurrency = d.Concurrency
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.InitialBackoff <= 0 {
		c.InitialBackoff = d.InitialBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = d.MaxBackoff
	}
	if c.MaxBackoff < c.InitialBackoff {
		c.MaxBackoff = c.InitialBackoff
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = d.RequestTimeout
	}
	if c.BreakerPause <= 0 {
		c.BreakerPause = d.BreakerPause
	}
	c.MaxOutage = c.maxOutage()
	c.BreakerMaxOpen = 0
	if c.MaxReplyBytes <= 0 {
		c.MaxReplyBytes = d.MaxReplyBytes
	}
	return c
}

// maxOutage is the effective outage limit: the shorter of MaxOutage and
// the deprecated BreakerMaxOpen where set, else DefaultMaxOutage.
func (c Config) maxOutage() time.Duration {
	var d time.Duration
	for _, v := range []time.Duration{c.MaxOutage, c.BreakerMaxOpen} {
		if v > 0 && (d == 0 || v < d) {
			d = v
		}
	}
	if d == 0 {
		d = DefaultMaxOutage
	}
	return d
}

// validate reports configuration errors that no request could survive.
func (c Config) validate() error {
	if strings.TrimSpace(c.BaseURL) == "" {
		return fmt.Errorf("llm config: base_url is empty")
	}
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("llm config: base_url %q must start with http:// or https://", c.BaseURL)
	}
	if c.RPM < 0 || c.TPM < 0 {
		return fmt.Errorf("llm config: rpm (%d) and tpm (%d) must not be negative", c.RPM, c.TPM)
	}
	if err := c.Budget.Validate(); err != nil {
		return err
	}
	return nil
}

// model returns the model configured for role.
func (c Config) model(role Role) (string, error) {
	m := c.Models[role]
	if m == "" {
		return "", fmt.Errorf("llm config: no model configured for role %q", role)
	}
	return m, nil
}
