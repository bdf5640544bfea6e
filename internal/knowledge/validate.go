package knowledge

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var (
	slugRe     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	toolNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// maxReported bounds how many problems Validate lists.
const maxReported = 50

// Validate checks the integrity of the knowledge base: unique ids, well-formed
// topic ids whose stage and subject exist, non-empty names and descriptions,
// every prerequisite and tool reference resolving, prerequisites acyclic and
// never from a later stage, every topic using at least one tool, every tool
// used by some topic and carrying a signature, doc and solve() example, and
// compatibility pairs naming known subjects. It reports all problems found
// (up to 50), each naming the offending entry.
func (kb *KB) Validate() error {
	if kb.topicIdx == nil {
		kb.index()
	}
	v := &validator{}
	kb.validateStages(v)
	kb.validateSubjects(v)
	kb.validateTopics(v)
	kb.validateAcyclic(v)
	kb.validateTools(v)
	if len(v.errs) == 0 {
		return nil
	}
	if v.dropped > 0 {
		v.errs = append(v.errs, fmt.Errorf("... and %d more problems", v.dropped))
	}
	return fmt.Errorf("knowledge: invalid data: %w", errors.Join(v.errs...))
}

type validator struct {
	errs    []error
	dropped int
}

func (v *validator) addf(format string, args ...any) {
	if len(v.errs) >= maxReported {
		v.dropped++
		return
	}
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

// checkKey reports key (of an entry of the given kind) when it does not match
// form or was seen before, then marks it seen.
func (v *validator) checkKey(seen map[string]bool, kind, key string, form *regexp.Regexp, badForm, keyWord string) {
	if !form.MatchString(key) {
		v.addf("%s %q: %s", kind, key, badForm)
	}
	if seen[key] {
		v.addf("%s %q: duplicate %s", kind, key, keyWord)
	}
	seen[key] = true
}

func (kb *KB) validateStages(v *validator) {
	if len(kb.Stages) == 0 {
		v.addf("no stages")
	}
	seen := map[string]bool{}
	orders := map[int]string{}
	for _, s := range kb.Stages {
		v.checkKey(seen, "stage", s.ID, slugRe, "id is not a slug", "id")
		if prev, dup := orders[s.Order]; dup {
			v.addf("stage %q: order %d already used by %q", s.ID, s.Order, prev)
		}
		orders[s.Order] = s.ID
		if s.Name == "" {
			v.addf("stage %q: empty name", s.ID)
		}
		for _, a := range s.Adjacent {
			if _, ok := kb.stageIdx[a]; !ok || a == s.ID {
				v.addf("stage %q: adjacent stage %q is unknown or itself", s.ID, a)
			}
		}
	}
}

func (kb *KB) validateSubjects(v *validator) {
	seen := map[string]bool{}
	for _, s := range kb.Subjects {
		v.checkKey(seen, "subject", s.ID, slugRe, "id is not a slug", "id")
		if s.Name == "" || s.Description == "" {
			v.addf("subject %q: empty name or description", s.ID)
		}
	}
	pairs := map[SubjectPair]bool{}
	for _, p := range kb.CompatiblePairs {
		for _, id := range p {
			if _, ok := kb.subjectIdx[id]; !ok {
				v.addf("compatible pair %v: unknown subject %q", p, id)
			}
		}
		if p[0] == p[1] {
			v.addf("compatible pair %v: a subject is always compatible with itself, drop the pair", p)
		}
		key := p
		if key[0] > key[1] {
			key[0], key[1] = key[1], key[0]
		}
		if pairs[key] {
			v.addf("compatible pair %v: listed twice", p)
		}
		pairs[key] = true
	}
}

func (kb *KB) validateTools(v *validator) {
	seen := map[string]bool{}
	for _, t := range kb.Tools {
		v.checkKey(seen, "tool", t.Name, toolNameRe, "not a dotted Python name", "name")
		if strings.TrimSpace(t.Signature) == "" || strings.TrimSpace(t.Doc) == "" {
			v.addf("tool %q: empty signature or doc", t.Name)
		}
		if t.Kind != "" && t.Kind != ToolConstant {
			v.addf("tool %q: kind %q, want empty or %q", t.Name, t.Kind, ToolConstant)
		}
		if !strings.Contains(t.Example, "def solve(") {
			v.addf("tool %q: example defines no solve()", t.Name)
		}
		if len(kb.usedBy[t.Name]) == 0 {
			v.addf("tool %q: used by no topic", t.Name)
		}
	}
}

func (kb *KB) validateTopics(v *validator) {
	seen := map[string]bool{}
	for _, t := range kb.Topics {
		if seen[t.ID] {
			v.addf("topic %q: duplicate id", t.ID)
		}
		seen[t.ID] = true
		parts := strings.Split(t.ID, ".")
		if len(parts) != 3 || !slugRe.MatchString(parts[2]) {
			v.addf("topic %q: id is not <stage>.<subject>.<slug>", t.ID)
		}
		stage, okStage := kb.Stage(t.Stage)
		if !okStage {
			v.addf("topic %q: unknown stage %q", t.ID, t.Stage)
		}
		if _, ok := kb.Subject(t.Subject); !ok {
			v.addf("topic %q: unknown subject %q", t.ID, t.Subject)
		}
		if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Description) == "" {
			v.addf("topic %q: empty name or description", t.ID)
		}
		if len(t.Tools) == 0 {
			v.addf("topic %q: no tools", t.ID)
		}
		tools := map[string]bool{}
		for _, name := range t.Tools {
			if _, ok := kb.Tool(name); !ok {
				v.addf("topic %q: unknown tool %q", t.ID, name)
			}
			if tools[name] {
				v.addf("topic %q: tool %q listed twice", t.ID, name)
			}
			tools[name] = true
		}
		prereqs := map[string]bool{}
		for _, p := range t.Prerequisites {
			pt, ok := kb.Topic(p)
			switch {
			case !ok:
				v.addf("topic %q: unknown prerequisite %q", t.ID, p)
			case p == t.ID:
				v.addf("topic %q: lists itself as a prerequisite", t.ID)
			case prereqs[p]:
				v.addf("topic %q: prerequisite %q listed twice", t.ID, p)
			case okStage:
				if ps, ok := kb.Stage(pt.Stage); ok && ps.Order > stage.Order {
					v.addf("topic %q: prerequisite %q is from a later stage", t.ID, p)
				}
			}
			prereqs[p] = true
		}
	}
}

// validateAcyclic reports a cycle in the prerequisite graph, with its path.
func (kb *KB) validateAcyclic(v *validator) {
	const (
		white = iota
		grey
		black
	)
	color := make(map[string]int, len(kb.Topics))
	var stack []string
	var visit func(id string) bool
	visit = func(id string) bool {
		color[id] = grey
		stack = append(stack, id)
		t, _ := kb.Topic(id)
		for _, p := range t.Prerequisites {
			if _, ok := kb.Topic(p); !ok {
				continue
			}
			switch color[p] {
			case grey:
				start := 0
				for i, s := range stack {
					if s == p {
						start = i
					}
				}
				cycle := append(append([]string(nil), stack[start:]...), p)
				v.addf("prerequisite cycle: %s", strings.Join(cycle, " -> "))
				return false
			case white:
				if !visit(p) {
					return false
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[id] = black
		return true
	}
	for _, t := range kb.Topics {
		if color[t.ID] == white {
			stack = stack[:0]
			if !visit(t.ID) {
				return
			}
		}
	}
}
