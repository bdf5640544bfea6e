package verify

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

func gsm8kFinal(text string) schemas.FinalAnswer {
	return schemas.FinalAnswer{Text: text, Method: answer.MethodFallbackGSM8K}
}

func TestAnswerSupported(t *testing.T) {
	cases := []struct {
		name     string
		problem  string
		solution string
		final    schemas.FinalAnswer
		want     string
	}{
		{"the result of the last step supports the answer", "How many pens?",
			"She buys 3 boxes of 4 pens: 3*4=<<3*4=12>>12 pens.\nShe gives away 2: 12-2=<<12-2=10>>10 pens.\n#### 10", gsm8kFinal("10"), schemas.ResultPass},
		{"a calculator annotation's result counts once the annotation is removed", "How much?",
			"The total is $<<70+38=108>>108 in all.\n#### 108", gsm8kFinal("108"), schemas.ResultPass},
		{"an operand of the last step does not support the answer", "How old is Jackson?",
			"Amy is 9.\nAmy is also 5 years older than Jackson, so Jackson is 9 - 5 = <<9-5=4>>4 years old\n#### 5", gsm8kFinal("5"), schemas.ResultFail},
		{"a value of an earlier step does not support the answer", "How many?",
			"Robert spends 5*10=<<5*10=50>>50.\nSo they spend 70 + 38 = <<70+38=108>>108 in all.\n#### 50", gsm8kFinal("50"), schemas.ResultFail},
		{"an answer the steps never reach fails (GSM8K test line 1039)", "How long?",
			"So he needs 200,000+100,000=$<<200000+100000=300000>>300,000\nThat means it will take 300,000/50,000=<<300000/50000=6>>6 years\n#### 4", gsm8kFinal("4"), schemas.ResultFail},
		{"the statement before a because clause supports the answer", "How many can he miss?",
			"He must attend at least six classes, because 60 / 6 = <<60/6=10>>10\nHe can skip 4 class because 10 - 4 = <<10-4=6>>6\n#### 4", gsm8kFinal("4"), schemas.ResultPass},
		{"a number before an equals sign with a variable after it supports the answer", "How many did Alyssa eat?",
			"100 = 5A\nThen 100/5 = 5A/5 or 20 = A.\n#### 20", gsm8kFinal("20"), schemas.ResultPass},
		{"the last line that states a number is the conclusion", "How many snails?",
			"The kite ate 3 + 5 + 7 + 9 + 11 = <<3+5+7+9+11=35>>35 apple snails in 5\ndays.\n#### 35", gsm8kFinal("35"), schemas.ResultPass},
		{"numbers with spaces between digit groups are read whole", "What are the net proceeds?",
			"He paid $12 000 + $20 000 + $250 000 = $282 000.\nHence the net proceeds are $400 000 - $282 000 = $118 000.\n#### 118000", gsm8kFinal("118000"), schemas.ResultPass},
		{"thousands separators in the final answer are read", "How many seeds?",
			"Each has 800+800=<<800+800=1600>>1600 seeds.\n#### 1,600", gsm8kFinal("1,600"), schemas.ResultPass},
		{"a dollar conclusion supports a cents answer when the problem asks for cents", "How much will each razor cost, in cents?",
			"Each razor costs $2.00/8 = $<<2/8=0.25>>0.25 each\n#### 25", gsm8kFinal("25"), schemas.ResultPass},
		{"a dollar conclusion does not support 100 times it when the problem does not ask for cents", "How much will each razor cost?",
			"Each razor costs $2.00/8 = $<<2/8=0.25>>0.25 each\n#### 25", gsm8kFinal("25"), schemas.ResultFail},
		{"a negative answer is supported by its magnitude", "What is the change?",
			"The change is 3 - 8 = -5 degrees.\n#### -5", gsm8kFinal("-5"), schemas.ResultPass},
		{"a solution without any number before the final answer fails", "How many?",
			"Count them.\n#### 7", gsm8kFinal("7"), schemas.ResultFail},
		{"a boxed answer is supported by construction", "Find x.",
			"So $x = \\boxed{3}$.", schemas.FinalAnswer{Text: "3", Method: answer.MethodBoxed}, schemas.ResultSkipped},
		{"a solution without #### is skipped", "Find x.",
			"The answer is 3.", schemas.FinalAnswer{Text: "3", Method: answer.MethodFallbackAnswer}, schemas.ResultSkipped},
		{"a non-numeric final answer is skipped", "Who won?",
			"Alice scored 5 + 3 = 8 points.\n#### Alice", gsm8kFinal("Alice"), schemas.ResultSkipped},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := AnswerSupported(c.problem, c.solution, c.final)
			if got.Name != CheckAnswerSupported {
				t.Fatalf("check named %q", got.Name)
			}
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
			if got.Reason == "" {
				t.Fatal("no reason given")
			}
		})
	}
}

