package answer

import (
	"regexp"
	"strings"
)

// Readings of an answer that depend on the other side of the comparison
// (see the package documentation, "Equivalence rules").

// lastRHS reduces an "=" chain to its last right-hand side ("x = 2 + 3 = 5"
// -> "5", "10 \cdot 6 = 60" -> "60"); used when the gold is not an equation.
// Lists ("x = 1, y = 2") are left to their elements.
func lastRHS(s string) string {
	if hasTop(s, ",") || hasTop(s, ";") {
		return s
	}
	parts := splitTop(s, "=")
	if len(parts) < 2 {
		return s
	}
	for k := len(parts) - 1; k >= 1; k-- {
		if rhs := strings.TrimSpace(parts[k]); rhs != "" {
			return rhs
		}
	}
	return s
}

// resolveApprox reads "A \approx B" (≈, \simeq, \doteq): B is an
// approximation of the exact A. Against a gold that is itself a decimal
// (a rounded value) the approximation B is compared; otherwise the exact A
// (after its own "=" chain), unless A is only a name ("x \approx 3.14").
func resolveApprox(s string, goldApprox bool) string {
	parts := splitTop(s, `\approx`)
	if len(parts) < 2 {
		return s
	}
	approx := strings.TrimSpace(parts[len(parts)-1])
	exact := strings.TrimSpace(parts[0])
	if eq := splitTop(exact, "="); len(eq) > 1 {
		exact = strings.TrimSpace(eq[len(eq)-1])
	}
	if goldApprox || exact == "" || varLHSRe.MatchString(exact) || approx == "" {
		if approx == "" {
			return exact
		}
		return approx
	}
	return exact
}

var (
	// decimalCommaRe is a number with a decimal comma: "1000,99", "1,22",
	// "0,111" (a thousands group never starts after a lone 0).
	decimalCommaRe = regexp.MustCompile(`^([-+]?\d+),(\d+)$`)
	// europeanRe is "1.000,5": dots group thousands, the comma is decimal.
	europeanRe = regexp.MustCompile(`^([-+]?\d{1,3}(?:\.\d{3})+),(\d+)$`)
	// plainDecimalRe is a number with a decimal point.
	plainDecimalRe = regexp.MustCompile(`^[-+]?\d*\.\d+$`)
)

// decimalCommaValue reads a decimal comma. Normalize has already removed
// thousands separators from well-formed groups (1,000 and 12,345,678), so
// a remaining "d,dd" is either a decimal comma or a pair; the caller decides
// by the other side.
func decimalCommaValue(s string) (string, bool) {
	if m := europeanRe.FindStringSubmatch(s); m != nil {
		return strings.ReplaceAll(m[1], ".", "") + "." + m[2], true
	}
	if m := decimalCommaRe.FindStringSubmatch(s); m != nil {
		return m[1] + "." + m[2], true
	}
	return "", false
}

// decimalComma applies the decimal-comma reading: "1000,99" against a gold
// that is a single number is 1000.99 (a pair against a list gold); a
// reference "1,22" against an answer "1.22" (a number with a decimal
// point) is 1.22.
func decimalComma(a, r string) (string, string) {
	rSingle := parseStructure(r).kind == nLeaf
	if v, ok := decimalCommaValue(a); ok && rSingle {
		a = v
	}
	if v, ok := decimalCommaValue(r); ok && plainDecimalRe.MatchString(a) {
		r = v
	}
	return a, r
}

// Relations of a one-variable inequality, after normalization.
var relOps = []string{`\le`, `\ge`, "<", ">"}

var singleVarRe = regexp.MustCompile(`^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?$`)

// splitRelations splits s at its top-level relation operators; ops[i]
// separates parts[i] and parts[i+1].
func splitRelations(s string) (parts []string, ops []string) {
	last := 0
	scanTop(s, func(i int) bool {
		for _, op := range relOps {
			if !strings.HasPrefix(s[i:], op) {
				continue
			}
			if op[0] == '\\' && i+len(op) < len(s) && isLetter(s[i+len(op)]) {
				continue // \left, \leq... are not \le
			}
			parts = append(parts, s[last:i])
			ops = append(ops, op)
			last = i + len(op)
			return true
		}
		return true
	})
	parts = append(parts, s[last:])
	return parts, ops
}

