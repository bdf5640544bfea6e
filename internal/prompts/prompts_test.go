package prompts

import (
	"regexp"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/schemas"
)

func userText(msgs []llm.Message) string {
	for _, m := range msgs {
		if m.Role == llm.SpeakerUser {
			return m.Content
		}
	}
	return ""
}

func assertContains(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("prompt lacks %q\n--- prompt ---\n%s", p, text)
		}
	}
}

func TestGeneratePromptHasTopicsToolsExemplarsAndContract(t *testing.T) {
	topics := []Topic{
		{
			ID: "high.algebra.quadratic_equations", Path: []string{"High school", "Algebra", "Quadratic equations"},
			Description: "Solve ax^2+bx+c=0 and use Vieta's formulas.",
			Tools:       []ToolDoc{{Name: "sympy.solve", Signature: "sympy.solve(f, *symbols)", Doc: "Solve equations."}},
		},
		{
			ID: "middle.number_theory.divisors", Path: []string{"Middle school", "Number theory", "Divisors"},
			Tools: []ToolDoc{{Name: "sympy.divisors", Signature: "sympy.divisors(n)", Doc: "Sorted divisors of n."}},
		},
	}
	exemplar := "import sympy\n\ndef solve():\n    return sympy.Integer(1)"
	msgs, version := Generate(topics, []string{exemplar, "  "})
	if version != GenerateVersion {
		t.Fatalf("version = %q", version)
	}
	if len(msgs) != 2 || msgs[0].Role != llm.SpeakerSystem || msgs[1].Role != llm.SpeakerUser {
		t.Fatalf("messages = %+v", msgs)
	}
	u := userText(msgs)
	assertContains(t, u,
		"Topic IDs: high.algebra.quadratic_equations, middle.number_theory.divisors",
		"High school > Algebra > Quadratic equations",
		"Solve ax^2+bx+c=0 and use Vieta's formulas.",
		"`sympy.solve(f, *symbols)`: Solve equations.",
		"`sympy.divisors(n)`: Sorted divisors of n.",
		"```python\n"+exemplar+"\n```",
		"def solve():",
		"concrete number",
		"at least once",
		"sympy, numpy, fractions, math and itertools",
		"no print, input, files, network",
		"randomness",
		"exactly one ```python code block",
	)
	if strings.Count(u, "```python") != 2 { // one exemplar + the instruction
		t.Errorf("blank exemplar was rendered: %d python fences", strings.Count(u, "```python"))
	}
	if got := TopicIDs(msgs); strings.Join(got, ",") != "high.algebra.quadratic_equations,middle.number_theory.divisors" {
		t.Errorf("TopicIDs = %v", got)
	}
	if v, ok := Detect(msgs); !ok || v != GenerateVersion {
		t.Errorf("Detect = %q, %v", v, ok)
	}
}

func TestGenerateContractAllowsTheModulesOfRequiredTools(t *testing.T) {
	topics := []Topic{{ID: "p.a.dec", Path: []string{"P", "A", "Dec"}, Tools: []ToolDoc{
		{Name: "decimal.Decimal", Signature: "decimal.Decimal(value='0')"},
		{Name: "sympy.nsimplify", Signature: "sympy.nsimplify(expr)"},
		{Name: "statistics.median", Signature: "statistics.median(data)"},
		{Name: "pow", Signature: "pow(base, exp)"},
	}}}
	msgs, _ := Generate(topics, nil)
	assertContains(t, userText(msgs), "Import only from sympy, numpy, fractions, math, itertools, decimal and statistics.")
}

func TestTranslatePromptHasProgramResultAndLocals(t *testing.T) {
	prog := "import sympy\n\ndef solve():\n    a = sympy.Rational(1, 2)\n    b = a + 1\n    return b"
	exec := schemas.Execution{
		Status: schemas.StatusOK,
		Result: &schemas.Value{Kind: schemas.KindRational, Repr: "3/2", Latex: `\frac{3}{2}`},
		Locals: map[string]schemas.Value{
			"b": {Repr: "3/2", Latex: `\frac{3}{2}`},
			"a": {Repr: "1/2", Latex: `\frac{1}{2}`},
		},
	}
	msgs, version := Translate(prog, exec)
	if version != TranslateVersion {
		t.Fatalf("version = %q", version)
	}
	u := userText(msgs)
	assertContains(t, u,
		"```python\n"+prog+"\n```",
		`Result (LaTeX): \frac{3}{2}`,
		"Result (Python repr): 3/2",
		"a = \\frac{1}{2}\nb = \\frac{3}{2}", // sorted by name
		`"problem"`, `"solution"`,
		"self-contained", "every given",
		"do not reveal the answer",
		"Do not mention code",
		`\boxed{\frac{3}{2}}`,
	)
	if v, _ := Detect(msgs); v != TranslateVersion {
		t.Errorf("Detect = %q", v)
	}
}

