package dedupe2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// TestMakeRunIsCleanAndReported runs the `make run` job (200 seeds, run
// seed 1): the corpus keeps at least 150 rows, every row that reached
// decontamination records the benchmark versions, the funnel adds up in
// rows, stats.json and counters, and README.md and report.html are written.
func TestMakeRunIsCleanAndReported(t *testing.T) {
	o := makeRun(t)
	idx := loadIndex(t)
	t.Logf("make run: %d accepted, %d rejected %v", len(o.Accepted), len(o.Rejected), o.reasons())
	checkCountsAddUp(t, o, 200)
	checkProvenance(t, o, idx.Versions())
	if len(o.Accepted) < 150 {
		t.Errorf("only %d of 200 seeds accepted", len(o.Accepted))
	}
	// The offline generator's problems are not benchmark items (≤ 1% may
	// match by chance: the package's bound on 1,000 generated problems).
	if n := len(o.rejectedAt(schemas.StageDecontam)); n*100 > int(o.Stats.Funnel.Deduped) {
		t.Errorf("%d of %d generated problems flagged as contaminated (> 1%%)", n, o.Stats.Funnel.Deduped)
	}
	all := byID(append(append([]schemas.Record{}, o.Accepted...), o.Rejected...))
	for _, r := range o.rejectedAt(schemas.StageDedup) {
		if _, ok := all[r.Rejection.Match]; !ok || r.Rejection.Match == r.ID {
			t.Errorf("dedup rejection of %s names %q, not another row of the run", r.ID, r.Rejection.Match)
		}
	}

	card := readFile(t, filepath.Join(o.Dir, transforms.CardFile))
	for _, want := range []string{
		"---\nlicense: ", "size_categories:", "## Funnel", "| deduplicated |", "| decontaminated |",
		"## Decontamination", "| gsm8k-test |", "| math500-test |", "| math-test |", "MIT",
		verify.Version, "| run seed | 1 |", "Near-duplicates removed",
	} {
		if !strings.Contains(card, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	page := readFile(t, filepath.Join(o.Dir, transforms.ReportFile))
	for _, id := range report.ChartIDs() {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("report.html lacks chart %s", id)
		}
	}
}

// TestPlantedDuplicatesAndBenchmarkItemsAreRemoved plants, among the rows
// of the make-run corpus, exact duplicates (whitespace changed), near
// duplicates (a word added), structure clones (same program structure and
// topics, different text) and GSM8K-test and MATH500 problems (verbatim and
// lightly paraphrased, numbers kept), and runs the dedup and
// decontamination stages over them: the planted rows are removed with the
// right stage, reason and match, the distinct rows are all kept, and the
// counts add up.
func TestPlantedDuplicatesAndBenchmarkItemsAreRemoved(t *testing.T) {
	base := makeRun(t)
	idx := loadIndex(t)
	mh := dedup.DefaultMinHash()
	originals := make([]schemas.Record, len(base.Accepted))
	for i, r := range base.Accepted {
		r.Provenance.Decontam = nil // the stage must set it again
		originals[i] = r
	}
	sortRows(originals)
	if len(originals) < 60 || originals[len(originals)-1].ID >= "ffff" {
		t.Fatalf("make-run corpus too small (%d rows) or with ids that sort after the planted ones", len(originals))
	}
	rows := append([]schemas.Record{}, originals...)
	expect := map[string]string{} // planted id -> "stage/reason/match" ("" = kept)
	used := map[string]bool{}

	// Exact duplicates: the same text with different spacing.
	for _, r := range originals[:6] {
		c := r
		c.ID = plantedID("exact", r.ID)
		c.Problem = "  " + strings.Join(strings.Fields(r.Problem), " \n  ") + "  "
		if c.Problem == r.Problem || dedup.ExactKey(c.Problem) != dedup.ExactKey(r.Problem) {
			t.Fatalf("exact-duplicate precondition: %q", c.Problem)
		}
		rows = append(rows, c)
		expect[c.ID] = "dedup/" + dedup.ReasonExact + "/" + r.ID
		used[r.ID] = true
	}
	// Near duplicates: one word added in front, similarity well above the
	// threshold.
	near := 0
	for _, r := range originals[6:] {
		if near == 6 {
			break
		}
		c := r
		c.ID = plantedID("near", r.ID)
		c.Problem = "Now " + r.Problem
		if dedup.Similarity(mh.Signature(c.Problem), mh.Signature(r.Problem)) < mh.Threshold+0.05 {
			continue
		}
		rows = append(rows, c)
		expect[c.ID] = "dedup/" + dedup.ReasonNear + "/" + r.ID
		used[r.ID] = true
		near++
	}
	if near < 6 {
		t.Fatalf("only %d near-duplicate candidates", near)
	}
	// Structure clones: 7 rows with the structure and topics of one
	// original whose structure is unique in the corpus, and unrelated
	// texts. With the cap of 5 the original and the 4 smallest clone ids
	// stay; the 3 largest go.
	keyCount := map[string]int{}
	key := func(r schemas.Record) string {
		return dedup.StructureKey(r.Execution.Skeleton, topicIDs(r))
	}
	for _, r := range originals {
		keyCount[key(r)]++
	}
	var proto schemas.Record
	for _, r := range originals[20:] {
		if keyCount[key(r)] == 1 && r.Execution.Skeleton != "" && !used[r.ID] {
			proto = r
			break
		}
	}
	if proto.ID == "" {
		t.Fatal("no original with a unique structure")
	}
	rng := rand.New(rand.NewPCG(8, 8))
	var clones []string
	for k := 0; k < 7; k++ {
		c := proto
		c.ID = plantedID("structure", fmt.Sprint(k))
		c.Problem = randomText(rng, 18) + "?"
		rows = append(rows, c)
		clones = append(clones, c.ID)
	}
	sort.Strings(clones)
	for k, id := range clones {
		expect[id] = ""
		if k >= 4 {
			expect[id] = "dedup/" + dedup.ReasonStructure + "/" + proto.ID
		}
	}
	// Benchmark items, verbatim and paraphrased, dressed as generated rows
	// (each with its own structure).
	sample := benchmarkSample(t)
	type planted struct {
		item benchItem
		para bool
	}
	bench := map[string]planted{}
	for _, set := range []string{"gsm8k-test", "math500-test"} {
		for i, it := range sample[set][:40] {
			c := originals[i]
			c.ID = plantedID(set, fmt.Sprint(i))
			c.Problem = it.Problem
			p := planted{item: it, para: i >= 20}
			if p.para {
				c.Problem = paraphrase(it.Problem)
			}
			c.Solution = "The answer is $\\boxed{" + it.Answer + "}$."
			c.FinalAnswer = &schemas.FinalAnswer{Text: it.Answer, Method: "boxed"}
			ex := *c.Execution
			ex.Skeleton = "bench-" + c.ID
			c.Execution = &ex
			rows = append(rows, c)
			bench[c.ID] = p
		}
	}

	dir := filepath.Join(scratch, "planted")
	dd, dc := transforms.DefaultDedupConfig(), transforms.DefaultDecontamConfig()
	counters := run(t, func(s beam.Scope) { cleanJob(s, dir, rows, dd, dc) })
	o := readOutput(t, dir, counters)
	t.Logf("%d rows in: %d accepted, %d rejected %v", len(rows), len(o.Accepted), len(o.Rejected), o.reasons())
	checkCountsAddUp(t, o, len(rows))
	checkProvenance(t, o, idx.Versions())

	accepted, rejected := byID(o.Accepted), byID(o.Rejected)
	for _, r := range originals {
		if _, ok := accepted[r.ID]; !ok {
			t.Errorf("distinct row %s was not kept: %+v", r.ID, rejected[r.ID].Rejection)
		}
	}
	for id, want := range expect {
		if want == "" {
			if _, ok := accepted[id]; !ok {
				t.Errorf("%s should be kept, got %+v", id, rejected[id].Rejection)
			}
			continue
		}
		r, ok := rejected[id]
		if !ok {
			t.Errorf("%s should be removed (%s) but was kept", id, want)
			continue
		}
		if got := r.Rejection.Stage + "/" + r.Rejection.Reason + "/" + r.Rejection.Match; got != want {
			t.Errorf("%s removed as %s, want %s (%s)", id, got, want, r.Rejection.Detail)
		}
	}
	caught := map[bool]int{}
	for id, p := range bench {
		r, ok := rejected[id]
		if !ok || r.Rejection.Stage != schemas.StageDecontam {
			if !p.para {
				t.Errorf("verbatim %s item %s not removed by decontamination: %v", p.item.Set, p.item.ID, r.Rejection)
			} else {
				t.Logf("paraphrase of %s %s not caught: %q", p.item.Set, p.item.ID, r.Problem)
			}
			continue
		}
		caught[p.para]++
		rj := r.Rejection
		bm, item, _ := strings.Cut(rj.Match, ":")
		name, ver, _ := strings.Cut(bm, "@")
		if len(ver) != 12 || !strings.HasPrefix(rj.Reason, "benchmark_") {
			t.Errorf("%s: match %q reason %q", id, rj.Match, rj.Reason)
		}
		switch {
		case name == p.item.Set && item != p.item.ID && !p.para:
			t.Errorf("verbatim %s %s matched item %s", p.item.Set, p.item.ID, item)
		case name != p.item.Set && !(p.item.Set == "math500-test" && name == "math-test"):
			t.Errorf("%s %s matched another benchmark: %s", p.item.Set, p.item.ID, rj.Match)
		}
		if o.Stats.Contamination[bm] == 0 {
			t.Errorf("stats.json contamination lacks %s", bm)
		}
	}
	t.Logf("benchmark items removed: %d/40 verbatim, %d/40 paraphrased", caught[false], caught[true])
	if caught[false] != 40 || caught[true] < 38 {
		t.Errorf("benchmark items removed: %d/40 verbatim (want all), %d/40 paraphrased (want ≥ 95%%)", caught[false], caught[true])
	}
	st := o.Stats.Rejections[schemas.StageDedup]
	if st[dedup.ReasonExact] != 6 || st[dedup.ReasonNear] != 6 || st[dedup.ReasonStructure] != 3 {
		t.Errorf("stats.json dedup rejections %v, want 6 exact, 6 near, 3 structure", st)
	}
	if o.Stats.NearDuplicateRate <= 0 || o.Stats.ContaminationRate <= 0 {
		t.Errorf("near-duplicate rate %g, contamination rate %g: want both > 0", o.Stats.NearDuplicateRate, o.Stats.ContaminationRate)
	}
	card := readFile(t, filepath.Join(dir, transforms.CardFile))
	for _, want := range []string{"exact_duplicate 6", "near_duplicate 6", "structure_duplicate 3"} {
		if !strings.Contains(card, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
}

// TestVerifyCleansOnRequest runs `arrows verify` over 40 GSM8K test
// problems given twice, with --dedup and --decontam (both off by default):
// the second copy of every verified row is an exact duplicate of the first
// (the same id), and every remaining row is removed as a GSM8K test item
// with its line number.
func TestVerifyCleansOnRequest(t *testing.T) {
	def := pipeline.DefaultVerifyJobConfig()
	if def.Dedup != nil || def.Decontam != nil {
		t.Fatalf("verify cleans by default: dedup %v, decontam %v", def.Dedup, def.Decontam)
	}
	in := filepath.Join(scratch, "gsm8k40.jsonl")
	writeHead(t, "../../internal/corpus/testdata/gsm8k/test_head300.jsonl", in, 40)
	cfg := def
	cfg.Read.Globs = []string{in, in}
	cfg.Read.Format = "gsm8k"
	cfg.Out = filepath.Join(scratch, "verify")
	dd, dc := transforms.DefaultDedupConfig(), transforms.DefaultDecontamConfig()
	cfg.Dedup, cfg.Decontam = &dd, &dc
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	counters := run(t, func(s beam.Scope) { pipeline.Verify(s, cfg) })
	o := readOutput(t, cfg.Out, counters)
	t.Logf("verify: %d accepted, %d rejected %v", len(o.Accepted), len(o.Rejected), o.reasons())
	checkCountsAddUp(t, o, 80)
	checkProvenance(t, o, loadIndex(t).Versions())
	if len(o.Accepted) != 0 {
		t.Errorf("%d GSM8K test rows accepted despite decontamination", len(o.Accepted))
	}
	dups, contaminated := o.rejectedAt(schemas.StageDedup), o.rejectedAt(schemas.StageDecontam)
	if len(contaminated) < 30 || len(dups) != len(contaminated) {
		t.Errorf("%d rows removed as duplicates and %d as contaminated: want the same number, ≥ 30", len(dups), len(contaminated))
	}
	for _, r := range dups {
		if r.Rejection.Reason != dedup.ReasonExact || r.Rejection.Match != r.ID {
			t.Errorf("duplicate %s: %+v", r.ID, r.Rejection)
		}
	}
	ver := ""
	for _, v := range loadIndex(t).Versions() {
		if strings.HasPrefix(v, "gsm8k-test@") {
			ver = v
		}
	}
	for _, r := range contaminated {
		if want := fmt.Sprintf("%s:line:%d", ver, r.Origin.Line); r.Rejection.Match != want {
			t.Errorf("line %d matched %q (%s), want %q", r.Origin.Line, r.Rejection.Match, r.Rejection.Reason, want)
		}
	}
	for _, f := range []string{transforms.CardFile, transforms.ReportFile} {
		if _, err := os.Stat(filepath.Join(cfg.Out, f)); err != nil {
			t.Errorf("verify did not write %s: %v", f, err)
		}
	}
}

const chromium = "/usr/bin/chromium"

// TestMakeRunReportRendersInChromium loads the make-run report.html in
// headless Chromium (the flags of internal/report's test): every chart is
// in the rendered DOM, and the screenshot is a non-blank 1280×2400 PNG
// (saved with -screenshot PATH).
func TestMakeRunReportRendersInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("headless Chromium not installed at %s (apt-get install chromium): %v", chromium, err)
	}
	o := makeRun(t)
	page := filepath.Join(o.Dir, transforms.ReportFile)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dom := string(runChromium(t, ctx, "--dump-dom", "file://"+page))
	for _, id := range report.ChartIDs() {
		i := strings.Index(dom, `id="`+id+`"`)
		if i < 0 {
			t.Errorf("rendered DOM lacks chart %s", id)
			continue
		}
		sec := dom[i:]
		if j := strings.Index(sec, "</section>"); j >= 0 {
			sec = sec[:j]
		}
		if !strings.Contains(sec, "<svg") {
			t.Errorf("chart %s has no SVG in the rendered DOM", id)
		}
	}
	shot := filepath.Join(t.TempDir(), "report.png")
	runChromium(t, ctx, "--screenshot="+shot, "--window-size=1280,2400", "file://"+page)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2400 {
		t.Errorf("screenshot is %dx%d, want 1280x2400", b.Dx(), b.Dy())
	}
	colours := map[uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|b>>8] = true
		}
	}
	if len(colours) < 50 {
		t.Errorf("screenshot looks blank: %d colours", len(colours))
	}
	if *screenshotOut != "" {
		if err := os.WriteFile(*screenshotOut, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", *screenshotOut, len(data))
	}
}

