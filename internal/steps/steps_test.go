package steps

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
)

// wrongTexts lists the Text of the wrong steps.
func wrongTexts(r Result) []string {
	var out []string
	for _, w := range r.Wrong {
		out = append(out, w.Text)
	}
	return out
}

type checkCase struct {
	name        string
	solution    string
	wantSteps   int
	wantChecked int
	wantWrong   []string
}

func runCheckCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(tc.solution)
			if r.Steps != tc.wantSteps || r.Checked != tc.wantChecked || fmt.Sprint(wrongTexts(r)) != fmt.Sprint(tc.wantWrong) {
				t.Errorf("Check(%q)\n got steps=%d checked=%d wrong=%q\nwant steps=%d checked=%d wrong=%q",
					tc.solution, r.Steps, r.Checked, wrongTexts(r), tc.wantSteps, tc.wantChecked, tc.wantWrong)
			}
			if r.OK() != (len(tc.wantWrong) == 0) {
				t.Errorf("OK() = %v", r.OK())
			}
		})
	}
}

func TestCheckAnnotations(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"a correct annotation passes", "Half is 48/2 = <<48/2=24>>24 clips.\n#### 24", 1, 1, nil},
		{"an altered result is flagged", "Half is 48/2 = <<48/2=25>>25 clips.\n#### 25", 1, 1, []string{"<<48/2=25>>"}},
		{"division with a decimal result is exact", "<<7/2=3.5>>", 1, 1, nil},
		{"a rounded decimal claim passes", "<<10/3=3.33>>", 1, 1, nil},
		{"a truncated decimal claim passes", "<<2/3=.66>>", 1, 1, nil},
		{"a claim off by a whole unit of its last place is flagged", "<<2/3=.65>>", 1, 1, []string{"<<2/3=.65>>"}},
		{"trailing zeros in the claim", "<<2*15=30.00>>", 1, 1, nil},
		{"parentheses and precedence", "<<100+(100*(10/100))=110>> <<2+3*4=14>>", 2, 2, nil},
		{"annotations are formal: no left-to-right reading", "<<2+3*4=20>>", 1, 1, []string{"<<2+3*4=20>>"}},
		{"exponent with **", "<<2**10=1024>>", 1, 1, nil},
		{"exponent with ^", "<<3^4=81>>", 1, 1, nil},
		{"percentages as hundredths", "<<50%*20=10>>", 1, 1, nil},
		{"negative results", "<<3-5=-2>>", 1, 1, nil},
		{"an annotation with a variable is a step but not checked", "<<x*2=10>>", 1, 0, nil},
		{"an annotation without = is a step but not checked", "<<12>>", 1, 0, nil},
		{"a bare value annotation is checked", "<<1148=1148>>", 1, 1, nil},
		{"several annotations on several lines", "a <<1+1=2>>\nb <<2*3=7>>\nc <<9-1=8>>", 3, 3, []string{"<<2*3=7>>"}},
		{"the text repeating an annotation is not a second step", "16 - 3 - 4 = <<16-3-4=9>>9 eggs", 1, 1, nil},
		{"text that differs from its annotation is checked too", "6*2.5 = $<<6*3=18.00>>18.00", 2, 2, []string{"6*2.5 = $18.00"}},
	})
}

