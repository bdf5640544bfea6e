package prompts

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Parse failure reasons: short stable strings used as rejection reasons.
const (
	ReasonEmpty           = "empty"             // the answer is blank
	ReasonRefusal         = "refusal"           // the model declined
	ReasonNoCode          = "no_code"           // no Python code found
	ReasonNoSolve         = "no_solve"          // code found, but no top-level def solve()
	ReasonNoJSON          = "no_json"           // no JSON object found
	ReasonBadJSON         = "bad_json"          // a JSON object that cannot be repaired
	ReasonMissingProblem  = "missing_problem"   // translation without a problem
	ReasonMissingSolution = "missing_solution"  // translation without a solution
	ReasonMissingVerdict  = "missing_verdict"   // judge answer without a boolean verdict
	ReasonProgramTooLarge = "program_too_large" // the program is longer than the limit
)

// MaxProgramBytes is the default limit on the size of a program extracted
// from a model answer (ParseProgram). Real programs are a few kilobytes; a
// larger one is a runaway answer that would only cost sandbox time, memory
// and output space.
const MaxProgramBytes = 64 << 10

// ParseError is a failed parse; Reason is one of the Reason* constants.
type ParseError struct {
	Reason string
	Detail string
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Detail == "" {
		return "parse: " + e.Reason
	}
	return "parse: " + e.Reason + ": " + e.Detail
}

// Reason returns the Reason of a *ParseError, or "" for other errors.
func Reason(err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return ""
}

func fail(reason, detail string) error { return &ParseError{Reason: reason, Detail: detail} }

// thinkRe matches reasoning blocks some models emit before their answer.
var thinkRe = regexp.MustCompile(`(?is)<(think|thinking|reasoning)>.*?</(think|thinking|reasoning)>`)

// clean strips reasoning blocks (and an unterminated leading one) and a BOM.
func clean(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = thinkRe.ReplaceAllString(s, "")
	// "<think> ... " that was never closed but followed by an answer: keep
	// the text after the last closing tag if there is one.
	if i := strings.LastIndex(strings.ToLower(s), "</think>"); i >= 0 {
		s = s[i+len("</think>"):]
	}
	return strings.TrimSpace(s)
}

// refusalRe matches the usual ways a chat model declines.
var refusalRe = regexp.MustCompile(`(?i)^\W*(i'?m sorry|i am sorry|sorry, (but )?i|i apologi[sz]e|unfortunately,? i|as an ai|i can(no|')t|i can not|i won'?t|i will not|i'?m (not able|unable)|i am (not able|unable))|(can(no|')t|cannot|unable to|not able to) (help|assist|comply|provide|do that|fulfil)`)

// IsRefusal reports whether content reads as a refusal (checked on its
// first 300 characters).
func IsRefusal(content string) bool {
	s := strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(clean(content))
	if len(s) > 300 {
		s = s[:300]
	}
	return s != "" && refusalRe.MatchString(s)
}

// fence is one fenced block of a Markdown answer.
type fence struct {
	lang string
	body string
}

// fenceRe matches ``` or ~~~ fences with an optional info string; the
// closing fence may be missing at the end of the text (a cut answer).
var fenceRe = regexp.MustCompile("(?s)(```|~~~)[ \\t]*([A-Za-z0-9_+.-]*)[^\\n]*\\n(.*?)(?:\\n[ \\t]*(?:```|~~~)|\\z)")

func fences(s string) []fence {
	var out []fence
	for _, m := range fenceRe.FindAllStringSubmatch(s, -1) {
		out = append(out, fence{lang: strings.ToLower(m[2]), body: m[3]})
	}
	return out
}

// solveRe finds a top-level def solve( ... ).
var solveRe = regexp.MustCompile(`(?m)^def\s+solve\s*\(`)

// codeLang reports whether a fence's language can hold Python.
func codeLang(lang string) bool {
	switch lang {
	case "", "python", "py", "python3", "py3", "sympy", "ipython", "pycon":
		return true
	}
	return false
}

// importOnly reports whether a block is only imports, comments and blank lines.
func importOnly(body string) bool {
	seen := false
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(t, "import ") || strings.HasPrefix(t, "from "):
			seen = true
		default:
			return false
		}
	}
	return seen
}

// ParseProgram extracts the Python program from a model answer: fenced
// (```python or bare ```) or unfenced code, with chatter around it; of
// several blocks, the last one defining solve() (preceded by any
// import-only blocks). Failures are *ParseError with reason no_code,
// no_solve, refusal, empty or program_too_large (over MaxProgramBytes).
func ParseProgram(content string) (string, error) {
	return ParseProgramLimit(content, MaxProgramBytes)
}

// ParseProgramLimit is ParseProgram with a limit of maxBytes on the program
// (<= 0: MaxProgramBytes). A longer program fails with reason
// program_too_large, whose detail gives both sizes.
func ParseProgramLimit(content string, maxBytes int) (string, error) {
	if maxBytes <= 0 {
		maxBytes = MaxProgramBytes
	}
	prog, err := parseProgram(content)
	if err != nil {
		return "", err
	}
	if len(prog) > maxBytes {
		return "", fail(ReasonProgramTooLarge, fmt.Sprintf("program of %d bytes exceeds the limit of %d", len(prog), maxBytes))
	}
	return prog, nil
}