func runChromium(t *testing.T, ctx context.Context, args ...string) []byte {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// cleanJob is the tail of the generate job over given rows: dedup →
// decontaminate → write accepted/, rejected/, stats.json, README.md and
// report.html.
func cleanJob(s beam.Scope, dir string, rows []schemas.Record, dd transforms.DedupConfig, dc transforms.DecontamConfig) {
	in := beam.CreateList(s, rows)
	deduped, rejDedup := transforms.Dedup(s, dd, in)
	accepted, rejDecontam := transforms.Decontaminate(s, dc, deduped)
	rejected := beam.Flatten(s, rejDedup, rejDecontam)
	transforms.WriteRecords(s.Scope("Accepted"), transforms.JoinPath(dir, "accepted"), 2, accepted)
	transforms.WriteRecords(s.Scope("Rejected"), transforms.JoinPath(dir, "rejected"), 2, rejected)
	st := transforms.Stats(s, beam.PCollection{}, beam.Flatten(s, accepted, rejected))
	dead := transforms.NoDeadLetters(s)
	transforms.WriteStats(s, dir, st, dead)
	transforms.WriteReport(s, dir, report.CardMeta{License: "cc-by-4.0"}, &dc, st, dead)
}

var words = strings.Fields(`apple bridge candle dragon eagle forest garden harbor island jacket kettle ladder
meadow needle orchard pencil quarry ribbon saddle tunnel umbrella valley wagon yarn zebra anchor basket
cactus dolphin engine feather glacier hammer iceberg jungle kiosk lantern magnet nectar oyster parrot
quilt rocket signal trumpet unicorn violin walrus xylophone yacht zipper amber blossom copper dune ember
falcon granite hollow ivory juniper kelp lotus marble nickel opal pebble quartz raven silver thistle`)

// randomText is a sentence of n words drawn from a fixed vocabulary.
func randomText(rng *rand.Rand, n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = words[rng.IntN(len(words))]
	}
	return strings.Join(out, " ")
}

// plantedID is a row id (32 hex digits, as the schema wants) that sorts
// after every id of the make-run corpus, so that the original of a planted
// duplicate is the row kept.
func plantedID(kind, of string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + of))
	return "ffff" + hex.EncodeToString(sum[:])[:28]
}

func topicIDs(r schemas.Record) []string {
	out := make([]string, len(r.Seed.Topics))
	for i, tp := range r.Seed.Topics {
		out[i] = tp.ID
	}
	return out
}

func sortRows(rows []schemas.Record) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// writeHead copies the first n lines of src to dst.
func writeHead(t *testing.T, src, dst string, n int) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for i := 0; i < n && sc.Scan(); i++ {
		b.WriteString(sc.Text() + "\n")
	}
	if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
