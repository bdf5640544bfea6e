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
	// MethodWholeText: the whole response is an answer ("\\frac{3}{4}",
	// "(1, 2)", "x = 10", "28 percent"): a bare answer such as an exam key or
	// an already extracted prediction, with no sentence around it.
	MethodWholeText = "whole_text"
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
var Methods = []string{MethodBoxed, MethodFinalAnswerPhrase, MethodGSM8KHash, MethodChoiceLetter, MethodWholeText, MethodDisplayMath, MethodInlineMath, MethodLastNumber}

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
	// PreferBoxed makes the last \boxed{} the answer whatever follows it
	// (the contract of generated solutions, which end in \boxed{}). Without
	// it a later explicit marker ("Final Answer: The final answer is 24")
	// wins over an earlier box.
	PreferBoxed bool
}

// Extract returns the final answer of a generated solution, whose contract
// is to end in \boxed{}: ExtractWith with PreferBoxed and no knowledge of
// the gold.
func Extract(solution string) (schemas.FinalAnswer, bool) {
	return ExtractWith(solution, Hints{PreferBoxed: true})
}

// ExtractWith returns the final answer of a solution or model response and
// the method that found it. The text is first cut at an end-of-turn token
// (<|im_end|>, <|im_start|>, <|endoftext|>, <|eot_id|>), and <think>...</think>
// blocks are dropped (a response whose <think> is never closed has no
// answer). Then:
//
//  1. Explicit markers; the one stated last wins (with hints.PreferBoxed
//     the last box wins whatever follows it):
//     - boxed: the content of the last \boxed{...} or \fbox{...} (nested
//     braces matched, escaped \{ \} skipped; "\boxed 5" takes the next
//     token). When hints.Parts >= 2 and the last box holds one element,
//     the boxes of the final statement (consecutive boxes not separated by
//     a blank line) are joined into one list. An unterminated or empty
//     last box is no answer (a truncated solution), whatever follows.
//     - gsm8k_hash: the last "#### X" line.
//     - final_answer_phrase: "The final answer is X", "Final Answer: X",
//     "The answer is X", "Answer: X" (markdown bold ignored; a phrase
//     followed by no value, as in "the answer is correct", does not
//     count). The rest of the sentence is the answer when it is one;
//     otherwise the value it starts with ("12, not 13"), else the value
//     after its last "is" ("The largest $n$ is 34"), else its last math
//     span or number.
//  2. choice_letter (only with hints.Letter or hints.Choices): the last
//     choice marker: "(B)", "(b)", "option B", "choice B", "$B$", a line "B".
//  3. whole_text: the whole response is an answer (a bare key or an
//     extracted prediction such as "\\frac34 i", "(1, 2, 3)", "x = 10").
//  4. The final statement: the last sentence (outside math, sentences end
//     at ". ", "! ", "? " and line breaks) that states a value. Its last
//     math span that states a value (a digit, \frac, \sqrt, \pi,
//     \infty, a matrix..., not a bare name like "$x$") is the answer,
//     method display_math (\[...\], $$...$$) or inline_math ($...$,
//     \(...\)); with no such span, its last number, method last_number.
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
	plain := unbold(s)
	boxes := findBoxes(s)
	if len(boxes) > 0 {
		marker, ok := lastMarker(plain, letter)
		last := boxes[len(boxes)-1]
		// A later marker wins over the boxes unless boxes are preferred;
		// offsets of plain and s agree up to the removed bold markers, so
		// the comparison uses the text after the last box.
		// The later marker must state a value (a remark's "The answer is
		// yes!" after the box does not replace it), or be a choice letter.
		if !h.PreferBoxed && ok && last.ok && markerAfter(s[last.end:], letter) && (valueLike(marker.Text) || letter) {
			return marker, true
		}
		text, ok := boxedAnswer(s, boxes, h.Parts)
		if !ok {
			return schemas.FinalAnswer{}, false
		}
		return schemas.FinalAnswer{Text: text, Method: MethodBoxed}, true
	}
	if fa, ok := lastMarker(plain, letter); ok {
		return fa, true
	}
	if letter {
		if l, ok := lastChoiceMarker(plain); ok {
			return schemas.FinalAnswer{Text: l, Method: MethodChoiceLetter}, true
		}
	}
	if text, ok := wholeAnswer(plain); ok {
		return schemas.FinalAnswer{Text: text, Method: MethodWholeText}, true
	}
	return finalStatement(plain)
}

