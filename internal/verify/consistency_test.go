package verify

import (
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// prog is an execution of a program with these literals (and, when src is
// set, its source).
type prog struct {
	src      string
	literals []string
	result   schemas.Value
	locals   map[string]schemas.Value
}

func (p prog) exec() *schemas.Execution {
	r := p.result
	if r.Kind == "" {
		r = intVal("99991")
	}
	return &schemas.Execution{Status: schemas.StatusOK, Literals: p.literals, Result: &r, Locals: p.locals}
}

func TestUngroundedNumbers(t *testing.T) {
	cases := []struct {
		name    string
		problem string
		prog    prog
		want    string
		detail  string // a part of the reason when failing
	}{
		// Numbers as written.
		{"a number the program holds as a literal is accounted for", "A bike costs $400$ dollars. Find the tax.", prog{literals: []string{"400"}}, schemas.ResultPass, ""},
		{"a number the program never uses is ungrounded and named", "A bike costs $400$ dollars and has $3$ gears. Find the tax.", prog{literals: []string{"400"}}, schemas.ResultFail, "3 (\"and has $3$ gears."},
		{"thousands separators are read", "A car costs $12,500 and a boat $3{,}200. Find the total.", prog{literals: []string{"12500", "3200"}}, schemas.ResultPass, ""},
		{"decimals compare by value", "Milk costs $4.05$ dollars. Find the change from $10$.", prog{literals: []string{"4.05", "10"}}, schemas.ResultPass, ""},
		{"numbers the program writes as strings are givens", "Milk costs $3.75$ dollars. Find the change from $10$.", prog{src: "cost = decimal.Decimal('3.75')\nchange = 10 - cost", literals: []string{"10"}}, schemas.ResultPass, ""},
		{"a LaTeX fraction is its value", "Find $\\frac{3}{4}$ of $20$.", prog{literals: []string{"0.75", "20"}}, schemas.ResultPass, ""},
		{"a LaTeX fraction is also its numerator and denominator", "Find $\\frac{3}{4}$ of $20$.", prog{literals: []string{"3", "4", "20"}}, schemas.ResultPass, ""},
		{"a changed denominator is ungrounded", "Find $\\frac{3}{5}$ of $20$.", prog{literals: []string{"3", "4", "20"}}, schemas.ResultFail, "3/5"},
		{"a mixed number is its value or its parts", "A recipe uses $2\\tfrac{1}{2}$ cups per batch for $4$ batches.", prog{src: "cups = Fraction(5, 2) * 4", literals: []string{"5", "2", "4"}}, schemas.ResultPass, ""},
		{"scientific notation is its value", "Light travels $3 \\times 10^{8}$ meters per second for $5$ seconds.", prog{literals: []string{"3e8", "5"}}, schemas.ResultPass, ""},
		{"a power of ten is its value or its base and exponent", "Write $10^{5}$ in words.", prog{literals: []string{"100000"}}, schemas.ResultPass, ""},
		{"a number under a square root is read", "Simplify $\\sqrt{10}$.", prog{src: "answer = sympy.sqrt(3)", literals: []string{"3"}}, schemas.ResultFail, "10"},
		{"a percentage is p or p/100", "A jacket is $15\\%$ off $80$ dollars.", prog{literals: []string{"0.15", "80"}}, schemas.ResultPass, ""},
		{"number words are read", "Janet eats three eggs and sells twelve.", prog{literals: []string{"3", "12"}}, schemas.ResultPass, ""},
		{"a compound number word is read", "There are twenty-five students and forty desks.", prog{literals: []string{"25"}}, schemas.ResultFail, "40"},
		{"a number word with percent is p or p/100", "The jacket is fifteen percent off eighty dollars.", prog{literals: []string{"0.15", "80"}}, schemas.ResultPass, ""},
		{"a fraction in words is its value", "She spends two thirds of $90$ dollars.", prog{src: "spent = 90 * 2 / 3", literals: []string{"90", "2", "3"}}, schemas.ResultPass, ""},
		{"twice, double and half are the conventional 2", "Tom has twice as many as Ann, and half of his are red. Ann has $6$.", prog{literals: []string{"6"}}, schemas.ResultPass, ""},
		{"a dozen is the conventional 12", "Eggs cost $3$ dollars a dozen. How much do $60$ eggs cost?", prog{literals: []string{"3", "60", "12"}}, schemas.ResultPass, ""},
		{"an ordinal is the position or the position minus one", "What is the $10$th term of the sequence that starts at $4$ and grows by $3$?", prog{literals: []string{"4", "3", "9"}}, schemas.ResultPass, ""},
		{"an ordinal word is a position", "Find the fifth term.", prog{literals: []string{"4"}}, schemas.ResultPass, ""},
		{"the terms that show a pattern before an ellipsis are accounted for", "Compute $3^{ 3 } + 4^{ 3 } + \\cdots + 26^{ 3 }$.", prog{src: "sum(k**3 for k in range(3, 27))", literals: []string{"3", "27"}}, schemas.ResultPass, ""},
		{"a pattern may step by a given", "Find the sum $3 + 5 + 7 + \\ldots + 99$.", prog{src: "sum(range(3, 100, 2))", literals: []string{"3", "100", "2"}}, schemas.ResultPass, ""},
		{"a changed term breaks the pattern's step and is ungrounded", "Compute $3^{ 3 } + 5^{ 3 } + \\cdots + 26^{ 3 }$.", prog{src: "sum(k**3 for k in range(3, 27))", literals: []string{"3", "27"}}, schemas.ResultFail, "5"},
		{"a changed last term after the ellipsis is ungrounded", "Compute $1 + 2 + \\cdots + 30$.", prog{src: "sum(range(1, 27))", literals: []string{"1", "27"}}, schemas.ResultFail, "30"},
		{"a changed ordinal is ungrounded", "Find the eighth term.", prog{literals: []string{"4"}}, schemas.ResultFail, "8"},
		{"0 and 1 are identities", "Solve $x^{2} - 1 = 0$.", prog{src: "sympy.solve(x**2 - 1, x)", literals: []string{"2", "1"}}, schemas.ResultPass, ""},
		{"a range stop accounts for the last value", "Add the integers from $1$ to $100$.", prog{src: "answer = sum(range(1, 101))", literals: []string{"1", "101"}}, schemas.ResultPass, ""},
		{"the two and three of a problem's objects are structural", "Two trains leave three stations. The first travels $80$ miles.", prog{literals: []string{"80"}}, schemas.ResultPass, ""},
		{"the number of items a program lists is derived", "Lena scored $68$, $74$, $98$ and $84$ on four tests.", prog{src: "statistics.mean([68, 74, 98, 84])", literals: []string{"68", "74", "98", "84"}}, schemas.ResultPass, ""},
		{"a count that matches no list is ungrounded", "Lena scored $68$, $74$, $98$ and $84$ on five tests.", prog{src: "statistics.mean([68, 74, 98, 84])", literals: []string{"68", "74", "98", "84"}}, schemas.ResultFail, "5"},
		{"the size of a collection solve() holds is derived", "The four roots are found first.", prog{locals: map[string]schemas.Value{"roots": {Kind: schemas.KindTuple, Elements: []schemas.Value{intVal("1"), intVal("2"), intVal("3"), intVal("4")}}}}, schemas.ResultPass, ""},
		{"the program's result is left to no_answer_leak", "Show that $360$ has $24$ divisors.", prog{literals: []string{"360"}, result: intVal("24")}, schemas.ResultPass, ""},
		// Conventions.
		{"100 cm per m is conventional when both units appear", "A $2.35$ m ribbon ($1$ m $= 100$ cm) is cut into $26$ cm pieces.", prog{literals: []string{"26"}, src: "n = int(Fraction('2.35') * 100 // 26)"}, schemas.ResultPass, ""},
		{"60 is not conventional without minutes and hours", "A trip takes $60$ kilometers.", prog{literals: []string{"5"}}, schemas.ResultFail, "60"},
		{"60 minutes per hour is conventional", "A trip takes $2$ hours, that is $60$ minutes per hour.", prog{literals: []string{"2"}}, schemas.ResultPass, ""},
		{"180 degrees in a triangle is conventional", "Two angles of a triangle are $70^\\circ$ and $46^\\circ$ (angles sum to $180^\\circ$).", prog{literals: []string{"70", "46"}}, schemas.ResultPass, ""},
		{"a year is not a quantity", "In 2019, Josh bought a house for $80,000.", prog{literals: []string{"80000"}}, schemas.ResultPass, ""},
		{"a label is not a quantity", "Problem 3. Step 2: a rectangle is $12$ cm long.", prog{literals: []string{"12"}}, schemas.ResultPass, ""},
		{"a name is not a quantity", "Apollo 11 flew $384400$ km in a 3D arc.", prog{literals: []string{"384400"}}, schemas.ResultPass, ""},
		{"a date is not a quantity", "On March 15 she saved $40$ dollars.", prog{literals: []string{"40"}}, schemas.ResultPass, ""},
		{"the indexes of a variable from 1 are not quantities", "Let $x_1$ and $x_2$ be the roots of $x^{2} - 5x + 6$.", prog{src: "x**2 - 5*x + 6", literals: []string{"2", "5", "6"}}, schemas.ResultPass, ""},
		{"an index outside the run from 1 is a position", "Given $a_1 = 3$, find $a_{12}$.", prog{literals: []string{"3", "10"}}, schemas.ResultFail, "12"},
		{"numbers in an index expression are not quantities", "Let $a_n = 2a_{n-1} + 3$ with $a_0 = 4$.", prog{literals: []string{"2", "3", "4"}, src: "a = 2*a + 3"}, schemas.ResultPass, ""},
		{"the bounds of a sum are quantities", "Compute $\\sum_{k=1}^{10} k^{2}$.", prog{src: "sum(k**2 for k in range(1, 12))", literals: []string{"1", "12", "2"}}, schemas.ResultFail, "10"},
		{"the exponent of a unit is not a quantity", "A garden of $21$ m$^2$ has a path, in cm$^2$.", prog{literals: []string{"21"}}, schemas.ResultPass, ""},
		{"multiple-choice options are not quantities", "What is $3^{4}$? (A) 12 (B) 64 (C) 81 (D) 243", prog{src: "answer = 3**4", literals: []string{"3", "4"}}, schemas.ResultPass, ""},
		{"place names are not quantities", "Swap the hundreds digit and the ones digit of $301$.", prog{literals: []string{"301"}}, schemas.ResultPass, ""},
		{"a digit count describes numbers", "Find the sum of all five-digit numbers ending in $7$.", prog{literals: []string{"7", "10000"}}, schemas.ResultPass, ""},
		// Structure: exponents and matrices.
		{"an exponent is accounted for by a power the program computes", "Find the roots of $x^{3} + 3x - 2$.", prog{src: "sympy.solve(x**3 + 3*x - 2, x)", literals: []string{"3", "2"}}, schemas.ResultPass, ""},
		{"an exponent the program never raises to is ungrounded even if it is a given", "Find the roots of $x^{2} + 3x - 2$.", prog{src: "sympy.solve(x**3 + 3*x - 2, x)", literals: []string{"3", "2"}}, schemas.ResultFail, "the exponent 2"},
		{"a square computed as a product accounts for the exponent 2", "Find $\\pi r^{2}$ for $r = 8$.", prog{src: "area = sympy.pi * 8 * 8", literals: []string{"8"}}, schemas.ResultPass, ""},
		{"the exponent of a number is read like a number", "Find the remainder of $18^{28591}$ modulo $17$.", prog{src: "e = 28591 % 16\nr = pow(18, e, 17)", literals: []string{"28591", "16", "18", "17"}}, schemas.ResultPass, ""},
		{"a matrix the program writes is accounted for", "Find the determinant of $\\begin{pmatrix} 2 & -1 \\\\ 3 & 4 \\end{pmatrix}$.", prog{src: "sympy.Matrix([[2, -1], [3, 4]]).det()", literals: []string{"2", "1", "3", "4"}}, schemas.ResultPass, ""},
		{"a matrix with a changed entry is ungrounded", "Find the determinant of $\\begin{pmatrix} 2 & -1 \\\\ 4 & 4 \\end{pmatrix}$.", prog{src: "sympy.Matrix([[2, -1], [3, 4]]).det()", literals: []string{"2", "1", "3", "4"}}, schemas.ResultFail, "matrix"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := UngroundedNumbers(c.problem, c.prog.src, c.prog.exec())
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
			if c.detail != "" && !strings.Contains(got.Reason, c.detail) {
				t.Fatalf("reason %q lacks %q", got.Reason, c.detail)
			}
		})
	}
}

