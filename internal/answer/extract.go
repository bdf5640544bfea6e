package answer

import (
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Extraction methods recorded in schemas.FinalAnswer.Method. Extract tries
// them in this order and records the one that found the answer.
const (
	// MethodBoxed: the last \boxed{} or \fbox{} (several boxed parts of the
	// final statement form one list when the gold has several parts).
	MethodBoxed = "boxed"
	// MethodFinalAnswerPhrase: "The final answer is X", "Final Answer: X",
	// "The answer is X", "Answer: X" (the last one).
	MethodFinalAnswerPhrase = "final_answer_phrase"
	// MethodGSM8KHash: the last "#### X" line (GSM8K).
	MethodGSM8KHash = "gsm8k_hash"
	// MethodChoiceLetter: a multiple-choice letter ("(B)", "option B", a
	// line "B."), only when the gold is a letter or the options are known.
	MethodChoiceLetter = "choice_letter"
	// MethodDisplayMath: the last \[...\] or $$...$$ that states a value.
	MethodDisplayMath = "display_math"
	// MethodInlineMath: the last $...$ or \(...\) that states a value.
	MethodInlineMath = "inline_math"
	// MethodLastNumber: the last number of the text, used only when nothing
	// above found an answer.
	MethodLastNumber = "last_number"
)

// Deprecated names of the methods, kept for callers written before the
// methods were renamed.
const (
	// Deprecated: use MethodGSM8KHash.
	MethodFallbackGSM8K = MethodGSM8KHash
	// Deprecated: use MethodFinalAnswerPhrase.
	MethodFallbackFinal = MethodFinalAnswerPhrase
	// Deprecated: use MethodFinalAnswerPhrase.
	MethodFallbackAnswer = MethodFinalAnswerPhrase
)

// Methods lists every extraction method in the order Extract tries them
// (the explicit markers final_answer_phrase and gsm8k_hash compete by
// position: the one stated last wins).
var Methods = []string{MethodBoxed, MethodFinalAnswerPhrase, MethodGSM8KHash, MethodChoiceLetter, MethodDisplayMath, MethodInlineMath, MethodLastNumber}

const maxFallbackAnswerRune = 200

// IsFallback reports whether a FinalAnswer was found by anything other than
// a \boxed{} (the contract of generated solutions).
func IsFallback(fa schemas.FinalAnswer) bool { return fa.Method != MethodBoxed }

// Hints tell extraction what the gold looks like, so that a response is read
// the way the gold needs (see HintsFor).
type Hints struct {
	// Parts is the number of elements of a gold that is a list, tuple or
	// set (2 or more): several \boxed{} of the final statement then form
	// one answer ("\boxed{-2} and \boxed{1}"). 0 or 1: a single value.
	Parts int
	// Letter says the gold is a multiple-choice letter: choice markers
	// ("(B)", "option B") are read, and an extracted "(B) 12" is reduced to
	// its letter.
	Letter bool
	// Choices are the options of a multiple-choice problem, when known.
	Choices []Choice
}

// Extract returns the final answer of a solution or model response with no
// knowledge of the gold; see ExtractWith.
func Extract(solution string) (schemas.FinalAnswer, bool) {
	return ExtractWith(solution, Hints{})
}

// ExtractWith returns the final answer of a solution or model response and
// the method that found it. The text is first cut at an end-of-turn token
// (<|im_end|>, <|im_start|>, <|endoftext|>, <|eot_id|>), and <think>...</think>
// blocks are dropped (a response whose <think> is never closed has no
// answer). Then, in order:
//
//  1. boxed: the content of the last \boxed{...} or \fbox{...} (nested
//     braces matched, escaped \{ \} skipped; "\boxed 5" takes the next
//     token). When hints.Parts >= 2 and the last box holds one element,
//     the boxes of the final statement (consecutive boxes not separated by
//     a blank line) are joined into one list. An unterminated or empty
//     last box is no answer (a truncated solution), whatever follows.
//  2. final_answer_phrase / gsm8k_hash: the explicit marker stated last:
//     "#### X", or "The final answer is X", "Final Answer: X", "The answer
//     is X", "Answer: X" (markdown bold ignored). The rest of the sentence
//     is the answer when it is one; when it is a sentence ("The largest $n$
//     is 34") the value after its last "is", else its last math span or
//     number, is.
//  3. choice_letter (only with hints.Letter or hints.Choices): the last
//     choice marker: "(B)", "option B", "choice B", a line "B" or "B.".
//  4. display_math / inline_math: the last \[...\], $$...$$, $...$ or
//     \(...\) that states a value (a digit, \frac, \sqrt, \pi, \infty, a
//     matrix...), not a bare name like "$x$".
//  5. last_number: the last number of the text.
//
// With hints.Letter, an answer that starts with a choice marker ("(B) 12")
// is reduced to its letter. ExtractWith returns false when nothing is found.
func ExtractWith(solution string, h Hints) (schemas.FinalAnswer, bool) {
	s := stripThink(cutAtEndOfTurn(solution))
	letter := h.Letter || len(h.Choices) > 0
	fa, ok := extract(s, h, letter)
	if !ok {
		return schemas.FinalAnswer{}, false
	}
	if letter {
		if l, ok := choiceLetterOf(fa.Text, true); ok {
			fa.Text = l
		}
	}
	return fa, true
}

func extract(s string, h Hints, letter bool) (schemas.FinalAnswer, bool) {
	if boxes := findBoxes(s); len(boxes) > 0 {
		text, ok := boxedAnswer(s, boxes, h.Parts)
		if !ok {
			return schemas.FinalAnswer{}, false
		}
		return schemas.FinalAnswer{Text: text, Method: MethodBoxed}, true
	}
	plain := unbold(s)
	if fa, ok := lastMarker(plain, letter); ok {
		return fa, true
	}
	if letter {
		if l, ok := lastChoiceMarker(plain); ok {
			return schemas.FinalAnswer{Text: l, Method: MethodChoiceLetter}, true
		}
	}
	if sp, ok := lastValueSpan(s); ok {
		return schemas.FinalAnswer{Text: sp.text, Method: sp.method}, true
	}
	if n, ok := lastNumber(plain); ok {
		return schemas.FinalAnswer{Text: n, Method: MethodLastNumber}, true
	}
	return schemas.FinalAnswer{}, false
}

// endOfTurn are chat-template tokens after which a response has ended; text
// after them is a hallucinated continuation, not the response.
var endOfTurn = []string{"<|im_end|>", "<|im_start|>", "<|endoftext|>", "<|eot_id|>", "<|end_of_text|>"}

func cutAtEndOfTurn(s string) string {
	for _, tok := range endOfTurn {
		if i := strings.Index(s, tok); i >= 0 {
			s = s[:i]
		}
	}
	return s
}

// stripThink drops reasoning blocks: everything up to the last </think>
// when there is one; otherwise everything from an unclosed <think>.
func stripThink(s string) string {
	if i := strings.LastIndex(s, "</think>"); i >= 0 {
		return s[i+len("</think>"):]
	}
	if i := strings.Index(s, "<think>"); i >= 0 {
		return s[:i]
	}
	return s
}

var boldRe = regexp.MustCompile(`(^|[^\w*])\*\*([^*\n]+?)\*\*`)

// unbold removes markdown bold markers (**Answer:** 42), never a Python
// power (x**2 keeps its stars: a letter or digit touches them).
func unbold(s string) string {
	if !strings.Contains(s, "**") {
		return s
	}
	return boldRe.ReplaceAllString(s, "$1$2")
}

// box is one \boxed{}/\fbox{} of a text: [start, end) covers the command
// and its argument.
type box struct {
	start, end int
	content    string
	ok         bool // terminated and non-empty
}

var boxCommands = []string{`\boxed`, `\fbox`}

// findBoxes returns every \boxed and \fbox command (not \boxedfoo) in order.
func findBoxes(s string) []box {
	var out []box
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '\\')
		if j < 0 {
			break
		}
		i += j
		cmd := ""
		for _, c := range boxCommands {
			if strings.HasPrefix(s[i:], c) && (i+len(c) == len(s) || !isLetter(s[i+len(c)])) {
				cmd = c
				break
			}
		}
		if cmd == "" {
			i++
			continue
		}
		content, end, ok := boxArgument(s, i+len(cmd))
		content = strings.TrimSpace(content)
		out = append(out, box{start: i, end: end, content: content, ok: ok && content != ""})
		if end <= i {
			end = i + len(cmd)
		}
		i = end
	}
	return out
}

