package evolve

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

const nataliaProblem = "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?"

const nataliaProgram = `from fractions import Fraction


def solve():
    step1 = Fraction('48') / Fraction('2')  # <<48/2=24>>
    step2 = Fraction('48') + step1  # <<48+24=72>>
    return int(step2)
`

// periodsOffline is an offline program where the given 2 of sin(2x) also
// appears as structure (the 2 of 2π); 5 is an unambiguous given.
var periodsOffline = Parent{
	Source: `import sympy


def solve():
    x = sympy.Symbol('x', real=True)
    period = sympy.periodicity(sympy.sin(2*x) + sympy.cos(5*x), x)
    solutions = sympy.solveset(sympy.sin(x) - sympy.S(1)/2, x, sympy.Interval(0, 2*sympy.pi))
    answer = period / sympy.pi + len(solutions) + 14
    return answer
`,
	Offline: &schemas.OfflineText{
		Problem: `Let $M$ be $\frac{T}{\pi}$ for the period $T$ of $\sin(2x) + \cos(5x)$, and $N$ the number of solutions of $\sin(x) = \frac{1}{2}$ in $[0, 2\pi]$. Compute $M + N + 14$.`,
		Steps: []string{
			`The periods are $\frac{2\pi}{ 2 }$ and $\frac{2\pi}{ 5 }$; so $T = {period}$.`,
			`There are ${solutions}$ solutions.`,
		},
		Givens: []string{"2", "5", "14"},
	},
}

func givenValues(gs []Given) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Value.RatString())
	}
	return out
}

func TestGivens(t *testing.T) {
	cases := []struct {
		name   string
		parent Parent
		want   []string
	}{
		{
			name:   "a number the problem states is a given; the 2 of 'half' is not",
			parent: Parent{Source: nataliaProgram, Problem: nataliaProblem},
			want:   []string{"48"},
		},
		{
			name:   "structural small numbers next to an equal given are left alone",
			parent: periodsOffline,
			want:   []string{"5", "14"},
		},
		{
			name:   "exponents are structure even when the text states them",
			parent: Parent{Source: "def solve():\n    return 3**2 + 17\n", Problem: "What is $3^{2} + 17$?"},
			want:   []string{"3", "17"},
		},
		{
			name:   "a number stated only as a superscript is not a given",
			parent: Parent{Source: "def solve():\n    return 12 * 2\n", Problem: "What is $12 \\cdot x^{2}$ at $x$ = 1?"},
			want:   []string{"12"},
		},
		{
			name:   "0 and 1 are never givens",
			parent: Parent{Source: "def solve():\n    return 0 + 1 + 30\n", Problem: "Add 0, 1 and 30."},
			want:   []string{"30"},
		},
		{
			name:   "a repeated small number is ambiguous",
			parent: Parent{Source: "def solve():\n    return 3 * 3 + 40\n", Problem: "Three boxes of 3 pens and 40 more: 3 each."},
			want:   []string{"40"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gs, err := Givens(c.parent)
			if err != nil {
				t.Fatal(err)
			}
			got := givenValues(gs)
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("Givens = %v, want %v", got, c.want)
			}
		})
	}
}

func TestPerturbWithoutGivensFails(t *testing.T) {
	_, err := Perturb(Parent{Source: "def solve():\n    return 2 * 2\n", Problem: "Double two."}, RNG(1, "x"))
	if err == nil {
		t.Fatal("a program without stated givens cannot be perturbed")
	}
}

// TestPerturbKeepsProgramAndTextConsistent checks the contract of Perturb
// over many draws: new values stay in their band with the same form, every
// literal of the new program that changed is stated in the new problem, the
// parent's value is gone from both, and comments are dropped.
func TestPerturbKeepsProgramAndTextConsistent(t *testing.T) {
	parents := map[string]Parent{
		"gsm8k":   {Source: nataliaProgram, Problem: nataliaProblem},
		"offline": periodsOffline,
		"decimals": {Source: "def solve():\n    price = 2.50\n    n = 12\n    return price * n\n",
			Problem: "Pens cost $2.50 each. How much do 12 pens cost?"},
	}
	for name, p := range parents {
		t.Run(name, func(t *testing.T) {
			givens, err := Givens(p)
			if err != nil {
				t.Fatal(err)
			}
			byValue := map[string]Given{}
			for _, g := range givens {
				byValue[g.Value.RatString()] = g
			}
			for i := 0; i < 200; i++ {
				out, err := Perturb(p, RNG(int64(i), name))
				if err != nil {
					t.Fatal(err)
				}
				if len(out.Changes) == 0 || len(out.Changes) > 3 {
					t.Fatalf("%d changes", len(out.Changes))
				}
				if strings.Contains(out.Source, "#") {
					t.Fatalf("comments survived:\n%s", out.Source)
				}
				for _, ch := range out.Changes {
					from, _ := new(big.Rat).SetString(ch.From)
					to, _ := new(big.Rat).SetString(ch.To)
					g, ok := byValue[from.RatString()]
					if !ok {
						t.Fatalf("changed %s, which is not a given", ch.From)
					}
					lo, hi := band(g)
					if to.Cmp(lo) < 0 || to.Cmp(hi) > 0 || to.Cmp(from) == 0 {
						t.Fatalf("%s -> %s outside its band [%s, %s]", ch.From, ch.To, lo.FloatString(3), hi.FloatString(3))
					}
					if g.Decimals == 0 && !to.IsInt() {
						t.Fatalf("integer %s became %s", ch.From, ch.To)
					}
					text := out.Problem
					if out.Offline != nil {
						text = out.Offline.Problem
					}
					if !hasNumber(text, to) {
						t.Fatalf("new given %s missing from the problem %q", ch.To, text)
					}
					if hasNumber(text, from) {
						t.Fatalf("old given %s still in the problem %q", ch.From, text)
					}
					if !hasLiteral(t, out.Source, to) || hasLiteral(t, out.Source, from) {
						t.Fatalf("program does not carry %s -> %s:\n%s", ch.From, ch.To, out.Source)
					}
				}
			}
		})
	}
}

