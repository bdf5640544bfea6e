// Package steps checks the arithmetic of the steps of a worked solution: the
// GSM8K calculator annotations "<<48/2=24>>" and plain equalities written in
// the text ("5 × 3 = 15", "$\frac{3}{4} \cdot 8 = 6$", "2^3=8").
//
// Every left side is evaluated exactly with math/big.Rat (+ - * / × ÷ \cdot
// \times, parentheses, ^ and **, decimals, thousands separators, percentages,
// \frac, \sqrt of perfect squares, \binom, n!) and compared with the claimed
// result. The checker is deliberately conservative: a text step is only
// extracted when its left side is made of numbers and operators alone, starts
// at a clear boundary (start of line or formula, "=", a word that is not a
// label like "day" or an operator word like "of") and its right side is a
// single number followed by nothing that extends it; and a step is only
// flagged when no reasonable reading of it is correct:
//
//   - A claimed decimal c with d fraction digits accepts any computed value v
//     with |v - c| < 10^-d, i.e. c is v rounded or truncated to d places, as
//     solutions write "10/3 = 3.33", "22/7 = 3.1428" or "100 / 6 = 16 and
//     2/3". Claimed fractions ("= 3/4", "= \frac{3}{4}") must be exact.
//   - "50%" may mean 0.5 or 50 on either side ("3/5 = 60%", "0.6*100 = 60%").
//   - "2\frac{1}{2}" may be a mixed number or a product.
//   - Text steps (not annotations, which are calculator input) may also be
//     read left to right ("5 + 3 * 2 = 16"), with unspaced fractions binding
//     tighter ("25 / 1/3 = 75"), or as numerator over denominator ("500 * 18
//     / 60 * 5 = 30"); and a unit named on the line (cents, hundred, thousand,
//     million, billion) may scale the claim ("$1 / 2 = 50 cents").
//   - Lines about modular arithmetic, other bases or digits (mentioning
//     "mod", "\equiv", "remainder", "base", "digit", "congruent") are not
//     flagged; values that are not exact rationals (\sqrt{2}, 2^0.5), clock
//     times and codes with leading zeros, ratios "3:2", ranges "1-2",
//     subscripts, function arguments and expressions with variables are not
//     checked.
//
// Check runs over all of GSM8K test+train, MATH500 and MATH test+train in a
// few seconds; testdata/known_flagged.json lists every step it flags there,
// each judged by hand.
package steps

import (
	"math/big"
	"strings"
)

// Step kinds.
const (
	// KindAnnotation is a GSM8K calculator annotation <<expr=result>>.
	KindAnnotation = "annotation"
	// KindInline is an equality written in the solution text.
	KindInline = "inline"
)

// Step is one arithmetic claim of a solution.
type Step struct {
	// Kind is KindAnnotation or KindInline.
	Kind string `json:"kind"`
	// Line is the 1-based line of the solution the step is on.
	Line int `json:"line"`
	// Text is the step as written (for annotations the whole <<...>>).
	Text string `json:"text"`
	// Expr is the left side as written.
	Expr string `json:"expr"`
	// Claimed is the claimed result as written.
	Claimed string `json:"claimed"`
	// Computed is the exact value of Expr: an integer, a terminating decimal,
	// or "p/q (≈d)" (set for checked steps).
	Computed string `json:"computed,omitempty"`
}

// Result is the outcome of checking one solution.
type Result struct {
	// Steps counts the arithmetic claims found: every annotation, and every
	// inline equality whose left side parses as an arithmetic expression.
	// Inline equalities that repeat an annotation of the same line are not
	// counted again.
	Steps int `json:"steps"`
	// Checked counts the steps whose left side could be evaluated exactly and
	// compared with the claim.
	Checked int `json:"checked"`
	// Wrong lists the checked steps whose claim is wrong under every reading.
	Wrong []Step `json:"wrong,omitempty"`
}

// OK reports whether no step was found wrong.
func (r Result) OK() bool { return len(r.Wrong) == 0 }

// Check extracts and checks the arithmetic steps of a solution.
func Check(solution string) Result {
	var t tally
	t.check(solution)
	return t.res
}

// judged is a step with its verdict (kept by tally when keepAll is set, for tests).
type judged struct {
	Step
	verdict verdict
}

// tally accumulates the outcome of the steps of one solution.
type tally struct {
	res     Result
	keepAll bool
	all     []judged
}

func (t *tally) add(st Step, v verdict) {
	t.res.Steps++
	switch v {
	case correct:
		t.res.Checked++
	case wrong:
		t.res.Checked++
		t.res.Wrong = append(t.res.Wrong, st)
	}
	if t.keepAll {
		t.all = append(t.all, judged{st, v})
	}
}

