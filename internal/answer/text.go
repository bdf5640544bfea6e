package answer

import (
	"context"
	"regexp"
	"strings"
)

// CompareText compares an answer with a reference answer given as text, as
// when re-verifying public corpora (GSM8K "#### 72" -> "72", a MATH \boxed{}
// answer) or grading a model response against a key. The reference plays
// the gold's role and drives the reading of the answer; both are normalized
// the same way. A reference stated as a percent ("25\%") is in percent
// units: "25" and "25\%" equal it, "0.25" only with PercentFraction.
func (c *Checker) CompareText(ctx context.Context, answer, reference string) Outcome {
	if why := tooComplex(answer); why != "" {
		return undecided("go:limits", "answer %s", why)
	}
	if why := tooComplex(reference); why != "" {
		return undecided("go:limits", "reference %s", why)
	}
	a, r := Normalize(answer), Normalize(reference)
	if r == "" {
		return undecided("go:gold", "empty reference answer")
	}
	if a == "" {
		return notEqual("go:empty", "empty answer")
	}
	if sameText(a, r) {
		return equal("go:string", "same normalized text %q", short(r))
	}
	// "A \approx B": the approximation against a rounded (decimal) reference,
	// the exact value otherwise.
	a = resolveApprox(a, isDecimalText(r))
	r = resolveApprox(r, false)
	// A reference that is not an equation compares with the answer's last
	// right-hand side ("x = 5+5+1 = 11" -> 11); an equation on either side
	// ("2x+4y-3=0" against "y=-x/2+3/4") keeps both as equations.
	eq := false
	if hasTop(r, "=") {
		eq = isEquationText(r) || isEquationText(a)
	} else {
		a = lastRHS(a)
	}
	if !spacedCommaRe.MatchString(answer) && !spacedCommaRe.MatchString(reference) {
		a, r = decimalComma(a, r) // "32, 349" is a list, never 32.349
	}
	if sameText(a, r) {
		return equal("go:string", "same normalized text %q", short(r))
	}
	rn := interpret(r, eq)
	an := interpret(a, eq)
	an, rn = readIntervals(an, rn)
	if o, ok := c.fastText(an, rn); ok {
		return o
	}
	goldPct := c.goldInPercent(rn.kind == nLeaf && rn.pct)
	return c.symbolic(ctx, answerTree(an, goldPct), goldTreeFromText(rn))
}

// isDecimalText reports a reference that is a decimal number (a possibly
// rounded value).
func isDecimalText(s string) bool {
	n, ok := parseNumber(s)
	return ok && n.approx
}

