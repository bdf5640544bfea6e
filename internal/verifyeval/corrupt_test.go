package verifyeval

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func sampleTriple(id, problem, solution, src string, literals []string, result string) schemas.Record {
	v := schemas.Value{Kind: schemas.KindInteger, Type: "int", Repr: result, Latex: result, Exact: result}
	return schemas.Record{
		ID:        id,
		Problem:   problem,
		Solution:  solution,
		Program:   &schemas.Program{Source: src},
		Execution: &schemas.Execution{Status: schemas.StatusOK, Literals: literals, Result: &v},
	}
}

func TestCorruptionsChangeWhatTheyClaim(t *testing.T) {
	recs := []schemas.Record{
		sampleTriple("a", "A bike costs $400$ dollars. Let $x_1$ be its price after a $30\\%$ rise. Find the largest price.",
			"So $\\boxed{520}$", "answer = 400 * (100 + 30) // 100", []string{"400", "100", "30"}, "520"),
		sampleTriple("b", "How many positive divisors does $360$ have?", "So $\\boxed{24}$", "answer = sympy.divisor_count(360)", []string{"360"}, "24"),
	}
	cases := Corrupt(recs, 7)
	byKind := map[string][]CorruptCase{}
	for _, c := range cases {
		byKind[c.Kind] = append(byKind[c.Kind], c)
	}
	for _, k := range []string{KindClean, KindChangedNumber, KindNearbyNumber, KindDroppedGiven, KindSwapped, KindChangedQ, KindChangedBoxed} {
		if len(byKind[k]) != 2 {
			t.Errorf("%d %s cases, want one per triple", len(byKind[k]), k)
		}
	}
	if len(byKind[KindChangedUnit]) != 1 {
		t.Errorf("%d changed_unit cases, want 1 (only the first problem has a unit)", len(byKind[KindChangedUnit]))
	}
	for _, c := range cases {
		orig := recs[0]
		if strings.HasPrefix(c.ID, "b/") {
			orig = recs[1]
		}
		switch c.Kind {
		case KindClean:
			if c.Record.Problem != orig.Problem || c.Record.Solution != orig.Solution || c.Record.Verification != nil {
				t.Errorf("%s: the clean copy differs from the triple", c.ID)
			}
		case KindChangedBoxed:
			if c.Record.Solution == orig.Solution || c.Record.Problem != orig.Problem {
				t.Errorf("%s: the boxed answer did not change alone: %q", c.ID, c.Record.Solution)
			}
		default:
			if c.Record.Problem == orig.Problem {
				t.Errorf("%s: the problem did not change (%s)", c.ID, c.Note)
			}
		}
		if c.Kind == KindChangedNumber {
			// A given changed by 7, never the index 1 of x_1 nor 0 or 1.
			if !strings.Contains(c.Note, "400 → 407") && !strings.Contains(c.Note, "30 → 37") && !strings.Contains(c.Note, "100 → 107") && !strings.Contains(c.Note, "360 → 367") {
				t.Errorf("%s: changed %s, want a given + 7", c.ID, c.Note)
			}
		}
	}
}

func TestNumbersChangeKeepingTheirForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct{ in, plus7 string }{
		{"17", "24"}, {"100", "107"}, {"2.35", "2.42"}, {"12,500", "12,507"}, {"0.05", "0.12"},
	}
	for _, c := range cases {
		if got := plusSeven(c.in, rng); got != c.plus7 {
			t.Errorf("plusSeven(%s) = %s, want %s", c.in, got, c.plus7)
		}
		for k := 0; k < 20; k++ {
			got := nearby(c.in, rng)
			if got == c.in {
				t.Fatalf("nearby(%s) returned it unchanged", c.in)
			}
			if strings.Contains(c.in, ".") != strings.Contains(got, ".") || strings.Contains(c.in, ",") && len(got) > 4 && !strings.Contains(got, ",") {
				t.Fatalf("nearby(%s) = %s changes its form", c.in, got)
			}
		}
	}
}

func TestBoxedAnswerChangesItsValue(t *testing.T) {
	cases := []struct{ in, want string }{
		{"so $\\boxed{24}$.", "so $\\boxed{25}$."},
		{"$\\boxed{\\frac{608}{9}}$", "$\\boxed{\\frac{609}{9}}$"},
		{"$\\boxed{x}$", "$\\boxed{x + 1}$"},
	}
	for _, c := range cases {
		got, _, ok := changeBoxed(c.in)
		if !ok || got != c.want {
			t.Errorf("changeBoxed(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestReducedCorruptionEvalMeetsTheTargets runs the corruption eval of
// `make eval-verifier` on 100 triples generated in process (run seed 11)
// with a real sandbox, and asserts the targets.
func TestReducedCorruptionEvalMeetsTheTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("runs programs in the sandbox")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cfg := sandbox.DefaultConfig()
	cfg.Modules = answer.Modules()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	v := &verify.Verifier{Checker: &answer.Checker{Runner: pool}}
	recs, st, err := GenerateAccepted(ctx, pool, v, GenerateConfig{RunSeed: 11, Accepted: 100, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if st.Accepted != 100 || st.Seeds < 100 {
		t.Fatalf("generation stats %+v", st)
	}
	// Every seed ends accepted or rejected with a reason.
	rejected := 0
	for _, n := range st.Rejected {
		rejected += n
	}
	if st.Accepted+rejected != st.Seeds {
		t.Fatalf("%d accepted + %d rejected != %d seeds", st.Accepted, rejected, st.Seeds)
	}
	outs := RunCorruptions(ctx, v, Corrupt(recs, 11), 4)
	for _, tr := range CorruptionTargets(outs) {
		// This reduced set (100 triples) guards against regressions; the
		// targets themselves are measured at full size by make
		// eval-verifier. Known misses of changed_number on it (4 of 100
		// with the chaining offline generator): a changed number equal to
		// another given of the problem (multiplicity is not checked), and
		// a small count a convention accounts for (3 for a triangle, 4 for
		// a rectangle). The floor here is 95%.
		bound := tr.Bound
		if tr.Name == "corruptions: "+KindChangedNumber+" rejected" {
			bound = min(bound, 0.95)
		}
		if tr.Got < bound {
			t.Errorf("below the regression floor: %s = %.1f%% (n=%d), want ≥ %.1f%% (target %.1f%%)", tr.Name, 100*tr.Got, tr.N, 100*bound, 100*tr.Bound)
		} else if !tr.Met {
			t.Logf("target NOT met on the reduced set: %s = %.1f%% (n=%d), target %.1f%%", tr.Name, 100*tr.Got, tr.N, 100*tr.Bound)
		}
	}
	if t.Failed() {
		for _, o := range outs {
			if !o.Agrees() && (o.Category == KindChangedNumber || o.Category == KindClean || o.Category == KindSwapped || o.Category == KindChangedBoxed) {
				t.Logf("disagree %s: %s", o.ID, o.Detail)
			}
		}
	}
}
