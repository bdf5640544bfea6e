package sandbox

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func approx(p *float64, want float64) bool {
	return p != nil && math.Abs(*p-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// TestValueSerialization checks the Value produced for every kind of result.
func TestValueSerialization(t *testing.T) {
	p := sharedPool(t)
	cases := []struct {
		name  string
		expr  string // the body of solve()'s return statement
		check func(t *testing.T, v *schemas.Value)
	}{
		{"python int is an exact integer", "-12", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInteger && v.Exact == "-12" && v.Digits == 2 && v.Type == "int" && v.Repr == "-12" && v.Latex == "-12", v)
		}},
		{"sympy Integer is an exact integer", "sympy.Integer(10)**30", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInteger && v.Exact == "1"+strings.Repeat("0", 30) && v.Type == "Integer", v)
		}},
		{"numpy integer is an exact integer", "numpy.int64(7) * 6", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInteger && v.Exact == "42" && v.Type == "int64", v)
		}},
		{"a 10,000-digit integer keeps every digit", "10**10000 + 1", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInteger && len(v.Exact) == 10001 && v.Digits == 10001 && v.Truncated &&
				strings.HasSuffix(v.Exact, "0001") && len(v.Repr) < 2100 && len(v.Latex) < 2100, v)
		}},
		{"Fraction is an exact rational", "fractions.Fraction(3, 4)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindRational && v.Exact == "3/4" && approx(v.Numeric, 0.75) && v.Type == "Fraction" && v.Latex == `\frac{3}{4}`, v)
		}},
		{"Fraction with denominator 1 is an integer", "fractions.Fraction(8, 2)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInteger && v.Exact == "4" && v.Type == "Fraction", v)
		}},
		{"sympy Rational is an exact rational", "sympy.Rational(-5, 6)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindRational && v.Exact == "-5/6" && v.Repr == "-5/6" && v.Latex == `- \frac{5}{6}`, v)
		}},
		{"float is real", "0.1 + 0.2", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && approx(v.Numeric, 0.30000000000000004) && v.Type == "float", v)
		}},
		{"numpy float is real", "numpy.float64(2.5)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && approx(v.Numeric, 2.5), v)
		}},
		{"sympy Float is real with srepr", "sympy.Float('1.25')", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && approx(v.Numeric, 1.25) && strings.HasPrefix(v.Srepr, "Float("), v)
		}},
		{"sqrt(2) is an exact real irrational", "sympy.sqrt(2)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && approx(v.Numeric, math.Sqrt2) && v.Srepr == "Pow(Integer(2), Rational(1, 2))" && v.Latex == `\sqrt{2}`, v)
		}},
		{"pi/4 is real", "sympy.pi / 4", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && approx(v.Numeric, math.Pi/4) && v.Latex == `\frac{\pi}{4}`, v)
		}},
		{"log(3) is real", "sympy.log(3)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && approx(v.Numeric, math.Log(3)), v)
		}},
		{"infinity has no numeric value", "float('inf')", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindReal && v.Numeric == nil && v.Repr == "inf", v)
		}},
		{"python complex is complex", "complex(1, -2)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindComplex && approx(v.Numeric, 1) && approx(v.Imag, -2), v)
		}},
		{"sympy 3+4i is complex", "3 + 4*sympy.I", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindComplex && approx(v.Numeric, 3) && approx(v.Imag, 4) && v.Srepr != "", v)
		}},
		{"bool is boolean", "3 > 2", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindBoolean && v.Repr == "True", v)
		}},
		{"sympy true is boolean", "sympy.Eq(2, 2)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindBoolean && v.Repr == "True", v)
		}},
		{"str is string", "'north-east'", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindString && v.Repr == "'north-east'", v)
		}},
		{"tuple is an ordered tuple", "(1, sympy.Rational(1, 2), 0.5)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindTuple && len(v.Elements) == 3 && v.Elements[0].Exact == "1" &&
				v.Elements[1].Kind == schemas.KindRational && v.Elements[2].Kind == schemas.KindReal, v)
		}},
		{"list is a tuple", "[3, 1, 2]", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindTuple && v.Type == "list" && len(v.Elements) == 3 && v.Elements[0].Exact == "3", v)
		}},
		{"numpy vector is a tuple", "numpy.array([1.5, 2.5])", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindTuple && len(v.Elements) == 2 && approx(v.Elements[1].Numeric, 2.5), v)
		}},
		{"set is a sorted set", "{3, 1, 2}", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindSet && len(v.Elements) == 3 && v.Elements[0].Exact == "1" && v.Elements[2].Exact == "3", v)
		}},
		{"FiniteSet is a set", "sympy.FiniteSet(-2, 2)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindSet && len(v.Elements) == 2 && v.Elements[0].Exact == "-2" && v.Srepr != "", v)
		}},
		{"sympy Matrix is a matrix", "sympy.Matrix([[1, 2], [3, 4]])", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindMatrix && len(v.Shape) == 2 && v.Shape[0] == 2 && v.Shape[1] == 2 &&
				len(v.Elements) == 4 && v.Elements[1].Exact == "2" && v.Elements[2].Exact == "3" && strings.Contains(v.Latex, "matrix"), v)
		}},
		{"numpy 2-D array is a matrix", "numpy.array([[1, 2, 3], [4, 5, 6]])", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindMatrix && v.Shape[0] == 2 && v.Shape[1] == 3 && len(v.Elements) == 6 && v.Elements[3].Exact == "4", v)
		}},
		{"Interval has endpoints and openness", "sympy.Interval.Lopen(0, sympy.Rational(1, 2))", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInterval && v.Left != nil && v.Left.Exact == "0" && v.Right != nil && v.Right.Exact == "1/2" &&
				v.LeftOpen && !v.RightOpen, v)
		}},
		{"unbounded Interval", "sympy.Interval(1, sympy.oo)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindInterval && v.Right != nil && v.Right.Kind == schemas.KindExpr && v.Right.Repr == "oo" && v.RightOpen, v)
		}},
		{"expression with symbols is expr", "sympy.Symbol('x')**2 + 1", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindExpr && v.Repr == "x**2 + 1" && v.Latex == "x^{2} + 1" &&
				v.Srepr == "Add(Pow(Symbol('x'), Integer(2)), Integer(1))", v)
		}},
		{"equation is expr", "sympy.Eq(sympy.Symbol('y'), 2*sympy.Symbol('x'))", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindExpr && strings.HasPrefix(v.Srepr, "Equality("), v)
		}},
		{"inequality is expr", "sympy.Symbol('x') < 3", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindExpr && strings.HasPrefix(v.Srepr, "StrictLessThan("), v)
		}},
		{"dict is dict of pairs", "{'a': 1, 'b': sympy.Rational(1, 2)}", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindDict && len(v.Elements) == 2 && v.Elements[0].Kind == schemas.KindTuple &&
				v.Elements[0].Elements[0].Repr == "'a'" && v.Elements[1].Elements[1].Exact == "1/2", v)
		}},
		{"range is other", "range(3)", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindOther && v.Type == "range" && v.Repr == "range(0, 3)", v)
		}},
		{"sympy zoo is expr", "sympy.zoo", func(t *testing.T, v *schemas.Value) {
			expect(t, v.Kind == schemas.KindExpr && v.Repr == "zoo", v)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code := "import sympy, numpy, fractions\ndef solve():\n    return " + c.expr + "\n"
			ex := run(t, p, code)
			if ex.Status != schemas.StatusOK || ex.Result == nil {
				t.Fatalf("status %s: %s", ex.Status, ex.Error)
			}
			c.check(t, ex.Result)
		})
	}
}