// boxArgument reads the argument of a box command starting at i; it returns
// the content, the offset after the argument and whether it is terminated.
func boxArgument(s string, i int) (string, int, bool) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) {
		return "", i, false
	}
	if s[i] != '{' {
		// "\boxed 5": the argument is the next token, up to a space, $ or end.
		j := i
		for j < len(s) && !strings.ContainsRune(" \t\n$", rune(s[j])) {
			j++
		}
		return strings.TrimRight(s[i:j], ".,"), j, j > i
	}
	end, ok := matchBrace(s, i)
	if !ok {
		return "", len(s), false
	}
	return s[i+1 : end], end + 1, true
}

// boxedAnswer is the answer the boxes give: the last box, or the boxes of
// the final statement joined when the gold has parts parts.
func boxedAnswer(s string, boxes []box, parts int) (string, bool) {
	last := boxes[len(boxes)-1]
	if !last.ok {
		return "", false
	}
	if parts < 2 || topElements(last.content) >= 2 {
		return last.content, true
	}
	run := []string{last.content}
	for k := len(boxes) - 2; k >= 0; k-- {
		b := boxes[k]
		between := s[b.end:boxes[k+1].start]
		if !b.ok || strings.Contains(between, "\n\n") || len(between) > 300 {
			break
		}
		run = append([]string{b.content}, run...)
	}
	if len(run) < 2 {
		return last.content, true
	}
	return strings.Join(run, ", "), true
}

