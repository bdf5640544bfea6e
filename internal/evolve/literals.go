package evolve

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// Literal is a number written in a program's source: a numeric token (42,
// 2.5) or a number inside a string literal ('48' in Fraction('48'), each of
// '3/4'), which exact-arithmetic programs use to write their givens.
type Literal struct {
	// Start and End are the byte offsets of the number's digits in the
	// source (a sign is never part of a literal).
	Start, End int
	// Text is the number as written, e.g. "2.50".
	Text string
	// InString reports a number inside a string literal.
	InString bool
	// Exponent reports a numeric token written right after "**".
	Exponent bool
}

// plainNumberRe matches the numbers Perturb may change: decimal digits with
// an optional fractional part (no underscores, exponents, or other bases).
var plainNumberRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// Plain reports whether the literal is a plain decimal number.
func (l Literal) Plain() bool { return plainNumberRe.MatchString(l.Text) }

// Value returns the literal's exact value, or nil when it is not plain.
func (l Literal) Value() *big.Rat {
	if !l.Plain() {
		return nil
	}
	r, ok := new(big.Rat).SetString(l.Text)
	if !ok {
		return nil
	}
	return r
}

// Decimals returns the number of digits after the decimal point.
func (l Literal) Decimals() int { return decimals(l.Text) }

func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// span is a half-open byte range of the source.
type span struct{ start, end int }

// scan is the lexical view of a Python source that evolution needs: its
// numeric literals and its comments.
type scan struct {
	literals []Literal
	comments []span
}

// stringNumberRe matches string contents that are a number or a fraction
// "p/q", optionally signed and padded: the forms Fraction, Decimal and
// sympy.Rational accept.
var stringNumberRe = regexp.MustCompile(`^\s*[-+]?([0-9]+(?:\.[0-9]+)?)\s*(?:/\s*([0-9]+)\s*)?$`)

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// stringPrefix reports whether an identifier is a Python string prefix and
// whether that prefix makes an f-string or bytes literal.
func stringPrefix(id string) (ok, fOrB bool) {
	if len(id) == 0 || len(id) > 2 {
		return false, false
	}
	low := strings.ToLower(id)
	switch low {
	case "r", "u":
		return true, false
	case "f", "b", "rb", "br", "fr", "rf":
		return true, true
	}
	return false, false
}

// lex scans src. It fails on an unterminated string, the only lexical
// error that would make offsets meaningless.
func lex(src string) (scan, error) {
	var out scan
	prevOp := "" // the last operator token seen, to detect "**"
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '#':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			out.comments = append(out.comments, span{i, i + j})
			i += j
		case c == '\'' || c == '"':
			end, err := out.str(src, i, false)
			if err != nil {
				return out, err
			}
			i, prevOp = end, ""
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			if j < len(src) && (src[j] == '\'' || src[j] == '"') {
				if ok, fb := stringPrefix(src[i:j]); ok {
					end, err := out.str(src, j, fb)
					if err != nil {
						return out, err
					}
					i, prevOp = end, ""
					continue
				}
			}
			i, prevOp = j, ""
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			j := i
			for j < len(src) && (isIdentChar(src[j]) || src[j] == '.') {
				// exponent signs: 1e-5
				if (src[j] == 'e' || src[j] == 'E') && j+1 < len(src) && (src[j+1] == '-' || src[j+1] == '+') && !strings.HasPrefix(strings.ToLower(src[i:]), "0x") {
					j += 2
					continue
				}
				j++
			}
			out.literals = append(out.literals, Literal{Start: i, End: j, Text: src[i:j], Exponent: prevOp == "**"})
			i, prevOp = j, ""
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\':
			i++
		default:
			if strings.HasPrefix(src[i:], "**") {
				prevOp = "**"
				i += 2
				continue
			}
			if c == '(' && prevOp == "**" {
				i++ // x**(2): still the exponent
				continue
			}
			prevOp = string(c)
			i++
		}
	}
	return out, nil
}

