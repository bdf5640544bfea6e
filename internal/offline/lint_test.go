package offline

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

func TestLintRules(t *testing.T) {
	cases := []struct {
		name string
		text string
		rule string // "" when the text is clean
	}{
		{"a clean sentence", "So $h = 72$ and the area is $36 \\pi$ cm$^2$.", ""},
		{"a doubled equality", "So $h = 72 = 72$.", "doubled_equality"},
		{"a doubled equality up to spacing", "gives $\\frac{ 2 }{ 13 } = \\frac{2}{13}$", "doubled_equality"},
		{"a chain of different sides is fine", "$x = 3 + 4 = 7$", ""},
		{"a sign before a negative number", "after the substitution $x \\mapsto x - (-1)$", "minus_negative"},
		{"plus minus", "$2x + -3$", "minus_negative"},
		{"times a negative number", "$4 \\times -2$", "minus_negative"},
		{"a SymPy list as prose", "The roots are $\\left[ 12, \\  29\\right]$.", "raw_repr"},
		{"a SymPy tuple", "$(x, y) = \\left( 5, \\  7\\right)$", "raw_repr"},
		{"an interval is fine", "The solution set is $\\left[-5, 15\\right]$.", ""},
		{"a Python literal in prose", "The result is True.", "raw_repr"},
		{"a float printed by Python", "The change is $540.0$ dollars.", "float_artifact"},
		{"a long float", "$0.30000000000000004$", "float_artifact"},
		{"a short decimal is fine", "It costs $12.50$ dollars, or $2.05$.", ""},
		{"a coefficient of one", "Solve $1x + 2 = 5$.", "unit_coefficient"},
		{"an exponent of one", "$x^{1} + y$", "unit_coefficient"},
		{"an integral from 0 to 1 is fine", "$\\int_{0}^{1} x\\,dx$", ""},
		{"adding zero", "$x^{2} - 4x + 0$", "add_zero"},
		{"adding zero before a comparison", "$x^{2} - 4x + 0 < 0$", "add_zero"},
		{"adding a decimal below one is fine", "$0.85 + 0.95 = 1.80$", ""},
		{"adding a product with a zero factor is arithmetic", "$9 \\times 100 + 0 \\times 10 + 1 = 901$", ""},
		{"an unfilled exemplar placeholder", "Compute ${{n}}$.", "placeholder"},
		{"an unfilled local placeholder", "The value is {p1_answer}.", "placeholder"},
		{"space before a full stop", "The answer is near .", "spacing"},
		{"an ellipsis is fine", "Monday $= 1$, ..., Sunday $= 7$.", ""},
		{"a doubled word", "the the answer", "doubled_word"},
		{"unbalanced dollars", "The value $x = 3.", "empty_math"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := Lint(c.text)
			if c.rule == "" {
				if len(fs) > 0 {
					t.Errorf("findings %v, want none", fs)
				}
				return
			}
			found := false
			for _, f := range fs {
				found = found || f.Rule == c.rule
			}
			if !found {
				t.Errorf("findings %v, want rule %s", fs, c.rule)
			}
		})
	}
	for name := range LintRules() {
		if name == "" {
			t.Error("a rule without a name")
		}
	}
}

// TestLintOverThousandsOfDraws lints the problems of 3,000 sampled seeds
// (the problem text is complete at generation time) and the solutions of a
// sample of them after running them in Python: the offline text must have no
// finding at all.
func TestLintOverThousandsOfDraws(t *testing.T) {
	g, err := New(mustKB(t))
	if err != nil {
		t.Fatal(err)
	}
	n, run := 3000, 300
	if testing.Short() {
		n, run = 600, 60
	}
	byRule := map[string]int{}
	var progs []*schemas.Program
	seeds := sampledSeeds(t, g, 11, n)
	generated := make([]*schemas.Program, len(seeds))
	errs := make([]error, len(seeds))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(seeds); i += workers {
				generated[i], errs[i] = g.Generate(seeds[i])
			}
		}()
	}
	wg.Wait()
	for i, seed := range seeds {
		p, err := generated[i], errs[i]
		if err != nil {
			t.Errorf("seed %d %v: %v", i, topicIDs(seed), err)
			continue
		}
		for _, f := range Lint(p.Offline.Problem) {
			byRule[f.Rule]++
			if byRule[f.Rule] <= 3 {
				t.Errorf("%s: problem lint %s %q: %s", p.Template, f.Rule, f.Excerpt, p.Offline.Problem)
			}
		}
		if i%(n/run) == 0 {
			progs = append(progs, p)
		}
	}
	results := runPrograms(t, progs)
	for i, p := range progs {
		if results[i].Status != schemas.StatusOK {
			t.Errorf("%s: %s %s", p.Template, results[i].Status, results[i].Error)
			continue
		}
		_, solution, err := Translate(p, results[i].execution())
		if err != nil {
			t.Errorf("%s: %v", p.Template, err)
			continue
		}
		for _, f := range Lint(solution) {
			byRule[f.Rule]++
			if byRule[f.Rule] <= 3 {
				t.Errorf("%s: solution lint %s %q:\n%s", p.Template, f.Rule, f.Excerpt, solution)
			}
		}
	}
	var parts []string
	for r, k := range byRule {
		parts = append(parts, fmt.Sprintf("%s %d", r, k))
	}
	t.Logf("%d problems and %d solutions linted; findings: %s", n, len(progs), strings.Join(parts, ", "))
}
