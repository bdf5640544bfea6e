package verify

import (
	"context"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

func execWith(literals []string, result schemas.Value) *schemas.Execution {
	return &schemas.Execution{Status: schemas.StatusOK, Literals: literals, Result: &result}
}

func intVal(s string) schemas.Value {
	return schemas.Value{Kind: schemas.KindInteger, Type: "int", Repr: s, Latex: s, Exact: s}
}

func TestGrounding(t *testing.T) {
	cases := []struct {
		name     string
		problem  string
		literals []string
		want     string
	}{
		{"every given stated as digits", "How many positive divisors does 360 have?", []string{"360"}, schemas.ResultPass},
		{"0 and 1 are structural and exempt", "How many divisors does 360 have?", []string{"360", "0", "1"}, schemas.ResultPass},
		{"a given missing from the problem fails", "How many divisors does 360 have?", []string{"360", "7"}, schemas.ResultFail},
		{"a given inside LaTeX counts", "Solve $3x^{2} - 12 = 0$.", []string{"3", "2", "12"}, schemas.ResultPass},
		{"a fraction given as \\frac", "Find $\\frac{3}{4}$ of 20.", []string{"0.75", "20"}, schemas.ResultPass},
		{"a percentage given as a decimal literal", "What is 15% of 80?", []string{"0.15", "80"}, schemas.ResultPass},
		{"a number word counts", "Twice a number is 18. Find the number.", []string{"2", "18"}, schemas.ResultPass},
		{"thousands separators are read", "A car costs $12,500. Find the tax at 8%.", []string{"12500", "0.08"}, schemas.ResultPass},
		{"a changed number in the problem fails", "How many divisors does 361 have?", []string{"360"}, schemas.ResultFail},
		{"decimals compare by value", "Each costs 6.40 dollars.", []string{"6.4"}, schemas.ResultPass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Grounding(c.problem, execWith(c.literals, intVal("5")))
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestNoAnswerLeak(t *testing.T) {
	cases := []struct {
		name    string
		problem string
		result  schemas.Value
		want    string
	}{
		{"answer stated in the problem fails", "The answer is 792. How much do 198 notebooks cost?", intVal("792"), schemas.ResultFail},
		{"answer absent passes", "How much do 198 notebooks cost at 4 dollars each?", intVal("792"), schemas.ResultPass},
		{"small integer answers are not judged", "What is 2 + 2? Use 4 pencils.", intVal("4"), schemas.ResultPass},
		{"rational answer leaked as a fraction fails", "Show that the probability is $\\frac{3}{8}$.",
			schemas.Value{Kind: schemas.KindRational, Type: "Rational", Repr: "3/8", Latex: "\\frac{3}{8}", Exact: "3/8"}, schemas.ResultFail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NoAnswerLeak(c.problem, execWith(nil, c.result))
			if got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestNoCodeLeak(t *testing.T) {
	cases := []struct {
		name, problem, want string
	}{
		{"plain math passes", "Find the sum of the roots of $x^2 - 5x + 6 = 0$.", schemas.ResultPass},
		{"English words that look like modules pass", "Write 4/9 as a sum of different unit fractions. Compute the return on the math test.", schemas.ResultPass},
		{"an API name fails", "Use sympy to solve the equation.", schemas.ResultFail},
		{"a module call fails", "Compute np.linalg.det of the matrix.", schemas.ResultFail},
		{"a function definition fails", "def solve(): return 3", schemas.ResultFail},
		{"python power operator fails", "Find x**2 when x is 3.", schemas.ResultFail},
		{"an import fails", "from sympy import solve", schemas.ResultFail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NoCodeLeak(c.problem); got.Result != c.want {
				t.Fatalf("got %s (%s), want %s", got.Result, got.Reason, c.want)
			}
		})
	}
}

func TestAsksQuestion(t *testing.T) {
	if AsksQuestion("The sky is blue.").Result != schemas.ResultFail {
		t.Error("a statement passed as a question")
	}
	if AsksQuestion("How many divisors does 360 have?").Result != schemas.ResultPass {
		t.Error("a question failed")
	}
	if AsksQuestion("Compute the determinant.").Result != schemas.ResultPass {
		t.Error("an imperative failed")
	}
}

// Verify end to end with the real sandbox for the symbolic answer path.
func TestVerify(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cfg := sandbox.DefaultConfig()
	cfg.Workers = 1
	cfg.Modules = answer.Modules()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	v := &Verifier{Checker: &answer.Checker{Runner: pool}}
	good := func() *schemas.Record {
		return &schemas.Record{
			Problem:   "How many positive divisors does 360 have?",
			Solution:  "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = 24$ divisors. $\\boxed{24}$",
			Execution: execWith([]string{"360"}, intVal("24")),
		}
	}
	cases := []struct {
		name   string
		mutate func(r *schemas.Record)
		failed string
	}{
		{"a correct triple is accepted", func(*schemas.Record) {}, ""},
		{"a wrong boxed answer is rejected", func(r *schemas.Record) { r.Solution = "So $\\boxed{25}$." }, CheckAnswerMatch},
		{"a missing box is rejected", func(r *schemas.Record) { r.Solution = "The answer is 24." }, CheckAnswerExtracted},
		{"a changed given is rejected as an ungrounded number", func(r *schemas.Record) { r.Problem = "How many positive divisors does 361 have?" }, CheckUngroundedNumber},
		{"a dropped given is rejected by grounding", func(r *schemas.Record) { r.Problem = "How many positive divisors does this number have?" }, CheckGrounding},
		{"an answer leak is rejected", func(r *schemas.Record) { r.Problem = "Show that 360 has 24 positive divisors. How many?" }, CheckNoAnswerLeak},
		{"a symbolic equal answer is accepted", func(r *schemas.Record) { r.Solution = "$\\boxed{\\frac{48}{2}}$" }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := good()
			c.mutate(r)
			ver := v.Verify(ctx, r)
			if c.failed == "" {
				if ver.Verdict != schemas.VerdictAccepted {
					t.Fatalf("rejected: %+v", ver.Checks)
				}
				return
			}
			if ver.Verdict != schemas.VerdictRejected {
				t.Fatalf("accepted, want failure of %s", c.failed)
			}
			if Reason(ver) != c.failed {
				t.Fatalf("first failed check %s, want %s (%+v)", Reason(ver), c.failed, ver.Checks)
			}
		})
	}
}