func TestCheckInlineSteps(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"unicode times", "He buys 5 × 3 = 15 apples.", 1, 1, nil},
		{"addition", "So 12 + 7 = 19.", 1, 1, nil},
		{"a wrong addition is flagged", "So 12 + 7 = 20.", 1, 1, []string{"12 + 7 = 20"}},
		{"LaTeX fraction times a number", `We get $\frac{3}{4} \cdot 8 = 6$.`, 1, 1, nil},
		{"plain power", "2^3=8", 1, 1, nil},
		{"plain power after a word", "so 2^3=8 and", 1, 1, nil},
		{"a chain of sums", "In all 2 + 3 + 4 = 9 pens.", 1, 1, nil},
		{"an equality chain checks the last link", `$2 + 3 = 4 + 1 = 5$`, 1, 1, nil},
		{"a wrong last link is flagged", `$2 + 3 = 4 + 1 = 6$`, 1, 1, []string{"4 + 1 = 6"}},
		{"LaTeX times with units after", `$5 \times 3 = 15$ apples`, 1, 1, nil},
		{"a text unit group after the claim", `$5 \times 3 = 15\text{ cm}$`, 1, 1, nil},
		{"x as multiplication between numbers", "10 x 10 = 100 tiles", 1, 1, nil},
		{"currency signs and thousands separators", "$40,000+$16,000 = $56,000", 1, 1, nil},
		{"LaTeX thousands separator", `$2 \cdot 5{,}000 = 10{,}000$`, 1, 1, nil},
		{"escaped dollar signs", `$20\cdot \$2=\$40$`, 1, 1, nil},
		{"binomial coefficient", `$\binom{5}{2} = 10$`, 1, 1, nil},
		{"factorial", `$4! = 24$`, 1, 1, nil},
		{"a wrong factorial is flagged", `Since $9! = 326880$,`, 1, 1, []string{"9! = 326880"}},
		{"perfect square root", `$\sqrt{169} = 13$`, 1, 1, nil},
		{"implicit multiplication", "40+2(120)=280", 1, 1, nil},
		{"fraction claim", `$\frac{1}{5}\cdot \frac{3}{3}=\frac{3}{15}$`, 1, 1, nil},
		{"slash fraction claim", "1/2 * 2/2 = 2/4 skein", 1, 1, nil},
		{"percent claim read as hundredths", "3/5 = 60% are red", 1, 1, nil},
		{"percent claim read as a number", ".24 * 100 = 24%", 1, 1, nil},
		{"percent arithmetic", "100% - 80% = 20%", 1, 1, nil},
		{"mixed number", `$2\frac{1}{2} \cdot 2 = 5$`, 1, 1, nil},
		{"division by a fraction written with spaces", "he used 25 / 1/3 = 75 decorations", 1, 1, nil},
		{"numerator over denominator written flat", "so 500 * 18 / 60 * 5 = 30 km", 1, 1, nil},
		{"running left-to-right computation", "then 5 + 3 * 2 = 16 in total", 1, 1, nil},
		{"dollars to cents", "He spends 50 cents because $1 / 2 = 50 cents", 1, 1, nil},
		{"scale word in the line", "losing 5 thousand dollars, so 5 * 3 = $15,000.", 1, 1, nil},
		{"a claim truncated with an ellipsis", `$\frac{2}{3} = 0.666\ldots$`, 1, 1, nil},
		{"align environment", "\\begin{align*}\n2 \\cdot 3 &= 6 \\\\\n6 + 1 &= 8\n\\end{align*}", 2, 2, []string{"6 + 1 &= 8"}},
		{"negative claim", "$1-3-10+24 = -12$", 1, 1, []string{"1-3-10+24 = -12"}},
		{"degrees after the claim", `$180 - 40 = 140^\circ$`, 1, 1, nil},
		{"the claim ends a sentence", "The total is 3 * 4 = 12. Then", 1, 1, nil},
	})
}

func TestCheckSkipsWhatIsNotArithmetic(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"variables on the left", `$2x + 3 = 7$`, 0, 0, nil},
		{"a variable right before the left side", `$x - 3 + 4 = 10$`, 0, 0, nil},
		{"variable claim", `$3 + 4 = x$`, 0, 0, nil},
		{"claim followed by a variable", `$2 \cdot 3 = 6x$`, 0, 0, nil},
		{"a bare number is not a computation", "1 hour = 60 minutes", 0, 0, nil},
		{"a percentage alone is not a computation", "If 20% = 10 apples then 100% = 50", 0, 0, nil},
		{"function arguments", `$f(2) = 5$ and $g(1 + 1) = 7$`, 0, 0, nil},
		{"subscripts", `$a_3 + 1 = 9$`, 0, 0, nil},
		{"ratios", "the ratio 3:2 = 1.5 and 2 + 2 = 4:1", 0, 0, nil},
		{"times of day", "at 3:30 + 2 = 5:30", 0, 0, nil},
		{"clock times with leading zeros", "i.e. 0900-0130 = 0730 hours", 0, 0, nil},
		{"ranges after the claim", "2 + 3 = 5-6 pages", 0, 0, nil},
		{"a right side that is an expression", "2 + 3 = 4 + 1", 0, 0, nil},
		{"irrational square root is a step but not checked", `$\sqrt{2} \cdot 2 = 3$`, 1, 0, nil},
		{"non-integer exponent is a step but not checked", "2^0.5 = 1", 1, 0, nil},
		{"division by zero is a step but not checked", "5/0 = 1", 1, 0, nil},
		{"modular arithmetic", `so $2^3 = 1$ modulo 7`, 1, 0, nil},
		{"congruence line", `$3 \cdot 5 = 1$, i.e. $15 \equiv 1$`, 1, 0, nil},
		{"numbers in another base", "in base two, 11 + 1 = 100", 1, 0, nil},
		{"a label word before the left side", "10 pages per day on day 1 * 2 = 20 pages", 0, 0, nil},
		{"a binding word before the left side", "half of 10 + 2 = 7 is wrong? no", 0, 0, nil},
		{"a function name before the left side", `$\sin 30 = 0.5$`, 0, 0, nil},
		{"a mixed number in words", "it takes 17/3 = 5 and 2/3 loads", 0, 0, nil},
		{"a multiplier word after the claim", "3 * 500 = 1.5 million", 0, 0, nil},
		{"expression continued on the next line", "$2(12) - 2(2) = 24\n- 4 = 20$", 0, 0, nil},
		{"expression continued from the previous line", "$7\\cdot 6\\cdot\n5\\cdot 4\\cdot 3 = 2520$", 0, 0, nil},
		{"an unclosed parenthesis after an operator", "$100+($100*(10/100) = $110", 0, 0, nil},
		{"a decimal point typed with a space", ".8 + . 84 + .82 = 2.46", 0, 0, nil},
		{"a thousands group typed with a space", "because 14, 400 / 80 = 180", 0, 0, nil},
		{"a letter-like text group after the claim", `there are $9!/(4!\cdot 5!)=9\textbf{C}4$ ways`, 0, 0, nil},
		{"comparison operators are not equalities", "2 + 2 <= 5 and 3 >= 1 + 1 and 4 != 2 + 3", 0, 0, nil},
		{"modulus notation after the claim", `$3 \cdot 5 = 1 \pmod 7$`, 0, 0, nil},
		{"asy code is not arithmetic", "[asy]\ndraw((0,0)--(1,1));\nreal r = 2;\n[/asy]", 0, 0, nil},
	})
}

