package costplan

import (
	"math"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/schemas"
)

// Spread is how much the pilot's seeds differ from one another: the
// standard deviation of one seed's cost, tokens and accepted rows. A seed
// that fails early (no program) costs one generator call, one that goes
// through costs the translator and the checks too, so with a small pilot
// the share of seeds that go through is the main source of projection
// error; Spread turns it into a 95% margin (Projection.*Margin).
type Spread struct {
	// Seeds is the number of seeds measured.
	Seeds      int64   `json:"seeds"`
	CostSD     float64 `json:"cost_sd_usd"`
	TokensSD   float64 `json:"tokens_sd"`
	AcceptedSD float64 `json:"accepted_sd"`
}

// SpreadFromRecords measures the spread of the pilot's rows (accepted and
// rejected: every row the pilot wrote), grouped by seed, each call priced
// at the model its row recorded for the role, cache hits at their
// recorded tokens. Nil without rows.
func SpreadFromRecords(recs []*schemas.Record, prices map[string]llm.Price) *Spread {
	type seed struct{ cost, tokens, accepted float64 }
	by := map[string]*seed{}
	for _, r := range recs {
		key := r.Seed.ID
		if key == "" {
			key = r.ID
		}
		s := by[key]
		if s == nil {
			s = &seed{}
			by[key] = s
		}
		if r.Rejection == nil {
			s.accepted++
		}
		for role, u := range r.Usage {
			prompt := float64(u.PromptTokens + u.CachedPromptTokens)
			completion := float64(u.CompletionTokens + u.CachedCompletionTokens)
			price := prices[r.Provenance.Models[role]]
			s.tokens += prompt + completion
			s.cost += (prompt*price.Prompt + completion*price.Completion) / 1e6
		}
	}
	if len(by) == 0 {
		return nil
	}
	var cost, tokens, accepted []float64
	for _, s := range by {
		cost, tokens, accepted = append(cost, s.cost), append(tokens, s.tokens), append(accepted, s.accepted)
	}
	return &Spread{Seeds: int64(len(by)), CostSD: sd(cost), TokensSD: sd(tokens), AcceptedSD: sd(accepted)}
}

// sd is the sample standard deviation (0 for fewer than two values).
func sd(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// margin is the half-width of the 95% interval of a projection to n
// seeds of a per-seed figure with standard deviation sd measured on a
// pilot of p seeds. The run's first p seeds are the pilot's (the same run
// seed draws them), so only the other n - p are unknown; their sum
// differs from (n - p) times the pilot's mean by the error of that mean
// (variance sd²/p) plus their own spread (sd²/(n - p)), each scaled by
// n - p.
func margin(sd float64, p, n int64) float64 {
	if sd <= 0 || p <= 0 || n <= p {
		return 0
	}
	rest := float64(n - p)
	return 1.96 * sd * rest * math.Sqrt(1/float64(p)+1/rest)
}
