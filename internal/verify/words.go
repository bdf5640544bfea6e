package verify

import (
	"math/big"
	"regexp"
	"strings"
)

// Number words read as quantities.
var (
	wordUnits = map[string]int64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
		"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
		"nineteen": 19,
	}
	wordTens = map[string]int64{
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90,
	}
	wordScales = map[string]int64{
		"hundred": 100, "thousand": 1000, "million": 1000000, "billion": 1000000000,
	}
	// Ordinal words; as fractions' denominators (plural or after a
	// cardinal) they mean 1/n: "two thirds", "a fifth".
	wordOrdinals = map[string]int64{
		"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
		"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
		"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
		"nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
		"sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
		"thousandth": 1000, "millionth": 1000000,
	}
	// Plural denominators: "two thirds", "three quarters".
	wordDenominators = map[string]int64{
		"halves": 2, "thirds": 3, "quarters": 4, "fourths": 4, "fifths": 5, "sixths": 6,
		"sevenths": 7, "eighths": 8, "ninths": 9, "tenths": 10, "elevenths": 11, "twelfths": 12,
		"twentieths": 20, "hundredths": 100, "thousandths": 1000,
	}
	reWordTok = regexp.MustCompile(`[A-Za-z]+`)
	// A scale word after a number: "3 million", "4 dozen".
	reScaleAfter = regexp.MustCompile(`^\s+(hundred|thousand|million|billion|dozen)\b`)
)

type wordTok struct {
	w          string // lower case
	start, end int
}

