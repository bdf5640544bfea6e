package offline

import (
	"sort"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/knowledge"
)

func mustKB(t *testing.T) *knowledge.KB {
	t.Helper()
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatalf("knowledge.Load: %v", err)
	}
	return kb
}

func TestNewValidatesAgainstKnowledge(t *testing.T) {
	kb := mustKB(t)
	g, err := New(kb)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, id := range g.Topics() {
		if _, ok := kb.Topic(id); !ok {
			t.Errorf("covered topic %s is not in the knowledge base", id)
		}
		if !g.Covers(id) {
			t.Errorf("Covers(%s) = false for a listed topic", id)
		}
	}
	if g.Covers("primary.no_such.topic") {
		t.Error("Covers accepts an unknown topic")
	}
	perStage := map[string]int{}
	for _, id := range g.Topics() {
		perStage[strings.SplitN(id, ".", 2)[0]]++
	}
	t.Logf("%d topics covered: %v", len(g.Topics()), perStage)
	if len(g.Topics()) < 30 {
		t.Errorf("only %d topics covered, want at least 30", len(g.Topics()))
	}
}

// TestToolkitMining parses every exemplar program (Python ast, names
// resolved through imports, plus the sandbox's own call analysis, which
// resolves method calls by receiver type) and checks that every toolkit API it
// calls is declared by its topic, and that every tool a topic declares is
// used by one of the topic's exemplars: the toolkit is derived from programs.
// There is no allow-list: a call the knowledge data lacks is an error.
func TestToolkitMining(t *testing.T) {
	kb := mustKB(t)
	toolkit := map[string]bool{}
	for _, tl := range kb.Tools {
		toolkit[tl.Name] = true
	}
	var exs []*exemplar
	var results []harnessResult
	for _, r := range exemplarRuns(t) {
		if r.draw == 0 {
			exs = append(exs, r.ex)
			results = append(results, r.result)
		}
	}
	usedByTopic := map[string]map[string]bool{}
	for i, ex := range exs {
		topic, ok := kb.Topic(ex.Topic)
		if !ok {
			t.Errorf("%s: unknown topic %s", ex.ID, ex.Topic)
			continue
		}
		declared := map[string]bool{}
		for _, tl := range topic.Tools {
			declared[tl] = true
		}
		if usedByTopic[ex.Topic] == nil {
			usedByTopic[ex.Topic] = map[string]bool{}
		}
		// Every toolkit API referenced (called, or a constant such as
		// sympy.pi) counts as used by the topic.
		for _, ref := range results[i].Refs {
			if toolkit[ref] {
				usedByTopic[ex.Topic][ref] = true
			}
		}
		// Every toolkit API called must be declared by the topic.
		for _, call := range results[i].Calls {
			if !toolkit[call] || declared[call] {
				continue
			}
			t.Errorf("%s (%s) calls %s, which its topic does not declare (declared: %v)", ex.ID, ex.Topic, call, topic.Tools)
		}
	}
	var topics []string
	for id := range usedByTopic {
		topics = append(topics, id)
	}
	sort.Strings(topics)
	for _, id := range topics {
		topic, _ := kb.Topic(id)
		for _, tl := range topic.Tools {
			if !usedByTopic[id][tl] {
				t.Errorf("topic %s declares %s but none of its exemplars uses it (used: %v)", id, tl, sortedKeys(usedByTopic[id]))
			}
		}
	}
}

// TestHarnessMinesCallsLikeTheSandbox checks the mining input itself: the
// harness reports calls resolved through import aliases and method calls
// resolved by receiver type (as the sandbox does), and constants as
// references only.
func TestHarnessMinesCallsLikeTheSandbox(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		calls     []string
		refs      []string
		notCalled []string
	}{
		{
			name:  "a method call on an object built by a class resolves to the class's method",
			src:   "import sympy\ndef solve():\n    x = sympy.Symbol('x')\n    p = sympy.Poly(x**2 - 3*x + 2, x)\n    return sum(p.all_coeffs())\n",
			calls: []string{"sympy.Symbol", "sympy.Poly", "sympy.Poly.all_coeffs", "sum"},
		},
		{
			name:  "a method called on a constructor call resolves to the class's method",
			src:   "import sympy\ndef solve():\n    return sympy.Matrix([[1, 2], [3, 4]]).det()\n",
			calls: []string{"sympy.Matrix", "sympy.Matrix.det"},
		},
		{
			name:  "import aliases and from-imports resolve to qualified names",
			src:   "import sympy as sp\nfrom math import comb\ndef solve():\n    return sp.sqrt(comb(6, 3))\n",
			calls: []string{"sympy.sqrt", "math.comb"},
		},
		{
			name:      "a constant is a reference, not a call",
			src:       "import sympy\ndef solve():\n    return sympy.cos(sympy.pi / 3)\n",
			calls:     []string{"sympy.cos"},
			refs:      []string{"sympy.pi", "sympy.cos"},
			notCalled: []string{"sympy.pi"},
		},
	}
	srcs := make([]string, len(cases))
	for i, c := range cases {
		srcs[i] = c.src
	}
	results := runPython(t, srcs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := results[i]
			if r.Status != "ok" {
				t.Fatalf("status %s: %s", r.Status, r.Error)
			}
			calls, refs := map[string]bool{}, map[string]bool{}
			for _, n := range r.Calls {
				calls[n] = true
			}
			for _, n := range r.Refs {
				refs[n] = true
			}
			for _, n := range c.calls {
				if !calls[n] {
					t.Errorf("calls %v lack %s", r.Calls, n)
				}
				if !refs[n] {
					t.Errorf("refs %v lack the call %s", r.Refs, n)
				}
			}
			for _, n := range c.refs {
				if !refs[n] {
					t.Errorf("refs %v lack %s", r.Refs, n)
				}
			}
			for _, n := range c.notCalled {
				if calls[n] {
					t.Errorf("calls %v include %s", r.Calls, n)
				}
			}
		})
	}
}