func parseProgram(content string) (string, error) {
	s := clean(content)
	if s == "" {
		return "", fail(ReasonEmpty, "")
	}
	var code []string
	var imports []string
	for _, f := range fences(s) {
		if !codeLang(f.lang) {
			continue
		}
		body := dedentProgram(strings.TrimRight(f.body, " \t\n"))
		if strings.TrimSpace(body) == "" {
			continue
		}
		code = append(code, body)
	}
	for i := len(code) - 1; i >= 0; i-- {
		if solveRe.MatchString(code[i]) {
			for _, c := range code[:i] {
				if importOnly(c) {
					imports = append(imports, strings.TrimSpace(c))
				}
			}
			prog := code[i]
			if len(imports) > 0 {
				prog = strings.Join(imports, "\n") + "\n\n" + prog
			}
			return prog + "\n", nil
		}
	}
	if prog, ok := unfenced(s); ok {
		return prog + "\n", nil
	}
	if len(code) > 0 || looksLikeCode(s) {
		if IsRefusal(s) && !strings.Contains(s, "def ") {
			return "", fail(ReasonRefusal, firstLine(s))
		}
		return "", fail(ReasonNoSolve, "code without a top-level def solve()")
	}
	if IsRefusal(s) {
		return "", fail(ReasonRefusal, firstLine(s))
	}
	return "", fail(ReasonNoCode, firstLine(s))
}

// dedentProgram removes a common indentation (a block pasted indented).
func dedentProgram(p string) string {
	lines := strings.Split(p, "\n")
	prefix := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ind, false
			continue
		}
		for !strings.HasPrefix(l, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if prefix == "" {
		return p
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
	}
	return strings.Join(lines, "\n")
}

var codeLineRe = regexp.MustCompile(`^(import\s|from\s+\S+\s+import\s|def\s|class\s|@|#|if\s+__name__|return\b|[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*\s*(=[^=]|\+=|-=|\*=|/=)|[A-Za-z_][A-Za-z0-9_.]*\(.*\)\s*$|"""|''')`)

func looksLikeCode(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if codeLineRe.MatchString(l) && !isProse(l) {
			return true
		}
	}
	return false
}

// proseRe matches a sentence: a capitalised word and at least two more.
var proseRe = regexp.MustCompile(`^[A-Z][a-z']*(\s+[A-Za-z'(),]+){2,}[^=]*$`)

// isProse reports whether a column-0 line reads as a sentence, not code.
func isProse(l string) bool {
	t := strings.TrimSpace(l)
	if t == "" || strings.HasPrefix(t, "#") {
		return false
	}
	return proseRe.MatchString(t) && !strings.ContainsAny(t, "=[]{}")
}

// unfenced extracts code written without fences: the column-0 code lines
// around the first "def solve(", with their indented bodies, stopping at prose.
func unfenced(s string) (string, bool) {
	lines := strings.Split(s, "\n")
	at := -1
	for i, l := range lines {
		if solveRe.MatchString(l) {
			at = i
			break
		}
	}
	if at < 0 {
		return "", false
	}
	codeish := func(l string) bool {
		if strings.TrimSpace(l) == "" {
			return true
		}
		if l[0] == ' ' || l[0] == '\t' || l[0] == ')' || l[0] == ']' || l[0] == '}' {
			return true
		}
		return codeLineRe.MatchString(l) && !isProse(l)
	}
	start := at
	for start > 0 && codeish(lines[start-1]) {
		start--
	}
	end := at + 1
	for end < len(lines) && codeish(lines[end]) {
		end++
	}
	prog := strings.Trim(strings.Join(lines[start:end], "\n"), "\n")
	return strings.TrimRight(prog, " \t\n"), true
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// ParseTranslation extracts {"problem": ..., "solution": ...} from a model
// answer: JSON in fences or surrounded by chatter, with trailing commas,
// raw newlines in strings or unescaped LaTeX backslashes (\frac, \boxed,
// \times) repaired. Failures are *ParseError with reason empty, refusal,
// no_json, bad_json, missing_problem or missing_solution.
func ParseTranslation(content string) (problem, solution string, err error) {
	obj, err := parseObject(content)
	if err != nil {
		return "", "", err
	}
	problem = strings.TrimSpace(stringField(obj, "problem", "question", "problem_statement"))
	solution = strings.TrimSpace(stringField(obj, "solution", "answer_solution", "worked_solution"))
	switch {
	case problem == "":
		return "", "", fail(ReasonMissingProblem, "")
	case solution == "":
		return "", "", fail(ReasonMissingSolution, "")
	}
	return problem, solution, nil
}

// ParseJudge extracts {"consistent": bool, "reason": str} from a judge
// answer. A verdict may also be written "true"/"false" or "yes"/"no".
func ParseJudge(content string) (consistent bool, reason string, err error) {
	obj, err := parseObject(content)
	if err != nil {
		return false, "", err
	}
	reason = strings.TrimSpace(stringField(obj, "reason", "explanation"))
	for k, v := range obj {
		if !strings.EqualFold(k, "consistent") {
			continue
		}
		switch x := v.(type) {
		case bool:
			return x, reason, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true", "yes", "consistent":
				return true, reason, nil
			case "false", "no", "inconsistent":
				return false, reason, nil
			}
		}
	}
	return false, reason, fail(ReasonMissingVerdict, "")
}

