package stats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/stats/statstest"
	"github.com/arrows-math/arrows/schemas"
)

func finalJSON(t *testing.T, s *Stats) []byte {
	t.Helper()
	s.Finalize()
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// roundTrip encodes and decodes an accumulator as the Beam coder does.
func roundTrip(t *testing.T, s *Stats) *Stats {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out Stats
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func TestAddAndMergeOrderDoesNotChangeJSON(t *testing.T) {
	recs := statstest.Records(1500, 3)
	seq := New()
	for _, r := range recs {
		seq.Add(r)
	}
	want := finalJSON(t, seq)
	if seq.Distinct2.HLL == nil {
		t.Fatal("test should exercise the HyperLogLog form of distinct-n")
	}

	for trial := 0; trial < 5; trial++ {
		rng := rand.New(rand.NewSource(int64(trial)))
		perm := rng.Perm(len(recs))
		// Random partition into shards, each accumulated in shuffled order.
		var shards []*Stats
		cur := New()
		for i, k := range perm {
			cur.Add(recs[k])
			if rng.Intn(150) == 0 || i == len(perm)-1 {
				shards = append(shards, roundTrip(t, cur))
				cur = New()
			}
		}
		// Merge in a random tree order, finalizing some partial results on
		// the way (Finalize must not disturb later merges).
		for len(shards) > 1 {
			i := rng.Intn(len(shards) - 1)
			a, b := shards[i], shards[i+1]
			if rng.Intn(2) == 0 {
				a, b = b, a
			}
			if rng.Intn(3) == 0 {
				a.Finalize()
			}
			a.Merge(b)
			shards = append(shards[:i], append([]*Stats{roundTrip(t, a)}, shards[i+2:]...)...)
		}
		got := finalJSON(t, shards[0])
		if !bytes.Equal(got, want) {
			t.Fatalf("trial %d: merged JSON differs from sequential JSON\n%s", trial, firstDiff(got, want))
		}
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: got %q want %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d vs %d lines", len(la), len(lb))
}

func TestFunnelAddsUp(t *testing.T) {
	s := New()
	for _, r := range statstest.Records(2000, 9) {
		s.Add(r)
	}
	s.Add(&schemas.Record{ID: "odd", Rejection: &schemas.Rejection{Stage: "postprocess", Reason: "whatever"}})
	s.Finalize()
	if s.Rows != 2001 || s.Seeds != s.Rows || s.Accepted+s.Rejected != s.Rows {
		t.Fatalf("rows %d seeds %d accepted %d rejected %d", s.Rows, s.Seeds, s.Accepted, s.Rejected)
	}
	if len(s.Steps) != 8 || s.Steps[0].Count != s.Rows || s.Steps[7].Count != s.Accepted {
		t.Fatalf("steps = %+v", s.Steps)
	}
	rejectedAt := func(stages []string) int64 {
		var n int64
		for _, st := range stages {
			for _, c := range s.Rejections[st] {
				n += c
			}
		}
		return n
	}
	var total int64
	for i := 1; i < len(s.Steps); i++ {
		st := s.Steps[i]
		stages := st.Stages
		if st.Name == "accepted" {
			stages = []string{"postprocess"} // stages outside the pipeline order
		}
		if want := rejectedAt(stages); st.Dropped != want {
			t.Errorf("step %s dropped %d, rejections at %v = %d", st.Name, st.Dropped, stages, want)
		}
		if st.Count > s.Steps[i-1].Count {
			t.Errorf("funnel grows at %s", st.Name)
		}
		total += st.Dropped
	}
	if total != s.Rejected {
		t.Errorf("funnel drops sum to %d, want %d rejected rows", total, s.Rejected)
	}
	if s.Steps[7].OfSeeds != s.AcceptanceRate || s.AcceptanceRate <= 0.3 || s.AcceptanceRate >= 0.9 {
		t.Errorf("acceptance rate %v, step %v", s.AcceptanceRate, s.Steps[7].OfSeeds)
	}
	if want := ratio(rejectedAt([]string{schemas.StageDedup}), s.Funnel.Verified); s.NearDuplicateRate != want || want == 0 {
		t.Errorf("near-duplicate rate %v, want %v", s.NearDuplicateRate, want)
	}
}

func TestAddCountsEveryDimension(t *testing.T) {
	topicA := schemas.TopicRef{ID: "high.algebra.quad", Path: []string{"high", "algebra", "Quadratics"}, Tools: []string{"sympy.solve", "sympy.Symbol"}}
	topicB := schemas.TopicRef{ID: "middle.nt.div", Path: []string{"middle", "number_theory", "Divisors"}, Tools: []string{"sympy.divisors"}}
	accepted := &schemas.Record{
		ID:      "a",
		Seed:    schemas.Seed{Pathway: "topics", Topics: []schemas.TopicRef{topicA, topicB}},
		Program: &schemas.Program{Source: "import sympy\n\ndef solve():\n    x = sympy.Symbol('x')\n    return len(sympy.solve(x**2 - 4, x))\n"},
		Execution: &schemas.Execution{Status: schemas.StatusOK, Calls: []string{"sympy.Symbol", "sympy.solve", "sympy.solve"}, CPUMillis: 35,
			Result: &schemas.Value{Kind: schemas.KindInteger}},
		Problem:     "How many real roots does x^2 - 4 have?",
		Solution:    "Factor it as (x-2)(x+2). So there are \\boxed{2} roots.",
		FinalAnswer: &schemas.FinalAnswer{Text: "2", Method: "boxed"},
		Verification: &schemas.Verification{Verdict: schemas.VerdictAccepted, Version: "v1", Checks: []schemas.Check{
			{Name: "answer", Result: schemas.ResultPass, Layer: "go:rational"}, {Name: "consistency", Result: schemas.ResultPass, Layer: "llm:checker"}}},
		Provenance: schemas.Provenance{Generator: "llm", Models: map[string]string{"generator": "m1", "translator": "m2"}, PromptVersion: "p1",
			ArrowsVersion: "0.1.0", RunSeed: 7, Pathway: "topics", Decontam: []string{"gsm8k-test@abc"}},
		Usage: map[string]schemas.Usage{"generator": {PromptTokens: 100, CompletionTokens: 50, Calls: 1, CacheHits: 1}},
	}
	contaminated := &schemas.Record{
		ID: "b", Seed: schemas.Seed{Topics: []schemas.TopicRef{topicA}},
		Execution:    &schemas.Execution{Status: schemas.StatusOK, CPUMillis: 12},
		Verification: &schemas.Verification{Verdict: schemas.VerdictAccepted, Checks: []schemas.Check{{Name: "answer", Result: schemas.ResultPass}}},
		Provenance:   schemas.Provenance{Models: map[string]string{"generator": "m1"}},
		Usage:        map[string]schemas.Usage{"generator": {PromptTokens: 10, CompletionTokens: 5, Calls: 2}},
		Rejection:    &schemas.Rejection{Stage: schemas.StageDecontam, Reason: "benchmark_ngram_overlap", Match: "gsm8k-test@abc:line:17"},
	}
	failed := &schemas.Record{
		ID: "c", Seed: schemas.Seed{Topics: []schemas.TopicRef{topicB, topicB}},
		Verification: &schemas.Verification{Checks: []schemas.Check{{Name: "answer", Result: schemas.ResultFail}, {Name: "consistency", Result: schemas.ResultUndecided}}},
		Rejection:    &schemas.Rejection{Stage: schemas.StageVerify, Reason: strings.Repeat("x", 300)},
	}
	s := New()
	for _, r := range []*schemas.Record{accepted, contaminated, failed} {
		s.Add(r)
	}
	s.Finalize()
	checks := []struct {
		name      string
		got, want any
	}{
		{"topic A seen/accepted", *s.Topics["high.algebra.quad"], Count{Seen: 2, Accepted: 1, Rate: 0.5}},
		{"topic B counted once per row even when repeated", *s.Topics["middle.nt.div"], Count{Seen: 3, Accepted: 1, Rate: 1.0 / 3}},
		{"topic names are tier paths", s.TopicNames["high.algebra.quad"], "high / algebra / Quadratics"},
		{"education stage", *s.EducationStages["middle"], Count{Seen: 2, Accepted: 1, Rate: 0.5}},
		{"subject", *s.Subjects["high/algebra"], Count{Seen: 2, Accepted: 1, Rate: 0.5}},
		{"number of topics", *s.NumTopics["2"], Count{Seen: 2, Accepted: 1, Rate: 0.5}},
		{"declared tool", *s.Tools["sympy.solve"], Count{Seen: 2, Accepted: 1, Rate: 0.5}},
		{"topic pair", *s.TopicPairs["high.algebra.quad|middle.nt.div"], Count{Seen: 1, Accepted: 1, Rate: 1}},
		{"repeated topic pairs with itself", *s.TopicPairs["middle.nt.div|middle.nt.div"], Count{Seen: 1}},
		{"subject pair", *s.SubjectPairs["high/algebra|middle/number_theory"], Count{Seen: 1, Accepted: 1, Rate: 1}},
		{"single-stratum seed pairs with itself", *s.SubjectPairs["high/algebra|high/algebra"], Count{Seen: 1}},
		{"program calls counted once per program", s.ProgramCalls["sympy.solve"], int64(1)},
		{"tool count", s.ToolCount.Sum, int64(2)},
		{"program lines (non-blank)", s.ProgramLines.Sum, int64(4)},
		{"exec time over executed rows", s.ExecCPUMillis.N, int64(2)},
		{"answer type", s.AnswerTypes[schemas.KindInteger], int64(1)},
		{"answer method", s.AnswerMethods["boxed"], int64(1)},
		{"solution words", s.SolutionWords.Sum, int64(len(strings.Fields(accepted.Solution)))},
		{"distinct-1 exact", s.Distinct1.Count, int64(len(uniqueTokens(accepted.Problem)))},
		{"checks failed by name", s.ChecksFailed["answer"], int64(1)},
		{"checks undecided by name", s.ChecksUndecided["consistency"], int64(1)},
		{"layers of passed checks", s.CheckLayers["llm:checker"], int64(1)},
		{"contamination per benchmark version", s.Contamination["gsm8k-test@abc"], int64(1)},
		{"decontamination scope", s.DecontamScope["gsm8k-test@abc"], int64(1)},
		{"usage summed per role", *s.Usage["generator"], RoleUsage{PromptTokens: 110, CompletionTokens: 55, Calls: 3, CacheHits: 1, Rows: 2, Models: map[string]int64{"m1": 2}}},
		{"models", s.Provenance.Models["translator=m2"], int64(1)},
		{"verifier version", s.Provenance.VerifierVersions["v1"], int64(1)},
		{"long reasons are bounded", len(firstKey(s.Rejections[schemas.StageVerify])) <= maxKeyLen+len("…"), true},
		{"contamination rate", s.ContaminationRate, 0.5},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
}

func uniqueTokens(s string) map[string]bool {
	out := map[string]bool{}
	for _, t := range strings.Fields(strings.NewReplacer("?", " ", "^", " ^ ", "-", " - ").Replace(strings.ToLower(s))) {
		out[t] = true
	}
	return out
}

func firstKey(m map[string]int64) string {
	for k := range m {
		return k
	}
	return ""
}

func TestTopicPairsCapIsOrderIndependent(t *testing.T) {
	var refs []schemas.TopicRef
	for i := 0; i < 150; i++ { // 11,175 pairs per row
		refs = append(refs, schemas.TopicRef{ID: fmt.Sprintf("t%03d", i)})
	}
	rowA := &schemas.Record{ID: "a", Seed: schemas.Seed{Topics: refs}}
	var refsB []schemas.TopicRef
	for i := 100; i < 250; i++ { // overlaps rowA in 50 topics: union > cap
		refsB = append(refsB, schemas.TopicRef{ID: fmt.Sprintf("t%03d", i)})
	}
	rowB := &schemas.Record{ID: "b", Seed: schemas.Seed{Topics: refsB}}
	small := &schemas.Record{ID: "c", Seed: schemas.Seed{Topics: refs[:3]}}

	one := New()
	one.Add(rowA)
	one.Add(small)
	if one.TopicPairsTruncated || len(one.TopicPairs) != 11175 {
		t.Fatalf("one row: truncated %v, %d pairs", one.TopicPairsTruncated, len(one.TopicPairs))
	}
	x, y := New(), New()
	x.Add(rowA)
	y.Add(rowB)
	y.Add(small)
	x.Merge(y)
	z := New()
	z.Add(small)
	z.Add(rowB)
	z.Add(rowA)
	a, b := finalJSON(t, x), finalJSON(t, z)
	if !x.TopicPairsTruncated || !bytes.Equal(a, b) {
		t.Errorf("truncated %v; JSON equal %v", x.TopicPairsTruncated, bytes.Equal(a, b))
	}
	if len(x.SubjectPairs) != 0 || x.Topics["t120"].Seen != 2 {
		t.Errorf("other counts must survive truncation: %+v", x.Topics["t120"])
	}
}

func TestDistinct(t *testing.T) {
	t.Run("exact while small", func(t *testing.T) {
		var d Distinct
		d.AddHashes([]uint64{5, 3, 5, 9})
		d.AddHashes([]uint64{3, 1})
		d.finalize()
		if d.Count != 4 || d.Total != 6 || d.Estimated || d.Ratio != 4.0/6 {
			t.Errorf("got %+v", d)
		}
	})
	for _, n := range []int{600, 5000, 200000} {
		t.Run(fmt.Sprintf("estimate within 5%% at %d distinct", n), func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(n)))
			var parts [4]Distinct
			for i := 0; i < n; i++ {
				h := rng.Uint64()
				parts[i%4].AddHashes([]uint64{h, h}) // every item twice
			}
			var d Distinct
			for _, p := range []int{2, 0, 3, 1} {
				d.Merge(parts[p])
			}
			d.finalize()
			if rel := math.Abs(float64(d.Count)-float64(n)) / float64(n); rel > 0.05 || !d.Estimated || d.Total != int64(2*n) {
				t.Errorf("n=%d: estimate %d (%.1f%% off), total %d", n, d.Count, 100*rel, d.Total)
			}
			if b, _ := json.Marshal(d); len(b) > 12000 {
				t.Errorf("JSON is %d bytes", len(b))
			}
		})
	}
}

func TestHistogram(t *testing.T) {
	h := NewHistogram(10, 20, 50)
	for _, v := range []int64{1, 10, 11, 20, 21, 50, 51, 1000} {
		h.Observe(v)
	}
	if fmt.Sprint(h.Counts) != "[2 2 2 2]" || h.Min != 1 || h.Max != 1000 || h.N != 8 {
		t.Errorf("counts %v min %d max %d n %d", h.Counts, h.Min, h.Max, h.N)
	}
	h.finalize()
	if h.P50 != 20 || h.P90 != 1000 || h.Mean != float64(1+10+11+20+21+50+51+1000)/8 {
		t.Errorf("p50 %d p90 %d mean %v", h.P50, h.P90, h.Mean)
	}
	other := NewHistogram(5, 100)
	other.Observe(3)
	other.Observe(70)
	h.Merge(other)
	if h.N != 10 || h.Sum != 1164+73 || h.Counts[0] != 3 || h.Counts[3] != 3 {
		t.Errorf("merge with other bounds: %+v", h)
	}
	var empty Histogram
	empty.Merge(h)
	if empty.N != h.N || fmt.Sprint(empty.Counts) != fmt.Sprint(h.Counts) {
		t.Errorf("merge into zero value: %+v", empty)
	}
}

func TestDecodedZeroValueMerges(t *testing.T) {
	// An accumulator decoded from the lead's first stats.json layout (no
	// new fields) must merge and finalize.
	var old Stats
	if err := json.Unmarshal([]byte(`{"rows":2,"seeds":2,"accepted":1,"rejected":1,"funnel":{"seeds":2,"programs":2,"executed":2,"translated":2,"verified":1,"deduplicated":1,"decontaminated":1,"accepted":1},"rejections":{"verify":{"answer_mismatch":1}}}`), &old); err != nil {
		t.Fatal(err)
	}
	s := New()
	s.Add(statstest.Records(1, 1)[0])
	old.Merge(s)
	old.Finalize()
	if old.Rows != 3 || len(old.ProgramLines.Counts) != len(programLineBounds)+1 || old.Version != Version {
		t.Errorf("merged old layout: rows %d, %+v", old.Rows, old.ProgramLines)
	}
}

func BenchmarkAdd(b *testing.B) {
	recs := statstest.Records(512, 1)
	// Baseline measured in the same run: JSON-encoding the same rows.
	start := time.Now()
	for i := 0; i < b.N; i++ {
		_, _ = json.Marshal(recs[i%len(recs)])
	}
	base := time.Since(start)
	b.ResetTimer()
	s := New()
	for i := 0; i < b.N; i++ {
		s.Add(recs[i%len(recs)])
	}
	b.StopTimer()
	if base > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(base), "x_json_encode")
	}
}

