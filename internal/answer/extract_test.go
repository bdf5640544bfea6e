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

// TestExtractWith is the extraction spec for responses (the package
// documentation, "Extraction"): every method, the order of the explicit
// markers, think blocks and end-of-turn tokens, and what is not an answer.
func TestExtractWith(t *testing.T) {
	cases := []struct {
		name     string
		response string
		hints    Hints
		want     string
		method   string
		ok       bool
	}{
		// boxed
		{"several boxes form a list for a list gold", `So $x = \boxed{2}$ and $y = \boxed{-3}$.`, Hints{Parts: 2}, "2, -3", MethodBoxed, true},
		{"several boxes for a scalar gold: the last", `So $x = \boxed{2}$ and $y = \boxed{-3}$.`, Hints{}, "-3", MethodBoxed, true},
		{"a blank line ends the final statement's boxes", "First $\\boxed{3}$.\n\nThe answer is $\\boxed{5}$.", Hints{Parts: 2}, "5", MethodBoxed, true},
		{"the last box already a list is not joined", `$\boxed{1}$ then $\boxed{2, 3}$`, Hints{Parts: 2}, "2, 3", MethodBoxed, true},
		{"a truncated last box is no answer whatever follows", `We get $\boxed{\frac{1}{2}$. The answer is 5.`, Hints{}, "", "", false},
		// explicit markers by position
		{"a later final-answer phrase replaces intermediate boxes", "$\\boxed{200}$ and $\\boxed{255}$. Final Answer: The final answer is $10,455$. I hope it is correct.", Hints{}, "10,455", MethodFinalAnswerPhrase, true},
		{"boxes are preferred for generated solutions", "$\\boxed{200}$. Final Answer: The final answer is $10,455$.", Hints{PreferBoxed: true}, "200", MethodBoxed, true},
		{"a remark's answer without a value does not replace the box", "So the area is $\\boxed{1440}$. Remark: does such a pyramid exist? The answer is yes! Take two triangles.", Hints{}, "1440", MethodBoxed, true},
		{"a phrase containing the box is the box", `The answer is $\boxed{5}$.`, Hints{}, "5", MethodBoxed, true},
		{"gsm8k hash after the steps", "So 3 + 4 = 7 apples.\n#### 7", Hints{}, "7", MethodGSM8KHash, true},
		{"the later of a phrase and a hash", "#### 4\nThe answer is 5.", Hints{}, "5", MethodFinalAnswerPhrase, true},
		// phrases
		{"minerva format", "Final Answer: The final answer is $28 \\%$. I hope it is correct.", Hints{}, `28 \%`, MethodFinalAnswerPhrase, true},
		{"answer label", "Answer: $9$", Hints{}, "9", MethodFinalAnswerPhrase, true},
		{"answer label after bold markers", "**Answer:** 73", Hints{}, "73", MethodFinalAnswerPhrase, true},
		{"final answer heading then the value", "**Final Answer**\n\n$42$", Hints{}, "42", MethodFinalAnswerPhrase, true},
		{"a phrase followed by a sentence: the value after is", "Final Answer: The largest $n$ is 34.", Hints{}, "34", MethodFinalAnswerPhrase, true},
		{"a phrase starting with a value", "The answer is 12, not 13.", Hints{}, "12", MethodFinalAnswerPhrase, true},
		{"a number followed by words is the number", "The final answer is 17 apples.", Hints{}, "17", MethodFinalAnswerPhrase, true},
		{"answer in the middle of a sentence is not a label", "We can check our answer: $17 \\cdot 44 = 748$, which is 1 mod 83.", Hints{}, "1", MethodLastNumber, true},
		{"talking about the answer is not a phrase", "So $y = 14$. I checked that the answer is correct.", Hints{}, "y = 14", MethodInlineMath, true},
		// choice letters
		{"choice marker with a letter key", "After checking each option, (D) is the only one that works.", Hints{Letter: true}, "D", MethodChoiceLetter, true},
		{"lower-case option with a letter key", "I would go with option (b)", Hints{Letter: true}, "B", MethodChoiceLetter, true},
		{"a letter line", "A is too small and B too large.\nC", Hints{Letter: true}, "C", MethodChoiceLetter, true},
		{"a boxed option is reduced to its letter", `$\boxed{\text{(C)}}$`, Hints{Letter: true}, "C", MethodBoxed, true},
		{"a phrase naming an option", "The answer is (B) 12.", Hints{Letter: true}, "B", MethodFinalAnswerPhrase, true},
		// whole text
		{"a bare answer", `\frac34i`, Hints{}, `\frac34i`, MethodWholeText, true},
		{"a bare equation", "x = 10", Hints{}, "x = 10", MethodWholeText, true},
		{"a bare percent", "28 percent", Hints{}, "28 percent", MethodWholeText, true},
		{"a bare text answer", `\text{Evelyn}`, Hints{}, `\text{Evelyn}`, MethodWholeText, true},
		{"a phrase with nothing after it is no answer", "the answer is", Hints{}, "", "", false},
		// final statement
		{"the result of the last computation", "Thus, there are a total of 9 + 6 = 15 liters of water out of the 24 liters.", Hints{}, "15", MethodLastNumber, true},
		{"the value after the last is", "So, the ordered pair $(x, y)$ that solves the system is $(7, 6)$.", Hints{}, "(7, 6)", MethodInlineMath, true},
		{"the last clause that states a value", "Since $a = 3$, we get 27.", Hints{}, "27", MethodLastNumber, true},
		{"a list after are", "The solutions are $x=-3$ and $x=3$.", Hints{}, "x=-3$ and $x=3", MethodInlineMath, true},
		{"a name is not a value", "Let $x$ be the number. We find $x = 15$, where $x$ counts apples.", Hints{}, "x = 15", MethodInlineMath, true},
		{"display math", "Solving gives\n\\[ x = \\frac{5}{2} \\]", Hints{}, `x = \frac{5}{2}`, MethodDisplayMath, true},
		{"a display ends its sentence", "$$\\frac{a}{b} \\geq 2.$$ Therefore the error increases by 100%.", Hints{}, "100%", MethodLastNumber, true},
		{"currency is not math", "She makes 9 * $2 = $18 every day.", Hints{}, "18", MethodLastNumber, true},
		{"currency pairs are not math", "Eliza will receive $400 + $60 = $460 this week.", Hints{}, "460", MethodLastNumber, true},
		{"padded math is math", "Answer $ 9 $", Hints{}, "9", MethodInlineMath, true},
		{"the last number", "She has 5 apples left", Hints{}, "5", MethodLastNumber, true},
		{"spaced thousands", "The population is 1 000 000 people.", Hints{}, "1000000", MethodLastNumber, true},
		{"decimal comma", "Soucis : 2,74 $ a..", Hints{}, "2,74", MethodLastNumber, true},
		{"a word with a digit is not a number", "AZYUK2A", Hints{}, "", "", false},
		// think blocks and end of turn
		{"think blocks are dropped", "<think>maybe \\boxed{12}</think>\nThe answer is \\boxed{13}.", Hints{}, "13", MethodBoxed, true},
		{"an unclosed think block has no answer", "<think>3 + 4 = 7, so the answer is 7", Hints{}, "", "", false},
		{"text after an end-of-turn token is not the response", "So $b = \\boxed{\\frac{5}{3}}$. <|im_start|>user\nNext: \\boxed{8}", Hints{}, `\frac{5}{3}`, MethodBoxed, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ExtractWith(tc.response, tc.hints)
			if ok != tc.ok || got.Text != tc.want || got.Method != tc.method {
				t.Fatalf("ExtractWith(%q, %+v) = %+v, %v; want {%q %q}, %v", tc.response, tc.hints, got, ok, tc.want, tc.method, tc.ok)
			}
		})
	}
}
