// Package problemgen generates varied, synthetic math problems with their
// answers from templates and a seeded random source. It exists for tests
// and benchmarks of deduplication, decontamination and corpus statistics:
// the problems look like generated training data (short algebra and number
// theory prompts, word problems with names and units) but are not taken
// from any benchmark.
package problemgen

import (
	"fmt"
	"math/rand"
	"strconv"
)

// Problem is one generated problem.
type Problem struct {
	// Template is the index of the template that produced the problem.
	Template int
	Text     string
	Answer   string
	// Topic is a coarse subject label ("algebra", "number_theory", ...).
	Topic string
}

var (
	names   = []string{"Ava", "Liam", "Noah", "Mia", "Zara", "Omar", "Ines", "Kofi", "Yuki", "Ravi", "Lena", "Tomas", "Priya", "Diego", "Hana", "Felix", "Amara", "Jonas", "Sofia", "Malik"}
	items   = []string{"apples", "marbles", "stickers", "pencils", "books", "cookies", "stamps", "shells", "cards", "coins", "beads", "plants"}
	places  = []string{"a bakery", "a bookstore", "a garden center", "a school fair", "a toy shop", "a farm stand", "a library sale", "a craft market"}
	shapes  = []string{"rectangle", "parallelogram"}
	vehicle = []string{"a train", "a cyclist", "a bus", "a boat", "a runner", "a car"}
)

func pick(r *rand.Rand, xs []string) string { return xs[r.Intn(len(xs))] }

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

func divisors(n int) int {
	c := 0
	for d := 1; d*d <= n; d++ {
		if n%d == 0 {
			c++
			if d*d != n {
				c++
			}
		}
	}
	return c
}

func frac(p, q int) string {
	g := gcd(p, q)
	p, q = p/g, q/g
	if q < 0 {
		p, q = -p, -q
	}
	if q == 1 {
		return strconv.Itoa(p)
	}
	return fmt.Sprintf("\\frac{%d}{%d}", p, q)
}

type template struct {
	topic string
	gen   func(r *rand.Rand) (string, string)
}

