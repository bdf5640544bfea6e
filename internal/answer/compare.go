package answer

import (
	"context"
	"math"
	"math/big"
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// goldNum is a numeric gold.
type goldNum struct {
	n number
	// irrational: n is only the float of an exact non-rational value
	// (sqrt(2), pi/4), so an exact answer close to it cannot be decided in Go.
	irrational bool
	// float: the gold is itself a float (program float, not a decimal with
	// stated precision).
	float bool
	// pct: the gold is in percent units.
	pct bool
}

var floatTypes = map[string]bool{"float": true, "Float": true, "float64": true, "float32": true, "float16": true, "longdouble": true, "float128": true, "double": true}

// CompareValue compares an answer (text, usually the content of \boxed{})
// with a program's result as serialized by the sandbox. The gold drives the
// reading of the answer (see the package documentation).
func (c *Checker) CompareValue(ctx context.Context, answer string, gold schemas.Value) Outcome {
	if why := tooComplex(answer); why != "" {
		return undecided("go:limits", "answer %s", why)
	}
	a := Normalize(answer)
	if a == "" {
		return notEqual("go:empty", "empty answer")
	}
	if gold.Kind == schemas.KindString {
		return c.CompareText(ctx, answer, pyString(gold.Repr))
	}
	if gold.Kind == schemas.KindDict {
		return c.compareDict(ctx, a, gold)
	}
	isEq := valueIsEquation(gold)
	a = resolveApprox(a, gold.Kind == schemas.KindReal && floatTypes[gold.Type])
	if !isEq {
		a = lastRHS(a) // "x = 5+5+1 = 11" -> 11
	}
	if isNumericKind(gold.Kind) && !spacedCommaRe.MatchString(answer) {
		a, _ = decimalComma(a, "0") // "1,5" is 1.5 against a number
	}
	an := interpret(a, isEq)
	if gold.Kind == schemas.KindInterval {
		if iv, ok := asIntervalSet(an); ok {
			an = iv // x \ge 5 against an interval gold
		}
	}
	if o, ok := c.fastValue(an, gold); ok {
		return o
	}
	tree, ok := goldTreeFromValue(gold)
	if !ok {
		return undecided("go:gold", "gold of kind %q has no representation the checker can rebuild", gold.Kind)
	}
	return c.symbolic(ctx, answerTree(an, c.goldInPercent(false)), tree)
}

func isNumericKind(k string) bool {
	return k == schemas.KindInteger || k == schemas.KindRational || k == schemas.KindReal || k == schemas.KindComplex
}

// Input limits: final answers are short; anything beyond these is refused
// (undecided) rather than risking quadratic work in a pipeline worker.
const (
	maxAnswerBytes = 1 << 16
	maxNesting     = 100
	maxElements    = 200
)

// tooComplex explains why a text is beyond the checker's limits ("" if not).
func tooComplex(s string) string {
	if len(s) > maxAnswerBytes {
		return sprintf("is %d bytes long (limit %d)", len(s), maxAnswerBytes)
	}
	depth, deepest := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '(', '[':
			depth++
			deepest = max(deepest, depth)
		case '}', ')', ']':
			depth--
		}
	}
	if deepest > maxNesting {
		return sprintf("nests brackets %d deep (limit %d)", deepest, maxNesting)
	}
	return ""
}

func (c *Checker) goldInPercent(stated bool) bool {
	return stated || (c != nil && c.Percent == PercentGoldInPercent)
}

// valueIsEquation reports a gold that is an equation (then "y = ..." in the
// answer is kept as an equation).
func valueIsEquation(v schemas.Value) bool {
	return strings.HasPrefix(v.Srepr, "Equality(") || (v.Kind == schemas.KindExpr && v.Srepr == "" && isEquationText(Normalize(v.Latex)))
}

var singleBraceRe = regexp.MustCompile(`([\^_])\{([A-Za-z0-9])\}`)

