package evolve

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Parent is a program to evolve with the text that states its problem.
type Parent struct {
	// Source is the program.
	Source string
	// Problem is the problem statement the program solves (the seed
	// problem, or the offline template's problem text).
	Problem string
	// Offline is the offline generator's templates, when the program has
	// them; they are re-rendered with the new givens.
	Offline *schemas.OfflineText
	// Avoid are texts whose numbers new givens must not take (an
	// ancestor's problem: a chain of perturbations must not walk back to
	// the seed problem).
	Avoid []string
}

// Given is a number of a program that its problem states: a candidate for
// perturb_givens.
type Given struct {
	// Value is the (unsigned) value.
	Value *big.Rat
	// Decimals is the largest number of decimal places it is written with
	// in the program (0 for integers).
	Decimals int
	// Uses is how many times the program writes it.
	Uses int
}

// ErrNoGivens means the program has no number that its problem states
// unambiguously, so perturb_givens cannot change it consistently.
var ErrNoGivens = errors.New("no perturbable givens: no number of the program is stated unambiguously in its problem")

// Givens returns the numbers perturb_givens may change, in order of first
// use in the program. A number qualifies when
//   - the program writes it as a plain decimal (42, 2.5, '48'), never as an
//     exponent (x**2 is structure, not data), and it is not 0 or 1;
//   - the problem text states it as a free-standing number, never as a
//     superscript;
//   - for offline programs, it is one of the generator's declared givens;
//   - a single-digit integer is written once in the program and stated once
//     in the problem (and at most once in the offline steps): small numbers
//     that occur several times are often structural (the 2 of 2π next to
//     a given 2), and changing them all would make the text lie.
func Givens(p Parent) ([]Given, error) {
	lits, err := Literals(p.Source)
	if err != nil {
		return nil, err
	}
	problem := p.Problem
	if p.Offline != nil {
		problem = p.Offline.Problem // it ends with AnswerAs
	}
	stated := map[string]int{}
	exponentInText := map[string]bool{}
	for _, tn := range TextNumbers(problem) {
		k := tn.Value.RatString()
		switch {
		case tn.Exponent:
			exponentInText[k] = true
		case !tn.Attached:
			stated[k]++
		}
	}
	inSteps := map[string]int{}
	var declared map[string]bool
	if p.Offline != nil {
		for _, s := range p.Offline.Steps {
			for _, tn := range TextNumbers(s) {
				if !tn.Attached {
					inSteps[tn.Value.RatString()]++
				}
			}
		}
		if len(p.Offline.Givens) > 0 {
			declared = map[string]bool{}
			for _, g := range p.Offline.Givens {
				if v, ok := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(g), "-")); ok {
					declared[v.RatString()] = true
				}
			}
		}
	}
	byKey := map[string]*Given{}
	var order []string
	bad := map[string]bool{}
	for _, l := range lits {
		v := l.Value()
		if v == nil {
			continue
		}
		k := v.RatString()
		if l.Exponent {
			bad[k] = true
		}
		g, ok := byKey[k]
		if !ok {
			g = &Given{Value: v}
			byKey[k] = g
			order = append(order, k)
		}
		g.Uses++
		if d := l.Decimals(); d > g.Decimals {
			g.Decimals = d
		}
	}
	var out []Given
	for _, k := range order {
		g := byKey[k]
		switch {
		case bad[k] || exponentInText[k]:
		case k == "0" || k == "1":
		case stated[k] == 0:
		case declared != nil && !declared[k]:
		case g.Value.IsInt() && g.Value.Cmp(big.NewRat(10, 1)) < 0 && (g.Uses > 1 || stated[k] > 1 || inSteps[k] > 1):
		default:
			out = append(out, *g)
		}
	}
	return out, nil
}

// Change is one given changed by perturb_givens.
type Change struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Perturbed is a program with changed givens and its re-rendered text.
type Perturbed struct {
	// Source is the new program (comments removed).
	Source string
	// Problem is the parent's problem text with the new givens.
	Problem string
	// Offline is the re-rendered offline templates (nil when the parent
	// had none).
	Offline *schemas.OfflineText
	Changes []Change
}

// Perturb changes some givens of the program (see Givens) to new values
// drawn from rng, and writes them consistently into the program (every
// literal with that value), the problem text and, for offline programs,
// the solution templates and declared givens. A new value keeps the
// original's sign (signs are not part of literals), integer-ness and number
// of decimal places, stays within a factor of two and in the same power of
// ten (magnitude band), and differs from every number the program or its
// text already uses, so the text stays unambiguous. At least one and at
// most three givens change.
func Perturb(p Parent, rng *rand.Rand) (Perturbed, error) {
	givens, err := Givens(p)
	if err != nil {
		return Perturbed{}, err
	}
	if len(givens) == 0 {
		return Perturbed{}, ErrNoGivens
	}
	taken := usedValues(p)
	// Choose which givens change: each with probability 1/2, at least one,
	// at most three.
	idx := rng.Perm(len(givens))
	var chosen []Given
	for _, i := range idx {
		if len(chosen) == 0 || (len(chosen) < 3 && rng.IntN(2) == 0) {
			chosen = append(chosen, givens[i])
		}
	}
	mapping := map[string]*big.Rat{}
	var changes []Change
	for _, g := range chosen {
		nv, ok := drawNear(g, taken, rng)
		if !ok {
			continue
		}
		taken[nv.RatString()] = true
		mapping[g.Value.RatString()] = nv
		changes = append(changes, Change{From: formatLike(g.Value, g.Decimals, false), To: formatLike(nv, g.Decimals, false)})
	}
	if len(mapping) == 0 {
		return Perturbed{}, fmt.Errorf("%w (no admissible new value for %d candidates)", ErrNoGivens, len(chosen))
	}
	src, err := applyToSource(p.Source, mapping)
	if err != nil {
		return Perturbed{}, err
	}
	out := Perturbed{Source: src, Problem: ReplaceNumbers(p.Problem, mapping), Changes: changes}
	if o := p.Offline; o != nil {
		no := &schemas.OfflineText{
			Problem:  ReplaceNumbers(o.Problem, mapping),
			AnswerAs: ReplaceNumbers(o.AnswerAs, mapping),
		}
		for _, s := range o.Steps {
			no.Steps = append(no.Steps, ReplaceNumbers(s, mapping))
		}
		for _, g := range o.Givens {
			neg := strings.HasPrefix(strings.TrimSpace(g), "-")
			v, ok := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(g), "-"))
			if ok {
				if to, hit := mapping[v.RatString()]; hit {
					g = formatLike(to, decimals(g), false)
					if neg {
						g = "-" + g
					}
				}
			}
			no.Givens = append(no.Givens, g)
		}
		out.Offline = no
		if p.Problem == "" || p.Problem == o.Problem {
			out.Problem = no.Problem
		}
	}
	return out, nil
}

