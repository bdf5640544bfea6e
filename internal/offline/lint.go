package offline

import (
	"regexp"
	"sort"
	"strings"
)

// Finding is one text-lint finding: the rule that fired and the excerpt
// that made it fire.
type Finding struct {
	Rule    string `json:"rule"`
	Excerpt string `json:"excerpt"`
}

// lintRule is one row of the lint table: a rule name, what it catches, and
// the function that finds it in a math segment (between $...$) or a prose
// segment (outside).
type lintRule struct {
	name  string
	doc   string
	math  func(seg string) []string
	prose func(seg string) []string
}

func reFinder(re *regexp.Regexp) func(string) []string {
	return func(s string) []string { return re.FindAllString(s, -1) }
}

var (
	reMinusNeg    = regexp.MustCompile(`(?:[-+]|\\pm|\\mp)\s*\(\s*-|(?:[-+])\s*-\s*[0-9A-Za-z\\(]|\\(?:times|cdot|div)\s*-`)
	reSympyList   = regexp.MustCompile(`\\left\[ |,\s*\\ \s|\\mathtt|\\text\{(?:True|False|None)\}|\\operatorname\{(?:Poly|PurePoly|CRootOf|FiniteSet|Rational|Integer)\}|\\operatorname\{domain`)
	reProseRepr   = regexp.MustCompile(`\b(?:True|False|None)\b|\[[-0-9]|[A-Za-z]\(\S*\)|\*\*|==|!=|\bsqrt\(|\bRational\(|\bMatrix\(|\bPoly\(`)
	reFloatTail   = regexp.MustCompile(`(^|[^0-9.])[0-9]+\.0(?:[^0-9]|$)|[0-9]\.[0-9]{9,}|[0-9][eE][-+][0-9]`)
	reUnitCoef    = regexp.MustCompile(`(?:^|[\s(=+\-,{])1\s?(?:[a-z]|\\(?:pi|sqrt|cdot))(?:[^a-zA-Z]|$)`)
	rePowerOne    = regexp.MustCompile(`[A-Za-z0-9)]\s?\^\{\s*1\s*\}|[A-Za-z0-9)]\s?\^1(?:[^0-9]|$)`)
	reAddZero     = regexp.MustCompile(`[-+]\s*0(?:\s*(?:[=<>)\]};]|\\[lg]e|\\right|\\,|$)|\s+[-+])`)
	rePlaceholder = regexp.MustCompile(`\{\{\s*[A-Za-z_][A-Za-z0-9_.]*(?:\|[a-z_]+)*\s*\}\}|\{(?:p[0-9]+_[A-Za-z0-9_]*|answer)(?:\|[a-z_]+)*\}`)
	reSpacePunct  = regexp.MustCompile(`[^\s]\s+[.,;:?!](?:\s|$)|(?:^|[^.])\.\.(?:[^.]|$)|\?\.|  +\S`)
)

// lintRules is the table of findings Lint reports.
var lintRules = []lintRule{
	{name: "doubled_equality", doc: `an equality that repeats its right-hand side ("h = 72 = 72")`, math: doubledEquality},
	{name: "minus_negative", doc: `a sign before a negative number ("x - (-1)", "+ -3", "\times -2")`, math: reFinder(reMinusNeg)},
	{name: "raw_repr", doc: `a raw Python/SymPy rendering of a list or tuple ("\left[ 12, \  29\right]"), True, Poly(...)`, math: reFinder(reSympyList), prose: reFinder(reProseRepr)},
	{name: "float_artifact", doc: `a float shown as Python prints it ("540.0", "0.30000000000000004", "1e+20")`, math: reFinder(reFloatTail), prose: reFinder(reFloatTail)},
	{name: "unit_coefficient", doc: `a coefficient or exponent of 1 written out ("1x", "x^{1}")`, math: func(s string) []string {
		return append(reUnitCoef.FindAllString(s, -1), rePowerOne.FindAllString(s, -1)...)
	}},
	{name: "add_zero", doc: `adding or subtracting zero ("x + 0")`, math: reFinder(reAddZero)},
	{name: "placeholder", doc: "an unfilled template placeholder", math: reFinder(rePlaceholder), prose: reFinder(rePlaceholder)},
	{name: "spacing", doc: `space before punctuation, doubled spaces or periods ("word .", "..", "?.")`, prose: reFinder(reSpacePunct)},
	{name: "doubled_word", doc: `a word written twice ("the the")`, prose: doubledWords},
	{name: "empty_math", doc: "an empty or unbalanced $...$ segment", math: func(s string) []string {
		if strings.TrimSpace(s) == "" {
			return []string{"$" + s + "$"}
		}
		return nil
	}},
}

// LintRules lists the names of the lint rules with what each catches.
func LintRules() map[string]string {
	out := map[string]string{}
	for _, r := range lintRules {
		out[r.name] = r.doc
	}
	return out
}

// Lint checks rendered problem or solution text for the glitches in
// lintRules. Text is split at unescaped $ into prose and math segments; an
// odd number of $ is itself a finding. The result is sorted.
func Lint(text string) []Finding {
	var out []Finding
	segs := splitMath(text)
	if len(segs)%2 == 0 {
		out = append(out, Finding{Rule: "empty_math", Excerpt: "unbalanced $ in: " + clip(text, 80)})
	}
	for i, seg := range segs {
		isMath := i%2 == 1
		for _, r := range lintRules {
			f := r.prose
			if isMath {
				f = r.math
			}
			if f == nil {
				continue
			}
			for _, m := range f(seg) {
				out = append(out, Finding{Rule: r.name, Excerpt: strings.TrimSpace(m)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Excerpt < out[j].Excerpt
	})
	return out
}

// splitMath splits text at unescaped $: even indexes are prose, odd math.
func splitMath(text string) []string {
	var segs []string
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' {
			i++
			continue
		}
		if text[i] == '$' {
			segs = append(segs, text[start:i])
			start = i + 1
		}
	}
	return append(segs, text[start:])
}

// doubledEquality finds chains a = b = b (two consecutive equal sides).
func doubledEquality(seg string) []string {
	var sides []string
	depth, start := 0, 0
	for i := 0; i < len(seg); i++ {
		switch seg[i] {
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			depth--
		case '=':
			if depth == 0 {
				sides = append(sides, seg[start:i])
				start = i + 1
			}
		}
	}
	sides = append(sides, seg[start:])
	var out []string
	for i := 0; i+1 < len(sides); i++ {
		a, b := normSide(sides[i]), normSide(sides[i+1])
		if a != "" && a == b {
			out = append(out, strings.TrimSpace(sides[i])+" = "+strings.TrimSpace(sides[i+1]))
		}
	}
	return out
}

func normSide(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".,;")
	// Spacing is not significant in LaTeX ("\frac{ 2 }{ 13 }" is
	// "\frac{2}{13}"), nor are \tfrac/\dfrac or \left/\right.
	s = strings.Join(strings.Fields(s), "")
	return strings.NewReplacer(`\tfrac`, `\frac`, `\dfrac`, `\frac`, `\left`, "", `\right`, "").Replace(s)
}

func doubledWords(seg string) []string {
	var out []string
	words := strings.Fields(seg)
	for i := 0; i+1 < len(words); i++ {
		a := strings.ToLower(strings.Trim(words[i], ".,;:?!()"))
		b := strings.ToLower(strings.Trim(words[i+1], ".,;:?!()"))
		if a != "" && a == b && strings.IndexFunc(a, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 && !strings.ContainsAny(words[i], ".,;:?!") {
			out = append(out, words[i]+" "+words[i+1])
		}
	}
	return out
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
