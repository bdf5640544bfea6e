package dedup

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/dedup/problemgen"
)

// shareBand reports whether two signatures have a band key in common.
func shareBand(m MinHash, a, b []uint64) bool {
	ka, kb := m.BandKeys(a), m.BandKeys(b)
	for i := range ka {
		if ka[i] == kb[i] {
			return true
		}
	}
	return false
}

// exactJaccard is the true Jaccard similarity of the shingle sets.
func exactJaccard(m MinHash, a, b string) float64 {
	sa, sb := map[uint64]bool{}, map[uint64]bool{}
	for _, x := range m.shingles(a) {
		sa[x] = true
	}
	for _, x := range m.shingles(b) {
		sb[x] = true
	}
	inter := 0
	for x := range sa {
		if sb[x] {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

func TestMinHashParameters(t *testing.T) {
	m := DefaultMinHash()
	if err := m.Validate(); err != nil {
		t.Fatalf("default parameters invalid: %v", err)
	}
	// The documented S-curve.
	for _, c := range []struct{ j, p float64 }{{0.3, 0.014}, {0.5, 0.27}, {0.7, 0.918}, {0.8, 0.998}} {
		if got := m.CandidateProbability(c.j); math.Abs(got-c.p) > 0.005 {
			t.Errorf("CandidateProbability(%.1f) = %.3f, documented %.3f", c.j, got, c.p)
		}
	}
	bad := []MinHash{
		{NumPerm: 0, Bands: 1, Shingle: 3, Threshold: 0.5},
		{NumPerm: 10, Bands: 3, Shingle: 3, Threshold: 0.5},
		{NumPerm: 10, Bands: 5, Shingle: 0, Threshold: 0.5},
		{NumPerm: 10, Bands: 5, Shingle: 3, Threshold: 1.5},
	}
	for _, b := range bad {
		if b.Validate() == nil {
			t.Errorf("Validate(%+v) accepted invalid parameters", b)
		}
	}
}

func TestSignatureIsDeterministicAndSeeded(t *testing.T) {
	m := DefaultMinHash()
	text := "A bag contains 4 red marbles and 6 blue marbles. What is the probability of red?"
	a, b := m.Signature(text), m.Signature(text)
	if Similarity(a, b) != 1 || len(a) != m.NumPerm {
		t.Fatalf("same text: similarity %v, len %d", Similarity(a, b), len(a))
	}
	if got := len(m.BandKeys(a)); got != m.Bands {
		t.Fatalf("BandKeys gave %d keys, want %d", got, m.Bands)
	}
	other := m
	other.Seed++
	if Similarity(a, other.Signature(text)) > 0.2 {
		t.Error("a different seed should give unrelated hash values")
	}
	if Similarity(a, a[:10]) != 0 {
		t.Error("signatures of different lengths must not compare equal")
	}
	empty := m.Signature("  ?! ")
	if Similarity(empty, m.Signature("")) != 1 || Similarity(empty, a) != 0 {
		t.Error("empty texts should be equal to each other and to nothing else")
	}
}

// plantedBases are realistic problems of typical length.
var plantedBases = []string{
	"Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?",
	"A rectangular garden is 24 meters long and 15 meters wide. A path 2 meters wide is built around the outside of the garden. What is the area of the path in square meters?",
	"If $f(x) = 3x^2 - 5x + 2$ and $g(x) = 2x - 1$, find the value of $f(g(3))$ and express your answer as an integer.",
	"A store sells notebooks for $4 each and pens for $1.50 each. Maria buys 6 notebooks and 10 pens and pays with a $50 bill. How much change does she receive?",
	"The sum of three consecutive even integers is 138. What is the product of the smallest and the largest of these integers?",
	"A train leaves the station at 9:00 am traveling at 60 miles per hour. A second train leaves the same station at 10:30 am traveling at 80 miles per hour in the same direction. At what time will the second train catch up with the first?",
	"Let $S$ be the set of all positive integers $n$ less than 200 such that $n^2 + 1$ is divisible by 5. How many elements does $S$ have?",
	"In triangle $ABC$, the lengths of the sides are $AB = 13$, $BC = 14$ and $CA = 15$. Find the length of the altitude from $A$ to side $BC$.",
}

func TestPlantedNearDuplicatesAreFound(t *testing.T) {
	m := DefaultMinHash()
	variants := []struct {
		name string
		edit func(string) string
	}{
		{"changed punctuation and case", func(s string) string {
			return strings.ToUpper(strings.NewReplacer(".", ";", ",", "", "?", "!").Replace(s))
		}},
		{"one word replaced", func(s string) string {
			w := strings.Fields(s)
			w[len(w)/2] = "particular"
			return strings.Join(w, " ")
		}},
		{"one word inserted", func(s string) string {
			w := strings.Fields(s)
			k := len(w) / 3
			return strings.Join(append(w[:k:k], append([]string{"exactly"}, w[k:]...)...), " ")
		}},
		{"reordered clause", func(s string) string {
			// Move the first sentence (or the first third) to the end.
			if i := strings.Index(s, ". "); i > 0 {
				return s[i+2:] + " " + s[:i+1]
			}
			w := strings.Fields(s)
			k := len(w) / 3
			return strings.Join(append(append([]string{}, w[k:]...), w[:k]...), " ")
		}},
		{"latex spacing", func(s string) string {
			return strings.NewReplacer("$", " $ ", "=", " = ", "+", `\,+\,`).Replace(s)
		}},
	}
	for _, v := range variants {
		for i, base := range plantedBases {
			edited := v.edit(base)
			a, b := m.Signature(base), m.Signature(edited)
			sim := Similarity(a, b)
			if sim < m.Threshold || !shareBand(m, a, b) {
				t.Errorf("%s, base %d: similarity %.2f (true J %.2f), share band %v\n  %q\n  %q",
					v.name, i, sim, exactJaccard(m, base, edited), shareBand(m, a, b), base, edited)
			}
			if got := m.Dedup([]Member{{"z-copy", b}, {"a-orig", a}}); len(got) != 1 || got[0].ID != "z-copy" || got[0].Of != "a-orig" {
				t.Errorf("%s, base %d: Dedup = %+v, want z-copy as duplicate of a-orig", v.name, i, got)
			}
		}
	}
}

// TestRandomSingleWordEditsAreFound plants 300 near-duplicates of generated
// problems (one random word replaced or deleted, punctuation changed) and
// requires that at least 95% of them are found by banding plus Similarity.
func TestRandomSingleWordEditsAreFound(t *testing.T) {
	m := DefaultMinHash()
	r := rand.New(rand.NewSource(7))
	probs := problemgen.Distinct(300, 11)
	found, total := 0, 0
	for _, p := range probs {
		w := strings.Fields(p.Text)
		if len(w) < 12 { // an edit to a very short problem is a different problem
			continue
		}
		k := r.Intn(len(w))
		if r.Intn(2) == 0 {
			w[k] = "really"
		} else {
			w = append(w[:k:k], w[k+1:]...)
		}
		edited := strings.ReplaceAll(strings.Join(w, " "), ".", ",")
		a, b := m.Signature(p.Text), m.Signature(edited)
		total++
		if shareBand(m, a, b) && Similarity(a, b) >= m.Threshold {
			found++
		}
	}
	rate := float64(found) / float64(total)
	t.Logf("single-word edits found: %d/%d (%.1f%%)", found, total, 100*rate)
	if total < 150 || rate < 0.95 {
		t.Errorf("found %d/%d planted near-duplicates (%.1f%%), want >= 95%%", found, total, 100*rate)
	}
}

// pairStats counts, over all pairs of texts, the pairs that are flagged
// (share a band and have Similarity >= Threshold), split by a caller
// predicate.
type pairStats struct {
	pairs, flagged, candidates int
}

func TestDistinctProblemsRarelyCollide(t *testing.T) {
	m := DefaultMinHash()
	probs := problemgen.Distinct(1000, 2024)
	if len(probs) != 1000 {
		t.Fatalf("generator gave %d distinct problems", len(probs))
	}
	sigs := make([][]uint64, len(probs))
	bands := make([][]string, len(probs))
	for i, p := range probs {
		sigs[i] = m.Signature(p.Text)
		bands[i] = m.BandKeys(sigs[i])
	}
	var cross, same, dissimilar pairStats
	for i := range probs {
		for j := i + 1; j < len(probs); j++ {
			share := false
			for b := range bands[i] {
				if bands[i][b] == bands[j][b] {
					share = true
					break
				}
			}
			flagged := share && Similarity(sigs[i], sigs[j]) >= m.Threshold
			st := &cross
			if probs[i].Template == probs[j].Template {
				st = &same
			}
			st.pairs++
			if share {
				st.candidates++
			}
			if flagged {
				st.flagged++
			}
			if flagged || share {
				// Ground truth for candidate pairs: the exact shingle Jaccard.
				if exactJaccard(m, probs[i].Text, probs[j].Text) < 0.5 {
					dissimilar.candidates++
					if flagged {
						dissimilar.flagged++
						t.Logf("false collision (true J < 0.5): %q / %q", probs[i].Text, probs[j].Text)
					}
				}
			}
		}
	}
	t.Logf("pairs from different templates: %d, candidates %d, flagged %d", cross.pairs, cross.candidates, cross.flagged)
	t.Logf("pairs from the same template (differ in numbers/names): %d, candidates %d, flagged %d (%.2f%%)",
		same.pairs, same.candidates, same.flagged, 100*float64(same.flagged)/float64(same.pairs))
	t.Logf("candidate pairs with true J < 0.5: %d, of which flagged %d", dissimilar.candidates, dissimilar.flagged)
	if rate := float64(cross.flagged) / float64(cross.pairs); rate > 1e-5 {
		t.Errorf("problems from different templates flagged as near-duplicates: %d of %d pairs (rate %.2g > 1e-5)", cross.flagged, cross.pairs, rate)
	}
	if dissimilar.flagged > 0 {
		t.Errorf("%d pairs with true Jaccard < 0.5 were confirmed as near-duplicates", dissimilar.flagged)
	}
	if rate := float64(same.flagged) / float64(same.pairs); rate > 0.03 {
		t.Errorf("same-template problems with different numbers flagged at %.1f%%, want <= 3%%", 100*rate)
	}
}

// TestGSM8KTestProblemsRarelyCollide measures collisions among the 1,319
// real, distinct GSM8K test problems when the shared corpora are present.
func TestGSM8KTestProblemsRarelyCollide(t *testing.T) {
	dir := os.Getenv("ARROWS_CORPORA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpora")
	}
	path := filepath.Join(dir, "gsm8k", "test.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("GSM8K test set not available at %s: %v", path, err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct{ Question string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		texts = append(texts, row.Question)
	}
	m := DefaultMinHash()
	buckets := map[string][]Member{}
	for i, s := range texts {
		sig := m.Signature(s)
		for _, k := range m.BandKeys(sig) {
			buckets[k] = append(buckets[k], Member{ID: fmt.Sprintf("gsm8k-test-%04d", i), Signature: sig})
		}
	}
	dropped := map[string]bool{}
	for _, g := range buckets {
		for _, d := range m.Dedup(g) {
			dropped[d.ID] = true
		}
	}
	pairs := len(texts) * (len(texts) - 1) / 2
	t.Logf("GSM8K test: %d problems, %d dropped as near-duplicates (%d pairs)", len(texts), len(dropped), pairs)
	if len(dropped) > 5 {
		t.Errorf("%d of %d distinct GSM8K test problems flagged as near-duplicates, want <= 5", len(dropped), len(texts))
	}
}

func TestRepresentative(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
		want string
	}{
		{"empty group has none", nil, ""},
		{"single member", []string{"r-9"}, "r-9"},
		{"smallest id in byte order", []string{"r-20", "r-100", "r-3"}, "r-100"},
		{"independent of order", []string{"b", "a", "c"}, "a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Representative(tc.ids); got != tc.want {
				t.Errorf("Representative(%v) = %q, want %q", tc.ids, got, tc.want)
			}
		})
	}
}

