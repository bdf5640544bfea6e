package corpus

import (
	"fmt"
	"strings"
)

// FieldMap names the input keys of the generic jsonl format. Keys may be
// dotted paths into nested objects and arrays ("meta.id", "choices.0.text");
// an exact top-level key containing a dot wins over the path.
//
// An empty entry means the default key (problem, solution, answer, id,
// program), looked up but optional. An entry that is set names a required
// key: a row without it is dead-lettered as "missing_field:<key>". Problem is
// always required. Without an answer value the answer is taken from the
// solution's last \boxed{} or "#### " line when it has one.
//
// FieldMap implements flag.Value: each Set takes "name=key" (several may be
// separated by commas), so `--field problem=question --field answer=target`
// works with flag.Var.
type FieldMap struct {
	Problem  string
	Solution string
	Answer   string
	ID       string
	Program  string
}

// fieldNames are the names accepted on the left of "name=key".
var fieldNames = []string{"problem", "solution", "answer", "id", "program"}

func (fm *FieldMap) slot(name string) *string {
	switch name {
	case "problem":
		return &fm.Problem
	case "solution":
		return &fm.Solution
	case "answer":
		return &fm.Answer
	case "id":
		return &fm.ID
	case "program":
		return &fm.Program
	}
	return nil
}

// Set parses "name=key[,name=key...]" and records the mapping.
func (fm *FieldMap) Set(spec string) error {
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, key, ok := strings.Cut(part, "=")
		name, key = strings.TrimSpace(name), strings.TrimSpace(key)
		if !ok || key == "" {
			return fmt.Errorf("field mapping %q: want name=key", part)
		}
		p := fm.slot(name)
		if p == nil {
			return fmt.Errorf("field mapping %q: unknown field %q (want one of %s)", part, name, strings.Join(fieldNames, ", "))
		}
		*p = key
	}
	return nil
}

// String renders the mapping as "name=key" pairs joined by commas (set entries only).
func (fm *FieldMap) String() string {
	if fm == nil {
		return ""
	}
	var parts []string
	for _, name := range fieldNames {
		if v := *fm.slot(name); v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	return strings.Join(parts, ",")
}

// ParseFieldMap builds a FieldMap from "name=key" specs.
func ParseFieldMap(specs ...string) (FieldMap, error) {
	var fm FieldMap
	for _, s := range specs {
		if err := fm.Set(s); err != nil {
			return FieldMap{}, err
		}
	}
	return fm, nil
}
