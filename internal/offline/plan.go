package offline

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
)

// source is a value a part can give to a later part: its integer answer,
// or an integer projection of a non-integer answer (a giveDecl).
type source struct {
	give     *giveDecl // nil: the answer itself
	quantity string
	min, max int64
	// exact is set when the generator knows the value of each draw (the
	// exemplar's answer value expression, with any fed param known too),
	// so the draw can be steered into the range of the param it feeds.
	exact bool
}

// accepts reports whether the param t can take the value s: t's quantity
// accepts s's quantity, and s's range lies inside t's (for an exact
// source, overlaps it: its draw is then kept inside t's range).
func (t *takeDecl) accepts(s source) bool {
	if t.Exact && !s.exact {
		return false
	}
	for _, q := range accepts[t.Quantity] {
		if q == s.quantity {
			if s.exact {
				return s.max >= t.Min && s.min <= t.Max
			}
			return s.min >= t.Min && s.max <= t.Max
		}
	}
	return false
}

// edge feeds the value src of part from into the param take of part to
// (indexes into plan.parts).
type edge struct {
	from, to int
	src      source
	take     *takeDecl
}

// Ways to combine results that do not feed one another, by preference: a
// question that needs both results, and a sum as the last resort.
const (
	combineLarger     = "larger"     // the larger (largest) of the results
	combineDifference = "difference" // |N - M|
	combineRatio      = "ratio"      // N / M
	combineSpread     = "spread"     // the largest minus the smallest of three
	combineSum        = "sum"
)

// plan arranges the parts of a program: parts in program order, the
// edges that feed one part's result into another, and, when more than one
// result is left over (the sinks), how they are combined into the answer.
// Without a combination the last part's result is the answer.
type plan struct {
	parts   []*exemplar
	edges   []edge
	combine string
	sinks   []int
}

// score ranks plans: each edge counts 4 (3 through a projection); a
// combination question costs 1, a sum 2.
func (p plan) score() int {
	s := 4 * len(p.edges)
	for _, e := range p.edges {
		if e.src.give != nil {
			s--
		}
	}
	switch p.combine {
	case combineSum:
		s -= 2
	case "":
	default:
		s--
	}
	return s
}

// bestScore is the score of a full chain of n parts.
func bestScore(n int) int { return 4 * (n - 1) }

func numericKind(k string) bool { return k == "integer" || k == "rational" || k == "real" }

// combinable reports whether e's result can be a term of a combination.
func combinable(e *exemplar) bool {
	return len(e.Noun) > 0 && numericKind(e.Answer.Kind) && e.Answer.Min != nil && e.Answer.Max != nil &&
		(!e.Answer.Approx || floorGive(e) != nil)
}

// floorGive is the floor projection an approximate result is combined
// through (its digits would otherwise leak into exact arithmetic).
func floorGive(e *exemplar) *giveDecl {
	for _, g := range e.Gives {
		if g.Take == "floor" {
			return g
		}
	}
	return nil
}

// sinkRange is the range of e's result as a term of a combination.
func sinkRange(e *exemplar, fed *takeDecl) (lo, hi float64) {
	if e.Answer.Approx {
		g := floorGive(e)
		return float64(g.Min), float64(g.Max)
	}
	return answerRange(e, fed)
}

// sinkInteger reports whether e's term of a combination is an integer.
func sinkInteger(e *exemplar) bool { return e.Answer.Kind == "integer" || e.Answer.Approx }

// comparable reports whether two results measure the same kind of thing,
// so that comparing them or taking their difference or ratio makes sense.
func comparable(a, b *exemplar) bool {
	qa, qb := a.Answer.Quantity, b.Answer.Quantity
	plain := func(q string) bool { return q == "count" || q == "integer" }
	return qa == qb || (plain(qa) && plain(qb))
}

