package knowledge

import (
	"encoding/json"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func mustSampler(t testing.TB, kb *KB, cfg SamplerConfig) *Sampler {
	t.Helper()
	s, err := NewSampler(kb, cfg)
	if err != nil {
		t.Fatalf("NewSampler: %v", err)
	}
	return s
}

func TestSampleIsAPureFunctionOfRunSeedAndIndex(t *testing.T) {
	kb := mustLoad(t)
	cfg := DefaultSamplerConfig()
	const n = 3000
	seq := mustSampler(t, kb, cfg)
	want := make([][]string, n)
	for i := range want {
		want[i] = seq.SampleIDs(42, int64(i))
	}

	t.Run("same sampler, same answers when asked again", func(t *testing.T) {
		for i := 0; i < n; i += 7 {
			if got := seq.SampleIDs(42, int64(i)); !reflect.DeepEqual(got, want[i]) {
				t.Fatalf("index %d: %v then %v", i, want[i], got)
			}
		}
	})
	t.Run("fresh sampler asked in random order", func(t *testing.T) {
		fresh := mustSampler(t, kb, cfg)
		for _, i := range rand.New(rand.NewSource(1)).Perm(n) {
			if got := fresh.SampleIDs(42, int64(i)); !reflect.DeepEqual(got, want[i]) {
				t.Fatalf("index %d: sequential %v, random order %v", i, want[i], got)
			}
		}
	})
	t.Run("concurrent callers on one sampler", func(t *testing.T) {
		shared := mustSampler(t, kb, cfg)
		var wg sync.WaitGroup
		errs := make(chan string, 4)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for _, i := range rand.New(rand.NewSource(int64(w))).Perm(n) {
					if got := shared.SampleIDs(42, int64(i)); !reflect.DeepEqual(got, want[i]) {
						errs <- "mismatch"
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Fatal(e)
		}
	})
	t.Run("sampler rebuilt from its serialized config", func(t *testing.T) {
		data, err := json.Marshal(seq.Config())
		if err != nil {
			t.Fatal(err)
		}
		var back SamplerConfig
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		rebuilt := mustSampler(t, kb, back)
		for i := 0; i < n; i += 3 {
			if got := rebuilt.SampleIDs(42, int64(i)); !reflect.DeepEqual(got, want[i]) {
				t.Fatalf("index %d: %v vs rebuilt %v (config %s)", i, want[i], got, data)
			}
		}
	})
	t.Run("different run seeds give different sequences", func(t *testing.T) {
		same := 0
		for i := 0; i < n; i++ {
			if reflect.DeepEqual(seq.SampleIDs(43, int64(i)), want[i]) {
				same++
			}
		}
		// Two independent draws coincide with probability about 1/L per
		// index; allow a generous margin.
		if same > n/20 {
			t.Fatalf("%d of %d seeds identical across run seeds 42 and 43", same, n)
		}
	})
	t.Run("Sample and SampleIDs agree and carry refs", func(t *testing.T) {
		for i := 0; i < 50; i++ {
			refs := seq.Sample(42, int64(i))
			if len(refs) != len(want[i]) {
				t.Fatalf("index %d: %d refs, %d ids", i, len(refs), len(want[i]))
			}
			for j, ref := range refs {
				wantRef, _ := kb.Ref(want[i][j])
				if !reflect.DeepEqual(ref, wantRef) {
					t.Fatalf("index %d: ref %+v, want %+v", i, ref, wantRef)
				}
			}
		}
	})
}

func TestSamplesAreAlwaysCoherent(t *testing.T) {
	kb := mustLoad(t)
	s := mustSampler(t, kb, DefaultSamplerConfig())
	const draws = 100_000
	for _, runSeed := range []int64{1, -7, 1 << 40} {
		for i := int64(0); i < draws/3; i++ {
			ids := s.SampleIDs(runSeed, i)
			if err := kb.Coherent(ids...); err != nil {
				t.Fatalf("run %d index %d: %v: %v", runSeed, i, ids, err)
			}
		}
	}
	// Scattered, large and negative indices too.
	r := rand.New(rand.NewSource(5))
	for k := 0; k < 2000; k++ {
		i := r.Int63() - r.Int63()
		if err := kb.Coherent(s.SampleIDs(9, i)...); err != nil {
			t.Fatalf("index %d: %v", i, err)
		}
	}
}

func TestTopicCountDistributionMatchesConfig(t *testing.T) {
	kb := mustLoad(t)
	cases := []struct {
		name   string
		counts [3]float64
	}{
		{"default mix", DefaultTopicCounts},
		{"zero value means the default", [3]float64{}},
		{"singles and pairs only", [3]float64{1, 1, 0}},
		{"mostly triples", [3]float64{0.1, 0.2, 0.7}},
		{"singles only", [3]float64{1, 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustSampler(t, kb, SamplerConfig{TopicCounts: c.counts})
			want := c.counts
			if want == ([3]float64{}) {
				want = DefaultTopicCounts
			}
			total := want[0] + want[1] + want[2]
			n := 50 * s.ScheduleLength()
			rep := s.Coverage(11, n)
			for k := 0; k < 3; k++ {
				got := float64(rep.TopicCounts[k]) / float64(n)
				exp := want[k] / total
				if math.Abs(got-exp) > 0.02 {
					t.Errorf("%d-topic seeds: %.4f, want %.4f +- 0.02", k+1, got, exp)
				}
				if exp == 0 && rep.TopicCounts[k] != 0 {
					t.Errorf("%d-topic seeds: %d, want none", k+1, rep.TopicCounts[k])
				}
			}
			t.Logf("counts %v of %d", rep.TopicCounts, n)
		})
	}
}

// checkCoverage asserts that every topic's primary count is exactly its quota
// over full cycles and its total count is within tol of its target.
func checkCoverage(t *testing.T, s *Sampler, runSeed int64, tol float64) CoverageReport {
	t.Helper()
	n := 50 * int64(len(s.Topics()))
	n -= n % s.ScheduleLength() // whole cycles: primary quotas are exact
	rep := s.Coverage(runSeed, n)
	if rep.DistinctTopics != len(s.Topics()) {
		t.Errorf("%d of %d topics drawn", rep.DistinctTopics, len(s.Topics()))
	}
	for _, tc := range rep.Topics {
		if math.Abs(float64(tc.Primary)-tc.PrimaryTarget) > 1e-6 {
			t.Errorf("%s: primary %d, target %.2f", tc.ID, tc.Primary, tc.PrimaryTarget)
		}
		if tc.Ratio < 1-tol || tc.Ratio > 1+tol {
			t.Errorf("%s: count %d vs target %.1f (ratio %.3f)", tc.ID, tc.Count, tc.Target, tc.Ratio)
		}
	}
	t.Logf("run %d: %d seeds, %d topics, ratio %.3f..%.3f, primary %.3f..%.3f, %d distinct pairs, counts %v",
		runSeed, rep.Seeds, rep.DistinctTopics, rep.MinRatio, rep.MaxRatio, rep.PrimaryMinRatio, rep.PrimaryMaxRatio, rep.DistinctPairs, rep.TopicCounts)
	return rep
}

func TestCoverageIsEvenAtFiftySeedsPerTopic(t *testing.T) {
	kb := mustLoad(t)
	s := mustSampler(t, kb, DefaultSamplerConfig())
	for _, runSeed := range []int64{1, 2, 3} {
		rep := checkCoverage(t, s, runSeed, 0.20)
		// Pairs must be diverse, not a few fixed partnerships.
		if rep.DistinctPairs < 5*len(s.Topics()) {
			t.Errorf("only %d distinct topic pairs", rep.DistinctPairs)
		}
		if rep.Pairs[0].Count > rep.Seeds/200 {
			t.Errorf("most common pair %s+%s occurs %d times in %d seeds", rep.Pairs[0].A, rep.Pairs[0].B, rep.Pairs[0].Count, rep.Seeds)
		}
	}
}

func TestStratumWeightsShiftQuotas(t *testing.T) {
	kb := mustLoad(t)
	cfg := SamplerConfig{StratumWeights: map[string]float64{
		"olympiad":         2,
		"primary/algebra":  3,
		"college/analysis": 0.5,
		"middle":           0, // excluded
	}}
	s := mustSampler(t, kb, cfg)
	base := mustSampler(t, kb, DefaultSamplerConfig())
	for _, id := range s.Topics() {
		if strings.HasPrefix(id, "middle.") {
			t.Fatalf("excluded stratum topic %s is sampled", id)
		}
	}
	ratio := func(a, b string) float64 { return s.Quota(a) / s.Quota(b) }
	cases := []struct {
		name string
		a, b string
		want float64
	}{
		{"stage weight doubles olympiad topics", "olympiad.algebra.inequalities", "high.algebra.am_gm", 2},
		{"stratum weight triples primary algebra", "primary.algebra.age_problems", "primary.arithmetic.decimals", 3},
		{"stratum weight halves college analysis", "college.analysis.fourier_series", "college.calculus.double_integrals", 0.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ratio(c.a, c.b); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("quota ratio %s/%s = %v, want %v", c.a, c.b, got, c.want)
			}
		})
	}
	if base.Quota("middle.algebra.factoring") == 0 {
		t.Fatal("default sampler gives middle topics no quota")
	}
	t.Run("coverage follows the weighted quotas", func(t *testing.T) {
		checkCoverage(t, s, 5, 0.20)
	})
}

