package steps

import (
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token of solution text.
type tokKind uint8

const (
	tNum     tokKind = iota // a number literal, possibly with currency sign and thousands separators
	tPercent                // % or \%
	tOp                     // + - * / ^ ** × ÷ · ⋅ − \times \cdot \div
	tLParen                 // ( [ \left( \left[
	tRParen                 // ) ] \right) \right]
	tLBrace                 // {
	tRBrace                 // }
	tEq                     // = (not part of <=, >=, !=, :=, ==)
	tSpace                  // horizontal whitespace and LaTeX spacing (\, \; \! \quad ...)
	tNewline                // \n
	tWord                   // a run of letters
	tCmd                    // a LaTeX command other than the above (\frac, \text, \\ ...)
	tDollar                 // $ or $$ not followed by a digit (a math delimiter)
	tAmp                    // & (alignment)
	tOther                  // any other character (punctuation, !, _, |, :, ...)
)

// token is one lexeme with its byte span in the text.
type token struct {
	kind tokKind
	// op is the ASCII operator for tOp: + - * / ^
	op byte
	// decimals is a tNum's count of fraction digits.
	decimals int32
	text     string // as written
	start    int
	end      int
	// digits is a tNum's value as plain decimal digits (no currency sign or
	// thousands separators).
	digits string
}

// rat returns the exact value of a tNum.
func (t *token) rat() *big.Rat {
	if t.decimals == 0 && !strings.Contains(t.digits, ".") && len(t.digits) <= 18 {
		if n, err := strconv.ParseInt(t.digits, 10, 64); err == nil {
			return new(big.Rat).SetInt64(n)
		}
	}
	v, ok := new(big.Rat).SetString(t.digits)
	if !ok {
		return new(big.Rat)
	}
	return v
}

// isInt reports whether a tNum is written as an integer (no decimal point).
func (t *token) isInt() bool { return t.decimals == 0 && !strings.Contains(t.digits, ".") }

// spacingCommands are LaTeX commands that only produce space.
var spacingCommands = map[string]bool{
	`\,`: true, `\;`: true, `\:`: true, `\!`: true, `\ `: true, `\quad`: true, `\qquad`: true,
	`\enspace`: true, `\thinspace`: true, `\medspace`: true, `\thickspace`: true, `\displaystyle`: true,
}

// sizeCommands prefix a delimiter (\left( \bigl[ ...).
var sizeCommands = map[string]bool{
	`\left`: true, `\right`: true, `\big`: true, `\Big`: true, `\bigg`: true, `\Bigg`: true,
	`\bigl`: true, `\bigr`: true, `\Bigl`: true, `\Bigr`: true, `\biggl`: true, `\biggr`: true,
}

// lex splits text into tokens. It never fails: unknown characters become tOther.
func lex(text string) []token {
	toks := make([]token, 0, len(text)/2+4)
	i := 0
	emit := func(k tokKind, start, end int) *token {
		toks = append(toks, token{kind: k, text: text[start:end], start: start, end: end})
		return &toks[len(toks)-1]
	}
	for i < len(text) {
		c := text[i]
		switch {
		case c == '\n':
			emit(tNewline, i, i+1)
			i++
		case c == ' ' || c == '\t' || c == '\r':
			j := i
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			emit(tSpace, i, j)
			i = j
		case isDigit(c) || (c == '.' && i+1 < len(text) && isDigit(text[i+1]) && (i == 0 || !isDigit(text[i-1]))):
			i = lexNumber(text, i, i, &toks)
		case c == '$':
			if n := currencyNumber(text, i+1); n {
				i = lexNumber(text, i, i+1, &toks)
				continue
			}
			j := i + 1
			if j < len(text) && text[j] == '$' {
				j++
			}
			emit(tDollar, i, j)
			i = j
		case c == '\\':
			i = lexCommand(text, i, &toks)
		case c == '%':
			emit(tPercent, i, i+1)
			i++
		case c == '+' || c == '/' || c == '^':
			emit(tOp, i, i+1).op = c
			i++
		case c == '-':
			emit(tOp, i, i+1).op = '-'
			i++
		case c == '*':
			if i+1 < len(text) && text[i+1] == '*' {
				emit(tOp, i, i+2).op = '^'
				i += 2
			} else {
				emit(tOp, i, i+1).op = '*'
				i++
			}
		case c == '(' || c == '[':
			emit(tLParen, i, i+1)
			i++
		case c == ')' || c == ']':
			emit(tRParen, i, i+1)
			i++
		case c == '{':
			if strings.HasPrefix(text[i:], "{,}") {
				emit(tOther, i, i+3)
				i += 3
				continue
			}
			emit(tLBrace, i, i+1)
			i++
		case c == '}':
			emit(tRBrace, i, i+1)
			i++
		case c == '=':
			prev := byte(0)
			if i > 0 {
				prev = text[i-1]
			}
			next := byte(0)
			if i+1 < len(text) {
				next = text[i+1]
			}
			if prev == '<' || prev == '>' || prev == '!' || prev == ':' || prev == '=' || next == '=' {
				emit(tOther, i, i+1)
			} else {
				emit(tEq, i, i+1)
			}
			i++
		case c == '&':
			emit(tAmp, i, i+1)
			i++
		case c < utf8.RuneSelf:
			if isLetter(c) {
				j := i
				for j < len(text) && isLetter(text[j]) {
					j++
				}
				emit(tWord, i, j)
				i = j
				continue
			}
			emit(tOther, i, i+1)
			i++
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			switch r {
			case '×':
				emit(tOp, i, i+size).op = '*'
			case '·', '⋅', '∙':
				emit(tOp, i, i+size).op = '*'
			case '÷':
				emit(tOp, i, i+size).op = '/'
			case '−':
				emit(tOp, i, i+size).op = '-'
			case '\u00a0', '\u2009', '\u202f':
				emit(tSpace, i, i+size)
			default:
				if unicode.IsLetter(r) {
					j := i + size
					for j < len(text) {
						r2, s2 := utf8.DecodeRuneInString(text[j:])
						if !unicode.IsLetter(r2) && !(r2 < utf8.RuneSelf && isLetter(byte(r2))) {
							break
						}
						j += s2
					}
					emit(tWord, i, j)
					i = j
					continue
				}
				emit(tOther, i, i+size)
			}
			i += size
		}
	}
	return toks
}

// currencyNumber reports whether a number starts at text[i] (after a "$").
func currencyNumber(text string, i int) bool {
	return i < len(text) && (isDigit(text[i]) || (text[i] == '.' && i+1 < len(text) && isDigit(text[i+1])))
}

// lexNumber lexes a number whose token starts at start (possibly at a
// currency sign) and whose digits start at i. Thousands separators are ","
// "{,}" ",\!" and "\," followed by exactly three digits.
func lexNumber(text string, start, i int, toks *[]token) int {
	j := i
	for j < len(text) && isDigit(text[j]) {
		j++
	}
	intDigits := j - i
	// digits is built only when a separator is dropped; otherwise it is a
	// substring of text.
	var digits strings.Builder
	plain := true
	groupsOK := intDigits > 0 && intDigits <= 3
	for groupsOK {
		sepLen := 0
		for _, sep := range []string{",", "{,}", `,\!`, `\,`} {
			if strings.HasPrefix(text[j:], sep) && threeDigits(text, j+len(sep)) {
				sepLen = len(sep)
				break
			}
		}
		if sepLen == 0 {
			break
		}
		if plain {
			digits.WriteString(text[i:j])
			plain = false
		}
		j += sepLen
		digits.WriteString(text[j : j+3])
		j += 3
	}
	decimals := 0
	fracStart := j
	if j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
		j++
		for j < len(text) && isDigit(text[j]) {
			j++
			decimals++
		}
	}
	d := text[i:j]
	if !plain {
		digits.WriteString(text[fracStart:j])
		d = digits.String()
	}
	*toks = append(*toks, token{kind: tNum, text: text[start:j], start: start, end: j, digits: d, decimals: int32(decimals)})
	return j
}

