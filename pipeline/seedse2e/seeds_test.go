package seedse2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/row"
	seedrows "github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/schemas"
)

// The seed corpus: the first 50 lines of GSM8K train, and one GSM8K test
// item planted beside them (testdata/gsm8k/README.md).
const (
	trainFile   = "train_head50.jsonl"
	plantedFile = "planted_test_item.jsonl"
	seedLines   = 51
)

// outputs are the rows a seeds job wrote.
type outputs struct {
	accepted, rejected, seeds []schemas.Record
	seedRejected              []schemas.Record // rejected at stage "seed"
	evolved                   []schemas.Record // rows with an evolution record, accepted or rejected
}

func readOutputs(t *testing.T, out string) outputs {
	t.Helper()
	var o outputs
	o.accepted = e2etest.ReadRows(t, filepath.Join(out, "accepted"), schemas.SchemaTriple)
	o.rejected = e2etest.ReadRows(t, filepath.Join(out, "rejected"), schemas.SchemaRejected)
	o.seeds = e2etest.ReadRows(t, filepath.Join(out, "seeds"), schemas.SchemaRecord)
	for _, r := range o.rejected {
		if r.Rejection.Stage == schemas.StageSeed {
			o.seedRejected = append(o.seedRejected, r)
		}
	}
	for _, r := range append(append([]schemas.Record{}, o.accepted...), o.rejected...) {
		if r.Provenance.Evolution != nil && (r.Rejection == nil || r.Rejection.Stage != schemas.StageSeed) {
			o.evolved = append(o.evolved, r)
		}
	}
	return o
}

// checkAccounting asserts that every seed ends in exactly one seed-level
// row (seeds/ or a stage-"seed" rejection), that every other row is an
// evolution of a reproduced seed whose provenance links it to its parent
// and root, and that evolution candidates = parents × operators ×
// variants at each depth.
func checkAccounting(t *testing.T, o outputs, wantSeeds int, ops []string, variants, depth int) {
	t.Helper()
	seen := map[string]string{}
	for _, r := range append(append([]schemas.Record{}, o.seeds...), o.seedRejected...) {
		if prev, dup := seen[r.Seed.ID]; dup {
			t.Fatalf("seed %s has two seed-level rows (%s and %s)", r.Seed.ID, prev, r.ID)
		}
		seen[r.Seed.ID] = r.ID
		if r.Seed.Pathway != pipeline.PathwaySeeds || r.Seed.Source == nil {
			t.Fatalf("seed-level row %s: pathway %q, source %v", r.ID, r.Seed.Pathway, r.Seed.Source != nil)
		}
	}
	if len(seen) != wantSeeds {
		t.Fatalf("seeds/ %d + seed rejections %d = %d seeds, want %d", len(o.seeds), len(o.seedRejected), len(seen), wantSeeds)
	}
	// Every row of accepted/ and rejected/ is a seed-level rejection or an
	// evolved row, and ids are unique.
	ids := map[string]bool{}
	for _, r := range append(append([]schemas.Record{}, o.accepted...), o.rejected...) {
		if ids[r.ID] {
			t.Fatalf("two output rows share the id %s", r.ID)
		}
		ids[r.ID] = true
	}
	if n := len(o.accepted) + len(o.rejected); n != len(o.seedRejected)+len(o.evolved) {
		t.Fatalf("%d output rows, but %d seed rejections + %d evolved rows", n, len(o.seedRejected), len(o.evolved))
	}
	// Parents by program hash: the reproduced seeds and every evolved row.
	byHash := map[string]schemas.Record{}
	for _, r := range o.seeds {
		if r.Program == nil || r.Execution == nil || r.Execution.Status != schemas.StatusOK {
			t.Fatalf("reproduced seed %s without an executed program", r.ID)
		}
		byHash[r.Program.Hash] = r
	}
	for _, r := range o.evolved {
		if r.Program != nil {
			byHash[r.Program.Hash] = r
		}
	}
	perDepth := map[int]int{}
	for _, r := range o.evolved {
		ev := r.Provenance.Evolution
		perDepth[ev.Depth]++
		if r.Program != nil && (r.Program.Evolution == nil || *r.Program.Evolution != *ev) {
			t.Fatalf("row %s: program evolution %+v differs from provenance %+v", r.ID, r.Program.Evolution, ev)
		}
		if r.Seed.Pathway != pipeline.PathwaySeeds || r.Provenance.Pathway != pipeline.PathwaySeeds {
			t.Fatalf("row %s: pathway %q/%q", r.ID, r.Seed.Pathway, r.Provenance.Pathway)
		}
		parent, ok := byHash[ev.ParentID]
		if !ok {
			t.Fatalf("row %s: parent program %s is in no output", r.ID, ev.ParentID)
		}
		if ev.Depth != depthOf(parent)+1 {
			t.Fatalf("row %s: depth %d, parent depth %d", r.ID, ev.Depth, depthOf(parent))
		}
		if ev.RootID != r.Seed.ID || row.RootID(&parent) != ev.RootID {
			t.Fatalf("row %s: root %s, seed %s, parent's root %s", r.ID, ev.RootID, r.Seed.ID, row.RootID(&parent))
		}
		if _, ok := seen[ev.RootID]; !ok {
			t.Fatalf("row %s: root %s is no seed", r.ID, ev.RootID)
		}
		known := false
		for _, op := range ops {
			known = known || op == ev.Operator
		}
		if !known {
			t.Fatalf("row %s: operator %q not configured", r.ID, ev.Operator)
		}
	}
	parents := len(o.seeds)
	for d := 1; d <= depth; d++ {
		if want := parents * len(ops) * variants; perDepth[d] != want {
			t.Fatalf("depth %d: %d evolved rows, want %d parents × %d operators × %d variants = %d", d, perDepth[d], parents, len(ops), variants, want)
		}
		// The next level's parents are this level's children that passed
		// evolution (accepted, or rejected after evolution).
		parents = 0
		for _, r := range o.evolved {
			if r.Provenance.Evolution.Depth == d && passedEvolution(r) {
				parents++
			}
		}
	}
}

