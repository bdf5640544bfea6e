package answer

import (
	"fmt"
	"regexp"
	"strings"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

var unicodeReplacer = strings.NewReplacer(
	"−", "-", "–", "-", "—", "-", "×", `\times `, "·", `\cdot `, "⋅", `\cdot `, "÷", "/",
	"π", `\pi `, "∞", `\infty `, "±", `\pm `, "∓", `\mp `, "√", `\sqrt`, "°", `^\circ`,
	"≈", `\approx `, "≤", `\le `, "≥", `\ge `, "≠", `\neq `, "∪", `\cup `, "∩", `\cap `, "∅", `\emptyset `,
	"…", `\ldots `, "€", "", "£", "", "¥", "", "²", "^2", "³", "^3", "\u00a0", " ", "\u2009", " ", "\u202f", " ", "\u2061", "", "\u200b", "",
	"\n", " ", "\r", " ", "\t", " ",
)

// commandMap rewrites argument-less commands. An empty value deletes the
// command; "\x00space" turns it into a space.
var commandMap = map[string]string{
	`\!`: "", `\,`: " ", `\;`: " ", `\:`: " ", `\ `: " ", `\quad`: " ", `\qquad`: " ",
	`\displaystyle`: "", `\textstyle`: "", `\scriptstyle`: "", `\limits`: "",
	`\left`: "", `\right`: "", `\bigl`: "", `\bigr`: "", `\Bigl`: "", `\Bigr`: "", `\big`: "", `\Big`: "",
	`\biggl`: "", `\biggr`: "", `\bigg`: "", `\Bigg`: "", `\middle`: "",
	`\dfrac`: `\frac`, `\tfrac`: `\frac`, `\cfrac`: `\frac`,
	`\%`: "%", `\$`: "", `\degree`: "", `\textdegree`: "",
	`\leq`: `\le`, `\leqslant`: `\le`, `\geq`: `\ge`, `\geqslant`: `\ge`, `\ne`: `\neq`,
	`\lt`: "<", `\gt`: ">", `\lvert`: "|", `\rvert`: "|", `\vert`: "|", `\mid`: "|",
	`\dots`: `\ldots`, `\cdots`: `\ldots`, `\dotsc`: `\ldots`, `\dotsb`: `\ldots`, `\dotsm`: `\ldots`,
	`\varnothing`: `\emptyset`, `\infin`: `\infty`, `\to`: `\rightarrow`,
	`\lbrace`: `\{`, `\rbrace`: `\}`, `\lbrack`: "[", `\rbrack`: "]", `\lparen`: "(", `\rparen`: ")",
	`\colon`: ":", `\ast`: "*", `\simeq`: `\approx`, `\doteq`: `\approx`, `\thickapprox`: `\approx`,
	`\langle`: "(", `\rangle`: ")",
}

// rewriteCommands applies commandMap in one left-to-right scan, so "\\"
// (a matrix row break) is never mistaken for "\ " or "\,".
func rewriteCommands(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i + 1
		if isLetter(s[j]) {
			for j < len(s) && isLetter(s[j]) {
				j++
			}
		} else {
			j++
		}
		cmd := s[i:j]
		rep, ok := commandMap[cmd]
		if !ok {
			b.WriteString(cmd)
			i = j
			continue
		}
		b.WriteString(rep)
		if (cmd == `\left` || cmd == `\right` || strings.HasPrefix(cmd, `\big`) || strings.HasPrefix(cmd, `\Big`)) && j < len(s) && s[j] == '.' {
			j++ // \left. and \right. are invisible delimiters
		}
		if rep != "" && isLetter(rep[len(rep)-1]) && j < len(s) && isLetter(s[j]) {
			b.WriteByte(' ') // keep "\le x" from becoming "\lex"
		}
		i = j
	}
	return b.String()
}

