package verify

import (
	"math/big"
	"regexp"
	"sort"
	"strings"
)

// A Quantity is a number a problem states, read as it is written: digits
// (with thousands separators and decimals), LaTeX fractions, mixed numbers,
// powers, scientific notation, percentages, number words, fraction words,
// multipliers ("twice") and ordinals ("5th", "the fifth term"). Numbers
// under a square root or in an exponent are read like any other number.
type Quantity struct {
	// Text is the span as written.
	Text string `json:"text"`
	// Start and End are the span's byte offsets in the text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Value is the number as read (its absolute value: a sign is an
	// operator, as in the program).
	Value *big.Rat `json:"-"`
	// Readings are the ways the span can be accounted for, each a list of
	// numbers that must all be accounted for. The first reading is the
	// value itself; a fraction \frac{3}{4} is also [3, 4], a percentage 30%
	// also [3/10], 3 \times 10^{5} also [3, 100000] and [3, 10, 5], a mixed
	// number 2\tfrac{2}{3} also [2, 2, 3].
	Readings [][]*big.Rat `json:"-"`
	// Form says how it is written: digits, fraction, mixed, power,
	// scientific, percent, word, fraction_word, multiplier, ordinal,
	// digit_count.
	Form string `json:"form"`
	// Role is set when the number is not a quantity of the problem (see
	// the Role constants); such numbers need not be accounted for.
	Role string `json:"role,omitempty"`
	// Ordinal marks positions ("5th", "the fifth term", a_{10}): a program
	// holds position n as n or, counting from zero or in steps, as n - 1.
	Ordinal bool `json:"ordinal,omitempty"`

	// Exponent marks the exponent of a power of a variable, a function or
	// a bracket (x^{2}, \sin^{2}x, (x + 1)^{12}): it is accounted for by a
	// power the program computes (x**2, pow(x, 2), a coefficient of x**2),
	// not by a literal used elsewhere. (Exponents of numbers, 10^{5}, are
	// read like other numbers.)
	Exponent bool `json:"exponent,omitempty"`

	// subBase is the variable a subscript number indexes ("x" for x_1).
	subBase string
}

// Roles of numbers that are not quantities of the problem. Each is an
// exemption of UngroundedNumbers: a number in such a role that the program
// does not account for is passed, with the role recorded in the check.
const (
	// RoleIndex: the index of a variable, x_1 and x_2, a_0: the indexes of
	// one variable that run from 0 or 1 without a gap name things, they
	// are not quantities. An index outside such a run (a_{10} after a_1)
	// is a position and must be accounted for.
	RoleIndex = "index"
	// RoleIndexExpr: a number inside an index expression with a letter
	// (a_{n+1}, x_{2k}).
	RoleIndexExpr = "index_expression"
	// RoleLabel: a label, "Step 2", "part (2)", "Problem 3", "equation (1)",
	// "Figure 1", an enumeration "(1)" or "2." at the start of a line.
	RoleLabel = "label"
	// RoleName: a number that is part of a name, "Apollo 11", "AMC 10",
	// "COVID-19", "A4 paper", "3D".
	RoleName = "name"
	// RoleYear: a year, "in 2019", "the 2023 season", "May 2020".
	RoleYear = "year"
	// RoleDate: the day of a date, "March 15".
	RoleDate = "date"
	// RoleUnitExponent: the exponent of a unit, cm^2, \text{m}^{3}.
	RoleUnitExponent = "unit_exponent"
	// RoleOption: the numbers of multiple-choice options "(A) 12 (B) 15 …".
	RoleOption = "option"
	// RolePlace: a place-value name, "the tens digit", "the hundreds place".
	RolePlace = "place"
	// RoleVague: "hundreds of", "dozens of": no number is stated.
	RoleVague = "vague"
	// RoleDigitCount: "a five-digit number" describes the size of numbers.
	// Grounding reads it as stating the bounds of the k-digit numbers
	// (10^(k-1), 10^k - 1, 10^k), so a program that enumerates them is
	// grounded and a changed count is caught there.
	RoleDigitCount = "digit_count"
)

func rat(a, b int64) *big.Rat { return big.NewRat(a, b) }

func one(v *big.Rat) [][]*big.Rat { return [][]*big.Rat{{v}} }

// spanSet marks bytes of the text already read as part of a quantity.
type spanSet []bool

func (s spanSet) free(i, j int) bool {
	for k := i; k < j; k++ {
		if s[k] {
			return false
		}
	}
	return true
}

func (s spanSet) take(i, j int) {
	for k := i; k < j; k++ {
		s[k] = true
	}
}

// numPat is a plain number: digits with thousands separators (",", "{,}",
// "\,") or none and an optional decimal part, or a leading-dot decimal.
const numPat = `(?:[0-9]{1,3}(?:(?:,|\{,\}|\\,)[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)`

