package answer

import (
	"regexp"
	"strings"
)

// nodeKind is the shape of a (normalized) answer.
type nodeKind int

const (
	nLeaf   nodeKind = iota // one value
	nTuple                  // bracketed list "(a, b)" or "[a, b]" (also an interval with two elements)
	nBag                    // bare list "a, b" or a ± pair: order-insensitive
	nSet                    // "\{a, b\}"
	nUnion                  // "A \cup B"
	nMatrix                 // pmatrix / bmatrix
)

func (k nodeKind) String() string {
	return [...]string{"value", "tuple", "list", "set", "union", "matrix"}[k]
}

// node is a structured answer.
type node struct {
	kind  nodeKind
	text  string // nLeaf: normalized text without a trailing %
	pct   bool   // nLeaf: the text ended with %
	open  byte   // nTuple: '(' or '['
	close byte   // nTuple: ')' or ']'
	elems []node
	rows  int // nMatrix
	cols  int // nMatrix
}

const maxPlusMinus = 3 // at most 2^3 expansions of ± signs

var matrixRe = regexp.MustCompile(`^\\begin\{(pmatrix|bmatrix|Bmatrix|vmatrix|Vmatrix|matrix|smallmatrix|array)\}(?:\{[^{}]*\})?(.*)\\end\{(?:pmatrix|bmatrix|Bmatrix|vmatrix|Vmatrix|matrix|smallmatrix|array)\}$`)

// scanTop calls f for every byte of s at bracket depth 0 (outside (), [],
// {}, \{\}, \begin..\end); f gets the index. Escaped characters are skipped.
func scanTop(s string, f func(i int) bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			switch {
			case s[i+1] == '{':
				depth++
				i++
				continue
			case s[i+1] == '}':
				depth--
				i++
				continue
			case strings.HasPrefix(s[i:], `\begin`):
				depth++
				i += len(`\begin`) - 1
				continue
			case strings.HasPrefix(s[i:], `\end`):
				depth--
				i += len(`\end`) - 1
				continue
			}
			if depth == 0 && !f(i) {
				return
			}
			i++
			continue
		}
		switch c {
		case '(', '[', '{':
			depth++
			continue
		case ')', ']', '}':
			depth--
			continue
		}
		if depth == 0 && !f(i) {
			return
		}
	}
}

// splitTop splits s at top-level occurrences of sep.
func splitTop(s, sep string) []string {
	var parts []string
	last := 0
	scanTop(s, func(i int) bool {
		if strings.HasPrefix(s[i:], sep) {
			if len(sep) > 1 && sep[0] == '\\' && isLetter(sep[1]) && i+len(sep) < len(s) && isLetter(s[i+len(sep)]) {
				return true // \cupx is not \cup
			}
			parts = append(parts, s[last:i])
			last = i + len(sep)
		}
		return true
	})
	return append(parts, s[last:])
}

// hasTop reports a top-level occurrence of sep.
func hasTop(s, sep string) bool { return len(splitTop(s, sep)) > 1 }

// enclosed reports whether the bracket opening s closes exactly at its end,
// e.g. "(1,2]" but not "(1)+(2)".
func enclosed(s string) bool {
	if len(s) < 2 {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '{':
				depth++
			case '}':
				depth--
			}
			i++
			if depth == 0 && i < len(s)-1 {
				return false
			}
			continue
		}
		switch c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 && i < len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

// parseStructure reads the natural structure of a normalized answer;
// comparison later reinterprets it by the gold (a tuple can become an
// interval, a bag can be ordered).
func parseStructure(s string) node {
	s = strings.TrimSpace(s)
	if m := matrixRe.FindStringSubmatch(s); m != nil && !strings.Contains(m[2], `\begin{`) {
		return parseMatrix(m[2]) // one matrix (a sum of matrices is not)
	}
	if m := scaledMatrixRe.FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) != "" {
		// -\begin{pmatrix}...\end{pmatrix}, 2\begin{pmatrix}...: a number times a matrix.
		if mx := matrixRe.FindStringSubmatch(s[len(m[1]):]); mx != nil {
			return scaleMatrix(parseMatrix(mx[2]), strings.TrimSpace(m[1]))
		}
	}
	// \left[\begin{matrix}...\end{matrix}\right], as SymPy prints matrices.
	if len(s) >= 2 && (s[0] == '(' || s[0] == '[') && enclosed(s) {
		if m := matrixRe.FindStringSubmatch(strings.TrimSpace(s[1 : len(s)-1])); m != nil {
			return parseMatrix(m[2])
		}
	}
	if s == `\emptyset` || s == `\{\}` {
		return node{kind: nSet}
	}
	if strings.HasPrefix(s, `\{`) && strings.HasSuffix(s, `\}`) && enclosed(s) {
		body := s[2 : len(s)-2]
		if cond, ok := setBuilderCondition(body); ok {
			return leaf(cond) // \{x \mid x \ge 5\} is the condition x \ge 5
		}
		return node{kind: nSet, elems: parseElements(body)}
	}
	if strings.HasPrefix(s, "Matrix(") && strings.HasSuffix(s, ")") && enclosed(s[len("Matrix"):]) {
		return parseStructure(s[len("Matrix(") : len(s)-1])
	}
	if parts := splitTop(s, `\cup`); len(parts) > 1 {
		n := node{kind: nUnion}
		for _, p := range parts {
			n.elems = append(n.elems, parseStructure(p))
		}
		return n
	}
	if len(s) >= 2 && (s[0] == '(' || s[0] == '[') && (s[len(s)-1] == ')' || s[len(s)-1] == ']') && enclosed(s) {
		inner := s[1 : len(s)-1]
		if hasTop(inner, ",") {
			return node{kind: nTuple, open: s[0], close: s[len(s)-1], elems: parseElements(inner)}
		}
	}
	if hasTop(s, ",") || hasTop(s, ";") {
		return node{kind: nBag, elems: parseElements(s)}
	}
	if exp := expandPlusMinus(s); len(exp) > 1 {
		n := node{kind: nBag}
		for _, e := range exp {
			n.elems = append(n.elems, leaf(e))
		}
		return n
	}
	return leaf(s)
}