// wholeAnswer reports a response that is itself an answer (no sentence
// around it): short, and answer-like once normalized.
func wholeAnswer(s string) (string, bool) {
	text, ok := cleanAnswer(s)
	if !ok || strings.Contains(text, "\n\n") || !isAnswerLike(text) {
		return "", false
	}
	if !valueLike(text) && contentWords(text) > 1 {
		return "", false // a text answer alone is one word ("Monday"); "I cannot tell" is not one
	}
	return text, true
}

// contentWords counts the words of three or more letters of a text that
// are not LaTeX commands, units or answer words.
func contentWords(text string) int {
	n := 0
	for _, m := range wordRe.FindAllStringSubmatch(unicodeReplacer.Replace(text), -1) {
		w := strings.ToLower(m[2])
		if !latexFunctions[w] && !answerWords[w] && !unitSet[w] {
			n++
		}
	}
	return n
}

// markerAfter reports an explicit marker (with a value) in the text after
// the last box.
func markerAfter(rest string, letter bool) bool {
	_, ok := lastMarker(unbold(rest), letter)
	return ok
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
	// phraseRe matches an answer phrase; the answer follows the match:
	// "final answer is/:" and "the (correct|final) answer is" anywhere,
	// "Answer:" only as a label at the start of a line ("check our answer:
	// ..." is not one), and a line "Final Answer" alone.
	phraseRe = regexp.MustCompile(`(?im)\bfinal\s+answer\s*(?:is\s*:?|:|=)[ \t]*|\bthe\s+(?:correct\s+|final\s+)?answer\s+(?:is\s*:?|=)[ \t]*|^[ \t#>*-]*answer\s*[:=][ \t]*|^[ \t#]*final\s+answer[ \t]*:?[ \t]*$`)
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
	if !strings.Contains(s, "####") && !strings.Contains(s, "nswer") && !strings.Contains(s, "NSWER") {
		return schemas.FinalAnswer{}, false // cheap test before the regular expressions
	}
	if pos, text, ok := lastHashLine(s); ok {
		if text, ok := cleanAnswer(text); ok {
			best = &cand{pos, text, MethodGSM8KHash}
		}
	}
	var locs [][]int
	if strings.Contains(s, "nswer") || strings.Contains(s, "NSWER") {
		locs = phraseRe.FindAllStringIndex(s, -1)
	}
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

// lastHashLine finds the last line that starts with "####" (after spaces)
// and returns its offset and the rest of the line.
func lastHashLine(s string) (int, string, bool) {
	for end := len(s); end > 0; {
		i := strings.LastIndex(s[:end], "####")
		if i < 0 {
			return 0, "", false
		}
		lineStart := strings.LastIndexByte(s[:i], '\n') + 1
		if strings.TrimLeft(s[lineStart:i], " \t") == "" {
			rest := s[i+4:]
			if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
				rest = rest[:nl]
			}
			return lineStart, strings.TrimSpace(rest), true
		}
		end = i
	}
	return 0, "", false
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
	if f := strings.Fields(rest); notAnswerWords[strings.ToLower(strings.Trim(f[0], ".,;:!"))] {
		return "", false // "the answer is correct", "the answer is not 10"
	}
	if letter {
		if l, ok := choiceLetterOf(rest, true); ok {
			return l, true
		}
		if l, ok := lastChoiceMarker(rest); ok {
			return l, true
		}
	}
	if text, ok := numberThenWords(rest); ok {
		return text, true
	}
	if text, ok := cleanAnswer(rest); ok && isAnswerLike(text) {
		return text, true
	}
	if text, ok := leadingValue(rest); ok {
		return text, true
	}
	return valueInSentence(rest)
}

var leadingNumberRe = regexp.MustCompile(`^\s*(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*/\s*\d+)?%?)(?:[\s,;:.!?$)\]}]|$)`)

