package verify

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// Nouns whose following number is a label: "Step 2", "part (2)".
	labelNouns = wordSet("step", "part", "problem", "question", "exercise", "example", "figure", "fig",
		"table", "chapter", "section", "case", "equation", "inequality", "condition", "statement", "lemma",
		"theorem", "method", "option", "rule", "item", "no", "claim", "hint", "task", "stage", "phase",
		"round", "level", "grade", "room", "route", "bus", "flight", "platform", "gate", "apartment",
		"volume", "issue", "episode", "verse", "act", "scene", "lane", "version", "day", "week")
	months = wordSet("january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
		"oct", "nov", "dec")
	yearBefore = wordSet("in", "since", "until", "till", "during", "year", "around", "circa", "spring", "summer",
		"autumn", "fall", "winter", "early", "late", "mid")
	yearAfter = wordSet("season", "census", "election", "olympics", "edition", "contest", "competition",
		"amc", "aime", "imo", "usamo", "hmmt", "budget", "tax", "model", "world", "cup", "summer", "winter",
		"championship", "championships", "final", "finals", "games", "survey")
	// Units whose exponent is not a quantity: cm^2, \text{m}^{3}.
	unitWords = wordSet("mm", "cm", "dm", "m", "km", "in", "inch", "inches", "ft", "foot", "feet", "yd", "yard",
		"yards", "mi", "mile", "miles", "meter", "meters", "metre", "metres", "centimeter", "centimeters",
		"centimetre", "centimetres", "millimeter", "millimeters", "kilometer", "kilometers", "units", "unit",
		"s", "sec", "l", "ml", "g", "kg")
	// Words that begin sentences; a capitalized word before a number at the
	// start of a sentence is a name ("Apollo 11") unless it is one of these.
	sentenceWords = wordSet("find", "compute", "calculate", "determine", "evaluate", "solve", "simplify", "add",
		"subtract", "multiply", "divide", "take", "use", "let", "given", "if", "in", "on", "at", "of", "for",
		"after", "before", "with", "each", "every", "there", "these", "those", "all", "only", "about", "around",
		"over", "under", "from", "to", "by", "then", "now", "today", "yesterday", "tomorrow", "when", "while",
		"since", "until", "what", "how", "which", "who", "why", "where", "write", "define", "suppose", "assume",
		"consider", "a", "an", "the", "some", "any", "no", "and", "but", "or", "so", "it", "he", "she", "they",
		"we", "you", "i", "his", "her", "their", "our", "your", "its", "this", "that", "round", "express",
		"give", "list", "show", "prove", "convert", "factor", "expand", "count", "is", "are", "was", "were",
		"does", "do", "can", "will", "exactly", "about", "nearly", "almost", "approximately", "roughly", "over")
	reLineEnum = regexp.MustCompile(`(?m)^[ \t]*\(?([0-9]{1,2})[.)][ \t]`)
	reOptLabel = regexp.MustCompile(`(?:\\textbf\{\s*)?\(([A-E])\)\s*\}?|(?:^|[\s$])([A-E])\)`)
	// Names that end in a number-like suffix: 3D, 4G.
	reNameSuffix = regexp.MustCompile(`^(?:D|G)\b`)
)

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// optionSpans returns the byte spans of multiple-choice options: the text
// after each label (A), (B), … up to the next label, when at least three
// labels A, B, C appear in order.
func optionSpans(text string) [][2]int {
	ms := reOptLabel.FindAllStringSubmatchIndex(text, -1)
	type lab struct {
		letter     byte
		start, end int
	}
	var labs []lab
	for _, m := range ms {
		l := submatch(text, m, 1)
		if l == "" {
			l = submatch(text, m, 2)
		}
		if l == "" {
			continue
		}
		labs = append(labs, lab{l[0], m[0], m[1]})
	}
	// Find a run A, B, C, ... in order.
	for s := range labs {
		if labs[s].letter != 'A' {
			continue
		}
		run := []lab{labs[s]}
		for k := s + 1; k < len(labs) && labs[k].letter == run[len(run)-1].letter+1; k++ {
			run = append(run, labs[k])
		}
		if len(run) < 3 {
			continue
		}
		var spans [][2]int
		for k, l := range run {
			end := len(text)
			if k+1 < len(run) {
				end = run[k+1].start
			} else if nl := strings.IndexByte(text[l.end:], '\n'); nl >= 0 {
				end = l.end + nl
			}
			spans = append(spans, [2]int{l.end, end})
		}
		return spans
	}
	return nil
}

