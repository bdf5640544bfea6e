package verify

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// CheckUngroundedNumber is the problem → program direction of consistency:
// it fails when the problem states a number the program does not account
// for (the rejection reason is its name, the detail names the number).
const CheckUngroundedNumber = "ungrounded_number"

// accountSet is what a program accounts for: each value (RatString of its
// absolute value) with how.
type accountSet map[string]string

func (a accountSet) add(v *big.Rat, how string) {
	k := new(big.Rat).Abs(v).RatString()
	if _, ok := a[k]; !ok {
		a[k] = how
	}
}

func (a accountSet) get(v *big.Rat) (string, bool) {
	how, ok := a[new(big.Rat).Abs(v).RatString()]
	return how, ok
}

var (
	// A quotient of two literals in the source: Rational(3, 4), 3/4.
	reSrcRatio = regexp.MustCompile(`(?:Rational|Fraction|Integer|S)\(\s*-?\s*([0-9]+)\s*,\s*([0-9]+)\s*\)|(?:^|[^\w.])([0-9]+)\s*/\s*([0-9]+)(?:$|[^\w.(])`)
	// The stop of a range over literals: range(1, 7), range(10).
	reSrcRange = regexp.MustCompile(`\b(?:range|Range)\(\s*(?:[^(),]+,\s*)?([0-9]+)\s*(?:,\s*[^()]*)?\)`)
	// A number written as a string for exact arithmetic: Decimal('3.75'),
	// Rational('7.2'), Fraction('3/4').
	reSrcNumString = regexp.MustCompile(`\b(?:Decimal|Rational|Fraction|Float|Integer|S|sympify|nsimplify|mpf|float|int)\(\s*['"]\s*(-?[0-9]+(?:\.[0-9]+)?(?:\s*/\s*[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*['"]`)
	// A list, tuple or set of literals: [68, 74, 98].
	reSrcDisplay = regexp.MustCompile(`[\[{(]\s*-?[0-9.]+(?:\s*,\s*-?[0-9.]+)+\s*,?\s*[\]})]`)
)

// rangeStops returns the literals that stop a range in the source.
func rangeStops(src string) map[string]bool {
	out := map[string]bool{}
	for _, m := range reSrcRange.FindAllStringSubmatch(src, -1) {
		if v, ok := parseRat(m[1]); ok {
			out[v.RatString()] = true
		}
	}
	return out
}

// statedNumbers is every value a problem can be read as stating, for the
// program → problem direction: the numbers extractNumbers finds (digits,
// fractions, percentages, number words including "square" and "cube"),
// every reading of every quantity ReadQuantities finds (mixed numbers,
// scientific notation, powers, digit counts), n - 1 for an ordinal n, and
// exponents written as ² and ³.
func statedNumbers(problem string) numberSet {
	ns := extractNumbers(problem)
	for _, q := range ReadQuantities(problem) {
		for _, rd := range q.Readings {
			for _, v := range rd {
				ns.add(v)
			}
		}
		if q.Ordinal && q.Value != nil {
			ns.add(new(big.Rat).Sub(q.Value, big.NewRat(1, 1)))
		}
	}
	if strings.ContainsRune(problem, '²') {
		ns.add(big.NewRat(2, 1))
	}
	if strings.ContainsRune(problem, '³') {
		ns.add(big.NewRat(3, 1))
	}
	return ns
}

// stringNumbers returns the numbers a program writes as strings
// (Decimal('3.75')), as they are written.
func stringNumbers(src string) []string {
	var out []string
	for _, m := range reSrcNumString.FindAllStringSubmatch(src, -1) {
		out = append(out, strings.ReplaceAll(m[1], " ", ""))
	}
	return out
}

// parseNumberString reads a literal or a numeric string ("3/4" included).
func parseNumberString(s string) (*big.Rat, bool) {
	return parseRat(strings.ReplaceAll(s, " ", ""))
}

