package answer

import (
	"strings"
	"testing"
)

// ruleCase is one example of a documented equivalence rule (see the
// package documentation): an answer against a reference under the
// checker's options.
type ruleCase struct {
	name, answer, reference string
	checker                 Checker
	want                    Verdict
	layer                   string // expected layer prefix ("go:" for the fast path)
}

// Rules the Go fast path decides without a sandbox.
var fastRuleCases = []ruleCase{
	// Thousands separators vs decimal comma.
	{name: "thousands separator", answer: "1,000", reference: "1000", want: Equal, layer: "go:"},
	{name: "thousands in braces", answer: "1{,}000", reference: "1000", want: Equal, layer: "go:"},
	{name: "thousands with a thin negative space", answer: `11,\! 111,\! 111,\! 100`, reference: "11111111100", want: Equal, layer: "go:"},
	{name: "thousands with a space", answer: "1 000", reference: "1000", want: Equal, layer: "go:"},
	{name: "a thousands group is never a decimal", answer: "1,000", reference: "1", want: NotEqual, layer: "go:"},
	{name: "decimal comma against a number", answer: "1000,99", reference: "1000.99", want: Equal, layer: "go:"},
	{name: "decimal comma with two digits", answer: "1,22", reference: "1.22", want: Equal, layer: "go:"},
	{name: "decimal comma in the reference", answer: "1.22", reference: "1,22", want: Equal, layer: "go:"},
	{name: "a leading zero group is a decimal comma", answer: "0.111", reference: "0,111", want: Equal, layer: "go:"},
	{name: "european grouping", answer: "1.000,5", reference: "1000.5", want: Equal, layer: "go:"},
	{name: "a comma pair against a list is a pair", answer: "12,5", reference: "(12, 5)", want: Equal, layer: "go:tuple"},
	{name: "a comma and a space separate two numbers", answer: "32, 349", reference: "32349", want: NotEqual, layer: "go:structure"},
	// Percent.
	{name: "percent sign equals percent word", answer: "28 percent", reference: `28\%`, want: Equal, layer: "go:"},
	{name: "pct", answer: "28 pct", reference: `28\%`, want: Equal, layer: "go:"},
	{name: "per cent", answer: "28 per cent", reference: `28\%`, want: Equal, layer: "go:"},
	{name: "bare number against a percent key", answer: "28", reference: `28\%`, want: Equal, layer: "go:percent"},
	{name: "fraction against a percent key is off by default", answer: "0.28", reference: `28\%`, want: NotEqual, layer: "go:percent"},
	{name: "fraction against a percent key with PercentFraction", answer: "0.28", reference: `28\%`, checker: Checker{PercentFraction: true}, want: Equal, layer: "go:percent"},
	{name: "a hundred times the key is never equal", answer: "2800", reference: `28\%`, checker: Checker{PercentFraction: true}, want: NotEqual, layer: "go:percent"},
	{name: "percent is a fraction against a plain key", answer: `3\%`, reference: "0.03", want: Equal, layer: "go:percent"},
	{name: "percent is not the bare number of a plain key", answer: `3\%`, reference: "3", want: NotEqual, layer: "go:percent"},
	// Units and text.
	{name: "unit in text with a power", answer: `5\text{ cm}^2`, reference: "5", want: Equal, layer: "go:"},
	{name: "unit per unit", answer: "35 hours per week", reference: "35", want: Equal, layer: "go:"},
	{name: "unit slash unit", answer: "20 minutes/day", reference: "20", want: Equal, layer: "go:"},
	{name: "square metres", answer: "5 m²", reference: "5", want: Equal, layer: "go:"},
	{name: "currency signs", answer: "€45", reference: "45", want: Equal, layer: "go:"},
	{name: "text wrapper", answer: `\text{13}`, reference: "13", want: Equal, layer: "go:"},
	{name: "a unit does not change the number", answer: "5 meters", reference: "6", want: NotEqual, layer: "go:"},
	// Degrees.
	{name: "degree sign", answer: "30°", reference: "30", want: Equal, layer: "go:"},
	{name: "circ", answer: `30^{\circ}`, reference: "30", want: Equal, layer: "go:"},
	{name: "degrees word", answer: `36 \text{ degrees}`, reference: `36^\circ`, want: Equal, layer: "go:"},
	// = chains.
	{name: "last right-hand side of a chain", answer: "x = 5+5+1 = 7 =11", reference: "x = 11", want: Equal, layer: "go:"},
	{name: "a computation ends in its result", answer: `10 \cdot 6 \cdot 7 = 420`, reference: "420", want: Equal, layer: "go:"},
	{name: "a wrong result is not saved by a right operand", answer: "2 + 2 = 5", reference: "4", want: NotEqual, layer: "go:"},
	{name: "function prefix", answer: "f(x) = x^2 - 1", reference: "x^2-1", want: Equal, layer: "go:"},
	// \approx.
	{name: "approximation against a decimal key", answer: `\frac{70}{9} \approx 7.78`, reference: "7.78", want: Equal, layer: "go:"},
	{name: "exact value against an exact key", answer: `\frac{70}{9} \approx 7.78`, reference: `\frac{70}{9}`, want: Equal, layer: "go:"},
	{name: "a named approximation", answer: `x \approx 3.14`, reference: "3.14", want: Equal, layer: "go:"},
	// Inequalities, intervals, set-builder.
	{name: "geq equals >=", answer: `x \geq 5`, reference: "x >= 5", want: Equal, layer: "go:"},
	{name: "inequality equals its ray", answer: `x \ge 5`, reference: `[5, \infty)`, want: Equal, layer: "go:"},
	{name: "ray equals an inequality key", answer: `[5, \infty)`, reference: `x \geq 5`, want: Equal, layer: "go:"},
	{name: "reversed inequality", answer: `5 \leq x`, reference: `x \geq 5`, want: Equal, layer: "go:"},
	{name: "set-builder", answer: `\{x \mid x \geq 5\}`, reference: `[5,\infty)`, want: Equal, layer: "go:"},
	{name: "set-builder with a colon", answer: `\{x : x > 5\}`, reference: "x > 5", want: Equal, layer: "go:"},
	{name: "double inequality", answer: `-2 \le x < 7`, reference: "[-2, 7)", want: Equal, layer: "go:"},
	{name: "or of inequalities is a union", answer: `x < -1 \text{ or } x > 2`, reference: `(-\infty, -1) \cup (2, \infty)`, want: Equal, layer: "go:"},
	{name: "strict is not inclusive", answer: "x > 5", reference: `[5, \infty)`, want: NotEqual, layer: "go:"},
	{name: "a bare list is not an interval", answer: "3, 4", reference: "(3, 4]", want: NotEqual, layer: "go:structure"},
	{name: "in prefix", answer: `x \in [-2,7]`, reference: "[-2, 7]", want: Equal, layer: "go:"},
	// Solution sets vs tuples.
	{name: "or list is unordered", answer: "x = 2 or x = 3", reference: "3, 2", want: Equal, layer: "go:set"},
	{name: "tuples are ordered", answer: "(3, 2)", reference: "(2, 3)", want: NotEqual, layer: "go:tuple"},
	{name: "plus minus is a pair of solutions", answer: `x = \pm 3`, reference: "3, -3", want: Equal, layer: "go:set"},
	{name: "plain braces only group", answer: "{1,3}", reference: "(1,3)", want: Equal, layer: "go:"},
	{name: "an open-ended list is not finite", answer: "1, 2, 3, ...", reference: "1, 2, 3", want: NotEqual, layer: "go:"},
	// Matrices and vectors.
	{name: "pmatrix equals bmatrix", answer: `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, reference: `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`, want: Equal, layer: "go:matrix"},
	{name: "nested list equals a matrix", answer: "[[1, 2], [3, 4]]", reference: `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, want: Equal, layer: "go:matrix"},
	{name: "sympy Matrix equals a matrix", answer: "Matrix([[1, 2], [3, 4]])", reference: `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, want: Equal, layer: "go:matrix"},
	{name: "transposed nested list differs", answer: "[[1, 3], [2, 4]]", reference: `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, want: NotEqual, layer: "go:matrix"},
	{name: "angle vector equals a column", answer: `\langle -2, -14, -7 \rangle`, reference: `\begin{pmatrix} -2 \\ -14 \\ -7 \end{pmatrix}`, want: Equal, layer: "go:matrix"},
	{name: "negated matrix", answer: `\begin{pmatrix} -1 & 0 \\ 0 & -1 \end{pmatrix}`, reference: `-\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}`, want: Equal, layer: "go:matrix"},
	{name: "row is not a column", answer: `\begin{pmatrix} 1 & 2 \end{pmatrix}`, reference: `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`, want: NotEqual, layer: "go:matrix"},
	// Mixed numbers, scientific notation, scale words, bases.
	{name: "latex mixed number", answer: `1\frac{4}{5}`, reference: "1.8", want: Equal, layer: "go:"},
	{name: "plain mixed number", answer: "3 1/3", reference: `\frac{10}{3}`, want: Equal, layer: "go:"},
	{name: "scientific e", answer: "3.2E-4", reference: "0.00032", want: Equal, layer: "go:"},
	{name: "scientific times", answer: `9 \times 10^8`, reference: "900,000,000", want: Equal, layer: "go:"},
	{name: "million", answer: "2.5 million", reference: "2500000", want: Equal, layer: "go:"},
	{name: "base numerals with the same digits", answer: "4210_5", reference: "4210_{5}", want: Equal, layer: "go:"},
	{name: "base numerals with other digits", answer: "1112122_3", reference: "1112112_3", want: NotEqual, layer: "go:string"},
	// Floats vs exact values.
	{name: "a third to three places is not a third by default", answer: "0.333", reference: `\frac13`, want: NotEqual, layer: "go:decimal"},
	{name: "a third to three places at three decimals", answer: "0.333", reference: `\frac13`, checker: Checker{Decimals: 3}, want: Equal, layer: "go:decimal"},
	{name: "a third against a three-place key at three decimals", answer: `\frac{1}{3}`, reference: "0.333", checker: Checker{Decimals: 3}, want: Equal, layer: "go:decimal"},
	{name: "not at four decimals", answer: "0.333", reference: `\frac13`, checker: Checker{Decimals: 4}, want: NotEqual, layer: "go:decimal"},
	{name: "values that round to zero are not equal at any precision", answer: "0.0000001", reference: "0.0000002", checker: Checker{Decimals: 6}, want: NotEqual, layer: "go:decimal"},
	{name: "exact values are never rounded", answer: `\frac{1}{2004!}`, reference: `\frac{1}{2006!}`, checker: Checker{Decimals: 3}, want: NotEqual, layer: "go:rational"},
	{name: "stated rounding", answer: "33.3", reference: `\frac{100}{3}`, checker: Checker{Rounding: RoundStated}, want: Equal, layer: "go:decimal"},
	{name: "stated rounding needs the correct rounding", answer: "0.6666", reference: `\frac{2}{3}`, checker: Checker{Rounding: RoundStated}, want: NotEqual, layer: "go:decimal"},
	{name: "two stated decimals agree at the coarser places", answer: "16386.169", reference: "16386.17", want: Equal, layer: "go:decimal"},
	{name: "two stated decimals that differ in the last place", answer: "16386.17", reference: "16386.16", want: NotEqual, layer: "go:decimal"},
}