// stringKey is the text used for string equality: normalized, without
// spaces, with parentheses around a lone token removed ("(A)" = "A").
func stringKey(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	s = singleBraceRe.ReplaceAllString(s, "$1$2") // x^{2} = x^2, a_{1} = a_1
	if len(s) >= 3 && s[0] == '(' && s[len(s)-1] == ')' && !strings.ContainsAny(s[1:len(s)-1], "(),") {
		s = s[1 : len(s)-1]
	}
	return s
}

// plainWord reports text made only of letters and spaces ("Monday").
func plainWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) && s[i] != ' ' {
			return false
		}
	}
	return true
}

func sameText(a, b string) bool {
	ka, kb := stringKey(a), stringKey(b)
	if ka == kb {
		return true
	}
	// Case matters in math ("AB" is not "ab"); only words compare
	// case-insensitively ("Monday").
	return plainWord(ka) && plainWord(kb) && len(ka) > 2 && strings.EqualFold(ka, kb)
}

// goldLatex is the gold's LaTeX when it can be trusted for string equality.
func goldLatex(v schemas.Value) (string, bool) {
	if v.Truncated || v.Latex == "" {
		return "", false
	}
	return Normalize(v.Latex), true
}

// fastValue is the Go layer for a gold Value; ok is false when it cannot decide.
func (c *Checker) fastValue(an node, g schemas.Value) (Outcome, bool) {
	if an.kind == nLeaf {
		if gl, ok := goldLatex(g); ok && sameText(an.text, gl) && !an.pct {
			return equal("go:string", "same text as the gold's LaTeX %q", gl), true
		}
	}
	switch g.Kind {
	case schemas.KindInteger, schemas.KindRational, schemas.KindReal, schemas.KindComplex:
		return c.fastScalarValue(an, g)
	case schemas.KindBoolean:
		return fastBool(an, g)
	case schemas.KindTuple, schemas.KindSet:
		return c.fastCollectionValue(an, g)
	case schemas.KindMatrix:
		return c.fastMatrixValue(an, g)
	case schemas.KindInterval:
		return c.fastIntervalValue(an, g)
	case schemas.KindNone:
		if an.kind == nLeaf && (strings.EqualFold(an.text, "none") || strings.EqualFold(an.text, `\text{None}`)) {
			return equal("go:string", "None"), true
		}
	}
	if an.kind == nLeaf && (g.Kind == schemas.KindExpr || g.Kind == schemas.KindOther) && g.Srepr == "" && g.Latex == "" {
		return undecided("go:gold", "gold has neither srepr nor LaTeX"), true
	}
	return Outcome{}, false
}

func fastBool(an node, g schemas.Value) (Outcome, bool) {
	if an.kind != nLeaf {
		return notEqual("go:structure", "answer is a %s, gold a boolean", an.kind), true
	}
	want := strings.EqualFold(strings.TrimSpace(g.Repr), "True")
	switch strings.ToLower(stringKey(an.text)) {
	case "true", "yes":
		return boolOutcome(want, true), true
	case "false", "no":
		return boolOutcome(want, false), true
	}
	return Outcome{}, false
}

func boolOutcome(want, got bool) Outcome {
	if want == got {
		return equal("go:string", "boolean %v", got)
	}
	return notEqual("go:string", "boolean %v, gold %v", got, want)
}

// goldNumber reads a numeric gold from a Value.
func goldNumber(g schemas.Value) (goldNum, bool) {
	switch g.Kind {
	case schemas.KindInteger, schemas.KindRational:
		text := g.Exact
		if text == "" {
			text = g.Repr
		}
		r, ok := new(big.Rat).SetString(strings.TrimSpace(text))
		if !ok {
			return goldNum{}, false
		}
		return goldNum{n: number{re: r, im: new(big.Rat)}}, true
	case schemas.KindReal, schemas.KindComplex:
		if floatTypes[g.Type] || g.Type == "complex" || g.Type == "complex128" {
			return floatGold(g)
		}
		// An exact SymPy value: exact if its LaTeX is a Gaussian rational
		// (14 - i), otherwise known only through its float.
		if gl, ok := goldLatex(g); ok {
			if n, ok := parseNumber(gl); ok && !n.approx {
				return goldNum{n: n}, true
			}
		}
		gn, ok := floatGold(g)
		gn.irrational = true
		gn.float = false
		return gn, ok
	}
	return goldNum{}, false
}