// stringField returns the first of names present (case-insensitive) as a string.
func stringField(obj map[string]any, names ...string) string {
	for _, n := range names {
		for k, v := range obj {
			if strings.EqualFold(k, n) {
				if s, ok := v.(string); ok {
					return s
				}
			}
		}
	}
	return ""
}

// parseObject finds and decodes the JSON object of an answer.
func parseObject(content string) (map[string]any, error) {
	s := clean(content)
	if s == "" {
		return nil, fail(ReasonEmpty, "")
	}
	var cands []string
	for _, f := range fences(s) {
		if f.lang == "json" || f.lang == "" || f.lang == "json5" || f.lang == "javascript" {
			if c, ok := braceSpan(f.body); ok {
				cands = append(cands, c)
			}
		}
	}
	if c, ok := braceSpan(s); ok {
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		if IsRefusal(s) {
			return nil, fail(ReasonRefusal, firstLine(s))
		}
		return nil, fail(ReasonNoJSON, firstLine(s))
	}
	var lastErr error
	for _, c := range cands {
		obj, err := decodeLenient(c)
		if err == nil {
			return obj, nil
		}
		lastErr = err
	}
	return nil, fail(ReasonBadJSON, lastErr.Error())
}

// braceSpan returns the first balanced {...} of s (string-aware), or, if
// the object is never closed, everything from the first '{'.
func braceSpan(s string) (string, bool) {
	start := strings.IndexByte(s, '{')
	if start < 0 {
		return "", false
	}
	depth, inStr, esc := 0, false, false
	for i := start; i < len(s); i++ {
		c := s[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[start : i+1], true
			}
		}
	}
	return s[start:], true
}

// decodeLenient decodes a JSON object, repairing what models get wrong.
func decodeLenient(s string) (map[string]any, error) {
	var obj map[string]any
	repaired := repairJSON(s)
	if err := json.Unmarshal([]byte(repaired), &obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// latexAfterEscape lists LaTeX commands that start with a letter JSON
// treats as an escape (b f n r t u): "\frac" in a JSON string is a form feed
// plus "rac" unless repaired.
var latexAfterEscape = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		bar beta begin binom bmod boxed bot big bigl bigr bigg biggl biggr bigcup bigcap
		bigoplus bigotimes bigwedge bigvee bmatrix bullet backslash because bf blacksquare bowtie
		frac forall flat frown footnotesize fbox
		neq ne nabla nu not ni neg nmid nleq ngeq newline nolimits nonumber notin nexists nparallel nsubseteq
		right rho rangle rfloor rceil rightarrow rightleftharpoons rm rbrace rvert rVert rparen
		times theta tan tau text textbf textit textrm textup textsf textnormal tfrac to top tilde
		triangle triangleq triangleleft triangleright therefore tanh textstyle tbinom tt tiny
		underline underbrace unit uparrow upsilon
	`) {
		latexAfterEscape[w] = true
	}
}

// repairJSON fixes, outside of valid structure: unescaped LaTeX
// backslashes inside strings, raw control characters inside strings, and
// trailing commas before } or ].
func repairJSON(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !inStr {
			if c == '"' {
				inStr = true
			} else if c == ',' {
				// trailing comma: skip if the next non-space is } or ]
				j := i + 1
				for j < len(s) && strings.IndexByte(" \t\r\n", s[j]) >= 0 {
					j++
				}
				if j < len(s) && (s[j] == '}' || s[j] == ']') {
					continue
				}
			}
			b.WriteByte(c)
			continue
		}
		switch c {
		case '"':
			inStr = false
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\\':
			if i+1 >= len(s) {
				b.WriteString(`\\`)
				continue
			}
			n := s[i+1]
			switch {
			case n == '\\' || n == '"' || n == '/':
				b.WriteByte(c)
				b.WriteByte(n)
				i++
			case n == 'u' && i+5 < len(s) && isHex4(s[i+2:i+6]):
				b.WriteByte(c)
			case strings.IndexByte("bfnrtu", n) >= 0:
				j := i + 1
				for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
					j++
				}
				if latexAfterEscape[s[i+1:j]] {
					b.WriteString(`\\`)
				} else {
					b.WriteByte(c)
				}
			default:
				// Not a JSON escape at all (\( \sqrt \{ \, \cdot ...): a LaTeX backslash.
				b.WriteString(`\\`)
			}
		default:
			if c < 0x20 {
				continue // other raw control characters are not allowed in JSON strings
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