// words reads number words outside LaTeX commands.
func (r *reader) words() {
	t := r.text
	var toks []wordTok
	for _, m := range reWordTok.FindAllStringIndex(t, -1) {
		if m[0] > 0 && (t[m[0]-1] == '\\' || isDigitByte(t[m[0]-1])) {
			continue // a LaTeX command, or a suffix such as 5th
		}
		if !r.used.free(m[0], m[1]) {
			continue
		}
		toks = append(toks, wordTok{w: strings.ToLower(t[m[0]:m[1]]), start: m[0], end: m[1]})
	}
	// joined reports whether two tokens are adjacent words of one phrase
	// (separated by spaces or one hyphen).
	joined := func(a, b wordTok) bool {
		gap := t[a.end:b.start]
		return strings.TrimSpace(gap) == "" || strings.TrimSpace(gap) == "-"
	}
	next := func(i int) (wordTok, bool) {
		if i+1 < len(toks) && joined(toks[i], toks[i+1]) {
			return toks[i+1], true
		}
		return wordTok{}, false
	}
	prevWord := func(i int) string {
		if i > 0 && joined(toks[i-1], toks[i]) {
			return toks[i-1].w
		}
		return ""
	}
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		w := tk.w
		nx, hasNext := next(i)
		switch {
		case (w == "tens" || w == "hundreds" || w == "thousands" || w == "ones" || w == "units" || w == "millions") && hasNext &&
			(nx.w == "digit" || nx.w == "digits" || nx.w == "place" || nx.w == "places" || nx.w == "column" || nx.w == "position"):
			r.add(Quantity{Start: tk.start, End: tk.end, Value: rat(wordScaleOrTen(w), 1), Readings: one(rat(wordScaleOrTen(w), 1)), Form: "word", Role: RolePlace})
			i++
			continue
		case (w == "tens" || w == "hundreds" || w == "thousands" || w == "millions" || w == "billions" || w == "dozens" || w == "scores") && hasNext && nx.w == "of":
			r.add(Quantity{Start: tk.start, End: tk.end, Value: rat(wordScaleOrTen(w), 1), Readings: one(rat(wordScaleOrTen(w), 1)), Form: "word", Role: RoleVague})
			continue
		}
		// A cardinal phrase: "twenty-five", "one hundred and twenty", "a hundred".
		if n, end, ok := r.cardinal(toks, i, joined); ok {
			j := end // index of the last token of the phrase
			last := toks[j]
			q := Quantity{Start: tk.start, End: last.end, Form: "word"}
			v := rat(n, 1)
			q.Readings = one(v)
			// "two thirds", "three quarters", "one-fifth": a fraction.
			if nt, ok := next(j); ok {
				if d, isDen := wordDenominators[nt.w]; isDen {
					q.End, q.Form = nt.end, "fraction_word"
					q.Readings = [][]*big.Rat{{rat(n, d)}, {v, rat(d, 1)}}
					if nt.w == "quarters" {
						// "three quarters" may be coins: a count.
						q.Readings = append(q.Readings, []*big.Rat{v})
					}
					j++
				} else if d, isOrd := wordOrdinals[nt.w]; isOrd && n == 1 && d > 1 {
					q.End, q.Form = nt.end, "fraction_word"
					q.Readings = [][]*big.Rat{{rat(1, d)}, {rat(d, 1)}}
					j++
				} else if nt.w == "dozen" || nt.w == "dozens" {
					q.End, q.Form = nt.end, "word"
					q.Readings = [][]*big.Rat{{rat(12*n, 1)}, {v, rat(12, 1)}}
					j++
				}
			}
			// "a five-digit number".
			if loc := reQDigitCount.FindStringIndex(t[toks[j].end:]); loc != nil && q.Form == "word" && n < 20 {
				q.Form, q.Role = "digit_count", RoleDigitCount
				q.Readings = digitCountReadings(n)
				q.End = toks[j].end + loc[1]
				for j+1 < len(toks) && toks[j+1].start < q.End {
					j++
				}
			}
			// "fifteen percent": p and p/100.
			if nt, ok := next(j); ok && q.Form == "word" && (nt.w == "percent" || nt.w == "pct") {
				q.Form = "percent"
				q.Readings = [][]*big.Rat{{v}, {rat(n, 100)}}
			}
			q.Value = q.Readings[0][0]
			r.add(q)
			i = j
			continue
		}
		switch {
		case w == "half" || w == "halves":
			// "half a dozen" is 6.
			if nt, ok := next(i); ok && nt.w == "a" {
				if nt2, ok := next(i + 1); ok && nt2.w == "dozen" {
					r.add(Quantity{Start: tk.start, End: nt2.end, Form: "word", Readings: [][]*big.Rat{{rat(6, 1)}, {rat(2, 1), rat(12, 1)}}})
					i += 2
					continue
				}
			}
			r.add(Quantity{Start: tk.start, End: tk.end, Form: "multiplier", Readings: [][]*big.Rat{{rat(1, 2)}, {rat(2, 1)}}})
		case w == "dozen" || w == "dozens":
			r.add(Quantity{Start: tk.start, End: tk.end, Form: "word", Readings: one(rat(12, 1))})
		case w == "twice" || w == "double" || w == "doubled" || w == "doubles" || w == "doubling":
			r.add(Quantity{Start: tk.start, End: tk.end, Form: "multiplier", Readings: one(rat(2, 1))})
		case w == "thrice" || w == "tripled" || w == "triples" || w == "tripling" ||
			w == "triple" && hasNext && isDeterminer(nx.w):
			r.add(Quantity{Start: tk.start, End: tk.end, Form: "multiplier", Readings: one(rat(3, 1))})
		case w == "quadrupled" || w == "quadruples" || w == "quadruple" && hasNext && isDeterminer(nx.w):
			r.add(Quantity{Start: tk.start, End: tk.end, Form: "multiplier", Readings: one(rat(4, 1))})
		default:
			if d, ok := wordOrdinals[w]; ok {
				// "second" is a unit of time unless an ordinal's noun follows
				// it ("every second glass", "the second stop").
				if w == "second" && (!hasNext || nx.w == "per" || nx.w == "and" || nx.w == "or" || isUnitContext(prevWord(i)) && prevWord(i) != "every") {
					break
				}
				q := Quantity{Start: tk.start, End: tk.end, Form: "ordinal", Ordinal: true, Readings: one(rat(d, 1))}
				if d > 2 {
					// "a third", "a fifth": also the fraction 1/n.
					q.Readings = append(q.Readings, []*big.Rat{rat(1, d)})
				}
				r.add(q)
			} else if afterDigits(t, tk.start) && (w == "quarter" || wordDenominators[w] > 0) {
				// "20 quarters": coins counted by the number before.
			} else if w == "quarter" {
				r.add(Quantity{Start: tk.start, End: tk.end, Form: "fraction_word", Readings: [][]*big.Rat{{rat(1, 4)}, {rat(4, 1)}}})
			} else if d, ok := wordDenominators[w]; ok {
				r.add(Quantity{Start: tk.start, End: tk.end, Form: "fraction_word", Readings: [][]*big.Rat{{rat(1, d)}, {rat(d, 1)}}})
			}
		}
	}
	r.scaleAfterDigits()
}

// afterDigits reports whether a number written in digits ends right before
// the word at i.
func afterDigits(t string, i int) bool {
	k := i - 1
	for k >= 0 && (t[k] == ' ' || t[k] == '$') {
		k--
	}
	return k >= 0 && isDigitByte(t[k])
}