func (t *tally) check(solution string) {
	// Annotations first; then the text with annotations removed, so that
	// "16 - 3 - 4 = <<16-3-4=9>>9" reads "16 - 3 - 4 = 9".
	var (
		anns  []annotation
		clean strings.Builder
		last  int
		line  = 1
	)
	for from := 0; ; {
		s, e, ok := nextAnnotation(solution, from)
		if !ok {
			break
		}
		from = e
		line += strings.Count(solution[last:s], "\n")
		clean.WriteString(solution[last:s])
		last = e
		st, a, v := checkAnnotation(solution[s:e], solution[s+2:e-2], line)
		if v != unchecked {
			anns = append(anns, a)
		}
		t.add(st, v)
	}
	text := solution
	if last > 0 {
		clean.WriteString(solution[last:])
		text = clean.String()
	}
	checkInline(text, anns, t)
}

// nextAnnotation finds the next "<<...>>" at or after from whose content has
// no '<', '>' or newline, returning its span.
func nextAnnotation(s string, from int) (int, int, bool) {
	for {
		i := strings.Index(s[from:], "<<")
		if i < 0 {
			return 0, 0, false
		}
		start := from + i
		j := start + 2
		for j < len(s) && s[j] != '<' && s[j] != '>' && s[j] != '\n' {
			j++
		}
		if strings.HasPrefix(s[j:], ">>") {
			return start, j + 2, true
		}
		from = start + 1
	}
}

// annotation is a checked annotation, kept so that the text repeating it is
// not counted twice.
type annotation struct {
	line  int
	tree  *node
	claim claim
}

// repeats reports whether an inline step on line with tree and claim c is
// the same as the annotation.
func (a annotation) repeats(line int, tree *node, c claim) bool {
	return a.line == line && a.claim.percent == c.percent && a.claim.val.Cmp(c.val) == 0 && sameTree(a.tree, tree)
}

func sameTree(a, b *node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.kind != b.kind || (a.kind == nNum && a.val.Cmp(b.val) != 0) {
		return false
	}
	return sameTree(a.l, b.l) && sameTree(a.r, b.r)
}

// claim is a parsed claimed result.
type claim struct {
	text     string
	val      *big.Rat
	decimals int
	percent  bool
	exact    bool // a fraction: no rounding tolerance
}

// checkAnnotation checks "<<expr=result>>". It returns the step, the parsed
// annotation and the verdict.
func checkAnnotation(text, inner string, line int) (Step, annotation, verdict) {
	st := Step{Kind: KindAnnotation, Line: line, Text: text}
	eq := strings.Index(inner, "=")
	if eq < 0 {
		return st, annotation{}, unchecked
	}
	st.Expr = inner[:eq]
	st.Claimed = strings.TrimSpace(inner[strings.LastIndex(inner, "=")+1:])
	run := lex(st.Expr)
	tree, err := parseExpr(run, reading{})
	if err != nil {
		return st, annotation{}, unchecked
	}
	c, ok := parseClaim(lex(st.Claimed))
	if !ok {
		return st, annotation{}, unchecked
	}
	return st, annotation{line: line, tree: tree, claim: c}, judge(tree, run, c, nil, true, &st)
}

// parseClaim parses a whole claim token run: an optionally negative number
// with an optional percent sign, or a fraction.
func parseClaim(toks []token) (claim, bool) {
	var nonSpace []token
	for _, t := range toks {
		if t.kind != tSpace {
			nonSpace = append(nonSpace, t)
		}
	}
	c, k, ok := claimAt(nonSpace, 0)
	return c, ok && k == len(nonSpace)
}

// claimAt reads a claim starting at toks[i] (no leading space): "-"? NUM
// ("/" NUM)? "%"?, or "-"? \frac{NUM}{NUM}. It returns the claim and the
// index after it.
func claimAt(toks []token, i int) (claim, int, bool) {
	start := i
	neg := false
	if i < len(toks) && toks[i].kind == tOp && toks[i].op == '-' && i+1 < len(toks) && toks[i+1].start == toks[i].end {
		neg = true
		i++
	}
	if i >= len(toks) {
		return claim{}, i, false
	}
	var c claim
	switch t := toks[i]; {
	case t.kind == tNum:
		c = claim{val: t.rat(), decimals: int(t.decimals)}
		i++
		// An adjacent integer fraction: "3/4".
		if i+1 < len(toks) && toks[i].kind == tOp && toks[i].op == '/' && toks[i].start == t.end &&
			toks[i+1].kind == tNum && toks[i+1].start == toks[i].end && t.isInt() && toks[i+1].isInt() &&
			!strings.HasPrefix(toks[i+1].text, "$") {
			if den := toks[i+1].rat(); den.Sign() != 0 {
				c.val.Quo(c.val, den)
				c.exact = true
				i += 2
			}
		}
	case t.kind == tCmd && isFrac(t.text):
		// \frac{a}{b} with integer a, b.
		if i+6 < len(toks) && toks[i+1].kind == tLBrace && toks[i+2].kind == tNum && toks[i+3].kind == tRBrace &&
			toks[i+4].kind == tLBrace && toks[i+5].kind == tNum && toks[i+6].kind == tRBrace &&
			toks[i+2].isInt() && toks[i+5].isInt() && toks[i+5].rat().Sign() != 0 {
			c = claim{val: new(big.Rat).Quo(toks[i+2].rat(), toks[i+5].rat()), exact: true}
			i += 7
		} else {
			return claim{}, i, false
		}
	default:
		return claim{}, i, false
	}
	if neg {
		c.val.Neg(c.val)
	}
	if i < len(toks) && toks[i].kind == tPercent && toks[i].start == toks[i-1].end {
		c.percent = true
		i++
	}
	c.text = joinText(toks[start:i])
	return c, i, true
}

