package verify

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// CheckAsksForResult is the structure check between the program's result
// and the question: a program that returns a tuple or a set of k values
// answers a question that asks for k things.
const CheckAsksForResult = "asks_for_result"

var (
	// A question or an instruction to find something, at the start of a
	// sentence (or anywhere for "what/how many").
	reAskStart = regexp.MustCompile(`(?i)^\W*(find|compute|calculate|determine|evaluate|simplify|solve|express|give|list|count|identify|estimate|show|prove|convert|factor|factorize|factorise|expand|name|decide|sort|order|rank|multiply|add|subtract|divide|round|tell|work out|figure out|use|reduce|rationalize|rationalise|state|describe|predict|check|verify|choose|select|complete|arrange|what|how|which|who|whom|whose|when|where|why|is|are|does|do|did|can|could|will|would|should|must|write|obtain|derive|deduce|enumerate|classify|rewrite|present|report|return|enter|fill|graph|plot|sketch|decompose|represent|partition|split|draw|measure|construct|minimize|maximize|minimise|maximise)\b`)
	// A sentence that only says how to write the answer.
	reFormatOnly = regexp.MustCompile(`(?i)^\W*(give|express|write|round|enter|leave|present|state|report|simplify|put|type|use|answer|your answer|the answer|note|assume|hint|recall|remember)\b.*\b(answer|form|fraction|decimal|percent|percentage|units?|terms|nearest|radical|integer|notation|places?|digits?|base|interval|cents?|dollars?|hours?|minutes?|simplest|lowest|exact|approximate|degrees?|radians?|π|\\pi|commas?|separated|values|letters?|choices?|order)\b`)
	// "Write $N$ for …" defines a name; it is not a question.
	reDefinition = regexp.MustCompile(`(?i)^\W*((write|let|call|set)\s+\$\s*\\?[A-Za-z]+(_\{?\w+\}?)?\s*\$\s+(for|be|denote|equal)\b|(define)\s+\$\s*\\?[A-Za-z]+(_\{?\w+\}?)?\s*\$\s+(as|to be|by)\b|denote\b)`)
)

// sentences splits a problem into sentences: after ".", "?" or "!"
// followed by a space, a newline or the end, and at blank lines; never
// inside math ($…$, $$…$$, \(…\), \[…\], \begin{…}…\end{…}), except that
// math ending a sentence ("$|z| = 1.$ Find …") ends it. Figures
// ([asy]…[/asy]) are dropped.
func sentences(text string) []string {
	text = reAsy.ReplaceAllString(text, " ")
	var out []string
	start := 0
	flush := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s != "" {
			out = append(out, s)
		}
		start = end
	}
	// endsSentenceAt reports whether a sentence ends after position j-1
	// (the next character is a space or a newline followed by a capital,
	// or the text ends).
	endsSentenceAt := func(j int) bool {
		return j >= len(text) || text[j] == ' ' || text[j] == '\n' || text[j] == '\t'
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		// Math: skip to its end.
		if end, ok := mathEnd(text, i); ok {
			inner := strings.TrimRight(text[i:end], "$])\\ \n")
			display := text[i] != '$' || strings.HasPrefix(text[i:], "$$")
			i = end - 1
			if (display || strings.HasSuffix(inner, ".") || strings.HasSuffix(inner, "?")) && nextIsCapital(text, end) {
				flush(end)
			}
			continue
		}
		switch {
		case c == '\n' && i+1 < len(text) && text[i+1] == '\n':
			flush(i)
		case c == '.' || c == '?' || c == '!':
			j := i + 1
			for j < len(text) && (text[j] == ')' || text[j] == '"' || text[j] == '\'') {
				j++
			}
			if endsSentenceAt(j) {
				if c == '.' && abbreviation(text[start:i]) {
					continue
				}
				flush(j)
				i = j - 1
			}
		}
	}
	flush(len(text))
	return out
}

var reAsy = regexp.MustCompile(`(?s)\[asy\].*?\[/asy\]`)

func nextIsCapital(t string, j int) bool {
	for j < len(t) && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t') {
		j++
	}
	return j >= len(t) || t[j] >= 'A' && t[j] <= 'Z'
}