func TestToolsMatterCountsOutcomesAndUnusedTools(t *testing.T) {
	topic := schemas.TopicRef{ID: "middle.nt.div", Path: []string{"middle", "number_theory", "Divisors"}, Tools: []string{"sympy.divisors", "sympy.factorint"}}
	row := func(result string, unused ...string) *schemas.Record {
		return &schemas.Record{
			Seed:         schemas.Seed{Topics: []schemas.TopicRef{topic}},
			Execution:    &schemas.Execution{Status: schemas.StatusOK, Calls: []string{"sympy.divisors", "sympy.factorint", "len"}, Unused: unused},
			Verification: &schemas.Verification{Checks: []schemas.Check{{Name: CheckToolsMatter, Result: result}}},
		}
	}
	a, b := New(), New()
	a.Add(row(schemas.ResultPass))
	a.Add(row(schemas.ResultFail, "sympy.factorint", "len"))
	b.Add(row(schemas.ResultFail, "sympy.factorint"))
	b.Add(row(schemas.ResultSkipped))
	a.Merge(roundTrip(t, b))
	a.Finalize()
	tm := a.ToolsMatter
	if tm.Checked != 3 || tm.Failed != 2 {
		t.Errorf("checked %d failed %d, want 3 and 2", tm.Checked, tm.Failed)
	}
	if tm.Unused["sympy.factorint"] != 2 || len(tm.Unused) != 1 {
		t.Errorf("unused tools %v, want sympy.factorint twice (len is not a declared tool)", tm.Unused)
	}
	if a.ChecksFailed[CheckToolsMatter] != 2 {
		t.Errorf("checks_failed[%s] = %d, want 2", CheckToolsMatter, a.ChecksFailed[CheckToolsMatter])
	}
}
