package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

func mustLoad(t testing.TB) *KB {
	t.Helper()
	kb, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return kb
}

func TestEmbeddedDataMeetsScaleTargets(t *testing.T) {
	kb := mustLoad(t)
	if n := len(kb.Topics); n < 250 {
		t.Errorf("%d topics, want >= 250", n)
	}
	if n := len(kb.Tools); n < 120 {
		t.Errorf("%d tools, want >= 120", n)
	}
	perStage := map[string]int{}
	for _, topic := range kb.Topics {
		perStage[topic.Stage]++
	}
	for _, want := range []string{"primary", "middle", "high", "college", "olympiad"} {
		if _, ok := kb.Stage(want); !ok {
			t.Errorf("stage %q missing", want)
		}
		if perStage[want] < 40 {
			t.Errorf("stage %q has %d topics, want >= 40", want, perStage[want])
		}
	}
	for i, want := range []string{"primary", "middle", "high", "college", "olympiad"} {
		if kb.Stages[i].ID != want || kb.Stages[i].Order != i+1 {
			t.Errorf("stage %d = %s (order %d), want %s (order %d)", i, kb.Stages[i].ID, kb.Stages[i].Order, want, i+1)
		}
	}
	t.Logf("%d stages, %d subjects, %d compatible pairs, %d topics %v, %d tools",
		len(kb.Stages), len(kb.Subjects), len(kb.CompatiblePairs), len(kb.Topics), perStage, len(kb.Tools))
}

