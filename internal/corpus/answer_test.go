package corpus

import "testing"

func TestGSM8KAnswer(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"number after the marker", "a\nb\n#### 72", "72", true},
		{"the last marker wins", "#### 1\n#### 2", "2", true},
		{"spaces are trimmed", "x\n####   1,000  ", "1,000", true},
		{"no marker", "x = 4", "", false},
		{"empty marker", "x\n####", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := GSM8KAnswer(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("GSM8KAnswer(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestLastBoxed(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"simple", `so $\boxed{5}$.`, "5", true},
		{"the last one wins", `$\boxed{1}$ or $\boxed{2}$`, "2", true},
		{"nested braces", `$\boxed{\frac{1}{2}}$`, `\frac{1}{2}`, true},
		{"escaped braces inside", `$\boxed{\{1,2\}}$`, `\{1,2\}`, true},
		{"space before the brace", `$$\boxed {17}.$$`, "17", true},
		{"brace-less form", `is $\boxed 2$.`, "2", true},
		{"fbox", `is $\fbox{12}$.`, "12", true},
		{"a longer command is not boxed", `$\boxedx{3}$`, "", false},
		{"unbalanced", `$\boxed{1$`, "", false},
		{"none", `no answer`, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := LastBoxed(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("LastBoxed(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestNormalizeAnswer(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"integer unchanged", "72", "72"},
		{"thousands commas removed", "1,000", "1000"},
		{"several groups", "1,450,000", "1450000"},
		{"LaTeX thousands separators", `10,\!000`, "10000"},
		{"braced comma separator", `10{,}000`, "10000"},
		{"thin space separator", `10\,000`, "10000"},
		{"currency prefix dropped", "$18", "18"},
		{"escaped currency dropped", `\$5.50`, "5.5"},
		{"trailing zero decimals", "5.0", "5"},
		{"leading zeros and plus", "+007", "7"},
		{"bare fraction part", ".5", "0.5"},
		{"negative", "-10", "-10"},
		{"negative zero", "-0.0", "0"},
		{"spaces trimmed", "  42 ", "42"},
		{"comma list is not a number", "1,2", "1,2"},
		{"badly grouped commas kept", "1,00", "1,00"},
		{"LaTeX kept", `\frac{1}{2}`, `\frac{1}{2}`},
		{"percent kept", "50%", "50%"},
		{"text kept", "Monday", "Monday"},
		{"lone point kept", ".", "."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeAnswer(tc.in); got != tc.want {
				t.Errorf("NormalizeAnswer(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
