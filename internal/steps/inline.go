package steps

import (
	"strings"
)

// runCommands are the LaTeX commands that may appear in a left side.
var runCommands = map[string]bool{
	`\frac`: true, `\dfrac`: true, `\tfrac`: true, `\sqrt`: true, `\binom`: true, `\dbinom`: true, `\tbinom`: true,
}

// relationCommands are commands that may separate a step from what is
// before or after it.
var relationCommands = map[string]bool{
	`\implies`: true, `\Rightarrow`: true, `\Longrightarrow`: true, `\rightarrow`: true, `\to`: true,
	`\iff`: true, `\therefore`: true, `\because`: true, `\le`: true, `\ge`: true, `\leq`: true,
	`\geq`: true, `\lt`: true, `\gt`: true, `\neq`: true, `\ne`: true, `\approx`: true, `\\`: true,
	`\qquad`: true, `\hline`: true, `\item`: true,
}

// trailingCommands may directly follow a claimed result without extending it.
var trailingCommands = map[string]bool{
	`\text`: true, `\textrm`: true, `\mbox`: true, `\mathrm`: true, `\end`: true, `\hspace`: true, `\dots`: true, `\ldots`: true, `\circ`: true, `\degree`: true,
}

// textGroupCommands introduce a brace group that ends text, not math.
var textGroupCommands = map[string]bool{
	`\text`: true, `\textbf`: true, `\textit`: true, `\textrm`: true, `\mbox`: true, `\begin`: true,
	`\end`: true, `\hspace`: true, `\intertext`: true,
}

// bindingWords are words that, written before a left side, bind to it ("half
// of 10 + 2", "3 times 4 + 1", "sin 30") so the left side is not the whole
// expression.
var bindingWords = map[string]bool{
	"of": true, "times": true, "plus": true, "minus": true, "by": true, "over": true, "per": true,
	"into": true, "than": true, "and": true, "from": true, "to": true, "with": true, "less": true,
	"sin": true, "cos": true, "tan": true, "cot": true, "sec": true, "csc": true, "log": true,
	"ln": true, "lg": true, "exp": true, "sqrt": true, "mod": true, "gcd": true, "lcm": true,
	"max": true, "min": true, "det": true, "root": true, "squared": true, "cubed": true,
}

// labelWords take a number as a label ("day 1 * 2", "page 3 + 4"): a left
// side right after them may have started before the label.
var labelWords = map[string]bool{
	"day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true, "year": true,
	"years": true, "page": true, "pages": true, "step": true, "case": true, "part": true, "line": true,
	"row": true, "column": true, "grade": true, "level": true, "chapter": true, "section": true,
	"question": true, "problem": true, "round": true, "game": true, "room": true, "floor": true,
	"number": true, "no": true, "item": true, "term": true, "test": true, "quiz": true, "figure": true,
	"table": true, "exercise": true, "equation": true, "lap": true, "stage": true, "phase": true,
	"team": true, "group": true, "class": true, "box": true, "bag": true, "version": true, "hour": true,
	"hours": true, "minute": true, "minutes": true, "age": true, "size": true, "route": true,
	"player": true, "house": true, "lane": true, "track": true, "gate": true, "period": true,
}

// extendingWords are words that, written after a claimed number, change or
// extend it ("= 1.5 million", "= 3 to 1", "= 6 pi").
var extendingWords = map[string]bool{
	"times": true, "plus": true, "minus": true, "divided": true, "over": true, "of": true,
	"mod": true, "modulo": true, "squared": true, "cubed": true, "factorial": true, "to": true,
	"out": true, "percent": true, "per": true, "hundred": true, "thousand": true, "million": true,
	"billion": true, "trillion": true, "dozen": true, "pi": true, "sqrt": true, "root": true,
	"hundredths": true, "tenths": true, "thousandths": true, "halves": true, "thirds": true,
	"quarters": true, "fourths": true, "fifths": true, "sixths": true, "eighths": true,
}

// scaleWords name units whose factor may separate a computed value from
// the claim written in the same line ("$1 / 2 = 50 cents").
var scaleWords = []struct {
	word   string
	factor int64
}{{"cent", 100}, {"hundred", 100}, {"thousand", 1000}, {"million", 1000000}, {"billion", 1000000000}}

