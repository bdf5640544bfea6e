package export

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// triple returns an accepted triple shaped like the generator's rows.
func triple(id string, topics []string, skeleton string) *schemas.Record {
	rec := &schemas.Record{
		ID:      id,
		Seed:    schemas.Seed{ID: "seed-" + id, Pathway: "topics", RunSeed: 1},
		Problem: "What is $3/4 + " + id + "$?",
		Program: &schemas.Program{Source: "from fractions import Fraction\n\ndef solve():\n    return Fraction(3, 4)\n", Hash: strings.Repeat("a", 64)},
		Execution: &schemas.Execution{Status: schemas.StatusOK, Skeleton: skeleton,
			Result: &schemas.Value{Kind: schemas.KindRational, Type: "Fraction", Repr: "Fraction(3, 4)", Latex: `\frac{3}{4}`, Exact: "3/4"}},
		Solution:     `Add the parts: $\frac{3}{4}$.` + "\n\nThe answer is $\\boxed{\\frac{3}{4}}$",
		FinalAnswer:  &schemas.FinalAnswer{Text: `\frac{3}{4}`, Method: "boxed"},
		Verification: &schemas.Verification{Verdict: schemas.VerdictAccepted, Version: "verify-v1+answer-v1"},
		Provenance: schemas.Provenance{Generator: "offline", Models: map[string]string{"generator": "offline"},
			PromptVersion: "offline-v1", ArrowsVersion: "0.1.0", RunSeed: 1, Pathway: "topics"},
	}
	for _, t := range topics {
		parts := strings.SplitN(t, ".", 3)
		for len(parts) < 3 {
			parts = append(parts, "x")
		}
		rec.Seed.Topics = append(rec.Seed.Topics, schemas.TopicRef{ID: t, Path: parts, Tools: []string{"sympy.Rational"}})
	}
	return rec
}

func TestFlatRowHasEveryDocumentedColumn(t *testing.T) {
	rec := triple("r1", []string{"middle.algebra.fractions", "high.algebra.sums", "middle.algebra.ratios"}, "sk1")
	row, err := FlatRow(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := Row{
		ID: "r1", Problem: rec.Problem, Solution: rec.Solution, Answer: "3/4", AnswerLatex: `\frac{3}{4}`,
		Program: rec.Program.Source, Topics: []string{"middle.algebra.fractions", "high.algebra.sums", "middle.algebra.ratios"},
		Stages: []string{"middle", "high"}, NumTopics: 3, Pathway: "topics", VerifierVersion: "verify-v1+answer-v1",
	}
	prov := row.Provenance
	row.Provenance = ""
	if !reflect.DeepEqual(row, want) {
		t.Errorf("row:\n got %+v\nwant %+v", row, want)
	}
	var p schemas.Provenance
	if err := json.Unmarshal([]byte(prov), &p); err != nil || !reflect.DeepEqual(p, rec.Provenance) {
		t.Errorf("provenance JSON %s does not decode to the row's provenance (err %v)", prov, err)
	}
	// Every documented column is a column of Row, in order.
	typ := reflect.TypeOf(Row{})
	if typ.NumField() != len(RowFields) {
		t.Fatalf("Row has %d fields, RowFields documents %d", typ.NumField(), len(RowFields))
	}
	for i, f := range RowFields {
		tag := strings.Split(typ.Field(i).Tag.Get("parquet"), ",")[0]
		if tag != f[0] {
			t.Errorf("column %d is %q, documented as %q", i, tag, f[0])
		}
	}
}

func TestAnswerForms(t *testing.T) {
	cases := []struct {
		name                    string
		value                   *schemas.Value
		final                   string
		wantExact, wantLatex, k string
	}{
		{"an integer is its digits", &schemas.Value{Kind: schemas.KindInteger, Repr: "52", Latex: "52", Exact: "52"}, "", "52", "52", "integer"},
		{"a rational is p/q", &schemas.Value{Kind: schemas.KindRational, Repr: "3/4", Latex: `\frac{3}{4}`, Exact: "3/4"}, "", "3/4", `\frac{3}{4}`, "rational"},
		{"an irrational real is SymPy's text", &schemas.Value{Kind: schemas.KindReal, Repr: "sqrt(2)/2", Latex: `\frac{\sqrt{2}}{2}`}, "", "sqrt(2)/2", `\frac{\sqrt{2}}{2}`, "real"},
		{"a row without program output uses the boxed answer", nil, "17", "17", "17", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := triple("a", nil, "")
			rec.Execution.Result = c.value
			if c.value == nil {
				rec.Execution = nil
			}
			rec.FinalAnswer = &schemas.FinalAnswer{Text: c.final, Method: "boxed"}
			e, l, k := Answer(rec)
			if e != c.wantExact || l != c.wantLatex || k != c.k {
				t.Errorf("Answer = (%q, %q, %q), want (%q, %q, %q)", e, l, k, c.wantExact, c.wantLatex, c.k)
			}
		})
	}
}