func TestEquivalenceRules(t *testing.T) {
	for _, tc := range fastRuleCases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.checker
			o := c.CompareText(t.Context(), tc.answer, tc.reference)
			if o.Verdict != tc.want || !strings.HasPrefix(o.Layer, tc.layer) {
				t.Fatalf("CompareText(%q, %q) = %+v, want %s by %s*", tc.answer, tc.reference, o, tc.want, tc.layer)
			}
		})
	}
}

// Rules that need SymPy (the answer or the gold is symbolic).
var sandboxRuleCases = []ruleCase{
	{name: "negated inequality", answer: "-x > -1", reference: "x < 1", want: Equal, layer: "sympy:"},
	{name: "pi at two decimals", answer: "3.14", reference: `\pi`, checker: Checker{Decimals: 2}, want: Equal, layer: "sympy:numeric"},
	{name: "pi is not 3.14 by default", answer: "3.14", reference: `\pi`, want: NotEqual, layer: "sympy:numeric"},
	{name: "pi within a relative tolerance of 1e-3", answer: "3.14", reference: `\pi`, checker: Checker{RelTol: 1e-3}, want: Equal, layer: "sympy:numeric"},
	{name: "stated rounding of a radical", answer: "1.4142", reference: `\sqrt{2}`, checker: Checker{Rounding: RoundStated}, want: Equal, layer: "sympy:numeric"},
	{name: "stated rounding of a radical must round correctly", answer: "1.4143", reference: `\sqrt{2}`, checker: Checker{Rounding: RoundStated}, want: NotEqual, layer: "sympy:numeric"},
	{name: "named approximation of a radical with stated rounding", answer: `x \approx 2.449`, reference: `\sqrt{6}`, checker: Checker{Rounding: RoundStated}, want: Equal, layer: "sympy:numeric"},
	{name: "radical at three decimals", answer: "2.449", reference: `\sqrt{6}`, checker: Checker{Decimals: 3}, want: Equal, layer: "sympy:numeric"},
	{name: "equivalent plane equations", answer: "-34x-45y+20z-100=0", reference: "34x+45y-20z+100=0", want: Equal, layer: "sympy:equation"},
	{name: "an expression is not an equation", answer: "11a+c", reference: "7 = 11a+c", want: NotEqual, layer: "sympy:"},
	{name: "radicals in an interval end", answer: `x \le 2^{1/2}`, reference: `(-\infty, \sqrt{2}]`, want: Equal, layer: "sympy:"},
}