// fastText is the Go layer for a text reference.
func (c *Checker) fastText(an, rn node) (Outcome, bool) {
	switch rn.kind {
	case nLeaf:
		switch an.kind {
		case nLeaf:
			return c.fastLeafText(an, rn)
		case nTuple, nBag, nSet:
			if len(an.elems) == 1 {
				return c.fastText(an.elems[0], rn)
			}
			return notEqual("go:structure", "answer has %d values (%s), the reference is the single value %s", len(an.elems), describe(an), short(describe(rn))), true
		case nMatrix, nUnion:
			return notEqual("go:structure", "answer is a %s, the reference a single value", an.kind), true
		}
	case nTuple:
		if an.kind == nBag && intervalLike(rn) {
			return notEqual("go:structure", "answer is a bare list, the reference the interval %c…%c", rn.open, rn.close), true
		}
		ael, ok := asList(an)
		if !ok {
			if an.kind == nLeaf || an.kind == nUnion {
				return Outcome{}, false // an inequality or union against an interval: SymPy
			}
			return notEqual("go:structure", "answer is a %s, the reference a tuple", an.kind), true
		}
		if len(ael) != len(rn.elems) {
			return notEqual("go:tuple", "answer has %d elements, the reference %d", len(ael), len(rn.elems)), true
		}
		if an.kind == nTuple && (openEnd(an, 0) != openEnd(rn, 0) || openEnd(an, 1) != openEnd(rn, 1)) {
			return notEqual("go:interval", "brackets %c…%c differ from the reference's %c…%c", an.open, an.close, rn.open, rn.close), true
		}
		return orderedOutcome(len(ael), func(i, j int) (Outcome, bool) { return c.fastText(ael[i], rn.elems[j]) }, "go:tuple")
	case nBag, nSet:
		if an.kind == nLeaf {
			if len(rn.elems) == 1 {
				return c.fastText(an, rn.elems[0])
			}
			return notEqual("go:structure", "the reference has %d values, the answer is the single value %s", len(rn.elems), describe(an)), true
		}
		ael, ok := asList(an)
		if !ok {
			return notEqual("go:structure", "answer is a %s, the reference a set", an.kind), true
		}
		if len(ael) != len(rn.elems) {
			return notEqual("go:set", "answer has %d elements, the reference %d", len(ael), len(rn.elems)), true
		}
		return unorderedOutcome(len(ael), func(i, j int) (Outcome, bool) { return c.fastText(ael[i], rn.elems[j]) }, "go:set")
	case nMatrix:
		if m, ok := asMatrix(an); ok && an.kind != nMatrix {
			an = m // [[1, 2], [3, 4]], Matrix([[1, 2], [3, 4]])
		}
		if an.kind == nMatrix {
			if an.rows != rn.rows || an.cols != rn.cols {
				return notEqual("go:matrix", "shape %dx%d, the reference %dx%d", an.rows, an.cols, rn.rows, rn.cols), true
			}
			return orderedOutcome(len(rn.elems), func(i, j int) (Outcome, bool) { return c.fastText(an.elems[i], rn.elems[j]) }, "go:matrix")
		}
		if ael, ok := asList(an); ok && (rn.rows == 1 || rn.cols == 1) && len(ael) == len(rn.elems) {
			return orderedOutcome(len(ael), func(i, j int) (Outcome, bool) { return c.fastText(ael[i], rn.elems[j]) }, "go:matrix")
		}
		if an.kind == nLeaf && strings.Contains(an.text, `\begin{`) {
			return Outcome{}, false // matrix arithmetic (A + B): only SymPy could tell
		}
		return notEqual("go:structure", "answer is a %s, the reference a matrix", an.kind), true
	case nUnion:
		if an.kind == nUnion && len(an.elems) == len(rn.elems) {
			if o, ok := orderedOutcome(len(an.elems), func(i, j int) (Outcome, bool) { return c.fastText(an.elems[i], rn.elems[j]) }, "go:interval"); ok && o.Verdict == Equal {
				return o, true
			}
		}
		return Outcome{}, false
	}
	return Outcome{}, false
}

// openEnd reports whether end 0 (left) or 1 (right) of a bracketed pair is
// open; ends at infinity count as open whatever bracket was written.
func openEnd(n node, end int) bool {
	if len(n.elems) == 2 && n.elems[end].kind == nLeaf && infinity(n.elems[end].text) != 0 {
		return true
	}
	if end == 0 {
		return n.open == '('
	}
	return n.close == ')'
}

var spacedCommaRe = regexp.MustCompile(`\d,\s+\d`)

var baseNumeralRe = regexp.MustCompile(`^0*(\d+)_\{?0*(\d+)\}?$`)

func (c *Checker) fastLeafText(a, r node) (Outcome, bool) {
	if sameText(a.text, r.text) && a.pct == r.pct {
		return equal("go:string", "same normalized text %q", short(r.text)), true
	}
	// Numerals in a base ("204_5"): the same base and digits, or not equal.
	if ma, mr := baseNumeralRe.FindStringSubmatch(a.text), baseNumeralRe.FindStringSubmatch(r.text); ma != nil && mr != nil {
		if ma[1] == mr[1] && ma[2] == mr[2] {
			return equal("go:string", "the numeral %s in base %s", ma[1], ma[2]), true
		}
		return notEqual("go:string", "numeral %s_%s, the reference %s_%s", ma[1], ma[2], mr[1], mr[2]), true
	}
	ia, ir := infinity(a.text), infinity(r.text)
	if ia != 0 || ir != 0 {
		if ia == ir {
			return equal("go:string", "both infinite"), true
		}
		if _, ok := parseNumber(a.text); ok || ia != 0 {
			if _, ok := parseNumber(r.text); ok || ir != 0 {
				return notEqual("go:rational", "%s vs %s", describe(a), describe(r)), true
			}
		}
		return Outcome{}, false
	}
	an, ok := parseNumber(a.text)
	if !ok {
		return Outcome{}, false
	}
	rnum, ok := parseNumber(r.text)
	if !ok {
		return Outcome{}, false
	}
	return c.compareWithPercent(an, a.pct, goldNum{n: rnum, pct: c.goldInPercent(r.pct)})
}
