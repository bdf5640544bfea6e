package answer

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// The symbolic layer is tested against the real sandbox pool, started once
// for the package with answer.Modules() preloaded.
var (
	poolOnce sync.Once
	poolVal  *sandbox.Pool
	poolErr  error
)

func testPool(t testing.TB) *sandbox.Pool {
	t.Helper()
	poolOnce.Do(func() {
		cfg := sandbox.DefaultConfig()
		cfg.Workers = 2
		cfg.Modules = Modules()
		poolVal, poolErr = sandbox.NewPool(context.Background(), cfg)
	})
	if poolErr != nil {
		t.Fatalf("start sandbox pool: %v", poolErr)
	}
	return poolVal
}

func TestMain(m *testing.M) {
	code := m.Run()
	if poolVal != nil {
		_ = poolVal.Close()
	}
	os.Exit(code)
}

// Decided in the sandbox (the Go layer cannot), or by Go before the sandbox
// is reached where the layer says so.
var sandboxTextCases = []textCase{
	{"sqrt of a reciprocal equals the reciprocal of a sqrt for positive n", `\sqrt{1/n}`, `1/\sqrt{n}`, Equal, "sympy:simplify"},
	{"sec squared is tan squared plus one", `\sec^2 y`, `\tan^2 y + 1`, Equal, "sympy:simplify"},
	{"malformed sqrt with parentheses is not dropped", `4\sqrt(2)`, "4", NotEqual, "sympy:simplify"},
	{"plain pi over two equals dfrac", "pi/2", `\dfrac{\pi}{2}`, Equal, "sympy:equal"},
	{"plain exp equals e power", "-1+exp(16)", `e^{16}-1`, Equal, "sympy:equal"},
	{"plain times pi equals latex", "-2*pi", `-2\pi`, Equal, "sympy:equal"},
	{"sqrt 8 is 2 sqrt 2", `\sqrt{8}`, `2\sqrt{2}`, Equal, "sympy:equal"},
	{"fraction split over a sum", `\frac{x+2}{7}`, `\frac x7+\frac27`, Equal, "sympy:equal"},
	{"rational function cancels", `\frac{x^2+2x+1}{x+1}`, "x+1", Equal, "sympy:simplify"},
	{"denested radical", `\sqrt{3+2\sqrt{2}}`, `1+\sqrt{2}`, Equal, "sympy:simplify"},
	{"difference of squares", "x^2 - 1", "(x-1)(x+1)", Equal, "sympy:simplify"},
	{"square of a sum is not a sum of squares", "x^2 + 1", "(x+1)^2", NotEqual, "sympy:numeric"},
	{"pythagorean identity", `\sin^2 x + \cos^2 x`, "1", Equal, "sympy:simplify"},
	{"double angle", `2\sin x \cos x`, `\sin(2x)`, Equal, "sympy:simplify"},
	{"removable singularity simplifies", `\frac{x^2-1}{x-1}`, "x+1", Equal, "sympy:simplify"},
	{"logarithm base two", `\log_2 8`, "3", Equal, "sympy:equal"},
	{"cube root", `\sqrt[3]{8}`, "2", Equal, "sympy:equal"},
	{"cosine of a special angle", `\cos(\pi/3)`, `\frac12`, Equal, "sympy:equal"},
	{"arctangent of one", `\arctan(1)`, `\frac{\pi}{4}`, Equal, "sympy:equal"},
	{"rationalized denominator", `\frac{\sqrt{3}}{3}`, `\frac{1}{\sqrt{3}}`, Equal, "sympy:equal"},
	{"euler identity", `e^{i\pi}`, "-1", Equal, "sympy:equal"},
	{"decimal times radical within tolerance", `0.5\sqrt{2}`, `\frac{\sqrt{2}}{2}`, Equal, "sympy:numeric"},
	{"coarse decimal of a radical fails at rel 1e-6", "1.4142", `\sqrt{2}`, NotEqual, "sympy:numeric"},
	{"fine decimal of a radical", "1.41421356", `\sqrt 2`, Equal, "sympy:numeric"},
	{"a rational close to pi is not pi", `\frac{355}{113}`, `\pi`, NotEqual, "sympy:simplify"},
	{"a tiny constant difference is seen exactly, not numerically", `\frac{(x+1)^{30}-(x-1)^{30}}{x}`, `\frac{(x+1)^{30}-(x-1)^{30}}{x}+\frac{1}{10^{40}}`, NotEqual, "sympy:simplify"},
	{"equivalent line equations", "2x+4y-3=0", "y=-x/2+3/4", Equal, "sympy:equation"},
	{"different line equations", "3x-y+13=0", "3x+4y+14=0", NotEqual, "sympy:equation"},
	{"inequality against an interval is read as one in Go", `x \le 3`, `(-\infty, 3]`, Equal, "go:tuple"},
	{"inequality with a radical end against an interval", `x \le 2^{1/2}`, `(-\infty, \sqrt{2}]`, Equal, "sympy:equal"},
	{"negated inequality against an inequality", `-x > -1`, `x < 1`, Equal, "sympy:set"},
	{"wrong inequality against an interval", "x > 3", `(-\infty, 3]`, NotEqual, "go:interval"},
	{"plus minus radical pair as a set", `2 \pm \sqrt{3}`, `2-3^{1/2}, 2+3^{1/2}`, Equal, "sympy:equal"},
	{"plus minus radical pair decided by text in Go", `2 \pm \sqrt{3}`, `2-\sqrt3, 2+\sqrt3`, Equal, "go:set"},
	{"tuple with a plain pi element", `\left( 3, \frac{\pi}{2} \right)`, `(3, \pi/2)`, Equal, "sympy:equal"},
	{"matrix with symbolic cells", `\begin{pmatrix} \cos 0 & \sqrt{2} \end{pmatrix}`, `\begin{pmatrix} 1 & 2^{1/2} \end{pmatrix}`, Equal, "sympy:equal"},
	{"interval with radical ends", `[2^{1/2}, \infty)`, `[\sqrt{2}, \infty)`, Equal, "sympy:equal"},
	{"union of intervals with symbolic ends", `(-\infty, \pi) \cup (4, \infty)`, `(-\infty, \frac{2\pi}{2}) \cup (4, \infty)`, Equal, "sympy:set"},
	{"factorials still decided exactly by Go", `\frac{1}{2004!}`, `\frac{1}{2006!}`, NotEqual, "go:rational"},
	{"plain multi-digit exponent reads as one number", "x^23", "x^{23}", Equal, "sympy:equal"},
	{"truncated LaTeX is undecided", `\frac{1}{2`, `\frac12`, Undecided, "sympy:parse"},
	{"unknown latex command is undecided, not a symbol", `\mathbb{R}`, "x", Undecided, "sympy:parse"},
	{"symbolic percent is divided by a hundred", `50\sqrt{2}\%`, `\frac{\sqrt{2}}{2}`, Equal, "sympy:equal"},
	{"scientific notation inside a symbolic tuple", `(1.5e3, \sqrt{4}\pi)`, `(1500, 2\pi)`, Equal, "sympy:equal"},
}