func leaf(s string) node {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "%") {
		return node{kind: nLeaf, text: strings.TrimSpace(strings.TrimSuffix(s, "%")), pct: true}
	}
	return node{kind: nLeaf, text: s}
}

// parseElements splits a list at top-level commas (or semicolons), strips
// "x =" prefixes of elements, and flattens ± pairs into the list.
func parseElements(s string) []node {
	sep := ","
	if !hasTop(s, ",") && hasTop(s, ";") {
		sep = ";"
	}
	var out []node
	for _, p := range splitTop(s, sep) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		p = resolveApprox(p, false)
		if rhs, ok := stripVariable(p); ok {
			p = rhs
		}
		e := parseStructure(p)
		if e.kind == nBag {
			out = append(out, e.elems...)
			continue
		}
		out = append(out, e)
	}
	return out
}

var scaledMatrixRe = regexp.MustCompile(`^(-|-?\d+(?:\.\d+)?|-?\\frac\{\d+\}\{\d+\})\s*(?:\\cdot\s*)?\\begin\{`)

// scaleMatrix multiplies every cell of a matrix by a number written as text
// ("-" is -1).
func scaleMatrix(m node, factor string) node {
	if factor == "-" {
		factor = "-1"
	}
	for i, c := range m.elems {
		m.elems[i] = leaf("(" + factor + ")\\cdot(" + c.text + ")")
	}
	return m
}

func parseMatrix(body string) node {
	n := node{kind: nMatrix}
	rows := splitTop(body, `\\`)
	for len(rows) > 0 && strings.TrimSpace(rows[len(rows)-1]) == "" {
		rows = rows[:len(rows)-1]
	}
	for _, r := range rows {
		cells := splitTop(r, "&")
		if n.rows == 0 {
			n.cols = len(cells)
		} else if len(cells) != n.cols {
			n.cols = -1 // ragged
		}
		n.rows++
		for _, c := range cells {
			n.elems = append(n.elems, leaf(c))
		}
	}
	return n
}

// expandPlusMinus turns "a \pm b" into ["a+b", "a-b"] (\mp the other way).
func expandPlusMinus(s string) []string {
	count := 0
	scanTop(s, func(i int) bool {
		if strings.HasPrefix(s[i:], `\pm`) || strings.HasPrefix(s[i:], `\mp`) {
			count++
		}
		return true
	})
	if count == 0 || count > maxPlusMinus {
		return nil
	}
	out := []string{s}
	for k := 0; k < count; k++ {
		var next []string
		for _, t := range out {
			idx := -1
			scanTop(t, func(i int) bool {
				if strings.HasPrefix(t[i:], `\pm`) || strings.HasPrefix(t[i:], `\mp`) {
					idx = i
					return false
				}
				return true
			})
			if idx < 0 {
				next = append(next, t)
				continue
			}
			first, second := "+", "-"
			if strings.HasPrefix(t[idx:], `\mp`) {
				first, second = "-", "+"
			}
			rest := strings.TrimLeft(t[idx+3:], " ")
			next = append(next, tidySign(t[:idx]+first+rest), tidySign(t[:idx]+second+rest))
		}
		out = next
	}
	return out
}

// tidySign drops a leading "+".
func tidySign(s string) string {
	s = strings.TrimSpace(s)
	return strings.TrimPrefix(s, "+")
}

var varLHSRe = regexp.MustCompile(`^(?:[a-zA-Z]{1,12}(?:_\{?[a-zA-Z0-9]+\}?)?'*|\\[a-zA-Z]+(?:_\{?[a-zA-Z0-9]+\}?)?|[a-zA-Z]\([a-zA-Z]\)|\((?:[a-zA-Z]\s*,\s*)+[a-zA-Z]\))$`)

// stripVariable removes a leading "x =", "k=", "\theta =", "f(x) =",
// "(x, y) =" and keeps what follows the last top-level "=" (Minerva keeps
// the text after the last "="): "x = 2+3 = 5" -> "5". It reports whether
// it removed anything.
func stripVariable(s string) (string, bool) {
	parts := splitTop(s, "=")
	if len(parts) < 2 {
		return s, false
	}
	lhs := strings.TrimSpace(parts[0])
	// "\le=" cannot occur after normalization; "==" would give an empty part.
	if !varLHSRe.MatchString(lhs) {
		return s, false
	}
	rhs := strings.TrimSpace(parts[len(parts)-1])
	if rhs == "" {
		return s, false
	}
	return rhs, true
}

// isEquationText reports a top-level "=" whose left side is not a bare
// variable ("2x+4y-3=0", "x^2+y^2=1"); such answers stay equations.
func isEquationText(s string) bool {
	parts := splitTop(s, "=")
	if len(parts) != 2 {
		return false
	}
	return !varLHSRe.MatchString(strings.TrimSpace(parts[0]))
}

// interpret reads a normalized answer: unless keepEquation, a variable
// prefix goes ("x = 5" -> 5, "n=2,3,4" -> 2,3,4), then the structure.
func interpret(s string, keepEquation bool) node {
	if !keepEquation {
		if !hasTop(s, ",") {
			if rhs, ok := stripVariable(s); ok {
				s = rhs
			}
		}
	}
	return parseStructure(s)
}
