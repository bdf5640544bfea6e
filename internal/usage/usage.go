// Package usage accounts for the LLM calls made on behalf of rows. A Meter
// completes requests with a client, charges each response's tokens and cost
// to the row it was made for (schemas.Record.Usage, per role), sums what it
// spent since it was last asked (a stage reports that as metrics) and keeps
// the first fatal error (the endpoint is down or refuses the
// configuration), with which the stage fails its bundle.
//
// The package is pure Go (no Beam).
package usage

import (
	"context"
	"sync"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/schemas"
)

// Client is the LLM client a Meter calls (*llm.Client).
type Client interface {
	Complete(ctx context.Context, req llm.Request) (llm.Response, error)
	// Cost is the price of a response in USD (0 without prices).
	Cost(role llm.Role, resp llm.Response) float64
}

// Meter completes requests and accounts for them. It is safe for
// concurrent use.
type Meter struct {
	client Client

	mu    sync.Mutex
	spent map[llm.Role]schemas.Usage
	fatal error
}

// NewMeter returns a meter calling c.
func NewMeter(c Client) *Meter { return &Meter{client: c} }

// Complete sends req for rec. On success the response's usage and cost are
// added to rec.Usage[req.Role] and to the meter's spend; a fatal error
// (llm.Fatal) is kept for Err.
func (m *Meter) Complete(ctx context.Context, rec *schemas.Record, req llm.Request) (llm.Response, error) {
	resp, err := m.client.Complete(ctx, req)
	if err != nil {
		if llm.Fatal(err) {
			m.mu.Lock()
			if m.fatal == nil {
				m.fatal = err
			}
			m.mu.Unlock()
		}
		return resp, err
	}
	u := resp.RecordUsage()
	u.CostUSD = m.client.Cost(req.Role, resp)
	Add(rec, string(req.Role), u)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.spent == nil {
		m.spent = map[llm.Role]schemas.Usage{}
	}
	m.spent[req.Role] = Sum(m.spent[req.Role], u)
	return resp, nil
}

// Err is the first fatal error a call returned, or nil.
func (m *Meter) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.fatal
}

// Take returns the usage per role spent since the last Take and resets it.
func (m *Meter) Take() map[llm.Role]schemas.Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	spent := m.spent
	m.spent = nil
	return spent
}

// Add adds u to the row's usage of role.
func Add(rec *schemas.Record, role string, u schemas.Usage) {
	if rec.Usage == nil {
		rec.Usage = map[string]schemas.Usage{}
	}
	rec.Usage[role] = Sum(rec.Usage[role], u)
}

// Sum adds two usages, field by field: the cache hits' recorded tokens
// and the latencies too (a plan projects from them).
func Sum(a, b schemas.Usage) schemas.Usage {
	a.PromptTokens += b.PromptTokens
	a.CompletionTokens += b.CompletionTokens
	a.Calls += b.Calls
	a.CacheHits += b.CacheHits
	a.CostUSD += b.CostUSD
	a.CachedPromptTokens += b.CachedPromptTokens
	a.CachedCompletionTokens += b.CachedCompletionTokens
	a.LatencyMillis += b.LatencyMillis
	return a
}