func TestCompareTextSandbox(t *testing.T) {
	c := Checker{Runner: testPool(t)}
	for _, tc := range sandboxTextCases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CompareText(t.Context(), tc.answer, tc.reference)
			if got.Verdict != tc.want || got.Layer != tc.layer {
				t.Fatalf("CompareText(%q, %q) = %+v, want %s by %s", tc.answer, tc.reference, got, tc.want, tc.layer)
			}
		})
	}
}

// goldFrom runs a real program in the sandbox and returns its result.
func goldFrom(t *testing.T, pool *sandbox.Pool, expr string) schemas.Value {
	t.Helper()
	ex := pool.Run(t.Context(), sandbox.Request{Code: "import sympy\nfrom sympy import *\nx, y, n = symbols('x y n')\n\ndef solve():\n    return " + expr + "\n"})
	if ex.Status != schemas.StatusOK || ex.Result == nil {
		t.Fatalf("gold program %q: %s %s", expr, ex.Status, ex.Error)
	}
	return *ex.Result
}

func TestCompareValueSandbox(t *testing.T) {
	pool := testPool(t)
	c := Checker{Runner: pool}
	cases := []struct {
		name, answer, program string
		want                  Verdict
		layer                 string
	}{
		{"sqrt of reciprocal against a positive-symbol gold", `\sqrt{1/n}`, "sqrt(1/Symbol('n', positive=True))", Equal, "sympy:equal"},
		{"sqrt of reciprocal against a plain-symbol gold", `\sqrt{\frac{1}{n}}`, "1/sqrt(n)", Equal, "sympy:simplify"},
		{"e power minus one", `e^{16}-1`, "E**16 - 1", Equal, "sympy:equal"},
		{"plain exp against E power", "exp(16) - 1", "E**16 - 1", Equal, "sympy:equal"},
		{"minus two pi by text", `-2\pi`, "-2*pi", Equal, "go:string"},
		{"minus two pi as a product", `-2 \cdot \pi`, "-2*pi", Equal, "sympy:equal"},
		{"radical as a power", `2^{1/2}`, "sqrt(2)", Equal, "sympy:equal"},
		{"exact pi against a float gold", `\pi`, "3.141592653589793", Equal, "sympy:numeric"},
		{"polynomial identity", "(x+1)^2", "x**2 + 2*x + 1", Equal, "sympy:simplify"},
		{"triangular numbers", `\frac{n^2+n}{2}`, "n*(n+1)/2", Equal, "sympy:simplify"},
		{"wrong polynomial by a constant", "x^2 + 2x", "x**2 + 2*x + 1", NotEqual, "sympy:simplify"},
		{"wrong polynomial by a term", "x^2 + 1", "x**2 + 2*x + 1", NotEqual, "sympy:numeric"},
		{"equation answer against an equation gold by text", "y = 2x + 3", "Eq(y, 2*x + 3)", Equal, "go:string"},
		{"flipped equation against an equation gold", "2x + 3 = y", "Eq(y, 2*x + 3)", Equal, "sympy:equation"},
		{"right-hand side against an equation gold", "2x+3", "Eq(y, 2*x + 3)", Equal, "sympy:equal"},
		{"wrong equation against an equation gold", "y = 2x + 4", "Eq(y, 2*x + 3)", NotEqual, "sympy:equation"},
		{"tuple with a symbolic element", `\left( 3, \pi/2 \right)`, "(3, pi/2)", Equal, "sympy:equal"},
		{"union in another order", `[2, 3] \cup [0, 1]`, "Union(Interval(0, 1), Interval(2, 3))", Equal, "sympy:set"},
		{"inequality against an open ray", "x > 0", "Interval.open(0, oo)", Equal, "go:interval"},
		{"matrix with a symbolic cell", `\begin{pmatrix} \cos 0 & 2 \\ 3 & 2^2 \end{pmatrix}`, "Matrix([[1, 2], [3, 4]])", Equal, "sympy:equal"},
		{"4 sqrt(2) against 4", `4\sqrt(2)`, "Integer(4)", NotEqual, "sympy:simplify"},
		{"plus minus against the positive root", `\pm 2021`, "Integer(2021)", NotEqual, "go:structure"},
		{"dict gold key by key", `x = 3, y = \sqrt{2}`, "{x: 3, y: sqrt(2)}", Equal, "go:dict"},
		{"dict gold with swapped values", `x = \sqrt{2}, y = 3`, "{x: 3, y: sqrt(2)}", NotEqual, "sympy:simplify"},
		{"dict gold with a symbolic value in any key order", `y = 2^{1/2}, x = 3`, "{x: 3, y: sqrt(2)}", Equal, "sympy:equal"},
		{"dict gold with string keys", "a = 1, b = 2", "{'a': 1, 'b': 2}", Equal, "go:dict"},
		{"dict gold with a missing key", "a = 1, c = 2", "{'a': 1, 'b': 2}", NotEqual, "go:dict"},
		{"roots of a quadratic in any order", `2 \pm \sqrt{3}`, "sympy.solve(x**2 - 4*x + 1, x)", Equal, "sympy:equal"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gold := goldFrom(t, pool, tc.program)
			got := c.CompareValue(t.Context(), tc.answer, gold)
			if got.Verdict != tc.want || got.Layer != tc.layer {
				t.Fatalf("CompareValue(%q, %s %q) = %+v, want %s by %s", tc.answer, gold.Kind, gold.Repr, got, tc.want, tc.layer)
			}
		})
	}
}