// srcRatio is a quotient of two literals in a program's source, p/q as
// written and pv/qv as read; qv is not zero.
type srcRatio struct {
	p, q   string
	pv, qv *big.Rat
}

// srcRatios lists the quotients of literals the source writes as
// Rational(a, b), Fraction(a, b), Integer(a, b), S(a, b) or a/b, leaving out
// those that do not read or divide by zero.
func srcRatios(src string) []srcRatio {
	var rs []srcRatio
	for _, m := range reSrcRatio.FindAllStringSubmatch(src, -1) {
		p, q := m[1], m[2]
		if p == "" {
			p, q = m[3], m[4]
		}
		pv, ok1 := parseRat(p)
		qv, ok2 := parseRat(q)
		if ok1 && ok2 && qv.Sign() != 0 {
			rs = append(rs, srcRatio{p: p, q: q, pv: pv, qv: qv})
		}
	}
	return rs
}

// givens is what the program holds as given: its literals (Execution.
// Literals, as written), the quotients a/b of literals written as
// Rational(a, b), Fraction(a, b) or a/b, and n - 1 for a literal n that
// stops a range(…, n) (Python's ranges are half-open: range(1, 7) is 1..6).
func givens(src string, ex *schemas.Execution) accountSet {
	a := accountSet{}
	for _, lit := range append(append([]string(nil), ex.Literals...), stringNumbers(src)...) {
		if v, ok := parseNumberString(lit); ok {
			a.add(v, "given "+lit)
		}
	}
	for _, r := range srcRatios(src) {
		a.add(new(big.Rat).Quo(r.pv, r.qv), "given "+r.p+"/"+r.q)
	}
	for _, m := range reSrcRange.FindAllStringSubmatch(src, -1) {
		if v, ok := parseRat(m[1]); ok && v.Sign() > 0 {
			a.add(new(big.Rat).Sub(v, big.NewRat(1, 1)), "range end "+m[1]+"-1")
		}
	}
	return a
}

// derived is what the program computes or holds that a problem may state
// as context: the sizes of the collections solve() holds (a list of roots
// has 2 elements: "the two roots") and of the lists of literals the program
// writes ([68, 74, 98]: "three tests").
func derived(src string, ex *schemas.Execution) accountSet {
	a := accountSet{}
	for _, m := range reSrcDisplay.FindAllString(src, -1) {
		n := strings.Count(strings.TrimRight(strings.TrimSpace(m[1:len(m)-1]), ","), ",") + 1
		a.add(big.NewRat(int64(n), 1), "items listed in the program")
	}
	for name, v := range ex.Locals {
		if name == "answer" {
			continue
		}
		switch v.Kind {
		case schemas.KindTuple, schemas.KindSet:
			if n := len(v.Elements); n > 0 {
				a.add(big.NewRat(int64(n), 1), "size of "+name)
			}
		case schemas.KindMatrix:
			if len(v.Shape) == 2 {
				a.add(big.NewRat(int64(v.Shape[0]), 1), "rows of "+name)
				a.add(big.NewRat(int64(v.Shape[1]), 1), "columns of "+name)
			}
		}
	}
	if r := ex.Result; r != nil {
		// The result itself: stating it is an answer leak, which
		// NoAnswerLeak judges; it is not an ungrounded number. NoAnswerLeak
		// does not judge integers below 10, so those are not exempted here
		// (a changed number that happens to equal a small answer is still
		// ungrounded).
		if r.Kind == schemas.KindInteger || r.Kind == schemas.KindRational {
			if v, ok := new(big.Rat).SetString(r.Exact); ok {
				abs := new(big.Rat).Abs(v)
				if !abs.IsInt() || abs.Cmp(big.NewRat(10, 1)) >= 0 {
					a[abs.RatString()] = resultMark
				}
			}
		}
		switch r.Kind {
		case schemas.KindTuple, schemas.KindSet:
			if n := len(r.Elements); n > 0 {
				a.add(big.NewRat(int64(n), 1), "size of the result")
			}
		}
	}
	return a
}