func hasNumber(text string, v *big.Rat) bool {
	for _, tn := range TextNumbers(text) {
		if !tn.Attached && tn.Value.Cmp(v) == 0 {
			return true
		}
	}
	return false
}

func hasLiteral(t *testing.T, src string, v *big.Rat) bool {
	lits, err := Literals(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lits {
		if lv := l.Value(); lv != nil && lv.Cmp(v) == 0 {
			return true
		}
	}
	return false
}

func TestPerturbRerendersOfflineTemplates(t *testing.T) {
	for i := 0; i < 50; i++ {
		out, err := Perturb(periodsOffline, RNG(int64(i), "offline-templates"))
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range out.Changes {
			if ch.From == "5" {
				if !strings.Contains(out.Offline.Steps[0], `\frac{2\pi}{ `+ch.To+` }`) {
					t.Fatalf("steps not re-rendered for 5 -> %s: %s", ch.To, out.Offline.Steps[0])
				}
				if !strings.Contains(out.Source, "cos("+ch.To+"*x)") {
					t.Fatalf("program not rewritten for 5 -> %s", ch.To)
				}
			}
			found := false
			for _, g := range out.Offline.Givens {
				found = found || g == ch.To
			}
			if !found {
				t.Fatalf("declared givens %v miss %s", out.Offline.Givens, ch.To)
			}
		}
		// The structural 2s never move.
		if !strings.Contains(out.Source, "sympy.sin(2*x)") || !strings.Contains(out.Offline.Problem, `[0, 2\pi]`) {
			t.Fatalf("a structural 2 changed:\n%s\n%s", out.Source, out.Offline.Problem)
		}
		if out.Problem != out.Offline.Problem {
			t.Fatalf("the draft problem of an offline program is its template problem")
		}
	}
}

func TestPerturbIsDeterministic(t *testing.T) {
	p := Parent{Source: nataliaProgram, Problem: nataliaProblem}
	a, err := Perturb(p, RNG(7, "parent", "perturb_givens", "0"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Perturb(p, RNG(7, "parent", "perturb_givens", "0"))
	if a.Source != b.Source || a.Problem != b.Problem {
		t.Fatal("same seed, different perturbation")
	}
}

func TestBand(t *testing.T) {
	cases := []struct {
		v      *big.Rat
		dec    int
		lo, hi string
	}{
		{big.NewRat(48, 1), 0, "24", "96"},
		{big.NewRat(2, 1), 0, "1", "4"},
		{big.NewRat(9, 1), 0, "9/2", "9"},
		{big.NewRat(60, 1), 0, "30", "99"},
		{big.NewRat(1200, 1), 0, "1000", "2400"},
		{big.NewRat(1, 4), 2, "1/8", "1/2"},
	}
	for _, c := range cases {
		lo, hi := band(Given{Value: c.v, Decimals: c.dec})
		if lo.RatString() != c.lo || hi.RatString() != c.hi {
			t.Errorf("band(%s) = [%s, %s], want [%s, %s]", c.v.RatString(), lo.RatString(), hi.RatString(), c.lo, c.hi)
		}
	}
}

func TestPerturbAvoidsTheNumbersOfAncestors(t *testing.T) {
	p := Parent{Source: nataliaProgram, Problem: nataliaProblem}
	var avoid []string
	for v := 25; v <= 96; v++ {
		if v != 62 {
			avoid = append(avoid, fmt.Sprint(v))
		}
	}
	p.Avoid = []string{strings.Join(avoid, " ")}
	for i := 0; i < 20; i++ {
		out, err := Perturb(p, RNG(int64(i), "avoid"))
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Changes) != 1 || out.Changes[0].To != "62" && out.Changes[0].To != "24" {
			t.Fatalf("changes %v use a number to avoid", out.Changes)
		}
	}
}
