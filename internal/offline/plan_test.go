package offline

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/schemas"
)

// sampledSeeds draws n seeds over the covered topics the way `arrows
// generate` does (knowledge sampler, default topic counts).
func sampledSeeds(t *testing.T, g *Generator, runSeed int64, n int) []schemas.Seed {
	t.Helper()
	kb := mustKB(t)
	sc := knowledge.DefaultSamplerConfig()
	sc.Allowed = g.Covers
	s, err := knowledge.NewSampler(kb, sc)
	if err != nil {
		t.Fatal(err)
	}
	seeds := make([]schemas.Seed, n)
	for i := range seeds {
		seeds[i] = schemas.Seed{ID: fmt.Sprint("seed-", i), Index: int64(i), RunSeed: runSeed, Pathway: "topics", Topics: s.Sample(runSeed, int64(i))}
	}
	return seeds
}

// TestPlansPreferFeeding plans the programs of sampled seeds (no execution)
// and checks how their parts are combined: in most multi-topic programs a
// part's result is a given of another part, and a plain sum of independent
// results is rare.
func TestPlansPreferFeeding(t *testing.T) {
	g, err := New(mustKB(t))
	if err != nil {
		t.Fatal(err)
	}
	n := 2000
	if testing.Short() {
		n = 500
	}
	multi, fed, full, sums := 0, 0, 0, 0
	ops := map[string]int{}
	unfed := map[string]int{}
	for _, seed := range sampledSeeds(t, g, 5, n) {
		if len(seed.Topics) < 2 {
			continue
		}
		cands := make([][]*exemplar, len(seed.Topics))
		for i, tp := range seed.Topics {
			cands[i] = g.byTopic[tp.ID]
		}
		plans, err := choosePlans(seedRNG(seed), cands)
		var pl plan
		if err == nil {
			pl = plans[0]
		}
		if err != nil {
			t.Errorf("%v: %v", topicIDs(seed), err)
			continue
		}
		multi++
		if len(pl.edges) > 0 {
			fed++
		} else {
			var ids []string
			for _, p := range pl.parts {
				ids = append(ids, p.Topic)
			}
			sort.Strings(ids)
			unfed[strings.Join(ids, " + ")]++
		}
		if len(pl.edges) == len(pl.parts)-1 {
			full++
		}
		if pl.combine != "" {
			ops[pl.combine]++
		}
		if pl.combine == combineSum && len(pl.edges) == 0 {
			sums++
		}
	}
	t.Logf("%d multi-topic plans: %d with a feed (%.1f%%), %d fully chained, %d plain sums (%.1f%%); combinations %v",
		multi, fed, 100*float64(fed)/float64(multi), full, sums, 100*float64(sums)/float64(multi), ops)
	var worst []string
	for k, v := range unfed {
		worst = append(worst, fmt.Sprintf("%3d %s", v, k))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(worst)))
	if len(worst) > 15 {
		worst = worst[:15]
	}
	t.Logf("most frequent topic sets without a feed:\n%s", strings.Join(worst, "\n"))
	if fed*100 < 70*multi {
		t.Errorf("a part feeds another in %d of %d multi-topic plans, want at least 70%%", fed, multi)
	}
	if sums*100 > 10*multi {
		t.Errorf("%d of %d multi-topic plans are plain sums, want at most 10%%", sums, multi)
	}
}

// TestPlanWiringShapes checks the planner on hand-made exemplars: a full
// chain when each part can feed the next, a tree when two parts can only
// feed the third, a projection when the only fit is a rational answer's
// denominator, and a combination question when nothing fits.
func TestPlanWiringShapes(t *testing.T) {
	mk := func(id string, kind string, lo, hi float64, takes ...*takeDecl) *exemplar {
		e := &exemplar{ID: id, Noun: textAlts{"x"}, Answer: outputDecl{Kind: kind, Min: &lo, Max: &hi}, Takes: takes}
		params := map[string]*paramSpec{}
		for _, tk := range takes {
			params[tk.Param] = &paramSpec{Name: tk.Param, Int: []int64{1, 2}}
		}
		if err := e.prepareChaining(params); err != nil {
			t.Fatal(err)
		}
		return e
	}
	take := func(p string, lo, hi int64) *takeDecl { return &takeDecl{Param: p, Min: lo, Max: hi} }
	cases := []struct {
		name  string
		exs   []*exemplar
		edges int
		comb  string
	}{
		{"two parts that fit chain", []*exemplar{mk("a", "integer", 1, 9), mk("b", "integer", 1, 99, take("n", 1, 10))}, 1, ""},
		{"three parts chain end to end", []*exemplar{mk("a", "integer", 1, 9), mk("b", "integer", 1, 99, take("n", 1, 10)), mk("c", "integer", 0, 5, take("m", 1, 100))}, 2, ""},
		{"two parts feed a third with two takes", []*exemplar{mk("a", "integer", 1, 9), mk("b", "integer", 1, 9), mk("c", "integer", 0, 5, take("m", 1, 10), take("k", 1, 10))}, 2, ""},
		{"a range that does not fit is not fed", []*exemplar{mk("a", "integer", 1, 900), mk("b", "integer", 1, 99, take("n", 1, 10))}, 0, combineLarger},
		{"a negative result does not become a count", []*exemplar{mk("a", "integer", -5, 5), mk("b", "integer", 1, 99, take("n", 0, 10))}, 0, combineLarger},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl, ok := arrange(rand.New(rand.NewPCG(1, 2)), c.exs)
			if !ok {
				t.Fatal("no plan")
			}
			if len(pl.edges) != c.edges {
				t.Errorf("%d edges, want %d", len(pl.edges), c.edges)
			}
			if c.comb != "" && pl.combine == "" {
				t.Errorf("no combination, want one")
			}
		})
	}
	// A rational answer feeds through its denominator when it declares it.
	lo, hi := 0.0, 1.0
	prob := &exemplar{ID: "p", Noun: textAlts{"the probability"}, Answer: outputDecl{Kind: "rational", Min: &lo, Max: &hi, Quantity: "probability"},
		Gives: []*giveDecl{{Take: "denominator", Min: 2, Max: 36}}}
	if err := prob.prepareChaining(map[string]*paramSpec{}); err != nil {
		t.Fatal(err)
	}
	pl, _ := arrange(rand.New(rand.NewPCG(3, 4)), []*exemplar{prob, mk("m", "integer", 0, 50, take("mod", 2, 50))})
	if len(pl.edges) != 1 || pl.edges[0].src.give == nil || pl.edges[0].src.give.Take != "denominator" {
		t.Errorf("want the probability's denominator to feed the modulus, got %+v", pl.edges)
	}
}
