// Package statstest makes realistic synthetic output rows (accepted and
// rejected schemas.Record values covering every field the statistics
// read) for tests, benchmarks and report screenshots. The rows follow a
// plausible funnel: some fail generation, execution, translation,
// verification, deduplication or decontamination with the reasons those
// stages write.
package statstest

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/arrows-math/arrows/internal/dedup/problemgen"
	"github.com/arrows-math/arrows/schemas"
)

type topic struct {
	id, stage, subject, name string
	tools                    []string
}

var topics = []topic{
	{"primary.arithmetic.fractions", "primary", "arithmetic", "Adding fractions", []string{"fractions.Fraction"}},
	{"primary.arithmetic.percent", "primary", "arithmetic", "Percentages", []string{"sympy.Rational"}},
	{"primary.geometry.area", "primary", "geometry", "Area of rectangles", []string{"sympy.Rational"}},
	{"middle.algebra.linear_equations", "middle", "algebra", "Linear equations", []string{"sympy.solve", "sympy.Eq", "sympy.Symbol"}},
	{"middle.algebra.systems", "middle", "algebra", "Systems of linear equations", []string{"sympy.linsolve", "sympy.symbols"}},
	{"middle.number_theory.divisors", "middle", "number_theory", "Divisors and multiples", []string{"sympy.divisors", "sympy.gcd", "sympy.lcm"}},
	{"middle.geometry.pythagoras", "middle", "geometry", "Pythagorean theorem", []string{"sympy.sqrt"}},
	{"middle.statistics.mean", "middle", "statistics", "Mean, median and mode", []string{"statistics.mean", "statistics.median"}},
	{"high.algebra.quadratics", "high", "algebra", "Quadratic equations", []string{"sympy.solve", "sympy.factor", "sympy.Symbol"}},
	{"high.algebra.sequences", "high", "algebra", "Arithmetic and geometric sequences", []string{"sympy.summation", "sympy.Symbol"}},
	{"high.counting.combinations", "high", "counting", "Combinations", []string{"sympy.binomial", "math.comb"}},
	{"high.probability.classical", "high", "probability", "Classical probability", []string{"sympy.Rational", "itertools.product"}},
	{"high.number_theory.modular", "high", "number_theory", "Modular arithmetic", []string{"sympy.mod_inverse", "pow"}},
	{"high.trigonometry.identities", "high", "trigonometry", "Trigonometric identities", []string{"sympy.sin", "sympy.cos", "sympy.simplify"}},
	{"college.calculus.derivatives", "college", "calculus", "Derivatives", []string{"sympy.diff", "sympy.Symbol"}},
	{"college.calculus.integrals", "college", "calculus", "Definite integrals", []string{"sympy.integrate", "sympy.Symbol"}},
	{"college.linear_algebra.eigen", "college", "linear_algebra", "Eigenvalues", []string{"sympy.Matrix", "sympy.Matrix.eigenvals"}},
	{"college.linear_algebra.determinants", "college", "linear_algebra", "Determinants", []string{"sympy.Matrix", "sympy.Matrix.det"}},
}

type weighted struct {
	name string
	w    int
}

func pickW(r *rand.Rand, ws []weighted) string {
	total := 0
	for _, x := range ws {
		total += x.w
	}
	k := r.Intn(total)
	for _, x := range ws {
		if k < x.w {
			return x.name
		}
		k -= x.w
	}
	return ws[len(ws)-1].name
}

var (
	execFailures  = []weighted{{schemas.StatusError, 50}, {schemas.StatusTimeout, 15}, {schemas.StatusNoSolve, 10}, {schemas.StatusForbidden, 4}, {schemas.StatusMemoryLimit, 3}, {schemas.StatusOutputLimit, 2}, {schemas.StatusCrashed, 1}}
	translateFail = []weighted{{"no_boxed_answer", 50}, {"parse_failure", 30}, {"llm_error", 20}}
	verifyFail    = []weighted{{"answer_mismatch", 55}, {"problem_inconsistent", 30}, {"undecided", 15}}
	dedupFail     = []weighted{{"exact_duplicate", 30}, {"near_duplicate", 45}, {"structure_duplicate", 25}}
	generateFail  = []weighted{{"llm_error", 60}, {"no_code_block", 40}}
	kinds         = []weighted{{schemas.KindInteger, 60}, {schemas.KindRational, 14}, {schemas.KindReal, 10}, {schemas.KindExpr, 6}, {schemas.KindTuple, 5}, {schemas.KindSet, 3}, {schemas.KindMatrix, 2}}
	benchmarks    = []string{"gsm8k-test@3101c7d50724", "math-test@e8c4e3c2d197", "math500-test@db77bc6bb2a1", "mawps-test@a45202bd16f1"}
	checkNames    = []string{"answer_matches_program", "problem_consistent", "single_boxed_answer"}
	decontamScope = []string{"gsm8k-test@3101c7d50724", "math-test@e8c4e3c2d197", "math500-test@db77bc6bb2a1", "aime24-test@a45202bd16f1"}
)

func program(r *rand.Rand, tools []string) (string, []string) {
	var b strings.Builder
	b.WriteString("import sympy\nfrom fractions import Fraction\n\ndef solve():\n")
	lines := 3 + r.Intn(8) + r.Intn(20)*r.Intn(2)
	var calls []string
	for i := 0; i < lines; i++ {
		if len(tools) > 0 && r.Intn(3) == 0 {
			t := tools[r.Intn(len(tools))]
			calls = append(calls, t)
			fmt.Fprintf(&b, "    v%d = %s(%d)\n", i, t, r.Intn(100))
		} else {
			fmt.Fprintf(&b, "    v%d = %d * %d\n", i, r.Intn(50), r.Intn(50))
		}
	}
	b.WriteString("    return v0\n")
	return b.String(), calls
}

