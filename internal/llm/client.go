package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// maxRetryAfter caps how long a Retry-After header can make a call wait.
const maxRetryAfter = 10 * time.Minute

// Client calls an OpenAI-compatible chat-completions endpoint through a
// cache, a rate limiter, a circuit breaker and a retry loop. It is safe for
// concurrent use.
type Client struct {
	cfg    Config
	api    *openai.Client
	http   *http.Client
	key    *secret
	cache  cache
	lim    *limiter
	brk    *breaker
	clock  Clock
	log    *slog.Logger
	sem    chan struct{}
	wg     sync.WaitGroup
	stats  counters
	rngMu  sync.Mutex
	rng    *rand.Rand
	budget *Budget
	closed sync.Once
	cerr   error
}

// Option customizes a Client beyond its Config (things that are not data).
type Option func(*Client)

// WithClock sets the clock used by the limiter, breaker and backoff sleeps.
func WithClock(c Clock) Option { return func(cl *Client) { cl.clock = c } }

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(cl *Client) { cl.log = l } }

// WithBudget makes the client consult and charge b (shared with whoever
// else holds it) instead of a budget of its own from Config.Budget.
func WithBudget(b *Budget) Option { return func(cl *Client) { cl.budget = b } }

// WithJitterSeed makes the backoff jitter deterministic.
func WithJitterSeed(seed uint64) Option {
	return func(cl *Client) { cl.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
}

// NewClient builds a client. It reads the API key from the environment
// variable named by cfg.APIKeyEnv (an error if that variable is empty; set
// APIKeyEnv to "" for endpoints without authentication) and opens the cache.
func NewClient(ctx context.Context, cfg Config, opts ...Option) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	key := ""
	if cfg.APIKeyEnv != "" {
		key = os.Getenv(cfg.APIKeyEnv)
		if key == "" {
			return nil, fmt.Errorf("llm: environment variable %s (api_key_env) is empty; set it, or set api_key_env to \"\" for an endpoint without authentication", cfg.APIKeyEnv)
		}
	}
	c := &Client{
		cfg:   cfg,
		key:   &secret{v: key},
		clock: wallClock{},
		log:   slog.Default(),
		sem:   make(chan struct{}, cfg.Concurrency),
		rng:   rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x5eed)),
	}
	for _, o := range opts {
		o(c)
	}
	if c.budget == nil && cfg.Budget.Enabled() {
		c.budget = NewBudget(cfg.Budget)
	}
	c.http = newHTTPClient(cfg.Concurrency)
	ocfg := openai.DefaultConfig(key)
	ocfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	ocfg.HTTPClient = capturingDoer{client: c.http, maxBody: cfg.MaxReplyBytes}
	c.api = openai.NewClientWithConfig(ocfg)
	if cfg.RPM > 0 || cfg.TPM > 0 {
		c.lim = newLimiter(cfg.RPM, cfg.TPM, c.clock)
	}
	c.brk = newBreaker(cfg, c.clock, c.log)
	ch, err := openCache(ctx, cfg.CacheDir)
	if err != nil {
		return nil, err
	}
	c.cache = ch
	return c, nil
}

// Config returns the client's effective configuration (defaults filled in).
func (c *Client) Config() Config { return c.cfg }

// Budget returns the client's budget (nil when it has none).
func (c *Client) Budget() *Budget { return c.budget }

// sampling returns the role's sampling parameters (the default ones if the
// config has none for it).
func (c *Client) sampling(role Role) Sampling {
	if s, ok := c.cfg.Sampling[role]; ok {
		return s
	}
	return DefaultConfig().Sampling[role]
}

// Complete makes one chat completion: from the cache if present, else from
// the endpoint through limiter, breaker and retries. A finish_reason of
// "length" is returned as a response (see Response.Truncated), not an error.
// Errors are *Error values; Fatal(err) tells whether the run should stop.
func (c *Client) Complete(ctx context.Context, req Request) (Response, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return Response{}, &Error{Kind: KindCanceled, Err: ctx.Err()}
	}
	defer func() { <-c.sem }()
	return c.complete(ctx, req)
}

// Submit runs Complete asynchronously. It blocks only while Concurrency
// calls are in flight; done runs on a worker goroutine (and holds its slot
// until it returns, so it should be quick). Use Wait to wait for all.
func (c *Client) Submit(ctx context.Context, req Request, done func(Response, error)) {
	c.wg.Add(1)
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		go func() {
			defer c.wg.Done()
			done(Response{}, &Error{Kind: KindCanceled, Err: ctx.Err()})
		}()
		return
	}
	go func() {
		defer c.wg.Done()
		defer func() { <-c.sem }()
		resp, err := c.complete(ctx, req)
		done(resp, err)
	}()
}

// Wait blocks until every submitted call has finished (its done returned).
func (c *Client) Wait() { c.wg.Wait() }

// Stats returns a snapshot of the counters.
func (c *Client) Stats() Stats {
	state, opens := c.brk.snapshot()
	return Stats{Roles: c.stats.snapshot(), Breaker: state, BreakerOpens: opens}
}