// mathEnd returns the end of the math span starting at i, if one starts there.
func mathEnd(t string, i int) (int, bool) {
	rest := t[i:]
	switch {
	case strings.HasPrefix(rest, "$$"):
		if k := strings.Index(rest[2:], "$$"); k >= 0 {
			return i + 2 + k + 2, true
		}
	case strings.HasPrefix(rest, `\$`):
		return i + 2, true // an escaped dollar sign, not math
	case rest[0] == '$':
		if currencyDollar(t, i) {
			return 0, false
		}
		if k := strings.IndexByte(rest[1:], '$'); k >= 0 {
			return i + 1 + k + 1, true
		}
	case strings.HasPrefix(rest, `\[`):
		if k := strings.Index(rest, `\]`); k >= 0 {
			return i + k + 2, true
		}
	case strings.HasPrefix(rest, `\(`):
		if k := strings.Index(rest, `\)`); k >= 0 {
			return i + k + 2, true
		}
	case strings.HasPrefix(rest, `\begin{`):
		if m := reBeginEnv.FindStringSubmatch(rest); m != nil {
			if k := strings.Index(rest, `\end{`+m[1]+`}`); k >= 0 {
				return i + k + len(`\end{`+m[1]+`}`), true
			}
		}
	}
	return 0, false
}

var reBeginEnv = regexp.MustCompile(`^\\begin\{([a-zA-Z*]+)\}`)

// currencyDollar reports a "$" that is a currency sign ("$5 each"), not
// the start of LaTeX math: a digit follows it and no closing "$" comes
// before the sentence goes on in words.
func currencyDollar(text string, i int) bool {
	if i+1 >= len(text) || !isDigitByte(text[i+1]) {
		return false
	}
	end := strings.IndexByte(text[i+1:], '$')
	if end < 0 {
		return true
	}
	content := text[i+1 : i+1+end]
	return reProseInMath.MatchString(content)
}

var reProseInMath = regexp.MustCompile(`[.?!]\s|\s[a-z]{3,}\s|\s[a-z]{3,}$`)

// abbreviation reports a sentence fragment that ends with a common
// abbreviation ("Mr", "e.g", "a.m").
func abbreviation(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, a := range []string{"mr", "mrs", "ms", "dr", "st", "e.g", "i.e", "etc", "vs", "a.m", "p.m", "approx", "no", "fig", "cf", "jr", "sr", "oz", "lb", "in", "ft", "min", "sec", "hr"} {
		if strings.HasSuffix(s, " "+a) || s == a {
			return true
		}
	}
	return false
}

func isQuestion(s string) bool {
	if strings.Contains(s, "?") {
		return true
	}
	if !reDefinition.MatchString(s) && reAskStart.MatchString(s) || reAskInside.MatchString(s) {
		return true
	}
	// "If …, calculate …": the ask after a leading clause.
	for _, m := range reClauseBreak.FindAllStringIndex(s, -1) {
		if reAskStart.MatchString(s[m[1]:]) && !reDefinition.MatchString(s[m[1]:]) {
			return true
		}
	}
	return false
}

var (
	reClauseBreak = regexp.MustCompile(`(?i),\s*|\b(then|and)\s+|;\s*|:\s*`)
	reAskInside   = regexp.MustCompile(`(?i)\b(how (many|much|long|far|old|fast|tall|big|large|often|high|wide|deep|heavy)|what (is|are|was|were|will|would|number|fraction|percent|percentage|value|time|day)|find the|calculate the|determine the|compute the)\b`)
)

// questionPart splits a problem into its setup, its question (the last
// question sentence) and the format instructions after it. ok is false
// when no sentence asks.
func questionPart(problem string) (setup []string, question string, after []string, ok bool) {
	ss := sentences(problem)
	end := len(ss)
	for end > 0 && reFormatOnly.MatchString(ss[end-1]) && !strings.Contains(ss[end-1], "?") {
		end--
	}
	for k := end - 1; k >= 0; k-- {
		if isQuestion(ss[k]) {
			return ss[:k], ss[k], ss[k+1:], true
		}
	}
	// Only format instructions ("Simplify ...") may be the question itself.
	for k := len(ss) - 1; k >= 0; k-- {
		if isQuestion(ss[k]) {
			return ss[:k], ss[k], ss[k+1:], true
		}
	}
	return ss, "", nil, false
}