// topElements counts the top-level comma-separated elements of an answer.
func topElements(s string) int {
	n := Normalize(s)
	if n == "" {
		return 0
	}
	st := parseStructure(n)
	switch st.kind {
	case nTuple, nBag, nSet:
		return len(st.elems)
	}
	return 1
}

// matchBrace returns the index of the } matching the { at s[open], skipping
// escaped braces \{ and \}.
func matchBrace(s string, open int) (int, bool) {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++ // skip the escaped character (\{, \}, \\)
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j, true
			}
		}
	}
	return 0, false
}

var (
	gsm8kRe = regexp.MustCompile(`(?m)^[ \t]*####[ \t]*(.*?)[ \t]*$`)
	// phraseRe matches an answer phrase; the answer follows the match.
	phraseRe = regexp.MustCompile(`(?i)(?:\bfinal\s+answer|\b(?:the\s+)?(?:correct\s+|final\s+)?answer)\s*(?:is\s*:?|:|=)[ \t]*|(?im)^[ \t#]*final\s+answer[ \t]*:?[ \t]*$`)
	hopeRe   = regexp.MustCompile(`(?i)\.?\s*I hope it is correct\.?\s*$`)
)

// lastMarker finds the explicit answer marker stated last: "#### X" or an
// answer phrase whose answer states a value.
func lastMarker(s string, letter bool) (schemas.FinalAnswer, bool) {
	type cand struct {
		pos    int
		text   string
		method string
	}
	var best *cand
	if m := gsm8kRe.FindAllStringSubmatchIndex(s, -1); len(m) > 0 {
		last := m[len(m)-1]
		if text, ok := cleanAnswer(s[last[2]:last[3]]); ok {
			best = &cand{last[0], text, MethodGSM8KHash}
		}
	}
	locs := phraseRe.FindAllStringIndex(s, -1)
	for k := len(locs) - 1; k >= 0; k-- {
		if best != nil && locs[k][0] < best.pos {
			break
		}
		if text, ok := phraseAnswer(s[locs[k][1]:], letter); ok {
			best = &cand{locs[k][0], text, MethodFinalAnswerPhrase}
			break
		}
	}
	if best == nil {
		return schemas.FinalAnswer{}, false
	}
	return schemas.FinalAnswer{Text: best.text, Method: best.method}, true
}