// Close waits for submitted calls and releases connections and the cache.
func (c *Client) Close() error {
	c.closed.Do(func() {
		c.Wait()
		c.http.CloseIdleConnections()
		if c.cache != nil {
			c.cerr = c.cache.close()
		}
	})
	return c.cerr
}

func (c *Client) complete(ctx context.Context, req Request) (Response, error) {
	c.stats.update(req.Role, func(r *RoleStats) { r.Calls++ })
	model, err := c.cfg.model(req.Role)
	if err != nil {
		return c.fail(req.Role, &Error{Kind: KindConfig, Err: err})
	}
	s := c.sampling(req.Role)
	var key string
	if c.cache != nil {
		key = cacheKey(model, req, s)
		if resp, ok := c.cacheGet(ctx, req.Role, key); ok {
			return resp, nil
		}
	}
	// The budget is consulted once per call, after the cache (a hit costs
	// nothing) and once the call holds its concurrency slot: a call that
	// started before the cap was reached keeps its retries.
	if err := c.budget.Allow(); err != nil {
		return c.fail(req.Role, &Error{Kind: KindBudget, Err: err})
	}
	resp, err := c.call(ctx, req, model, s)
	if err != nil {
		return c.fail(req.Role, err)
	}
	if c.cache != nil && !resp.Truncated() {
		c.cachePut(ctx, req, key, resp)
	}
	return resp, nil
}

func (c *Client) fail(role Role, err error) (Response, error) {
	kind := Reason(err)
	c.stats.update(role, func(r *RoleStats) { inc(&r.Errors, kind) })
	return Response{}, err
}

func (c *Client) cacheGet(ctx context.Context, role Role, key string) (Response, bool) {
	b, err := c.cache.get(ctx, key)
	if err == nil {
		var e cacheEntry
		if err = json.Unmarshal(b, &e); err == nil && e.Key != key {
			err = fmt.Errorf("entry holds key %s", e.Key)
		}
		if err == nil {
			c.stats.update(role, func(r *RoleStats) { r.CacheHits++ })
			resp := e.Response
			resp.Cached = true
			return resp, true
		}
		err = fmt.Errorf("llm cache: corrupt entry %s: %w", key, err)
	}
	c.stats.update(role, func(r *RoleStats) {
		r.CacheMisses++
		if !errors.Is(err, errCacheMiss) {
			r.CacheErrors++
		}
	})
	if !errors.Is(err, errCacheMiss) {
		c.log.Warn("llm cache read failed; calling the endpoint", "key", key, "error", err)
	}
	return Response{}, false
}

func (c *Client) cachePut(ctx context.Context, req Request, key string, resp Response) {
	b, err := json.Marshal(cacheEntry{Key: key, Role: req.Role, PromptVersion: req.PromptVersion, Response: resp})
	if err == nil {
		err = c.cache.put(ctx, key, b)
	}
	if err != nil {
		c.stats.update(req.Role, func(r *RoleStats) { r.CacheErrors++ })
		c.log.Warn("llm cache write failed", "key", key, "error", err)
	}
}

// backoff returns the wait before attempt n (n >= 1): full jitter over an
// exponential ceiling, but never less than the server's Retry-After.
func (c *Client) backoff(n int, retryAfter time.Duration) time.Duration {
	ceil := float64(c.cfg.InitialBackoff) * math.Pow(2, float64(n-1))
	ceil = math.Min(ceil, float64(c.cfg.MaxBackoff))
	c.rngMu.Lock()
	d := time.Duration(c.rng.Float64() * ceil)
	c.rngMu.Unlock()
	return max(d, min(retryAfter, maxRetryAfter))
}

