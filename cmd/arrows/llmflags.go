package main

import (
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/runners"
)

var roles = []llm.Role{llm.RoleGenerator, llm.RoleTranslator, llm.RoleSolver, llm.RoleJudge}

// llmOpts are the LLM backend flags.
type llmOpts struct {
	baseURL, model, keyEnv, cache        *string
	roleModels                           map[llm.Role]*string
	concurrency, rpm, tpm, retries       *int
	timeout, maxOutage                   *time.Duration
	maxReplyBytes                        *int64
	temperature, topP, maxTokens, prices *string
	samples                              *string
	blindSolve, judge                    *bool
	maxCost                              *float64
	maxLLMTokens                         *int64
}

func llmFlags(fs *flag.FlagSet) llmOpts {
	d := llm.DefaultConfig()
	o := llmOpts{
		baseURL:     fs.String("llm-base-url", "", "OpenAI-compatible API root, e.g. https://api.openai.com/v1, http://localhost:8000/v1 (vLLM), http://localhost:11434/v1 (Ollama)"),
		model:       fs.String("llm-model", "", "model for every role unless a role flag overrides it"),
		keyEnv:      fs.String("llm-api-key-env", d.APIKeyEnv, "NAME of the environment variable holding the API key (read on the workers; empty for none)"),
		cache:       fs.String("llm-cache", "", "response cache directory (local or gs://); a repeated run re-pays for nothing cached"),
		concurrency: fs.Int("llm-concurrency", d.Concurrency, "requests in flight per worker process"),
		rpm:         fs.Int("llm-rpm", 0, "requests per minute per endpoint (0: unlimited)"),
		tpm:         fs.Int("llm-tpm", 0, "tokens per minute per endpoint (0: unlimited)"),
		retries:     fs.Int("llm-max-retries", d.MaxRetries, "retries per call on 429/5xx/timeouts (exponential backoff with jitter, Retry-After honoured)"),
		timeout:     fs.Duration("llm-timeout", d.RequestTimeout, "timeout of one HTTP attempt"),
		maxOutage: fs.Duration("llm-max-outage", d.MaxOutage, "how long the endpoint may stay unreachable (circuit breaker open) before the run fails with one line naming it; "+
			"a WARN is logged when the breaker opens and each minute while it stays open"),
		maxReplyBytes: fs.Int64("llm-max-reply-bytes", d.MaxReplyBytes, "largest HTTP reply body read from the endpoint; a longer reply is refused (rejected as reply_too_large, not retried)"),
		temperature:   fs.String("llm-temperature", "", "sampling temperature: a number for all roles, or role=value,… (roles: generator, translator, solver, judge)"),
		topP:          fs.String("llm-top-p", "", "top_p: a number, or role=value,…"),
		maxTokens:     fs.String("llm-max-tokens", "", "max completion tokens: a number, or role=value,…"),
		samples:       fs.String("llm-n", "", "samples per seed (n): a number, or role=value,…; the generator draws n programs per seed, each its own row (provenance.sample_index); other roles always make one call"),
		prices:        fs.String("llm-price", "", "prices in USD per 1M tokens for cost accounting: model=prompt:completion,…"),
		blindSolve:    fs.Bool("blind-solve", true, "with --backend=llm: verify consistency by a blind re-solve with the solver model"),
		judge:         fs.Bool("judge", false, "with --backend=llm: also ask the judge model whether problem and program agree"),
		roleModels:    map[llm.Role]*string{},
		maxCost: fs.Float64("max-cost", 0, "with --backend=llm: stop starting LLM calls once the accounted cost (--llm-price) reaches this many USD; "+
			"seeds that cannot finish are rejected at stage budget (0: no cap)"),
		maxLLMTokens: fs.Int64("max-llm-tokens", 0, "with --backend=llm: stop starting LLM calls once this many prompt+completion tokens were spent (0: no cap)"),
	}
	for _, r := range roles {
		o.roleModels[r] = fs.String("llm-"+string(r)+"-model", "", "model for the "+string(r)+" role (default --llm-model)")
	}
	return o
}

// roleValues parses "0.7" (every role) or "generator=0.8,translator=0.2".
func roleValues(spec string) (map[llm.Role]float64, error) {
	out := map[llm.Role]float64{}
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return out, nil
	}
	if v, err := strconv.ParseFloat(spec, 64); err == nil {
		for _, r := range roles {
			out[r] = v
		}
		return out, nil
	}
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q: want role=value", part)
		}
		role := llm.Role(strings.TrimSpace(k))
		known := false
		for _, r := range roles {
			known = known || r == role
		}
		if !known {
			return nil, fmt.Errorf("unknown role %q (roles: generator, translator, solver, judge)", k)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", part, err)
		}
		out[role] = f
	}
	return out, nil
}

