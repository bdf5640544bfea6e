package answer

import (
	"regexp"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Extraction methods recorded in schemas.FinalAnswer.Method.
const (
	// MethodBoxed: the last \boxed{} or \fbox{} of the solution.
	MethodBoxed = "boxed"
	// MethodFallbackGSM8K: the last "#### X" line (GSM8K).
	MethodFallbackGSM8K = "fallback:gsm8k"
	// MethodFallbackFinal: Minerva's "Final Answer: The final answer is X".
	MethodFallbackFinal = "fallback:final_answer"
	// MethodFallbackAnswer: the last "The answer is X".
	MethodFallbackAnswer = "fallback:the_answer_is"
)

const (
	fallbackPrefix        = "fallback:"
	maxFallbackAnswerRune = 200
)

// IsFallback reports whether a FinalAnswer was found by a fallback rule
// rather than a \boxed{}.
func IsFallback(fa schemas.FinalAnswer) bool { return strings.HasPrefix(fa.Method, fallbackPrefix) }

// Extract returns the final answer of a solution: the content of the last
// \boxed{...} or \fbox{...} (nested braces matched, escaped \{ \} skipped;
// "\boxed 5" without braces takes the next token). With no box at all it
// tries, in order, the GSM8K "#### X" line, Minerva's "Final Answer: The
// final answer is X", and "The answer is X", marking the Method as
// "fallback:<name>". It returns false when nothing is found, when the last box
// is unterminated (a truncated solution) or when the answer is empty.
func Extract(solution string) (schemas.FinalAnswer, bool) {
	if start, found := lastBox(solution); found {
		text, ok := boxContent(solution, start)
		text = strings.TrimSpace(text)
		if !ok || text == "" {
			return schemas.FinalAnswer{}, false
		}
		return schemas.FinalAnswer{Text: text, Method: MethodBoxed}, true
	}
	for _, fb := range fallbacks {
		if text, ok := fb.find(solution); ok {
			return schemas.FinalAnswer{Text: text, Method: fb.method}, true
		}
	}
	return schemas.FinalAnswer{}, false
}

var boxCommands = []string{`\boxed`, `\fbox`}

// lastBox finds the last \boxed or \fbox command (not \boxedfoo). It returns
// the offset just after the command name; found is false when there is none.
func lastBox(s string) (int, bool) {
	best := -1
	for _, cmd := range boxCommands {
		for i := strings.LastIndex(s, cmd); i >= 0; i = strings.LastIndex(s[:i], cmd) {
			end := i + len(cmd)
			if end < len(s) && isLetter(s[end]) {
				continue // \boxedfoo is another command
			}
			if end > best {
				best = end
			}
			break
		}
	}
	return best, best >= 0
}

// boxContent reads the argument of a box command starting at i.
func boxContent(s string, i int) (string, bool) {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) {
		return "", false
	}
	if s[i] != '{' {
		// "\boxed 5": the argument is the next token, up to a space, $ or end.
		j := i
		for j < len(s) && !strings.ContainsRune(" \t\n$", rune(s[j])) {
			j++
		}
		return strings.TrimRight(s[i:j], ".,"), j > i
	}
	end, ok := matchBrace(s, i)
	if !ok {
		return "", false
	}
	return s[i+1 : end], true
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

type fallback struct {
	method string
	find   func(string) (string, bool)
}

var (
	gsm8kRe       = regexp.MustCompile(`(?m)^\s*####\s*(.+?)\s*$`)
	finalAnswerRe = regexp.MustCompile(`(?i)final answer\s*(?:is|:)\s*(?:the final answer is\s*)?`)
	answerIsRe    = regexp.MustCompile(`(?i)\bthe (?:correct |final )?answer is\s*:?\s*`)
	hopeRe        = regexp.MustCompile(`(?i)\.?\s*I hope it is correct\.?\s*$`)
)

var fallbacks = []fallback{
	{MethodFallbackGSM8K, func(s string) (string, bool) {
		m := gsm8kRe.FindAllStringSubmatch(s, -1)
		if len(m) == 0 {
			return "", false
		}
		return cleanFallback(m[len(m)-1][1])
	}},
	{MethodFallbackFinal, func(s string) (string, bool) { return afterLast(finalAnswerRe, s) }},
	{MethodFallbackAnswer, func(s string) (string, bool) { return afterLast(answerIsRe, s) }},
}

// afterLast returns the rest of the line after the last match of re, up to
// the end of its sentence.
func afterLast(re *regexp.Regexp, s string) (string, bool) {
	locs := re.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return "", false
	}
	rest := s[locs[len(locs)-1][1]:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	rest = hopeRe.ReplaceAllString(rest, "")
	return cleanFallback(sentenceEnd(rest))
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

func cleanFallback(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	s = strings.TrimSpace(s)
	for _, d := range [][2]string{{"$$", "$$"}, {"$", "$"}, {`\(`, `\)`}, {`\[`, `\]`}} {
		if len(s) >= len(d[0])+len(d[1]) && strings.HasPrefix(s, d[0]) && strings.HasSuffix(s, d[1]) {
			s = strings.TrimSpace(s[len(d[0]) : len(s)-len(d[1])])
		}
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" || len([]rune(s)) > maxFallbackAnswerRune {
		return "", false
	}
	return s, true
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