func TestEmbeddedDataIntegrity(t *testing.T) {
	kb := mustLoad(t)
	t.Run("ids are unique", func(t *testing.T) {
		seen := map[string]bool{}
		for _, topic := range kb.Topics {
			if seen[topic.ID] {
				t.Errorf("duplicate topic %s", topic.ID)
			}
			seen[topic.ID] = true
		}
		tools := map[string]bool{}
		for _, tool := range kb.Tools {
			if tools[tool.Name] {
				t.Errorf("duplicate tool %s", tool.Name)
			}
			tools[tool.Name] = true
		}
	})
	t.Run("topic ids are stage.subject.slug of the topic", func(t *testing.T) {
		for _, topic := range kb.Topics {
			if want := topic.Stage + "." + topic.Subject + "."; !strings.HasPrefix(topic.ID, want) {
				t.Errorf("%s: stage %s subject %s", topic.ID, topic.Stage, topic.Subject)
			}
		}
	})
	t.Run("every prerequisite and tool reference resolves", func(t *testing.T) {
		for _, topic := range kb.Topics {
			for _, p := range topic.Prerequisites {
				if _, ok := kb.Topic(p); !ok {
					t.Errorf("%s: unknown prerequisite %s", topic.ID, p)
				}
			}
			if len(topic.Tools) == 0 {
				t.Errorf("%s: no tools", topic.ID)
			}
			for _, name := range topic.Tools {
				if _, ok := kb.Tool(name); !ok {
					t.Errorf("%s: unknown tool %s", topic.ID, name)
				}
			}
		}
	})
	t.Run("prerequisites are acyclic", func(t *testing.T) {
		// Kahn's algorithm: every topic must be removable.
		indeg := map[string]int{}
		children := map[string][]string{}
		for _, topic := range kb.Topics {
			indeg[topic.ID] += 0
			for _, p := range topic.Prerequisites {
				indeg[topic.ID]++
				children[p] = append(children[p], topic.ID)
			}
		}
		var queue []string
		for id, d := range indeg {
			if d == 0 {
				queue = append(queue, id)
			}
		}
		removed := 0
		for len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			removed++
			for _, c := range children[id] {
				if indeg[c]--; indeg[c] == 0 {
					queue = append(queue, c)
				}
			}
		}
		if removed != len(kb.Topics) {
			t.Errorf("only %d of %d topics can be ordered: the prerequisite graph has a cycle", removed, len(kb.Topics))
		}
	})
	t.Run("prerequisites never come from a later stage", func(t *testing.T) {
		for _, topic := range kb.Topics {
			st, _ := kb.Stage(topic.Stage)
			for _, p := range topic.Prerequisites {
				pt, _ := kb.Topic(p)
				ps, _ := kb.Stage(pt.Stage)
				if ps.Order > st.Order {
					t.Errorf("%s requires later-stage %s", topic.ID, p)
				}
			}
		}
	})
	t.Run("every tool is used by some topic", func(t *testing.T) {
		for _, tool := range kb.Tools {
			if len(kb.ToolUsers(tool.Name)) == 0 {
				t.Errorf("tool %s is used by no topic", tool.Name)
			}
		}
	})
	t.Run("every tool has signature, doc and a solve() example", func(t *testing.T) {
		for _, tool := range kb.Tools {
			if tool.Signature == "" || tool.Doc == "" || !strings.Contains(tool.Example, "def solve():") {
				t.Errorf("tool %s: incomplete entry", tool.Name)
			}
			if tool.Kind != ToolConstant && !strings.Contains(tool.Example, lastPart(tool.Name)+"(") {
				t.Errorf("tool %s: example never calls %s(", tool.Name, lastPart(tool.Name))
			}
		}
	})
	t.Run("every subject is used and every compatibility pair is known", func(t *testing.T) {
		used := map[string]bool{}
		for _, topic := range kb.Topics {
			used[topic.Subject] = true
		}
		for _, s := range kb.Subjects {
			if !used[s.ID] {
				t.Errorf("subject %s has no topics", s.ID)
			}
		}
		for _, p := range kb.CompatiblePairs {
			if !kb.Compatible(p[0], p[1]) || !kb.Compatible(p[1], p[0]) {
				t.Errorf("pair %v is not compatible both ways", p)
			}
		}
	})
	t.Run("Validate accepts the embedded data", func(t *testing.T) {
		if err := kb.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

func lastPart(name string) string {
	return name[strings.LastIndexByte(name, '.')+1:]
}

func TestLookupsAndRef(t *testing.T) {
	kb := mustLoad(t)
	const id = "middle.number_theory.divisor_count"
	topic, ok := kb.Topic(id)
	if !ok {
		t.Fatalf("Topic(%q) not found", id)
	}
	if topic.Stage != "middle" || topic.Subject != "number_theory" {
		t.Errorf("stage/subject = %s/%s", topic.Stage, topic.Subject)
	}
	ref, ok := kb.Ref(id)
	if !ok {
		t.Fatalf("Ref(%q) not found", id)
	}
	wantPath := []string{"Middle school", "Number theory", topic.Name}
	if strings.Join(ref.Path, "|") != strings.Join(wantPath, "|") {
		t.Errorf("Path = %q, want %q", ref.Path, wantPath)
	}
	if ref.ID != id || strings.Join(ref.Tools, ",") != strings.Join(topic.Tools, ",") {
		t.Errorf("Ref = %+v", ref)
	}
	ref.Tools[0] = "mutated"
	if topic.Tools[0] == "mutated" {
		t.Error("Ref shares the topic's Tools slice")
	}
	if _, ok := kb.Ref("no.such.topic"); ok {
		t.Error("Ref of an unknown id succeeded")
	}
	tool, ok := kb.Tool("sympy.factorint")
	if !ok || tool.Module() != "sympy" {
		t.Errorf("Tool(sympy.factorint) = %+v, %v", tool, ok)
	}
	if tool, _ := kb.Tool("pow"); tool.Module() != "builtins" {
		t.Errorf("pow module = %s", tool.Module())
	}
}

func TestCompatibilityAndAdjacency(t *testing.T) {
	kb := mustLoad(t)
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"a subject is compatible with itself", kb.Compatible("calculus", "calculus"), true},
		{"listed pairs are compatible", kb.Compatible("number_theory", "combinatorics"), true},
		{"compatibility is symmetric", kb.Compatible("combinatorics", "number_theory"), true},
		{"unlisted pairs are not compatible", kb.Compatible("measurement", "abstract_algebra"), false},
		{"unknown subjects are not compatible", kb.Compatible("alchemy", "alchemy"), false},
		{"same stage is adjacent", kb.Adjacent("high", "high"), true},
		{"consecutive stages are adjacent", kb.Adjacent("primary", "middle"), true},
		{"stages two apart are not adjacent", kb.Adjacent("primary", "high"), false},
		{"olympiad sits beside high school", kb.Adjacent("olympiad", "high"), true},
		{"olympiad sits beside college", kb.Adjacent("college", "olympiad"), true},
		{"olympiad is not beside middle school", kb.Adjacent("olympiad", "middle"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestCoherent(t *testing.T) {
	kb := mustLoad(t)
	cases := []struct {
		name    string
		ids     []string
		wantErr string
	}{
		{"single topic", []string{"high.algebra.partial_fractions"}, ""},
		{"same stage compatible subjects", []string{"high.algebra.partial_fractions", "high.sequences_series.telescoping_sums"}, ""},
		{"adjacent stages", []string{"middle.algebra.quadratic_equations", "high.complex_numbers.complex_roots"}, ""},
		{"no topics", nil, "want 1 to 3"},
		{"four topics", []string{"high.algebra.am_gm", "high.algebra.partial_fractions", "high.algebra.nested_radicals", "high.algebra.rational_inequalities"}, "want 1 to 3"},
		{"duplicate", []string{"high.algebra.am_gm", "high.algebra.am_gm"}, "twice"},
		{"stages too far apart", []string{"primary.arithmetic.decimals", "college.calculus.double_integrals"}, "not adjacent"},
		{"incompatible subjects", []string{"primary.measurement.money", "middle.sets_logic.sets_venn"}, "not compatible"},
		{"unknown topic", []string{"high.algebra.alchemy"}, "unknown topic"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := kb.Coherent(c.ids...)
			if c.wantErr == "" && err != nil {
				t.Fatalf("Coherent: %v", err)
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("Coherent error = %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}

// validData is a minimal valid data set; the Validate cases below break it.
func validData() fstest.MapFS {
	return fstest.MapFS{
		"d/stages.yaml": {Data: []byte(`stages:
  - {id: primary, name: Primary, order: 1, description: p}
  - {id: middle, name: Middle, order: 2, description: m}
`)},
		"d/subjects.yaml": {Data: []byte(`subjects:
  - {id: arithmetic, name: Arithmetic, description: a}
  - {id: algebra, name: Algebra, description: b}
compatible:
  - [arithmetic, algebra]
`)},
		"d/toolkit.yaml": {Data: []byte(`tools:
  - name: math.gcd
    signature: "math.gcd(*integers)"
    doc: gcd
    example: "import math\ndef solve():\n    return math.gcd(4, 6)\n"
  - name: sympy.solve
    signature: "sympy.solve(f, *symbols)"
    doc: solve
    example: "import sympy\ndef solve():\n    return sympy.solve(sympy.Symbol('x') - 1)\n"
`)},
		"d/topics_a.yaml": {Data: []byte(`topics:
  - id: primary.arithmetic.gcd
    name: GCD
    description: gcd
    tools: [math.gcd]
  - id: middle.algebra.linear
    name: Linear
    description: linear
    prerequisites: [primary.arithmetic.gcd]
    tools: [sympy.solve]
`)},
	}
}

func TestLoadFSAcceptsValidData(t *testing.T) {
	kb, err := LoadFS(validData(), "d")
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	if len(kb.Topics) != 2 || len(kb.Tools) != 2 {
		t.Fatalf("got %d topics, %d tools", len(kb.Topics), len(kb.Tools))
	}
}

func TestValidateNamesTheOffendingEntry(t *testing.T) {
	cases := []struct {
		name    string
		file    string
		old     string
		new     string
		wantErr string
	}{
		{"unknown tool", "d/topics_a.yaml", "tools: [sympy.solve]", "tools: [sympy.solve, sympy.nosuch]", `topic "middle.algebra.linear": unknown tool "sympy.nosuch"`},
		{"unknown prerequisite", "d/topics_a.yaml", "prerequisites: [primary.arithmetic.gcd]", "prerequisites: [primary.arithmetic.lcm]", `unknown prerequisite "primary.arithmetic.lcm"`},
		{"duplicate topic id", "d/topics_a.yaml", "id: middle.algebra.linear", "id: primary.arithmetic.gcd\n    stage: primary\n    subject: arithmetic", `topic "primary.arithmetic.gcd": duplicate id`},
		{"prerequisite from a later stage", "d/topics_a.yaml", "    tools: [math.gcd]", "    prerequisites: [middle.algebra.linear]\n    tools: [math.gcd]", "from a later stage"},
		{"topic without tools", "d/topics_a.yaml", "tools: [math.gcd]", "tools: []", `topic "primary.arithmetic.gcd": no tools`},
		{"unused tool", "d/topics_a.yaml", "tools: [sympy.solve]", "tools: [math.gcd]", `tool "sympy.solve": used by no topic`},
		{"unknown subject in id", "d/topics_a.yaml", "id: middle.algebra.linear", "id: middle.alchemy.linear", `unknown subject "alchemy"`},
		{"malformed topic id", "d/topics_a.yaml", "id: middle.algebra.linear", "id: middle.algebra", "want <stage>.<subject>.<slug>"},
		{"unknown compatible subject", "d/subjects.yaml", "[arithmetic, algebra]", "[arithmetic, alchemy]", `unknown subject "alchemy"`},
		{"example without solve", "d/toolkit.yaml", `def solve():\n    return math.gcd(4, 6)`, `def main():\n    return math.gcd(4, 6)`, `tool "math.gcd": example defines no solve()`},
		{"unknown yaml field", "d/toolkit.yaml", "doc: gcd", "doc: gcd\n    docs: typo", "field docs not found"},
		{"duplicate stage order", "d/stages.yaml", "order: 2", "order: 1", "order 1 already used"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := validData()
			src := string(fsys[c.file].Data)
			if !strings.Contains(src, c.old) {
				t.Fatalf("test setup: %q not in %s", c.old, c.file)
			}
			fsys[c.file] = &fstest.MapFile{Data: []byte(strings.Replace(src, c.old, c.new, 1))}
			_, err := LoadFS(fsys, "d")
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("LoadFS error = %v\nwant one containing %q", err, c.wantErr)
			}
		})
	}
}

func TestValidateReportsPrerequisiteCycles(t *testing.T) {
	fsys := validData()
	fsys["d/topics_b.yaml"] = &fstest.MapFile{Data: []byte(`topics:
  - id: middle.algebra.a
    name: A
    description: a
    prerequisites: [middle.algebra.b]
    tools: [sympy.solve]
  - id: middle.algebra.b
    name: B
    description: b
    prerequisites: [middle.algebra.a]
    tools: [sympy.solve]
`)}
	_, err := LoadFS(fsys, "d")
	if err == nil || !strings.Contains(err.Error(), "prerequisite cycle: middle.algebra.a -> middle.algebra.b -> middle.algebra.a") {
		t.Fatalf("LoadFS error = %v, want the cycle a -> b -> a", err)
	}
}

func TestLoadParsesOncePerProcess(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatal("Load parsed the embedded data again")
	}
}