func floatGold(g schemas.Value) (goldNum, bool) {
	if g.Numeric == nil || math.IsNaN(*g.Numeric) || math.IsInf(*g.Numeric, 0) {
		return goldNum{}, false
	}
	re := new(big.Rat)
	if n, ok := parseNumber(strings.TrimSpace(g.Repr)); ok && n.isReal() && g.Imag == nil {
		re = n.re // the repr's digits, e.g. 0.1 rather than 0.1000000000000000055
	} else {
		re.SetFloat64(*g.Numeric)
	}
	im := new(big.Rat)
	if g.Imag != nil {
		if math.IsNaN(*g.Imag) || math.IsInf(*g.Imag, 0) {
			return goldNum{}, false
		}
		im.SetFloat64(*g.Imag)
	}
	return goldNum{n: number{re: re, im: im, approx: true}, float: true}, true
}

func infiniteGold(g schemas.Value) int {
	switch strings.TrimSpace(g.Repr) {
	case "oo", "inf", "Infinity", "float('inf')":
		return 1
	case "-oo", "-inf", "-Infinity":
		return -1
	}
	return 0
}

func (c *Checker) fastScalarValue(an node, g schemas.Value) (Outcome, bool) {
	switch an.kind {
	case nLeaf:
	case nTuple, nBag, nSet:
		if len(an.elems) == 1 {
			return c.fastScalarValue(an.elems[0], g)
		}
		return notEqual("go:structure", "answer has %d values (%s), gold is the single value %s", len(an.elems), describe(an), short(g.Repr)), true
	default:
		return notEqual("go:structure", "answer is a %s, gold a number", an.kind), true
	}
	if inf := infinity(an.text); inf != 0 || infiniteGold(g) != 0 {
		if inf == infiniteGold(g) {
			return equal("go:string", "both %s", an.text), true
		}
		if inf != 0 && g.Numeric != nil {
			return notEqual("go:rational", "answer is infinite, gold %s is finite", short(g.Repr)), true
		}
		return Outcome{}, false
	}
	a, ok := parseNumber(an.text)
	if !ok {
		return Outcome{}, false
	}
	gn, ok := goldNumber(g)
	if !ok {
		return Outcome{}, false
	}
	gn.pct = c.goldInPercent(false)
	return c.compareWithPercent(a, an.pct, gn)
}

// compareWithPercent applies the percent policy, then compares.
func (c *Checker) compareWithPercent(a number, answerPct bool, g goldNum) (Outcome, bool) {
	if !answerPct || g.pct {
		o, ok := c.compareNumbers(a, g)
		if ok && g.pct && o.Verdict == NotEqual {
			if h, hok := c.compareNumbers(scaleNumber(a, 100), g); hok && h.Verdict == Equal && !answerPct {
				if c != nil && c.PercentFraction {
					return equal("go:percent", "%s is the fraction of the gold %s%% (PercentFraction)", a, g.n), true
				}
				o = notEqual("go:percent", "answer %s is a fraction, the gold %s is stated in percent (100× apart)", a, g.n)
			}
		}
		if ok && g.pct && o.Verdict == Equal {
			o = equal("go:percent", "%s equals the gold %s stated in percent", describePct(a, answerPct), g.n)
		} else if ok && g.pct && o.Layer != "go:percent" {
			o.Layer = "go:percent"
			o.Reason += " (gold stated in percent)"
		}
		return o, ok
	}
	frac := scaleNumber(a, 0) // a/100
	o, ok := c.compareNumbers(frac, g)
	if !ok {
		return o, ok
	}
	if o.Verdict == Equal {
		return equal("go:percent", "%s%% = %s", a, frac), true
	}
	if p, pok := c.compareNumbers(a, g); pok && p.Verdict == Equal {
		return notEqual("go:percent", "answer %s%% = %s; the gold %s is not stated as a percent (100× apart)", a, frac, g.n), true
	}
	return notEqual("go:percent", "answer %s%% = %s differs from %s", a, frac, g.n), true
}