func depthOf(r schemas.Record) int {
	if r.Program != nil && r.Program.Evolution != nil {
		return r.Program.Evolution.Depth
	}
	return 0
}

// passedEvolution reports whether an evolved row got past the evolution
// stage (generate + execute) of the seeds pathway.
func passedEvolution(r schemas.Record) bool {
	return r.Rejection == nil || (r.Rejection.Stage != schemas.StageGenerate && r.Rejection.Stage != schemas.StageExecute)
}

func TestSeedsPathwayOnTheLLMTestServer(t *testing.T) {
	resp := newSeedResponder()
	srv := llmtest.NewServer(llmtest.Options{Responder: resp, Seed: 9})
	defer srv.Close()
	out := t.TempDir()

	cfg := pipeline.DefaultGenerateConfig()
	cfg.Env.RunSeed = 5
	cfg.Env.LLM = testLLM(srv.URL())
	cfg.Out, cfg.Shards = out, 2
	cfg.Dedup = nil // siblings of one seed are near-duplicates by design; measured apart
	sc := pipeline.DefaultSeedsConfig()
	sc.Read.Globs = []string{abs(t, "testdata/gsm8k/*.jsonl")}
	sc.Read.Format = string(corpus.FormatGSM8K)
	sc.Evolve.Operators = evolve.Operators
	sc.Depth, sc.Evolve.Variants = 2, 1
	if err := sc.Validate(cfg.Env); err != nil {
		t.Fatal(err)
	}
	res := e2etest.Run(t, func(s beam.Scope) { pipeline.GenerateSeeds(s, cfg, sc) })
	c := e2etest.Counters(res)
	o := readOutputs(t, out)

	checkAccounting(t, o, seedLines, sc.Evolve.Operators, 1, 2)

	// The planted GSM8K test item is refused as a benchmark seed.
	planted := 0
	for _, r := range o.seedRejected {
		if r.Rejection.Reason != seedrows.ReasonBenchmarkSeed {
			continue
		}
		if r.Rejection.Match == "" {
			t.Errorf("benchmark seed %s without its match", r.ID)
		}
		if strings.HasSuffix(r.Origin.File, plantedFile) {
			planted++
			if !strings.HasPrefix(r.Rejection.Match, "gsm8k-test@") {
				t.Errorf("planted test item matched %q, want gsm8k-test", r.Rejection.Match)
			}
		}
	}
	if planted != 1 {
		t.Fatalf("the planted GSM8K test item was refused %d times; seed rejections: %s", planted, reasons(o.seedRejected))
	}
	for _, r := range o.seeds {
		if strings.HasSuffix(r.Origin.File, plantedFile) {
			t.Fatal("the planted test item seeded evolution")
		}
		if len(r.Provenance.Decontam) == 0 {
			t.Errorf("seed %s does not record the benchmarks it was checked against", r.ID)
		}
	}
	if len(o.seeds) < 40 {
		t.Errorf("only %d of %d seed programs reproduced their reference answer; rejections: %s", len(o.seeds), seedLines, reasons(o.seedRejected))
	}

	// Verified triples from every operator, linked to their seed.
	seedByID := map[string]schemas.Record{}
	byHash := map[string]schemas.Record{}
	for _, r := range o.seeds {
		seedByID[r.Seed.ID] = r
		byHash[r.Program.Hash] = r
	}
	for _, r := range o.evolved {
		if r.Program != nil {
			byHash[r.Program.Hash] = r
		}
	}
	perOp := map[string]int{}
	for _, r := range o.accepted {
		ev := r.Provenance.Evolution
		if ev == nil {
			t.Fatalf("accepted row %s has no evolution record", r.ID)
		}
		perOp[fmt.Sprintf("%s@%d", ev.Operator, ev.Depth)]++
		root := seedByID[ev.RootID]
		if r.Seed.Source == nil || r.Seed.Source.Origin != root.Seed.Source.Origin || !strings.HasSuffix(r.Seed.Source.Origin.File, trainFile) {
			t.Fatalf("triple %s does not point at its seed's origin", r.ID)
		}
		if parent := byHash[ev.ParentID]; evolve.SameValue(*r.Execution.Result, *parent.Execution.Result) {
			t.Errorf("triple %s (%s) answers %s like its parent", r.ID, ev.Operator, r.Execution.Result.Latex)
		}
		if r.Problem == root.Problem {
			t.Errorf("triple %s repeats its seed problem", r.ID)
		}
	}
	for _, op := range sc.Evolve.Operators {
		for d := 1; d <= sc.Depth; d++ {
			if perOp[fmt.Sprintf("%s@%d", op, d)] == 0 {
				t.Errorf("no verified triple from %s at depth %d; evolved rejections: %s", op, d, reasons(filterRejected(o.rejected)))
			}
		}
	}

	// Counters agree with the files.
	checks := []struct {
		name      string
		got, want int64
	}{
		{"seeds/read", c["seeds/read"], seedLines},
		{"funnel/seeds_reproduced", c["funnel/seeds_reproduced"], int64(len(o.seeds))},
		{"seeds/evolve_candidates", c["seeds/evolve_candidates"], int64(len(o.evolved))},
		{"rejected/seed/benchmark_seed", c["rejected/seed/"+seedrows.ReasonBenchmarkSeed], int64(countReason(o.seedRejected, seedrows.ReasonBenchmarkSeed))},
	}
	var rejCount int64
	for name, v := range c {
		if strings.HasPrefix(name, "rejected/") {
			rejCount += v
		}
	}
	checks = append(checks, struct {
		name      string
		got, want int64
	}{"rejected/* counters", rejCount, int64(len(o.rejected))})
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %d, files say %d", ck.name, ck.got, ck.want)
		}
	}
	st := e2etest.ReadStats(t, out)
	if st.Accepted != int64(len(o.accepted)) || st.Rejected != int64(len(o.rejected)) {
		t.Errorf("stats.json accepted=%d rejected=%d; files %d/%d", st.Accepted, st.Rejected, len(o.accepted), len(o.rejected))
	}
	// One add_step prompt per parent that asked for one (both depths).
	asked := 0
	for _, r := range o.evolved {
		if r.Provenance.Evolution.Operator == evolve.OpAddStep && !(r.Rejection != nil && r.Rejection.Reason == "evolve_no_related_topic") {
			asked++
		}
	}
	if n := srv.Counts().ByKind[evolve.KindAddStep]; n != asked {
		t.Errorf("the server got %d add_step prompts, want one per add_step candidate (%d)", n, asked)
	}

	// The yield at each step, for the closing note.
	executed := 0
	for _, r := range o.evolved {
		if r.Execution != nil && r.Execution.Status == schemas.StatusOK {
			executed++
		}
	}
	refused := countReason(o.seedRejected, seedrows.ReasonBenchmarkSeed)
	t.Logf("yield on the LLM test server (GSM8K train head 50 + 1 planted test item; operators %v, depth 2, 1 variant):", sc.Evolve.Operators)
	t.Logf("  seeds read              %4d", c["seeds/read"])
	t.Logf("  benchmark-refused       %4d", refused)
	t.Logf("  seed programs           %4d", c["seeds/programs"])
	t.Logf("  reproduced reference    %4d", len(o.seeds))
	t.Logf("  evolution candidates    %4d", len(o.evolved))
	t.Logf("  evolved programs run ok %4d", executed)
	t.Logf("  evolved (checks passed) %4d", c["funnel/seeds_evolved"])
	t.Logf("  translated              %4d", c["funnel/translated"])
	t.Logf("  verified                %4d", c["funnel/verified"])
	t.Logf("  accepted (after decontam) %2d   per operator %v", len(o.accepted), perOp)
	t.Logf("  seed rejections: %s", reasons(o.seedRejected))
	t.Logf("  evolved rejections: %s", reasons(filterRejected(o.rejected)))
	t.Logf("  responder: %v; server requests by kind: %v", resp.counts, srv.Counts().ByKind)
	for i, r := range o.accepted {
		if i >= 3 {
			break
		}
		t.Logf("  example %s: %s\n    -> %s", r.Provenance.Evolution.Operator, seedByID[r.Provenance.Evolution.RootID].Problem, r.Problem)
	}
}