// inequalityInterval reads a one-variable inequality as an interval:
// "x \ge 5" -> [5, \infty), "5 > x" -> (-\infty, 5), "-2 \le x < 7" ->
// [-2, 7). It returns the interval node and the variable.
func inequalityInterval(s string) (node, string, bool) {
	parts, ops := splitRelations(s)
	trim := func(k int) string { return strings.TrimSpace(parts[k]) }
	less := func(op string) bool { return op == "<" || op == `\le` }
	strict := func(op string) bool { return op == "<" || op == ">" }
	mk := func(lo, hi string, loOpen, hiOpen bool) node {
		open, close := byte('['), byte(']')
		if loOpen || lo == `-\infty` {
			open = '('
		}
		if hiOpen || hi == `\infty` {
			close = ')'
		}
		return node{kind: nTuple, open: open, close: close, elems: []node{leaf(lo), leaf(hi)}}
	}
	switch len(ops) {
	case 1:
		l, r, op := trim(0), trim(1), ops[0]
		switch {
		case singleVarRe.MatchString(l) && !strings.Contains(r, l) && r != "":
			if less(op) {
				return mk(`-\infty`, r, true, strict(op)), l, true
			}
			return mk(r, `\infty`, strict(op), true), l, true
		case singleVarRe.MatchString(r) && !strings.Contains(l, r) && l != "":
			if less(op) { // 5 < x
				return mk(l, `\infty`, strict(op), true), r, true
			}
			return mk(`-\infty`, l, true, strict(op)), r, true
		}
	case 2:
		lo, v, hi := trim(0), trim(1), trim(2)
		if !singleVarRe.MatchString(v) || lo == "" || hi == "" || strings.Contains(lo, v) || strings.Contains(hi, v) || less(ops[0]) != less(ops[1]) {
			return node{}, "", false
		}
		if less(ops[0]) {
			return mk(lo, hi, strict(ops[0]), strict(ops[1])), v, true
		}
		return mk(hi, lo, strict(ops[1]), strict(ops[0])), v, true
	}
	return node{}, "", false
}

// asIntervalSet reads an inequality (leaf) or an "or" list of inequalities
// of one variable (bag) as an interval or a union of intervals.
func asIntervalSet(n node) (node, bool) {
	switch n.kind {
	case nLeaf:
		if n.pct {
			return node{}, false
		}
		iv, _, ok := inequalityInterval(n.text)
		return iv, ok
	case nBag:
		var u node
		u.kind = nUnion
		variable := ""
		for _, e := range n.elems {
			if e.kind != nLeaf {
				return node{}, false
			}
			iv, v, ok := inequalityInterval(e.text)
			if !ok || (variable != "" && v != variable) {
				return node{}, false
			}
			variable = v
			u.elems = append(u.elems, iv)
		}
		return u, len(u.elems) > 1
	}
	return node{}, false
}

// intervalLike reports a node that denotes a set of reals: an interval
// (a bracketed pair whose brackets or infinite ends make it one) or a union.
func intervalLike(n node) bool {
	switch n.kind {
	case nUnion:
		return true
	case nTuple:
		return len(n.elems) == 2 && (n.open != '(' || n.close != ')' || infinity(n.elems[0].text) != 0 || infinity(n.elems[1].text) != 0)
	}
	return false
}

// readIntervals applies the inequality reading: an inequality is the
// interval it describes when the other side is an interval, a union or an
// inequality (x \ge 5 = x >= 5 = [5, \infty)), and a pair "(a, b)" is an
// open interval against an inequality.
func readIntervals(an, rn node) (node, node) {
	ai, aok := asIntervalSet(an)
	ri, rok := asIntervalSet(rn)
	switch {
	case aok && rok:
		return ai, ri
	case aok && (intervalLike(rn) || isPair(rn)):
		return ai, rn
	case rok && (intervalLike(an) || isPair(an)):
		return an, ri
	}
	return an, rn
}

func isPair(n node) bool { return n.kind == nTuple && len(n.elems) == 2 }

var setBuilderRe = regexp.MustCompile(`^([a-zA-Z])(?:\s*\\in\s*[^|:]+?)?\s*[|:]\s*(.+)$`)

// setBuilderCondition reads the body of "\{x \mid x \ge 5\}" or
// "\{x : x \ge 5\}" (or "\{x \in \mathbb{R} : ...\}") as its condition.
func setBuilderCondition(body string) (string, bool) {
	m := setBuilderRe.FindStringSubmatch(strings.TrimSpace(body))
	if m == nil || !strings.Contains(m[2], m[1]) {
		return "", false
	}
	return strings.TrimSpace(m[2]), true
}

// asMatrix reads a list of equally long lists ("[[1, 2], [3, 4]]",
// "Matrix([[1, 2], [3, 4]])") as a matrix.
func asMatrix(n node) (node, bool) {
	if n.kind != nTuple && n.kind != nBag {
		return node{}, false
	}
	m := node{kind: nMatrix}
	for _, row := range n.elems {
		if row.kind != nTuple || len(row.elems) == 0 {
			return node{}, false
		}
		if m.rows == 0 {
			m.cols = len(row.elems)
		} else if len(row.elems) != m.cols {
			return node{}, false
		}
		m.rows++
		m.elems = append(m.elems, row.elems...)
	}
	return m, m.rows > 0
}
