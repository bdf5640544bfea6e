package dedup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/extsort"
)

// row is what deduplication looks at in a record, plus its encoding (the
// JSON line in a pipeline), which orders copies of one id.
type row struct {
	Round    int
	ID       string
	Problem  string
	Skeleton string
	Source   string
	Topics   []string
	Enc      string
}

// outcome is what happened to a row.
type outcome struct {
	Kept   bool
	Reason string
	Match  string
	Detail string
	Passed int
}

func (o outcome) String() string {
	if o.Kept {
		return "kept"
	}
	return fmt.Sprintf("%s of %s (passed %d; %s)", o.Reason, o.Match, o.Passed, o.Detail)
}

// reference transcribes the in-memory stages of transforms/dedup.go
// (DedupExact, DedupNear, DedupStructure with markAllButSmallest,
// nearMarks and applyMarks) without Beam: three stages, each on the rows
// the one before kept. It ignores Round (the in-memory job has none).
func reference(cfg dedup.Config, rows []row) []outcome {
	out := make([]outcome, len(rows))
	alive := make([]int, len(rows))
	for i := range rows {
		alive[i] = i
	}
	type mark struct {
		reason, of, detail string
		sim                float64
	}
	apply := func(stage int, marks map[string][]mark) []int {
		byID := map[string][]int{}
		var ids []string
		for _, i := range alive {
			if byID[rows[i].ID] == nil {
				ids = append(ids, rows[i].ID)
			}
			byID[rows[i].ID] = append(byID[rows[i].ID], i)
		}
		sort.Strings(ids)
		var next []int
		for _, id := range ids {
			var best *mark
			for _, m := range marks[id] {
				if best == nil || m.sim > best.sim || m.sim == best.sim && m.of < best.of {
					c := m
					best = &c
				}
			}
			idx := byID[id]
			sort.SliceStable(idx, func(a, b int) bool { return rows[idx[a]].Enc < rows[idx[b]].Enc })
			for k, i := range idx {
				switch {
				case best != nil:
					out[i] = outcome{Reason: best.reason, Match: best.of, Detail: best.detail, Passed: stage}
				case k > 0:
					out[i] = outcome{Reason: dedup.ReasonExact, Match: id, Detail: dedup.CopyDetail(id), Passed: stage}
				default:
					next = append(next, i)
				}
			}
		}
		return next
	}
	smallest := func(keyOf func(row) string, n int, mk func(kept []string) mark) map[string][]mark {
		groups := map[string][]string{}
		for _, i := range alive {
			if k := keyOf(rows[i]); k != "" {
				groups[k] = append(groups[k], rows[i].ID)
			}
		}
		marks := map[string][]mark{}
		for _, ids := range groups {
			d := append([]string(nil), ids...)
			sort.Strings(d)
			var kept []string
			for j, id := range d {
				if j == 0 || id != d[j-1] {
					kept = append(kept, id)
				}
			}
			if len(kept) > n {
				kept = kept[:n]
			}
			keep := map[string]bool{}
			for _, id := range kept {
				keep[id] = true
			}
			for _, id := range ids {
				if !keep[id] {
					marks[id] = append(marks[id], mk(kept))
				}
			}
		}
		return marks
	}
	// Exact.
	marks := smallest(func(r row) string { return dedup.ExactKey(r.Problem) }, 1, func(kept []string) mark {
		return mark{reason: dedup.ReasonExact, of: kept[0], detail: dedup.ExactDetail(kept[0])}
	})
	alive = apply(0, marks)
	// Near.
	m := cfg.MinHash
	bands := map[string][]dedup.Member{}
	for _, i := range alive {
		sig := m.Signature(rows[i].Problem)
		for _, k := range m.BandKeys(sig) {
			bands[k] = append(bands[k], dedup.Member{ID: rows[i].ID, Signature: sig})
		}
	}
	marks = map[string][]mark{}
	for _, g := range bands {
		if len(g) < 2 {
			continue
		}
		for _, d := range m.Dedup(g) {
			marks[d.ID] = append(marks[d.ID], mark{reason: dedup.ReasonNear, of: d.Of, sim: d.Similarity, detail: dedup.NearDetail(d.Similarity, m.Threshold, d.Of)})
		}
	}
	alive = apply(1, marks)
	// Structure.
	if cfg.MaxPerStructure > 0 {
		marks = smallest(func(r row) string {
			sk := r.Skeleton
			if sk == "" {
				sk = dedup.SkeletonFromSource(r.Source)
			}
			return dedup.StructureKey(sk, r.Topics)
		}, cfg.MaxPerStructure, func(kept []string) mark {
			return mark{reason: dedup.ReasonStructure, of: kept[0], detail: dedup.StructureDetail(cfg.MaxPerStructure, kept[0])}
		})
		alive = apply(2, marks)
	}
	for _, i := range alive {
		out[i] = outcome{Kept: true, Passed: 3}
	}
	return out
}