func TestSFTTargets(t *testing.T) {
	rec := triple("r1", []string{"middle.algebra.fractions"}, "sk1")
	fence := "```python\n" + strings.TrimRight(rec.Program.Source, "\n") + "\n```"
	cases := []struct {
		name   string
		opts   ChatOptions
		want   []Message
		errHas string
	}{
		{"solution target: user problem, assistant solution", ChatOptions{},
			[]Message{{Role: "user", Content: rec.Problem}, {Role: "assistant", Content: rec.Solution}}, ""},
		{"program target: the assistant answers with the program in a python block", ChatOptions{Target: TargetProgram},
			[]Message{{Role: "user", Content: rec.Problem}, {Role: "assistant", Content: fence}}, ""},
		{"program+solution target: program block then solution", ChatOptions{Target: TargetProgramSolution},
			[]Message{{Role: "user", Content: rec.Problem}, {Role: "assistant", Content: fence + "\n\n" + rec.Solution}}, ""},
		{"system text becomes a leading system message", ChatOptions{System: "You are a careful mathematician."},
			[]Message{{Role: "system", Content: "You are a careful mathematician."}, {Role: "user", Content: rec.Problem}, {Role: "assistant", Content: rec.Solution}}, ""},
		{"a template without blocks is the user message", ChatOptions{Template: "Solve: {{.Problem}}\nTopics: {{join .Topics \", \"}}"},
			[]Message{{Role: "user", Content: "Solve: " + rec.Problem + "\nTopics: middle.algebra.fractions"}, {Role: "assistant", Content: rec.Solution}}, ""},
		{"template blocks replace their messages and can wrap the target", ChatOptions{Target: TargetProgram,
			Template: `{{define "system"}}Answer with code.{{end}}{{define "user"}}{{.Problem}} (answer kind: {{.AnswerKind}}){{end}}{{define "assistant"}}{{.Assistant}}` + "\n" + `Result: {{.Answer}}{{end}}`},
			[]Message{{Role: "system", Content: "Answer with code."}, {Role: "user", Content: rec.Problem + " (answer kind: rational)"}, {Role: "assistant", Content: fence + "\nResult: 3/4"}}, ""},
		{"an unknown target is refused", ChatOptions{Target: "proof"}, nil, "Target must be one of"},
		{"a template that does not parse is refused", ChatOptions{Template: "{{.Problem"}, nil, "Template does not parse"},
		{"a template naming a missing field fails on the row", ChatOptions{Template: "{{.Question}}"}, nil, "Question"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := NewExporter(c.opts)
			var line SFTLine
			if err == nil {
				line, err = e.SFT(rec)
			}
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("error %v, want one containing %q", err, c.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(line.Messages, c.want) {
				t.Errorf("messages:\n got %q\nwant %q", line.Messages, c.want)
			}
			if line.ID != rec.ID || line.Answer != "3/4" || line.AnswerLatex != `\frac{3}{4}` {
				t.Errorf("metadata: %+v", line)
			}
		})
	}
}