func TestStepArithmetic(t *testing.T) {
	cases := []struct {
		name       string
		solution   string
		want       string
		reasonHas  []string
		reasonLack string
	}{
		{"correct calculator annotations pass", "3*4=<<3*4=12>>12 pens, then 12-2=<<12-2=10>>10.\n#### 10",
			schemas.ResultPass, []string{"2 steps checked"}, ""},
		{"a wrong inline step fails and is named", "He pays 5*2=11 dollars.\n#### 11",
			schemas.ResultFail, []string{"1 of 1 checked steps are wrong", "5*2 = 10 (claimed 11)"}, ""},
		{"a wrong step in LaTeX fails (MATH500 line 175)", "The discriminant is $(-4)^2 + 4 \\cdot 1 \\cdot (-1) = 20$, so $\\boxed{2}$.",
			schemas.ResultFail, []string{"claimed 20", "= 12"}, ""},
		{"a wrong annotation fails", "So 6*7=<<6*7=43>>43 apples.\n#### 43",
			schemas.ResultFail, []string{"claimed 43"}, ""},
		{"only the first three wrong steps are spelled out", "So 1+1=3 apples.\nSo 2+2=5 apples.\nSo 3+3=7 apples.\nSo 4+4=9 apples.\n#### 9",
			schemas.ResultFail, []string{"4 of 4 checked steps are wrong", "3+3 = 6"}, "4+4 = 8"},
		{"a solution without arithmetic steps is skipped", "By symmetry the answer is $\\boxed{0}$.",
			schemas.ResultSkipped, []string{"no checkable"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := StepArithmetic(c.solution)
			if got.Name != CheckStepArithmetic || got.Layer != "go:steps" {
				t.Fatalf("check %q layer %q", got.Name, got.Layer)
			}
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
			for _, s := range c.reasonHas {
				if !strings.Contains(got.Reason, s) {
					t.Errorf("reason %q lacks %q", got.Reason, s)
				}
			}
			if c.reasonLack != "" && strings.Contains(got.Reason, c.reasonLack) {
				t.Errorf("reason %q has %q", got.Reason, c.reasonLack)
			}
		})
	}
}

// referenceRow is an external row as transforms.ItemRecord builds it.
func referenceRow(problem, solution, ref string) *schemas.Record {
	src := &schemas.SourceItem{Problem: problem, Solution: solution, Answer: ref}
	return &schemas.Record{Seed: schemas.Seed{Source: src}, Problem: problem, Solution: solution}
}

