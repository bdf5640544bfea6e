package verify

import (
	"math/big"
	"regexp"
	"strings"
)

// Numbers in problem text: digits with optional thousands separators and
// decimals, LaTeX fractions, plain a/b, percentages, and number words.
var (
	reFrac     = regexp.MustCompile(`\\[dt]?frac\s*\{\s*(-?[0-9.]+)\s*\}\s*\{\s*(-?[0-9.]+)\s*\}`)
	reFracBare = regexp.MustCompile(`\\[dt]?frac\s*([0-9])\s*([0-9])`)
	reSlash    = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)`)
	reNumber   = regexp.MustCompile(`[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?`)
	rePercent  = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*(?:\\?%|\s*percent)`)
	reWord     = regexp.MustCompile(`[a-z]+`)
)

var numberWords = map[string]int64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "thousand": 1000, "million": 1000000, "dozen": 12, "twice": 2, "double": 2,
	"triple": 3, "thrice": 3, "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4,
	"quarters": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
	"tenth": 10, "square": 2, "squared": 2, "squares": 2, "cube": 3, "cubed": 3, "cubes": 3,
	"pair": 2, "pairs": 2, "quadratic": 2, "cubic": 3, "quartic": 4, "quintic": 5,
}

// numberSet is the set of values mentioned in a text.
type numberSet struct {
	vals map[string]bool // big.Rat.RatString() of each value
}

func (ns numberSet) has(v *big.Rat) bool { return ns.vals[v.RatString()] }

func (ns numberSet) add(v *big.Rat) { ns.vals[v.RatString()] = true }

func parseRat(s string) (*big.Rat, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "_", "")
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// extractNumbers collects the values a text states.
func extractNumbers(text string) numberSet {
	ns := numberSet{vals: map[string]bool{}}
	for _, m := range reNumber.FindAllString(text, -1) {
		if r, ok := parseRat(m); ok {
			ns.add(r)
		}
		// "1,2,3" lists: also take each comma-separated part.
		if strings.Contains(m, ",") {
			for _, part := range strings.Split(m, ",") {
				if r, ok := parseRat(part); ok {
					ns.add(r)
				}
			}
		}
	}
	addFrac := func(a, b string) {
		p, ok1 := parseRat(a)
		q, ok2 := parseRat(b)
		if ok1 && ok2 && q.Sign() != 0 {
			ns.add(new(big.Rat).Quo(p, q))
		}
	}
	for _, m := range reFrac.FindAllStringSubmatch(text, -1) {
		addFrac(m[1], m[2])
	}
	for _, m := range reFracBare.FindAllStringSubmatch(text, -1) {
		addFrac(m[1], m[2])
		if r, ok := parseRat(m[1]); ok {
			ns.add(r)
		}
		if r, ok := parseRat(m[2]); ok {
			ns.add(r)
		}
	}
	for _, m := range reSlash.FindAllStringSubmatch(text, -1) {
		addFrac(m[1], m[2])
	}
	for _, m := range rePercent.FindAllStringSubmatch(text, -1) {
		if r, ok := parseRat(m[1]); ok {
			ns.add(new(big.Rat).Quo(r, big.NewRat(100, 1)))
		}
	}
	for _, w := range reWord.FindAllString(strings.ToLower(text), -1) {
		if v, ok := numberWords[w]; ok {
			ns.add(big.NewRat(v, 1))
			if w == "half" || w == "halves" {
				ns.add(big.NewRat(1, 2))
			}
			if w == "quarter" || w == "quarters" {
				ns.add(big.NewRat(1, 4))
			}
		}
	}
	return ns
}
