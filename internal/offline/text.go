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