func TestAllowedRestrictionIsHonoured(t *testing.T) {
	kb := mustLoad(t)
	// e.g. the offline generator covers only some topics.
	allowed := func(id string) bool {
		return strings.Contains(id, ".number_theory.") || strings.Contains(id, ".algebra.") || strings.HasPrefix(id, "primary.arithmetic.")
	}
	var ids []string
	for _, topic := range kb.Topics {
		if allowed(topic.ID) {
			ids = append(ids, topic.ID)
		}
	}
	byFunc := mustSampler(t, kb, SamplerConfig{Allowed: allowed})
	byList := mustSampler(t, kb, SamplerConfig{AllowedTopics: ids})
	if got := byFunc.Topics(); len(got) != len(ids) {
		t.Fatalf("sampler has %d topics, want %d", len(got), len(ids))
	}
	for i := int64(0); i < 20_000; i++ {
		got := byFunc.SampleIDs(3, i)
		for _, id := range got {
			if !allowed(id) {
				t.Fatalf("index %d: %s is not allowed", i, id)
			}
		}
		if err := kb.Coherent(got...); err != nil {
			t.Fatalf("index %d: %v", i, err)
		}
		if i%5 == 0 && !reflect.DeepEqual(got, byList.SampleIDs(3, i)) {
			t.Fatalf("index %d: Allowed func and AllowedTopics disagree", i)
		}
	}
	t.Run("the serialized config carries the restriction", func(t *testing.T) {
		cfg := byFunc.Config()
		if len(cfg.AllowedTopics) != len(ids) {
			t.Fatalf("Config().AllowedTopics has %d ids, want %d", len(cfg.AllowedTopics), len(ids))
		}
		rebuilt := mustSampler(t, kb, cfg)
		for i := int64(0); i < 1000; i++ {
			if !reflect.DeepEqual(rebuilt.SampleIDs(3, i), byFunc.SampleIDs(3, i)) {
				t.Fatalf("index %d differs after rebuild", i)
			}
		}
	})
	t.Run("coverage stays even on the restricted set", func(t *testing.T) {
		checkCoverage(t, byFunc, 8, 0.20)
	})
	t.Run("a tiny incoherent set yields single-topic seeds", func(t *testing.T) {
		s := mustSampler(t, kb, SamplerConfig{AllowedTopics: []string{"primary.arithmetic.decimals", "college.linear_algebra.svd"}})
		for i := int64(0); i < 100; i++ {
			if got := s.SampleIDs(1, i); len(got) != 1 {
				t.Fatalf("index %d: %v", i, got)
			}
		}
	})
}