// applyToSource rewrites every plain literal whose value is mapped and
// removes comments (they describe the parent's numbers).
func applyToSource(src string, mapping map[string]*big.Rat) (string, error) {
	lits, err := Literals(src)
	if err != nil {
		return "", err
	}
	repl := map[int]string{}
	for _, l := range lits {
		v := l.Value()
		if v == nil {
			continue
		}
		if to, ok := mapping[v.RatString()]; ok {
			repl[l.Start] = formatLike(to, l.Decimals(), false)
		}
	}
	out := replaceSpans(src, lits, repl)
	return StripComments(out)
}

// usedValues collects every number of the program, its texts and the texts
// to avoid (and 0, 1): new givens must not collide with them.
func usedValues(p Parent) map[string]bool {
	taken := map[string]bool{"0": true, "1": true}
	if lits, err := Literals(p.Source); err == nil {
		for _, l := range lits {
			if v := l.Value(); v != nil {
				taken[v.RatString()] = true
			}
		}
	}
	texts := append([]string{p.Problem}, p.Avoid...)
	if o := p.Offline; o != nil {
		texts = append(texts, o.Problem, o.AnswerAs)
		texts = append(texts, o.Steps...)
	}
	for _, t := range texts {
		for _, tn := range TextNumbers(t) {
			taken[tn.Value.RatString()] = true
		}
	}
	return taken
}

// band returns the admissible range for a new value of g: within a factor
// of two and inside g's power of ten.
func band(g Given) (lo, hi *big.Rat) {
	v := g.Value
	// decade: 10^k <= v < 10^(k+1)
	ten := big.NewRat(10, 1)
	dlo := big.NewRat(1, 1)
	for dlo.Cmp(v) > 0 {
		dlo.Quo(dlo, ten)
	}
	for new(big.Rat).Mul(dlo, ten).Cmp(v) <= 0 {
		dlo.Mul(dlo, ten)
	}
	step := unit(g.Decimals)
	dhi := new(big.Rat).Sub(new(big.Rat).Mul(dlo, ten), step)
	lo = new(big.Rat).Quo(v, big.NewRat(2, 1))
	hi = new(big.Rat).Mul(v, big.NewRat(2, 1))
	if lo.Cmp(dlo) < 0 {
		lo = dlo
	}
	if hi.Cmp(dhi) > 0 {
		hi = dhi
	}
	return lo, hi
}

func unit(dec int) *big.Rat {
	return new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dec)), nil))
}

// drawNear draws a new value for g on the grid of its decimal places inside
// band(g), avoiding taken values.
func drawNear(g Given, taken map[string]bool, rng *rand.Rand) (*big.Rat, bool) {
	lo, hi := band(g)
	step := unit(g.Decimals)
	// grid indexes: ceil(lo/step) .. floor(hi/step)
	a := ceilRat(new(big.Rat).Quo(lo, step))
	b := floorRat(new(big.Rat).Quo(hi, step))
	if a.Cmp(b) > 0 {
		return nil, false
	}
	n := new(big.Int).Sub(b, a)
	n.Add(n, big.NewInt(1))
	pick := func(i *big.Int) *big.Rat {
		return new(big.Rat).Mul(new(big.Rat).SetInt(i), step)
	}
	if n.IsInt64() && n.Int64() <= 400 {
		var cands []*big.Rat
		for i := new(big.Int).Set(a); i.Cmp(b) <= 0; i.Add(i, big.NewInt(1)) {
			v := pick(i)
			if !taken[v.RatString()] {
				cands = append(cands, v)
			}
		}
		if len(cands) == 0 {
			return nil, false
		}
		sort.Slice(cands, func(i, j int) bool { return cands[i].Cmp(cands[j]) < 0 })
		return cands[rng.IntN(len(cands))], true
	}
	if !n.IsInt64() {
		return nil, false
	}
	for try := 0; try < 64; try++ {
		off := big.NewInt(rng.Int64N(n.Int64()))
		v := pick(off.Add(off, a))
		if !taken[v.RatString()] {
			return v, true
		}
	}
	return nil, false
}

func floorRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() < 0 {
		q.Sub(q, big.NewInt(1))
	}
	return q
}

func ceilRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}