// leadingValue returns the value a text starts with: a math span that
// states a value, or a number ("12, not 13", "$\frac{3}{4}$, which is 0.75").
func leadingValue(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if len(t) > 1 && t[0] == '$' && (isDigit(t[1]) || t[1] == '-') && closingDollar(t, 1) < 0 {
		t = t[1:] // currency: "$18 every day"
	}
	for _, d := range [][2]string{{"$$", "$$"}, {`\[`, `\]`}, {`\(`, `\)`}, {"$", "$"}} {
		if !strings.HasPrefix(t, d[0]) {
			continue
		}
		end := strings.Index(t[len(d[0]):], d[1])
		if d[0] == "$" {
			end = closingDollar(t, 1) - 1
		}
		if end >= 0 {
			inner := t[len(d[0]) : len(d[0])+end]
			if valueLike(inner) {
				return cleanAnswer(inner)
			}
		}
		return "", false
	}
	if m := leadingNumberRe.FindStringSubmatch(t); m != nil {
		return strings.ReplaceAll(m[1], " ", ""), true
	}
	return "", false
}

var verbRe = regexp.MustCompile(`(?i)\b(?:is|are|was|were|equals|be)\s`)

// afterLastVerb returns the text after the last "is", "are", "was",
// "equals" or "be" of a sentence that is outside math spans.
func afterLastVerb(s string) (string, bool) {
	locs := verbRe.FindAllIndex(blankMath(s), -1)
	if len(locs) == 0 {
		return "", false
	}
	return s[locs[len(locs)-1][1]:], true
}

// statedValue reads the value a text (the rest of a sentence) states: the
// whole text when it is an answer that states a value, else the value it
// starts with.
func statedValue(s string) (string, bool) {
	if text, ok := numberThenWords(s); ok {
		return text, true
	}
	if text, ok := cleanAnswer(s); ok && valueLike(text) && isAnswerLike(text) {
		return text, true
	}
	return leadingValue(s)
}

var numberThenWordsRe = regexp.MustCompile(`(?i)^\s*\$?\s*(-?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?(?:\s*/\s*\d+)?)\s*(%|\\%|per\s*cent\b|percent(?:age)?\b|pct\b)?([^\d$\\=^_{}()\[\]]*)$`)

var scaleWordStartRe = regexp.MustCompile(`(?i)^\s*(?:thousand|million|billion|trillion)\b`)

// numberThenWords reads "a number followed by words" ("35 hours per week",
// "$28.00 per gallon", "762 M&M's", "20 percent") as the number, keeping a
// percent sign or word; the words are its unit or noun. A scale word
// ("2.5 million") is part of the number, so such text is not read here.
func numberThenWords(s string) (string, bool) {
	t := trimPunct(strings.TrimSpace(s))
	m := numberThenWordsRe.FindStringSubmatch(t)
	if m == nil || scaleWordStartRe.MatchString(m[3]) {
		return "", false
	}
	n := strings.ReplaceAll(m[1], " ", "")
	if m[2] != "" {
		n += "%"
	}
	return n, true
}

// valueInSentence finds the answer inside a sentence: the value after its
// last "is"/"are", else its last math span stating a value, else its last
// number.
func valueInSentence(s string) (string, bool) {
	if after, ok := afterLastVerb(s); ok {
		if text, ok := statedValue(after); ok {
			return text, true
		}
	}
	if sp, ok := lastValueSpan(s); ok {
		return sp.text, true
	}
	return lastNumber(removeMath(s))
}

var wordRe = regexp.MustCompile(`(^|[^\\a-zA-Z])([a-zA-Z]{3,})`)

// isAnswerLike reports a text that is an answer rather than a sentence:
// every word of three or more letters in it is a LaTeX command, a unit, a
// scale or percent word or a connective (and, or), or it is a short text
// answer (one or two content words, e.g. "Monday", "Evelyn", with no value).
func isAnswerLike(text string) bool {
	if Normalize(text) == "" {
		return false
	}
	words, function := 0, false
	for _, m := range wordRe.FindAllStringSubmatch(unicodeReplacer.Replace(text), -1) {
		w := strings.ToLower(m[2])
		if notAnswerWords[w] {
			return false // "the answer is correct", "the answer is as follows"
		}
		if latexFunctions[w] || answerWords[w] || unitSet[w] {
			continue
		}
		function = function || functionWords[w]
		words++
	}
	if words == 0 {
		return true
	}
	// A text answer: one or two content words ("Monday", "Evelyn").
	return words <= 2 && !function && !valueLike(text) && len(strings.Fields(text)) <= 3
}