func describePct(a number, pct bool) string {
	if pct {
		return a.String() + "%"
	}
	return a.String()
}

// scaleNumber multiplies by 100 (k=100) or divides by 100 (k=0).
func scaleNumber(a number, k int) number {
	f := number{re: big.NewRat(100, 1), im: new(big.Rat)}
	if k == 0 {
		r, _ := div(a, f)
		return r
	}
	return mul(a, f)
}

// compareNumbers decides a number against a numeric gold; ok is false when
// only the sandbox can decide (an exact answer very close to an irrational gold).
func (c *Checker) compareNumbers(a number, g goldNum) (Outcome, bool) {
	exact := a.re.Cmp(g.n.re) == 0 && a.im.Cmp(g.n.im) == 0
	layer := "go:rational"
	switch {
	case !a.isReal() || !g.n.isReal():
		layer = "go:complex"
	case a.approx || g.n.approx:
		layer = "go:decimal"
	case a.isInteger() && g.n.isInteger():
		layer = "go:integer"
	}
	if exact && !g.irrational {
		return equal(layer, "%s = %s", a, g.n), true
	}
	if !a.approx && !g.n.approx {
		return notEqual(layer, "%s ≠ %s (exact)", a, g.n), true
	}
	diff := new(big.Rat).Add(ratAbs(new(big.Rat).Sub(a.re, g.n.re)), ratAbs(new(big.Rat).Sub(a.im, g.n.im)))
	scale := new(big.Rat).Add(ratAbs(a.re), ratAbs(a.im))
	if gs := new(big.Rat).Add(ratAbs(g.n.re), ratAbs(g.n.im)); gs.Cmp(scale) > 0 {
		scale = gs
	}
	rel := new(big.Rat)
	if scale.Sign() > 0 {
		rel.Quo(diff, scale)
	}
	relF, _ := rel.Float64()
	if g.irrational && !a.approx {
		if relF > 1e-9 {
			return notEqual("go:numeric", "exact %s is far from the gold's value %s (relative %.3g)", a, shortFloat(g.n.re), relF), true
		}
		return Outcome{}, false
	}
	if c != nil && c.Decimals > 0 {
		if o, ok := c.compareAtDecimals(a, g, layer); ok {
			return o, true
		}
	}
	tol := new(big.Rat).SetFloat64(c.relTol())
	// The coarsest stated precision among the decimal sides.
	var ulp *big.Rat
	sig := 0
	for _, side := range []number{a, g.n} {
		if side.approx && side.ulp != nil && (ulp == nil || side.ulp.Cmp(ulp) > 0) {
			ulp, sig = side.ulp, side.sig
		}
	}
	if g.float || g.irrational {
		if a.approx && a.ulp != nil {
			ulp, sig = a.ulp, a.sig
		} else {
			ulp = nil
		}
	}
	// Against an exact value a decimal may be off by its rounding (one unit
	// in its last place, as a bound); two stated decimals must agree once
	// the finer is rounded to the coarser's places (16386.17 is not
	// 16386.16, 16386.169 is 16386.17).
	bound := ulp
	if ulp != nil && a.approx && g.n.approx && a.ulp != nil && g.n.ulp != nil && !g.float && !g.irrational {
		bound = new(big.Rat).Quo(ulp, big.NewRat(2, 1))
	}
	if rel.Cmp(tol) <= 0 && (bound == nil || diff.Cmp(bound) <= 0) {
		return equal(layer, "%s ≈ %s within relative tolerance %g", a, describeGold(g), c.relTol()), true
	}
	if c.Rounding == RoundStated && ulp != nil && sig >= c.minSignificant() {
		half := new(big.Rat).Quo(ulp, big.NewRat(2, 1))
		if diff.Cmp(half) <= 0 {
			return equal(layer, "%s is %s rounded to its %d significant digits", a, describeGold(g), sig), true
		}
	}
	if rel.Cmp(tol) <= 0 {
		return notEqual(layer, "%s differs from %s by more than its last stated digit", a, describeGold(g)), true
	}
	return notEqual(layer, "%s differs from %s by relative %.3g (tolerance %g, never absolute)", a, describeGold(g), relF, c.relTol()), true
}

