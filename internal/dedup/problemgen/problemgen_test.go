package problemgen

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestProblemsAreDeterministic(t *testing.T) {
	a, b := Problems(200, 5), Problems(200, 5)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("problem %d differs between runs: %+v vs %+v", i, a[i], b[i])
		}
	}
	if c := Problems(200, 6); c[0] == a[0] && c[1] == a[1] && c[2] == a[2] {
		t.Error("a different seed should give different problems")
	}
}

func TestDistinctCoversTemplatesWithoutRepeats(t *testing.T) {
	ps := Distinct(1000, 1)
	seen := map[string]bool{}
	templates := map[int]bool{}
	for _, p := range ps {
		if seen[p.Text] {
			t.Fatalf("repeated text %q", p.Text)
		}
		seen[p.Text] = true
		templates[p.Template] = true
		if p.Answer == "" || p.Topic == "" || !strings.ContainsAny(p.Text, "0123456789") {
			t.Errorf("incomplete problem %+v", p)
		}
	}
	if len(ps) != 1000 || len(templates) != NumTemplates {
		t.Errorf("%d problems from %d of %d templates", len(ps), len(templates), NumTemplates)
	}
}

var numRE = regexp.MustCompile(`-?\d+`)

func numbers(s string) []int {
	var out []int
	for _, m := range numRE.FindAllString(s, -1) {
		n, _ := strconv.Atoi(m)
		out = append(out, n)
	}
	return out
}

func TestAnswersAreCorrect(t *testing.T) {
	// Recompute the answers of a few templates independently from the text.
	checks := map[int]func(n []int) int{
		0:  func(n []int) int { return divisors(n[0]) },                // divisors of n
		1:  func(n []int) int { return (n[2] - n[1]) / n[0] },          // ax+b=c
		2:  func(n []int) int { return gcd(n[0], n[1]) },               // gcd
		3:  func(n []int) int { return n[0] % n[1] },                   // remainder
		8:  func(n []int) int { return n[0] * n[1] },                   // distance
		9:  func(n []int) int { return n[0] * n[1] },                   // area
		18: func(n []int) int { return n[0] * (n[0] - 3) / 2 },         // diagonals
		20: func(n []int) int { return n[0] * n[1] / gcd(n[0], n[1]) }, // lcm
	}
	checked := 0
	for _, p := range Problems(2000, 3) {
		f, ok := checks[p.Template]
		if !ok {
			continue
		}
		checked++
		if want := strconv.Itoa(f(numbers(p.Text))); want != p.Answer {
			t.Errorf("template %d: answer %s, recomputed %s for %q", p.Template, p.Answer, want, p.Text)
		}
	}
	if checked < 200 {
		t.Errorf("only %d problems checked", checked)
	}
	if frac(6, 8) != `\frac{3}{4}` || frac(4, 2) != "2" || frac(3, -6) != `\frac{-1}{2}` {
		t.Error("frac is wrong")
	}
}