var (
	reNum = regexp.MustCompile(numPat)
	// LaTeX fractions with a numeric numerator and denominator.
	reQFrac     = regexp.MustCompile(`\\[dt]?frac\s*\{\s*(` + numPat + `)\s*\}\s*\{\s*(` + numPat + `)\s*\}`)
	reQFracBare = regexp.MustCompile(`\\[dt]?frac\s*([0-9])\s*([0-9])`)
	// A mixed number: a whole number written right before a fraction.
	reQMixed = regexp.MustCompile(`([0-9]+)\s*(?:\\[,;! ]\s*)?\\[dt]?frac\s*(?:\{\s*([0-9]+)\s*\}\s*\{\s*([0-9]+)\s*\}|([0-9])([0-9]))`)
	// Scientific notation: 3 \times 10^{5}, 2.5 \cdot 10^{-3}, 1.2e5.
	reQSci  = regexp.MustCompile(`(` + numPat + `)\s*(?:\\times|\\cdot|×)\s*10\s*\^\s*(?:\{\s*(-?\s*[0-9]+)\s*\}|(-?[0-9]))`)
	reQSciE = regexp.MustCompile(`\b([0-9]+(?:\.[0-9]+)?)[eE]([-+]?[0-9]+)\b`)
	// A power of a number: 10^{5}, 2^{10}.
	reQPower = regexp.MustCompile(`(` + numPat + `)\s*\^\s*(?:\{\s*(-?\s*[0-9]+)\s*\}|(-?[0-9]))`)
	// A percentage.
	reQPercent = regexp.MustCompile(`(` + numPat + `)\s*(?:\\%|%|percent\b|per\s+cent\b|pct\b)`)
	// A plain fraction a/b.
	reQSlash = regexp.MustCompile(`([0-9]+)\s*/\s*([0-9]+)`)
	// Ordinal suffixes after digits: 5th, 2nd, 10^{\text{th}}, 3^{rd}.
	reQOrdinal = regexp.MustCompile(`^\$?(?:st|nd|rd|th)\b|^\s*\^\s*\{?\s*(?:\\(?:text|mathrm|textrm)\s*\{\s*)?(?:st|nd|rd|th)\s*\}?\s*\}?`)
	// "-digit" after a count: a 3-digit number.
	reQDigitCount = regexp.MustCompile(`^\s*-?\s*digits?\b`)
	// "-sided", "-gon": a 6-sided die.
)

// ReadQuantities returns the numbers text states, in order of position,
// each with its readings and, for numbers that are not quantities of the
// problem, their role.
func ReadQuantities(text string) []Quantity {
	r := &reader{text: text, used: make(spanSet, len(text))}
	r.options()
	r.mixed()
	r.scientific()
	r.fractions()
	r.powers()
	r.percents()
	r.slashes()
	r.digits()
	r.words()
	sort.Slice(r.qs, func(a, b int) bool { return r.qs[a].Start < r.qs[b].Start })
	r.roles()
	return r.qs
}

type reader struct {
	text string
	used spanSet
	qs   []Quantity
}

func (r *reader) add(q Quantity) {
	r.used.take(q.Start, q.End)
	q.Text = r.text[q.Start:q.End]
	if q.Value == nil && len(q.Readings) > 0 && len(q.Readings[0]) > 0 {
		q.Value = q.Readings[0][0]
	}
	r.qs = append(r.qs, q)
}

// options reads the numbers of multiple-choice options as options.
func (r *reader) options() {
	for _, sp := range optionSpans(r.text) {
		for _, m := range reNum.FindAllStringIndex(r.text[sp[0]:sp[1]], -1) {
			i, j := sp[0]+m[0], sp[0]+m[1]
			if v, ok := readDigits(r.text[i:j]); ok && r.used.free(i, j) {
				r.add(Quantity{Start: i, End: j, Value: v, Readings: one(v), Form: "digits", Role: RoleOption})
			}
		}
	}
}

func (r *reader) mixed() {
	t := r.text
	for _, m := range reQMixed.FindAllStringSubmatchIndex(t, -1) {
		if !r.used.free(m[0], m[1]) || precededByNumberChar(t, m[0]) || precededByOperand(t, m[0]) {
			continue
		}
		w, _ := readDigits(t[m[2]:m[3]])
		as, bs := submatch(t, m, 2), submatch(t, m, 3)
		if as == "" {
			as, bs = submatch(t, m, 4), submatch(t, m, 5)
		}
		a, ok1 := readDigits(as)
		b, ok2 := readDigits(bs)
		if w == nil || !ok1 || !ok2 || b.Sign() == 0 {
			continue
		}
		f := new(big.Rat).Quo(a, b)
		r.add(Quantity{Start: m[0], End: m[1], Form: "mixed", Readings: [][]*big.Rat{
			{new(big.Rat).Add(w, f)}, {new(big.Rat).Mul(w, f)}, {w, f}, {w, a, b}}})
	}
}