// remark reports a sentence after the question that adds no new task: a
// parenthesized aside or a note ("(A rectangle is fixed by two pairs of
// lines.)", "Note: …", "Hint: …", "Assume …").
func remark(s string) bool {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "(") && strings.HasSuffix(strings.TrimRight(t, ".$ "), ")") {
		return true
	}
	// A sentence that states no number adds no data.
	return reRemark.MatchString(t) || !reAnyDigit.MatchString(t) && !strings.Contains(t, "?")
}

var (
	reRemark = regexp.MustCompile(`(?i)^\W*(note|hint|assume|recall|remember|reminder|here|where|consider|for example|for instance|in other words|that is|e\.g\.|i\.e\.)\b`)
	// A question that refers to data after it: a table, a list, options.
	reRefersBelow = regexp.MustCompile(`(?i)\b(below|following|listed|table|diagram|figure|graph|shown|options|choices|chart)\b`)
	reAnyDigit    = regexp.MustCompile(`[0-9]`)
)

// mathOnly reports a sentence that is only math (a displayed formula).
func mathOnly(s string) bool {
	t := strings.TrimSpace(s)
	end, ok := mathEnd(t, 0)
	return ok && strings.TrimSpace(strings.Trim(t[end:], ".,")) == ""
}

// AsksQuestion checks that the problem asks for something and ends with
// its question: the last sentence that asks (a "?" or an imperative such
// as "Find", "Compute", "How many") may be followed only by instructions
// on how to write the answer ("Give the answer as a fraction in lowest
// terms.") or by remarks: a parenthesized aside, a note ("Note that …",
// "In other words, …"), a sentence that states no number, a displayed
// formula, or the data the question points to ("the table below", answer
// options). A problem whose question was removed, or that states new data
// after its question, fails.
func AsksQuestion(problem string) schemas.Check {
	c := schemas.Check{Name: CheckAsksQuestion}
	if strings.TrimSpace(problem) == "" {
		c.Result, c.Reason = schemas.ResultFail, "empty problem"
		return c
	}
	_, q, after, ok := questionPart(problem)
	if !ok {
		c.Result, c.Reason = schemas.ResultFail, "the problem asks no question"
		return c
	}
	refersBelow := reRefersBelow.MatchString(q) || len(optionSpans(problem)) > 0
	inParen := false
	for _, s := range after {
		t := strings.TrimSpace(s)
		switch {
		case inParen || strings.HasPrefix(t, "("):
			inParen = strings.Count(t, "(") > strings.Count(t, ")") || inParen && !strings.Contains(t, ")")
			continue
		case reFormatOnly.MatchString(t), remark(t), refersBelow, mathOnly(t):
			continue
		}
		c.Result = schemas.ResultFail
		c.Reason = fmt.Sprintf("the question %q is not the end of the problem: %q follows it", clip(q, 80), clip(s, 80))
		return c
	}
	c.Result, c.Reason = schemas.ResultPass, clip(q, 120)
	return c
}

var (
	// Words by which a question asks for several things.
	reAsksMany = regexp.MustCompile(`(?i)\b(pairs?|triples?|triplets?|quadruples?|tuples?|coordinates|points?|vectors?|components|solutions|roots|values|zeros|zeroes|all|each|both|list|set|sets|intervals?|dimensions|numbers|integers|answers|entries|elements|members|factors|divisors|terms|digits|sides|angles|lengths|ages|prices|amounts|results|x-intercepts|intercepts|vertices|eigenvalues|extrema|respectively)\b`)
	// A question that selects one value: the largest root, the sum of the
	// roots, the x-coordinate, how many.
	reAsksOne = regexp.MustCompile(`(?i)\b(how many|how much|the (largest|smallest|greatest|least|biggest|maximum|minimum|sum|product|difference|number|average|mean|median|total|ratio|distance|length|area|value of [a-z]\b)|the \$?[a-z]\$?-coordinate)\b`)
	// "ordered pair": exactly 2.
	reCountWord = regexp.MustCompile(`(?i)\b(ordered pair|pair|ordered triple|triple|triplet|ordered quadruple|quadruple)\b`)
	// A tuple of names: (x, y), (a, b, c).
	reNameTuple = regexp.MustCompile(`\(\s*[A-Za-z](?:_\{?[0-9a-z]\}?)?\s*(?:,\s*[A-Za-z](?:_\{?[0-9a-z]\}?)?\s*)+\)`)
	// Names joined by "and" or commas: $x$ and $y$; $a$, $b$ and $c$.
	reNameList = regexp.MustCompile(`(?:\$?\s*\\?[A-Za-z](?:_\{?[0-9a-z]\}?)?\s*\$?\s*,\s*)*\$?\s*\\?[A-Za-z](?:_\{?[0-9a-z]\}?)?\s*\$?,?\s+and\s+\$?\s*\\?[A-Za-z](?:_\{?[0-9a-z]\}?)?\s*\$?(?:\W|$)`)
)

