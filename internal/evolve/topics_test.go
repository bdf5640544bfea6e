package evolve

import (
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

func loadKB(t *testing.T) *knowledge.KB {
	t.Helper()
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

func TestProgramTopicsFromCalls(t *testing.T) {
	kb := loadKB(t)
	got := ProgramTopics(kb, nil, []string{"fractions.Fraction", "int"})
	if len(got) == 0 {
		t.Fatal("a program calling fractions.Fraction belongs to the topics that use it")
	}
	for _, id := range got {
		tp, _ := kb.Topic(id)
		if !contains(tp.Tools, "fractions.Fraction") {
			t.Errorf("topic %s does not use fractions.Fraction", id)
		}
		if tp.Stage != "primary" {
			t.Errorf("a program using only Fraction is placed at %s (%s), not at the earliest stage", tp.Stage, id)
		}
	}
	// The best-explained topic wins: math.comb alone is combinations.
	if got := ProgramTopics(kb, nil, []string{"math.comb"}); len(got) != 1 || !strings.Contains(got[0], "combinations") {
		t.Errorf("ProgramTopics(math.comb) = %v", got)
	}
	own := ProgramTopics(kb, []string{"primary.arithmetic.place_value", "no.such.topic"}, []string{"fractions.Fraction"})
	if strings.Join(own, ",") != "primary.arithmetic.place_value" {
		t.Errorf("a seed's own known topics win over its calls, got %v", own)
	}
}

func TestRelatedTopics(t *testing.T) {
	kb := loadKB(t)
	base := "primary.arithmetic.long_division"
	rel := RelatedTopics(kb, []string{base})
	if len(rel) == 0 {
		t.Fatal("no related topics")
	}
	tp, _ := kb.Topic(base)
	pos := map[string]int{}
	for i, id := range rel {
		pos[id] = i
		if id == base {
			t.Fatal("a topic is not related to itself")
		}
		if !hasCallableTool(kb, id) {
			t.Errorf("related topic %s has no callable tool", id)
		}
	}
	// Prerequisites and dependents come before mere neighbours.
	var dependents []string
	for _, other := range kb.Topics {
		if contains(other.Prerequisites, base) {
			dependents = append(dependents, other.ID)
		}
	}
	for _, id := range append(append([]string{}, tp.Prerequisites...), dependents...) {
		p, ok := pos[id]
		if !ok && hasCallableTool(kb, id) {
			t.Errorf("prerequisite/dependent %s missing", id)
			continue
		}
		for other, q := range pos {
			o, _ := kb.Topic(other)
			if q < p && !contains(tp.Prerequisites, other) && !contains(o.Prerequisites, base) {
				t.Errorf("%s (neighbour) ranks before %s (direct relation)", other, id)
			}
		}
	}
	if fb := RelatedTopics(kb, nil); len(fb) == 0 {
		t.Error("a program without topics still gets arithmetic neighbours")
	}
	if _, ok := PickRelated(rel, RNG(1, "x")); !ok {
		t.Error("PickRelated found nothing")
	}
}

func TestOperatorPromptsAreDetectedAndReadBack(t *testing.T) {
	kb := loadKB(t)
	ref, ok := kb.Ref("primary.arithmetic.long_division")
	if !ok {
		t.Fatal("topic missing")
	}
	topic := prompts.Topic{ID: ref.ID, Path: ref.Path}
	for _, name := range ref.Tools {
		tool, _ := kb.Tool(name)
		topic.Tools = append(topic.Tools, prompts.ToolDoc{Name: name, Signature: tool.Signature, Doc: tool.Doc})
	}
	res := intValue("72")
	vp := VariantPrompt{Program: nataliaProgram, Problem: nataliaProblem, Exec: schemas.Execution{Result: &res, Locals: map[string]schemas.Value{"step1": intValue("24")}}, Variant: 1}
	add, ver, err := AddStepPrompt(vp, topic)
	if err != nil {
		t.Fatal(err)
	}
	ask, ver2, err := AskOtherPrompt(vp)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ ver, kind string }{{ver, KindAddStep}, {ver2, KindAskOther}} {
		if prompts.KindOf(c.ver) != c.kind {
			t.Errorf("version %s has kind %s, want %s", c.ver, prompts.KindOf(c.ver), c.kind)
		}
	}
	if v, ok := prompts.Detect(add); !ok || v != AddStepVersion {
		t.Errorf("add_step prompt detected as %q", v)
	}
	if v, ok := prompts.Detect(ask); !ok || v != AskOtherVersion {
		t.Errorf("ask_other prompt detected as %q", v)
	}
	if got := ToolsOf(add); strings.Join(got, ",") != strings.Join(ref.Tools, ",") {
		t.Errorf("ToolsOf = %v, want %v", got, ref.Tools)
	}
	problem, program, ok := PromptParent(add)
	if !ok || problem != nataliaProblem || strings.TrimSpace(program) != strings.TrimSpace(nataliaProgram) {
		t.Errorf("PromptParent(add_step) = %q, %q, %v", problem, program, ok)
	}
	if !strings.Contains(ask[1].Content, "step1 = 24") || !strings.Contains(ask[1].Content, "variant 2") {
		t.Errorf("ask_other prompt misses the locals or the variant:\n%s", ask[1].Content)
	}
	if _, ok := Versions()[AddStepVersion]; !ok {
		t.Error("Versions misses add_step")
	}
}

func TestParseVariant(t *testing.T) {
	cases := []struct {
		name, content, problem string
		wantErr                bool
	}{
		{"program then the new problem", "```python\ndef solve():\n    return 3\n```\nNew problem: How many pens are left?", "How many pens are left?", false},
		{"chatter and quotes around the statement", "Sure.\n```python\ndef solve():\n    return 3\n```\n\n**New problem:** \"A shop has 12 pens. How many?\"\n", "A shop has 12 pens. How many?", false},
		{"no statement leaves the draft empty", "```python\ndef solve():\n    return 3\n```", "", false},
		{"a statement inside the code does not count", "```python\n# New problem: no\ndef solve():\n    return 3\n```", "", false},
		{"no program is a parse error", "New problem: a refusal in disguise", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, problem, err := ParseVariant(c.content)
			if (err != nil) != c.wantErr {
				t.Fatalf("error %v, want error %v", err, c.wantErr)
			}
			if err != nil {
				return
			}
			if !strings.Contains(code, "def solve():") {
				t.Errorf("program %q", code)
			}
			if problem != c.problem {
				t.Errorf("problem %q, want %q", problem, c.problem)
			}
		})
	}
}