// reEllipsis matches the ellipses that continue a written pattern.
var reEllipsis = regexp.MustCompile(`\\[cl]?dots\b|\\dotsb\b|\.\.\.|…`)

// patternTerms marks the quantities (by index in qs) that only show a
// pattern the problem continues with an ellipsis: in "1^{3} + 2^{3} +
// \cdots + 26^{3}" or "3, 5, 7, \ldots, 99" the terms after the first
// that step by the same difference up to the ellipsis. The step must be 1
// or a given of the program (a changed term breaks the step unless it
// happens to make another given step), and the first term is accounted for
// on its own, as is the last term after the ellipsis.
func patternTerms(problem string, qs []Quantity, known accountSet) map[int]bool {
	marks := map[int]bool{}
	for _, loc := range reEllipsis.FindAllStringIndex(problem, -1) {
		// The terms before the ellipsis: numbers (not exponents) with only
		// operators, commas, spaces and exponent braces between them.
		var idx []int
		end := loc[0]
		for i := len(qs) - 1; i >= 0; i-- {
			q := qs[i]
			if q.End > loc[0] {
				continue
			}
			gap := problem[q.End:end]
			if q.Exponent || q.Form == "exponent" {
				end = q.Start
				continue
			}
			if q.Value == nil || len(strings.Trim(gap, " +-,;\\^{}()\t\n$")) > 0 || len(gap) > 24 {
				break
			}
			idx = append([]int{i}, idx...)
			end = q.Start
		}
		if len(idx) < 2 {
			continue
		}
		step := new(big.Rat).Sub(qs[idx[1]].Value, qs[idx[0]].Value)
		if step.Sign() == 0 {
			continue
		}
		if _, given := known.get(step); !given && new(big.Rat).Abs(step).Cmp(big.NewRat(1, 1)) != 0 {
			continue
		}
		ok := true
		for k := 2; k < len(idx); k++ {
			if new(big.Rat).Sub(qs[idx[k]].Value, qs[idx[k-1]].Value).Cmp(step) != 0 {
				ok = false
			}
		}
		if !ok {
			continue
		}
		for _, i := range idx[1:] {
			marks[i] = true
		}
	}
	return marks
}

// resultMark marks the program's result in a derived set.
const resultMark = "result"

// Accounting is how each number of a problem is accounted for.
type Accounting struct {
	// Ungrounded are the quantities nothing accounts for.
	Ungrounded []Quantity
	// By counts the accounted quantities by kind: given, range end,
	// convention, derived, identity, and exempt:<role>.
	By map[string]int
	// Exempt lists the numbers passed as not being quantities, with their role.
	Exempt []Quantity
}

// Account reads the problem's quantities and accounts for each with what
// the program holds. src is the program source (may be empty).
func Account(problem, src string, ex *schemas.Execution) Accounting {
	acc := Accounting{By: map[string]int{}}
	known := givens(src, ex)
	comp := derived(src, ex)
	ctx := readContext(problem)
	pf := readProgram(src)
	qs := ReadQuantities(problem)
	terms := patternTerms(problem, qs, known)
	for i, q := range qs {
		if q.Role != "" {
			acc.By["exempt:"+q.Role]++
			acc.Exempt = append(acc.Exempt, q)
			continue
		}
		if q.Exponent && src != "" {
			if how, ok := accountExponent(q, pf); ok {
				acc.By[how]++
				continue
			}
			acc.Ungrounded = append(acc.Ungrounded, q)
			continue
		}
		if how, ok := accountFor(q, known, comp, ctx); ok {
			acc.By[how]++
			continue
		}
		if terms[i] {
			acc.By["sequence_term"]++
			continue
		}
		acc.Ungrounded = append(acc.Ungrounded, q)
	}
	// A matrix the problem writes is a matrix the program writes, when the
	// program writes one of that size.
	if src != "" {
		mats, spans := problemMatrices(problem)
		for k, m := range mats {
			if pf.matrixWritten(m) {
				acc.By["matrix"]++
				continue
			}
			if !pf.hasListOfSize(len(m)) {
				continue
			}
			acc.Ungrounded = append(acc.Ungrounded, Quantity{Text: problem[spans[k][0]:spans[k][1]], Start: spans[k][0], End: spans[k][1], Form: "matrix"})
		}
	}
	return acc
}