// Records returns n synthetic rows from a random source seeded by seed.
func Records(n int, seed int64) []*schemas.Record {
	r := rand.New(rand.NewSource(seed))
	probs := problemgen.Problems(n, seed)
	out := make([]*schemas.Record, 0, n)
	for i := 0; i < n; i++ {
		k := 1 + r.Intn(3)
		if r.Intn(4) == 0 {
			k = 1
		}
		var refs []schemas.TopicRef
		var tools []string
		first := r.Intn(len(topics))
		for j := 0; j < k; j++ {
			t := topics[(first+j*(1+r.Intn(4)))%len(topics)]
			refs = append(refs, schemas.TopicRef{ID: t.id, Path: []string{t.stage, t.subject, t.name}, Tools: t.tools})
			tools = append(tools, t.tools...)
		}
		pathway := "topics"
		llm := r.Intn(3) > 0
		rec := &schemas.Record{
			ID:   fmt.Sprintf("row-%06d", i),
			Seed: schemas.Seed{ID: fmt.Sprintf("seed-%06d", i), Index: int64(i), RunSeed: 42, Pathway: pathway, Topics: refs},
			Provenance: schemas.Provenance{
				Generator: "offline", Models: map[string]string{"generator": "offline"}, PromptVersion: "p-2025-01",
				ArrowsVersion: "0.1.0", RunSeed: 42, Pathway: pathway,
			},
		}
		if llm {
			rec.Provenance.Generator = "llm"
			rec.Provenance.Models = map[string]string{"generator": "qwen2.5-coder-32b", "translator": "qwen2.5-72b-instruct", "checker": "qwen2.5-72b-instruct"}
			rec.Usage = map[string]schemas.Usage{
				"generator":  {PromptTokens: int64(600 + r.Intn(400)), CompletionTokens: int64(200 + r.Intn(300)), Calls: 1, CacheHits: int64(r.Intn(2))},
				"translator": {PromptTokens: int64(500 + r.Intn(300)), CompletionTokens: int64(250 + r.Intn(400)), Calls: 1},
			}
		}
		if r.Intn(10) == 0 {
			rec.Provenance.Evolution = &schemas.Evolution{Operator: []string{"add_constraint", "change_numbers", "compose"}[r.Intn(3)], ParentID: "row-000001", RootID: "row-000000", Depth: 1 + r.Intn(2)}
		}
		out = append(out, rec)
		if r.Intn(100) < 3 {
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageGenerate, Reason: pickW(r, generateFail)}
			continue
		}
		src, calls := program(r, tools)
		rec.Program = &schemas.Program{Source: src, Hash: fmt.Sprintf("%064x", i), Template: "topics-v1"}
		ex := &schemas.Execution{Status: schemas.StatusOK, Calls: calls, CPUMillis: int64(8 + r.Intn(60) + r.Intn(3)*r.Intn(400)), WallMillis: int64(20 + r.Intn(100))}
		rec.Execution = ex
		if r.Intn(100) < 14 {
			ex.Status = pickW(r, execFailures)
			if ex.Status == schemas.StatusTimeout {
				ex.CPUMillis = 10000
			}
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageExecute, Reason: ex.Status, Detail: "ZeroDivisionError: division by zero"}
			continue
		}
		p := probs[i]
		kind := pickW(r, kinds)
		ex.Result = &schemas.Value{Kind: kind, Repr: p.Answer, Latex: p.Answer}
		if r.Intn(100) < 5 {
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageTranslate, Reason: pickW(r, translateFail)}
			continue
		}
		rec.Problem = p.Text
		steps := 2 + r.Intn(6)
		var sol strings.Builder
		for s := 0; s < steps; s++ {
			fmt.Fprintf(&sol, "Step %d: we compute the intermediate quantity from the given values and simplify the expression carefully. ", s+1)
		}
		fmt.Fprintf(&sol, "Therefore the answer is $\\boxed{%s}$.", p.Answer)
		rec.Solution = sol.String()
		method := "boxed"
		if r.Intn(20) == 0 {
			method = "fallback:the_answer_is"
		}
		rec.FinalAnswer = &schemas.FinalAnswer{Text: p.Answer, Method: method}
		v := &schemas.Verification{Verdict: schemas.VerdictAccepted, Version: "verify-1.0.0"}
		for _, c := range checkNames {
			v.Checks = append(v.Checks, schemas.Check{Name: c, Result: schemas.ResultPass, Layer: []string{"go:rational", "sympy:simplify", "llm:checker"}[r.Intn(3)]})
		}
		rec.Verification = v
		if r.Intn(100) < 15 {
			reason := pickW(r, verifyFail)
			c := &v.Checks[0]
			if reason == "problem_inconsistent" {
				c = &v.Checks[1]
			}
			c.Result = schemas.ResultFail
			if reason == "undecided" {
				c.Result = schemas.ResultUndecided
			}
			v.Verdict = schemas.VerdictRejected
			v.Failed = []string{c.Name}
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageVerify, Reason: reason}
			continue
		}
		if r.Intn(100) < 7 {
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageDedup, Reason: pickW(r, dedupFail), Detail: "duplicate of row-000001"}
			continue
		}
		rec.Provenance.Decontam = decontamScope
		if r.Intn(100) < 2 {
			b := benchmarks[r.Intn(len(benchmarks))]
			rec.Rejection = &schemas.Rejection{Stage: schemas.StageDecontam, Reason: "benchmark_ngram_overlap", Match: b + ":line:" + fmt.Sprint(1+r.Intn(1000))}
			continue
		}
	}
	return out
}
