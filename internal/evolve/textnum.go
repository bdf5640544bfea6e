package evolve

import (
	"math/big"
	"regexp"
	"strings"
)

// TextNumber is a number written in natural-language (LaTeX) text: digits
// with an optional fractional part and optional thousands separators
// ("1,200"). Signs are not part of it.
type TextNumber struct {
	Start, End int
	Text       string
	// Value is the exact value (separators removed).
	Value *big.Rat
	// Commas reports thousands separators.
	Commas bool
	// Exponent reports a superscript (x^2, x^{2}).
	Exponent bool
	// Attached reports digits glued to a preceding letter, underscore or
	// subscript (x_1, x_{12}, H2O, p1_answer): not a quantity of the text.
	Attached bool
}

var (
	textNumberRe = regexp.MustCompile(`[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?`)
	ordinalRe    = regexp.MustCompile(`^(st|nd|rd|th)\b`)
)

// TextNumbers returns the numbers of a text in order.
func TextNumbers(text string) []TextNumber {
	var out []TextNumber
	for _, m := range textNumberRe.FindAllStringIndex(text, -1) {
		a, b := m[0], m[1]
		tn := TextNumber{Start: a, End: b, Text: text[a:b]}
		tn.Commas = strings.Contains(tn.Text, ",")
		v, ok := new(big.Rat).SetString(strings.ReplaceAll(tn.Text, ",", ""))
		if !ok {
			continue
		}
		tn.Value = v
		before := text[:a]
		switch {
		case strings.HasSuffix(before, "^"), strings.HasSuffix(before, "^{"), strings.HasSuffix(before, "^{ "):
			tn.Exponent = true
		case strings.HasSuffix(before, "_{"), strings.HasSuffix(before, "_"):
			tn.Attached = true
		case a > 0 && (isIdentChar(text[a-1]) || text[a-1] == '.'):
			tn.Attached = true
		}
		if ordinalRe.MatchString(text[b:]) {
			tn.Attached = true // 3rd, 21st: an ordinal, not a quantity
		}
		out = append(out, tn)
	}
	return out
}

// formatLike writes v in the style of an occurrence: at least dec decimal
// places (more when v needs them) and thousands separators when commas.
func formatLike(v *big.Rat, dec int, commas bool) string {
	need := 0
	for d := 0; d <= 12; d++ {
		scaled := new(big.Rat).Mul(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
		if scaled.IsInt() {
			need = d
			break
		}
		need = d
	}
	if dec < need {
		dec = need
	}
	s := v.FloatString(dec)
	if !commas {
		return s
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// ReplaceNumbers rewrites every free-standing number of text whose value is
// a key of mapping (big.Rat.RatString) with the mapped value, keeping each
// occurrence's style (decimal places, thousands separators). Numbers glued
// to identifiers or subscripts are left alone.
func ReplaceNumbers(text string, mapping map[string]*big.Rat) string {
	if len(mapping) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, tn := range TextNumbers(text) {
		if tn.Attached {
			continue
		}
		to, ok := mapping[tn.Value.RatString()]
		if !ok {
			continue
		}
		b.WriteString(text[last:tn.Start])
		b.WriteString(formatLike(to, decimals(tn.Text), tn.Commas && to.Cmp(big.NewRat(1000, 1)) >= 0))
		last = tn.End
	}
	b.WriteString(text[last:])
	return b.String()
}