func expect(t *testing.T, ok bool, v *schemas.Value) {
	t.Helper()
	if !ok {
		t.Errorf("unexpected value: kind=%s type=%s exact=%.40q repr=%.80q latex=%.80q srepr=%.80q numeric=%v imag=%v digits=%d truncated=%v elements=%d shape=%v",
			v.Kind, v.Type, v.Exact, v.Repr, v.Latex, v.Srepr, deref(v.Numeric), deref(v.Imag), v.Digits, v.Truncated, len(v.Elements), v.Shape)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestSerializationFailures checks that results that cannot be serialized
// become clear errors, never a hung or crashed child.
func TestSerializationFailures(t *testing.T) {
	p := sharedPool(t)
	cases := []struct {
		name, code, wantErr string
	}{
		{"a huge list", "def solve():\n    return list(range(10**6))\n", "SerializationError"},

		{"a deeply nested list", "def solve():\n    x = []\n    for _ in range(100):\n        x = [x]\n    return x\n", "SerializationError"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := run(t, p, c.code)
			if c.wantErr == "" {
				if ex.Status != schemas.StatusOK && ex.Status != schemas.StatusError {
					t.Errorf("status %s: %s", ex.Status, ex.Error)
				}
				return
			}
			if ex.Status != schemas.StatusError || !strings.Contains(ex.Error, c.wantErr) {
				t.Errorf("status %s error %q, want error mentioning %q", ex.Status, ex.Error, c.wantErr)
			}
		})
	}
}

// TestBadResults checks that values that are not mathematical get status
// bad_result with their type named in Error, also inside containers, and
// never status ok.
func TestBadResults(t *testing.T) {
	p := sharedPool(t)
	cases := []struct {
		name string
		code string // the program; its solve() returns the value
		want string // Error must contain this
	}{
		{"None", "def solve():\n    return None\n", "NoneType"},
		{"a solve without return gives None", "def solve():\n    x = 1\n", "NoneType"},
		{"float NaN", "def solve():\n    return float('nan')\n", "NaN (float)"},
		{"numpy NaN", "import numpy\ndef solve():\n    return numpy.float64('nan')\n", "NaN (float64)"},
		{"numpy float32 NaN", "import numpy\ndef solve():\n    return numpy.float32('nan')\n", "NaN"},
		{"sympy nan", "import sympy\ndef solve():\n    return sympy.nan\n", "NaN (NaN)"},
		{"sympy 0/0", "import sympy\ndef solve():\n    return sympy.Integer(0) / sympy.Integer(0)\n", "NaN"},
		{"Decimal NaN", "from decimal import Decimal\ndef solve():\n    return Decimal('NaN')\n", "NaN (Decimal)"},
		{"complex NaN", "def solve():\n    return complex(float('nan'), 1)\n", "NaN (complex)"},
		{"a lambda", "def solve():\n    return lambda x: x + 1\n", "function solve.<locals>.<lambda>"},
		{"a function", "def helper():\n    return 1\ndef solve():\n    return helper\n", "function helper"},
		{"a builtin function", "def solve():\n    return len\n", "builtin_function_or_method len"},
		{"a bound method", "def solve():\n    return [1, 2].append\n", "builtin_function_or_method"},
		{"a generator", "def solve():\n    return (k * k for k in range(3))\n", "generator"},
		{"a module", "import math\ndef solve():\n    return math\n", "module math"},
		{"a class", "class Answer:\n    pass\ndef solve():\n    return Answer\n", "class Answer"},
		{"a sympy function class", "import sympy\ndef solve():\n    return sympy.sin\n", "class sin"},
		{"an object with an address in its repr", "class Answer:\n    pass\ndef solve():\n    return Answer()\n", "Answer"},
		{"a map iterator", "def solve():\n    return map(abs, [-1, 2])\n", "map"},
		{"an object whose repr raises", "class X:\n    def __repr__(self):\n        raise ValueError('no repr')\ndef solve():\n    return X()\n", "X"},
		{"a list holding None", "def solve():\n    return [1, None]\n", "list holding NoneType"},
		{"a tuple holding a lambda", "def solve():\n    return (1, lambda: 2)\n", "tuple holding function"},
		{"a dict holding NaN", "def solve():\n    return {'x': float('nan')}\n", "dict holding NaN (float)"},
		{"a set holding None", "def solve():\n    return {None, 1}\n", "set holding NoneType"},
		{"a nested container", "def solve():\n    return [(1, 2), (3, None)]\n", "list holding tuple holding NoneType"},
		{"a numpy array holding NaN", "import numpy\ndef solve():\n    return numpy.array([1.0, numpy.nan])\n", "ndarray holding NaN"},
		{"a sympy Matrix holding nan", "import sympy\ndef solve():\n    return sympy.Matrix([[1, sympy.nan]])\n", "holding NaN (NaN)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := run(t, p, c.code)
			if ex.Status != schemas.StatusBadResult {
				t.Fatalf("status %s (error %q, result %+v), want bad_result", ex.Status, ex.Error, ex.Result)
			}
			if !strings.Contains(ex.Error, c.want) || !strings.Contains(ex.Error, "not a mathematical value") {
				t.Errorf("error %q, want it to name %q", ex.Error, c.want)
			}
			if ex.Result != nil || ex.Locals != nil {
				t.Errorf("bad_result carries a result: %+v", ex.Result)
			}
		})
	}
	// Infinity, zoo and booleans stay mathematical, and a local that is not
	// (a function) is simply not captured.
	ex := run(t, p, "import sympy\ndef solve():\n    f = len\n    n = 3\n    return (float('inf'), sympy.oo, True, n)\n")
	if ex.Status != schemas.StatusOK {
		t.Fatalf("status %s: %s", ex.Status, ex.Error)
	}
	if _, ok := ex.Locals["f"]; ok || ex.Locals["n"].Exact != "3" {
		t.Errorf("locals %v", keys(ex.Locals))
	}
}