// call runs the attempt loop against the endpoint.
func (c *Client) call(ctx context.Context, req Request, model string, s Sampling) (Response, error) {
	oreq, err := buildRequest(model, req, s)
	if err != nil {
		return Response{}, &Error{Kind: KindConfig, Err: err}
	}
	est := estimateTokens(req.Messages)
	attempts := 0
	var last attemptError
	for n := 0; n <= c.cfg.MaxRetries; n++ {
		if n > 0 {
			c.stats.update(req.Role, func(r *RoleStats) { r.Retries++ })
			if err := sleep(ctx, c.clock, c.backoff(n, last.retryAfter)); err != nil {
				return Response{}, &Error{Kind: KindCanceled, Attempts: attempts, Err: err}
			}
		}
		probe, err := c.brk.allow(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return Response{}, &Error{Kind: KindCanceled, Attempts: attempts, Err: err}
			}
			return Response{}, &Error{Kind: KindDown, Status: last.status, Attempts: attempts, Err: err}
		}
		if c.lim != nil {
			if err := c.lim.wait(ctx, est); err != nil {
				c.brk.release(probe)
				return Response{}, &Error{Kind: KindCanceled, Attempts: attempts, Err: err}
			}
		}
		attempts++
		sent := c.clock.Now()
		resp, info, err := c.attempt(ctx, req.Role, oreq)
		if err == nil {
			resp.LatencyMillis = c.clock.Now().Sub(sent).Milliseconds()
			c.brk.success(probe)
			c.account(req.Role, model, resp)
			if c.lim != nil {
				c.lim.correct(est, resp.Usage.PromptTokens+resp.Usage.CompletionTokens)
			}
			return resp, nil
		}
		a := classify(ctx, err, info)
		a.err = c.key.redactErr(err)
		c.stats.update(req.Role, func(r *RoleStats) { inc(&r.AttemptErrors, a.kind) })
		switch {
		case a.kind == KindCanceled:
			c.brk.release(probe)
			return Response{}, &Error{Kind: KindCanceled, Attempts: attempts, Err: ctx.Err()}
		case a.countsDown:
			outage := c.brk.failure(probe, failure{started: sent, kind: a.kind, status: statusOf(a), msg: fmt.Sprintf("%s: %v", a.kind, a.err)})
			if probe || outage {
				// A failure during an outage (the breaker open, or this
				// attempt a failed probe) is evidence of the outage, not
				// of this request: it does not spend the call's retries,
				// whichever attempt happened to open the breaker. The
				// outage limit (max_outage) bounds how long a call waits.
				n--
			}
		default:
			c.brk.success(probe) // the endpoint is up; the request was the problem
		}
		c.log.Debug("llm attempt failed", "role", req.Role, "attempt", attempts, "kind", a.kind, "status", a.status, "error", a.err)
		if a.kind == KindRefused {
			return Response{}, &Error{Kind: KindRefused, Status: a.status, Attempts: attempts,
				Err: fmt.Errorf("%w: %s answered HTTP %d for model %q: %v", ErrEndpointRefused, c.cfg.BaseURL, a.status, model, a.err)}
		}
		if !a.retryable {
			return Response{}, &Error{Kind: a.kind, Status: a.status, Attempts: attempts, Err: a.err}
		}
		last = a
	}
	return Response{}, &Error{Kind: last.kind, Status: last.status, Attempts: attempts,
		Err: fmt.Errorf("giving up after %d retries: %w", c.cfg.MaxRetries, last.err)}
}

// attempt makes one HTTP request.
func (c *Client) attempt(ctx context.Context, role Role, oreq openai.ChatCompletionRequest) (Response, *responseInfo, error) {
	c.stats.update(role, func(r *RoleStats) { r.Requests++ })
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	info := &responseInfo{}
	out, err := c.api.CreateChatCompletion(withResponseInfo(actx, info), oreq)
	if err != nil {
		return Response{}, info, err
	}
	if len(out.Choices) == 0 {
		return Response{}, info, errEmpty
	}
	ch := out.Choices[0]
	model := out.Model
	if model == "" {
		model = oreq.Model
	}
	return Response{
		Content:      ch.Message.Content,
		FinishReason: string(ch.FinishReason),
		Usage:        Usage{PromptTokens: out.Usage.PromptTokens, CompletionTokens: out.Usage.CompletionTokens},
		Model:        model,
	}, info, nil
}

// account adds a live response's usage and cost to the role's counters.
func (c *Client) account(role Role, model string, resp Response) {
	price, ok := c.cfg.PricesPer1M[model]
	if !ok {
		price = c.cfg.PricesPer1M[resp.Model]
	}
	spent := cost(price, resp.Usage)
	c.budget.Charge(int64(resp.Usage.PromptTokens+resp.Usage.CompletionTokens), spent)
	c.stats.update(role, func(r *RoleStats) {
		r.PromptTokens += int64(resp.Usage.PromptTokens)
		r.CompletionTokens += int64(resp.Usage.CompletionTokens)
		r.CostUSD += spent
		if resp.Truncated() {
			r.Truncated++
		}
	})
}

// buildRequest maps a Request to go-openai's form. Reasoning models (o1,
// o3, gpt-5, ...) get max_completion_tokens and no sampling knobs.
func buildRequest(model string, req Request, s Sampling) (openai.ChatCompletionRequest, error) {
	msgs := make([]openai.ChatCompletionMessage, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	temp := s.Temperature
	if temp == 0 {
		// go-openai drops a zero temperature (omitempty) and servers then
		// default to 1; the smallest positive float is greedy everywhere.
		temp = math.SmallestNonzeroFloat32
	}
	o := openai.ChatCompletionRequest{Model: model, Messages: msgs, MaxTokens: s.MaxTokens, Temperature: temp, TopP: s.TopP}
	v := openai.NewReasoningValidator()
	if v.Validate(o) != nil {
		o.MaxCompletionTokens, o.MaxTokens = o.MaxTokens, 0
		o.Temperature, o.TopP = 0, 0
		if err := v.Validate(o); err != nil {
			return o, fmt.Errorf("llm: request for model %s: %w", model, err)
		}
	}
	return o, nil
}
