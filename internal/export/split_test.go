package export

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/schemas"
)

func TestParseSplits(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		want   []Split
		errHas string
	}{
		{"empty is one train split", "", []Split{{"train", 1}}, ""},
		{"train and test", "train=0.98,test=0.02", []Split{{"train", 0.98}, {"test", 0.02}}, ""},
		{"three splits with spaces", " train=0.8, validation=0.1 ,test=0.1", []Split{{"train", 0.8}, {"validation", 0.1}, {"test", 0.1}}, ""},
		{"fractions must sum to 1", "train=0.9,test=0.2", nil, "sum to"},
		{"a fraction must be positive", "train=1,test=0", nil, "(0, 1]"},
		{"a fraction must be a number", "train=most", nil, "(0, 1]"},
		{"a name must be a Hub split name", "tr ain=1", nil, "split name"},
		{"names are distinct", "train=0.5,train=0.5", nil, "twice"},
		{"each part is name=fraction", "train", nil, "name=fraction"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseSplits(c.in)
			if c.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("error %v, want one containing %q", err, c.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if back, _ := ParseSplits(FormatSplits(got)); !reflect.DeepEqual(back, got) {
				t.Errorf("FormatSplits does not round-trip: %q", FormatSplits(got))
			}
		})
	}
}

func TestRowsOfOneProgramStructureShareAGroup(t *testing.T) {
	prog := func(a, b string) string {
		return "import sympy\n\ndef solve():\n    x = sympy.Integer(" + a + ")\n    return x * " + b + "\n"
	}
	mk := func(id, src string, topics []string) *schemas.Record {
		r := triple(id, topics, "")
		r.Program.Source = src
		return r
	}
	a := mk("a", prog("3", "4"), []string{"t.x.one", "t.x.two"})
	b := mk("b", prog("7", "9"), []string{"t.x.one", "t.x.two"})
	c := mk("c", prog("7", "9"), []string{"t.x.one"})
	d := mk("d", "def solve():\n    return 1\n", []string{"t.x.one", "t.x.two"})
	if GroupKey(a) != GroupKey(b) {
		t.Error("same program up to literals on the same topics: different groups")
	}
	if GroupKey(a) == GroupKey(c) {
		t.Error("same program on another topic set: same group (dedup.StructureKey includes the topics)")
	}
	if GroupKey(a) == GroupKey(d) {
		t.Error("different programs: same group")
	}
	want := "s:" + dedup.StructureKey(dedup.SkeletonFromSource(a.Program.Source), []string{"t.x.two", "t.x.one"})
	if GroupKey(a) != want {
		t.Errorf("GroupKey %s is not the dedup stage's structure key %s", GroupKey(a), want)
	}
	a.Execution.Skeleton = "ast-skeleton"
	if got := GroupKey(a); got != "s:"+dedup.StructureKey("ast-skeleton", []string{"t.x.one", "t.x.two"}) {
		t.Errorf("a sandbox skeleton is used when present: %s", got)
	}
	none := triple("z", nil, "")
	none.Program = nil
	if got := GroupKey(none); got != "r:z" {
		t.Errorf("a row without a program is its own group: %s", got)
	}
}

// corpus makes n rows over topics in 4 stages x 5 subjects x 6 topics,
// with program structures shared by 1 to 5 rows of the same topic set.
func corpus(n int, seed uint64) []*schemas.Record {
	r := rand.New(rand.NewPCG(seed, 1))
	stages := []string{"primary", "middle", "high", "college"}
	var rows []*schemas.Record
	for len(rows) < n {
		topic := fmt.Sprintf("%s.subj%d.topic%d", stages[r.IntN(len(stages))], r.IntN(5), r.IntN(6))
		topics := []string{topic}
		if r.IntN(2) == 0 {
			topics = append(topics, fmt.Sprintf("%s.subj%d.topic%d", stages[r.IntN(len(stages))], r.IntN(5), r.IntN(6)))
		}
		skeleton := fmt.Sprintf("sk%d", len(rows))
		size := 1 + r.IntN(5)
		for k := 0; k < size && len(rows) < n; k++ {
			rows = append(rows, triple(fmt.Sprintf("%032x", r.Uint64()), topics, skeleton))
		}
	}
	return rows
}

func unitsOf(rows []*schemas.Record) []Unit {
	us := make([]Unit, len(rows))
	for i, r := range rows {
		us[i] = UnitOf(r)
	}
	return us
}

