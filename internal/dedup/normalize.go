// Package dedup finds duplicate rows in a generated corpus at three levels:
// exact duplicates of the normalised problem text (ExactKey), near-duplicate
// texts (MinHash signatures with LSH banding: Signature, BandKeys,
// Similarity), and programs with the same structure on the same topics
// (StructureKey, SkeletonFromSource), which catches "same problem, new
// numbers" clones that text similarity misses.
//
// Everything here is a pure function of one record, so a pipeline can key
// rows with these functions, group by key, and keep Representative(ids) of
// every group without holding the corpus in memory.
package dedup

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizerVersion names the behaviour of NormalizeText and Tokens. Data
// derived from normalised text (the decontamination n-gram sets) stores it
// and must be rebuilt when it changes; bump it with any change to the
// normaliser's output.
const NormalizerVersion = "norm-v1"

// NormalizeText returns the canonical form of a problem text used for
// keys, shingles and n-grams: Tokens(s) joined by single spaces.
func NormalizeText(s string) string {
	return strings.Join(Tokens(s), " ")
}

// ExactKey is the hex SHA-256 (first 128 bits) of NormalizeText(problem).
// Problems that differ only in case, spacing, punctuation or LaTeX markup
// share the key.
func ExactKey(problem string) string {
	sum := sha256.Sum256([]byte(NormalizeText(problem)))
	return hex.EncodeToString(sum[:16])
}

// latexDrop are LaTeX commands that only format: the command is dropped and
// its argument (if any) kept as ordinary text.
var latexDrop = map[string]bool{
	"left": true, "right": true, "displaystyle": true, "textstyle": true,
	"scriptstyle": true, "quad": true, "qquad": true, "text": true,
	"textbf": true, "textit": true, "textrm": true, "mathrm": true,
	"mathbf": true, "mathit": true, "mathsf": true, "mathtt": true,
	"mathbb": true, "mathcal": true, "boldsymbol": true, "mbox": true,
	"hbox": true, "operatorname": true, "limits": true, "nolimits": true,
	"big": true, "bigl": true, "bigr": true, "Big": true, "Bigl": true,
	"Bigr": true, "bigg": true, "biggl": true, "biggr": true, "Bigg": true,
	"Biggl": true, "Biggr": true, "emph": true, "underline": true,
	"noindent": true, "newline": true, "hline": true, "cr": true,
	"phantom": true, "hphantom": true, "vphantom": true, "hspace": true,
	"vspace": true, "ensuremath": true, "mathord": true, "mathop": true,
}

// latexMap rewrites LaTeX commands to the token plain text would use.
var latexMap = map[string]string{
	"dfrac": "frac", "tfrac": "frac", "cfrac": "frac",
	"cdot": "*", "times": "*", "ast": "*", "div": "/",
	"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=",
	"geqslant": ">=", "ne": "!=", "neq": "!=", "lt": "<", "gt": ">",
	"lbrace": "", "rbrace": "", "lvert": "", "rvert": "", "vert": "",
	"mid": "|", "ldots": "", "cdots": "", "dots": "", "dotsc": "",
	"dotsb": "", "vdots": "", "ddots": "", "colon": "", "prime": "",
	"circ": "degrees", "degree": "degrees",
}

// runeMap rewrites single characters (Unicode look-alikes) to ASCII text.
var runeMap = map[rune]string{
	'×': "*", '·': "*", '⋅': "*", '∗': "*", '÷': "/", '−': "-", '–': "-",
	'—': "-", '‐': "-", '‑': "-", '≤': "<=", '≥': ">=", '≠': "!=",
	'√': " sqrt ", '∩': " cap ", '∪': " cup ", 'π': " pi ", '°': " degrees ", '∞': " infty ",
	'²': "^2", '³': "^3", '¹': "^1", '½': " 1/2 ", '¼': " 1/4 ", '¾': " 3/4 ",
	'’': "'", '‘': "'", '`': "'", '´': "'", '“': " ", '”': " ", '\u00a0': " ",
	'\u2009': " ", '\u202f': " ", '\u3000': " ", '…': " ",
}

// Tokens splits a text into normalised tokens:
//   - lowercase; Unicode look-alikes (×, −, ≤, curly quotes, full-width
//     forms) mapped to ASCII;
//   - LaTeX: $, \( \) \[ \], braces and spacing commands removed; formatting
//     commands (\left, \text, \mathrm, ...) dropped keeping their argument;
//     \dfrac and \tfrac become "frac", \cdot and \times "*", \le "<=" etc.;
//     other commands become their name ("\sqrt" -> "sqrt", "\pi" -> "pi");
//   - numbers are kept as written, as one token: "3.5" stays "3.5",
//     thousands separators are removed ("1,000" -> "1000"), and a number
//     glued to a letter is split ("3x" -> "3", "x");
//   - the operators + - * / = < > ^ and the pairs <= >= != are tokens;
//     "%" becomes "percent"; a hyphen joining two words outside LaTeX math
//     ("two-digit") is a space; apostrophes inside words vanish
//     ("Janet's" -> "janets");
//   - every other punctuation mark separates tokens;
//   - each Han, Hiragana, Katakana or Hangul character is its own token
//     (those scripts do not separate words by spaces).
func Tokens(s string) []string {
	t := tokenizer{src: foldRunes(s)}
	t.run()
	return t.out
}