// combiner picks how to combine the results of exs (2 or 3 parts; fed[i]
// is the take through which exs[i] is fed, or nil) with a question that
// needs every result: the positive difference, the larger (largest) when
// the ranges overlap, the ratio of two integers, or for three results the
// largest minus the smallest. A sum is left for results that are not
// real numbers with known ranges (never, in practice).
func combiner(rng *rand.Rand, exs []*exemplar, fed []*takeDecl) (string, bool) {
	for _, e := range exs {
		if !combinable(e) {
			return "", false
		}
	}
	lo, hi := make([]float64, len(exs)), make([]float64, len(exs))
	for i, e := range exs {
		lo[i], hi[i] = sinkRange(e, fed[i])
	}
	overlapping := true
	for i := range exs {
		for j := i + 1; j < len(exs); j++ {
			if lo[i] > hi[j] || lo[j] > hi[i] {
				overlapping = false
			}
		}
	}
	var ops []string
	if overlapping {
		ops = append(ops, combineLarger)
	}
	switch len(exs) {
	case 2:
		ops = append(ops, combineDifference)
		if sinkInteger(exs[0]) && sinkInteger(exs[1]) && lo[1] > 0 && comparable(exs[0], exs[1]) {
			ops = append(ops, combineRatio)
		}
	case 3:
		ops = append(ops, combineSpread)
	}
	if len(ops) == 0 {
		return combineSum, true
	}
	return ops[rng.IntN(len(ops))], true
}

// sourcesWhenFed lists what ex can give when its param fed is taken from
// another part (nil: none is): the answer's range is then the one the take
// declares.
func sourcesWhenFed(ex *exemplar, fed *source, fedTake *takeDecl) []source {
	if fed == nil {
		return ex.srcs
	}
	out := make([]source, len(ex.srcs))
	copy(out, ex.srcs)
	for i := range out {
		if out[i].give != nil {
			continue
		}
		if fedTake.Answer != nil {
			out[i].min, out[i].max = int64(math.Ceil(fedTake.Answer[0])), int64(math.Floor(fedTake.Answer[1]))
		}
		// The value is known only if the fed value is.
		out[i].exact = out[i].exact && fed.exact
	}
	return out
}

// answerRange is ex's answer range when its param fed is taken from another part.
func answerRange(ex *exemplar, fed *takeDecl) (lo, hi float64) {
	if fed != nil && fed.Answer != nil {
		return fed.Answer[0], fed.Answer[1]
	}
	return *ex.Answer.Min, *ex.Answer.Max
}

// link finds a way for part from (itself fed by the edge fedFrom, or nil) to
// feed part to (one of from's sources into one of to's takes, other than
// skip), chosen at random among those that fit.
func link(rng *rand.Rand, seq []*exemplar, from, to int, fedFrom *edge, skip *takeDecl) (edge, bool) {
	var opts []edge
	var srcs []source
	if fedFrom == nil {
		srcs = seq[from].srcs
	} else {
		srcs = sourcesWhenFed(seq[from], &fedFrom.src, fedFrom.take)
	}
	for _, s := range srcs {
		for _, t := range seq[to].Takes {
			if t != skip && t.accepts(s) {
				opts = append(opts, edge{from: from, to: to, src: s, take: t})
			}
		}
	}
	if len(opts) == 0 {
		return edge{}, false
	}
	// Prefer the answer itself over a projection.
	var direct []edge
	for _, o := range opts {
		if o.src.give == nil {
			direct = append(direct, o)
		}
	}
	if len(direct) > 0 {
		opts = direct
	}
	return opts[rng.IntN(len(opts))], true
}

// wire finds the best plan for parts in the order seq: a chain, a tree
// (two parts feeding the last), a chain with a combined remainder, or a
// combination of all results.
func wire(rng *rand.Rand, seq []*exemplar) (plan, bool) {
	var cands []plan
	add := func(p plan) { cands = append(cands, p) }
	switch len(seq) {
	case 1:
		return plan{parts: seq}, true
	case 2:
		if e, ok := link(rng, seq, 0, 1, nil, nil); ok {
			add(plan{parts: seq, edges: []edge{e}})
		}
		if op, ok := combiner(rng, seq, []*takeDecl{nil, nil}); ok {
			add(plan{parts: seq, combine: op, sinks: []int{0, 1}})
		}
	case 3:
		if e1, ok := link(rng, seq, 0, 1, nil, nil); ok {
			if e2, ok := link(rng, seq, 1, 2, &e1, nil); ok {
				add(plan{parts: seq, edges: []edge{e1, e2}})
			}
			if op, ok := combiner(rng, seq[1:], []*takeDecl{e1.take, nil}); ok {
				add(plan{parts: seq, edges: []edge{e1}, combine: op, sinks: []int{1, 2}})
			}
		}
		if e1, ok := link(rng, seq, 0, 2, nil, nil); ok {
			if e2, ok := link(rng, seq, 1, 2, nil, e1.take); ok {
				add(plan{parts: seq, edges: []edge{e1, e2}})
			}
		}
		if op, ok := combiner(rng, seq, []*takeDecl{nil, nil, nil}); ok {
			add(plan{parts: seq, combine: op, sinks: []int{0, 1, 2}})
		}
	}
	if len(cands) == 0 {
		return plan{}, false
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.score() > best.score() {
			best = c
		}
	}
	return best, true
}