func TestSolveSeedAndJudgePrompts(t *testing.T) {
	msgs, v := Solve("What is $2+2$?")
	assertContains(t, userText(msgs), "What is $2+2$?", "def solve():", "```python")
	if strings.Contains(userText(msgs), "Result") {
		t.Errorf("blind-solve prompt leaks a result")
	}
	if d, _ := Detect(msgs); d != v || v != SolveVersion {
		t.Errorf("solve version %q detected %q", v, d)
	}

	msgs, v = SeedProgram("Natalia sold 48 clips...", "She sold 48/2 = <<48/2=24>>24 clips.\n#### 72")
	assertContains(t, userText(msgs), "Natalia sold 48 clips...", "<<48/2=24>>", "#### 72", "def solve():", "never return the answer as a bare literal")
	if d, _ := Detect(msgs); d != v || v != SeedProgramVersion {
		t.Errorf("seed version %q detected %q", v, d)
	}

	msgs, v = Judge("Find $x$.", "def solve():\n    return 2", schemas.Execution{Result: &schemas.Value{Latex: "2"}})
	assertContains(t, userText(msgs), "Find $x$.", "def solve():", "(LaTeX): 2", `"consistent"`, `"reason"`)
	if d, _ := Detect(msgs); d != v || v != JudgeVersion {
		t.Errorf("judge version %q detected %q", v, d)
	}
}

func TestVersionsAreHashedAndKinded(t *testing.T) {
	vs := Versions()
	for _, v := range []string{GenerateVersion, TranslateVersion, SolveVersion, SeedProgramVersion, JudgeVersion} {
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(vs[v]) {
			t.Errorf("version %s hash = %q", v, vs[v])
		}
	}
	for v, kind := range map[string]string{GenerateVersion: KindGenerate, SeedProgramVersion: KindSeedProgram, JudgeVersion: KindJudge} {
		if KindOf(v) != kind {
			t.Errorf("KindOf(%s) = %s, want %s", v, KindOf(v), kind)
		}
	}
}

func TestLocalLinesCutsHugeValues(t *testing.T) {
	lines := LocalLines(map[string]schemas.Value{"big": {Latex: strings.Repeat("9", 5000)}, "r": {Repr: "x\ny"}})
	if len(lines) != 2 || len(lines[0]) > maxLocalLen+20 || !strings.HasSuffix(lines[0], "(cut)") {
		t.Errorf("big local not cut: %d chars", len(lines[0]))
	}
	if lines[1] != "r = x y" {
		t.Errorf("repr fallback = %q", lines[1])
	}
}

func TestTopicsAndExemplarsFromTheKnowledgeBase(t *testing.T) {
	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(kb.Topics) < 2 {
		t.Fatalf("knowledge base has %d topics", len(kb.Topics))
	}
	var refs []schemas.TopicRef
	for _, tp := range kb.Topics[:2] {
		ref, _ := kb.Ref(tp.ID)
		refs = append(refs, ref)
	}
	topics, err := TopicsFromKB(kb, refs)
	if err != nil {
		t.Fatal(err)
	}
	for i, tp := range topics {
		want, _ := kb.Topic(refs[i].ID)
		if tp.ID != want.ID || tp.Description != want.Description || len(tp.Path) != 3 || len(tp.Tools) != len(want.Tools) {
			t.Errorf("topic %d = %+v", i, tp)
		}
		for _, td := range tp.Tools {
			if td.Signature == "" {
				t.Errorf("tool %s has no signature", td.Name)
			}
		}
	}
	ex := ExemplarsFromKB(kb, topics, 2)
	if len(ex) == 0 || len(ex) > 2 {
		t.Fatalf("exemplars = %d", len(ex))
	}
	for _, e := range ex {
		if !strings.Contains(e, "def solve(") {
			t.Errorf("exemplar without solve():\n%s", e)
		}
	}
	msgs, _ := Generate(topics, ex)
	assertContains(t, userText(msgs), "Topic IDs: "+refs[0].ID+", "+refs[1].ID, ex[0])
	if _, err := TopicsFromKB(kb, []schemas.TopicRef{{ID: "no.such.topic"}}); err == nil {
		t.Error("unknown topic accepted")
	}
}