// TestLocalsCapture checks that solve()'s simple locals at its return are reported.
func TestLocalsCapture(t *testing.T) {
	p := sharedPool(t)
	code := `import sympy as sp
from fractions import Fraction
def helper(n):
    return n * 2
def solve():
    angle = 360
    ratio = Fraction(1, 4)
    x = sp.Symbol('x')
    roots = sp.solve(x**2 - 4, x)
    _hidden = 5
    big = list(range(1000))
    f = helper
    area = sp.pi * 3**2
    if angle > 100:
        return helper(angle) * ratio
    return 0
`
	ex := run(t, p, code)
	if ex.Status != schemas.StatusOK {
		t.Fatalf("status %s: %s", ex.Status, ex.Error)
	}
	if ex.Result.Exact != "180" {
		t.Errorf("result %+v, want 180", ex.Result)
	}
	want := map[string]string{"angle": "360", "ratio": "Fraction(1, 4)", "x": "x", "roots": "[-2, 2]", "area": "9*pi"}
	for name, repr := range want {
		v, ok := ex.Locals[name]
		if !ok {
			t.Errorf("local %s missing (have %v)", name, keys(ex.Locals))
			continue
		}
		if v.Repr != repr {
			t.Errorf("local %s = %q, want %q", name, v.Repr, repr)
		}
	}
	for _, name := range []string{"_hidden", "big", "f"} {
		if _, ok := ex.Locals[name]; ok {
			t.Errorf("local %s should not be captured", name)
		}
	}
	if ex.Locals["ratio"].Exact != "1/4" {
		t.Errorf("ratio not exact: %+v", ex.Locals["ratio"])
	}
}

