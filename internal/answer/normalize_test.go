package answer

import "testing"

func TestNormalize(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"math delimiters go", `$\frac{1}{2}$`, `\frac{1}{2}`},
		{"display delimiters go", `\[ x^2 \]`, `x^2`},
		{"left and right go", `\left( 3, \frac{\pi}{2} \right)`, `(3,\frac{\pi}{2})`},
		{"left brace set keeps the escaped braces", `\left\{ 1, 2 \right\}`, `\{1,2\}`},
		{"invisible left delimiter goes", `\left. x \right|`, `x|`},
		{"dfrac and tfrac become frac", `\dfrac{3}{4}+\tfrac{1}{2}`, `\frac{3}{4}+\frac{1}{2}`},
		{"text wrapper of a number", `\text{13}`, `13`},
		{"mathrm e is unwrapped", `\mathrm{e}^{2}`, `e^{2}`},
		{"text and becomes a comma", `1 \text{ and } 2`, `1,2`},
		{"units in text go", `5\text{ cm}`, `5`},
		{"squared units in text go", `5\text{ cm}^2`, `5`},
		{"bare unit words go", `12 square feet`, `12`},
		{"plural nouns in text go", `7 \text{ apples}`, `7`},
		{"dollar sign and word go", `\$20 dollars`, `20`},
		{"degrees circ goes", `30^\circ`, `30`},
		{"degrees braced circ goes", `30^{\circ}`, `30`},
		{"degree sign goes", `45°`, `45`},
		{"percent is kept as a marker", `3\%`, `3%`},
		{"percent word becomes a marker", `25 percent`, `25%`},
		{"thousands separators go for one number", `100,000`, `100000`},
		{"latex thousands grouping goes", `1{,}000{,}000`, `1000000`},
		{"thin space thousands go", `1\,000`, `1000`},
		{"a list keeps its commas", `1, 2, 3`, `1,2,3`},
		{"negative thin space goes", `2\!\cdot 3`, `2\cdot 3`},
		{"trailing period goes", `42.`, `42`},
		{"leading dot gets a zero", `.5`, `0.5`},
		{"negative leading dot", `-.25`, `-0.25`},
		{"frac shorthand digits", `\frac12`, `\frac{1}{2}`},
		{"frac shorthand letters", `\frac ab`, `\frac{a}{b}`},
		{"frac shorthand mixed", `\frac1{x}`, `\frac{1}{x}`},
		{"sqrt shorthand", `\sqrt3`, `\sqrt{3}`},
		{"sqrt with parentheses gets braces", `4\sqrt(2)`, `4\sqrt{2}`},
		{"plain sqrt becomes latex", `sqrt(2)/2`, `\sqrt{2}/2`},
		{"plain pi becomes latex", `pi/2`, `\pi/2`},
		{"plain power and product", `2*x**2`, `2\cdot x^2`},
		{"plain exp becomes latex", `-1+exp(16)`, `-1+\exp(16)`},
		{"infinity words", `-inf`, `-\infty`},
		{"unicode minus and pi", `−2π`, `-2\pi`},
		{"command spacing is kept for letters", `\pi r^2`, `\pi r^2`},
		{"x in prefix goes", `x \in [0, 1)`, `[0,1)`},
		{"mixed number in plain text", `7 3/4`, `7\frac{3}{4}`},
		{"boxed inside is unwrapped", `\boxed{5}`, `5`},
		{"operatorname of a known function", `\operatorname{arctan}(1)`, `\arctan(1)`},
		{"secant is not a unit", `\sec^2 y`, `\sec^2y`},
		{"variable after number is not a unit", `5x`, `5x`},
		{"le is canonical", `x \leq 3`, `x\le 3`},
		{"ne becomes the grammar's neq", `x \ne 3`, `x\neq 3`},
		{"plain scientific notation becomes latex", `1.5e-3`, `1.5\times 10^{-3}`},
		{"euler e is not scientific notation", `2e^{3}`, `2e^{3}`},
		{"approx is kept for the comparison to read", `x \approx 3.14`, `x\approx 3.14`},
		{"unicode approx and simeq become approx", `x ≈ 3.14`, `x\approx 3.14`},
		{"leading approx goes", `\approx 3.14`, `3.14`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Fatalf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
