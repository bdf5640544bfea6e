package corpus

import (
	"strings"

	"github.com/arrows-math/arrows/internal/latex"
)

// GSM8KAnswer returns the final answer of a GSM8K solution: the trimmed text
// after the last "####" marker, and whether a marker was found.
func GSM8KAnswer(solution string) (string, bool) {
	i := strings.LastIndex(solution, "####")
	if i < 0 {
		return "", false
	}
	ans := strings.TrimSpace(solution[i+len("####"):])
	return ans, ans != ""
}

// LastBoxed returns the content of the last \boxed{...} (or \fbox{...}) of a
// LaTeX solution, with nested braces kept, and whether one was found. The
// brace-less form "\boxed 5" yields the token after the space.
func LastBoxed(solution string) (string, bool) {
	best := -1
	var bestCmd string
	for _, cmd := range []string{`\boxed`, `\fbox`} {
		if i := lastCommand(solution, cmd); i > best {
			best, bestCmd = i, cmd
		}
	}
	if best < 0 {
		return "", false
	}
	rest := solution[best+len(bestCmd):]
	trimmed := strings.TrimLeft(rest, " ")
	if strings.HasPrefix(trimmed, "{") {
		end := latex.Closing(trimmed, 1)
		if end < 0 {
			return "", false // unbalanced
		}
		return strings.TrimSpace(trimmed[1:end]), true
	}
	if len(trimmed) == len(rest) {
		return "", false // "\boxedfoo": not the command
	}
	end := strings.IndexAny(trimmed, "$ \n")
	if end < 0 {
		end = len(trimmed)
	}
	tok := strings.TrimSpace(trimmed[:end])
	return tok, tok != ""
}

// lastCommand returns the index of the last occurrence of the LaTeX command
// cmd that is not the prefix of a longer command name, or -1.
func lastCommand(s, cmd string) int {
	for end := len(s); end > 0; {
		i := strings.LastIndex(s[:end], cmd)
		if i < 0 {
			return -1
		}
		next := i + len(cmd)
		if next >= len(s) || !isLetter(s[next]) {
			return i
		}
		end = i
	}
	return -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// NormalizeAnswer returns a canonical form of a final answer for comparison.
// Only answers that are plain decimal numbers are rewritten: surrounding
// whitespace and a leading currency sign ("$", "\$") are dropped, thousands
// separators ("1,000", "10{,}000", "10,\!000", "10\,000") removed, a leading
// "+" and leading zeros dropped, trailing fractional zeros cut ("2.50" ->
// "2.5", "5.0" -> "5") and "-0" written "0". Anything else (LaTeX, text,
// fractions, percentages) is returned only trimmed, since rewriting it could
// change its meaning.
func NormalizeAnswer(s string) string {
	s = strings.TrimSpace(s)
	if n, ok := canonicalNumber(s); ok {
		return n
	}
	return s
}

// canonicalNumber parses s as a decimal number with optional sign, currency
// prefix and thousands separators, returning its canonical text.
func canonicalNumber(s string) (string, bool) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, `\$`), "$")
	if !neg && strings.HasPrefix(s, "-") {
		neg, s = true, s[1:] // "$-5"
	}
	for _, sep := range []string{"{,}", `,\!`, `\,`} {
		s = strings.ReplaceAll(s, sep, ",")
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" && (!hasPoint || frac == "") {
		return "", false
	}
	// Integer part: digits, or groups of three separated by commas.
	groups := strings.Split(intPart, ",")
	for i, g := range groups {
		if g == "" && len(groups) == 1 {
			continue // ".5"
		}
		if !allDigits(g) || g == "" || (len(groups) > 1 && i > 0 && len(g) != 3) || (len(groups) > 1 && i == 0 && len(g) > 3) {
			return "", false
		}
	}
	if hasPoint && !allDigits(frac) {
		return "", false
	}
	digits := strings.TrimLeft(strings.Join(groups, ""), "0")
	if digits == "" {
		digits = "0"
	}
	frac = strings.TrimRight(frac, "0")
	out := digits
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