func TestStepFields(t *testing.T) {
	r := Check("First line.\nHe pays $4200+$3000 = $8600 in all.\n#### 7200")
	if len(r.Wrong) != 1 {
		t.Fatalf("got %+v", r)
	}
	want := Step{Kind: KindInline, Line: 2, Text: "$4200+$3000 = $8600", Expr: "$4200+$3000", Claimed: "$8600", Computed: "7200"}
	if r.Wrong[0] != want {
		t.Errorf("got %+v\nwant %+v", r.Wrong[0], want)
	}
	r = Check("a\nb <<1/3=0.5>>")
	want = Step{Kind: KindAnnotation, Line: 2, Text: "<<1/3=0.5>>", Expr: "1/3", Claimed: "0.5", Computed: "1/3 (≈0.333333)"}
	if len(r.Wrong) != 1 || r.Wrong[0] != want {
		t.Errorf("got %+v\nwant %+v", r.Wrong, want)
	}
}

func TestEvaluateExactly(t *testing.T) {
	cases := []struct {
		expr string
		want string // exact value as a big.Rat string, or the error
	}{
		{"2**10", "1024"},
		{"2^{10}", "1024"},
		{"2^3^2", "512"},
		{"-2^2", "-4"},
		{"(-2)^2", "4"},
		{"2^-2", "1/4"},
		{"(1+2)*3", "9"},
		{"10 - 4 - 3", "3"},
		{"7/2", "7/2"},
		{"1/3 + 1/6", "1/2"},
		{"0.1 + 0.2", "3/10"},
		{".5 * 4", "2"},
		{"50% * 20", "10"},
		{`\frac{3}{4} \cdot 8`, "6"},
		{`\dfrac{1}{2}\times 4`, "2"},
		{`\frac12 + \frac14`, "3/4"},
		{`\sqrt{16} + \sqrt{\frac{9}{4}}`, "11/2"},
		{`\binom{5}{2}`, "10"},
		{"5!", "120"},
		{"2(3+4)", "14"},
		{"(2)(3)", "6"},
		{`2\frac{1}{2}`, "5/2"},
		{"1,000 * 2", "2000"},
		{`10{,}000 / 4`, "2500"},
		{`\left( 1 + 2 \right) \cdot 3`, "9"},
		{"12 ÷ 4 − 1", "2"},
		{`\sqrt{2}`, errInexact.Error()},
		{"2^0.5", errInexact.Error()},
		{"1/0", errDivZero.Error()},
		{"10^100000", errTooLarge.Error()},
		{"1000!", "ok"}, // within the factorial limit
		{"1001!", errInexact.Error()},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			tree, err := parseExpr(lex(tc.expr), reading{})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			v, err := tree.eval(interp{})
			got := ""
			switch {
			case err != nil:
				got = err.Error()
			case tc.want == "ok":
				got = "ok"
			default:
				got = v.RatString()
			}
			if got != tc.want {
				t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
			}
		})
	}
}

func TestParseRejectsNonArithmetic(t *testing.T) {
	for _, expr := range []string{"", "2 +", "* 3", "(1 + 2", "2 3", "x + 1", `\sqrt[3]{8}`, "5!!", "2 x y"} {
		if tree, err := parseExpr(lex(expr), reading{}); err == nil {
			t.Errorf("parse(%q) = %s, want an error", expr, tree)
		}
	}
}

func TestFormatRat(t *testing.T) {
	cases := []struct{ in, want string }{
		{"24", "24"}, {"-3", "-3"}, {"7/2", "3.5"}, {"1/8", "0.125"}, {"1/3", "1/3 (≈0.333333)"}, {"-2/3", "-2/3 (≈-0.666667)"},
	}
	for _, tc := range cases {
		r, _ := new(big.Rat).SetString(tc.in)
		if got := formatRat(r); got != tc.want {
			t.Errorf("formatRat(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckNeverPanicsOnOddInput(t *testing.T) {
	inputs := []string{
		"", "=", "==", "= =", "<<>>", "<<=>>", "<<1=>>", "<<=1>>", "1 =", "= 1", "$$", `\`, `\frac{`, "((((1", "1)))) = 1",
		strings.Repeat("(", 1000) + "1 = 1", "2^2^2^2^2^2^2^2 = 4", "9999999999999999999^9999 = 1", `\frac{1}{0} = 1`,
		"\xff\xfe = 3", "1e5 * 2 = 200000", "½ + ½ = 1",
	}
	for _, in := range inputs {
		_ = Check(in)
	}
}