func TestSandboxNeverEvaluatesAnswerText(t *testing.T) {
	c := Checker{Runner: testPool(t)}
	for _, answer := range []string{
		`__import__('os').system('id')`,
		`"); import os; os._exit(3) #`,
		`''' + str(__import__('os').getpid()) + '''`,
		"\\\\\" \n \u2028 \x00 end",
	} {
		got := c.CompareText(t.Context(), answer, `\sqrt{2}`)
		if got.Verdict == Equal || !strings.HasPrefix(got.Layer, "sympy:") {
			t.Fatalf("answer %q: %+v, want a sympy-layer non-equal verdict", answer, got)
		}
	}
}

func TestSandboxTimeoutIsUndecided(t *testing.T) {
	c := Checker{Runner: testPool(t), Timeout: 2 * time.Second}
	got := c.CompareText(t.Context(), `\frac{1}{10^{10^{10}}}`, `\pi`)
	if got.Verdict != Undecided || got.Layer != "sympy:timeout" {
		t.Fatalf("got %+v, want undecided by sympy:timeout", got)
	}
}

func TestModules(t *testing.T) {
	mods := Modules()
	for _, name := range ModuleOrder {
		if !strings.Contains(mods[name], "\n") {
			t.Fatalf("module %s missing", name)
		}
	}
	if len(mods) != len(ModuleOrder) {
		t.Fatalf("Modules() has %d entries, ModuleOrder %d", len(mods), len(ModuleOrder))
	}
	if !strings.Contains(mods["arrows_check"], "def check(") {
		t.Fatal("arrows_check has no check()")
	}
	if strings.Contains(mods["arrows_antlr_latexparser"], "checkVersion(") || strings.Contains(mods["arrows_antlr_latexlexer"], "typing.io") {
		t.Fatal("vendored parser is not patched for Debian's ANTLR runtime")
	}
}