// functionWords make a short text a phrase rather than a text answer.
var functionWords = map[string]bool{
	"the": true, "answer": true, "final": true, "therefore": true, "thus": true, "hence": true,
	"for": true, "with": true, "from": true, "then": true, "its": true, "our": true, "all": true,
}

// answerWords may appear in an answer without making it a sentence.
var answerWords = map[string]bool{
	"and": true, "or": true, "infty": true, "sqrt": true, "frac": true, "pmatrix": true, "bmatrix": true,
	"begin": true, "end": true, "cdot": true, "times": true, "text": true, "true": true, "false": true,
	"yes": true, "none": true, "emptyset": true, "pct": true, "matrix": true, "ldots": true,
	"percent": true, "percentage": true, "per": true, "cent": true, "thousand": true, "million": true,
	"billion": true, "trillion": true, "mathbb": true, "oo": true,
}

// notAnswerWords mark a phrase that talks about the answer instead of
// stating it.
var notAnswerWords = map[string]bool{
	"correct": true, "incorrect": true, "wrong": true, "right": true, "above": true, "below": true,
	"follows": true, "following": true, "given": true, "shown": true, "clear": true, "not": true,
	"unknown": true, "undefined": true, "same": true, "that": true, "this": true, "which": true,
}

// sentenceEnd cuts s at the first ". ", "! " or "? " (or one at the end)
// outside math delimiters and braces, so "3.5. So ..." gives "3.5".
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
		case '.', '!', '?':
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
	s = trimPunct(strings.TrimSpace(s))
	s = stripDelimiters(s)
	s = trimPunct(strings.TrimSpace(s))
	if s == "" || len([]rune(s)) > maxFallbackAnswerRune {
		return "", false
	}
	return s, true
}

