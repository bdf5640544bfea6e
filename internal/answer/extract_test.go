package answer

import (
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func TestExtract(t *testing.T) {
	cases := []struct {
		name     string
		solution string
		want     string
		method   string
		ok       bool
	}{
		{"boxed integer", `So the total is $\boxed{72}$.`, "72", MethodBoxed, true},
		{"nested braces are matched", `Thus $\boxed{\frac{1}{\sqrt{2}}}$`, `\frac{1}{\sqrt{2}}`, MethodBoxed, true},
		{"deeply nested braces", `\boxed{\left( 3, \frac{\pi}{2} \right)}`, `\left( 3, \frac{\pi}{2} \right)`, MethodBoxed, true},
		{"escaped braces inside a set", `\boxed{\{1, 2\}}`, `\{1, 2\}`, MethodBoxed, true},
		{"unbalanced escaped brace does not end the box", `\boxed{\left\{ x \mid x > 0 \right.}`, `\left\{ x \mid x > 0 \right.`, MethodBoxed, true},
		{"multiple boxed takes the last", `First \boxed{3}, then corrected: \boxed{4}.`, "4", MethodBoxed, true},
		{"boxed without braces takes the next token", `The answer is \boxed 5.`, "5", MethodBoxed, true},
		{"boxed without braces before a dollar", `$\boxed 12$`, "12", MethodBoxed, true},
		{"fbox counts as a box", `hence \fbox{7}`, "7", MethodBoxed, true},
		{"last of boxed and fbox wins", `\fbox{1} and later \boxed{2}`, "2", MethodBoxed, true},
		{"boxed with inner spaces is trimmed", `\boxed{  x = 5  }`, "x = 5", MethodBoxed, true},
		{"boxedfoo is another command", `\boxedfoo{1} so the answer is 3`, "3", MethodFallbackAnswer, true},
		{"unterminated last box is a failure", `\boxed{1} then \boxed{\frac{1}{2}`, "", "", false},
		{"empty box is a failure", `\boxed{}`, "", "", false},
		{"box wins over fallbacks", "The answer is 3.\n#### 4\n\\boxed{5}", "5", MethodBoxed, true},
		{"gsm8k marker", "She pays 3*24 = 72 dollars.\n#### 72", "72", MethodFallbackGSM8K, true},
		{"gsm8k marker with thousands separator", "#### 1,000", "1,000", MethodFallbackGSM8K, true},
		{"gsm8k last marker", "#### 1\nmore\n#### 2", "2", MethodFallbackGSM8K, true},
		{"minerva final answer", "Final Answer: The final answer is $\\frac{3}{4}$. I hope it is correct.", `\frac{3}{4}`, MethodFallbackFinal, true},
		{"final answer colon", "Final answer: 17", "17", MethodFallbackFinal, true},
		{"the answer is with decimal", "Therefore, the answer is 3.5. So we are done.", "3.5", MethodFallbackAnswer, true},
		{"the answer is with math", "So the answer is $x^2+1$.", "x^2+1", MethodFallbackAnswer, true},
		{"the final answer is", "The final answer is 12", "12", MethodFallbackFinal, true},
		{"the correct answer is", "Hence the correct answer is (B).", "(B)", MethodFallbackAnswer, true},
		{"no answer at all", "We computed many things.", "", "", false},
		{"answer is with nothing after it", "the answer is", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Extract(tc.solution)
			if ok != tc.ok {
				t.Fatalf("Extract(%q) ok = %v, want %v (got %+v)", tc.solution, ok, tc.ok, got)
			}
			if !ok {
				return
			}
			if got.Text != tc.want || got.Method != tc.method {
				t.Fatalf("Extract(%q) = %+v, want {%q %q}", tc.solution, got, tc.want, tc.method)
			}
			if IsFallback(got) != (tc.method != MethodBoxed) {
				t.Fatalf("IsFallback(%+v) = %v", got, IsFallback(got))
			}
		})
	}
}

func TestExtractedAnswerIsComparable(t *testing.T) {
	// End to end through the Go layer: extraction, then comparison.
	fa, ok := Extract(`The point is $\boxed{\left( 3, \frac{\pi}{2} \right)}$.`)
	if !ok {
		t.Fatal("no answer extracted")
	}
	gold := schemas.Value{Kind: schemas.KindTuple, Type: "tuple", Repr: "(3, pi/2)", Latex: `\left( 3, \  \frac{\pi}{2}\right)`,
		Elements: []schemas.Value{
			{Kind: schemas.KindInteger, Type: "int", Repr: "3", Latex: "3", Exact: "3"},
			{Kind: schemas.KindReal, Type: "Mul", Repr: "pi/2", Latex: `\frac{\pi}{2}`, Srepr: "Mul(Rational(1, 2), pi)", Numeric: ptr(1.5707963267948966)},
		}}
	var c Checker
	if o := c.CompareValue(t.Context(), fa.Text, gold); o.Verdict != Equal {
		t.Fatalf("got %+v", o)
	}
}

func ptr(f float64) *float64 { return &f }