// TestLocalsWhenCalledAtModuleLevel checks that a program that already calls
// solve() itself (print(solve())) reports the same result and locals and
// does not run solve() a second time.
func TestLocalsWhenCalledAtModuleLevel(t *testing.T) {
	p := sharedPool(t)
	code := `calls = []
def solve():
    calls.append(1)
    total = sum(range(10))
    return total * len(calls)
if __name__ == "__main__":
    print(solve())
`
	ex := run(t, p, code)
	if ex.Status != schemas.StatusOK {
		t.Fatalf("status %s: %s", ex.Status, ex.Error)
	}
	if ex.Result.Exact != "45" || ex.Stdout != "45\n" {
		t.Errorf("result %s stdout %q: solve() ran twice or output lost", ex.Result.Exact, ex.Stdout)
	}
	if ex.Locals["total"].Exact != "45" {
		t.Errorf("locals %v", keys(ex.Locals))
	}
}

// TestRecursiveSolveLocals checks that locals come from the outermost call.
func TestRecursiveSolveLocals(t *testing.T) {
	p := sharedPool(t)
	code := "def solve(n=3):\n    level = n\n    if n == 0:\n        return 1\n    return n * solve(n - 1)\n"
	ex := run(t, p, code)
	if ex.Status != schemas.StatusOK || ex.Result.Exact != "6" {
		t.Fatalf("status %s result %+v", ex.Status, ex.Result)
	}
	if ex.Locals["level"].Exact != "3" {
		t.Errorf("level = %+v, want 3 (outermost call)", ex.Locals["level"])
	}
}

