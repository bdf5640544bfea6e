package llm

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
)

// ErrBudgetExhausted is returned (wrapped in an *Error of KindBudget) by a
// call that would have started after the client's Budget was spent. The
// call made no request; calls already in flight when the cap was reached
// finish normally.
var ErrBudgetExhausted = errors.New("llm budget exhausted")

// KindBudget is the error kind (and rejection reason) of a call refused by
// the Budget.
const KindBudget = "budget_exhausted"

// Limits caps a run's LLM spend. A zero field means no cap.
type Limits struct {
	// MaxCostUSD caps the accounted cost (Config.PricesPer1M) of the
	// responses received.
	MaxCostUSD float64 `json:"max_cost_usd,omitempty"`
	// MaxTokens caps the prompt plus completion tokens of the responses
	// received.
	MaxTokens int64 `json:"max_tokens,omitempty"`
	// Run names the spend counter: the clients of one worker process whose
	// limits name the same run share one Budget (see Budgets). Drivers set
	// it to a fresh id per job.
	Run string `json:"run,omitempty"`
}

// Enabled reports whether any cap is set.
func (l Limits) Enabled() bool { return l.MaxCostUSD > 0 || l.MaxTokens > 0 }

// Validate reports negative caps.
func (l Limits) Validate() error {
	if l.MaxCostUSD < 0 || math.IsNaN(l.MaxCostUSD) || math.IsInf(l.MaxCostUSD, 0) {
		return fmt.Errorf("llm budget: max cost must be a finite number ≥ 0, got %g", l.MaxCostUSD)
	}
	if l.MaxTokens < 0 {
		return fmt.Errorf("llm budget: max tokens must be ≥ 0, got %d", l.MaxTokens)
	}
	return nil
}

// Split divides the caps evenly among n spenders that cannot share one
// counter (e.g. worker processes on a distributed runner), so that their
// sum does not exceed the whole.
func (l Limits) Split(n int) Limits {
	if n <= 1 {
		return l
	}
	return Limits{MaxCostUSD: l.MaxCostUSD / float64(n), MaxTokens: l.MaxTokens / int64(n), Run: l.Run}
}

// Budget is a spend counter with caps, shared by every client (and every
// goroutine) that holds it. A client consults it before each call that
// would reach the endpoint (cache hits cost nothing and are not refused):
// once the accounted spend has reached a cap, no new call starts and the
// call fails with ErrBudgetExhausted. Spend is accounted when a response
// arrives, so calls already in flight when the cap is reached finish and
// are counted: the overshoot is at most one in-flight window (Concurrency
// calls). It is safe for concurrent use.
type Budget struct {
	limits    Limits
	maxNanos  int64
	nanos     atomic.Int64
	tokens    atomic.Int64
	calls     atomic.Int64
	refused   atomic.Int64
	exhausted atomic.Bool
}

// NewBudget returns an empty budget with the given caps.
func NewBudget(l Limits) *Budget {
	b := &Budget{limits: l}
	if l.MaxCostUSD > 0 {
		b.maxNanos = int64(math.Round(l.MaxCostUSD * 1e9))
	}
	return b
}

// Limits returns the caps.
func (b *Budget) Limits() Limits { return b.limits }

// reached reports whether the spend has reached a cap.
func (b *Budget) reached() bool {
	if b.maxNanos > 0 && b.nanos.Load() >= b.maxNanos {
		return true
	}
	return b.limits.MaxTokens > 0 && b.tokens.Load() >= b.limits.MaxTokens
}

// Allow returns nil when a new call may start, or an error wrapping
// ErrBudgetExhausted (and counts the refusal).
func (b *Budget) Allow() error {
	if b == nil {
		return nil
	}
	if !b.reached() {
		return nil
	}
	b.exhausted.Store(true)
	b.refused.Add(1)
	s := b.State()
	return fmt.Errorf("%w: spent %.6f USD and %d tokens of the caps (max cost %s, max tokens %s)",
		ErrBudgetExhausted, s.SpentUSD, s.Tokens, capText(b.limits.MaxCostUSD > 0, fmt.Sprintf("%g USD", b.limits.MaxCostUSD)),
		capText(b.limits.MaxTokens > 0, fmt.Sprint(b.limits.MaxTokens)))
}

func capText(set bool, s string) string {
	if !set {
		return "none"
	}
	return s
}

// Charge accounts a received response's tokens and cost.
func (b *Budget) Charge(tokens int64, costUSD float64) {
	if b == nil {
		return
	}
	b.calls.Add(1)
	b.tokens.Add(tokens)
	b.nanos.Add(int64(math.Round(costUSD * 1e9)))
	if b.reached() {
		b.exhausted.Store(true)
	}
}

// BudgetState is a snapshot of a Budget.
type BudgetState struct {
	Limits Limits `json:"limits"`
	// SpentUSD and Tokens are what the charged responses cost.
	SpentUSD float64 `json:"spent_usd"`
	Tokens   int64   `json:"tokens"`
	// Calls is the number of responses charged.
	Calls int64 `json:"calls"`
	// Refused counts the calls refused because a cap was reached.
	Refused int64 `json:"refused"`
	// Exhausted reports that a cap was reached.
	Exhausted bool `json:"exhausted"`
}

// State returns a snapshot.
func (b *Budget) State() BudgetState {
	return BudgetState{
		Limits: b.limits, SpentUSD: float64(b.nanos.Load()) / 1e9, Tokens: b.tokens.Load(),
		Calls: b.calls.Load(), Refused: b.refused.Load(), Exhausted: b.exhausted.Load() || b.reached(),
	}
}

// Budgets hands out one Budget per key (a run's id) and keeps it for the
// life of the process: every DoFn instance of a run in one worker process
// then consults and charges the same counter, even when the clients that
// hold it are closed and reopened between stages. The zero value is ready
// to use; it is safe for concurrent use. Entries are a few words each and
// one run uses one key, so nothing is ever removed.
type Budgets struct {
	mu sync.Mutex
	m  map[string]*Budget
}

// Get returns the budget of key, creating it with limits l on first use
// (later calls with other limits get the existing budget).
func (r *Budgets) Get(key string, l Limits) *Budget {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]*Budget{}
	}
	b, ok := r.m[key]
	if !ok {
		b = NewBudget(l)
		r.m[key] = b
	}
	return b
}
