package offline

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A tiny Python tokenizer, enough to find the locals an exemplar's code
// assigns, the modules it uses, and to rename locals when parts are composed.

type pyTokKind int

const (
	pyName pyTokKind = iota
	pyNumber
	pyString
	pyOp
	pyNewline
)

type pyTok struct {
	kind       pyTokKind
	text       string
	start, end int // byte offsets in the source
	depth      int // bracket depth before the token
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// knownModules are the modules exemplar code may reference (module-qualified).
var knownModules = map[string]bool{
	"sympy": true, "math": true, "fractions": true, "itertools": true, "functools": true,
	"statistics": true, "numpy": true, "collections": true, "decimal": true, "operator": true, "cmath": true,
}

func isIdentStart(c byte) bool { return c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || (c >= '0' && c <= '9') }

func tokenizePython(src string) ([]pyTok, error) {
	var toks []pyTok
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 {
				toks = append(toks, pyTok{pyNewline, "\n", i, i + 1, depth})
			}
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '\'' || c == '"':
			j, err := skipString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, pyTok{pyString, src[i:j], i, j, depth})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			// String prefixes such as r'..' or b"..".
			if j < len(src) && (src[j] == '\'' || src[j] == '"') && len(src[i:j]) <= 2 && strings.ContainsAny(strings.ToLower(src[i:j]), "rbuf") {
				k, err := skipString(src, j)
				if err != nil {
					return nil, err
				}
				toks = append(toks, pyTok{pyString, src[i:k], i, k, depth})
				i = k
				continue
			}
			toks = append(toks, pyTok{pyName, src[i:j], i, j, depth})
			i = j
		case c >= '0' && c <= '9' || (c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9'):
			j := i
			for j < len(src) && (isIdentChar(src[j]) || src[j] == '.' || ((src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E'))) {
				j++
			}
			toks = append(toks, pyTok{pyNumber, src[i:j], i, j, depth})
			i = j
		default:
			op := string(c)
			for _, two := range []string{"**=", "//=", "**", "//", "==", "!=", "<=", ">=", ":=", "+=", "-=", "*=", "/=", "%=", "->"} {
				if strings.HasPrefix(src[i:], two) {
					op = two
					break
				}
			}
			if op == "(" || op == "[" || op == "{" {
				toks = append(toks, pyTok{pyOp, op, i, i + len(op), depth})
				depth++
			} else {
				if op == ")" || op == "]" || op == "}" {
					depth--
					if depth < 0 {
						return nil, fmt.Errorf("unbalanced %q at offset %d", op, i)
					}
				}
				toks = append(toks, pyTok{pyOp, op, i, i + len(op), depth})
			}
			i += len(op)
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced brackets")
	}
	return toks, nil
}

func skipString(src string, i int) (int, error) {
	q := src[i]
	triple := strings.HasPrefix(src[i:], strings.Repeat(string(q), 3))
	if triple {
		end := strings.Index(src[i+3:], strings.Repeat(string(q), 3))
		if end < 0 {
			return 0, fmt.Errorf("unterminated string at offset %d", i)
		}
		return i + 3 + end + 3, nil
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1, nil
		case '\n':
			return 0, fmt.Errorf("unterminated string at offset %d", i)
		}
	}
	return 0, fmt.Errorf("unterminated string at offset %d", i)
}

var augOps = map[string]bool{"+=": true, "-=": true, "*=": true, "/=": true, "//=": true, "%=": true, "**=": true}

// pyScan is what scanPython learns about a code body.
type pyScan struct {
	assigned map[string]bool
	modules  []string
}

// scanPython finds the names a code body assigns (statement targets, for
// targets, walrus targets) and the known modules it references.
func scanPython(src string) (*pyScan, error) {
	toks, err := tokenizePython(src)
	if err != nil {
		return nil, err
	}
	res := &pyScan{assigned: map[string]bool{}}
	mods := map[string]bool{}
	lineStart := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i].kind != pyNewline {
			continue
		}
		line := toks[lineStart:i]
		lineStart = i + 1
		// Statement-level assignment targets: names at the line's base depth
		// before the last top-level "=" (or an augmented operator).
		last := -1
		for j, t := range line {
			if t.kind == pyOp && t.depth == 0 && (t.text == "=" || augOps[t.text]) {
				last = j
			}
		}
		for j := 0; j < last; j++ {
			t := line[j]
			if t.kind != pyName || t.depth != 0 || isKeyword(t.text) {
				continue
			}
			if j > 0 && line[j-1].text == "." {
				continue
			}
			if j+1 < len(line) && (line[j+1].text == "." || line[j+1].text == "[" || line[j+1].text == "(") {
				continue
			}
			res.assigned[t.text] = true
		}
	}
	for j, t := range toks {
		if t.kind != pyName {
			continue
		}
		switch {
		case t.text == "for":
			for k := j + 1; k < len(toks) && toks[k].text != "in"; k++ {
				if toks[k].kind == pyName {
					res.assigned[toks[k].text] = true
				}
			}
		case j+1 < len(toks) && toks[j+1].text == ":=":
			res.assigned[t.text] = true
		}
	}
	for j, t := range toks {
		if t.kind == pyName && knownModules[t.text] && !res.assigned[t.text] &&
			(j == 0 || toks[j-1].text != ".") && j+1 < len(toks) && toks[j+1].text == "." {
			mods[t.text] = true
		}
		if t.kind == pyName && (t.text == "def" || t.text == "class" || t.text == "import" || t.text == "global") {
			return nil, fmt.Errorf("%q is not allowed in exemplar code", t.text)
		}
	}
	for m := range mods {
		res.modules = append(res.modules, m)
	}
	sort.Strings(res.modules)
	return res, nil
}

var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "break": true,
	"continue": true, "del": true, "elif": true, "else": true, "for": true, "from": true, "if": true,
	"in": true, "is": true, "not": true, "or": true, "pass": true, "return": true, "while": true, "with": true,
}

func isKeyword(s string) bool { return pyKeywords[s] }

// renamePython renames every use of the given names (not attributes, not
// keyword-argument names, not inside strings) according to rename.
func renamePython(src string, rename map[string]string) (string, error) {
	toks, err := tokenizePython(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	prev := 0
	for j, t := range toks {
		if t.kind != pyName {
			continue
		}
		to, ok := rename[t.text]
		if !ok {
			continue
		}
		if j > 0 && toks[j-1].text == "." {
			continue
		}
		if t.depth > 0 && j > 0 && (toks[j-1].text == "(" || toks[j-1].text == ",") && j+1 < len(toks) && toks[j+1].text == "=" {
			continue // keyword argument
		}
		b.WriteString(src[prev:t.start])
		b.WriteString(to)
		prev = t.end
	}
	b.WriteString(src[prev:])
	return b.String(), nil
}
