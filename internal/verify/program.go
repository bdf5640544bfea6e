package verify

import (
	"math/big"
	"regexp"
	"strings"
)

// programFacts is what the consistency checks read from a program's
// source, beyond its literals: the exponents of the powers it computes and
// the matrices (lists of number lists) it writes.
type programFacts struct {
	// exponents are the exponents of its powers: x**2, pow(a, 5, m),
	// Pow(x, 3), .coeff(x, 4), root(a, 3), and, for an exponent held in a
	// variable, the literal the variable is set to or the range it runs over.
	exponents map[string]bool
	// squares reports a square or a square root computed another way
	// (sqrt, hypot, x*x): an exponent 2 in the problem is accounted for.
	squares bool
	// matrices are the program's lists of numbers, flattened row by row
	// (with names set to literals replaced by their values).
	matrices [][]string
	// hasMatrix reports that the program writes at least one list of
	// number lists.
	hasMatrix bool
}

var (
	reSrcPowLit  = regexp.MustCompile(`\*\*\s*\(?\s*-?\s*([0-9]+)\b`)
	reSrcPowName = regexp.MustCompile(`\*\*\s*\(?\s*([A-Za-z_]\w*)`)
	// Calls whose second argument is an exponent: pow(x, 2), Pow(x, 3),
	// root(a, 3), coeff(x, 4), nthroot_mod(a, 3, p), multinomial_coefficients(3, 12).
	reSrcPowCall = regexp.MustCompile(`\b(?:pow|Pow|root|real_root|coeff|nth_root|nthroot_mod|multinomial_coefficients|binomial_coefficients_list)\(`)
	// series(f, x, x0, n): the order n (the expansion below x^n).
	reSrcSeries = regexp.MustCompile(`\bseries\(`)
	// A coefficient looked up by its exponents: coefficients[(3, 4, 4)].
	reSrcExpKey = regexp.MustCompile(`\[\s*\(\s*([0-9]+(?:\s*,\s*[0-9]+)+)\s*\)\s*\]`)
	// Squares and square roots computed without **: sqrt, x*x, 8 * 8,
	// modular square roots.
	reSrcSquare = regexp.MustCompile(`\b(?:sqrt|isqrt|hypot|norm|sqrt_mod|legendre_symbol|jacobi_symbol|is_quad_residue|quadratic_residues)\(|(?:^|[^\w.])(\w+)\s*\*\s*(\w+)\b`)
	reSrcCube   = regexp.MustCompile(`\bcbrt\(|(?:^|[^\w.])(\w+)\s*\*\s*(\w+)\s*\*\s*(\w+)\b`)
	reSrcConst  = regexp.MustCompile(`(?m)^\s*([A-Za-z_]\w*)\s*=\s*\(?\s*(-?\s*[0-9]+(?:\.[0-9]+)?)\s*\)?\s*(?:#.*)?$`)
	reSrcMulti  = regexp.MustCompile(`(?m)^\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+)\s*=\s*\(?\s*(-?[0-9.]+(?:\s*,\s*-?[0-9.]+)+)\s*\)?\s*$`)
	reSrcFor    = regexp.MustCompile(`\bfor\s+([A-Za-z_]\w*)\s+in\s+range\(\s*(?:(-?[0-9]+)\s*,\s*)?(-?[0-9]+)\s*(?:\+\s*1\s*)?\)`)
)

// constants returns the names a program sets to a number literal
// (n = 5; a, b = 3, 4).
func constants(src string) map[string]string {
	out := map[string]string{}
	for _, m := range reSrcConst.FindAllStringSubmatch(src, -1) {
		out[m[1]] = strings.ReplaceAll(m[2], " ", "")
	}
	for _, m := range reSrcMulti.FindAllStringSubmatch(src, -1) {
		names := strings.Split(m[1], ",")
		vals := strings.Split(m[2], ",")
		if len(names) == len(vals) {
			for i := range names {
				out[strings.TrimSpace(names[i])] = strings.TrimSpace(vals[i])
			}
		}
	}
	return out
}

func readProgram(src string) programFacts {
	pf := programFacts{exponents: map[string]bool{}}
	if src == "" {
		return pf
	}
	consts := constants(src)
	ranges := map[string][2]string{}
	for _, m := range reSrcFor.FindAllStringSubmatch(src, -1) {
		ranges[m[1]] = [2]string{m[2], m[3]}
	}
	var addExp func(s string)
	addExp = func(s string) {
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "-"))
		if v, ok := parseRat(s); ok {
			pf.exponents[v.RatString()] = true
			return
		}
		name := strings.TrimSpace(s)
		if c, ok := consts[name]; ok {
			addExp(c)
		}
		if rg, ok := ranges[name]; ok {
			// An exponent running over a range: its ends (range(1, 217)
			// runs to 216).
			if rg[0] != "" {
				addExp(rg[0])
			}
			if v, ok := parseRat(rg[1]); ok {
				pf.exponents[new(big.Rat).Sub(v, big.NewRat(1, 1)).RatString()] = true
				pf.exponents[v.RatString()] = true
			}
		}
	}
	for _, m := range reSrcPowLit.FindAllStringSubmatch(src, -1) {
		addExp(m[1])
	}
	for _, m := range reSrcPowName.FindAllStringSubmatch(src, -1) {
		addExp(m[1])
	}
	for _, loc := range reSrcPowCall.FindAllStringIndex(src, -1) {
		args := callArgs(src, loc[1])
		if len(args) >= 2 {
			addExp(args[1])
			// coeff(x**4*y**4): the exponents are read by the ** rule.
		}
	}
	for _, loc := range reSrcSeries.FindAllStringIndex(src, -1) {
		if args := callArgs(src, loc[1]); len(args) >= 4 {
			addExp(args[3])
		}
	}
	for _, m := range reSrcExpKey.FindAllStringSubmatch(src, -1) {
		for _, e := range strings.Split(m[1], ",") {
			addExp(e)
		}
	}
	for _, m := range reSrcSquare.FindAllStringSubmatch(src, -1) {
		if m[1] == "" || m[1] == m[2] {
			pf.squares = true
		}
	}
	if pf.squares {
		pf.exponents["2"] = true
	}
	for _, m := range reSrcCube.FindAllStringSubmatch(src, -1) {
		if m[1] == "" || m[1] == m[2] && m[2] == m[3] {
			pf.exponents["3"] = true
		}
	}
	pf.matrices, pf.hasMatrix = numberLists(src, consts)
	return pf
}