func TestSFTLineRoundTripsThroughJSON(t *testing.T) {
	e, err := NewExporter(ChatOptions{Target: TargetProgramSolution, System: "sys \"quoted\" \\ and unicode ∑"})
	if err != nil {
		t.Fatal(err)
	}
	rec := triple("r1", []string{"middle.algebra.fractions", "high.calculus.limits"}, "sk")
	line, err := e.SFT(rec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(line)
	if err != nil {
		t.Fatal(err)
	}
	var back SFTLine
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, line) {
		t.Errorf("round trip changed the line:\n got %+v\nwant %+v", back, line)
	}
	var generic map[string]any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	msgs, ok := generic["messages"].([]any)
	if !ok || len(msgs) != 3 {
		t.Fatalf("messages is not a list of 3 chat messages: %s", b)
	}
}

func TestRLLineCarriesTheVerifiableAnswer(t *testing.T) {
	rec := triple("r1", []string{"middle.algebra.fractions"}, "sk")
	cases := []struct {
		name       string
		opts       ChatOptions
		wantPrompt []Message
		errHas     string
	}{
		{"the prompt is the problem alone", ChatOptions{}, []Message{{Role: "user", Content: rec.Problem}}, ""},
		{"a system message and a user template shape the prompt",
			ChatOptions{System: "Think step by step.", Template: "{{.Problem}}\n\nPut your final answer within \\boxed{}."},
			[]Message{{Role: "system", Content: "Think step by step."}, {Role: "user", Content: rec.Problem + "\n\nPut your final answer within \\boxed{}."}}, ""},
		{"an assistant block is refused: a prompt has no answer", ChatOptions{Template: `{{define "assistant"}}x{{end}}`}, nil, "assistant"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := NewExporter(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			line, err := e.RL(rec)
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("error %v, want one containing %q", err, c.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(line.Prompt, c.wantPrompt) {
				t.Errorf("prompt %q, want %q", line.Prompt, c.wantPrompt)
			}
			want := RLLine{ID: "r1", Prompt: line.Prompt, Answer: "3/4", AnswerLatex: `\frac{3}{4}`, AnswerKind: "rational",
				DataSource: "arrows", Ability: "math", RewardModel: RewardModel{Style: "rule", GroundTruth: `\frac{3}{4}`},
				Topics: []string{"middle.algebra.fractions"}, Stages: []string{"middle"}, Pathway: "topics", VerifierVersion: "verify-v1+answer-v1"}
			if !reflect.DeepEqual(line, want) {
				t.Errorf("line:\n got %+v\nwant %+v", line, want)
			}
		})
	}
}

func TestRowsThatAreNotAcceptedTriplesAreRefused(t *testing.T) {
	e, err := NewExporter(ChatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		mutate func(*schemas.Record)
		why    string
	}{
		{"a rejected row", func(r *schemas.Record) { r.Rejection = &schemas.Rejection{Stage: "verify", Reason: "x"} }, "not_accepted"},
		{"a row without a problem", func(r *schemas.Record) { r.Problem = "" }, "missing_problem"},
		{"a row without a solution", func(r *schemas.Record) { r.Solution = "" }, "missing_solution"},
		{"a row without an id", func(r *schemas.Record) { r.ID = "" }, "missing_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := triple("r1", nil, "")
			c.mutate(rec)
			if got := Exportable(rec); got != c.why {
				t.Errorf("Exportable = %q, want %q", got, c.why)
			}
			if _, err := FlatRow(rec); err == nil {
				t.Error("FlatRow accepted it")
			}
			if _, err := e.SFT(rec); err == nil {
				t.Error("SFT accepted it")
			}
			if _, err := e.RL(rec); err == nil {
				t.Error("RL accepted it")
			}
		})
	}
}

func TestFileNamesFollowTheHubLayout(t *testing.T) {
	if got, want := ParquetFileName("train", 0, 3), "data/train-00000-of-00003.parquet"; got != want {
		t.Errorf("ParquetFileName = %q, want %q", got, want)
	}
	if got, want := JSONLFileName("test", 11, 12), "data/test-00011-of-00012.jsonl"; got != want {
		t.Errorf("JSONLFileName = %q, want %q", got, want)
	}
}