func TestVerifyReference(t *testing.T) {
	ctx := context.Background()
	// Without a sandbox runner the checker decides in Go only; symbolic
	// comparisons stay undecided (see TestVerifyReferenceSymbolic).
	v := &Verifier{Checker: &answer.Checker{}, AllowFallbackAnswer: true}
	const gsmQ = "Ann has 3 boxes of 4 pens. She gives 2 away. How many pens does she have?"
	const gsmA = "She has 3*4=<<3*4=12>>12 pens.\nShe keeps 12-2=<<12-2=10>>10 pens.\n#### 10"
	cases := []struct {
		name     string
		rec      *schemas.Record
		extra    []schemas.Check
		verdict  string
		failed   []string
		reason   string
		method   string
		checkRes map[string]string
	}{
		{"a correct GSM8K row is accepted", referenceRow(gsmQ, gsmA, "10"), nil,
			schemas.VerdictAccepted, nil, "", answer.MethodFallbackGSM8K,
			map[string]string{CheckAnswerExtracted: schemas.ResultPass, CheckReferenceMatch: schemas.ResultPass, CheckAnswerSupported: schemas.ResultPass, CheckStepArithmetic: schemas.ResultPass}},
		{"a GSM8K row whose #### answer was changed is rejected: the steps do not conclude with it",
			referenceRow(gsmQ, strings.Replace(gsmA, "#### 10", "#### 11", 1), "11"), nil,
			schemas.VerdictRejected, []string{CheckAnswerSupported}, CheckAnswerSupported, answer.MethodFallbackGSM8K, nil},
		{"a GSM8K row whose reference differs from its final answer is rejected",
			referenceRow(gsmQ, gsmA, "12"), nil,
			schemas.VerdictRejected, []string{CheckReferenceMatch}, CheckReferenceMatch, answer.MethodFallbackGSM8K, nil},
		{"a wrong step is rejected even when the final answer matches",
			referenceRow("Tom buys 5 apples at 2 dollars each. What does he pay?", "He pays 5*2=11 dollars.\n#### 11", "11"), nil,
			schemas.VerdictRejected, []string{CheckStepArithmetic}, CheckStepArithmetic, answer.MethodFallbackGSM8K, nil},
		{"a MATH row whose boxed answer equals the reference in another form is accepted",
			referenceRow("What is $1 \\div 2$?", "Dividing, $1 \\div 2 = \\boxed{0.5}$.", "\\frac{1}{2}"), nil,
			schemas.VerdictAccepted, nil, "", answer.MethodBoxed,
			map[string]string{CheckReferenceMatch: schemas.ResultPass, CheckAnswerSupported: schemas.ResultSkipped}},
		{"a MATH row whose boxed answer differs from the reference is rejected",
			referenceRow("What is $\\frac{14}{3}$ as a fraction?", "It is $\\boxed{\\frac{15}{3}}$.", "\\frac{14}{3}"), nil,
			schemas.VerdictRejected, []string{CheckReferenceMatch}, CheckReferenceMatch, answer.MethodBoxed, nil},
		{"a solution without a final answer is rejected and not compared",
			referenceRow("What is 2+3?", "Add the numbers.", "5"), nil,
			schemas.VerdictRejected, []string{CheckAnswerExtracted}, CheckAnswerExtracted, "",
			map[string]string{CheckReferenceMatch: schemas.ResultSkipped}},
		{"a row without a reference answer is checked on its steps only",
			referenceRow("What is 2+3?", "2+3=5, so $\\boxed{5}$.", ""), nil,
			schemas.VerdictAccepted, nil, "", answer.MethodBoxed,
			map[string]string{CheckReferenceMatch: schemas.ResultSkipped, CheckStepArithmetic: schemas.ResultPass}},
		{"an answer the Go layer cannot decide is rejected as undecided without a sandbox",
			referenceRow("Simplify.", "It is $\\boxed{\\frac{\\sqrt{3}}{2}}$.", "\\frac{1}{2}\\sqrt{3}"), nil,
			schemas.VerdictRejected, []string{CheckReferenceMatch}, CheckReferenceMatch + "_undecided", answer.MethodBoxed,
			map[string]string{CheckReferenceMatch: schemas.ResultUndecided}},
		{"extra checks are folded into the verdict",
			referenceRow(gsmQ, gsmA, "10"), []schemas.Check{{Name: "blind_solve", Result: schemas.ResultFail, Reason: "solved blind: 9"}},
			schemas.VerdictRejected, []string{"blind_solve"}, "blind_solve", answer.MethodFallbackGSM8K, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ver := v.VerifyReference(ctx, c.rec, c.extra...)
			if ver.Verdict != c.verdict {
				t.Fatalf("verdict %s, want %s; checks %+v", ver.Verdict, c.verdict, ver.Checks)
			}
			if !slices.Equal(ver.Failed, c.failed) {
				t.Fatalf("failed %v, want %v; checks %+v", ver.Failed, c.failed, ver.Checks)
			}
			if got := Reason(ver); got != c.reason {
				t.Fatalf("reason %q, want %q", got, c.reason)
			}
			if ver.Version != Version {
				t.Errorf("verifier version %q", ver.Version)
			}
			if c.method == "" {
				if c.rec.FinalAnswer != nil {
					t.Errorf("final answer set to %+v", c.rec.FinalAnswer)
				}
			} else if c.rec.FinalAnswer == nil || c.rec.FinalAnswer.Method != c.method {
				t.Errorf("final answer %+v, want method %s", c.rec.FinalAnswer, c.method)
			}
			for name, want := range c.checkRes {
				found := false
				for _, ch := range ver.Checks {
					if ch.Name == name {
						found = true
						if ch.Result != want {
							t.Errorf("check %s: %s (%s), want %s", name, ch.Result, ch.Reason, want)
						}
					}
				}
				if !found {
					t.Errorf("no check %s in %+v", name, ver.Checks)
				}
			}
			for _, ch := range ver.Checks {
				if ch.Result == schemas.ResultFail && !strings.Contains(ch.Reason, " ") {
					t.Errorf("failed check %s without an explanation: %q", ch.Name, ch.Reason)
				}
			}
		})
	}
}

// TestVerifyReferenceSymbolic compares a reference answer that only the
// sandbox's SymPy layer can decide.
func TestVerifyReferenceSymbolic(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := sandbox.DefaultConfig()
	cfg.Workers = 1
	cfg.Modules = answer.Modules()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	v := &Verifier{Checker: &answer.Checker{Runner: pool}, AllowFallbackAnswer: true}
	for _, c := range []struct {
		name, boxed, ref, want string
	}{
		{"an equal expression in another form is accepted", "\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}\\sqrt{3}", schemas.VerdictAccepted},
		{"a different expression is rejected", "\\frac{\\sqrt{3}}{3}", "\\frac{1}{2}\\sqrt{3}", schemas.VerdictRejected},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := referenceRow("Simplify.", "It is $\\boxed{"+c.boxed+"}$.", c.ref)
			ver := v.VerifyReference(ctx, rec)
			if ver.Verdict != c.want {
				t.Fatalf("verdict %s, want %s: %+v", ver.Verdict, c.want, ver.Checks)
			}
			if c.want == schemas.VerdictRejected && Reason(ver) != CheckReferenceMatch {
				t.Fatalf("reason %s, want %s: %+v", Reason(ver), CheckReferenceMatch, ver.Checks)
			}
		})
	}
}