func (r *reader) scientific() {
	t := r.text
	for _, m := range reQSci.FindAllStringSubmatchIndex(t, -1) {
		if !r.used.free(m[0], m[1]) || precededByNumberChar(t, m[0]) {
			continue
		}
		a, ok := readDigits(t[m[2]:m[3]])
		es := submatch(t, m, 2)
		if es == "" {
			es = submatch(t, m, 3)
		}
		e, ok2 := smallInt(strings.ReplaceAll(es, " ", ""))
		if !ok || !ok2 {
			continue
		}
		p := pow10(e)
		r.add(Quantity{Start: m[0], End: m[1], Form: "scientific", Readings: [][]*big.Rat{
			{new(big.Rat).Mul(a, p)}, {a, p}, {a, rat(10, 1), rat(int64(absInt(e)), 1)}}})
	}
	for _, m := range reQSciE.FindAllStringSubmatchIndex(t, -1) {
		if !r.used.free(m[0], m[1]) {
			continue
		}
		a, ok := readDigits(t[m[2]:m[3]])
		e, ok2 := smallInt(t[m[4]:m[5]])
		if !ok || !ok2 {
			continue
		}
		p := pow10(e)
		r.add(Quantity{Start: m[0], End: m[1], Form: "scientific", Readings: [][]*big.Rat{
			{new(big.Rat).Mul(a, p)}, {a, p}, {a, rat(10, 1), rat(int64(absInt(e)), 1)}}})
	}
}

func (r *reader) fractions() {
	t := r.text
	for _, re := range []*regexp.Regexp{reQFrac, reQFracBare} {
		for _, m := range re.FindAllStringSubmatchIndex(t, -1) {
			if !r.used.free(m[0], m[1]) {
				continue
			}
			a, ok1 := readDigits(t[m[2]:m[3]])
			b, ok2 := readDigits(t[m[4]:m[5]])
			if !ok1 || !ok2 || b.Sign() == 0 {
				continue
			}
			r.add(Quantity{Start: m[0], End: m[1], Form: "fraction", Readings: [][]*big.Rat{{new(big.Rat).Quo(a, b)}, {a, b}}})
		}
	}
}

// powers reads a power of a number (10^{5}, 2^{10}) as its base, which
// may also be read as the power's value (100000), and its exponent.
func (r *reader) powers() {
	t := r.text
	for _, m := range reQPower.FindAllStringSubmatchIndex(t, -1) {
		if !r.used.free(m[0], m[1]) || precededByNumberChar(t, m[0]) || precededByWordChar(t, m[0]) {
			continue
		}
		a, ok := readDigits(t[m[2]:m[3]])
		k := 2
		if submatch(t, m, 2) == "" {
			k = 3
		}
		es, ei := t[m[2*k]:m[2*k+1]], m[2*k]
		e, ok2 := smallInt(strings.ReplaceAll(es, " ", ""))
		if !ok || !ok2 {
			continue
		}
		base := Quantity{Start: m[2], End: m[3], Form: "power_base", Value: a, Readings: one(a)}
		exp := Quantity{Start: ei, End: m[2*k+1], Form: "exponent", Value: rat(int64(absInt(e)), 1)}
		exp.Readings = one(exp.Value)
		if v, ok := ratPow(a, e); ok {
			// The program may hold the power's value instead (100000 for
			// 10^{5}); a power of a number may also be computed without
			// its exponent (pow(8, k, 10) over a cycle, Euler's reduction),
			// so its exponent is accounted for like any number.
			base.Readings = append(base.Readings, []*big.Rat{v})
			exp.Readings = append(exp.Readings, []*big.Rat{v})
		}
		// Trim the exponent's span to its digits.
		for exp.Start < exp.End && !isDigitByte(t[exp.Start]) {
			exp.Start++
		}
		for exp.End > exp.Start && !isDigitByte(t[exp.End-1]) {
			exp.End--
		}
		r.add(base)
		r.add(exp)
	}
}

func (r *reader) percents() {
	t := r.text
	for _, m := range reQPercent.FindAllStringSubmatchIndex(t, -1) {
		if !r.used.free(m[2], m[3]) || precededByNumberChar(t, m[2]) {
			continue
		}
		v, ok := readDigits(t[m[2]:m[3]])
		if !ok {
			continue
		}
		r.add(Quantity{Start: m[2], End: m[3], Form: "percent", Readings: [][]*big.Rat{{v}, {new(big.Rat).Quo(v, rat(100, 1))}}})
	}
}

