package decontam

import (
	"math/big"
	"strings"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/latex"
)

// LastBoxed returns the content of the last \boxed{...} (or \fbox{...}) in
// s, with nested braces matched, and whether one was found.
func LastBoxed(s string) (string, bool) {
	start := -1
	for _, cmd := range []string{`\boxed{`, `\fbox{`} {
		if i := strings.LastIndex(s, cmd); i >= 0 && i+len(cmd) > start {
			start = i + len(cmd)
		}
	}
	if start < 0 {
		return "", false
	}
	end := latex.Closing(s, start)
	if end < 0 {
		return "", false
	}
	return s[start:end], true
}

// NormalizeAnswer canonicalises a final answer for exact comparison:
// \boxed{} is unwrapped, a trailing unit in parentheses ("9 (apples)") or
// trailing unit words ("18 dollars", "10 \text{cm}") are dropped, the rest
// is normalised like problem text, and numbers (integers, decimals,
// fractions written as a/b or \frac{a}{b}, with an optional sign) become
// the reduced rational "p/q" or integer "p", so "27.0", "27" and
// "\dfrac{54}{2}" all give "27", and "0.5" and "\frac{1}{2}" give "1/2". Other
// answers are their normalised tokens joined without spaces. An empty
// answer gives "".
func NormalizeAnswer(s string) string {
	s = strings.TrimSpace(s)
	if b, ok := LastBoxed(s); ok {
		s = b
	}
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") && isWordsOnly(s[i+2:len(s)-1]) {
		s = s[:i]
	}
	toks := dedup.Tokens(s)
	// Drop trailing unit words after a number: "18 dollars" -> "18".
	for len(toks) >= 2 && isWord(toks[len(toks)-1]) && numericPrefix(toks[:len(toks)-1]) {
		toks = toks[:len(toks)-1]
	}
	if r, ok := numericValue(toks); ok {
		return r.RatString()
	}
	return strings.Join(toks, "")
}

func isWordsOnly(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ' ') {
			return false
		}
	}
	return true
}

func isWord(tok string) bool {
	for _, r := range tok {
		if !(r >= 'a' && r <= 'z') {
			return false
		}
	}
	return tok != "" && tok != "frac" && tok != "sqrt" && tok != "pi"
}

func isNumberTok(tok string) bool { return tok != "" && tok[0] >= '0' && tok[0] <= '9' }

// numericPrefix reports whether toks is a number form numericValue accepts.
func numericPrefix(toks []string) bool {
	_, ok := numericValue(toks)
	return ok
}

// numericValue parses [-|+] n, [-] n / m and [-] frac n m.
func numericValue(toks []string) (*big.Rat, bool) {
	neg := false
	if len(toks) > 0 && (toks[0] == "-" || toks[0] == "+") {
		neg = toks[0] == "-"
		toks = toks[1:]
	}
	var r *big.Rat
	switch {
	case len(toks) == 1 && isNumberTok(toks[0]):
		v, ok := new(big.Rat).SetString(toks[0])
		if !ok {
			return nil, false
		}
		r = v
	case len(toks) == 3 && isNumberTok(toks[0]) && toks[1] == "/" && isNumberTok(toks[2]),
		len(toks) == 3 && toks[0] == "frac" && isNumberTok(toks[1]) && isNumberTok(toks[2]):
		a, b := toks[0], toks[2]
		if toks[0] == "frac" {
			a, b = toks[1], toks[2]
		}
		p, ok1 := new(big.Rat).SetString(a)
		q, ok2 := new(big.Rat).SetString(b)
		if !ok1 || !ok2 || q.Sign() == 0 {
			return nil, false
		}
		r = p.Quo(p, q)
	default:
		return nil, false
	}
	if neg {
		r.Neg(r)
	}
	return r, true
}