// str scans the string literal whose opening quote is at q and records
// numbers it holds (unless it is an f-string or bytes). It returns the
// offset after the closing quote.
func (sc *scan) str(src string, q int, fOrB bool) (int, error) {
	quote := src[q : q+1]
	triple := strings.HasPrefix(src[q:], strings.Repeat(quote, 3))
	delim := quote
	if triple {
		delim = strings.Repeat(quote, 3)
	}
	start := q + len(delim)
	i := start
	for i < len(src) {
		switch {
		case src[i] == '\\':
			i += 2
			continue
		case strings.HasPrefix(src[i:], delim):
			if !fOrB {
				sc.stringNumbers(src, start, i)
			}
			return i + len(delim), nil
		case src[i] == '\n' && !triple:
			return 0, fmt.Errorf("unterminated string at byte %d", q)
		}
		i++
	}
	return 0, fmt.Errorf("unterminated string at byte %d", q)
}

func (sc *scan) stringNumbers(src string, start, end int) {
	content := src[start:end]
	m := stringNumberRe.FindStringSubmatchIndex(content)
	if m == nil {
		return
	}
	for g := 1; g <= 2; g++ {
		if m[2*g] < 0 {
			continue
		}
		a, b := start+m[2*g], start+m[2*g+1]
		sc.literals = append(sc.literals, Literal{Start: a, End: b, Text: src[a:b], InString: true})
	}
}

// Literals returns the numbers written in a Python program, in source
// order: numeric tokens and numbers that are the whole content of a string
// literal (Fraction('48'), sympy.Rational('3/4')). Comments are skipped.
func Literals(src string) ([]Literal, error) {
	sc, err := lex(src)
	if err != nil {
		return nil, fmt.Errorf("scan program: %w", err)
	}
	return sc.literals, nil
}

// StripComments removes the comments of a Python program; lines that held
// only a comment are dropped. Evolved programs lose their parent's
// comments, which would describe the parent's numbers.
func StripComments(src string) (string, error) {
	sc, err := lex(src)
	if err != nil {
		return "", fmt.Errorf("scan program: %w", err)
	}
	if len(sc.comments) == 0 {
		return src, nil
	}
	var b strings.Builder
	last := 0
	for _, c := range sc.comments {
		b.WriteString(src[last:c.start])
		last = c.end
	}
	b.WriteString(src[last:])
	lines := strings.Split(b.String(), "\n")
	orig := strings.Split(src, "\n")
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		t := strings.TrimRight(l, " \t")
		if t == "" && i < len(orig) && strings.TrimSpace(orig[i]) != "" {
			continue // the line was only a comment
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n"), nil
}

// Skeleton returns the program with comments removed, every literal number
// replaced by "#" and blank lines dropped: two programs that differ only in
// their numbers have the same skeleton.
func Skeleton(src string) (string, error) {
	sc, err := lex(src)
	if err != nil {
		return "", fmt.Errorf("scan program: %w", err)
	}
	type edit struct {
		span
		text string
	}
	var edits []edit
	for _, c := range sc.comments {
		edits = append(edits, edit{c, ""})
	}
	for _, l := range sc.literals {
		edits = append(edits, edit{span{l.Start, l.End}, "#"})
	}
	sortEdits := func() {
		for i := 1; i < len(edits); i++ {
			for j := i; j > 0 && edits[j].start < edits[j-1].start; j-- {
				edits[j], edits[j-1] = edits[j-1], edits[j]
			}
		}
	}
	sortEdits()
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	var out []string
	for _, l := range strings.Split(b.String(), "\n") {
		if t := strings.TrimRight(l, " \t\r"); strings.TrimSpace(t) != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n"), nil
}

// replaceSpans rewrites src with the given replacements (non-overlapping,
// keyed by start offset).
func replaceSpans(src string, lits []Literal, repl map[int]string) string {
	var b strings.Builder
	last := 0
	for _, l := range lits {
		r, ok := repl[l.Start]
		if !ok {
			continue
		}
		b.WriteString(src[last:l.Start])
		b.WriteString(r)
		last = l.End
	}
	b.WriteString(src[last:])
	return b.String()
}