func joinText(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.start > toks[i-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

type verdict int

const (
	unchecked verdict = iota
	correct
	wrong
)

// judge evaluates tree under every applicable reading and compares with c,
// also accepting the claim scaled by one of the factors (units named in the
// text: "$1 / 2 = 50 cents", "5 thousand dollars ... 5 * 3 = $15,000").
// A formal step (a calculator annotation) is read only with the usual
// precedence; text steps also get the left-to-right, tight-fraction and
// numerator/denominator readings. It fills st.Computed with the value of the
// primary reading.
func judge(tree *node, run []token, c claim, factors []int64, formal bool, st *Step) verdict {
	primary, err := tree.eval(interp{})
	if err != nil {
		return unchecked
	}
	st.Computed = formatRat(primary)
	ok := func(v *big.Rat) bool {
		if matches(v, c) {
			return true
		}
		for _, f := range factors {
			fr := big.NewRat(f, 1)
			if matches(new(big.Rat).Mul(v, fr), c) || matches(new(big.Rat).Quo(v, fr), c) {
				return true
			}
		}
		return false
	}
	if ok(primary) {
		return correct
	}
	// Alternative readings of ambiguous notation.
	interps := []interp{{}}
	if tree.hasKind(nPct) {
		interps = append(interps, interp{pctIgnore: true})
	}
	if tree.hasKind(nMixed) {
		interps = append(interps, interp{mixedProduct: true})
		if tree.hasKind(nPct) {
			interps = append(interps, interp{pctIgnore: true, mixedProduct: true})
		}
	}
	readings := []reading{{}, {flat: true}, {tight: true}, {flat: true, tight: true}}
	if formal {
		readings = readings[:1]
	}
	for _, rd := range readings {
		alt := tree
		if rd != (reading{}) {
			if alt, err = parseExpr(run, rd); err != nil {
				continue
			}
		}
		for _, in := range interps {
			if v, err := alt.eval(in); err == nil && ok(v) {
				return correct
			}
		}
	}
	// "a * b / c * d = x" written for (a*b)/(c*d): one top-level slash
	// splitting the whole left side into numerator and denominator.
	if num, den, split := splitAtSlash(run); split && !formal {
		for _, in := range interps {
			if q, err := (&node{kind: nDiv, l: num, r: den}).eval(in); err == nil && ok(q) {
				return correct
			}
		}
	}
	return wrong
}

// splitAtSlash parses the two sides of the only "/" outside groups in run.
func splitAtSlash(run []token) (*node, *node, bool) {
	depth, at := 0, -1
	for i, t := range run {
		switch {
		case isOpener(t.kind):
			depth++
		case isCloser(t.kind):
			depth--
		case depth == 0 && t.kind == tOp && t.op == '/':
			if at >= 0 {
				return nil, nil, false
			}
			at = i
		}
	}
	if at < 0 {
		return nil, nil, false
	}
	num, err1 := parseExpr(run[:at], reading{})
	den, err2 := parseExpr(run[at+1:], reading{})
	return num, den, err1 == nil && err2 == nil
}

// matches reports whether v is the claimed value, allowing the claim to be
// v rounded or truncated to the claim's decimal places, and a percentage to
// be read either as a fraction (60% = 0.6) or as its number (60).
func matches(v *big.Rat, c claim) bool {
	cands := []*big.Rat{c.val}
	if c.percent {
		cands = append(cands, new(big.Rat).Quo(c.val, big.NewRat(100, 1)))
	}
	for _, cv := range cands {
		if v.Cmp(cv) == 0 {
			return true
		}
		if c.exact {
			continue
		}
		ulp := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(c.decimals)), nil))
		diff := new(big.Rat).Sub(v, cv)
		if diff.Abs(diff).Cmp(ulp) < 0 {
			return true
		}
	}
	return false
}

// formatRat renders an exact value: integers and terminating decimals in
// full, other rationals as "p/q (≈d)".
func formatRat(v *big.Rat) string {
	if v.IsInt() {
		return v.Num().String()
	}
	// Terminating iff the denominator has no prime factors other than 2 and 5.
	d := new(big.Int).Set(v.Denom())
	two, five, zero := big.NewInt(2), big.NewInt(5), big.NewInt(0)
	places := 0
	for _, p := range []*big.Int{two, five} {
		n := 0
		m := new(big.Int)
		for {
			q, r := new(big.Int).QuoRem(d, p, m)
			if r.Cmp(zero) != 0 {
				break
			}
			d = q
			n++
		}
		places = max(places, n)
	}
	if d.Cmp(big.NewInt(1)) == 0 && places <= 40 {
		return v.FloatString(places)
	}
	return v.RatString() + " (≈" + strings.TrimRight(strings.TrimRight(v.FloatString(6), "0"), ".") + ")"
}