// phraseAnswer reads the answer after an answer phrase: the rest of its line
// (or the next non-empty line when the phrase ends its line) up to the end
// of the sentence.
func phraseAnswer(rest string, letter bool) (string, bool) {
	rest = strings.TrimLeft(rest, " \t")
	if strings.HasPrefix(rest, "\n") {
		rest = strings.TrimLeft(rest, " \t\r\n")
	}
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	rest = hopeRe.ReplaceAllString(rest, "")
	rest = strings.TrimSpace(sentenceEnd(rest))
	if rest == "" {
		return "", false
	}
	if letter {
		if l, ok := choiceLetterOf(rest, true); ok {
			return l, true
		}
		if l, ok := lastChoiceMarker(rest); ok {
			return l, true
		}
	}
	if text, ok := cleanAnswer(rest); ok && isAnswerLike(text) {
		return text, true
	}
	return valueInSentence(rest)
}

var isRe = regexp.MustCompile(`(?i)\s(?:is|are|equals|be|was|=)\s`)

// valueInSentence finds the answer inside a sentence that follows an answer
// phrase: the answer after its last "is", else its last math span stating a
// value, else its last number.
func valueInSentence(s string) (string, bool) {
	if locs := isRe.FindAllStringIndex(s, -1); len(locs) > 0 {
		after := s[locs[len(locs)-1][1]:]
		if text, ok := cleanAnswer(after); ok && isAnswerLike(text) {
			return text, true
		}
	}
	if sp, ok := lastValueSpan(s); ok {
		return sp.text, true
	}
	return lastNumber(s)
}

var wordRe = regexp.MustCompile(`(^|[^\\a-zA-Z])([a-zA-Z]{3,})`)

// isAnswerLike reports a text that is an answer rather than a sentence: it
// states a value and every word of three or more letters in it is a LaTeX
// command, a unit, a number word or a connective (and, or), or it is a
// short text answer (one or two words, e.g. "Monday", "Evelyn").
func isAnswerLike(text string) bool {
	n := Normalize(text)
	if n == "" {
		return false
	}
	words := 0
	for _, m := range wordRe.FindAllStringSubmatch(n, -1) {
		w := strings.ToLower(m[2])
		if notAnswerWords[w] {
			return false // "the answer is correct", "the answer is as follows"
		}
		if latexFunctions[w] || answerWords[w] {
			continue
		}
		words++
	}
	if words == 0 {
		return true
	}
	return words <= 2 && !valueLike(n) && len(strings.Fields(text)) <= 3
}

// answerWords may appear in an answer without making it a sentence.
var answerWords = map[string]bool{
	"and": true, "or": true, "infty": true, "sqrt": true, "frac": true, "pmatrix": true, "bmatrix": true,
	"begin": true, "end": true, "cdot": true, "times": true, "text": true, "true": true, "false": true,
	"yes": true, "none": true, "emptyset": true, "pct": true,
}

// notAnswerWords mark a phrase that talks about the answer instead of
// stating it.
var notAnswerWords = map[string]bool{
	"correct": true, "incorrect": true, "wrong": true, "right": true, "above": true, "below": true,
	"follows": true, "following": true, "given": true, "shown": true, "clear": true, "not": true,
	"unknown": true, "undefined": true, "same": true, "that": true, "this": true, "which": true,
}

// sentenceEnd cuts s at the first ". " (or "." at the end) outside math
// delimiters and braces, so "3.5. So ..." gives "3.5".
func sentenceEnd(s string) string {
	depth, inMath := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
		case '$':
			inMath = !inMath
		case '.':
			if depth == 0 && !inMath && (i+1 == len(s) || s[i+1] == ' ') {
				return s[:i]
			}
		}
	}
	return s
}