func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for pos := 0; pos <= len(p); pos++ {
			q := append(append(append([]int{}, p[:pos]...), n-1), p[pos:]...)
			out = append(out, q)
		}
	}
	return out
}

// arrange finds the best plan for a fixed choice of exemplars over all
// orders (tried in a seeded order; the first of the best scores wins).
func arrange(rng *rand.Rand, exs []*exemplar) (plan, bool) {
	perms := permutations(len(exs))
	rng.Shuffle(len(perms), func(i, j int) { perms[i], perms[j] = perms[j], perms[i] })
	var best plan
	found := false
	for _, p := range perms {
		seq := make([]*exemplar, len(p))
		for i, k := range p {
			seq[i] = exs[k]
		}
		pl, ok := wire(rng, seq)
		if !ok {
			continue
		}
		if !found || pl.score() > best.score() {
			best, found = pl, true
		}
		if best.score() == bestScore(len(exs)) {
			break
		}
	}
	return best, found
}

// maxCombinations bounds the exemplar combinations choosePlans tries.
const maxCombinations = 4000

// planAlternatives is how many plans of the best score choosePlans
// collects before it stops looking (the first one that can be drawn is used).
const planAlternatives = 4

// choosePlans draws one exemplar per topic and arranges them. Plans whose
// parts feed one another are preferred: when the drawn exemplars cannot
// form a full chain, the other exemplar combinations of the same topics are
// tried in a seeded order. It returns the best plans found, best first (a
// combination question, and a plain sum only as the last resort), so that
// the caller can fall back when a plan's params cannot be drawn.
func choosePlans(rng *rand.Rand, cands [][]*exemplar) ([]plan, error) {
	var found []plan
	add := func(p plan) {
		found = append(found, p)
	}
	first := make([]*exemplar, len(cands))
	for i, c := range cands {
		first[i] = c[rng.IntN(len(c))]
	}
	if pl, ok := arrange(rng, first); ok {
		add(pl)
	}
	target := bestScore(len(cands))
	enough := func() bool {
		n := 0
		for _, p := range found {
			if p.score() >= target {
				n++
			}
		}
		return n >= planAlternatives
	}
	total := 1
	for _, c := range cands {
		total *= len(c)
		if total > maxCombinations {
			total = maxCombinations
			break
		}
	}
	if !(len(found) > 0 && found[0].score() >= target && total == 1) {
		for _, k := range rng.Perm(total) {
			if enough() {
				break
			}
			pick := make([]*exemplar, len(cands))
			for i, c := range cands {
				pick[i] = c[k%len(c)]
				k /= len(c)
			}
			if pl, ok := arrange(rng, pick); ok {
				add(pl)
			}
		}
	}
	// Best score first; the drawn exemplars first among equals.
	sort.SliceStable(found, func(i, j int) bool { return found[i].score() > found[j].score() })
	if len(found) > 2*planAlternatives {
		found = found[:2*planAlternatives]
	}
	// Last resort: the drawn exemplars without edges, whose params are
	// drawn independently (and so can always be drawn).
	if len(first) > 1 {
		idx := make([]int, len(first))
		for i := range idx {
			idx[i] = i
		}
		if op, ok := combiner(rng, first, make([]*takeDecl, len(first))); ok {
			found = append(found, plan{parts: first, combine: op, sinks: idx})
		}
	}
	if len(found) == 0 {
		return nil, errors.New("no composable exemplars (need a noun and a numeric answer, or a matching take)")
	}
	return found, nil
}