// roles marks the numbers that are not quantities of the problem.
func (r *reader) roles() {
	t := r.text
	lineEnums := map[int]bool{}
	for _, m := range reLineEnum.FindAllStringSubmatchIndex(t, -1) {
		lineEnums[m[2]] = true
	}
	for k := range r.qs {
		q := &r.qs[k]
		if q.Role != "" || q.Form == "word" || q.Form == "fraction_word" || q.Form == "multiplier" {
			continue
		}
		if lineEnums[q.Start] {
			q.Role = RoleLabel
			continue
		}
		if role, base := subscriptRole(t, q.Start, q.End); role != "" {
			q.Role, q.subBase = role, base
			continue
		}
		switch superscript(t, q.Start, q.End) {
		case supUnit:
			q.Role = RoleUnitExponent
			continue
		case supExponent:
			q.Exponent = true
		}
		if role := wordRole(t, q); role != "" {
			q.Role = role
		}
	}
	r.indexRuns()
}

// subscriptRole classifies a number written as a subscript: an index of a
// one-letter variable (x_1, a_{2}), a number inside an index expression
// (a_{n+1}); subscripts of commands (\log_{2}, \sum_{k=1}) and multi-indexes
// (K_{4,2}) stay quantities.
func subscriptRole(t string, i, j int) (role, base string) {
	k := i - 1
	for k >= 0 && t[k] == ' ' {
		k--
	}
	if k < 0 {
		return "", ""
	}
	var open int
	switch {
	case t[k] == '_':
		open = -1
	case t[k] == '{' && k > 0 && t[k-1] == '_':
		open = k
		k--
	case t[k] == '{' || t[k] == '+' || t[k] == '-' || isASCIILetter(t[k]) || t[k] == '*':
		// Inside a braced subscript with other content: a_{n+1}, a_{2k}.
		if b := enclosingSubscript(t, i); b >= 0 {
			content := braceContent(t, b+1)
			if strings.ContainsAny(content, ",=") {
				return "", ""
			}
			if hasLetter(content) {
				return RoleIndexExpr, ""
			}
		}
		return "", ""
	default:
		if b := enclosingSubscript(t, i); b >= 0 {
			content := braceContent(t, b+1)
			if strings.ContainsAny(content, ",=") {
				return "", ""
			}
			if hasLetter(content) {
				return RoleIndexExpr, ""
			}
		}
		return "", ""
	}
	// t[k] is the '_'.
	if open >= 0 {
		content := strings.TrimSpace(braceContent(t, open+1))
		if strings.ContainsAny(content, ",=") {
			return "", ""
		}
		if hasLetter(content) {
			return RoleIndexExpr, ""
		}
		if strings.TrimSpace(content) != strings.TrimSpace(t[i:j]) {
			return "", ""
		}
	}
	b := k - 1
	if b < 0 {
		return "", ""
	}
	switch {
	case isASCIILetter(t[b]):
		if b > 0 && (isASCIILetter(t[b-1]) || t[b-1] == '\\') {
			return "", "" // a command (\log_2) or a word
		}
		return RoleIndex, string(t[b])
	case t[b] == '}' || t[b] == ')':
		return RoleIndex, "?"
	case t[b] == '\'':
		if b > 0 && isASCIILetter(t[b-1]) {
			return RoleIndex, t[b-1 : b+1]
		}
	}
	return "", ""
}

// enclosingSubscript returns the index of the "{" of the subscript group
// "_{...}" that contains position i, or -1.
func enclosingSubscript(t string, i int) int {
	depth := 0
	for k := i - 1; k >= 0 && i-k < 40; k-- {
		switch t[k] {
		case '}':
			depth++
		case '{':
			if depth == 0 {
				if k > 0 && t[k-1] == '_' && !commandBefore(t, k-1) {
					return k
				}
				return -1
			}
			depth--
		case '$':
			return -1
		}
	}
	return -1
}

// commandBefore reports whether the text before position k (a "_" or "^")
// ends with a LaTeX command (\lim, \sum, \log): its sub- and superscripts
// hold quantities (limits, bounds, bases), not indexes.
func commandBefore(t string, k int) bool {
	j := k - 1
	for j >= 0 && t[j] == ' ' {
		j--
	}
	e := j + 1
	for j >= 0 && isASCIILetter(t[j]) {
		j--
	}
	return e > j+1 && j >= 0 && t[j] == '\\'
}

// braceContent returns the text from i up to the "}" closing the group
// opened just before i.
func braceContent(t string, i int) string {
	depth := 0
	for k := i; k < len(t); k++ {
		switch t[k] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return t[i:k]
			}
			depth--
		}
	}
	return t[i:]
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isASCIILetter(s[i]) {
			if i > 0 && s[i-1] == '\\' {
				continue
			}
			return true
		}
	}
	return false
}