// foldRunes applies runeMap and maps full-width ASCII variants to ASCII.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if rep, ok := runeMap[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type tokenizer struct {
	src  string
	pos  int
	out  []string
	math bool // inside $...$ or \( \) / \[ \]
}

func (t *tokenizer) emit(tok string) {
	if tok != "" {
		t.out = append(t.out, tok)
	}
}

func (t *tokenizer) peek(off int) rune {
	p := t.pos
	for i := 0; i < off; i++ {
		if p >= len(t.src) {
			return 0
		}
		_, w := utf8.DecodeRuneInString(t.src[p:])
		p += w
	}
	if p >= len(t.src) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(t.src[p:])
	return r
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isWordLetter(r rune) bool {
	return unicode.IsLetter(r) && !isCJK(r) || unicode.Is(unicode.Mn, r)
}

func (t *tokenizer) run() {
	for t.pos < len(t.src) {
		r, w := utf8.DecodeRuneInString(t.src[t.pos:])
		switch {
		case r == '\\':
			t.latex()
		case r == '$':
			t.math = !t.math
			t.pos += w
		case isASCIIDigit(r):
			t.number()
		case isCJK(r):
			t.emit(string(unicode.ToLower(r)))
			t.pos += w
		case isWordLetter(r):
			t.word()
		case r == '<' || r == '>' || r == '!':
			t.pos += w
			if t.peek(0) == '=' {
				t.pos++
				t.emit(string(r) + "=")
			} else if r != '!' {
				t.emit(string(r))
			}
		case r == '+' || r == '*' || r == '/' || r == '=' || r == '^':
			t.emit(string(r))
			t.pos += w
		case r == '-':
			t.pos += w
			t.emit("-")
		case r == '%':
			t.emit("percent")
			t.pos += w
		default:
			t.pos += w // punctuation and space separate tokens
		}
	}
}

// word reads a run of letters. Apostrophes between letters are dropped; a
// hyphen between letters outside math mode is treated as a space.
func (t *tokenizer) word() {
	var b strings.Builder
	for t.pos < len(t.src) {
		r, w := utf8.DecodeRuneInString(t.src[t.pos:])
		if isWordLetter(r) {
			b.WriteString(strings.ToLower(string(r)))
			t.pos += w
			continue
		}
		if r == '\'' && isWordLetter(t.peek(1)) && b.Len() > 0 {
			t.pos += w
			continue
		}
		if r == '-' && !t.math && isWordLetter(t.peek(1)) {
			t.emit(b.String())
			b.Reset()
			t.pos += w
			continue
		}
		break
	}
	t.emit(b.String())
}

// number reads digits with an optional decimal part; "1,000" loses its
// thousands separators.
func (t *tokenizer) number() {
	var b strings.Builder
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
			t.pos++
		case c == '.' && t.pos+1 < len(t.src) && isASCIIDigit(rune(t.src[t.pos+1])) && !strings.Contains(b.String(), "."):
			b.WriteByte(c)
			t.pos++
		case c == ',' && thousandsGroup(t.src[t.pos+1:]) && !strings.Contains(b.String(), "."):
			t.pos++
		default:
			t.emit(b.String())
			return
		}
	}
	t.emit(b.String())
}

// thousandsGroup reports whether s starts with exactly three digits not
// followed by another digit.
func thousandsGroup(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}

// latex handles a backslash sequence.
func (t *tokenizer) latex() {
	t.pos++ // the backslash
	if t.pos >= len(t.src) {
		return
	}
	r, w := utf8.DecodeRuneInString(t.src[t.pos:])
	if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
		t.pos += w
		switch r {
		case '(', '[':
			t.math = true
		case ')', ']':
			t.math = false
		case '%':
			t.emit("percent")
		}
		return // \, \; \! \: \\ \{ \} \$ \  and friends
	}
	start := t.pos
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			break
		}
		t.pos++
	}
	name := t.src[start:t.pos]
	if latexDrop[name] {
		return
	}
	if rep, ok := latexMap[name]; ok {
		t.emit(rep)
		return
	}
	t.emit(strings.ToLower(name))
}