// accountExponent accounts for the exponent of a power of a variable: a
// power the program computes with it (see programFacts.exponents), or the
// identities 0 and 1.
func accountExponent(q Quantity, pf programFacts) (string, bool) {
	if q.Value == nil {
		return "", false
	}
	if q.Value.Sign() == 0 || q.Value.Cmp(big.NewRat(1, 1)) == 0 {
		return "identity", true
	}
	if pf.exponents[q.Value.RatString()] {
		return "exponent", true
	}
	return "", false
}

// accountFor returns how q is accounted for: the first reading whose every
// number is accounted for.
func accountFor(q Quantity, known, comp accountSet, ctx problemContext) (string, bool) {
	// Multipliers "twice", "double", "half" are the conventional 2.
	if q.Form == "multiplier" && len(q.Readings) > 0 {
		for _, rd := range q.Readings {
			if len(rd) == 1 && rd[0].Cmp(rat(2, 1)) == 0 {
				return "convention", true
			}
		}
	}
	// A dozen is the conventional 12.
	if q.Form == "word" && strings.EqualFold(strings.TrimSpace(q.Text), "dozen") {
		return "convention", true
	}
	// "two" and "three" written as words count the objects a problem sets
	// up (two towns, two dice, three tests): a program holds that count in
	// its structure (two variables, two loops), not as a literal.
	if q.Form == "word" && !strings.ContainsAny(strings.TrimSpace(q.Text), " -") && q.Value != nil &&
		(q.Value.Cmp(rat(2, 1)) == 0 || q.Value.Cmp(rat(3, 1)) == 0) {
		if how, ok := accountValue(q.Value, false, known, comp, ctx); ok && how != "identity" {
			return how, true
		}
		return "structural_count", true
	}
	best := ""
	for _, rd := range q.Readings {
		kinds := map[string]bool{}
		ok := true
		for _, v := range rd {
			k, found := accountValue(v, q.Ordinal, known, comp, ctx)
			if !found {
				ok = false
				break
			}
			kinds[k] = true
		}
		if !ok {
			continue
		}
		// Report the strongest evidence: given > range end > convention > derived > identity.
		for _, k := range []string{"given", "range_end", "convention", "derived", "result", "identity"} {
			if kinds[k] {
				if best == "" || rank(k) < rank(best) {
					best = k
				}
				break
			}
		}
		if best == "given" {
			break
		}
	}
	return best, best != ""
}

func rank(k string) int {
	for i, s := range []string{"given", "range_end", "convention", "derived", "result", "identity"} {
		if s == k {
			return i
		}
	}
	return 99
}

func accountValue(v *big.Rat, ordinal bool, known, comp accountSet, ctx problemContext) (string, bool) {
	if how, ok := known.get(v); ok {
		if strings.HasPrefix(how, "range end") {
			return "range_end", true
		}
		return "given", true
	}
	if ordinal {
		prev := new(big.Rat).Sub(v, big.NewRat(1, 1))
		if _, ok := known.get(prev); ok {
			return "given", true
		}
		if prev.Sign() == 0 || prev.Cmp(big.NewRat(1, 1)) == 0 {
			return "identity", true // the first and the second
		}
	}
	if v.Sign() == 0 || v.Cmp(big.NewRat(1, 1)) == 0 {
		return "identity", true
	}
	if _, ok := comp.get(v); ok && comp[new(big.Rat).Abs(v).RatString()] == resultMark {
		return "result", true
	}
	if _, ok := ctx.convention(v); ok {
		return "convention", true
	}
	if _, ok := comp.get(v); ok {
		return "derived", true
	}
	return "", false
}

