package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
)

var roles = []llm.Role{llm.RoleGenerator, llm.RoleTranslator, llm.RoleSolver, llm.RoleJudge}

// llmOpts are the LLM backend flags.
type llmOpts struct {
	baseURL, model, keyEnv, cache        *string
	roleModels                           map[llm.Role]*string
	concurrency, rpm, tpm, retries       *int
	timeout                              *time.Duration
	temperature, topP, maxTokens, prices *string
	samples                              *string
	blindSolve, judge                    *bool
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
		temperature: fs.String("llm-temperature", "", "sampling temperature: a number for all roles, or role=value,… (roles: generator, translator, solver, judge)"),
		topP:        fs.String("llm-top-p", "", "top_p: a number, or role=value,…"),
		maxTokens:   fs.String("llm-max-tokens", "", "max completion tokens: a number, or role=value,…"),
		samples:     fs.String("llm-n", "", "samples per seed (n): a number, or role=value,…; the generator draws n programs per seed, each its own row (provenance.sample_index); other roles always make one call"),
		prices:      fs.String("llm-price", "", "prices in USD per 1M tokens for cost accounting: model=prompt:completion,…"),
		blindSolve:  fs.Bool("blind-solve", true, "with --backend=llm: verify consistency by a blind re-solve with the solver model"),
		judge:       fs.Bool("judge", false, "with --backend=llm: also ask the judge model whether problem and program agree"),
		roleModels:  map[llm.Role]*string{},
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
	if *o.prices != "" {
		c.PricesPer1M = map[string]llm.Price{}
		for _, part := range strings.Split(*o.prices, ",") {
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
			c.PricesPer1M[strings.TrimSpace(model)] = llm.Price{Prompt: pf, Completion: cf}
		}
	}
	return &env.LLM{Client: c, BlindSolve: *o.blindSolve, Judge: *o.judge}, nil
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