func TestNewSamplerRejectsBadConfigs(t *testing.T) {
	kb := mustLoad(t)
	cases := []struct {
		name    string
		cfg     SamplerConfig
		wantErr string
	}{
		{"unknown stage", SamplerConfig{StratumWeights: map[string]float64{"kindergarten": 1}}, `unknown stage "kindergarten"`},
		{"unknown subject", SamplerConfig{StratumWeights: map[string]float64{"high/alchemy": 1}}, `unknown subject "alchemy"`},
		{"negative weight", SamplerConfig{StratumWeights: map[string]float64{"high": -1}}, "want a finite value >= 0"},
		{"NaN topic count", SamplerConfig{TopicCounts: [3]float64{math.NaN(), 1, 1}}, "topic count weight"},
		{"unknown allowed topic", SamplerConfig{AllowedTopics: []string{"high.algebra.alchemy"}}, "not in the knowledge base"},
		{"nothing allowed", SamplerConfig{Allowed: func(string) bool { return false }}, "no topic is allowed"},
		{"everything weighted out", SamplerConfig{StratumWeights: map[string]float64{"primary": 0, "middle": 0, "high": 0, "college": 0, "olympiad": 0}}, "no topic is allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewSampler(kb, c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error = %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}

func TestFeistelPermutationIsABijection(t *testing.T) {
	kb := mustLoad(t)
	for _, L := range []int{1, 2, 3, 17, 384, 1000} {
		s := &Sampler{kb: kb, schedule: make([]int32, L), bits: feistelBits(L)}
		seen := make([]bool, L)
		for slot := 0; slot < L; slot++ {
			q := s.permute(uint64(slot), 12345)
			if q < 0 || q >= L || seen[q] {
				t.Fatalf("L=%d: slot %d maps to %d (seen=%v)", L, slot, q, q >= 0 && q < L && seen[q])
			}
			seen[q] = true
		}
	}
}