// engineSetup is how the engine is run: bundles the rows are split into,
// and its memory bounds.
type engineSetup struct {
	Bundles     int
	SortMemory  int
	FanIn       int
	NearMemory  int
	ShuffleSeed uint64
}

// viaEngine stages the rows as a pipeline would (per bundle: key records
// and rows written as sorted runs), runs the engine over the merged key
// runs and routes the merged rows with its decisions.
func viaEngine(t *testing.T, cfg dedup.Config, rows []row, setup engineSetup) ([]outcome, dedup.Summary) {
	t.Helper()
	ctx := context.Background()
	st := extsort.Local{}
	dir := t.TempDir()
	opt := extsort.Options{MemoryBytes: setup.SortMemory, FanIn: setup.FanIn}
	perm := rand.New(rand.NewPCG(setup.ShuffleSeed, 1)).Perm(len(rows))
	var keyRuns, rowRuns []string
	for b := 0; b < setup.Bundles; b++ {
		keys := extsort.NewSorter(st, dir, fmt.Sprintf("keys-b%d", b), opt)
		staged := extsort.NewSorter(st, dir, fmt.Sprintf("rows-b%d", b), opt)
		for j := b; j < len(perm); j += setup.Bundles {
			r := rows[perm[j]]
			k := dedup.NewKey(cfg.MinHash, r.Round, r.ID, r.Problem, r.Skeleton, r.Source, r.Topics)
			order := dedup.OrderKey(r.Round, r.ID)
			if err := keys.Add(ctx, order, k.Encode(nil)); err != nil {
				t.Fatal(err)
			}
			if err := staged.Add(ctx, order, []byte(r.Enc)); err != nil {
				t.Fatal(err)
			}
		}
		if err := keys.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		if err := staged.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		keyRuns = append(keyRuns, keys.Runs()...)
		rowRuns = append(rowRuns, staged.Runs()...)
	}
	keys, err := extsort.Merge(ctx, st, keyRuns, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	decisions := extsort.NewSorter(st, dir, "decisions", opt)
	e := &dedup.Engine{Config: cfg, Scratch: st, ScratchDir: dir + "/scratch", Sort: opt, NearMemoryBytes: setup.NearMemory}
	sum, err := e.Run(ctx, keys, dedup.Sinks{Decision: func(d *dedup.Decision) error {
		return decisions.Add(ctx, dedup.OrderKey(d.Round, d.ID), dedup.EncodeDecision(nil, d))
	}})
	keys.Close()
	if err != nil {
		t.Fatal(err)
	}
	decIt, err := decisions.Sorted(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rowIt, err := extsort.Merge(ctx, st, rowRuns, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	// Map outcomes back to row indexes by (order, encoding, occurrence).
	index := map[string][]int{}
	for i, r := range rows {
		k := string(dedup.OrderKey(r.Round, r.ID)) + "\x00" + r.Enc
		index[k] = append(index[k], i)
	}
	out := make([]outcome, len(rows))
	seen := 0
	err = dedup.Route(rowIt, decIt, func(order, enc []byte, v dedup.Verdict) error {
		k := string(order) + "\x00" + string(enc)
		if len(index[k]) == 0 {
			return fmt.Errorf("routed an unknown row %q", k)
		}
		i := index[k][0]
		index[k] = index[k][1:]
		seen++
		switch {
		case v.Kept():
			out[i] = outcome{Kept: true, Passed: v.Passed}
		case v.Copy:
			out[i] = outcome{Reason: dedup.ReasonExact, Match: rows[i].ID, Detail: dedup.CopyDetail(rows[i].ID), Passed: v.Passed}
		default:
			out[i] = outcome{Reason: v.Decision.Reason(), Match: v.Decision.Of, Detail: v.Decision.Detail, Passed: v.Passed}
		}
		return nil
	})
	rowIt.Close()
	decIt.Close()
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(rows) {
		t.Fatalf("routed %d rows, staged %d", seen, len(rows))
	}
	decisions.Remove(ctx)
	return out, sum
}

// compare reports every row whose outcome differs.
func compare(t *testing.T, rows []row, got, want []outcome) {
	t.Helper()
	bad := 0
	for i := range rows {
		if got[i] != want[i] {
			bad++
			if bad <= 10 {
				t.Errorf("row %s (%q): engine %v, in-memory %v", rows[i].ID, clip(rows[i].Problem), got[i], want[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rows differ", bad, len(rows))
	}
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func tally(outs []outcome) map[string]int {
	m := map[string]int{}
	for _, o := range outs {
		if o.Kept {
			m["kept"]++
		} else {
			m[o.Reason]++
		}
	}
	return m
}

// setups are the ways every comparison runs the engine: they must all give
// the in-memory result.
var setups = []struct {
	name  string
	setup engineSetup
}{
	{"one bundle, everything in memory", engineSetup{Bundles: 1, SortMemory: 64 << 20, NearMemory: 64 << 20}},
	{"7 bundles, tiny sort buffers, fan-in 2", engineSetup{Bundles: 7, SortMemory: 16 << 10, FanIn: 2, NearMemory: 64 << 20, ShuffleSeed: 1}},
	{"31 bundles, band groups spilled to disk", engineSetup{Bundles: 31, SortMemory: 64 << 10, FanIn: 3, NearMemory: 2 << 10, ShuffleSeed: 2}},
}

func TestEngineMatchesInMemoryDedupOnAdversarialRows(t *testing.T) {
	cfg := dedup.Config{MinHash: dedup.DefaultMinHash(), MaxPerStructure: 3}
	rows := adversarialRows(rand.New(rand.NewPCG(42, 42)))
	want := reference(cfg, rows)
	t.Logf("%d rows: %v", len(rows), tally(want))
	for _, reason := range []string{dedup.ReasonExact, dedup.ReasonNear, dedup.ReasonStructure} {
		if tally(want)[reason] < 10 {
			t.Fatalf("adversarial set has only %d %s rows: %v", tally(want)[reason], reason, tally(want))
		}
	}
	for _, s := range setups {
		t.Run(s.name, func(t *testing.T) {
			got, sum := viaEngine(t, cfg, rows, s.setup)
			compare(t, rows, got, want)
			t.Logf("summary %+v", sum)
			if s.setup.NearMemory < 4<<10 && sum.SpilledBandGroups == 0 {
				t.Errorf("no band group was spilled with %d bytes: the disk path is untested", s.setup.NearMemory)
			}
		})
	}
	t.Run("no structure cap", func(t *testing.T) {
		c := cfg
		c.MaxPerStructure = 0
		got, _ := viaEngine(t, c, rows, setups[1].setup)
		compare(t, rows, got, reference(c, rows))
	})
	t.Run("low near threshold (large groups of similar rows)", func(t *testing.T) {
		c := cfg
		c.MinHash.Threshold = 0.3
		got, _ := viaEngine(t, c, rows, setups[2].setup)
		compare(t, rows, got, reference(c, rows))
	})
}

// adversarialRows builds rows that exercise every rule: exact duplicates
// in many spellings, near-duplicate chains (A~B, B~C, A≁C) spread over
// bands, similarity ties, copies of one id (kept, exact-removed and
// near-removed ones), empty problems, structure clones across many ids,
// rows without programs, and templated texts whose band groups are large
// but mostly dissimilar.
func adversarialRows(rng *rand.Rand) []row {
	var rows []row
	id := func() string { return fmt.Sprintf("%032x", rng.Uint64()) }
	words := strings.Fields("apple river stone cloud garden number triangle circle angle square cube ratio " +
		"train speed hour minute price cost profit share boy girl teacher class book page")
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	add := func(r row) {
		if r.Enc == "" {
			r.Enc = fmt.Sprintf(`{"id":%q,"n":%d}`, r.ID, len(rows))
		}
		rows = append(rows, r)
	}
	skel := func(k int) string { return fmt.Sprintf("skel-%d", k) }
	topics := [][]string{{"t1"}, {"t2", "t1"}, {"t3"}}
	// Exact duplicates: spacing, case, punctuation, LaTeX markup.
	for g := 0; g < 12; g++ {
		base := "What is " + text(8) + fmt.Sprintf(" if x = %d?", g)
		for _, v := range []string{base, strings.ToUpper(base), "  " + strings.ReplaceAll(base, " ", "\n ") + " ", strings.ReplaceAll(base, "?", " ?!"), "\\text{" + base + "}"} {
			add(row{ID: id(), Problem: v, Skeleton: skel(rng.IntN(40)), Topics: topics[rng.IntN(3)]})
		}
	}
	// Near-duplicate chains: each step replaces a word or two.
	for g := 0; g < 10; g++ {
		w := strings.Fields(text(24))
		for step := 0; step < 6; step++ {
			add(row{ID: id(), Problem: strings.Join(w, " ") + " Find the total.", Skeleton: skel(100 + rng.IntN(40)), Topics: topics[0]})
			for k := 0; k < 1+step%2; k++ {
				w[rng.IntN(len(w))] = words[rng.IntN(len(words))]
			}
		}
	}
	// Ties: two kept rows a and b (not similar to each other), equally
	// similar to a later row c, all three in one band group.
	for g := 0; g < tieGroups; g++ {
		a, b, c := tie(rng, text)
		add(row{ID: fmt.Sprintf("%032x", 1+g), Problem: a, Skeleton: skel(200 + g)})
		add(row{ID: fmt.Sprintf("%032x", 100+g), Problem: b, Skeleton: skel(210 + g)})
		add(row{ID: id(), Problem: c, Skeleton: skel(220 + g)})
	}
	// Copies of one id: identical text, different encodings.
	for g := 0; g < 6; g++ {
		r := row{ID: id(), Problem: "Copy problem " + text(10), Skeleton: skel(300 + g), Topics: topics[1]}
		for c := 0; c < 1+g%3; c++ {
			r.Enc = fmt.Sprintf(`{"id":%q,"copy":%d}`, r.ID, rng.IntN(100))
			add(r)
		}
		// An exact duplicate with a smaller or larger id, so that the copies
		// are sometimes the removed ones.
		add(row{ID: fmt.Sprintf("%032x", rng.Uint64()>>uint(g%2)), Problem: strings.ToLower(r.Problem), Skeleton: skel(310 + g)})
		// A near duplicate of the copies.
		add(row{ID: id(), Problem: r.Problem + " exactly", Skeleton: skel(320 + g)})
	}
	// Empty problems and rows without programs.
	for g := 0; g < 4; g++ {
		add(row{ID: id(), Problem: "", Skeleton: skel(400)})
		add(row{ID: id(), Problem: "No program " + text(12)})
		add(row{ID: id(), Problem: "Source only " + text(12), Source: fmt.Sprintf("def solve():\n    x = %d\n    return x * 2\n", g)})
	}
	// Structure clones: one structure and topic set, unrelated texts.
	for g := 0; g < 3; g++ {
		for c := 0; c < 8; c++ {
			add(row{ID: id(), Problem: fmt.Sprintf("Clone %d %d ", g, c) + text(15), Skeleton: skel(500 + g), Topics: topics[g]})
		}
	}
	// Templated texts: long boilerplate, different numbers; many share
	// bands without being similar enough.
	tmpl := "A farmer has a rectangular field and plants rows of trees along every side of the field so that the trees are evenly spaced; " +
		"the length of the field is %d meters and the width is %d meters, with a tree every %d meters. How many trees does the farmer plant?"
	for g := 0; g < 120; g++ {
		add(row{ID: id(), Problem: fmt.Sprintf(tmpl, 10+rng.IntN(90), 10+rng.IntN(90), 1+rng.IntN(9)), Skeleton: skel(600 + g%7), Topics: topics[g%3]})
	}
	// Distinct filler.
	for g := 0; g < 150; g++ {
		add(row{ID: id(), Problem: text(10 + rng.IntN(30)), Skeleton: skel(700 + rng.IntN(300)), Topics: topics[rng.IntN(3)]})
	}
	return rows
}

const tieGroups = 4

// tie searches texts a, b, c with Similarity(a, c) = Similarity(b, c) at
// or above the default threshold, Similarity(a, b) below it, and a band
// shared by all three: c's best match in that group is a tie.
func tie(rng *rand.Rand, text func(int) string) (a, b, c string) {
	m := dedup.DefaultMinHash()
	for {
		w := strings.Fields(text(30))
		wa := append([]string(nil), w...)
		wb := append([]string(nil), w...)
		for k := 0; k < 3; k++ {
			wa[rng.IntN(10)] = fmt.Sprint("a", rng.IntN(9))
			wb[20+rng.IntN(10)] = fmt.Sprint("b", rng.IntN(9))
		}
		a, b, c = strings.Join(wa, " "), strings.Join(wb, " "), strings.Join(w, " ")
		sa, sb, sc := m.Signature(a), m.Signature(b), m.Signature(c)
		simA, simB := dedup.Similarity(sa, sc), dedup.Similarity(sb, sc)
		if simA != simB || simA < m.Threshold || dedup.Similarity(sa, sb) >= m.Threshold {
			continue
		}
		ka, kb, kc := m.BandKeys(sa), m.BandKeys(sb), m.BandKeys(sc)
		for i := range kc {
			if ka[i] == kc[i] && kb[i] == kc[i] {
				return a, b, c
			}
		}
	}
}

func TestEngineDecisionsDoNotDependOnLaterRounds(t *testing.T) {
	cfg := dedup.Config{MinHash: dedup.DefaultMinHash(), MaxPerStructure: 3}
	rng := rand.New(rand.NewPCG(5, 5))
	all := adversarialRows(rng)
	// Round 1 takes every other row; round 2 the rest, whose ids are
	// independent of round 1's (some smaller, some larger).
	var r1, both []row
	for i, r := range all {
		if i%2 == 1 {
			r.Round = 1
		} else {
			r1 = append(r1, r)
		}
		both = append(both, r)
	}
	first, _ := viaEngine(t, cfg, r1, setups[1].setup)
	again, _ := viaEngine(t, cfg, both, setups[2].setup)
	k := 0
	crossRound := 0
	for i, r := range both {
		if r.Round == 1 {
			if !again[i].Kept && again[i].Reason != "" {
				for _, e := range r1 {
					if e.ID == again[i].Match {
						crossRound++
						break
					}
				}
			}
			continue
		}
		if again[i] != first[k] {
			t.Errorf("round-0 row %s: %v alone, %v with round 1 present", r.ID, first[k], again[i])
		}
		k++
	}
	if crossRound < 10 {
		t.Errorf("only %d round-1 rows were removed as duplicates of round-0 rows", crossRound)
	}
	t.Logf("%d round-1 rows removed in favour of round-0 rows", crossRound)
}

// TestRowsSharingAnIDWithDifferentTextsUseTheFirstKeyRecord documents the
// one difference from the in-memory stages: when rows share an id but
// not their problem text or program (ids made by RecordID hash both, so a
// generate or verify job never has such rows), the in-memory near and
// structure stages see the copy whose row encoding sorts first, the
// engine the copy whose key record sorts first. Both are deterministic;
// the exact stage sees every copy in both.
func TestRowsSharingAnIDWithDifferentTextsUseTheFirstKeyRecord(t *testing.T) {
	cfg := dedup.Config{MinHash: dedup.DefaultMinHash(), MaxPerStructure: 1}
	base := "Tom has twelve apples and gives three of them to each of his four friends at school today"
	// "x" copies: encodings a < b, but b's text has the smaller ExactKey (so
	// its key record sorts first).
	var a, b string
	for i := 0; ; i++ {
		a = fmt.Sprintf("%s variant %d", base, i)
		b = fmt.Sprintf("Completely different words about trains %d", i)
		if dedup.ExactKey(b) < dedup.ExactKey(a) {
			break
		}
	}
	rows := []row{
		{ID: "x", Problem: a, Skeleton: "s1", Enc: "a"},
		{ID: "x", Problem: b, Skeleton: "s2", Enc: "b"},
		{ID: "y", Problem: a + " please", Skeleton: "s3", Enc: "c"},             // near duplicate of a, not of b
		{ID: "z", Problem: "Other text about rivers", Skeleton: "s2", Enc: "d"}, // same structure as b, not a
	}
	want := reference(cfg, rows)
	got, _ := viaEngine(t, cfg, rows, setups[0].setup)
	// In memory: x keeps text a; y is its near duplicate; z is kept.
	if !want[0].Kept || want[2].Reason != dedup.ReasonNear || !want[3].Kept {
		t.Fatalf("in-memory outcomes changed: %v", want)
	}
	// Engine: x's key record is b's; y is kept (not similar to b); z is
	// over the structure cap of b's structure.
	if !got[0].Kept || !got[2].Kept || got[3].Reason != dedup.ReasonStructure || got[3].Match != "x" {
		t.Fatalf("engine outcomes: %v", got)
	}
	// The copy itself is handled alike.
	if got[1] != want[1] {
		t.Fatalf("second copy: engine %v, in-memory %v", got[1], want[1])
	}
}