// cleanAnswer trims an answer: spaces, a trailing period, enclosing math
// delimiters. It fails on an empty or over-long text.
func cleanAnswer(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".,;")
	s = strings.TrimSpace(s)
	s = stripDelimiters(s)
	s = strings.TrimSpace(strings.TrimRight(s, ".,;"))
	if s == "" || len([]rune(s)) > maxFallbackAnswerRune {
		return "", false
	}
	return s, true
}

// mathSpan is one math-mode span of a text.
type mathSpan struct {
	text   string
	method string
}

// mathSpans returns the math spans of s in order: \[...\], $$...$$
// (display), \(...\) and $...$ on one line (inline). Escaped \$ is not a
// delimiter.
func mathSpans(s string) []mathSpan {
	var out []mathSpan
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], `\[`):
			if j := strings.Index(s[i+2:], `\]`); j >= 0 {
				out = append(out, mathSpan{s[i+2 : i+2+j], MethodDisplayMath})
				i += 2 + j + 1
			}
		case strings.HasPrefix(s[i:], `\(`):
			if j := strings.Index(s[i+2:], `\)`); j >= 0 && !strings.Contains(s[i+2:i+2+j], "\n") {
				out = append(out, mathSpan{s[i+2 : i+2+j], MethodInlineMath})
				i += 2 + j + 1
			}
		case s[i] == '\\':
			i++ // an escaped character (\$, \\)
		case strings.HasPrefix(s[i:], "$$"):
			if j := strings.Index(s[i+2:], "$$"); j >= 0 {
				out = append(out, mathSpan{s[i+2 : i+2+j], MethodDisplayMath})
				i += 2 + j + 1
			}
		case s[i] == '$':
			j := closingDollar(s, i+1)
			if j < 0 {
				continue
			}
			out = append(out, mathSpan{s[i+1 : j], MethodInlineMath})
			i = j
		}
	}
	return out
}

// closingDollar finds the unescaped $ closing an inline span opened before
// i, on the same line; -1 if none.
func closingDollar(s string, i int) int {
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '\n':
			return -1
		case '$':
			return j
		}
	}
	return -1
}

var valueCommands = []string{`\frac`, `\dfrac`, `\tfrac`, `\sqrt`, `\pi`, `\infty`, `\emptyset`, `\varnothing`, `\begin{`, `\binom`}

// valueLike reports a text that states a value: a digit or a value command.
func valueLike(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	for _, c := range valueCommands {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}

// lastValueSpan returns the last math span that states a value.
func lastValueSpan(s string) (mathSpan, bool) {
	spans := mathSpans(s)
	for k := len(spans) - 1; k >= 0; k-- {
		sp := spans[k]
		if !valueLike(sp.text) {
			continue
		}
		if text, ok := cleanAnswer(sp.text); ok {
			sp.text = text
			return sp, true
		}
	}
	return mathSpan{}, false
}

var numberRe = regexp.MustCompile(`(?:^|[^\w.])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*/\s*\d+)?%?)`)

// lastNumber returns the last number of a text (with its sign, thousands
// separators, decimals, a /denominator and a % sign).
func lastNumber(s string) (string, bool) {
	m := numberRe.FindAllStringSubmatch(s, -1)
	if len(m) == 0 {
		return "", false
	}
	return strings.ReplaceAll(m[len(m)-1][1], " ", ""), true
}

var (
	// choiceMarkerRe finds a choice in running text: "(B)", "option B",
	// "choice B", "answer B".
	choiceMarkerRe = regexp.MustCompile(`\(([A-H])\)|\b(?:[Oo]ption|[Cc]hoice|[Aa]nswer)\s*(?:is\s*)?:?\s*\(?([A-H])\b\)?|(?:\$|\\\(|\\text\{|\\textbf\{)\s*\(?([A-H])\)?\s*(?:\$|\\\)|\})`)
	// choiceLineRe finds a line that is only a letter: "B", "B.", "B)".
	choiceLineRe = regexp.MustCompile(`(?m)^[ \t]*\(?([A-H])[\).:]?[ \t]*$`)
	// choiceLeadRe reads a letter that starts an answer: "(B) 12", "B) 12",
	// "B. 12", "B: 12", "\text{(B)}", "\textbf{(B) }12".
	choiceLeadRe = regexp.MustCompile(`^\s*(?:\\(?:text|textbf|mathrm|mathbf)\s*\{\s*)?\(?([A-Ha-h])(?:\)|[\.:](?:\s|$)|\s*\}|\s*$)`)
)

// lastChoiceMarker returns the letter of the last choice marker of a text.
func lastChoiceMarker(s string) (string, bool) {
	best, letter := -1, ""
	for _, m := range choiceMarkerRe.FindAllStringSubmatchIndex(s, -1) {
		l := m[2]
		if l < 0 {
			l = m[4]
		}
		if l < 0 {
			l = m[6]
		}
		if m[0] > best {
			best, letter = m[0], s[l:l+1]
		}
	}
	for _, m := range choiceLineRe.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > best {
			best, letter = m[0], s[m[2]:m[3]]
		}
	}
	return letter, best >= 0
}

