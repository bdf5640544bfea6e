package evolve

import (
	"math/big"
	"testing"
)

func TestTextNumbers(t *testing.T) {
	type want struct {
		text               string
		exponent, attached bool
	}
	cases := []struct {
		name string
		text string
		want []want
	}{
		{"plain numbers and money", "Weng earns $12 an hour for 50 minutes.", []want{{"12", false, false}, {"50", false, false}}},
		{"thousands separators are one number", "It costs $1,200.50 in total.", []want{{"1,200.50", false, false}}},
		{"a list with spaces is several numbers", "through $(1, 20)$", []want{{"1", false, false}, {"20", false, false}}},
		{"superscripts are exponents", "$x^{2} + x^3 - 8x$", []want{{"2", true, false}, {"3", true, false}, {"8", false, false}}},
		{"subscripts and names are attached", "$x_1 + x_{12}$ and {p2_answer}", []want{{"1", false, true}, {"12", false, true}, {"2", false, true}}},
		{"ordinals are attached", "on the 3rd day and the 21st", []want{{"3", false, true}, {"21", false, true}}},
		{"LaTeX fractions are free numbers", `$\frac{3}{4}$`, []want{{"3", false, false}, {"4", false, false}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := TextNumbers(c.text)
			if len(got) != len(c.want) {
				t.Fatalf("TextNumbers(%q) found %d numbers %+v, want %d", c.text, len(got), got, len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				if g.Text != w.text || g.Exponent != w.exponent || g.Attached != w.attached {
					t.Errorf("number %d = %q exp=%v att=%v, want %q exp=%v att=%v", i, g.Text, g.Exponent, g.Attached, w.text, w.exponent, w.attached)
				}
			}
		})
	}
}

func TestReplaceNumbersKeepsEachOccurrencesStyle(t *testing.T) {
	m := map[string]*big.Rat{
		"48":   big.NewRat(62, 1),
		"5/2":  big.NewRat(13, 4),
		"1200": big.NewRat(1500, 1),
	}
	cases := []struct {
		name, in, want string
	}{
		{"every free occurrence changes", "She sold 48 clips; 48 in all.", "She sold 62 clips; 62 in all."},
		{"decimal places are kept or extended", "It costs $2.50, i.e. 2.5 dollars.", "It costs $3.25, i.e. 3.25 dollars."},
		{"separators are kept", "A car costs $1,200.", "A car costs $1,500."},
		{"attached digits are left alone", "$x_48$ and p48 stay, 48 moves", "$x_48$ and p48 stay, 62 moves"},
		{"other numbers are left alone", "49 and 480 stay", "49 and 480 stay"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ReplaceNumbers(c.in, m); got != c.want {
				t.Errorf("ReplaceNumbers(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