// UngroundedNumbers checks the problem → program direction: every number
// the problem states is accounted for by the program. src is the program's
// source (empty when unknown: the rules that read it are then skipped).
// It fails with the numbers nothing accounts for, each with its context.
//
// # Reading numbers
//
// Numbers are read as written (ReadQuantities): digits with thousands
// separators ("12,500", "12{,}500", "12\,500") and decimals ("6.40",
// ".5"); LaTeX fractions (\frac{3}{4}, \tfrac, \dfrac, \frac34) and a/b;
// mixed numbers (2\tfrac{2}{3}); powers of numbers (10^{5}); scientific
// notation (3 \times 10^{8}, 1.2e5); numbers under roots (\sqrt{3});
// percentages (30%, 30\%, "30 percent", "fifteen percent"); number words
// ("three", "twenty-five", "one hundred and twenty", "a dozen", "two
// thirds", "a quarter", "3 million"); multipliers ("twice", "double",
// "half", "triple the"); ordinals ("5th", "$10^{\text{th}}$", "the fifth
// term"). A sign is an operator: values compare by absolute value.
//
// # What accounts for a number
//
// A number is accounted for when one of its readings is, every value of
// the reading being (in this order):
//   - a given: a numeric literal of the program, a number it writes as a
//     string (Decimal('3.75')), or a ratio it writes (Rational(3, 4), 3/4);
//     a fraction is also accounted for by its numerator and denominator, a
//     percentage p by p/100, a power of ten by its value;
//   - a range end: n - 1 for a literal n that stops a range (range(1, 101)
//     accounts for "1 to 100");
//   - for an ordinal, the position minus one (a program counts from zero
//     or in steps: the 10th term is a + 9d); "first" and "second" always;
//   - an identity: 0 and 1, which are structural (the grounding check and
//     the offline exemplar format exempt them too);
//   - a conventional constant whose context the problem mentions
//     (Conventions: 100 per cent, 100 cm per m with both units named, 60
//     minutes per hour, 7 days per week, 12 in a dozen, 180° in a triangle
//     or a straight angle, 360° in a full turn, 90° in a right angle, 3
//     sides of a triangle when sides or a perimeter are mentioned, 2 for
//     odd and even, …); "twice", "double", "half" are the conventional 2
//     and "a dozen" 12;
//   - a value the program derives that a problem may state as context: the
//     number of items of a list of literals the program writes ([68, 74,
//     98]: "three tests"), the size of a tuple, set or matrix solve()
//     holds (Execution.Locals: "the two roots"), the size of the result;
//   - the program's result (unless it is an integer below 10, which
//     no_answer_leak does not judge), which is the no_answer_leak check's
//     business;
//   - a term that only shows a pattern the problem continues with an
//     ellipsis (the 2 of "1^{3} + 2^{3} + \cdots + 26^{3}", the 5 and 7 of
//     "3, 5, 7, \ldots, 99"): the terms after the first that step by 1, or
//     by a given of the program, up to the ellipsis (the first and the last
//     term are accounted for on their own);
//   - for "two" and "three" written as words: the objects the problem sets
//     up (two towns, two dice, three tests), whose count a program holds in
//     its structure (two variables, two loops) rather than as a literal.
//
// Two readings are stricter, because a number there is part of a
// structure the program must share:
//   - the exponent of a power of a variable, a function or a bracket
//     (x^{2}, \sin^{2}x, (x + y)^{11}) is accounted for only by a power the
//     program computes: x**2, pow(x, 2), Pow, root(a, 3), coeff(x, 2),
//     series(f, x, 0, 3), a coefficient looked up by its exponents
//     (coefficients[(3, 4, 4)]), multinomial_coefficients(3, 11), an
//     exponent held in a variable set to it or ranging over it, and for 2
//     any square or square root (x*x, 8 * 8, sqrt, hypot, sqrt_mod);
//   - a matrix or vector of numbers the problem writes (pmatrix, bmatrix)
//     must be a list of numbers the program writes, row by row (or column
//     by column), when the program writes a list of that size.
//
// # Exemptions: numbers that are not quantities
//
// Each is recorded in the check's reason (exempt:<role>) and applies only
// to a number nothing else accounts for:
//   - index: the indexes of a variable that run from 0 or 1 without a gap
//     (x_1, x_2; a_0, a_1). An index outside such a run (a_{12} after a_1)
//     is a position and must be accounted for. Subscripts of commands
//     (\log_{2}, \sum_{k=1}) and multi-indexes (K_{4,2}) are quantities;
//   - index_expression: a number inside an index with a letter (a_{n-1});
//   - label: "Step 2", "part (2)", "Problem 3", "equation (1)", "Figure 1",
//     "day 5", and enumerations at the start of a line ("1.", "(2)");
//   - name: a number glued to a capitalized name (A4, MP3, COVID-19, F-16,
//     3D, 4G) or after a capitalized word that names something ("Apollo 11",
//     "AMC 10", "Route 66");
//   - year: a four-digit number from 1800 to 2100 after "in", "since",
//     "during", a month, or before "season", "census", "Olympics", …;
//   - date: the day after a month name ("March 15");
//   - unit_exponent: the exponent of a unit (cm^2, \text{m}^{3}, m$^2$);
//     exponents written ² and ³ are never read as stated numbers;
//   - option: the numbers of multiple-choice options ("(A) 12 (B) 15 …");
//   - place: place-value names ("the tens digit", "the hundreds place");
//   - vague: "hundreds of", "dozens of";
//   - digit_count: "a five-digit number" describes the size of numbers;
//     grounding reads it as stating the bounds 10^(k-1), 10^k - 1, 10^k, so
//     a program that enumerates them is grounded and a changed count is
//     caught there.
func UngroundedNumbers(problem, src string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckUngroundedNumber}
	if ex == nil {
		c.Result, c.Reason = schemas.ResultSkipped, "no execution"
		return c
	}
	acc := Account(problem, src, ex)
	if len(acc.Ungrounded) > 0 {
		var parts []string
		for i, q := range acc.Ungrounded {
			if i == 4 {
				parts = append(parts, fmt.Sprintf("and %d more", len(acc.Ungrounded)-4))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%q)", describeQuantity(q), clip(around(problem, q), 60)))
		}
		c.Result = schemas.ResultFail
		c.Reason = "the problem states numbers the program neither uses nor computes: " + strings.Join(parts, "; ")
		return c
	}
	c.Result = schemas.ResultPass
	c.Reason = summarizeAccounting(acc.By)
	return c
}

func describeQuantity(q Quantity) string {
	switch {
	case q.Form == "matrix":
		return "a matrix the program does not write"
	case q.Exponent && q.Value != nil:
		return "the exponent " + q.Value.RatString() + " (the program computes no power with it)"
	case q.Value == nil:
		return q.Text
	}
	return q.Value.RatString()
}

// around returns the words around a quantity.
func around(text string, q Quantity) string {
	i, j := q.Start, q.End
	for n := 0; i > 0 && n < 3; {
		i--
		if text[i] == ' ' {
			n++
		}
	}
	for n := 0; j < len(text) && n < 3; j++ {
		if text[j] == ' ' {
			n++
		}
	}
	return strings.TrimSpace(text[i:j])
}

func summarizeAccounting(by map[string]int) string {
	if len(by) == 0 {
		return "the problem states no numbers"
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, by[k]))
	}
	return "numbers accounted for: " + strings.Join(parts, ", ")
}