// scaleFactors returns the factors of the scale words in line.
func scaleFactors(line string) []int64 {
	l := strings.ToLower(line)
	var fs []int64
	for _, w := range scaleWords {
		if strings.Contains(l, w.word) {
			fs = append(fs, w.factor)
		}
	}
	return fs
}

// hasLeadingZero reports whether a number in toks is written with a leading
// zero ("0900", "05").
func hasLeadingZero(toks []token) bool {
	for _, t := range toks {
		if t.kind != tNum {
			continue
		}
		d := strings.TrimLeft(t.text, `\$`)
		if len(d) > 1 && d[0] == '0' && isDigit(d[1]) {
			return true
		}
	}
	return false
}

// guardWords mark lines where "=" may state a congruence, a numeral in
// another base or a digit rather than an equality of values.
var guardWords = []string{"mod", `\equiv`, "remainder", "base", "digit", "congruent"}

// checkInline extracts and checks the equalities written in text.
// Equalities that repeat an annotation (same line, expression and claim,
// in anns) are skipped.
func checkInline(text string, anns []annotation, t *tally) {
	if !strings.Contains(text, "=") {
		return
	}
	toks := lex(text)
	line := 1
	for i, tok := range toks {
		if tok.kind == tNewline {
			line++
			continue
		}
		if tok.kind != tEq {
			continue
		}
		start, end, ok := leftRun(toks, i)
		if !ok {
			continue
		}
		c, cend, ok := rightClaim(toks, i)
		if !ok {
			continue
		}
		run := toks[start:end]
		if hasLeadingZero(run) || hasLeadingZero(toks[i+1:cend]) {
			continue // 0900 - 0130: clock times and codes, not quantities
		}
		tree, err := parseExpr(run, reading{})
		if err != nil || !tree.isOperation() {
			continue
		}
		if repeatsAnnotation(anns, line, tree, c) {
			continue
		}
		st := Step{
			Kind:    KindInline,
			Line:    line,
			Text:    collapse(text[toks[start].start:toks[cend-1].end]),
			Expr:    collapse(text[toks[start].start:toks[end-1].end]),
			Claimed: c.text,
		}
		if strings.HasPrefix(st.Expr, "$") && !strings.HasPrefix(c.text, "$") && !strings.HasPrefix(c.text, "-$") {
			// "$9! = 326880$": the lexer took the opening math delimiter for a
			// currency sign; drop it from the displayed text.
			st.Text, st.Expr = st.Text[1:], st.Expr[1:]
		}
		lineText := lineAround(text, tok.start)
		v := judge(tree, run, c, scaleFactors(lineText), false, &st)
		if v == wrong && guarded(lineText) {
			v = unchecked
		}
		t.add(st, v)
	}
}

func repeatsAnnotation(anns []annotation, line int, tree *node, c claim) bool {
	for _, a := range anns {
		if a.repeats(line, tree, c) {
			return true
		}
	}
	return false
}

// leftRun finds the left side of the equality at toks[eq]: the maximal run
// of numbers, operators and groups before it, trimmed to balanced groups. It
// returns the run's token span and whether what precedes it is a boundary at
// which an expression can start.
func leftRun(toks []token, eq int) (start, end int, ok bool) {
	j := eq - 1
	for j >= 0 && (toks[j].kind == tSpace || toks[j].kind == tAmp) {
		j--
	}
	end = j + 1
	for j >= 0 && inRun(toks[j]) {
		j--
	}
	start = trimUnbalanced(toks, j+1, end)
	for start < end && toks[start].kind == tSpace {
		start++
	}
	if start >= end {
		return 0, 0, false
	}
	return start, end, leftBoundaryOK(toks, start)
}

func inRun(t token) bool {
	switch t.kind {
	case tNum, tPercent, tOp, tLParen, tRParen, tLBrace, tRBrace, tSpace:
		return true
	case tWord:
		return t.text == "x" || t.text == "X"
	case tCmd:
		return runCommands[t.text]
	case tOther:
		return t.text == "!"
	}
	return false
}

func isOpener(k tokKind) bool { return k == tLParen || k == tLBrace }
func isCloser(k tokKind) bool { return k == tRParen || k == tRBrace }