func keys(m map[string]schemas.Value) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestAnalysis checks Literals, Calls (aliases resolved) and Skeleton.
func TestAnalysis(t *testing.T) {
	p := sharedPool(t)
	analyze := func(code string) schemas.Execution {
		t.Helper()
		ex := p.Run(context.Background(), Request{Code: code, Analyze: true})
		if ex.Skeleton == "" {
			t.Fatalf("no skeleton: %+v", ex)
		}
		return ex
	}
	a := analyze(`import sympy as sp
import numpy as np
import itertools, math
from fractions import Fraction as F
from sympy import solve as sv, Matrix
def solve():
    x = sp.Symbol('x')
    r = sv(x**2 - 360*x + 0.5, x)
    M = sp.Matrix([[1, 2], [3, 4]])
    d = M.det() + Matrix([[1]]).inv()[0]
    n = sum(1 for c in itertools.combinations(range(10), 3) if math.gcd(*c[:2]) == 1)
    q = F(1, 3).limit_denominator(10)
    e = np.linalg.det(np.eye(2))
    flag = True
    return r, d, n, q, e, -7, 1e3
`)
	wantLits := []string{"2", "360", "0.5", "1", "3", "4", "0", "10", "7", "1e3"}
	if strings.Join(a.Literals, ",") != strings.Join(wantLits, ",") {
		t.Errorf("literals %v, want %v", a.Literals, wantLits)
	}
	for _, c := range []string{"sympy.Symbol", "sympy.solve", "sympy.Matrix", "sympy.Matrix.det", "sympy.Matrix.inv",
		"itertools.combinations", "math.gcd", "fractions.Fraction", "fractions.Fraction.limit_denominator",
		"numpy.linalg.det", "numpy.eye", "range", "sum"} {
		if !contains(a.Calls, c) {
			t.Errorf("calls %v lack %s", a.Calls, c)
		}
	}
	for _, c := range a.Calls {
		if strings.HasPrefix(c, "sp.") || strings.HasPrefix(c, "np.") || c == "sv" || c == "F" || strings.HasPrefix(c, "M.") {
			t.Errorf("alias not resolved: %s", c)
		}
	}

	star := analyze("from sympy import *\ndef solve():\n    x = symbols('x')\n    return integrate(sin(x), (x, 0, pi))\n")
	for _, c := range []string{"sympy.symbols", "sympy.integrate", "sympy.sin"} {
		if !contains(star.Calls, c) {
			t.Errorf("star-import calls %v lack %s", star.Calls, c)
		}
	}

	base := "import sympy as sp\ndef solve():\n    x = sp.Symbol('x')\n    return sp.solve(x**2 - %s, x)[%s]\n"
	s1 := analyze(strings.NewReplacer("%s", "4").Replace(base))
	s2 := analyze(strings.Replace(strings.Replace(base, "%s", "9", 1), "%s", "1", 1))
	s3 := analyze("import sympy as sq\ndef solve():\n    y = sq.Symbol('y')\n    return sq.solve(y**2 - 25, y)[0]\n")
	s4 := analyze("import sympy as sp\ndef solve():\n    x = sp.Symbol('x')\n    return sp.factor(x**2 - 4)\n")
	if s1.Skeleton != s2.Skeleton {
		t.Errorf("programs differing only in literals have different skeletons")
	}
	if s1.Skeleton != s3.Skeleton {
		t.Errorf("programs differing only in names and literals have different skeletons")
	}
	if s1.Skeleton == s4.Skeleton {
		t.Errorf("structurally different programs share a skeleton")
	}
	if len(s1.Skeleton) != 64 {
		t.Errorf("skeleton %q is not a hex sha256", s1.Skeleton)
	}

	plain := p.Run(context.Background(), Request{Code: "def solve():\n    return 1\n"})
	if plain.Skeleton != "" || plain.Literals != nil || plain.Calls != nil {
		t.Errorf("analysis filled without Analyze: %+v", plain)
	}

	slow := p.Run(context.Background(), Request{Code: "def solve():\n    while True:\n        pass\n", Analyze: true,
		Limits: &Limits{Wall: 500_000_000}})
	if slow.Status != schemas.StatusTimeout || slow.Skeleton == "" {
		t.Errorf("analysis lost on timeout: %+v", slow)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestModules checks that trusted modules from Config.Modules are importable.
func TestModules(t *testing.T) {
	cfg := testConfig()
	cfg.Workers = 1
	cfg.Modules = map[string]string{"arrows_check": "import sympy\ndef double(x):\n    return 2 * sympy.sympify(x)\nVERSION = 'v1'\n"}
	p := newTestPool(t, cfg)
	ex := run(t, p, "import arrows_check\ndef solve():\n    return arrows_check.double('21'), arrows_check.VERSION\n")
	if ex.Status != schemas.StatusOK || ex.Result.Repr != "(42, 'v1')" {
		t.Fatalf("status %s error %s result %+v", ex.Status, ex.Error, ex.Result)
	}
}
