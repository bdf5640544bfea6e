package dedup

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SkeletonPrefix starts every key made by SkeletonFromSource, so that its
// token-level skeletons are never confused with the sandbox's AST skeleton
// hashes (the two schemes give different hashes for the same program).
const SkeletonPrefix = "pytok1:"

// StructureKey keys a program by its structure and its topics: the hex
// SHA-256 (128 bits) of the skeleton hash and the sorted, de-duplicated
// topic ids. Two rows share the key when their programs differ only in
// literals and names and they were generated for the same topic
// combination: "same problem, new numbers" clones. skeleton is
// schemas.Execution.Skeleton, or SkeletonFromSource(program) for rows
// without one; an empty skeleton gives "" (no key: do not group such
// rows). Use one skeleton scheme per corpus: a sandbox skeleton and a
// SkeletonFromSource skeleton of the same program differ.
func StructureKey(skeleton string, topicIDs []string) string {
	if skeleton == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("structure-v1\x00" + skeleton + "\x00" + joinSorted(topicIDs, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

// SkeletonFromSource is a Go fallback for the sandbox's AST skeleton. It
// tokenizes Python source and hashes a canonical form in which
//   - comments, blank lines, docstrings and other string-only statements are
//     dropped, and whitespace is normalised (indentation kept as depth);
//   - number literals become N and string literals S;
//   - keywords, builtins (range, len, abs, ...), well-known module names
//     (sympy, math, numpy, ...), attribute names after a dot
//     and keyword-argument names in calls are kept; imported names are
//     resolved through their aliases ("import sympy as sp; sp.solve" and
//     "from sympy import solve; solve" both read "sympy.solve");
//   - every other identifier is renamed by order of first appearance
//     (v0, v1, ...), so consistent renaming does not change the skeleton
//     but different data flow does;
//   - import statements are replaced by the sorted set of imported modules.
//
// The result is SkeletonPrefix followed by 32 hex digits; "" if the source
// has no code tokens.
func SkeletonFromSource(src string) string {
	canon := canonicalPython(src)
	if canon == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(canon))
	return SkeletonPrefix + hex.EncodeToString(sum[:16])
}

type pyKind int

const (
	pyName pyKind = iota
	pyNumber
	pyString
	pyOp
)

type pyTok struct {
	kind pyKind
	text string
}

type pyLine struct {
	indent int
	toks   []pyTok
}

var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true,
	"assert": true, "async": true, "await": true, "break": true, "class": true,
	"continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "finally": true, "for": true, "from": true, "global": true,
	"if": true, "import": true, "in": true, "is": true, "lambda": true,
	"nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}

var pyBuiltins = map[string]bool{
	"abs": true, "all": true, "any": true, "bin": true, "bool": true,
	"complex": true, "dict": true, "divmod": true, "enumerate": true,
	"filter": true, "float": true, "format": true, "frozenset": true,
	"hex": true, "int": true, "isinstance": true, "iter": true, "len": true,
	"list": true, "map": true, "max": true, "min": true, "next": true,
	"oct": true, "ord": true, "chr": true, "pow": true, "print": true,
	"range": true, "repr": true, "reversed": true, "round": true, "set": true,
	"sorted": true, "str": true, "sum": true, "tuple": true, "type": true,
	"zip": true, "ValueError": true, "ZeroDivisionError": true,
	"Exception": true, "TypeError": true, "StopIteration": true,
}

// pyModules are well-known module names kept verbatim even when the
// program uses them without importing them (the sandbox may preload them).
var pyModules = map[string]bool{
	"sympy": true, "math": true, "numpy": true, "fractions": true,
	"itertools": true, "functools": true, "collections": true,
	"decimal": true, "statistics": true, "random": true, "cmath": true,
}

// pyOps are the multi-character operators, longest first.
var pyOps = []string{
	"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=",
	"<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>",
}

// tokenizePython splits source into logical lines of tokens. It is
// tolerant: malformed input (an unterminated string) still yields tokens.
func tokenizePython(src string) []pyLine {
	var (
		lines     []pyLine
		cur       pyLine
		depth     int // bracket depth
		lineStart = true
		indents   = []int{0}
	)
	flush := func() {
		if len(cur.toks) > 0 {
			lines = append(lines, cur)
		}
		cur = pyLine{}
		lineStart = true
	}
	i := 0
	for i < len(src) {
		if lineStart && depth == 0 {
			// Measure indentation of a new logical line.
			col := 0
			j := i
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				if src[j] == '\t' {
					col = (col/8 + 1) * 8
				} else {
					col++
				}
				j++
			}
			i = j
			if i >= len(src) {
				break
			}
			if src[i] == '\n' || src[i] == '\r' || src[i] == '#' {
				// Blank or comment-only line: no indentation change.
				for i < len(src) && src[i] != '\n' {
					i++
				}
				i++
				continue
			}
			for col < indents[len(indents)-1] {
				indents = indents[:len(indents)-1]
			}
			if col > indents[len(indents)-1] {
				indents = append(indents, col)
			}
			cur.indent = len(indents) - 1
			lineStart = false
		}
		c := src[i]
		switch {
		case c == '\n':
			i++
			if depth == 0 {
				flush()
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r'):
			i += 2
			if i < len(src) && src[i-1] == '\r' && src[i] == '\n' {
				i++
			}
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i
			for j < len(src) {
				d := src[j]
				if d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d == '_' || d == '.' {
					j++
					continue
				}
				if (d == '+' || d == '-') && (src[j-1] == 'e' || src[j-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[i:j]), "0x") {
					j++
					continue
				}
				break
			}
			cur.toks = append(cur.toks, pyTok{pyNumber, src[i:j]})
			i = j
		case c == '"' || c == '\'' || isStringPrefix(src[i:]):
			j := i
			for src[j] != '"' && src[j] != '\'' {
				j++
			}
			j = skipString(src, j)
			cur.toks = append(cur.toks, pyTok{pyString, src[i:j]})
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf:
			j := i
			for j < len(src) {
				r, w := utf8.DecodeRuneInString(src[j:])
				if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
					j += w
					continue
				}
				break
			}
			if j == i { // a non-letter rune: treat as an operator
				_, w := utf8.DecodeRuneInString(src[i:])
				j = i + w
				cur.toks = append(cur.toks, pyTok{pyOp, src[i:j]})
			} else {
				cur.toks = append(cur.toks, pyTok{pyName, src[i:j]})
			}
			i = j
		default:
			op := string(c)
			for _, o := range pyOps {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			switch op {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth > 0 {
					depth--
				}
			case ";":
				if depth == 0 {
					ind := cur.indent
					i++
					flush()
					cur.indent = ind
					lineStart = false
					continue
				}
			}
			cur.toks = append(cur.toks, pyTok{pyOp, op})
			i += len(op)
		}
	}
	flush()
	return lines
}

// isStringPrefix reports whether s starts with a string prefix (r, b, u, f
// and their two-letter combinations) immediately followed by a quote.
func isStringPrefix(s string) bool {
	for n := 1; n <= 2 && n < len(s); n++ {
		if s[n] != '"' && s[n] != '\'' {
			continue
		}
		p := strings.ToLower(s[:n])
		switch p {
		case "r", "b", "u", "f", "rb", "br", "fr", "rf":
			return true
		}
		return false
	}
	return false
}

// skipString returns the index just past the string literal whose opening
// quote is at src[q].
func skipString(src string, q int) int {
	quote := src[q]
	triple := strings.HasPrefix(src[q:], strings.Repeat(string(quote), 3))
	i := q + 1
	if triple {
		i = q + 3
	}
	for i < len(src) {
		switch {
		case src[i] == '\\':
			i += 2
		case triple && strings.HasPrefix(src[i:], strings.Repeat(string(quote), 3)):
			return i + 3
		case !triple && src[i] == quote:
			return i + 1
		case !triple && src[i] == '\n':
			return i // unterminated: stop at the line end
		default:
			i++
		}
	}
	return len(src)
}

// canonicalPython renders the abstracted token stream described at
// SkeletonFromSource.
func canonicalPython(src string) string {
	lines := tokenizePython(src)
	aliases := map[string]string{} // local name -> dotted import path
	modules := map[string]bool{}
	var body []pyLine
	for _, ln := range lines {
		if isStringOnly(ln) {
			continue
		}
		if len(ln.toks) > 0 && ln.toks[0].kind == pyName && (ln.toks[0].text == "import" || ln.toks[0].text == "from") {
			parseImport(ln.toks, aliases, modules)
			continue
		}
		body = append(body, ln)
	}

	var b strings.Builder
	mods := make([]string, 0, len(modules))
	for m := range modules {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	if len(mods) > 0 {
		b.WriteString("import " + strings.Join(mods, " ") + "\n")
	}

	names := map[string]string{}
	for _, ln := range body {
		var outToks []string
		isDef := len(ln.toks) > 0 && ln.toks[0].text == "def"
		var brackets []string
		prevString := false
		for k, t := range ln.toks {
			var out string
			switch t.kind {
			case pyNumber:
				out = "N"
			case pyString:
				if prevString { // implicit concatenation "a" "b"
					continue
				}
				out = "S"
			case pyOp:
				out = t.text
				switch t.text {
				case "(", "[", "{":
					brackets = append(brackets, t.text)
				case ")", "]", "}":
					if len(brackets) > 0 {
						brackets = brackets[:len(brackets)-1]
					}
				}
			case pyName:
				out = abstractName(ln.toks, k, isDef, brackets, aliases, names)
			}
			prevString = t.kind == pyString
			outToks = append(outToks, out)
		}
		// Attribute chains read as one dotted name ("sympy.solve"), the
		// same whether reached through an alias or a from-import.
		line := strings.ReplaceAll(strings.Join(outToks, " "), " . ", ".")
		b.WriteString(strings.Repeat(">", ln.indent) + line + "\n")
	}
	if len(body) == 0 && len(mods) == 0 {
		return ""
	}
	return b.String()
}

func isStringOnly(ln pyLine) bool {
	for _, t := range ln.toks {
		if t.kind != pyString {
			return false
		}
	}
	return len(ln.toks) > 0
}

// parseImport records "import a.b as c" and "from m import x as y, z".
func parseImport(toks []pyTok, aliases map[string]string, modules map[string]bool) {
	// Split off dotted names and "as" clauses.
	type item struct{ path, as string }
	readItems := func(ts []pyTok) []item {
		var items []item
		var cur item
		inAs := false
		for _, t := range ts {
			switch {
			case t.text == "," || t.text == "(" || t.text == ")":
				if cur.path != "" {
					items = append(items, cur)
				}
				cur, inAs = item{}, false
			case t.text == "as":
				inAs = true
			case inAs:
				cur.as = t.text
			default:
				cur.path += t.text
			}
		}
		if cur.path != "" {
			items = append(items, cur)
		}
		return items
	}
	if toks[0].text == "import" {
		for _, it := range readItems(toks[1:]) {
			modules[it.path] = true
			if it.as != "" {
				aliases[it.as] = it.path
			} else {
				root := strings.SplitN(it.path, ".", 2)[0]
				aliases[root] = root
			}
		}
		return
	}
	// from m import ...
	k := 1
	mod := ""
	for k < len(toks) && toks[k].text != "import" {
		mod += toks[k].text
		k++
	}
	modules[mod] = true
	for _, it := range readItems(toks[min(k+1, len(toks)):]) {
		local := it.path
		if it.as != "" {
			local = it.as
		}
		if it.path == "*" {
			continue
		}
		aliases[local] = mod + "." + it.path
	}
}

// abstractName maps the identifier at toks[k] to its canonical text.
func abstractName(toks []pyTok, k int, isDef bool, brackets []string, aliases, names map[string]string) string {
	t := toks[k].text
	if pyKeywords[t] {
		return t
	}
	if k > 0 && toks[k-1].text == "." {
		return t // attribute: an API name
	}
	if !isDef && len(brackets) > 0 && brackets[len(brackets)-1] == "(" &&
		k+1 < len(toks) && toks[k+1].text == "=" && k > 0 && (toks[k-1].text == "(" || toks[k-1].text == ",") {
		return t // keyword argument name
	}
	if path, ok := aliases[t]; ok {
		return path
	}
	if pyBuiltins[t] || pyModules[t] {
		return t
	}
	if v, ok := names[t]; ok {
		return v
	}
	v := "v" + strconv.Itoa(len(names))
	names[t] = v
	return v
}