func TestAssignIsDeterministicWhateverTheOrder(t *testing.T) {
	rows := corpus(3000, 7)
	splits, _ := ParseSplits("train=0.9,validation=0.05,test=0.05")
	first, err := Assign(unitsOf(rows), splits)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 3; i++ {
		r.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
		// Units also arrive pre-merged in arbitrary partial groups, as
		// from a combiner.
		us := unitsOf(rows)
		var parts []Unit
		for len(us) > 0 {
			k := 1 + r.IntN(3)
			if k > len(us) {
				k = len(us)
			}
			u := us[0]
			for _, o := range us[1:k] {
				if o.Group == u.Group {
					u = u.Merge(o)
				} else {
					parts = append(parts, o)
				}
			}
			parts = append(parts, u)
			us = us[k:]
		}
		again, err := Assign(parts, splits)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, first) {
			t.Fatalf("shuffle %d: assignment differs", i)
		}
	}
}

func TestSplitsAreStructureDisjointProportionalAndStratified(t *testing.T) {
	rows := corpus(5000, 11)
	splits, _ := ParseSplits("train=0.9,test=0.1")
	a, err := Assign(unitsOf(rows), splits)
	if err != nil {
		t.Fatal(err)
	}
	const maxUnit = 5
	// Structure-disjoint: every row of a group lands in the group's split.
	splitOfGroup := map[string]int{}
	perStage := map[string][2]int{}
	counts := make([]int64, len(splits))
	for _, r := range rows {
		g := GroupKey(r)
		k := a.SplitOf(g)
		if prev, ok := splitOfGroup[g]; ok && prev != k {
			t.Fatalf("group %s is in splits %d and %d", g, prev, k)
		}
		splitOfGroup[g] = k
		counts[k]++
		stage := strings.SplitN(Stratum(r), ".", 2)[0]
		c := perStage[stage]
		c[k]++
		perStage[stage] = c
	}
	if !reflect.DeepEqual(counts, a.Rows) {
		t.Errorf("rows per split %v, assignment says %v", counts, a.Rows)
	}
	for k, s := range splits {
		want := s.Fraction * float64(len(rows))
		if math.Abs(float64(counts[k])-want) > maxUnit {
			t.Errorf("split %s has %d rows, want %.0f ± %d", s.Name, counts[k], want, maxUnit)
		}
	}
	// Stratified: each education stage (a range of consecutive strata)
	// is split in proportion, within two units.
	for stage, c := range perStage {
		n := float64(c[0] + c[1])
		if got, want := float64(c[1]), 0.1*n; math.Abs(got-want) > 2*maxUnit {
			t.Errorf("stage %s: %v test rows of %v, want %.1f ± %d", stage, got, n, want, 2*maxUnit)
		}
	}
	// A plain hash of the group would give no such guarantee; the
	// allocation must also differ from "the first rows in id order".
	if a.Rows[1] == 0 {
		t.Fatal("no test rows")
	}
}

func TestEveryStratumGetsItsShare(t *testing.T) {
	// 40 strata of 50 single-row units: each stratum must give 5 rows to
	// a 10% split (within one row), not all-or-nothing.
	var units []Unit
	for s := 0; s < 40; s++ {
		for i := 0; i < 50; i++ {
			id := fmt.Sprintf("s%02d-%03d", s, i)
			units = append(units, Unit{Group: "r:" + id, Stratum: fmt.Sprintf("stratum%02d", s), MinID: id, Rows: 1})
		}
	}
	a, err := Assign(units, []Split{{"train", 0.9}, {"test", 0.1}})
	if err != nil {
		t.Fatal(err)
	}
	perStratum := map[string]int{}
	for _, u := range units {
		if a.SplitOf(u.Group) == 1 {
			perStratum[u.Stratum]++
		}
	}
	for s := 0; s < 40; s++ {
		name := fmt.Sprintf("stratum%02d", s)
		if n := perStratum[name]; n < 4 || n > 6 {
			t.Errorf("%s has %d test rows, want 5 ± 1", name, n)
		}
	}
}

func TestUnitMergeKeepsTheSmallestIDsStratum(t *testing.T) {
	a := Unit{Group: "g", Stratum: "zeta", MinID: "b", Rows: 2}
	b := Unit{Group: "g", Stratum: "alpha", MinID: "c", Rows: 1}
	c := Unit{Group: "g", Stratum: "mid", MinID: "a", Rows: 1}
	for _, got := range []Unit{a.Merge(b).Merge(c), c.Merge(b.Merge(a)), b.Merge(c).Merge(a)} {
		if want := (Unit{Group: "g", Stratum: "mid", MinID: "a", Rows: 4}); got != want {
			t.Errorf("merge = %+v, want %+v", got, want)
		}
	}
	if got := (Unit{}).Merge(a); got != a {
		t.Errorf("empty merge = %+v", got)
	}
}
