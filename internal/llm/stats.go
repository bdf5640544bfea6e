package llm

import (
	"maps"
	"sync"

	"github.com/arrows-math/arrows/schemas"
)

// RoleStats counts one role's calls.
type RoleStats struct {
	// Calls is the number of Complete calls (cache hits included).
	Calls int64 `json:"calls"`
	// Requests is the number of HTTP attempts sent.
	Requests int64 `json:"requests"`
	// PromptTokens and CompletionTokens are tokens spent by this client
	// (cache hits spend none).
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	CacheHits        int64 `json:"cache_hits"`
	CacheMisses      int64 `json:"cache_misses"`
	// CacheErrors counts cache reads or writes that failed (the call went on).
	CacheErrors int64 `json:"cache_errors"`
	// Retries counts attempts after the first.
	Retries int64 `json:"retries"`
	// Truncated counts responses with finish_reason "length".
	Truncated int64 `json:"truncated"`
	// Errors counts failed calls by kind (Kind* constants).
	Errors map[string]int64 `json:"errors,omitempty"`
	// AttemptErrors counts failed attempts (retried or not) by kind.
	AttemptErrors map[string]int64 `json:"attempt_errors,omitempty"`
	// CostUSD is the spend, from Config.PricesPer1M (0 for unpriced models).
	CostUSD float64 `json:"cost_usd"`
}

// Usage returns the per-row schema form of these counts.
func (r RoleStats) Usage() schemas.Usage {
	return schemas.Usage{PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens, Calls: r.Calls, CacheHits: r.CacheHits}
}

func (r *RoleStats) add(o RoleStats) {
	r.Calls += o.Calls
	r.Requests += o.Requests
	r.PromptTokens += o.PromptTokens
	r.CompletionTokens += o.CompletionTokens
	r.CacheHits += o.CacheHits
	r.CacheMisses += o.CacheMisses
	r.CacheErrors += o.CacheErrors
	r.Retries += o.Retries
	r.Truncated += o.Truncated
	r.CostUSD += o.CostUSD
	r.Errors = addCounts(r.Errors, o.Errors)
	r.AttemptErrors = addCounts(r.AttemptErrors, o.AttemptErrors)
}

func addCounts(dst, src map[string]int64) map[string]int64 {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = map[string]int64{}
	}
	for k, v := range src {
		dst[k] += v
	}
	return dst
}

// Stats is a snapshot of a client's counters.
type Stats struct {
	Roles map[Role]RoleStats `json:"roles"`
	// Breaker is the circuit breaker's state: closed, open, half_open or down.
	Breaker string `json:"breaker"`
	// BreakerOpens counts how many times the breaker opened.
	BreakerOpens int64 `json:"breaker_opens"`
}

// Total sums all roles.
func (s Stats) Total() RoleStats {
	var t RoleStats
	for _, r := range s.Roles {
		t.add(r)
	}
	return t
}

// counters is the mutable, locked form of Stats.
type counters struct {
	mu    sync.Mutex
	roles map[Role]*RoleStats
}

func (c *counters) update(role Role, f func(*RoleStats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.roles == nil {
		c.roles = map[Role]*RoleStats{}
	}
	r := c.roles[role]
	if r == nil {
		r = &RoleStats{}
		c.roles[role] = r
	}
	f(r)
}

func (c *counters) snapshot() map[Role]RoleStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[Role]RoleStats, len(c.roles))
	for k, v := range c.roles {
		cp := *v
		cp.Errors = maps.Clone(v.Errors)
		cp.AttemptErrors = maps.Clone(v.AttemptErrors)
		out[k] = cp
	}
	return out
}

func inc(m *map[string]int64, k string) {
	if *m == nil {
		*m = map[string]int64{}
	}
	(*m)[k]++
}

// cost returns the USD cost of usage under price.
func cost(p Price, u Usage) float64 {
	return (float64(u.PromptTokens)*p.Prompt + float64(u.CompletionTokens)*p.Completion) / 1e6
}

// Cost returns the USD cost of a response to a call of role under
// Config.PricesPer1M: the price of the role's configured model, else of the
// model the endpoint reported. A cached response costs nothing (it was paid
// for when it was made), and so does a model without a price.
func (c *Client) Cost(role Role, resp Response) float64 {
	if resp.Cached {
		return 0
	}
	price, ok := c.cfg.PricesPer1M[c.cfg.Models[role]]
	if !ok {
		price = c.cfg.PricesPer1M[resp.Model]
	}
	return cost(price, resp.Usage)
}