func (r *reader) slashes() {
	t := r.text
	for _, m := range reQSlash.FindAllStringSubmatchIndex(t, -1) {
		if !r.used.free(m[0], m[1]) || precededByNumberChar(t, m[0]) || followedByNumberChar(t, m[1]) {
			continue
		}
		a, ok1 := readDigits(t[m[2]:m[3]])
		b, ok2 := readDigits(t[m[4]:m[5]])
		if !ok1 || !ok2 || b.Sign() == 0 {
			continue
		}
		r.add(Quantity{Start: m[0], End: m[1], Form: "fraction", Readings: [][]*big.Rat{{new(big.Rat).Quo(a, b)}, {a, b}}})
	}
}

func (r *reader) digits() {
	t := r.text
	for _, m := range reNum.FindAllStringIndex(t, -1) {
		i, j := m[0], m[1]
		if !r.used.free(i, j) {
			continue
		}
		raw := t[i:j]
		v, ok := readDigits(raw)
		if !ok {
			continue
		}
		q := Quantity{Start: i, End: j, Value: v, Readings: one(v), Form: "digits"}
		// "1,500" is fifteen hundred, or the list 1, 500 in a formula.
		if strings.Contains(raw, ",") && !strings.Contains(raw, "{,}") {
			var parts []*big.Rat
			for _, p := range strings.Split(raw, ",") {
				if pv, ok := readDigits(p); ok {
					parts = append(parts, pv)
				}
			}
			q.Readings = append(q.Readings, parts)
		}
		rest := t[j:]
		if loc := reQOrdinal.FindStringIndex(rest); loc != nil && v.IsInt() {
			q.Ordinal, q.Form = true, "ordinal"
			q.End = j + loc[1]
		} else if loc := reQDigitCount.FindStringIndex(rest); loc != nil && v.IsInt() && v.Num().Int64() < 20 {
			q.Form, q.Role = "digit_count", RoleDigitCount
			q.Readings = digitCountReadings(v.Num().Int64())
			q.End = j + loc[1]
		}
		r.add(q)
	}
}

// digitCountReadings: a k-digit number is accounted for by k or by the
// bounds of the k-digit numbers (10^(k-1), 10^k - 1, 10^k).
func digitCountReadings(k int64) [][]*big.Rat {
	lo := pow10(int(k - 1))
	hi := pow10(int(k))
	return [][]*big.Rat{{rat(k, 1)}, {lo}, {hi}, {new(big.Rat).Sub(hi, rat(1, 1))}}
}

func submatch(s string, m []int, k int) string {
	if 2*k+1 >= len(m) || m[2*k] < 0 {
		return ""
	}
	return s[m[2*k]:m[2*k+1]]
}

func precededByNumberChar(s string, i int) bool {
	return i > 0 && (isDigitByte(s[i-1]) || s[i-1] == '.' || s[i-1] == ',')
}

func followedByNumberChar(s string, j int) bool {
	return j < len(s) && (isDigitByte(s[j]) || s[j] == '.' && j+1 < len(s) && isDigitByte(s[j+1]))
}

// precededByOperand reports a mixed-number candidate that is really a
// product or a power's exponent ("x^2\frac{1}{2}").
func precededByOperand(s string, i int) bool {
	k := i - 1
	for k >= 0 && s[k] == ' ' {
		k--
	}
	return k >= 0 && (s[k] == '^' || s[k] == '_' || s[k] == '{' && k > 0 && (s[k-1] == '^' || s[k-1] == '_'))
}

func precededByWordChar(s string, i int) bool {
	return i > 0 && (isASCIILetter(s[i-1]) || s[i-1] == '_')
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// readDigits reads a plain number as written ("12,500", "12{,}500",
// "12\,500", "6.40", ".5"), as its absolute value.
func readDigits(s string) (*big.Rat, bool) {
	s = strings.NewReplacer("{,}", "", `\,`, "", ",", "", " ", "").Replace(strings.TrimSpace(s))
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	if s == "" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, false
	}
	return r.Abs(r), true
}

func smallInt(s string) (int, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "-+")
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func pow10(e int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(absInt(e))), nil)
	if e < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

func absInt(k int) int {
	if k < 0 {
		return -k
	}
	return k
}

// ratPow is a^e for exponents small enough to matter.
func ratPow(a *big.Rat, e int) (*big.Rat, bool) {
	if absInt(e) > 64 || a.Num().BitLen()*absInt(e) > 256 {
		return nil, false
	}
	n := new(big.Int).Exp(a.Num(), big.NewInt(int64(absInt(e))), nil)
	d := new(big.Int).Exp(a.Denom(), big.NewInt(int64(absInt(e))), nil)
	if e < 0 {
		n, d = d, n
	}
	if d.Sign() == 0 {
		return nil, false
	}
	return new(big.Rat).SetFrac(n, d), true
}
