package offline

import (
	"regexp"
	"strings"
)

// placeholderRe matches an exemplar placeholder {{name|filter|...}}.
var placeholderRe = regexp.MustCompile(`\{\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)((?:\|[a-z_]+)*)\}\}`)

// localRe matches a translator placeholder {name|filter|...} in OfflineText.
var localRe = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)((?:\|[a-z_]+)*)\}`)

type placeholder struct {
	name    string
	filters []string
}

func splitFilters(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(s, "|"), "|")
}

func findPlaceholders(t string) []placeholder {
	var out []placeholder
	for _, m := range placeholderRe.FindAllStringSubmatch(t, -1) {
		out = append(out, placeholder{m[1], splitFilters(m[2])})
	}
	return out
}

// filters format a number's LaTeX (or a letter standing for one).
var filters = map[string]func(string) string{
	"paren": func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "(" + s + ")"
		}
		return s
	},
	"signed": func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "- " + strings.TrimSpace(s[1:])
		}
		return "+ " + s
	},
	"coef": func(s string) string {
		switch s {
		case "1":
			return ""
		case "-1":
			return "-"
		}
		return s
	},
	"signed_coef": func(s string) string {
		switch s {
		case "1":
			return "+ "
		case "-1":
			return "- "
		}
		if strings.HasPrefix(s, "-") {
			return "- " + strings.TrimSpace(s[1:])
		}
		return "+ " + s
	},
	"abs": func(s string) string { return strings.TrimPrefix(s, "-") },
	// pow writes an exponent: 3 becomes "^{3}" and 1 disappears (x{{n|pow}}).
	"pow": func(s string) string {
		if s == "1" {
			return ""
		}
		return "^{" + s + "}"
	},
	// article is the indefinite article for a number or a letter as read
	// aloud: "an" before 8, 11, 18, 80-89, 800-899, ... and before the
	// letters A, E, F, H, I, L, M, N, O, R, S, X; "a" otherwise. Write
	// "{{n|article}} ${{n}}$".
	"article": article,
	// article_cap is article at the start of a sentence ("A", "An").
	"article_cap": func(s string) string { a := article(s); return strings.ToUpper(a[:1]) + a[1:] },
	// neg negates a number: 3 becomes -3 and -3 becomes 3.
	"neg": func(s string) string {
		if strings.HasPrefix(s, "-") {
			return strings.TrimSpace(s[1:])
		}
		if s == "0" {
			return s
		}
		return "-" + s
	},
	// minus writes "- x" as a signed term: 3 becomes "- 3", -3 becomes
	// "+ 3" and 0 disappears.
	"minus": func(s string) string {
		if s == "0" {
			return ""
		}
		if strings.HasPrefix(s, "-") {
			return "+ " + strings.TrimSpace(s[1:])
		}
		return "- " + s
	},
	// words writes a list, tuple or set as words, for use outside $...$:
	// [2, 5, 9] becomes "$2$, $5$ and $9$" (an empty one "none").
	"words": listWords,
}

// listWords renders the LaTeX of a flat list, tuple or set
// (\left[ 2, \  5\right], \left\{2, 5\right\}) as "$2$ and $5$".
func listWords(s string) string {
	t := strings.TrimSpace(s)
	for _, br := range [][2]string{{`\left[`, `\right]`}, {`\left\{`, `\right\}`}, {`\left(`, `\right)`}, {"[", "]"}, {`\{`, `\}`}} {
		if strings.HasPrefix(t, br[0]) && strings.HasSuffix(t, br[1]) {
			t = strings.TrimSpace(t[len(br[0]) : len(t)-len(br[1])])
			break
		}
	}
	var items []string
	depth, start := 0, 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) {
			switch t[i] {
			case '{', '(', '[':
				depth++
				continue
			case '}', ')', ']':
				depth--
				continue
			case ',':
				if depth != 0 {
					continue
				}
			default:
				continue
			}
		}
		item := strings.TrimSpace(strings.NewReplacer(`, \  `, ", ", `\ `, " ", `\left( `, "(", `\left(`, "(", `\right)`, ")").Replace(t[start:i]))
		if item != "" {
			items = append(items, "$"+item+"$")
		}
		start = i + 1
	}
	switch len(items) {
	case 0:
		return "none"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func applyFilters(s string, fs []string) string {
	for _, f := range fs {
		if fn, ok := filters[f]; ok {
			s = fn(s)
		}
	}
	return s
}

// substitute replaces every {{name|filters}} in t using repl; repl returns the
// replacement and whether it handled the name (unhandled placeholders stay).
func substitute(t string, repl func(name string, filters []string) (string, bool)) string {
	return placeholderRe.ReplaceAllStringFunc(t, func(m string) string {
		sub := placeholderRe.FindStringSubmatch(m)
		if r, ok := repl(sub[1], splitFilters(sub[2])); ok {
			return r
		}
		return m
	})
}

// article returns "an" or "a" for a number or letter as it is read aloud.
func article(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 1 && strings.ContainsAny(s, "AEFHILMNORSX") {
		return "an"
	}
	digits := strings.TrimLeft(s, "-")
	if digits != s {
		return "a" // "a minus ..."
	}
	if strings.HasPrefix(digits, "8") {
		return "an"
	}
	// eleven, eighteen; eleven or eighteen thousand, million.
	if (len(digits) == 2 || len(digits) == 5 || len(digits) == 8) && (strings.HasPrefix(digits, "11") || strings.HasPrefix(digits, "18")) {
		return "an"
	}
	return "a"
}