// threeDigits reports whether text[i:] starts with exactly three digits.
func threeDigits(text string, i int) bool {
	if i+3 > len(text) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !isDigit(text[k]) {
			return false
		}
	}
	return i+3 == len(text) || !isDigit(text[i+3])
}

// lexCommand lexes a LaTeX command starting at text[i] == '\\'.
func lexCommand(text string, i int, toks *[]token) int {
	j := i + 1
	for j < len(text) && isLetter(text[j]) {
		j++
	}
	if j == i+1 && j < len(text) {
		// A one-character command: \, \; \! \\ \$ \% \{ \} \  ...
		_, size := utf8.DecodeRuneInString(text[j:])
		j += size
	}
	name := text[i:j]
	add := func(k tokKind, end int) int {
		t := token{kind: k, text: text[i:end], start: i, end: end}
		switch name {
		case `\times`, `\cdot`, `\ast`:
			t.op = '*'
		case `\div`:
			t.op = '/'
		}
		*toks = append(*toks, t)
		return end
	}
	switch {
	case name == `\$` && currencyNumber(text, j):
		return lexNumber(text, i, j, toks)
	case name == `\%`:
		return add(tPercent, j)
	case name == `\times` || name == `\cdot` || name == `\div` || name == `\ast`:
		return add(tOp, j)
	case spacingCommands[name]:
		return add(tSpace, j)
	case sizeCommands[name]:
		k := j
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k < len(text) {
			switch text[k] {
			case '(', '[':
				return add(tLParen, k+1)
			case ')', ']':
				return add(tRParen, k+1)
			case '.':
				return add(tSpace, k+1)
			}
		}
		return add(tCmd, j)
	default:
		return add(tCmd, j)
	}
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