// Kinds of superscript numbers.
const (
	supNone     = iota
	supUnit     // cm^2, \text{m}^{3}: a unit's exponent
	supExponent // x^{2}, \sin^{2}, (x + 1)^{12}: a power's exponent
	supOther    // \sum_{k=1}^{10}, e^{3}: a bound, or a power of e (exp(3))
)

// superscript classifies a number written as the whole of a superscript
// (^2, ^{2}, ^{-2}).
func superscript(t string, i, j int) int {
	k := i - 1
	for k >= 0 && (t[k] == ' ' || t[k] == '-') {
		k--
	}
	braced := false
	if k >= 0 && t[k] == '{' {
		braced = true
		k--
	}
	if k < 0 || t[k] != '^' {
		return supNone
	}
	if braced && strings.TrimSpace(braceContent(t, k+2)) != strings.TrimSpace(t[k+2:j]) {
		// ^{2n}, ^{(4)}: not a plain exponent.
		if c := strings.TrimSpace(braceContent(t, k+2)); c != "" && strings.TrimLeft(c, "- ") != strings.TrimSpace(t[i:j]) {
			return supOther
		}
	}
	k--
	prose := false
	for k >= 0 && (t[k] == ' ' || t[k] == '$') {
		if t[k] == '$' {
			prose = true // "m$^2$": the base is written outside the formula
		}
		k--
	}
	if k < 0 {
		return supNone
	}
	switch {
	case t[k] == '}':
		open := matchOpenBrace(t, k)
		if open < 0 {
			return supExponent
		}
		before := t[:open]
		word := strings.ToLower(strings.TrimSpace(t[open+1 : k]))
		switch {
		case strings.HasSuffix(before, `\text`) || strings.HasSuffix(before, `\mathrm`) || strings.HasSuffix(before, `\textrm`) || strings.HasSuffix(before, `\mbox`):
			if unitWords[word] {
				return supUnit
			}
			return supOther
		case strings.HasSuffix(before, "_"):
			// x_{1}^{2} is a power of x_1; \sum_{k=1}^{10} a bound.
			if bigOperator(before[:len(before)-1]) {
				return supOther
			}
			return supExponent
		}
		return supExponent
	case t[k] == ')' || t[k] == ']' || t[k] == '|':
		return supExponent
	case isDigitByte(t[k]):
		return supOther // 10^{5}: read as a number
	case t[k] == '\'' || t[k] == '!':
		return supExponent
	case isASCIILetter(t[k]):
		e := k + 1
		for k >= 0 && isASCIILetter(t[k]) {
			k--
		}
		word := t[k+1 : e]
		if k >= 0 && t[k] == '\\' {
			if bigOperator(t[:e]) {
				return supOther
			}
			return supExponent // \sin^{2}, \log^{2}
		}
		if k >= 0 && t[k] == '_' {
			// x_n^{2}
			return supExponent
		}
		if unitWords[strings.ToLower(word)] && (prose || len(word) > 1 && word != "in" && word != "mi" || numberBefore(t, k)) {
			return supUnit
		}
		if word == "e" {
			return supOther // e^{3} is exp(3)
		}
		return supExponent
	}
	return supNone
}

// bigOperator reports whether s ends with a LaTeX big operator whose
// scripts are bounds (\sum, \prod, \int, \lim, …).
func bigOperator(s string) bool {
	s = strings.TrimRight(s, " ")
	for _, op := range []string{`\sum`, `\prod`, `\int`, `\iint`, `\iiint`, `\oint`, `\lim`, `\bigcup`, `\bigcap`, `\coprod`, `\max`, `\min`, `\sup`, `\inf`, `\limsup`, `\liminf`} {
		if strings.HasSuffix(s, op) {
			return true
		}
	}
	return false
}