// choiceLetterOf reads a choice letter at the start of an answer: "B",
// "(B)", "(b)", "B) 12", "\text{(B)}". A bare lower-case letter is not a
// choice (e, i, x are math).
func choiceLetterOf(s string, leading bool) (string, bool) {
	s = strings.TrimSpace(stripDelimiters(strings.TrimSpace(s)))
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'H' {
		return s, true
	}
	if !leading {
		return "", false
	}
	m := choiceLeadRe.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	l := m[1]
	bare := len(strings.TrimSpace(s)) == 1
	if l[0] >= 'a' && l[0] <= 'h' {
		if bare || !strings.Contains(s, "(") {
			return "", false
		}
		l = strings.ToUpper(l)
	}
	return l, true
}

// Choice is one option of a multiple-choice problem.
type Choice struct {
	Letter string `json:"letter"`
	Text   string `json:"text"`
}

var (
	// optionMarkerRe finds option markers in a problem: "(A)", "A)",
	// "A.", "\textbf{(A)}" at a word boundary.
	optionMarkerRe = regexp.MustCompile(`(?:\\textbf\{\s*)?(?:\(([A-H])\)|(?:^|[\s,;:\[])([A-H])[\)\.:](?:\s|\d|-|\$|\\))\s*\}?`)
)

// ParseChoices reads the options of a multiple-choice problem: markers
// "(A) …", "A) …", "A. …" or "\textbf{(A) } …" for consecutive letters from
// A. It returns nil unless at least two options are found.
func ParseChoices(problem string) []Choice {
	locs := optionMarkerRe.FindAllStringSubmatchIndex(problem, -1)
	type mark struct {
		letter     string
		start, end int
	}
	var marks []mark
	for _, m := range locs {
		l := m[2]
		if l < 0 {
			l = m[4]
		}
		if l < 0 {
			continue
		}
		// The option text starts after the marker's ")", "." or ":" (and a
		// closing brace of \textbf{(A)}).
		end := l + 2
		for end < len(problem) && (problem[end] == ' ' || problem[end] == '}') {
			end++
		}
		marks = append(marks, mark{problem[l : l+1], m[0], end})
	}
	// The longest run A, B, C, ... in order.
	var best []mark
	for i := range marks {
		if marks[i].letter != "A" {
			continue
		}
		run := []mark{marks[i]}
		for j := i + 1; j < len(marks); j++ {
			if marks[j].letter[0] == run[len(run)-1].letter[0]+1 {
				run = append(run, marks[j])
			}
		}
		if len(run) > len(best) {
			best = run
		}
	}
	if len(best) < 2 {
		return nil
	}
	out := make([]Choice, len(best))
	for i, m := range best {
		end := len(problem)
		if i+1 < len(best) {
			end = best[i+1].start
		} else if nl := strings.IndexByte(problem[m.end:], '\n'); nl >= 0 {
			end = m.end + nl
		}
		text := strings.TrimSpace(problem[m.end:end])
		text = strings.TrimRight(text, ",;")
		text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), `\qquad`))
		out[i] = Choice{Letter: m.letter, Text: strings.TrimSpace(text)}
	}
	return out
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