var templates = []template{
	{"number_theory", func(r *rand.Rand) (string, string) {
		n := 12 * (2 + r.Intn(90))
		return fmt.Sprintf("Find the number of positive divisors of %d.", n), strconv.Itoa(divisors(n))
	}},
	{"algebra", func(r *rand.Rand) (string, string) {
		a, x, b := 2+r.Intn(9), r.Intn(30)-10, r.Intn(40)
		return fmt.Sprintf("Solve for x: %dx+%d=%d.", a, b, a*x+b), strconv.Itoa(x)
	}},
	{"number_theory", func(r *rand.Rand) (string, string) {
		a, b := 6*(1+r.Intn(50)), 4*(1+r.Intn(60))
		return fmt.Sprintf("What is the greatest common divisor of %d and %d?", a, b), strconv.Itoa(gcd(a, b))
	}},
	{"number_theory", func(r *rand.Rand) (string, string) {
		a, m := 100+r.Intn(9000), 3+r.Intn(20)
		return fmt.Sprintf("What is the remainder when %d is divided by %d?", a, m), strconv.Itoa(a % m)
	}},
	{"algebra", func(r *rand.Rand) (string, string) {
		p, q := r.Intn(12)+1, r.Intn(12)+1
		return fmt.Sprintf("Find the sum of the roots of $x^2 - %dx + %d = 0$.", p+q, p*q), strconv.Itoa(p + q)
	}},
	{"algebra", func(r *rand.Rand) (string, string) {
		a, b, c, x := 1+r.Intn(5), r.Intn(20)-10, r.Intn(30)-15, r.Intn(9)-4
		return fmt.Sprintf("Let $f(x) = %dx^2 + %dx + %d$. Compute $f(%d)$.", a, b, c, x), strconv.Itoa(a*x*x + b*x + c)
	}},
	{"arithmetic", func(r *rand.Rand) (string, string) {
		n, it, p, k, price := pick(r, names), pick(r, items), pick(r, places), 3+r.Intn(40), 2+r.Intn(9)
		return fmt.Sprintf("%s buys %d %s at %s for $%d each. How much does %s spend in total?", n, k, it, p, price, n), strconv.Itoa(k * price)
	}},
	{"arithmetic", func(r *rand.Rand) (string, string) {
		a, b, it := pick(r, names), pick(r, names), pick(r, items)
		x, y := 10+r.Intn(90), 1+r.Intn(9)
		return fmt.Sprintf("%s has %d %s. %s has %d times as many %s as %s. How many %s do they have together?", a, x, it, b, y, it, a, it), strconv.Itoa(x + x*y)
	}},
	{"arithmetic", func(r *rand.Rand) (string, string) {
		v, s, t := pick(r, vehicle), 20+r.Intn(80), 2+r.Intn(7)
		return fmt.Sprintf("If %s travels at %d kilometers per hour for %d hours, how many kilometers does it cover?", v, s, t), strconv.Itoa(s * t)
	}},
	{"geometry", func(r *rand.Rand) (string, string) {
		sh, w, h := pick(r, shapes), 2+r.Intn(30), 2+r.Intn(30)
		return fmt.Sprintf("A %s has base %d cm and height %d cm. What is its area in square centimeters?", sh, w, h), strconv.Itoa(w * h)
	}},
	{"geometry", func(r *rand.Rand) (string, string) {
		a, b := []int{3, 5, 8, 7, 20, 9}, []int{4, 12, 15, 24, 21, 40}
		i, k := r.Intn(len(a)), 1+r.Intn(6)
		c := map[int]int{0: 5, 1: 13, 2: 17, 3: 25, 4: 29, 5: 41}[i]
		return fmt.Sprintf("A right triangle has legs of length %d and %d. Find the length of its hypotenuse.", a[i]*k, b[i]*k), strconv.Itoa(c * k)
	}},
	{"counting", func(r *rand.Rand) (string, string) {
		n, k := 5+r.Intn(10), 2+r.Intn(3)
		c := 1
		for i := 0; i < k; i++ {
			c = c * (n - i) / (i + 1)
		}
		return fmt.Sprintf("In how many ways can a committee of %d be chosen from %d people?", k, n), strconv.Itoa(c)
	}},
	{"probability", func(r *rand.Rand) (string, string) {
		red, blue := 2+r.Intn(10), 2+r.Intn(10)
		return fmt.Sprintf("A bag contains %d red marbles and %d blue marbles. One marble is drawn at random. What is the probability that it is red? Express your answer as a common fraction.", red, blue), frac(red, red+blue)
	}},
	{"arithmetic", func(r *rand.Rand) (string, string) {
		p, pct := 20*(1+r.Intn(30)), 5*(1+r.Intn(9))
		return fmt.Sprintf("A jacket costs $%d. During a sale the price is reduced by %d%%. What is the sale price in dollars?", p, pct), strconv.Itoa(p * (100 - pct) / 100)
	}},
	{"sequences", func(r *rand.Rand) (string, string) {
		a, d, n := r.Intn(20), 2+r.Intn(9), 10+r.Intn(40)
		return fmt.Sprintf("The first term of an arithmetic sequence is %d and the common difference is %d. What is the %dth term?", a, d, n), strconv.Itoa(a + (n-1)*d)
	}},
	{"algebra", func(r *rand.Rand) (string, string) {
		x, y := r.Intn(20)-5, r.Intn(20)-5
		return fmt.Sprintf("If $x + y = %d$ and $x - y = %d$, what is the value of $x$?", x+y, x-y), strconv.Itoa(x)
	}},
	{"number_theory", func(r *rand.Rand) (string, string) {
		n := 2 + r.Intn(40)
		s := 0
		for i := 1; i <= n; i++ {
			s += i * i
		}
		return fmt.Sprintf("Compute the sum of the squares of the first %d positive integers.", n), strconv.Itoa(s)
	}},
	{"arithmetic", func(r *rand.Rand) (string, string) {
		n, it, w, d := pick(r, names), pick(r, items), 3+r.Intn(10), 2+r.Intn(6)
		return fmt.Sprintf("%s collects %d %s every week. After %d weeks %s gives away half of them. How many %s are left?", n, 2*w, it, d, n, it), strconv.Itoa(w * d)
	}},
	{"geometry", func(r *rand.Rand) (string, string) {
		n := 5 + r.Intn(15)
		return fmt.Sprintf("How many diagonals does a convex polygon with %d sides have?", n), strconv.Itoa(n * (n - 3) / 2)
	}},
	{"algebra", func(r *rand.Rand) (string, string) {
		b, e := 2+r.Intn(4), 2+r.Intn(8)
		v := 1
		for i := 0; i < e; i++ {
			v *= b
		}
		return fmt.Sprintf("Find $x$ if $%d^x = %d$.", b, v), strconv.Itoa(e)
	}},
	{"number_theory", func(r *rand.Rand) (string, string) {
		a, b := 2+r.Intn(30), 2+r.Intn(30)
		return fmt.Sprintf("What is the least common multiple of %d and %d?", a, b), strconv.Itoa(a * b / gcd(a, b))
	}},
	{"arithmetic", func(r *rand.Rand) (string, string) {
		n, h, rate, extra := pick(r, names), 10+r.Intn(30), 8+r.Intn(20), 1+r.Intn(10)
		return fmt.Sprintf("%s works %d hours a week at $%d per hour and earns a bonus of $%d per hour for %d overtime hours. What are the weekly earnings in dollars?", n, h, rate, extra, h/5), strconv.Itoa(h*rate + extra*(h/5))
	}},
	{"calculus", func(r *rand.Rand) (string, string) {
		a, n, x := 1+r.Intn(6), 2+r.Intn(4), 1+r.Intn(3)
		d := a * n
		for i := 0; i < n-1; i++ {
			d *= x
		}
		return fmt.Sprintf("Evaluate the derivative of $%dx^{%d}$ at $x = %d$.", a, n, x), strconv.Itoa(d)
	}},
	{"counting", func(r *rand.Rand) (string, string) {
		n := 3 + r.Intn(6)
		f := 1
		for i := 2; i <= n; i++ {
			f *= i
		}
		return fmt.Sprintf("How many different ways can %d distinct books be arranged on a shelf?", n), strconv.Itoa(f)
	}},
	{"number_theory", func(r *rand.Rand) (string, string) {
		lo := 10 + r.Intn(50)
		hi := lo + 20 + r.Intn(80)
		m := 3 + r.Intn(8)
		return fmt.Sprintf("How many integers between %d and %d inclusive are multiples of %d?", lo, hi, m), strconv.Itoa(hi/m - (lo-1)/m)
	}},
	{"statistics", func(r *rand.Rand) (string, string) {
		a, b, c := 1+r.Intn(50), 1+r.Intn(50), 1+r.Intn(50)
		d := 3*(10+r.Intn(30)) - a - b - c
		if d < 0 {
			d = -d
		}
		return fmt.Sprintf("The numbers %d, %d, %d and %d are written on a board. What is their mean?", a, b, c, d), frac(a+b+c+d, 4)
	}},
}

// NumTemplates is the number of templates Problems draws from.
var NumTemplates = len(templates)

// Problems returns n problems drawn uniformly from the templates with a
// random source seeded by seed. The same (n, seed) gives the same
// problems. Duplicated texts are possible when n is large; use Distinct
// for a duplicate-free set.
func Problems(n int, seed int64) []Problem {
	r := rand.New(rand.NewSource(seed))
	out := make([]Problem, n)
	for i := range out {
		k := r.Intn(len(templates))
		text, ans := templates[k].gen(r)
		out[i] = Problem{Template: k, Text: text, Answer: ans, Topic: templates[k].topic}
	}
	return out
}

// Distinct returns n problems with pairwise different texts (as written),
// drawing from the same sequence as Problems and skipping repeats.
func Distinct(n int, seed int64) []Problem {
	r := rand.New(rand.NewSource(seed))
	seen := map[string]bool{}
	out := make([]Problem, 0, n)
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		k := r.Intn(len(templates))
		text, ans := templates[k].gen(r)
		if seen[text] {
			continue
		}
		seen[text] = true
		out = append(out, Problem{Template: k, Text: text, Answer: ans, Topic: templates[k].topic})
	}
	return out
}