// compareAtDecimals applies the Decimals policy: equal when both values
// round to the same non-zero number at Decimals places. It decides only
// equality (ok false otherwise), and only when a side is a decimal.
func (c *Checker) compareAtDecimals(a number, g goldNum, layer string) (Outcome, bool) {
	if !a.isReal() || !g.n.isReal() || !(a.approx || g.n.approx) {
		return Outcome{}, false
	}
	ra, rg := roundTo(a.re, c.Decimals), roundTo(g.n.re, c.Decimals)
	if ra.Cmp(rg) != 0 || ra.Sign() == 0 {
		return Outcome{}, false
	}
	return equal(layer, "%s and %s agree at %d decimal places", a, describeGold(g), c.Decimals), true
}

// roundTo rounds r to d decimal places, halves away from zero, and returns
// the scaled integer round(r * 10^d).
func roundTo(r *big.Rat, d int) *big.Int {
	x := new(big.Rat).Mul(ratAbs(r), pow10(d))
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

func describeGold(g goldNum) string {
	if g.irrational {
		return "the gold's value " + shortFloat(g.n.re)
	}
	return g.n.String()
}

func shortFloat(r *big.Rat) string {
	f, _ := r.Float64()
	return big.NewFloat(f).Text('g', 12)
}

func short(s string) string {
	if len(s) > 60 {
		return s[:28] + "…" + s[len(s)-28:]
	}
	return s
}

func describe(n node) string {
	switch n.kind {
	case nLeaf:
		if n.pct {
			return n.text + "%"
		}
		return n.text
	case nMatrix:
		return "matrix"
	}
	parts := make([]string, len(n.elems))
	for i, e := range n.elems {
		parts[i] = describe(e)
	}
	s := strings.Join(parts, ", ")
	return short(s)
}

// asList views an answer as a list of elements for a collection gold.
func asList(an node) ([]node, bool) {
	switch an.kind {
	case nTuple, nBag, nSet:
		return an.elems, true
	case nMatrix:
		if an.rows == 1 || an.cols == 1 {
			return an.elems, true
		}
	}
	return nil, false
}

func (c *Checker) fastCollectionValue(an node, g schemas.Value) (Outcome, bool) {
	gel := g.Elements
	if len(gel) == 0 && g.Srepr != "" && !strings.HasPrefix(g.Srepr, "EmptySet") && g.Repr != "()" && g.Repr != "[]" && g.Repr != "set()" {
		return Outcome{}, false // elements not serialized: leave it to SymPy
	}
	layer := "go:tuple"
	if g.Kind == schemas.KindSet {
		layer = "go:set"
	}
	if an.kind == nLeaf {
		if len(gel) == 1 {
			return c.fastValue(an, gel[0])
		}
		return notEqual("go:structure", "gold has %d elements, answer is the single value %s", len(gel), describe(an)), true
	}
	ael, ok := asList(an)
	if !ok {
		return notEqual("go:structure", "answer is a %s, gold a %s", an.kind, g.Kind), true
	}
	if len(ael) != len(gel) {
		return notEqual(layer, "answer has %d elements, gold %d", len(ael), len(gel)), true
	}
	ordered := g.Kind == schemas.KindTuple && (an.kind == nTuple || an.kind == nMatrix || (an.kind == nBag && g.Type == "tuple"))
	cmp := func(i, j int) (Outcome, bool) { return c.fastValue(ael[i], gel[j]) }
	if ordered {
		return orderedOutcome(len(ael), cmp, layer)
	}
	return unorderedOutcome(len(ael), cmp, layer)
}

// orderedOutcome compares element i with element i.
func orderedOutcome(n int, cmp func(i, j int) (Outcome, bool), layer string) (Outcome, bool) {
	decided := true
	for i := 0; i < n; i++ {
		o, ok := cmp(i, i)
		if !ok || o.Verdict == Undecided {
			decided = false
			continue
		}
		if o.Verdict == NotEqual {
			return notEqual(layer, "element %d: %s", i+1, o.Reason), true
		}
	}
	if !decided {
		return Outcome{}, false
	}
	return equal(layer, "all %d elements equal in order", n), true
}

// unorderedOutcome looks for a one-to-one matching of equal elements.
func unorderedOutcome(n int, cmp func(i, j int) (Outcome, bool), layer string) (Outcome, bool) {
	if n > maxElements {
		return undecided("go:limits", "%d elements are too many to match without order (limit %d)", n, maxElements), true
	}
	eq := make([][]bool, n)
	maybe := make([][]bool, n)
	for i := range n {
		eq[i] = make([]bool, n)
		maybe[i] = make([]bool, n)
		for j := range n {
			o, ok := cmp(i, j)
			switch {
			case !ok || o.Verdict == Undecided:
				maybe[i][j] = true
			case o.Verdict == Equal:
				eq[i][j] = true
				maybe[i][j] = true
			}
		}
	}
	if perfectMatching(eq) {
		return equal(layer, "all %d elements matched (order-insensitive)", n), true
	}
	if !perfectMatching(maybe) {
		return notEqual(layer, "no one-to-one matching of the %d elements", n), true
	}
	return Outcome{}, false
}

// perfectMatching reports a perfect matching in a bipartite graph (Kuhn).
func perfectMatching(ok [][]bool) bool {
	n := len(ok)
	owner := make([]int, n)
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := 0; j < n; j++ {
			if ok[i][j] && !seen[j] {
				seen[j] = true
				if owner[j] < 0 || try(owner[j], seen) {
					owner[j] = i
					return true
				}
			}
		}
		return false
	}
	for i := 0; i < n; i++ {
		if !try(i, make([]bool, n)) {
			return false
		}
	}
	return true
}