// callArgs splits the arguments of the call whose "(" ends at i.
func callArgs(src string, i int) []string {
	depth := 0
	var args []string
	start := i
	for k := i; k < len(src); k++ {
		switch src[k] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return append(args, strings.TrimSpace(src[start:k]))
			}
			depth--
		case ',':
			if depth == 0 {
				args = append(args, strings.TrimSpace(src[start:k]))
				start = k + 1
			}
		}
	}
	return args
}

// numberLists returns every list literal of the program whose items are
// numbers (or names set to numbers), or lists of them, flattened row by
// row; nested reports whether one of them is a list of lists.
func numberLists(src string, consts map[string]string) (lists [][]string, nested bool) {
	for i := 0; i < len(src); i++ {
		if src[i] != '[' {
			continue
		}
		end := matchBracket(src, i)
		if end < 0 {
			continue
		}
		body := src[i+1 : end]
		var flat []string
		ok := true
		isNested := strings.HasPrefix(strings.TrimSpace(body), "[")
		for _, item := range splitTopLevel(strings.ReplaceAll(strings.ReplaceAll(body, "[", ""), "]", "")) {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			if c, found := consts[item]; found {
				item = c
			}
			v, good := parseSigned(item)
			if !good {
				ok = false
				break
			}
			flat = append(flat, v)
		}
		if ok && len(flat) >= 2 {
			lists = append(lists, flat)
			if isNested {
				nested = true
			}
		}
	}
	return lists, nested
}

func matchBracket(s string, i int) int {
	depth := 0
	for k := i; k < len(s); k++ {
		switch s[k] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:k])
				start = k + 1
			}
		}
	}
	return append(out, s[start:])
}

// parseSigned reads a signed number ("-4", "(-3)", "2.5", "3/4") as a
// RatString.
func parseSigned(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	s = strings.ReplaceAll(s, " ", "")
	if s == "" {
		return "", false
	}
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", false
	}
	return v.RatString(), true
}

var (
	reTexMatrix   = regexp.MustCompile(`(?s)\\begin\{([pbvBV]?matrix)\}(.*?)\\end\{([pbvBV]?matrix)\}`)
	reTexFracCell = regexp.MustCompile(`^(-?)\\[dt]?frac\{(-?[0-9]+)\}\{([0-9]+)\}$`)
)

// problemMatrices returns the matrices (and vectors) a problem writes whose
// entries are all numbers, flattened row by row, with their spans.
func problemMatrices(problem string) (mats [][]string, spans [][2]int) {
	for _, m := range reTexMatrix.FindAllStringSubmatchIndex(problem, -1) {
		body := problem[m[4]:m[5]]
		var flat []string
		ok := true
		for _, row := range strings.Split(body, `\\`) {
			if strings.TrimSpace(row) == "" {
				continue
			}
			for _, cell := range strings.Split(row, "&") {
				c := strings.ReplaceAll(strings.TrimSpace(cell), " ", "")
				if fm := reTexFracCell.FindStringSubmatch(c); fm != nil {
					c = fm[1] + fm[2] + "/" + fm[3]
				}
				v, good := parseSigned(c)
				if !good {
					ok = false
					break
				}
				flat = append(flat, v)
			}
			if !ok {
				break
			}
		}
		if ok && len(flat) >= 2 {
			mats = append(mats, flat)
			spans = append(spans, [2]int{m[0], m[1]})
		}
	}
	return mats, spans
}

// matrixWritten reports whether the program writes the problem's matrix:
// a list of the same numbers in the same order (row by row), or, for a
// square matrix, column by column.
func (pf programFacts) matrixWritten(mat []string) bool {
	for _, l := range pf.matrices {
		if equalStrings(l, mat) {
			return true
		}
	}
	n := 0
	for n*n < len(mat) {
		n++
	}
	if n*n == len(mat) {
		tr := make([]string, len(mat))
		for r := 0; r < n; r++ {
			for c := 0; c < n; c++ {
				tr[c*n+r] = mat[r*n+c]
			}
		}
		for _, l := range pf.matrices {
			if equalStrings(l, tr) {
				return true
			}
		}
	}
	return false
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasListOfSize reports whether the program writes a list of n numbers.
func (pf programFacts) hasListOfSize(n int) bool {
	for _, l := range pf.matrices {
		if len(l) == n {
			return true
		}
	}
	return false
}
