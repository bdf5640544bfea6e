package evolve

import (
	"math/big"
	"reflect"
	"strings"
	"testing"
)

func literalTexts(t *testing.T, src string) []string {
	t.Helper()
	lits, err := Literals(src)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range lits {
		tag := l.Text
		if l.InString {
			tag = "'" + tag + "'"
		}
		if l.Exponent {
			tag = "**" + tag
		}
		if src[l.Start:l.End] != l.Text {
			t.Fatalf("literal %q does not sit at its offsets (%q)", l.Text, src[l.Start:l.End])
		}
		out = append(out, tag)
	}
	return out
}

func TestLiterals(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"numeric tokens in order", "x = 12 + 3.5 * y", []string{"12", "3.5"}},
		{"digits inside names are not numbers", "p1_x = step2 + x3", nil},
		{"numbers in Fraction strings are givens", "a = Fraction('48') / Fraction(\"2\")", []string{"'48'", "'2'"}},
		{"both parts of a fraction string", "r = sympy.Rational('3/4')", []string{"'3'", "'4'"}},
		{"non-numeric strings are skipped", "x = sympy.Symbol('x2', real=True)", nil},
		{"comments are skipped", "a = 5  # <<48/2=24>>\nb = 7", []string{"5", "7"}},
		{"f-strings and bytes are skipped", "s = f'{3}' + b'4'\nt = 9", []string{"9"}},
		{"triple-quoted strings are skipped", "'''doc 12'''\nx = 3", []string{"3"}},
		{"exponents are marked", "y = x**2 + x ** (3) + 2*x", []string{"**2", "**3", "2"}},
		{"other number forms are kept but not plain", "a = 1e-5 + 0x1F + 2j + 1_000", []string{"1e-5", "0x1F", "2j", "1_000"}},
		{"escaped quotes stay inside the string", `s = 'it\'s 5'` + "\nx = 6", []string{"6"}},
		{"signed string numbers keep the sign outside", "d = Fraction('-3')", []string{"'3'"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := literalTexts(t, c.src)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Literals(%q) = %q, want %q", c.src, got, c.want)
			}
		})
	}
}

func TestLiteralsRejectsUnterminatedStrings(t *testing.T) {
	if _, err := Literals("x = 'abc\ny = 2"); err == nil {
		t.Fatal("an unterminated string must be an error")
	}
}

func TestPlainLiteralValues(t *testing.T) {
	lits, err := Literals("a = 2.50 + 7 + 1e3")
	if err != nil {
		t.Fatal(err)
	}
	if v := lits[0].Value(); v == nil || v.Cmp(big.NewRat(5, 2)) != 0 || lits[0].Decimals() != 2 {
		t.Errorf("2.50: value %v decimals %d", v, lits[0].Decimals())
	}
	if v := lits[1].Value(); v == nil || v.Cmp(big.NewRat(7, 1)) != 0 {
		t.Errorf("7: value %v", v)
	}
	if lits[2].Plain() || lits[2].Value() != nil {
		t.Errorf("1e3 must not be plain")
	}
}

func TestStripCommentsDropsCommentOnlyLines(t *testing.T) {
	src := "def solve():\n    # the clips\n    a = Fraction('48')  # <<48>>\n    s = '# not a comment'\n    return a\n"
	got, err := StripComments(src)
	if err != nil {
		t.Fatal(err)
	}
	want := "def solve():\n    a = Fraction('48')\n    s = '# not a comment'\n    return a\n"
	if got != want {
		t.Errorf("StripComments =\n%s\nwant\n%s", got, want)
	}
}

func TestSkeletonIgnoresNumbersAndComments(t *testing.T) {
	a := "def solve():\n    x = Fraction('48') / 2  # <<48/2=24>>\n\n    return int(x)\n"
	b := "def solve():\n    x = Fraction('62') / 2\n    return int(x)\n"
	c := "def solve():\n    x = Fraction('62') * 2\n    return int(x)\n"
	sa, _ := Skeleton(a)
	sb, _ := Skeleton(b)
	sc, _ := Skeleton(c)
	if sa != sb {
		t.Errorf("programs differing in numbers and comments only have different skeletons:\n%s\n%s", sa, sb)
	}
	if sa == sc {
		t.Errorf("programs with different operations share a skeleton")
	}
	if strings.Contains(sa, "48") {
		t.Errorf("skeleton keeps a number: %s", sa)
	}
}