func TestGroundingOf(t *testing.T) {
	cases := []struct {
		name, problem, src string
		literals           []string
		want               string
	}{
		{"a conventional constant is grounded by its context", "A runner covers $5$ km in $25$ minutes. Find her speed in meters per second.", "", []string{"5", "25", "1000", "60"}, schemas.ResultPass},
		{"a conventional constant without its context is not grounded", "A runner covers $5$ miles in $25$ minutes. Find her speed in meters per second.", "", []string{"5", "25", "1000", "60"}, schemas.ResultFail},
		{"a range stop is grounded by the last value", "A fair $6$-sided die is rolled.", "range(1, 7)", []string{"1", "7"}, schemas.ResultPass},
		{"a number written as a string must be stated", "Milk costs $3.85$ dollars.", "decimal.Decimal('3.75')", nil, schemas.ResultFail},
		{"the parts of a fraction are grounded by the fraction", "A recipe uses $2\\tfrac{1}{2}$ cups.", "Fraction(5, 2)", []string{"5", "2"}, schemas.ResultPass},
		{"a digit count states the bounds of its numbers", "How many three-digit numbers are divisible by $7$?", "range(100, 1000)", []string{"100", "1000", "7"}, schemas.ResultPass},
		{"an ordinal states its index", "Find the fifth term of $4, 7, 10$.", "", []string{"4", "7", "10"}, schemas.ResultPass},
		{"the sides of a named polygon are conventional", "The perimeter of one triangle of a hexagon is $21$ inches.", "side = 21 / 3", []string{"21", "3"}, schemas.ResultPass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := GroundingOf(c.problem, c.src, prog{literals: c.literals}.exec())
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestUnitConsistency(t *testing.T) {
	cases := []struct {
		name, problem, src, want string
	}{
		{"the unit the program names matches", "Each sprint is 60 meters long.", "meters_per_sprint = 60", schemas.ResultPass},
		{"another unit of the same dimension fails", "Each sprint is 60 yards long.", "meters_per_sprint = 60", schemas.ResultFail},
		{"a rate's time unit must match", "Terry eats 2 yogurts a week.", "per_day = 2", schemas.ResultFail},
		{"a rate's unit is read from the words after the number", "A candle melts 2 millimeters every hour.", "cm_per_hour = 2", schemas.ResultFail},
		{"a number given without a unit is not judged", "Each sprint has 60 parts.", "meters_per_sprint = 60", schemas.ResultPass},
		{"a program that names no units is not judged", "Each sprint is 60 yards long.", "length = 60", schemas.ResultSkipped},
		{"one-letter name tokens are not units", "The side is 5 cm.", "p1_m = 5", schemas.ResultSkipped},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := UnitConsistency(c.problem, c.src, prog{}.exec())
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestAsksQuestionStructure(t *testing.T) {
	cases := []struct {
		name, problem, want string
	}{
		{"a question mark asks", "How many divisors does 360 have?", schemas.ResultPass},
		{"an imperative asks", "Compute the determinant.", schemas.ResultPass},
		{"a statement does not ask", "The sky is blue.", schemas.ResultFail},
		{"a definition is not a question", "Write $N$ for the number of divisors of $360$.", schemas.ResultFail},
		{"an ask after a leading clause counts", "If he earns $5 an hour, calculate his pay for 8 hours.", schemas.ResultPass},
		{"format instructions may follow the question", "Evaluate $4 \\times 3 + 17 \\div 8$. Give the answer as a fraction in lowest terms.", schemas.ResultPass},
		{"a parenthesized remark may follow the question", "How many rectangles are in the grid? (A rectangle is fixed by $2$ vertical and $2$ horizontal lines.)", schemas.ResultPass},
		{"new data after the question fails", "How many eggs are left? She also bought $12$ more.", schemas.ResultFail},
		{"data the question points to may follow it", "Which equation has the largest solution? (A) $3x = 7$ (B) $5x = 7$ (C) $7x = 7$", schemas.ResultPass},
		{"currency dollars do not open formulas", "Ben bought a car for $20000 in 2007. It loses 21% per year. Find the price in 2010.", schemas.ResultPass},
		{"display math ending a sentence ends it", "Let $z$ satisfy\n\\[z + \\frac{1}{z} = 1.\\]Find $z^{3}$.", schemas.ResultPass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := AsksQuestion(c.problem); got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestAsksForResult(t *testing.T) {
	pair := schemas.Value{Kind: schemas.KindTuple, Latex: "(2, 3)", Elements: []schemas.Value{intVal("2"), intVal("3")}}
	set3 := schemas.Value{Kind: schemas.KindSet, Latex: "\\{3, 5, 7\\}", Elements: []schemas.Value{intVal("3"), intVal("5"), intVal("7")}}
	cases := []struct {
		name, problem string
		result        schemas.Value
		want          string
	}{
		{"a scalar result needs nothing", "Find $x$.", intVal("4"), schemas.ResultPass},
		{"an ordered pair answers a pair", "Solve the system. Give the ordered pair $(x, y)$.", pair, schemas.ResultPass},
		{"named unknowns answer a pair", "Find $x$ and $y$.", pair, schemas.ResultPass},
		{"an ordered triple does not answer a pair", "Solve the system. Give the ordered triple.", pair, schemas.ResultFail},
		{"a single unknown does not answer a pair", "The numbers satisfy $3x + 2y = 16$ and $x - y = 2$. What is $x$?", pair, schemas.ResultFail},
		{"a plural answers a set", "Find all roots of the equation.", set3, schemas.ResultPass},
		{"the largest root does not answer a set", "What is the largest root of the equation?", set3, schemas.ResultFail},
		{"the sum of the roots does not answer a set", "Find the sum of the roots.", set3, schemas.ResultFail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := AsksForResult(c.problem, execWith(nil, c.result))
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestReadQuantities(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // RatString of each quantity's value, or role in brackets
	}{
		{"digits, separators and decimals", "It costs $12,500 or 6.40 or .5 now.", []string{"12500", "32/5", "1/2"}},
		{"LaTeX fraction and mixed number", "$\\frac{3}{4}$ and $2\\tfrac{2}{3}$", []string{"3/4", "8/3"}},
		{"scientific notation", "$1.5 \\times 10^{3}$", []string{"1500"}},
		{"words, compounds and scales", "twenty-five, one hundred and twenty, a dozen, 3 million", []string{"25", "120", "12", "3000000"}},
		{"fractions in words", "two thirds and a quarter", []string{"2/3", "1/4"}},
		{"roles", "In 2019, Step 2, x_1, cm^2", []string{"[year]", "[label]", "[index]", "[unit_exponent]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, q := range ReadQuantities(c.text) {
				switch {
				case q.Role != "":
					got = append(got, "["+q.Role+"]")
				case q.Value != nil:
					got = append(got, q.Value.RatString())
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Fatalf("read %v, want %v", got, c.want)
			}
		})
	}
}
