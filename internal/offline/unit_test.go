package offline

import (
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func TestExpressionLanguage(t *testing.T) {
	env := map[string]int64{"a": 7, "b": -3, "n": 36}
	cases := []struct {
		name string
		src  string
		want int64
	}{
		{"precedence of times over plus", "1 + 2 * 3", 7},
		{"power is right associative", "2 ** 3 ** 2", 512},
		{"unary minus binds looser than power", "-2 ** 2", -4},
		{"floor division rounds down like Python", "b // 2", -2},
		{"modulo takes the sign of the divisor", "b % 5", 2},
		{"comparison chain through and", "a > 0 and b < 0", 1},
		{"not negates", "not (a == 7)", 0},
		{"gcd of several", "gcd(12, 18, 30)", 6},
		{"lcm of several", "lcm(4, 6, 10)", 60},
		{"is_square", "is_square(n)", 1},
		{"is_prime", "is_prime(a) + is_prime(n)", 1},
		{"distinct detects repeats", "distinct(a, b, 7)", 0},
		{"if chooses a branch", "if(a > 5, 10, 20)", 10},
		{"comb", "comb(10, 3)", 120},
		{"powmod", "powmod(3, 200, 13)", 9},
		{"isqrt", "isqrt(n + 1)", 6},
		{"perm", "perm(7, 3)", 210},
		{"tau counts divisors", "tau(360)", 24},
		{"sigma adds divisors", "sigma(n)", 91},
		{"phi is the totient", "phi(n)", 12},
		{"digitsum in base 10", "digitsum(4096)", 19},
		{"digitsum in base 2", "digitsum(a, 2)", 3},
		{"ndigits", "ndigits(a * 1000)", 4},
		{"subfact counts derangements", "subfact(5)", 44},
		{"val is the p-adic valuation", "val(2, 48)", 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := parseExpr(c.src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.eval(env)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s = %d, want %d", c.src, got, c.want)
			}
		})
	}
	for _, bad := range []string{"a / 2", "1 +", "foo(1)", "(1", "2 ** 99"} {
		e, err := parseExpr(bad)
		if err == nil {
			_, err = e.eval(env)
		}
		if err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestPythonScanFindsLocalsAndModules(t *testing.T) {
	code := "x, y = sympy.Symbol('x'), sympy.Symbol('y')\n" +
		"vals = [k * k for k in range(3)]\n" +
		"d = sympy.solve([x + y - 2], [x, y], dict=True)\n" +
		"total = 0\n" +
		"for item in vals:\n    total += item\n" +
		"m = math.comb(5, 2) + len('answer')\n" +
		"answer = total + m\n"
	scan, err := scanPython(code)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"x", "y", "vals", "k", "d", "total", "item", "m", "answer"} {
		if !scan.assigned[want] {
			t.Errorf("local %s not found (got %v)", want, sortedKeys(scan.assigned))
		}
	}
	if scan.assigned["dict"] || scan.assigned["sympy"] {
		t.Errorf("keyword argument or module taken for a local: %v", sortedKeys(scan.assigned))
	}
	if strings.Join(scan.modules, ",") != "math,sympy" {
		t.Errorf("modules = %v, want math and sympy", scan.modules)
	}
	out, err := renamePython(code, map[string]string{"x": "p1_x", "d": "p1_d", "answer": "p1_answer", "dict": "WRONG"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"p1_x, y = sympy.Symbol('x')", "[p1_x + y - 2], [p1_x, y], dict=True", "p1_answer = total"} {
		if !strings.Contains(out, want) {
			t.Errorf("renamed code lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "WRONG") || strings.Contains(out, "'p1_x'") {
		t.Errorf("renaming touched a keyword argument or a string:\n%s", out)
	}
}

func TestFiltersFormatSignedNumbers(t *testing.T) {
	cases := []struct{ filter, in, want string }{
		{"paren", "-3", "(-3)"}, {"paren", "3", "3"},
		{"signed", "-3", "- 3"}, {"signed", "3", "+ 3"},
		{"coef", "1", ""}, {"coef", "-1", "-"}, {"coef", "4", "4"},
		{"signed_coef", "1", "+ "}, {"signed_coef", "-1", "- "}, {"signed_coef", "-5", "- 5"},
		{"abs", "-7", "7"}, {"signed", "N", "+ N"},
	}
	for _, c := range cases {
		if got := applyFilters(c.in, []string{c.filter}); got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.filter, c.in, got, c.want)
		}
	}
}

func TestTranslateFillsLocalsAndBoxesTheResult(t *testing.T) {
	prog := &schemas.Program{
		Source: "import sympy\n\n\ndef solve():\n    x = sympy.Symbol('x')\n    disc = 5\n    answer = disc - 7\n    return answer\n",
		Offline: &schemas.OfflineText{
			Problem: "Find $\\frac{x}{2}$ somehow.",
			Steps:   []string{"The discriminant is ${disc}$ and $e^{ x}$ stays; $\\text{cm}$ too.", "Then $t {answer|signed}$."},
		},
	}
	exec := &schemas.Execution{Status: schemas.StatusOK,
		Result: &schemas.Value{Kind: schemas.KindInteger, Latex: "-2", Exact: "-2"},
		Locals: map[string]schemas.Value{"disc": {Kind: schemas.KindInteger, Latex: "5"}, "x": {Latex: "x"}},
	}
	problem, solution, err := Translate(prog, exec)
	if err != nil {
		t.Fatal(err)
	}
	if problem != prog.Offline.Problem {
		t.Errorf("problem changed: %q", problem)
	}
	want := "The discriminant is $5$ and $e^{ x}$ stays; $\\text{cm}$ too.\n\nThen $t - 2$.\n\nThe answer is $\\boxed{-2}$"
	if solution != want {
		t.Errorf("solution =\n%q\nwant\n%q", solution, want)
	}
}

func TestTranslateRejectsMissingLocalsAndFailedRuns(t *testing.T) {
	prog := &schemas.Program{
		Source:  "def solve():\n    roots = [1, 2]\n    answer = 3\n    return answer\n",
		Offline: &schemas.OfflineText{Problem: "p", Steps: []string{"Roots ${roots}$."}},
	}
	ok := &schemas.Execution{Status: schemas.StatusOK, Result: &schemas.Value{Kind: schemas.KindInteger, Latex: "3"}}
	if _, _, err := Translate(prog, ok); err == nil || !strings.Contains(err.Error(), "roots") {
		t.Errorf("missing local: err = %v", err)
	}
	failed := &schemas.Execution{Status: schemas.StatusTimeout}
	if _, _, err := Translate(prog, failed); err == nil {
		t.Error("translating a timed-out run succeeded")
	}
	if _, _, err := Translate(&schemas.Program{Source: prog.Source}, ok); err == nil {
		t.Error("translating a program without offline templates succeeded")
	}
}

func TestGenerateRejectsUnknownTopicsAndTooManyTopics(t *testing.T) {
	g, err := newGenerator(mustExemplars(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Generate(schemas.Seed{Topics: []schemas.TopicRef{{ID: "primary.no.such"}}}); err == nil {
		t.Error("unknown topic accepted")
	}
	id := g.Topics()[0]
	four := []schemas.TopicRef{{ID: id}, {ID: id}, {ID: id}, {ID: id}}
	if _, err := g.Generate(schemas.Seed{Topics: four}); err == nil {
		t.Error("four topics accepted")
	}
	if _, err := g.Generate(schemas.Seed{}); err == nil {
		t.Error("a seed without topics accepted")
	}
}

func TestExemplarValidationCatchesAuthoringMistakes(t *testing.T) {
	base := func() *exemplar {
		return &exemplar{ID: "t", Topic: "primary.arithmetic.place_value",
			Params: paramList{{Name: "n", Int: []int64{2, 9}}},
			Code:   "answer = {{n}} * 3\n", Ask: textAlts{"Triple ${{n}}$ ($3$ times)."},
			Noun: textAlts{"three ($3$) times ${{n}}$"}, Steps: []string{"${{answer}}$"},
			Answer: outputDecl{Kind: "integer", Min: ptr(6), Max: ptr(27)}}
	}
	if err := base().prepare(); err != nil {
		t.Fatalf("valid exemplar rejected: %v", err)
	}
	cases := []struct {
		name   string
		mutate func(*exemplar)
		want   string
	}{
		{"a code literal missing from the text", func(e *exemplar) { e.Ask = textAlts{"Triple ${{n}}$."} }, "literal 3"},
		{"a param missing from the noun", func(e *exemplar) { e.Noun = textAlts{"three ($3$) times it"} }, "param n"},
		{"code naming an API in the problem", func(e *exemplar) { e.Ask = textAlts{"Use sympy on ${{n}}$ and $3$."} }, "sympy"},
		{"no answer assigned", func(e *exemplar) { e.Code = "result = {{n}}\n" }, "answer"},
		{"I/O in code", func(e *exemplar) { e.Code = "print({{n}})\nanswer = 3\n" }, "print"},
		{"unknown placeholder", func(e *exemplar) { e.Steps = []string{"${{nope}}$"} }, "nope"},
		{"unknown filter", func(e *exemplar) { e.Ask = textAlts{"${{n|weird}}$ $3$"} }, "filter"},
		{"chained input derived by another param", func(e *exemplar) {
			e.Params = append(e.Params, &paramSpec{Name: "m", Expr: "n + 1"})
			e.Takes = []*takeDecl{{Param: "n", Min: 1, Max: 9}}
		}, "used by expr"},
		{"a take that is not an int param", func(e *exemplar) { e.Takes = []*takeDecl{{Param: "x", Min: 1, Max: 9}} }, "int param"},
		{"a take of an unknown quantity", func(e *exemplar) { e.Takes = []*takeDecl{{Param: "n", Quantity: "colour", Min: 1, Max: 9}} }, "quantity"},
		{"an unknown projection", func(e *exemplar) { e.Gives = []*giveDecl{{Take: "sqrt", Min: 1, Max: 9}} }, "projection"},
		{"an integer answer declared a probability", func(e *exemplar) { e.Answer.Quantity = "probability" }, "cannot be"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := base()
			c.mutate(e)
			err := e.prepare()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

func TestWordsFilterWritesListsAsWords(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"a sympy list", `\left[ 12, \  29\right]`, "$12$ and $29$"},
		{"three elements", `\left[ 2, \  5, \  9\right]`, "$2$, $5$ and $9$"},
		{"a set", `\left\{-3, 4\right\}`, "$-3$ and $4$"},
		{"nested braces stay whole", `\left[ \frac{1}{2}, \  \sqrt{3}\right]`, `$\frac{1}{2}$ and $\sqrt{3}$`},
		{"one element", `\left[ 7\right]`, "$7$"},
		{"empty", `\left[ \right]`, "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := listWords(c.in); got != c.want {
				t.Errorf("listWords(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestSignFilters(t *testing.T) {
	cases := []struct{ filter, in, want string }{
		{"neg", "3", "-3"}, {"neg", "-3", "3"}, {"neg", "0", "0"},
		{"minus", "3", "- 3"}, {"minus", "-3", "+ 3"},
		{"words", `\left\{\left( -2, \  -3\right), \left( 3, \  2\right)\right\}`, "$(-2, -3)$ and $(3, 2)$"},
	}
	for _, c := range cases {
		if got := filters[c.filter](c.in); got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.filter, c.in, got, c.want)
		}
	}
}

func TestArticleFilter(t *testing.T) {
	cases := map[string]string{"3": "a", "8": "an", "11": "an", "18": "an", "80": "an", "12": "a", "180": "a", "800": "an", "11000": "an", "-8": "a", "N": "an", "M": "an", "K": "a", "2.35": "a"}
	for in, want := range cases {
		if got := filters["article"](in); got != want {
			t.Errorf("article(%s) = %s, want %s", in, got, want)
		}
	}
	if got := filters["article_cap"]("8"); got != "An" {
		t.Errorf("article_cap(8) = %s, want An", got)
	}
}