func filterRejected(rows []schemas.Record) []schemas.Record {
	var out []schemas.Record
	for _, r := range rows {
		if r.Rejection.Stage != schemas.StageSeed {
			out = append(out, r)
		}
	}
	return out
}

func countReason(rows []schemas.Record, reason string) int {
	n := 0
	for _, r := range rows {
		if r.Rejection != nil && r.Rejection.Reason == reason {
			n++
		}
	}
	return n
}

// TestPerturbingOfflineTriples evolves the triples of an offline run with
// perturb_givens alone (no LLM): the programs' givens change, the offline
// templates are re-rendered with them, and the children are translated
// offline and verified like any generated triple.
func TestPerturbingOfflineTriples(t *testing.T) {
	const n = 40
	parentsDir := t.TempDir()
	gen := pipeline.DefaultGenerateConfig()
	gen.Seeds.N, gen.Env.RunSeed = n, 3
	gen.Out, gen.Shards = parentsDir, 1
	e2etest.Run(t, func(s beam.Scope) { pipeline.Generate(s, gen) })
	parents := e2etest.ReadRows(t, filepath.Join(parentsDir, "accepted"), schemas.SchemaTriple)
	if len(parents) < n/2 {
		t.Fatalf("the offline run gave only %d triples", len(parents))
	}
	parentByHash := map[string]schemas.Record{}
	for _, p := range parents {
		parentByHash[p.Program.Hash] = p
	}

	// A cap below the corpus size keeps a deterministic sample of seeds.
	const skipped = 3
	limit := len(parents) - skipped

	out := t.TempDir()
	cfg := pipeline.DefaultGenerateConfig()
	cfg.Env.RunSeed = 8
	cfg.Out, cfg.Shards = out, 1
	sc := pipeline.DefaultSeedsConfig()
	sc.Read.Globs = []string{filepath.Join(parentsDir, "accepted", "*.jsonl")}
	sc.Read.Format = string(corpus.FormatArrows)
	sc.Evolve.Operators = []string{evolve.OpPerturbGivens}
	sc.Depth, sc.Evolve.Variants = 2, 1
	sc.MaxSeeds = int64(limit)
	if err := sc.Validate(cfg.Env); err != nil {
		t.Fatal(err)
	}
	res := e2etest.Run(t, func(s beam.Scope) { pipeline.GenerateSeeds(s, cfg, sc) })
	c := e2etest.Counters(res)
	o := readOutputs(t, out)
	checkAccounting(t, o, limit, sc.Evolve.Operators, 1, 2)
	if c["seeds/over_limit"] != skipped {
		t.Errorf("counter seeds/over_limit = %d, want %d", c["seeds/over_limit"], skipped)
	}

	// Every kept parent triple re-executes to its own answer.
	if len(o.seeds) != limit {
		t.Errorf("%d of %d parent triples reproduced; rejections: %s", len(o.seeds), limit, reasons(o.seedRejected))
	}
	for _, r := range o.seeds {
		if _, ok := parentByHash[r.Program.Hash]; !ok {
			t.Fatalf("seed row %s has a program that is no parent's", r.ID)
		}
	}
	// New verified triples whose answers differ from their parents'.
	byHash := map[string]schemas.Record{}
	for _, r := range append(append([]schemas.Record{}, o.seeds...), o.evolved...) {
		if r.Program != nil {
			byHash[r.Program.Hash] = r
		}
	}
	depth2 := 0
	for _, r := range o.accepted {
		ev := r.Provenance.Evolution
		if ev == nil || ev.Operator != evolve.OpPerturbGivens {
			t.Fatalf("accepted row %s is not a perturbation: %+v", r.ID, ev)
		}
		if ev.Depth == 2 {
			depth2++
		}
		parent := byHash[ev.ParentID]
		if evolve.SameValue(*r.Execution.Result, *parent.Execution.Result) {
			t.Errorf("triple %s answers %s like its parent", r.ID, r.Execution.Result.Latex)
		}
		if r.Problem == parent.Problem || r.Program.Offline == nil {
			t.Errorf("triple %s: problem unchanged or offline templates lost", r.ID)
		}
		if root, ok := parentByHash[rootProgram(r, byHash)]; !ok || root.ID != ev.RootID {
			t.Errorf("triple %s: root id %s is not the id of the arrows triple it descends from", r.ID, ev.RootID)
		}
		if r.Provenance.Generator != env.BackendOffline || r.Provenance.Models["translator"] != "offline" {
			t.Errorf("triple %s: provenance %+v", r.ID, r.Provenance)
		}
	}
	if len(o.accepted) < limit/3 {
		t.Errorf("only %d verified perturbations of %d parents; rejections: %s", len(o.accepted), limit, reasons(filterRejected(o.rejected)))
	}
	if depth2 == 0 {
		t.Error("no verified triple at depth 2")
	}
	if c["seeds/evolve_candidates"] != int64(len(o.evolved)) {
		t.Errorf("counter seeds/evolve_candidates = %d, files %d", c["seeds/evolve_candidates"], len(o.evolved))
	}
	t.Logf("offline perturbation of %d arrows triples (depth 2): reproduced %d, candidates %d, evolved %d, verified %d, accepted %d (depth 2: %d)",
		limit, len(o.seeds), len(o.evolved), c["funnel/seeds_evolved"], c["funnel/verified"], len(o.accepted), depth2)
	t.Logf("  evolved rejections: %s", reasons(filterRejected(o.rejected)))
	for i, r := range o.accepted {
		if i >= 2 {
			break
		}
		p := byHash[r.Provenance.Evolution.ParentID]
		t.Logf("  example (%s): %s\n    -> %s\n    answer %s -> %s", changes(p, r), p.Problem, r.Problem, p.Execution.Result.Latex, r.Execution.Result.Latex)
	}
}

// rootProgram walks up the parents of r to the program of its root.
func rootProgram(r schemas.Record, byHash map[string]schemas.Record) string {
	for r.Program != nil && r.Program.Evolution != nil {
		p, ok := byHash[r.Program.Evolution.ParentID]
		if !ok {
			return ""
		}
		r = p
	}
	if r.Program == nil {
		return ""
	}
	return r.Program.Hash
}

func changes(p, r schemas.Record) string {
	if p.Program == nil || p.Program.Offline == nil || r.Program.Offline == nil {
		return ""
	}
	return fmt.Sprintf("givens %v -> %v", p.Program.Offline.Givens, r.Program.Offline.Givens)
}