func (c *Checker) fastMatrixValue(an node, g schemas.Value) (Outcome, bool) {
	if len(g.Shape) != 2 || len(g.Elements) != g.Shape[0]*g.Shape[1] {
		return Outcome{}, false
	}
	rows, cols := g.Shape[0], g.Shape[1]
	switch {
	case an.kind == nMatrix:
		if an.rows != rows || an.cols != cols {
			return notEqual("go:matrix", "shape %dx%d, gold %dx%d", an.rows, an.cols, rows, cols), true
		}
	case (an.kind == nTuple || an.kind == nBag) && (rows == 1 || cols == 1) && len(an.elems) == len(g.Elements):
	default:
		return notEqual("go:structure", "answer is a %s, gold a %dx%d matrix", an.kind, rows, cols), true
	}
	return orderedOutcome(len(g.Elements), func(i, j int) (Outcome, bool) { return c.fastValue(an.elems[i], g.Elements[j]) }, "go:matrix")
}

func (c *Checker) fastIntervalValue(an node, g schemas.Value) (Outcome, bool) {
	if g.Left == nil || g.Right == nil {
		return Outcome{}, false
	}
	if an.kind != nTuple || len(an.elems) != 2 {
		if an.kind == nLeaf || an.kind == nUnion {
			return Outcome{}, false // an inequality or a union: SymPy turns it into a set
		}
		return notEqual("go:structure", "answer is a %s, gold an interval", an.kind), true
	}
	lo, hi := an.elems[0], an.elems[1]
	loOpen, hiOpen := an.open == '(', an.close == ')'
	// Ends at infinity are open whatever bracket was written.
	if infinity(lo.text) != 0 {
		loOpen = g.LeftOpen
	}
	if infinity(hi.text) != 0 {
		hiOpen = g.RightOpen
	}
	if loOpen != g.LeftOpen || hiOpen != g.RightOpen {
		return notEqual("go:interval", "answer %s…%s, gold %s…%s: open/closed ends differ",
			bracket(loOpen, true), bracket(hiOpen, false), bracket(g.LeftOpen, true), bracket(g.RightOpen, false)), true
	}
	o, ok := orderedOutcome(2, func(i, j int) (Outcome, bool) {
		if i == 0 {
			return c.fastValue(lo, *g.Left)
		}
		return c.fastValue(hi, *g.Right)
	}, "go:interval")
	return o, ok
}