var (
	degreeRe       = regexp.MustCompile(`\^\s*\{?\s*\\circ\s*\}?|\\circ\s*$|\^\s*\{\s*\}`)
	textAndOrRe    = regexp.MustCompile(`\\(?:text|mbox|textrm|mathrm|textnormal)\s*\{\s*(?:and|or|,)\s*\}`)
	sciRe          = regexp.MustCompile(`(^|[^a-zA-Z\\\d.])(\d+(?:\.\d*)?|\.\d+)[eE]([+-]?\d{1,6})($|[^\d])`)
	andOrRe        = regexp.MustCompile(`(?i)\s+(?:and|or)\s+`)
	percentWordRe  = regexp.MustCompile(`(?i)\s*(?:\\(?:text|mbox|textrm|mathrm)\s*\{\s*(?:percent(?:age)?|pct|per\s*cent)\s*\}|\bper\s*cent\b|\bpercent(?:age)?\b|\bpct\b)\s*$`)
	ellipsisRe     = regexp.MustCompile(`(^|,)\s*\.\.\.\s*(,|$)`)
	thinSepRe      = regexp.MustCompile(`,\s*\\!\s*|\{\s*,\s*\}`)
	scaleWordRe    = regexp.MustCompile(`(?i)(\d(?:[\d.,]*\d)?)\s*(?:\\(?:text|mbox|mathrm)\s*\{\s*)?(thousand|million|billion|trillion)\b\s*\}?`)
	inPrefixRe     = regexp.MustCompile(`^(?:[a-zA-Z]|\\[a-zA-Z]+)\s*\\in\s*`)
	mixedPlainRe   = regexp.MustCompile(`^([-+]?\d+)\s+(\d+)\s*/\s*(\d+)$`)
	thousandsRe    = regexp.MustCompile(`^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?%?$`)
	plainWordRe    = regexp.MustCompile(`(^|[^a-zA-Z\\])(sqrt|pi|infinity|inf|oo|exp|ln|log|sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh)($|[^a-zA-Z])`)
	trailingUnitRe *regexp.Regexp
	trailingTextRe = regexp.MustCompile(`^(.*?)\s*\\(?:text|mbox|mathrm|textrm|textnormal|textit|mathit|textbf)\s*\{\s*([A-Za-z][A-Za-z .\-/]*?)\s*\}\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*\.?$`)
)

// unitWords are removed when they trail a value ("5 cm", "12 square feet",
// "35 hours per week", "20 minutes/day").
// Single letters only count inside \text{} (see textUnitLetters).
var unitWords = []string{
	"mm", "cm", "km", "m", "meter", "meters", "metre", "metres", "millimeters", "centimeters", "kilometers",
	"in", "inch", "inches", "ft", "foot", "feet", "yd", "yard", "yards", "mile", "miles", "mi",
	"mph", "kph", "kmh", "km/h", "m/s", "ft/s",
	"s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours",
	"day", "days", "week", "weeks", "month", "months", "year", "years",
	"g", "gm", "gram", "grams", "kg", "kilogram", "kilograms", "mg", "lb", "lbs", "pound", "pounds", "oz", "ounce", "ounces", "ton", "tons",
	"l", "ml", "liter", "liters", "litre", "litres", "gallon", "gallons", "quart", "quarts", "pint", "pints", "cup", "cups",
	"dollar", "dollars", "cent", "cents", "usd", "euro", "euros",
	"degree", "degrees", "deg", "radian", "radians", "rad",
	"unit", "units", "square", "sq", "cubic", "cu",
	"point", "points", "way", "ways", "integer", "integers", "digit", "digits", "edge", "edges",
	"student", "students", "people", "person", "persons", "meal", "meals", "ticket", "tickets",
	"time", "times", "page", "pages", "book", "books", "apple", "apples", "car", "cars",
	"item", "items", "marble", "marbles", "coin", "coins", "child", "children", "mile", "miles",
	"th", "st", "nd", "rd",
}

// unitLetters are single-letter units accepted only inside \text{} etc.
// (never e, i, d, x, which are math).
var unitLetters = map[string]bool{"m": true, "s": true, "g": true, "h": true, "l": true, "L": true, "K": true, "N": true, "J": true, "W": true, "V": true, "A": true, "C": true}

var unitSet = map[string]bool{}

func init() {
	var multi []string
	for _, w := range unitWords {
		unitSet[strings.ToLower(w)] = true
		if len(w) > 1 {
			multi = append(multi, regexp.QuoteMeta(w))
		}
	}
	// A bare unit word trails a digit, a space, } or ), is not preceded by a
	// backslash (\sec), and may carry ^2 / ^3.
	units := `(?:` + strings.Join(multi, "|") + `)`
	trailingUnitRe = regexp.MustCompile(`(?i)^(.*?[\d\s})\]])\s*(?:(?:per|a|an|each)\s+|/\s*)?` + units + `(?:\s*(?:/|(?:per|a|an|each)\s)\s*` + units + `)?\.?\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*\.?$`)
}

