package dedup

import (
	"strings"
	"testing"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lowercases and drops sentence punctuation", "What is 2 + 3? Explain!", "what is 2 + 3 explain"},
		{"keeps decimal numbers whole", "The price rose to 3.50 dollars.", "the price rose to 3.50 dollars"},
		{"removes thousands separators", "It costs $1,250,000 in total", "it costs 1250000 in total"},
		{"keeps a comma between list numbers", "the set 1,2,3", "the set 1 2 3"},
		{"splits a number glued to a variable", "Solve 3x+5=20.", "solve 3 x + 5 = 20"},
		{"strips math delimiters and braces", `If $f(x) = \frac{1}{x}$, find $f(2)$.`, "if f x = frac 1 x find f 2"},
		{"maps dfrac and tfrac to frac", `$\dfrac{a}{b} + \tfrac{c}{d}$`, "frac a b + frac c d"},
		{"drops formatting commands and keeps their argument", `$\left( \text{area} \right) \mathrm{cm}^2$`, "area cm ^ 2"},
		{"maps comparison and product commands", `$a \le b \cdot c \neq d \geq e$`, "a <= b * c != d >= e"},
		{"maps unicode look-alikes", "3 × 4 − 2 ≤ 10 ÷ 2", "3 * 4 - 2 <= 10 / 2"},
		{"keeps other command names", `$\sqrt{2}\pi$`, "sqrt 2 pi"},
		{"spacing commands vanish", `$a\,b\;c\!d\quad e$`, "a b c d e"},
		{"joins apostrophes and curly apostrophes", "Janet’s ducks and Tom's cat", "janets ducks and toms cat"},
		{"hyphenated words split outside math", "a two-digit number", "a two digit number"},
		{"hyphen is minus inside math", "$x-y$", "x - y"},
		{"percent becomes a word", `5% and 7\%`, "5 percent and 7 percent"},
		{"full-width forms fold to ASCII", "ＡＢ１２３", "ab 123"},
		{"Han characters are single tokens", "已知集合，求", "已 知 集 合 求"},
		{"whitespace collapses", "  a\n\tb   c  ", "a b c"},
		{"empty stays empty", " \n ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeText(tc.in); got != tc.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeTextIsIdempotent(t *testing.T) {
	for _, s := range []string{
		`If $f(x) = \dfrac{3x-2}{x-2}$, what is $f(-2)+f(-1)$?`,
		"Janet’s ducks lay 16 eggs per day; 1,000 two-digit numbers.",
		"已知集合 $M=\\{x|x+2\\geq 0\\}$",
	} {
		once := NormalizeText(s)
		if twice := NormalizeText(once); twice != once {
			t.Errorf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
	}
}

func TestExactKey(t *testing.T) {
	base := "Find the number of positive divisors of 360."
	same := []struct{ name, text string }{
		{"different case", "FIND THE NUMBER OF POSITIVE DIVISORS OF 360."},
		{"extra whitespace", "Find  the number of\npositive divisors of 360 ."},
		{"changed punctuation", "Find the number of positive divisors of 360!"},
		{"latex markup", `Find the number of positive divisors of $360$.`},
	}
	want := ExactKey(base)
	if len(want) != 32 || strings.Trim(want, "0123456789abcdef") != "" {
		t.Fatalf("ExactKey = %q, want 32 hex digits", want)
	}
	for _, tc := range same {
		t.Run("same key for "+tc.name, func(t *testing.T) {
			if got := ExactKey(tc.text); got != want {
				t.Errorf("ExactKey(%q) = %s, want %s", tc.text, got, want)
			}
		})
	}
	t.Run("different number gives a different key", func(t *testing.T) {
		if ExactKey("Find the number of positive divisors of 480.") == want {
			t.Error("keys of different problems collide")
		}
	})
}