func bracket(open, left bool) string {
	switch {
	case open && left:
		return "("
	case left:
		return "["
	case open:
		return ")"
	}
	return "]"
}

// pyString decodes a Python str repr ('abc' or "a'b"); other text is returned as is.
func pyString(r string) string {
	if len(r) < 2 || (r[0] != '\'' && r[0] != '"') || r[len(r)-1] != r[0] {
		return r
	}
	body := r[1 : len(r)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		ch := body[i]
		if ch != '\\' || i+1 >= len(body) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(body[i])
		case 'x', 'u', 'U':
			width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[body[i]]
			if i+1+width <= len(body) {
				if v, ok := new(big.Int).SetString(body[i+1:i+1+width], 16); ok {
					b.WriteRune(rune(v.Int64()))
					i += width
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(body[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

// compareDict compares "x = 1, y = 2" with a dict gold key by key; each
// value is compared as a gold of its own (through the sandbox if needed).
func (c *Checker) compareDict(ctx context.Context, a string, gold schemas.Value) Outcome {
	pairs := gold.Elements
	items := splitTop(a, ",")
	if len(items) == 1 && len(pairs) == 1 && len(splitTop(a, "=")) == 1 {
		if len(pairs[0].Elements) != 2 {
			return undecided("go:dict", "malformed dict gold")
		}
		return c.CompareValue(ctx, a, pairs[0].Elements[1])
	}
	if len(items) != len(pairs) {
		return notEqual("go:dict", "answer has %d items, gold %d", len(items), len(pairs))
	}
	golds := map[string]schemas.Value{}
	for _, p := range pairs {
		if len(p.Elements) != 2 {
			return undecided("go:dict", "malformed dict gold")
		}
		golds[stringKey(Normalize(pyString(p.Elements[0].Repr)))] = p.Elements[1]
	}
	layer := "go:dict"
	var pending *Outcome
	for _, item := range items {
		kv := splitTop(item, "=")
		if len(kv) != 2 {
			return undecided("go:dict", "answer item %q is not \"key = value\"", short(item))
		}
		key := stringKey(strings.TrimSpace(kv[0]))
		g, ok := golds[key]
		if !ok {
			return notEqual("go:dict", "answer key %q is not a gold key", key)
		}
		delete(golds, key)
		o := c.CompareValue(ctx, kv[1], g)
		switch o.Verdict {
		case NotEqual:
			return notEqual(o.Layer, "%s: %s", key, o.Reason)
		case Undecided:
			if pending == nil {
				o.Reason = key + ": " + o.Reason
				pending = &o
			}
		}
		if strings.HasPrefix(o.Layer, "sympy:") {
			layer = o.Layer
		}
	}
	if pending != nil {
		return *pending
	}
	return equal(layer, "all %d keys equal", len(items))
}