// trimPunct removes trailing sentence punctuation (".", ",", ";"), but
// not an ellipsis ("1, 2, 3, ..." is open-ended).
func trimPunct(s string) string {
	for s != "" && strings.ContainsRune(".,;", rune(s[len(s)-1])) && !strings.HasSuffix(s, "...") {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	return s
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

// closingDollar finds the $ closing an inline span whose opening $ is at
// i-1, on the same line; -1 if that $ opens no span. It tells math from
// currency after pandoc's rule: the first $ after the opening one must
// close it, and cannot when a digit follows it ("$400 + $60 = $460" has
// no math) or when a space precedes it while the span does not start with
// one ("$5 and then $" is not math; "$ 9 $" is). Escaped \$ is never a
// delimiter.
func closingDollar(s string, i int) int {
	if i >= len(s) || s[i] == '\n' {
		return -1
	}
	padded := s[i] == ' ' || s[i] == '\t'
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '\n':
			return -1
		case '$':
			if j+1 < len(s) && isDigit(s[j+1]) {
				return -1
			}
			if (s[j-1] == ' ' || s[j-1] == '\t') && !padded {
				return -1
			}
			if j == i {
				return -1 // "$$" is handled by the caller
			}
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

// finalStatement reads the answer of a text without explicit markers from
// its final statement: the last sentence that states a value, and in it
// the last clause that states one (clauses are separated by ", " or "; "
// before a word, so lists like "1, 2, and 3" stay whole). In that clause:
// the value after its last cue ("=", "is", "are", "was", "equals", "be"),
// the result of its last computation or statement ("9 + 6 = 15 liters of
// the 24 liters" gives 15); else its last math span stating a value; else
// its last number.
func finalStatement(s string) (schemas.FinalAnswer, bool) {
	sentences := splitSentences(s)
	for k := len(sentences) - 1; k >= 0; k-- {
		clauses := splitClauses(sentences[k])
		for j := len(clauses) - 1; j >= 0; j-- {
			if fa, ok := clauseAnswer(clauses[j]); ok {
				return fa, true
			}
		}
	}
	return schemas.FinalAnswer{}, false
}

// clauseAnswer reads the value a clause states (see finalStatement).
func clauseAnswer(c string) (schemas.FinalAnswer, bool) {
	sp, spanOK := lastValueSpan(c)
	n, numOK := lastNumber(removeMath(c))
	if !spanOK && !numOK {
		return schemas.FinalAnswer{}, false
	}
	if after, ok := afterLastCue(c); ok {
		if text, ok := statedValue(after); ok {
			return schemas.FinalAnswer{Text: text, Method: methodOf(after, text)}, true
		}
	}
	if spanOK {
		return schemas.FinalAnswer{Text: sp.text, Method: sp.method}, true
	}
	return schemas.FinalAnswer{Text: n, Method: MethodLastNumber}, true
}

var clauseBreakRe = regexp.MustCompile(`[,;]\s+(?:[A-Za-z]{2,}|[A-Za-z]\b[^,])`)

// splitClauses splits a sentence at ", " or "; " followed by a word
// (outside math spans); "1, 2, and 3" and "x, y" stay whole.
func splitClauses(s string) []string {
	blank := blankMath(s)
	var out []string
	last := 0
	for _, m := range clauseBreakRe.FindAllIndex(blank, -1) {
		w := strings.ToLower(strings.Fields(string(blank[m[0]+1:]))[0])
		if w == "and" || w == "or" {
			// "1, 2, and 3": a list goes on unless a clause follows ("and then").
			rest := strings.TrimSpace(string(blank[m[0]+1:]))
			rest = strings.TrimSpace(rest[len(w):])
			if rest == "" || isDigit(rest[0]) || rest[0] == '-' || rest[0] == '$' || rest[0] == ' ' {
				continue
			}
		}
		out = append(out, s[last:m[0]])
		last = m[0] + 1
	}
	return append(out, s[last:])
}

// blankMath returns s with its math spans replaced by spaces (delimiters
// kept), for searching cues and clause breaks outside math.
func blankMath(s string) []byte {
	b := []byte(s)
	for _, r := range mathRanges(s) {
		for i := r[0] + 1; i < r[1]-1; i++ {
			b[i] = ' '
		}
	}
	return b
}

var cueRe = regexp.MustCompile(`(?i)\b(?:is|are|was|were|equals|be)\s|=`)

// labelledValue reports an "=" at c[i], inside a math span, whose left side
// within the span is a bare name ("x = 3", "f(x) = ..."): a labelled value.
func labelledValue(c string, i int, ranges [][2]int) bool {
	for _, r := range ranges {
		if r[0] < i && i < r[1] {
			lhs := c[r[0]:i]
			lhs = strings.TrimLeft(lhs, "$\\([")
			if k := strings.LastIndexByte(lhs, '='); k >= 0 {
				lhs = lhs[k+1:]
			}
			return varLHSRe.MatchString(strings.TrimSpace(lhs))
		}
	}
	return false
}

// afterLastCue returns the text after the last cue of a clause: "=" (also
// inside math, not as part of <=, >=, !=), or a verb outside math.
func afterLastCue(c string) (string, bool) {
	blank := blankMath(c)
	best := -1
	for _, m := range cueRe.FindAllIndex(blank, -1) {
		if blank[m[0]] != '=' {
			best = max(best, m[1])
		}
	}
	ranges := mathRanges(c)
	for i := 0; i < len(c); i++ {
		if c[i] == '=' && (i == 0 || !strings.ContainsRune("<>!=", rune(c[i-1]))) && (i+1 == len(c) || c[i+1] != '=') {
			if labelledValue(c, i, ranges) {
				continue // "$x = 3$" labels a value; it is not a computation
			}
			best = max(best, i+1)
		}
	}
	if best < 0 {
		return "", false
	}
	after := c[best:]
	// A cue inside a math span: the rest of the span is the value.
	for _, r := range mathRanges(c) {
		if r[0] < best && best < r[1] {
			inner := c[best : r[1]-1]
			if strings.HasSuffix(c[:r[1]], "$$") || strings.HasSuffix(c[:r[1]], `\]`) || strings.HasSuffix(c[:r[1]], `\)`) {
				inner = c[best : r[1]-2]
			}
			return inner, true
		}
	}
	return after, true
}

// methodOf names how a value read from a text was written: inside a display
// or inline math span, or as plain text (a number).
func methodOf(text, value string) string {
	for _, sp := range mathSpans(text) {
		if strings.Contains(sp.text, value) || strings.Contains(value, strings.TrimSpace(sp.text)) {
			return sp.method
		}
	}
	return MethodLastNumber
}

// mathRanges returns the [start, end) byte ranges of the math spans of s,
// delimiters included.
func mathRanges(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		start := i
		switch {
		case strings.HasPrefix(s[i:], `\[`):
			if j := strings.Index(s[i+2:], `\]`); j >= 0 {
				i += 2 + j + 1
				out = append(out, [2]int{start, i + 1})
			}
		case strings.HasPrefix(s[i:], `\(`):
			if j := strings.Index(s[i+2:], `\)`); j >= 0 {
				i += 2 + j + 1
				out = append(out, [2]int{start, i + 1})
			}
		case s[i] == '\\':
			i++
		case strings.HasPrefix(s[i:], "$$"):
			if j := strings.Index(s[i+2:], "$$"); j >= 0 {
				i += 2 + j + 1
				out = append(out, [2]int{start, i + 1})
			}
		case s[i] == '$':
			if j := closingDollar(s, i+1); j >= 0 {
				i = j
				out = append(out, [2]int{start, i + 1})
			}
		}
	}
	return out
}

// splitSentences splits a text at sentence ends (". ", "! ", "? ", a
// final ".", and line breaks) outside math spans.
func splitSentences(s string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		if t := strings.TrimSpace(s[start:end]); t != "" {
			out = append(out, t)
		}
		start = end
	}
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], `\[`):
			if j := strings.Index(s[i+2:], `\]`); j >= 0 {
				i += 2 + j + 1
				flush(i + 1) // a display ends its sentence
			}
		case strings.HasPrefix(s[i:], `\(`):
			if j := strings.Index(s[i+2:], `\)`); j >= 0 {
				i += 2 + j + 1
			}
		case s[i] == '\\':
			i++
		case strings.HasPrefix(s[i:], "$$"):
			if j := strings.Index(s[i+2:], "$$"); j >= 0 {
				i += 2 + j + 1
				flush(i + 1)
			}
		case s[i] == '$':
			if j := closingDollar(s, i+1); j >= 0 {
				i = j
			}
		case s[i] == '\n':
			flush(i + 1)
		case s[i] == '.' || s[i] == '!' || s[i] == '?':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
				flush(i + 1)
			}
		}
	}
	flush(len(s))
	return out
}

