package dedup

import (
	"strings"
	"testing"
)

const progBase = `import sympy as sp

def solve():
    """Number of divisors of n."""
    n = 360  # the given
    total = 0
    for d in range(1, n + 1):
        if n % d == 0:
            total += 1
    return total
`

func TestSkeletonFromSource(t *testing.T) {
	same := []struct{ name, src string }{
		{"different numeric literals", strings.NewReplacer("360", "480", "1, n + 1", "1, n + 7").Replace(progBase)},
		{"different string literals and docstring", strings.Replace(progBase, `"""Number of divisors of n."""`, `'''Count divisors.'''`, 1)},
		{"consistently renamed variables", strings.NewReplacer("total", "count", " d ", " k ", "(d)", "(k)", "% d", "% k").Replace(progBase)},
		{"comments, blank lines and spacing", strings.NewReplacer("# the given", "# changed comment", "\n    total", "\n\n    # count\n    total", "n + 1", "n+1", "d == 0", "d==0").Replace(progBase)},
		{"no docstring", strings.Replace(progBase, "    \"\"\"Number of divisors of n.\"\"\"\n", "", 1)},
	}
	want := SkeletonFromSource(progBase)
	if !strings.HasPrefix(want, SkeletonPrefix) || len(want) != len(SkeletonPrefix)+32 {
		t.Fatalf("SkeletonFromSource = %q, want %s + 32 hex digits", want, SkeletonPrefix)
	}
	for _, tc := range same {
		t.Run("same skeleton: "+tc.name, func(t *testing.T) {
			if got := SkeletonFromSource(tc.src); got != want {
				t.Errorf("skeleton differs\nbase:\n%s\nvariant:\n%s\nbase canon:\n%s\nvariant canon:\n%s",
					progBase, tc.src, canonicalPython(progBase), canonicalPython(tc.src))
			}
		})
	}
	different := []struct{ name, src string }{
		{"different operator", strings.Replace(progBase, "n % d == 0", "n % d != 0", 1)},
		{"different control flow", strings.Replace(progBase, "for d in range(1, n + 1):", "while d < n:", 1)},
		{"different data flow", strings.Replace(progBase, "if n % d == 0", "if total % d == 0", 1)},
		{"different indentation structure", strings.Replace(progBase, "            total += 1\n    return", "            total += 1\n        return", 1)},
		{"different builtin", strings.Replace(progBase, "range(", "reversed(", 1)},
	}
	for _, tc := range different {
		t.Run("different skeleton: "+tc.name, func(t *testing.T) {
			if got := SkeletonFromSource(tc.src); got == want {
				t.Errorf("skeletons collide:\n%s", canonicalPython(tc.src))
			}
		})
	}
}

func TestSkeletonResolvesImportAliases(t *testing.T) {
	a := "import sympy as sp\ndef solve():\n    x = sp.Symbol('x')\n    return sp.solve(x**2 - 4, x)\n"
	b := "from sympy import Symbol, solve as slv\ndef solve():\n    y = Symbol('y')\n    return slv(y**2 - 9, y)\n"
	c := "import sympy\ndef solve():\n    x = sympy.Symbol('x')\n    return sympy.factor(x**2 - 4, x)\n"
	if SkeletonFromSource(a) != SkeletonFromSource(b) {
		t.Errorf("aliased and from-imported sympy calls differ:\n%s\n%s", canonicalPython(a), canonicalPython(b))
	}
	if SkeletonFromSource(a) == SkeletonFromSource(c) {
		t.Errorf("sympy.solve and sympy.factor must differ:\n%s", canonicalPython(c))
	}
}

func TestSkeletonTokenizerEdgeCases(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"hash inside a string is not a comment", "s = '#not' + \"x\"  # real\n", "v0 = S + S\n"},
		{"triple-quoted string over lines", "x = '''a\nb # c\n'''\ny = 1\n", "v0 = S\nv1 = N\n"},
		{"implicit line joining in brackets", "x = f(1,\n      2)\n", "v0 = v1 ( N , N )\n"},
		{"backslash continuation", "x = 1 + \\\n    2\n", "v0 = N + N\n"},
		{"numbers of all forms", "x = 1_000 + 0x1F + 1.5e-3 + 2j + .5\n", "v0 = N + N + N + N + N\n"},
		{"string prefixes", "x = rb'a' + f\"{y}\" + u'z'\n", "v0 = S + S + S\n"},
		{"semicolons split statements", "a = 1; b = 2\n", "v0 = N\nv1 = N\n"},
		{"keyword arguments keep their names", "x = sympy.symbols('x', positive=True)\n", "v0 = sympy.symbols ( S , positive = True )\n"},
		{"unterminated string does not hang", "x = 'abc\ny = 2\n", "v0 = S\nv1 = N\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := canonicalPython(tc.src); got != tc.want {
				t.Errorf("canonicalPython(%q) =\n%q\nwant\n%q", tc.src, got, tc.want)
			}
		})
	}
	if SkeletonFromSource("# only a comment\n\n") != "" {
		t.Error("source without code should have no skeleton")
	}
}

func TestStructureKey(t *testing.T) {
	sk := SkeletonFromSource(progBase)
	skNewNumbers := SkeletonFromSource(strings.Replace(progBase, "360", "720", 1))
	skOther := SkeletonFromSource(strings.Replace(progBase, "total += 1", "total += d", 1))
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"programs differing only in literals on the same topics share a key",
			StructureKey(sk, []string{"nt.divisors", "arith.loops"}), StructureKey(skNewNumbers, []string{"nt.divisors", "arith.loops"}), true},
		{"topic order and repeats do not matter",
			StructureKey(sk, []string{"b", "a", "a"}), StructureKey(sk, []string{"a", "b"}), true},
		{"a different structure gives a different key",
			StructureKey(sk, []string{"a"}), StructureKey(skOther, []string{"a"}), false},
		{"different topics give a different key",
			StructureKey(sk, []string{"a"}), StructureKey(sk, []string{"a", "b"}), false},
		{"sandbox skeleton hashes work the same way",
			StructureKey("ast:0f3c", []string{"t1"}), StructureKey("ast:0f3c", []string{"t1"}), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if (tc.a == tc.b) != tc.same {
				t.Errorf("keys %s and %s: same = %v, want %v", tc.a, tc.b, tc.a == tc.b, tc.same)
			}
		})
	}
	if StructureKey("", []string{"a"}) != "" {
		t.Error("an empty skeleton must give no key")
	}
}