func (o llmOpts) config() (*env.LLM, error) {
	c := llm.DefaultConfig()
	c.BaseURL = *o.baseURL
	c.APIKeyEnv = *o.keyEnv
	c.CacheDir = *o.cache
	c.Concurrency = *o.concurrency
	c.RPM, c.TPM = *o.rpm, *o.tpm
	c.MaxRetries = *o.retries
	c.RequestTimeout = *o.timeout
	if *o.maxOutage <= 0 {
		return nil, fmt.Errorf("--llm-max-outage %v: want a positive duration, e.g. 3m", *o.maxOutage)
	}
	if *o.maxReplyBytes <= 0 {
		return nil, fmt.Errorf("--llm-max-reply-bytes %d: want a positive number of bytes, e.g. %d", *o.maxReplyBytes, llm.DefaultMaxReplyBytes)
	}
	c.MaxOutage, c.MaxReplyBytes = *o.maxOutage, *o.maxReplyBytes
	c.Models = map[llm.Role]string{}
	for _, r := range roles {
		if m := *o.roleModels[r]; m != "" {
			c.Models[r] = m
		} else if *o.model != "" {
			c.Models[r] = *o.model
		}
	}
	temps, err := roleValues(*o.temperature)
	if err != nil {
		return nil, fmt.Errorf("--llm-temperature: %w", err)
	}
	tops, err := roleValues(*o.topP)
	if err != nil {
		return nil, fmt.Errorf("--llm-top-p: %w", err)
	}
	maxes, err := roleValues(*o.maxTokens)
	if err != nil {
		return nil, fmt.Errorf("--llm-max-tokens: %w", err)
	}
	ns, err := roleValues(*o.samples)
	if err != nil {
		return nil, fmt.Errorf("--llm-n: %w", err)
	}
	for _, r := range roles {
		s := c.Sampling[r]
		if v, ok := temps[r]; ok {
			s.Temperature = float32(v)
		}
		if v, ok := tops[r]; ok {
			s.TopP = float32(v)
		}
		if v, ok := maxes[r]; ok {
			s.MaxTokens = int(v)
		}
		if v, ok := ns[r]; ok {
			if v < 1 || v != float64(int(v)) {
				return nil, fmt.Errorf("--llm-n: %s=%v: want a whole number of samples, at least 1", r, v)
			}
			s.N = int(v)
		}
		c.Sampling[r] = s
	}
	if c.PricesPer1M, err = parsePrices(*o.prices); err != nil {
		return nil, err
	}
	c.Budget = llm.Limits{MaxCostUSD: *o.maxCost, MaxTokens: *o.maxLLMTokens}
	if c.Budget.Enabled() {
		if c.Budget.MaxCostUSD > 0 && len(c.PricesPer1M) == 0 {
			return nil, fmt.Errorf("--max-cost needs --llm-price: without prices no cost is accounted")
		}
		run, err := newRunID()
		if err != nil {
			return nil, err
		}
		c.Budget.Run = run
	}
	return &env.LLM{Client: c, BlindSolve: *o.blindSolve, Judge: *o.judge}, nil
}

// newRunID is a fresh id naming one job's LLM spend counter (llm.Limits.Run).
func newRunID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("run id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// parsePrices parses --llm-price, model=prompt:completion,… (nil for "").
func parsePrices(spec string) (map[string]llm.Price, error) {
	if spec == "" {
		return nil, nil
	}
	out := map[string]llm.Price{}
	for _, part := range strings.Split(spec, ",") {
		model, pc, ok := strings.Cut(part, "=")
		p, cpl, ok2 := strings.Cut(pc, ":")
		if !ok || !ok2 {
			return nil, fmt.Errorf("--llm-price %q: want model=prompt:completion", part)
		}
		pf, err1 := strconv.ParseFloat(p, 64)
		cf, err2 := strconv.ParseFloat(cpl, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("--llm-price %q: prices must be numbers", part)
		}
		out[strings.TrimSpace(model)] = llm.Price{Prompt: pf, Completion: cf}
	}
	return out, nil
}

// checkAPIKey fails a local run before it starts when the API key
// variable is unset (on a local runner the workers run in this process and
// would fail at Setup). Only the variable's presence is looked at; remote
// workers read it from their own environment.
func checkAPIKey(env string) error {
	if env == "" {
		return nil
	}
	if os.Getenv(env) == "" {
		return fmt.Errorf("environment variable %s (--llm-api-key-env) is empty: export it, or pass --llm-api-key-env= for an endpoint without authentication (Ollama, a local vLLM)", env)
	}
	return nil
}

// workerBudget is the budget each worker process enforces. On a local
// runner every worker is this process and shares one counter, so the cap
// holds as given. A distributed runner's workers cannot share a counter:
// the cap is split evenly over --max_num_workers processes (so their sum
// stays within it), and without that flag each process enforces the whole
// cap (the total may then reach workers × cap), which is said on stderr.
func workerBudget(fs *flag.FlagSet, runner string, l llm.Limits) llm.Limits {
	if !l.Enabled() || runners.IsLocal(runner) {
		return l
	}
	n := 0
	if f := fs.Lookup("max_num_workers"); f != nil {
		n, _ = strconv.Atoi(f.Value.String())
	}
	if n > 1 {
		fmt.Fprintf(os.Stderr, "LLM budget: split over --max_num_workers=%d worker processes: each stops at 1/%d of the cap\n", n, n)
		return l.Split(n)
	}
	fmt.Fprintf(os.Stderr, "LLM budget: %s workers do not share a counter and --max_num_workers is unset: each worker process enforces the whole cap\n", runner)
	return l
}