func TestDedupIsOrderIndependent(t *testing.T) {
	m := DefaultMinHash()
	base := plantedBases[0]
	group := []Member{
		{"r3", m.Signature(base + " Explain.")},
		{"r1", m.Signature(base)},
		{"r2", m.Signature(strings.ToLower(base))},
		{"r4", m.Signature(plantedBases[1])},
		{"r1", m.Signature(base)}, // the same row seen twice
	}
	want := m.Dedup(group)
	for k := 0; k < 10; k++ {
		r := rand.New(rand.NewSource(int64(k)))
		g := append([]Member(nil), group...)
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		got := m.Dedup(g)
		if len(got) != len(want) {
			t.Fatalf("shuffle %d: %+v, want %+v", k, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("shuffle %d: %+v, want %+v", k, got, want)
			}
		}
	}
	if len(want) != 2 || want[0].ID != "r2" || want[0].Of != "r1" || want[1].ID != "r3" || want[1].Of != "r1" {
		t.Errorf("Dedup = %+v, want r2 and r3 as duplicates of r1 (r4 kept)", want)
	}
}

func BenchmarkSignature(b *testing.B) {
	m := DefaultMinHash()
	text := plantedBases[0]
	// Baseline measured in the same run: normalising the text alone.
	start := time.Now()
	for i := 0; i < b.N; i++ {
		_ = NormalizeText(text)
	}
	base := time.Since(start)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.BandKeys(m.Signature(text))
	}
	b.StopTimer()
	if base > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(base), "x_normalize")
	}
}