// wrapperCommands have one brace argument whose content is kept.
var wrapperCommands = map[string]bool{
	`\text`: true, `\textbf`: true, `\textit`: true, `\textrm`: true, `\textnormal`: true, `\textsf`: true, `\texttt`: true,
	`\mathrm`: true, `\mathbf`: true, `\mathit`: true, `\mathsf`: true, `\mathtt`: true, `\mathnormal`: true, `\mathbb`: false,
	`\mbox`: true, `\hbox`: true, `\boldsymbol`: true, `\bm`: true, `\emph`: true, `\boxed`: true, `\fbox`: true,
	`\underline`: true, `\displaystyle`: true,
}

// latexFunctions are the function names SymPy's grammar knows as commands.
var latexFunctions = map[string]bool{
	"sin": true, "cos": true, "tan": true, "sec": true, "csc": true, "cot": true,
	"arcsin": true, "arccos": true, "arctan": true, "arcsec": true, "arccsc": true, "arccot": true,
	"sinh": true, "cosh": true, "tanh": true, "arsinh": true, "arcosh": true, "artanh": true,
	"ln": true, "log": true, "exp": true,
}

// unwrapCommands replaces \text{X}-like wrappers by X and
// \operatorname{name} by \name for functions the grammar knows.
func unwrapCommands(s string) string {
	for iter := 0; iter < 20; iter++ {
		changed := false
		var b strings.Builder
		for i := 0; i < len(s); {
			if s[i] != '\\' {
				b.WriteByte(s[i])
				i++
				continue
			}
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			if j == i+1 { // \{ \\ etc.
				end := min(i+2, len(s))
				b.WriteString(s[i:end])
				i = end
				continue
			}
			cmd := s[i:j]
			k := j
			for k < len(s) && s[k] == ' ' {
				k++
			}
			if (wrapperCommands[cmd] || cmd == `\operatorname`) && k < len(s) && s[k] == '{' {
				if end, ok := matchBrace(s, k); ok {
					inner := s[k+1 : end]
					switch {
					case cmd == `\operatorname` && latexFunctions[strings.TrimSpace(inner)]:
						b.WriteString(`\` + strings.TrimSpace(inner) + " ")
					case cmd == `\operatorname`:
						b.WriteString(strings.TrimSpace(inner))
					default:
						b.WriteString(inner)
					}
					i = end + 1
					changed = true
					continue
				}
			}
			b.WriteString(cmd)
			i = j
		}
		s = b.String()
		if !changed {
			break
		}
	}
	return s
}

var squareMetreRe = regexp.MustCompile(`^(.*\d)\s*m\s*\^\s*\{?\s*[23]\s*\}?$`)

// stripUnits removes trailing units: \text{ cm}^2, "square feet", "dollars",
// "5 m^2" (a number followed by m² is square metres, not m squared).
func stripUnits(s string) string {
	if m := squareMetreRe.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	for iter := 0; iter < 6; iter++ {
		if m := trailingTextRe.FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) != "" {
			word := strings.TrimSpace(m[2])
			lw := strings.ToLower(strings.TrimSuffix(word, "."))
			isUnit := unitLetters[word] || (len(word) > 1 && (unitSet[lw] || allWordsAreUnits(lw) || isWords(word)))
			if isUnit && !strings.EqualFold(word, "and") && !strings.EqualFold(word, "or") {
				s = strings.TrimSpace(m[1])
				continue
			}
		}
		if m := trailingUnitRe.FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) != "" {
			s = strings.TrimSpace(m[1])
			continue
		}
		break
	}
	return s
}

func allWordsAreUnits(s string) bool {
	fields := strings.Fields(strings.ReplaceAll(s, "-", " "))
	for _, f := range fields {
		if !unitSet[strings.TrimSuffix(f, ".")] {
			return false
		}
	}
	return len(fields) > 0
}

// isWords reports a \text{} content made of words of two or more letters
// ("apples", "square units"): text after a value is a unit or a noun.
func isWords(s string) bool {
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, ".-/")
		if len(f) < 2 {
			return false
		}
		for i := 0; i < len(f); i++ {
			if !isLetter(f[i]) {
				return false
			}
		}
	}
	return true
}

// fixShorthand turns \frac12, \frac1{2}, \frac{1}2, \frac ab, \sqrt3,
// \sqrt x and \sqrt(2) into braced forms.
func fixShorthand(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], `\frac`):
			b.WriteString(`\frac`)
			j := i + 5
			args := 0
			for args < 2 {
				k := j
				for k < len(s) && s[k] == ' ' {
					k++
				}
				if k >= len(s) {
					break
				}
				if s[k] == '{' {
					end, ok := matchBrace(s, k)
					if !ok {
						break
					}
					b.WriteString("{" + fixShorthand(s[k+1:end]) + "}")
					j = end + 1
				} else if isDigit(s[k]) || isLetter(s[k]) {
					b.WriteString("{" + s[k:k+1] + "}")
					j = k + 1
				} else if s[k] == '\\' {
					// \frac\pi2: a command argument.
					e := k + 1
					for e < len(s) && isLetter(s[e]) {
						e++
					}
					if e == k+1 {
						break
					}
					b.WriteString("{" + s[k:e] + "}")
					j = e
				} else {
					break
				}
				args++
			}
			i = j
		case strings.HasPrefix(s[i:], `\sqrt`):
			b.WriteString(`\sqrt`)
			j := i + 5
			for j < len(s) && s[j] == ' ' {
				j++
			}
			switch {
			case j < len(s) && s[j] == '(':
				if end, ok := matchParen(s, j); ok {
					b.WriteString("{" + fixShorthand(s[j+1:end]) + "}")
					i = end + 1
					continue
				}
			case j < len(s) && isDigit(s[j]):
				k := j
				for k < len(s) && isDigit(s[k]) {
					k++
				}
				b.WriteString("{" + s[j:k] + "}")
				i = k
				continue
			case j < len(s) && isLetter(s[j]):
				b.WriteString("{" + s[j:j+1] + "}")
				i = j + 1
				continue
			}
			i = j
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// matchParen returns the index of the ) matching the ( at s[open].
func matchParen(s string, open int) (int, bool) {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j, true
			}
		}
	}
	return 0, false
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isLetter(s[i]) {
			return true
		}
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// plainToLatex rewrites plain-text math into LaTeX the grammar knows:
// ** -> ^, sqrt(2) -> \sqrt{2}, pi -> \pi, exp( -> \exp(, inf -> \infty, * -> \cdot.
func plainToLatex(s string) string {
	s = strings.ReplaceAll(s, "**", "^")
	s = strings.ReplaceAll(s, "<=", `\le `)
	s = strings.ReplaceAll(s, ">=", `\ge `)
	s = strings.ReplaceAll(s, "!=", `\neq `)
	if !hasLetter(s) {
		return strings.ReplaceAll(s, "*", ` \cdot `)
	}
	for iter := 0; iter < 4; iter++ {
		t := plainWordRe.ReplaceAllStringFunc(s, func(m string) string {
			sub := plainWordRe.FindStringSubmatch(m)
			word := sub[2]
			switch word {
			case "infinity", "inf", "oo":
				word = "infty"
			}
			// A trailing letter-free separator keeps "\pi2" from fusing.
			sep := sub[3]
			if sep == "" || !isLetter(sep[0]) {
				return sub[1] + `\` + word + " " + sep
			}
			return sub[1] + `\` + word + sep
		})
		if t == s {
			break
		}
		s = t
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '*' {
			b.WriteString(` \cdot `)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// squeezeSpaces removes spaces except one between a command name and a
// following letter or digit ("\pi r", "\le 3"), which the grammar needs.
func squeezeSpaces(s string) string {
	var b strings.Builder
	lastCmdEnd := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && isLetter(s[i+1]) {
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			b.WriteString(s[i:j])
			lastCmdEnd = b.Len()
			i = j - 1
			continue
		}
		if c == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i++
			continue
		}
		if c == ' ' {
			j := i
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if b.Len() == lastCmdEnd && j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				b.WriteByte(' ')
			}
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// leadingZero turns ".5" into "0.5" wherever a decimal point starts a number.
func leadingZero(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && i+1 < len(s) && isDigit(s[i+1]) && (i == 0 || !isDigit(s[i-1])) {
			b.WriteByte('0')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stripDelimiters removes math delimiters around the whole string.
func stripDelimiters(s string) string {
	for {
		t := strings.TrimSpace(s)
		for _, d := range [][2]string{{"$$", "$$"}, {"$", "$"}, {`\(`, `\)`}, {`\[`, `\]`}} {
			if len(t) >= len(d[0])+len(d[1]) && strings.HasPrefix(t, d[0]) && strings.HasSuffix(t, d[1]) {
				t = strings.TrimSpace(t[len(d[0]) : len(t)-len(d[1])])
				break
			}
		}
		if t == s {
			return t
		}
		s = t
	}
}

// Normalize returns the canonical text of an answer, used by every layer:
// the union of the Hendrycks MATH `_strip_string` and Minerva
// `normalize_final_answer` rules, without their lossy steps (it keeps %, so
// the percent policy can apply, and keeps spaces the LaTeX grammar needs).
//
//   - math delimiters ($, \(, \[), \$ and \! are removed; \, \; \quad become spaces
//   - \left, \right, \big...; \dfrac and \tfrac become \frac; \displaystyle goes
//   - ^\circ / ^{\circ} / ° / \degree (degrees) are removed
//   - \text{and}, \text{or} become commas; trailing units go ("5 cm", "5\text{ cm}^2",
//     "12 square feet", "\$5", "20 dollars"); remaining \text{}/\mathrm{}/\boxed{}
//     wrappers are unwrapped (\text{13} -> 13)
//   - \frac12, \frac a b, \sqrt3, \sqrt(2) get braces; plain text (sqrt(2), pi,
//     x**2, exp(1), inf) becomes LaTeX
//   - thousands separators (100,000, 1{,}000, 11,\!111) are removed when the
//     whole answer is one number; ".5" becomes "0.5"; a mixed "7 3/4" becomes
//     7\frac{3}{4}; "2.5 million" becomes 2.5\times 10^{6} (thousand, million,
//     billion, trillion); currency signs ($, €, £, ¥) go
//   - "percent", "percentage", "per cent", "pct" and \% become %
//   - \langle a, b \rangle becomes (a, b)
//   - "x \in" is dropped; spaces go except where the grammar needs one;
//     a trailing period goes
//
// An `x =` prefix is not removed here: that depends on the gold (see the
// package documentation).
func Normalize(s string) string {
	s = unicodeReplacer.Replace(s)
	s = thinSepRe.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, ",") {
			return "," // 11,\! 111 (a thousands separator)
		}
		return "" // 14{,}916
	})
	s = stripDelimiters(s)
	s = rewriteCommands(s)
	s = ellipsisRe.ReplaceAllString(s, "$1\\ldots$2") // "1, 2, 3, ..." is open-ended
	s = strings.ReplaceAll(s, "$", "")
	s = scaleWordRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := scaleWordRe.FindStringSubmatch(m)
		exp := map[string]string{"thousand": "3", "million": "6", "billion": "9", "trillion": "12"}[strings.ToLower(sub[2])]
		return sub[1] + `\times 10^{` + exp + "}"
	})
	s = degreeRe.ReplaceAllString(s, "")
	s = textAndOrRe.ReplaceAllString(s, ",")
	s = andOrRe.ReplaceAllString(s, ",")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	if strings.HasPrefix(s, "=") && !strings.HasPrefix(s, "==") {
		s = strings.TrimSpace(s[1:]) // "= 3.14" -> "3.14"
	}
	if strings.HasPrefix(s, `\approx`) && (len(s) == len(`\approx`) || !isLetter(s[len(`\approx`)])) {
		s = strings.TrimSpace(s[len(`\approx`):]) // "\approx 3.14" -> "3.14"
	}
	s = percentWordRe.ReplaceAllString(s, "%")
	letters := hasLetter(s)
	if letters {
		if strings.HasSuffix(s, "%") {
			s = stripUnits(strings.TrimSpace(strings.TrimSuffix(s, "%"))) + "%"
		} else {
			s = stripUnits(s)
		}
		s = unwrapCommands(s)
		s = degreeRe.ReplaceAllString(s, "")
		s = strings.TrimSpace(s)
		s = inPrefixRe.ReplaceAllString(s, "")
	}
	if len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' {
		if end, ok := matchBrace(s, 0); ok && end == len(s)-1 {
			s = strings.TrimSpace(s[1 : len(s)-1]) // {1,3}: braces only group in LaTeX
		}
	}
	s = plainToLatex(s)
	// 1.5e3 -> 1.5\times 10^{3}: the LaTeX grammar reads "1.5e3" as 1.5*e*3.
	s = sciRe.ReplaceAllString(s, `$1$2\times 10^{$3}$4`)
	s = fixShorthand(s)
	s = strings.Join(strings.Fields(s), " ")
	if thousandsRe.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if m := mixedPlainRe.FindStringSubmatch(s); m != nil {
		s = m[1] + `\frac{` + m[2] + `}{` + m[3] + `}`
	}
	s = squeezeSpaces(s)
	s = leadingZero(s)
	for {
		t := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "."), `\\`), ",")
		t = strings.TrimSpace(t)
		if t == s {
			break
		}
		s = t
	}
	return s
}
