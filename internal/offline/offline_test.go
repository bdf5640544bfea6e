package offline

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// drawsPerExemplar is how many random instances of each exemplar the tests
// run (compositions add more draws); Python CPU time dominates the suite.
const drawsPerExemplar = 4

func mustExemplars(t testing.TB) []*exemplar {
	t.Helper()
	exs, err := loadExemplars(exemplarFS)
	if err != nil {
		t.Fatalf("load exemplars: %v", err)
	}
	return exs
}

// numberToken matches s as a whole number token (not part of a longer number).
func numberToken(s string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^0-9.])` + regexp.QuoteMeta(s) + `([^0-9]|\.[^0-9]|\.?$)`)
}

var codeInText = []string{"sympy", "solve(", "factorint", "def ", "import", "**", "lambda", "numpy", "itertools", "print("}

// checkTriple asserts the offline contract on one executed program and
// returns the rendered problem and solution. It reports whether the answer
// value appears among the numbers of the problem (a trivial problem).
func checkTriple(t *testing.T, name string, prog *schemas.Program, res harnessResult) (answerShown bool) {
	t.Helper()
	if res.Status != schemas.StatusOK {
		t.Errorf("%s: status %s: %s\n%s", name, res.Status, res.Error, prog.Source)
		return false
	}
	problem, solution, err := Translate(prog, res.execution())
	if err != nil {
		t.Errorf("%s: translate: %v\n%s", name, err, prog.Source)
		return false
	}
	low := strings.ToLower(problem)
	for _, bad := range codeInText {
		if strings.Contains(low, bad) {
			t.Errorf("%s: problem mentions %q: %s", name, bad, problem)
		}
	}
	if strings.Contains(problem, "{{") || strings.Contains(strings.Join(prog.Offline.Steps, " "), "{{") {
		t.Errorf("%s: unfilled exemplar placeholder:\n%s\n%s", name, problem, solution)
	}
	for _, lit := range res.Literals {
		if lit == "0" || lit == "1" || lit == "0.0" || lit == "1.0" {
			continue
		}
		if !numberToken(lit).MatchString(problem) {
			t.Errorf("%s: literal %s of the program is not in the problem: %s\n%s", name, lit, problem, prog.Source)
		}
	}
	for _, f := range append(Lint(problem), Lint(solution)...) {
		t.Errorf("%s: text lint %s: %q\n%s\n%s", name, f.Rule, f.Excerpt, problem, solution)
	}
	if len(res.Dead) > 0 || len(res.Unused) > 0 {
		t.Errorf("%s: values that reach neither the answer nor an assert: assignments %v, calls %v\n%s", name, res.Dead, res.Unused, prog.Source)
	}
	want := "$\\boxed{" + res.Result.Latex + "}$"
	if !strings.HasSuffix(solution, want) {
		t.Errorf("%s: solution does not end with %s:\n%s", name, want, solution)
	}
	if strings.Count(solution, "\\boxed{") != 1 {
		t.Errorf("%s: solution has %d boxes", name, strings.Count(solution, "\\boxed{"))
	}
	// The verifier's own problem checks: givens stated, no code, a question.
	ex := res.execution()
	for _, c := range []schemas.Check{verify.Grounding(problem, ex), verify.NoCodeLeak(problem), verify.AsksQuestion(problem)} {
		if c.Result == schemas.ResultFail {
			t.Errorf("%s: verifier check %s fails: %s\n%s", name, c.Name, c.Reason, problem)
		}
	}
	// A stated answer makes the row fail verification; callers bound the rate.
	return verify.NoAnswerLeak(problem, ex).Result == schemas.ResultFail
}

// checkDeclared asserts that the result matches the exemplar's output declaration.
func checkDeclared(t *testing.T, ex *exemplar, v *schemas.Value) {
	t.Helper()
	checkDeclaredRange(t, ex, v, nil)
}

// checkDeclaredAnyTake asserts that the result matches the exemplar's
// output declaration for some way the part could have been fed (none, or
// through one of its takes).
func checkDeclaredAnyTake(t *testing.T, ex *exemplar, v *schemas.Value) {
	t.Helper()
	if v.Numeric == nil || ex.Answer.Min == nil || ex.Answer.Max == nil {
		checkDeclared(t, ex, v)
		return
	}
	x := *v.Numeric
	lo, hi := *ex.Answer.Min, *ex.Answer.Max
	for _, tk := range ex.Takes {
		a, b := answerRange(ex, tk)
		lo, hi = math.Min(lo, a), math.Max(hi, b)
	}
	if x < lo-1e-9 || x > hi+1e-9 {
		t.Errorf("%s: result %s outside every declared range [%g, %g]", ex.ID, v.Repr, lo, hi)
	}
}

// checkDeclaredRange asserts that the result matches the exemplar's output
// declaration when its param fed (if not nil) is taken from another part.
func checkDeclaredRange(t *testing.T, ex *exemplar, v *schemas.Value, fed *takeDecl) {
	t.Helper()
	if v == nil {
		return
	}
	ok := v.Kind == ex.Answer.Kind
	switch ex.Answer.Kind {
	case "rational":
		ok = v.Kind == schemas.KindInteger || v.Kind == schemas.KindRational
	case "real":
		ok = v.Kind == schemas.KindInteger || v.Kind == schemas.KindRational || v.Kind == schemas.KindReal
	}
	if !ok {
		t.Errorf("%s: result kind %s (%s), declared %s", ex.ID, v.Kind, v.Repr, ex.Answer.Kind)
	}
	if v.Numeric != nil && ex.Answer.Min != nil && ex.Answer.Max != nil {
		lo, hi := answerRange(ex, fed)
		if x := *v.Numeric; x < lo-1e-9 || x > hi+1e-9 || math.IsNaN(x) {
			t.Errorf("%s: result %s outside the declared range [%g, %g]", ex.ID, v.Repr, lo, hi)
		}
	}
}

func TestEveryExemplarRunsAndTranslates(t *testing.T) {
	runs := exemplarRuns(t)
	shown := map[string]int{}
	exemplars := map[string]bool{}
	for _, r := range runs {
		exemplars[r.ex.ID] = true
		if checkTriple(t, fmt.Sprintf("%s#%d", r.ex.ID, r.draw), r.prog, r.result) {
			shown[r.ex.ID]++
		}
		checkDeclared(t, r.ex, r.result.Result)
		if r.value != nil && r.result.Result != nil && r.result.Result.Exact != strconv.FormatInt(*r.value, 10) {
			t.Errorf("%s#%d: answer value %s = %d, but the program returns %s", r.ex.ID, r.draw, r.ex.Answer.Value, *r.value, r.result.Result.Repr)
		}
	}
	slow := map[string]int64{}
	for _, r := range runs {
		if r.result.CPUMillis > slow[r.ex.ID] {
			slow[r.ex.ID] = r.result.CPUMillis
		}
	}
	ids := make([]string, 0, len(slow))
	for id := range slow {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return slow[ids[i]] > slow[ids[j]] })
	for _, id := range ids[:min(8, len(ids))] {
		t.Logf("slowest: %s %d ms CPU", id, slow[id])
	}
	total := 0
	var leaking []string
	for id, n := range shown {
		total += n
		leaking = append(leaking, id)
	}
	sort.Strings(leaking)
	t.Logf("%d exemplars, %d programs, answer stated in the problem in %d: %v", len(exemplars), len(runs), total, leaking)
	if total*20 > len(runs) {
		t.Errorf("the answer is stated in %d of %d problems (over 5%%): %v", total, len(runs), leaking)
	}
}

func TestTopicCompositions(t *testing.T) {
	g, err := newGenerator(mustExemplars(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	topics := g.Topics()
	n := 100
	if testing.Short() {
		n = 30
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var progs []*schemas.Program
	for i := 0; i < n; i++ {
		k := 1 + i%3
		seed := schemas.Seed{ID: fmt.Sprint("s", i), Index: int64(i), RunSeed: 42, Pathway: "topics"}
		for j := 0; j < k; j++ {
			seed.Topics = append(seed.Topics, schemas.TopicRef{ID: topics[rng.IntN(len(topics))]})
		}
		p, err := g.Generate(seed)
		if err != nil {
			t.Errorf("seed %d %v: %v", i, topicIDs(seed), err)
			continue
		}
		progs = append(progs, p)
	}
	results := runPrograms(t, progs)
	shown, chains := 0, 0
	for i, p := range progs {
		if checkTriple(t, p.Template, p, results[i]) {
			shown++
		}
		// Every part's result must respect its exemplar's declared output,
		// also when its input came from another part.
		ids := strings.Split(p.Template, "+")
		for k, id := range ids {
			local := fmt.Sprintf("p%d_answer", k+1)
			v, ok := results[i].Locals[local]
			if len(ids) == 1 || !ok {
				continue
			}
			checkDeclaredAnyTake(t, g.byID[id], &v)
			// A projection given to another part must stay in its declared range.
			for _, gv := range g.byID[id].Gives {
				pv, ok := results[i].Locals[fmt.Sprintf("p%d_%s", k+1, gv.Take)]
				if ok && pv.Numeric != nil && (*pv.Numeric < float64(gv.Min) || *pv.Numeric > float64(gv.Max)) {
					t.Errorf("%s: the %s of part %d is %s, outside the declared [%d, %d]", p.Template, gv.Take, k+1, pv.Repr, gv.Min, gv.Max)
				}
			}
		}
		if chainRe.MatchString(p.Source) {
			chains++
		}
	}
	t.Logf("%d compositions, %d with a chain, answer shown in %d", len(progs), chains, shown)
	if shown*10 > len(progs) {
		t.Errorf("answer appears in %d of %d problems (over 10%%)", shown, len(progs))
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	g, err := newGenerator(mustExemplars(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	topics := g.Topics()
	for i := 0; i < 50; i++ {
		seed := schemas.Seed{ID: fmt.Sprint("d", i), Index: int64(i), RunSeed: 7}
		for j := 0; j <= i%3; j++ {
			seed.Topics = append(seed.Topics, schemas.TopicRef{ID: topics[(i*7+j*13)%len(topics)]})
		}
		a, errA := g.Generate(seed)
		b, errB := g.Generate(seed)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("seed %d: errors differ: %v / %v", i, errA, errB)
		}
		if errA != nil {
			continue
		}
		if a.Source != b.Source || a.Hash != b.Hash || a.Offline.Problem != b.Offline.Problem || strings.Join(a.Offline.Steps, "\n") != strings.Join(b.Offline.Steps, "\n") {
			t.Fatalf("seed %d: two generations differ", i)
		}
		seed.RunSeed++
		c, err := g.Generate(seed)
		if err == nil && c.Source == a.Source && len(g.byTopic[seed.Topics[0].ID]) > 0 && i%3 == 2 {
			t.Logf("seed %d: another run seed gave the same program", i)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var chainRe = regexp.MustCompile(`[^a-z_]int\(p[0-9]+_answer\)`)