// removeMath blanks the math spans of a text (for the last-number reading
// of a sentence whose spans state no value).
func removeMath(s string) string {
	for _, sp := range mathSpans(s) {
		s = strings.Replace(s, sp.text, " ", 1)
	}
	return s
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

var numberRe = regexp.MustCompile(`(?:^|[^\w.,])(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?:\s*/\s*\d+)?%?)`)

// lastNumber returns the last number of a text (with its sign, thousands
// separators, decimals, a /denominator and a % sign).
func lastNumber(s string) (string, bool) {
	m := numberRe.FindAllStringSubmatch(s, -1)
	if len(m) == 0 {
		return "", false
	}
	return strings.ReplaceAll(m[len(m)-1][1], " ", ""), true // "1 000 000", "2 / 3"
}

var (
	// choiceMarkerRe finds a choice in running text: "(B)", "option B",
	// "choice B", "answer B".
	choiceMarkerRe = regexp.MustCompile(`\(([A-Ha-h])\)|\b(?:[Oo]ption|[Cc]hoice|[Aa]nswer)\s*(?:is\s*)?:?\s*\(?([A-H]\b|[a-h]\))\)?|(?:\$|\\\(|\\text\{|\\textbf\{)\s*\(?([A-H])\)?\s*(?:\$|\\\)|\})`)
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
			best, letter = m[0], strings.ToUpper(s[l:l+1])
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
	if !strings.Contains(problem, "A)") && !strings.Contains(problem, "A.") && !strings.Contains(problem, "A:") {
		return nil // no option A: skip the regular expression
	}
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