// trimUnbalanced moves start past closers that have no opener in the run and
// past the innermost opener left unclosed before the end (the equality then
// sits inside that group).
func trimUnbalanced(toks []token, start, end int) int {
	var stack []int
	for k := start; k < end; k++ {
		switch {
		case isOpener(toks[k].kind):
			stack = append(stack, k)
		case isCloser(toks[k].kind):
			if len(stack) == 0 || (toks[stack[len(stack)-1]].kind == tLParen) != (toks[k].kind == tRParen) {
				start, stack = k+1, stack[:0]
				continue
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		start = stack[len(stack)-1] + 1
	}
	return start
}

// leftBoundaryOK reports whether an expression may start at toks[start]
// given what precedes it.
func leftBoundaryOK(toks []token, start int) bool {
	signed := toks[start].kind == tOp
	k := prevNonSpace(toks, start)
	spaced := k < start-1
	if k < 0 {
		return true
	}
	p := toks[k]
	switch p.kind {
	case tDollar, tEq:
		return true
	case tNewline:
		// Not when the previous line ends with an operator: the expression
		// continues from there ("7\cdot 6\cdot\n5\cdot 4 = ...").
		b := prevNonSpace(toks, k)
		return !signed && (b < 0 || toks[b].kind != tOp)
	case tAmp:
		return !signed
	case tCmd:
		return relationCommands[p.text]
	case tRBrace:
		return !signed && closesTextGroup(toks, k)
	case tLBrace:
		if k == 0 {
			return true
		}
		b := toks[k-1]
		return b.kind == tSpace || b.kind == tNewline || b.kind == tDollar ||
			(b.kind == tCmd && (b.text == `\boxed` || b.text == `\fbox` || textGroupCommands[b.text]))
	case tLParen:
		// An opening parenthesis left unclosed before the "=": fine after
		// words and delimiters, not after an operator or an operand
		// ("100+(100*(10/100) = 110" lost a parenthesis; f(2 + 3 = ...).
		b := prevNonSpace(toks, k)
		if b < 0 {
			return true
		}
		switch toks[b].kind {
		case tOp, tNum, tRParen, tRBrace, tPercent:
			return false
		case tCmd:
			return relationCommands[toks[b].text]
		case tWord:
			return b < k-1 && !labelWords[strings.ToLower(toks[b].text)] && !bindingWords[strings.ToLower(toks[b].text)]
		}
		return true
	case tWord:
		if !spaced || signed {
			return false
		}
		w := strings.ToLower(p.text)
		return len([]rune(w)) >= 2 && !bindingWords[w] && !labelWords[w]
	case tOther:
		if !spaced {
			return false
		}
		switch p.text {
		case ",", ";", ":", ".", "?", "!":
		default:
			return false
		}
		if signed && p.text != "," && p.text != ";" && p.text != ":" {
			return false
		}
		// Punctuation ends a sentence or clause only after a word or a
		// closing group; after a number or operator it may be a decimal
		// point or a thousands separator typed with a space ("14, 400").
		b := prevNonSpace(toks, k)
		if b < 0 {
			return true
		}
		switch toks[b].kind {
		case tWord, tRParen, tRBrace, tDollar:
			return b == k-1
		}
	}
	return false
}

// prevNonSpace returns the index of the last non-space token before i, or -1.
func prevNonSpace(toks []token, i int) int {
	k := i - 1
	for k >= 0 && toks[k].kind == tSpace {
		k--
	}
	return k
}

// nextNonSpace returns the index of the first non-space token after i, or len(toks).
func nextNonSpace(toks []token, i int) int {
	k := i + 1
	for k < len(toks) && toks[k].kind == tSpace {
		k++
	}
	return k
}

// closesTextGroup reports whether the "}" at toks[k] closes a \text{...}-like group.
func closesTextGroup(toks []token, k int) bool {
	depth := 0
	for m := k; m >= 0; m-- {
		switch toks[m].kind {
		case tRBrace:
			depth++
		case tLBrace:
			depth--
			if depth == 0 {
				return m > 0 && toks[m-1].kind == tCmd && textGroupCommands[toks[m-1].text]
			}
		}
	}
	return false
}

// rightClaim reads the claimed result after toks[eq]: a single number (or
// fraction) followed by something that does not extend it.
func rightClaim(toks []token, eq int) (claim, int, bool) {
	k := eq + 1
	for k < len(toks) && toks[k].kind == tSpace {
		k++
	}
	c, end, ok := claimAt(toks, k)
	if !ok || !trailingOK(toks, end) {
		return claim{}, 0, false
	}
	return c, end, true
}

// trailingOK reports whether toks[k], right after a claimed number, ends the claim.
func trailingOK(toks []token, k int) bool {
	if k >= len(toks) {
		return true
	}
	next := func(i int) *token {
		if i < len(toks) {
			return &toks[i]
		}
		return nil
	}
	t := toks[k]
	switch t.kind {
	case tNewline:
		// Not when the next line goes on with an operator ("= 24\n- 4").
		u := nextNonSpace(toks, k)
		return u >= len(toks) || toks[u].kind != tOp
	case tDollar, tAmp, tEq, tRParen, tRBrace:
		return true
	case tSpace:
		u := next(k + 1)
		if u == nil {
			return true
		}
		switch u.kind {
		case tNewline, tDollar, tEq, tAmp, tRParen, tRBrace:
			return true
		case tWord:
			w := strings.ToLower(u.text)
			if w == "and" && mixedFollows(toks, k+1) {
				return false // "17/3 = 5 and 2/3"
			}
			return len([]rune(w)) >= 2 && !extendingWords[w]
		case tCmd:
			return trailingCommandOK(toks, k+1)
		case tLParen:
			// "= 15 (dollars)" but not "= 15 (3)".
			w := next(k + 2)
			return w != nil && w.kind == tWord && len(w.text) >= 2
		case tOther:
			switch u.text {
			case ".", ",", ";", ":", "?", "!", "<", ">", "≤", "≥", "≠", "≈", "\"", "—", "–":
				return true
			}
		}
		return false
	case tOther:
		u := next(k + 1)
		switch t.text {
		case ".":
			return u == nil || u.kind == tSpace || u.kind == tNewline || u.kind == tDollar ||
				u.kind == tRBrace || u.kind == tRParen || (u.kind == tOther && (u.text == "." || u.text == "\""))
		case ",":
			return u == nil || u.kind == tSpace || u.kind == tNewline || u.kind == tDollar
		case ";", "?", "°":
			return true
		case ":":
			return u == nil || u.kind != tNum
		}
		return false
	case tCmd:
		return trailingCommandOK(toks, k)
	case tOp:
		// Degrees: 90^\circ, 90^{\circ}.
		if t.op != '^' {
			return false
		}
		u := next(k + 1)
		if u != nil && u.kind == tLBrace {
			u = next(k + 2)
		}
		return u != nil && u.kind == tCmd && u.text == `\circ`
	}
	return false
}

// mixedFollows reports whether the word at toks[k] is followed by a
// fraction ("5 and 2/3", "5 and \frac{2}{3}", "5 and (2/3)").
func mixedFollows(toks []token, k int) bool {
	j := nextNonSpace(toks, k)
	if j >= len(toks) {
		return false
	}
	switch t := toks[j]; t.kind {
	case tLParen:
		return true
	case tCmd:
		return isFrac(t.text)
	case tNum:
		return j+1 < len(toks) && toks[j+1].kind == tOp && toks[j+1].op == '/'
	}
	return false
}

// trailingCommandOK reports whether the command at toks[k] may follow a
// claim: a relation, or a text/unit command whose text is not a lone letter
// ("9\textbf{C}4" is a binomial coefficient, not 9).
func trailingCommandOK(toks []token, k int) bool {
	t := toks[k]
	if relationCommands[t.text] {
		return true
	}
	if !trailingCommands[t.text] {
		return false
	}
	if k+3 < len(toks) && toks[k+1].kind == tLBrace && toks[k+2].kind == tWord && toks[k+3].kind == tRBrace &&
		len([]rune(toks[k+2].text)) == 1 {
		return false
	}
	return true
}

// lineAround returns the line of text containing byte offset off.
func lineAround(text string, off int) string {
	s := strings.LastIndexByte(text[:off], '\n') + 1
	e := strings.IndexByte(text[off:], '\n')
	if e < 0 {
		return text[s:]
	}
	return text[s : off+e]
}

func guarded(line string) bool {
	l := strings.ToLower(line)
	for _, w := range guardWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// collapse replaces runs of whitespace with one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