// AsksForResult checks that a program returning a tuple or a set of k ≥ 2
// values answers a question that asks for that many things: it names k
// things ("(x, y)", "$a$, $b$ and $c$", "the two numbers"), asks for an
// ordered pair or triple of the right size, or asks for a plural
// ("the solutions", "all values", "the dimensions"). A question that asks
// for one thing ("the largest root", "the sum of the roots", "the
// x-coordinate", "how many"), or for a pair when the program returns three
// values, fails. Scalars pass.
func AsksForResult(problem string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckAsksForResult}
	if ex == nil || ex.Result == nil {
		c.Result, c.Reason = schemas.ResultSkipped, "no program output"
		return c
	}
	res := ex.Result
	k := len(res.Elements)
	if (res.Kind != schemas.KindTuple && res.Kind != schemas.KindSet) || k < 2 {
		c.Result, c.Reason = schemas.ResultPass, "the program returns one value"
		return c
	}
	_, q, after, ok := questionPart(problem)
	if !ok {
		c.Result, c.Reason = schemas.ResultSkipped, "no question"
		return c
	}
	text := q + " " + strings.Join(after, " ")
	// An explicit count must match.
	if m := reCountWord.FindString(text); m != "" {
		want := 2
		switch {
		case strings.Contains(strings.ToLower(m), "trip"):
			want = 3
		case strings.Contains(strings.ToLower(m), "quadruple"):
			want = 4
		}
		if want != k && res.Kind == schemas.KindTuple {
			c.Result, c.Reason = schemas.ResultFail, fmt.Sprintf("the question asks for %s (%d values) but the program returns %d", m, want, k)
			return c
		}
		c.Result, c.Reason = schemas.ResultPass, "the question asks for "+m
		return c
	}
	if m := reNameTuple.FindString(text); m != "" {
		n := strings.Count(m, ",") + 1
		if n != k && res.Kind == schemas.KindTuple {
			c.Result, c.Reason = schemas.ResultFail, fmt.Sprintf("the question asks for %s (%d values) but the program returns %d", m, n, k)
			return c
		}
		c.Result, c.Reason = schemas.ResultPass, "the question names "+m
		return c
	}
	if m := reAsksOne.FindString(q); m != "" {
		c.Result = schemas.ResultFail
		c.Reason = fmt.Sprintf("the program returns %d values (%s) but the question asks for one: %q", k, clip(res.Latex, 60), clip(q, 100))
		return c
	}
	for _, q := range ReadQuantities(text) {
		if q.Form == "word" && q.Value != nil && q.Value.Cmp(rat(int64(k), 1)) == 0 {
			c.Result, c.Reason = schemas.ResultPass, "the question asks for "+q.Text+" things"
			return c
		}
	}
	if m := reNameList.FindString(text); m != "" {
		c.Result, c.Reason = schemas.ResultPass, "the question names "+strings.TrimSpace(m)
		return c
	}
	if m := reAsksMany.FindString(text); m != "" {
		c.Result, c.Reason = schemas.ResultPass, "the question asks for "+m
		return c
	}
	c.Result = schemas.ResultFail
	c.Reason = fmt.Sprintf("the program returns %d values (%s) but the question asks for one thing: %q", k, clip(res.Latex, 60), clip(q, 100))
	return c
}