// matchOpenBrace returns the index of the "{" that the "}" at k closes.
func matchOpenBrace(t string, k int) int {
	depth := 0
	for i := k; i >= 0; i-- {
		switch t[i] {
		case '}':
			depth++
		case '{':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// numberBefore reports whether a number (and only spacing) precedes k.
func numberBefore(t string, k int) bool {
	for k >= 0 && (t[k] == ' ' || t[k] == ',' && k > 0 && t[k-1] == '\\' || t[k] == '\\' || t[k] == '~' || t[k] == '$' || t[k] == '{') {
		k--
	}
	return k >= 0 && isDigitByte(t[k])
}

// wordRole classifies a number by the words around it: labels, names,
// years and dates.
func wordRole(t string, q *Quantity) string {
	prev, prevStart, direct := previousWord(t, q.Start)
	next := nextWord(t, q.End)
	lp := strings.ToLower(prev)
	isInt := q.Value != nil && q.Value.IsInt()
	// Glued names: A4, MP3, B12; COVID-19, F-16; 3D, 4G.
	if q.Start > 0 && t[q.Start-1] >= 'A' && t[q.Start-1] <= 'Z' && (q.Start < 2 || t[q.Start-2] != '\\') {
		return RoleName
	}
	if q.Start > 1 && t[q.Start-1] == '-' && t[q.Start-2] >= 'A' && t[q.Start-2] <= 'Z' {
		return RoleName
	}
	if reNameSuffix.MatchString(t[q.End:]) {
		return RoleName
	}
	if isInt && direct {
		v := q.Value.Num().Int64()
		if months[lp] && v >= 1 && v <= 31 {
			return RoleDate
		}
		if len(q.Text) == 4 && v >= 1800 && v <= 2100 && (yearBefore[lp] || months[lp] || yearAfter[strings.ToLower(next)]) {
			return RoleYear
		}
		if labelNouns[lp] {
			return RoleLabel
		}
		if prev != "" && isCapitalized(prev) && (!sentenceStart(t, prevStart) || !sentenceWords[lp]) && !months[lp] && !unitWords[lp] && len(prev) > 1 {
			return RoleName
		}
	}
	if isInt && len(q.Text) == 4 && yearAfter[strings.ToLower(next)] && q.Value.Num().Int64() >= 1800 && q.Value.Num().Int64() <= 2100 {
		return RoleYear
	}
	return ""
}

// previousWord returns the word before position i, its start, and whether
// only spaces, "(", "#", "$" or "No." separate it from i.
func previousWord(t string, i int) (string, int, bool) {
	k := i - 1
	direct := true
	for k >= 0 && (t[k] == ' ' || t[k] == '(' || t[k] == '#' || t[k] == '$' || t[k] == '~' || t[k] == '{') {
		k--
	}
	if k >= 0 && t[k] == '.' && k >= 2 && strings.EqualFold(t[k-2:k], "no") {
		k--
	}
	e := k + 1
	for k >= 0 && isASCIILetter(t[k]) {
		k--
	}
	if e == k+1 {
		return "", 0, false
	}
	if k >= 0 && t[k] == '\\' {
		return "", 0, false
	}
	return t[k+1 : e], k + 1, direct
}

func nextWord(t string, j int) string {
	k := j
	for k < len(t) && (t[k] == ' ' || t[k] == '$' || t[k] == ')') {
		k++
	}
	s := k
	for k < len(t) && isASCIILetter(t[k]) {
		k++
	}
	return t[s:k]
}

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// sentenceStart reports whether the word at i begins a sentence.
func sentenceStart(t string, i int) bool {
	k := i - 1
	for k >= 0 && (t[k] == ' ' || t[k] == '\n' || t[k] == '"' || t[k] == '(' || t[k] == '\t') {
		k--
	}
	return k < 0 || t[k] == '.' || t[k] == '?' || t[k] == '!' || t[k] == ':' || t[k] == '\n'
}

// indexRuns keeps the index role only for the indexes of a variable that
// run from 0 or 1 without a gap (x_1, x_2; a_0, a_1, a_2). Other indexes
// are positions (a_{10}): quantities, held as n or n - 1.
func (r *reader) indexRuns() {
	byBase := map[string][]int{}
	for k, q := range r.qs {
		if q.Role == RoleIndex && q.Value != nil && q.Value.IsInt() {
			byBase[q.subBase] = append(byBase[q.subBase], k)
		}
	}
	for _, ks := range byBase {
		vals := map[int64]bool{}
		var sorted []int64
		for _, k := range ks {
			v := r.qs[k].Value.Num().Int64()
			if !vals[v] {
				vals[v] = true
				sorted = append(sorted, v)
			}
		}
		sort.Slice(sorted, func(a, b int) bool { return sorted[a] < sorted[b] })
		// The run from 0 or 1.
		runEnd := int64(-1)
		if len(sorted) > 0 && (sorted[0] == 0 || sorted[0] == 1) {
			runEnd = sorted[0]
			for _, v := range sorted[1:] {
				if v != runEnd+1 {
					break
				}
				runEnd = v
			}
		}
		for _, k := range ks {
			v := r.qs[k].Value.Num().Int64()
			if runEnd < 0 || v > runEnd {
				r.qs[k].Role = ""
				r.qs[k].Ordinal = true
			}
		}
	}
}