func isDeterminer(w string) bool {
	switch w {
	case "the", "its", "his", "her", "their", "that", "this", "what", "as", "a", "an", "my", "our", "your":
		return true
	}
	return false
}

func isUnitContext(prev string) bool {
	switch prev {
	case "per", "a", "each", "every", "one", "meters", "metres", "feet", "miles", "kilometers", "km", "m", "cm":
		return true
	}
	return false
}

func wordScaleOrTen(w string) int64 {
	switch strings.TrimSuffix(w, "s") {
	case "ten":
		return 10
	case "hundred":
		return 100
	case "thousand":
		return 1000
	case "million":
		return 1000000
	case "billion":
		return 1000000000
	case "dozen":
		return 12
	case "score":
		return 20
	}
	return 1
}

// cardinal parses a cardinal number phrase starting at toks[i] ("seven",
// "twenty-five", "one hundred and twenty", "a hundred", "two thousand five
// hundred"); it returns the value and the index of its last token.
func (r *reader) cardinal(toks []wordTok, i int, joined func(a, b wordTok) bool) (int64, int, bool) {
	var total, cur int64
	last := -1
	prevKind := "" // unit, teen, tens, hundred, scale
	k := i
	if w := toks[k].w; w == "a" || w == "an" {
		// "a hundred", "a thousand".
		if k+1 >= len(toks) || !joined(toks[k], toks[k+1]) {
			return 0, 0, false
		}
		s, ok := wordScales[toks[k+1].w]
		if !ok {
			return 0, 0, false
		}
		if s == 100 {
			cur, prevKind = 100, "hundred"
		} else {
			total, prevKind = s, "scale"
		}
		last, k = k+1, k+2
	}
	for ; k < len(toks); k++ {
		if last >= 0 && !joined(toks[k-1], toks[k]) {
			break
		}
		w := toks[k].w
		if u, ok := wordUnits[w]; ok {
			kind := "unit"
			if u >= 10 {
				kind = "teen"
			}
			if prevKind == "unit" || prevKind == "teen" || prevKind == "tens" && (u == 0 || u >= 10) {
				break // "one two", "twenty twelve": two numbers
			}
			cur += u
			prevKind = kind
		} else if tn, ok := wordTens[w]; ok {
			if prevKind == "unit" || prevKind == "teen" || prevKind == "tens" {
				break
			}
			cur += tn
			prevKind = "tens"
		} else if s, ok := wordScales[w]; ok && last >= 0 {
			if s == 100 {
				if prevKind != "unit" && prevKind != "teen" && prevKind != "tens" {
					break
				}
				cur *= 100
				prevKind = "hundred"
			} else {
				if prevKind == "scale" || prevKind == "" {
					break
				}
				total += cur * s
				cur = 0
				prevKind = "scale"
			}
		} else if w == "and" && (prevKind == "hundred" || prevKind == "scale") && k+1 < len(toks) && joined(toks[k], toks[k+1]) {
			nw := toks[k+1].w
			if _, u := wordUnits[nw]; !u {
				if _, t := wordTens[nw]; !t {
					break
				}
			}
			continue
		} else {
			break
		}
		last = k
	}
	if last < 0 {
		return 0, 0, false
	}
	return total + cur, last, true
}

// scaleAfterDigits merges "3 million", "2.5 thousand", "4 dozen" into one
// quantity whose readings are the value and its parts.
func (r *reader) scaleAfterDigits() {
	re := reScaleAfter
	for k := range r.qs {
		q := &r.qs[k]
		if q.Form != "digits" || q.Role != "" {
			continue
		}
		m := re.FindStringSubmatchIndex(r.text[q.End:])
		if m == nil {
			continue
		}
		w := r.text[q.End+m[2] : q.End+m[3]]
		s := rat(wordScaleOrTen(w), 1)
		if w == "dozen" {
			s = rat(12, 1)
		}
		v := new(big.Rat).Mul(q.Value, s)
		end := q.End + m[1]
		// Drop the scale word if it was read on its own.
		for j := range r.qs {
			if r.qs[j].Start >= q.End && r.qs[j].End <= end && j != k {
				r.qs[j].Role = "merged"
			}
		}
		q.Readings = [][]*big.Rat{{v}, {q.Value, s}}
		q.Value = v
		q.End = end
		q.Text = r.text[q.Start:q.End]
	}
	out := r.qs[:0]
	for _, q := range r.qs {
		if q.Role != "merged" {
			out = append(out, q)
		}
	}
	r.qs = out
}