func TestEquivalenceRulesSandbox(t *testing.T) {
	pool := testPool(t)
	for _, tc := range sandboxRuleCases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.checker
			c.Runner = pool
			o := c.CompareText(t.Context(), tc.answer, tc.reference)
			if o.Verdict != tc.want || !strings.HasPrefix(o.Layer, tc.layer) {
				t.Fatalf("CompareText(%q, %q) = %+v, want %s by %s*", tc.answer, tc.reference, o, tc.want, tc.layer)
			}
		})
	}
}

func TestGrade(t *testing.T) {
	aqua := "A car ... ?\nAnswer Choices: (A) 21 (B) 21.5 (C) 22 (D) 22.5 (E) 23"
	cases := []struct {
		name, response string
		key            Key
		want           Verdict
		method, layer  string
	}{
		{"a letter answer against a letter key", "The answer is (C).", Key{Answer: "C", Problem: aqua}, Equal, MethodFinalAnswerPhrase, "go:choice"},
		{"another letter", "Answer: B", Key{Answer: "C", Problem: aqua}, NotEqual, MethodFinalAnswerPhrase, "go:choice"},
		{"the option's value against a letter key", `So it is $\boxed{22}$.`, Key{Answer: "C", Problem: aqua}, Equal, MethodBoxed, "go:"},
		{"another option's value", `So it is $\boxed{21.5}$.`, Key{Answer: "C", Problem: aqua}, NotEqual, MethodBoxed, "go:"},
		{"a letter answer against a value key with options", "I pick (C).", Key{Answer: "22", Problem: aqua}, Equal, MethodChoiceLetter, "go:"},
		{"a value against a letter key with unknown options is undecided", `$\boxed{22}$`, Key{Answer: "C"}, Undecided, MethodBoxed, "go:choice"},
		{"a lower-case option letter", "So the answer is option (b).", Key{Answer: "B", Problem: aqua}, Equal, MethodFinalAnswerPhrase, "go:choice"},
		{"percent question: the key is in percent", `$\boxed{40\%}$`, Key{Answer: "40", Problem: "By what percent was the price reduced?"}, Equal, MethodBoxed, "go:percent"},
		{"no percent question: 40% is not 40", `$\boxed{40\%}$`, Key{Answer: "40", Problem: "How many students failed?"}, NotEqual, MethodBoxed, "go:percent"},
		{"several boxes form a tuple for a tuple key", `So $x = \boxed{2}$ and $y = \boxed{-3}$.`, Key{Answer: "(2, -3)"}, Equal, MethodBoxed, "go:tuple"},
		{"no answer", "I do not know.", Key{Answer: "5"}, NotEqual, "", LayerNoAnswer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c Checker
			g := c.Grade(t.Context(), tc.response, tc.key)
			if g.Outcome.Verdict != tc.want || g.Answer.Method != tc.method || !strings.HasPrefix(g.Outcome.Layer, tc.layer) {
				t.Fatalf("Grade(%q, %+v) = %+v, want %s by %s* via %q", tc.response, tc.key, g, tc.want, tc.layer, tc.method)
			}
		})
	}
}

func TestParseChoices(t *testing.T) {
	cases := []struct {
		name, problem string
		want          []Choice
	}{
		{"aqua answer choices", "Which?\nAnswer Choices: (A) 21 (B) 21.5 (C) $22", []Choice{{"A", "21"}, {"B", "21.5"}, {"C", "$22"}}},
		{"letters with a closing parenthesis", "Pick one.\nA) 5\nB) 6\nC) seven", []Choice{{"A", "5"}, {"B", "6"}, {"C", "seven"}}},
		{"AMC bold letters", `$\textbf{(A) }10 \qquad \textbf{(B) }11 \qquad \textbf{(C) }12$`, []Choice{{"A", "10"}, {"B", "11"}, {"C", "12$"}}},
		{"no options", "Find x if 2x = 6. (This is part A.)", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseChoices(tc.problem)
			if len(got) != len(tc.want) {
				t.Fatalf("ParseChoices(%q) = %+v, want %+v", tc.problem, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("ParseChoices(%q)[%d] = %+v, want %+v", tc.problem, i, got[i], tc.want[i])
				}
			}
		})
	}
}
