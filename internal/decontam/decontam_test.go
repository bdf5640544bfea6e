package decontam

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/dedup/problemgen"
)

// sampleItem is a line of testdata/benchmark_sample.jsonl.gz.
type sampleItem struct {
	Set     string `json:"set"`
	ID      string `json:"id"`
	Problem string `json:"problem"`
	Answer  string `json:"answer"`
}

func loadSample(t *testing.T) map[string][]sampleItem {
	t.Helper()
	f, err := os.Open("testdata/benchmark_sample.jsonl.gz")
	if err != nil {
		t.Fatalf("open sample: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("gunzip sample: %v", err)
	}
	out := map[string][]sampleItem{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it sampleItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("parse sample: %v", err)
		}
		out[it.Set] = append(out[it.Set], it)
	}
	return out
}

func loadDefault(t *testing.T) *Index {
	t.Helper()
	idx, err := LoadIndex(Config{})
	if err != nil {
		t.Fatalf("LoadIndex: %v", err)
	}
	return idx
}

var (
	capWord   = regexp.MustCompile(`\b[A-Z][a-z]{2,}\b`)
	notANames = map[string]bool{
		"The": true, "If": true, "What": true, "How": true, "In": true, "On": true, "She": true, "He": true,
		"They": true, "Each": true, "Find": true, "Let": true, "Compute": true, "Express": true, "There": true,
		"Then": true, "After": true, "When": true, "This": true, "His": true, "Her": true, "Their": true,
		"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true,
		"Sunday": true, "January": true, "February": true, "March": true, "April": true, "June": true,
		"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
		"Enter": true, "Give": true, "Suppose": true, "Assume": true, "Simplify": true, "Evaluate": true,
	}
	newNames = []string{"Zelda", "Quentin", "Marisol", "Bertrand", "Oksana", "Thaddeus"}
)

// paraphrase swaps person names and rewrites up to two words at the start
// and three at the end, keeping every number and every LaTeX fragment.
func paraphrase(s string) string {
	// Swap names (capitalised words that are not sentence starts).
	seen := map[string]string{}
	s = capWord.ReplaceAllStringFunc(s, func(w string) string {
		if notANames[w] {
			return w
		}
		if r, ok := seen[w]; ok {
			return r
		}
		r := newNames[len(seen)%len(newNames)]
		seen[w] = r
		return r
	})
	words := strings.Fields(s)
	plain := func(w string) bool {
		return w != "" && !strings.ContainsAny(w, "0123456789$\\{}^_=")
	}
	start := []string{"Consider:", "now"}
	for i := 0; i < 2 && i < len(words); i++ {
		if plain(words[i]) {
			words[i] = start[i]
		}
	}
	end := []string{"please", "work", "this?"}
	for i := 0; i < 3 && len(words)-1-i > 2; i++ {
		k := len(words) - 1 - i
		if plain(words[k]) {
			words[k] = end[2-i]
		}
	}
	return strings.Join(words, " ")
}

func TestPlantedBenchmarkItemsAreCaught(t *testing.T) {
	idx := loadDefault(t)
	sample := loadSample(t)
	for _, set := range []string{"gsm8k-test", "math500-test"} {
		items := sample[set]
		if len(items) != 200 {
			t.Fatalf("%s: %d sample items, want 200", set, len(items))
		}
		verbatim, para, wrongItem := 0, 0, 0
		for _, it := range items {
			if m, ok := idx.Check(it.Problem, it.Answer); ok {
				verbatim++
				if m.Benchmark == set && m.ItemID != it.ID {
					wrongItem++
				}
			} else {
				t.Errorf("%s %s verbatim not caught: %q", set, it.ID, it.Problem)
			}
			p := paraphrase(it.Problem)
			if _, ok := idx.Check(p, it.Answer); ok {
				para++
			} else {
				t.Logf("%s %s paraphrase not caught: %q", set, it.ID, p)
			}
		}
		t.Logf("%s: verbatim %d/200, paraphrased %d/200 (%.1f%%)", set, verbatim, para, float64(para)/2)
		if para < 190 {
			t.Errorf("%s: paraphrased recall %d/200 < 95%%", set, para)
		}
		if wrongItem > 0 {
			t.Errorf("%s: %d verbatim items matched a different item id of the same benchmark", set, wrongItem)
		}
	}
}

func TestVerbatimMatchNamesTheItem(t *testing.T) {
	idx := loadDefault(t)
	for _, it := range loadSample(t)["math500-test"][:20] {
		ms := idx.CheckAll(it.Problem, it.Answer)
		found := false
		for _, m := range ms {
			if m.Benchmark == "math500-test" && m.ItemID == it.ID && strings.HasPrefix("db77bc6bb2a17c90ed2d63e88ebd8c40a82858c5", m.Version) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: CheckAll = %+v, want a math500-test match naming the item", it.ID, ms)
		}
	}
}

func TestGeneratedProblemsAreNotFlagged(t *testing.T) {
	idx := loadDefault(t)
	probs := problemgen.Distinct(1000, 99)
	flagged := 0
	for _, p := range probs {
		if m, ok := idx.Check(p.Text, p.Answer); ok {
			flagged++
			t.Logf("flagged: %q (answer %s) -> %+v", p.Text, p.Answer, m)
		}
	}
	rate := float64(flagged) / float64(len(probs))
	t.Logf("generated problems flagged: %d/%d (%.2f%%)", flagged, len(probs), 100*rate)
	if rate > 0.01 {
		t.Errorf("false-positive rate %.2f%% > 1%%", 100*rate)
	}
}

// TestGSM8KTrainOverlapIsReported measures how many GSM8K train problems
// match a benchmark. Train and test do overlap in reality, so this is a
// measurement; the bound only catches a broken matcher.
func TestGSM8KTrainOverlapIsReported(t *testing.T) {
	idx := loadDefault(t)
	train := loadSample(t)["gsm8k-train"]
	flagged := map[string]int{}
	n := 0
	for _, it := range train {
		if m, ok := idx.Check(it.Problem, it.Answer); ok {
			n++
			flagged[m.Benchmark+"/"+m.Kind]++
			t.Logf("train %s ~ %s (%s, overlap %.2f, hits %d): %q", it.ID, m, m.Kind, m.Overlap, m.Hits, it.Problem)
		}
	}
	t.Logf("GSM8K train problems flagged: %d/%d (%.1f%%) by benchmark/kind: %v", n, len(train), 100*float64(n)/float64(len(train)), flagged)
	if float64(n) > 0.1*float64(len(train)) {
		t.Errorf("%d/%d GSM8K train problems flagged: the matcher is far too loose", n, len(train))
	}
}

func TestVersionsAndBenchmarks(t *testing.T) {
	idx := loadDefault(t)
	names, err := Available()
	if err != nil {
		t.Fatal(err)
	}
	vs := idx.Versions()
	if len(vs) != len(names) || len(names) < 20 {
		t.Fatalf("Versions() = %d entries, Available() = %d", len(vs), len(names))
	}
	want := map[string]string{
		"gsm8k-test":   "gsm8k-test@3101c7d50724",
		"math-test":    "math-test@e8c4e3c2d197",
		"math500-test": "math500-test@db77bc6bb2a1",
		"aime24-test":  "aime24-test@a45202bd16f1",
	}
	got := map[string]bool{}
	for _, v := range vs {
		got[v] = true
	}
	for name, v := range want {
		if !got[v] {
			t.Errorf("Versions() lacks %q for %s: %v", v, name, vs)
		}
	}
	for _, b := range idx.Benchmarks() {
		if b.Items == 0 || b.NGrams == 0 || b.N != DefaultN || len(b.Version) != 40 || b.License == "" || b.Source == "" {
			t.Errorf("benchmark info incomplete: %+v", b)
		}
	}
	sub, err := LoadIndex(Config{Benchmarks: []string{"math500-test", "gsm8k-test"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sub.Versions(); len(got) != 2 || got[0] != want["math500-test"] || got[1] != want["gsm8k-test"] {
		t.Errorf("subset Versions() = %v", got)
	}
}

func TestLoadIndexRefusesBadConfigs(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"n differs from the data", Config{N: 8}, "rebuild the n-gram data"},
		{"unknown benchmark", Config{Benchmarks: []string{"gsm9k"}}, `unknown benchmark "gsm9k"`},
		{"overlap above one", Config{MinOverlap: 1.5}, "invalid config"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadIndex(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("LoadIndex(%+v) error = %v, want it to mention %q", tc.cfg, err, tc.wantErr)
			}
		})
	}
}

// synthetic builds an index from an in-memory benchmark.
func synthetic(t *testing.T, cfg Config, opt BuildOptions, items ...Item) *Index {
	t.Helper()
	var buf bytes.Buffer
	h, err := Encode(&buf, Benchmark{Name: "toy-test", Version: "0123456789abcdef0123456789abcdef01234567", Source: "example/toy test.jsonl", License: "MIT", Items: items}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if h.Items != len(items) {
		t.Fatalf("header items %d", h.Items)
	}
	idx, err := LoadIndexFS(fstest.MapFS{"d/toy-test.ngr.gz": {Data: buf.Bytes()}}, "d", cfg)
	if err != nil {
		t.Fatalf("LoadIndexFS: %v", err)
	}
	return idx
}

func TestCheckRules(t *testing.T) {
	long := Item{ID: "q1", Problem: "A farmer has 17 sheep and buys 5 more each week for 9 weeks; then he sells a third of the flock at the autumn market. How many sheep remain?", Answer: "42"}
	short := Item{ID: "q2", Problem: "Compute $\\dbinom{31}{28}$.", Answer: "4495"}
	shortNoNum := Item{ID: "q3", Problem: "What is the derivative of sin x?", Answer: "\\cos x"}
	idx := synthetic(t, Config{}, BuildOptions{}, long, short, shortNoNum)
	tests := []struct {
		name        string
		problem     string
		answer      string
		wantItem    string
		wantKind    string
		contaminate bool
	}{
		{"verbatim long item", long.Problem, "", "q1", KindNGram, true},
		{"long item embedded in a longer text", "Read carefully. " + long.Problem + " Show all your work and box the answer.", "1", "q1", KindNGram, true},
		{"long item with one 13-token window kept", "Some goats: a farmer has 17 sheep and buys 5 more each week for 9 weeks; nothing else.", "", "q1", KindNGram, true},
		{"long item with every window broken", "A farmer has 17 sheep and buys X 5 more each week Y for 9 weeks Z then he sells a third W of the flock.", "", "", "", false},
		{"short item reworded with same numbers and answer", "Please compute dbinom 31 28.", "4495", "q2", KindShortExact, true},
		{"short item with a different answer", "Compute $\\dbinom{31}{28}$.", "4496", "", "", false},
		{"short item without an answer", "Compute $\\dbinom{31}{28}$.", "", "", "", false},
		{"short item with different numbers", "Compute $\\dbinom{31}{27}$.", "4495", "", "", false},
		{"short item with low word overlap", "Find how many subsets of size 28 a set of 31 elements has, then report it.", "4495", "", "", false},
		{"short item without numbers", "What is the derivative of sin(x)?", "$\\cos x$", "q3", KindShortExact, true},
		{"unrelated problem", "Find the number of positive divisors of 360.", "24", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := idx.Check(tc.problem, tc.answer)
			if ok != tc.contaminate {
				t.Fatalf("Check(%q, %q) = %+v, %v; want contaminated %v", tc.problem, tc.answer, m, ok, tc.contaminate)
			}
			if !ok {
				return
			}
			if m.ItemID != tc.wantItem || m.Kind != tc.wantKind || m.Benchmark != "toy-test" || m.Version != "0123456789ab" {
				t.Errorf("match = %+v, want item %s kind %s", m, tc.wantItem, tc.wantKind)
			}
			if m.Overlap <= 0 || m.Overlap > 1 {
				t.Errorf("overlap %v out of (0, 1]", m.Overlap)
			}
			if got := m.String(); got != "toy-test@0123456789ab:"+tc.wantItem {
				t.Errorf("String() = %q", got)
			}
		})
	}
	t.Run("MinHits raises the bar", func(t *testing.T) {
		strict := synthetic(t, Config{MinHits: 3}, BuildOptions{}, long)
		if _, ok := strict.Check("Some goats: a farmer has 17 sheep and buys 5 more each week for 9 weeks; nothing else.", ""); ok {
			t.Error("a single shared 13-gram passed MinHits=3")
		}
		if _, ok := strict.Check(long.Problem, ""); !ok {
			t.Error("verbatim item missed with MinHits=3")
		}
	})
	t.Run("NoAnswerMatch disables answer-based matching", func(t *testing.T) {
		ns := synthetic(t, Config{NoAnswerMatch: true}, BuildOptions{}, short)
		if _, ok := ns.Check("Please compute dbinom 31 28.", "4495"); ok {
			t.Error("short_exact match with NoAnswerMatch")
		}
	})
}

func TestCommonNGramsAreDropped(t *testing.T) {
	boiler := "Answer the following question and give only the final number without any explanation at all please. "
	var items []Item
	for i, q := range []string{"What is 2 plus 2?", "What is 3 times 7?", "How many legs do 4 ducks have?", "What is 10 minus 3?"} {
		items = append(items, Item{ID: string(rune('a' + i)), Problem: boiler + q, Answer: "1"})
	}
	keep := synthetic(t, Config{}, BuildOptions{}, items...)
	drop := synthetic(t, Config{}, BuildOptions{CommonMinItems: 3}, items...)
	probe := boiler + "What is the capital of France?"
	if _, ok := keep.Check(probe, ""); !ok {
		t.Fatal("boilerplate should match when common n-grams are kept")
	}
	if m, ok := drop.Check(probe, ""); ok {
		t.Errorf("shared instruction flagged an unrelated question: %+v", m)
	}
	if _, ok := drop.Check(items[1].Problem, ""); !ok {
		t.Error("a verbatim item must still match after dropping boilerplate n-grams")
	}
}

func TestEncodeIsDeterministic(t *testing.T) {
	items := []Item{{ID: "1", Problem: "A long enough problem statement with many words so that it has several thirteen token windows in it.", Answer: "3"}, {ID: "2", Problem: "Short one 5.", Answer: "5"}}
	var a, b bytes.Buffer
	if _, err := Encode(&a, Benchmark{Name: "x", Items: items}, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Encode(&b, Benchmark{Name: "x", Items: items}, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("Encode output differs between runs")
	}
	h, err := ReadHeader(bytes.NewReader(a.Bytes()))
	if err != nil || h.N != 13 || h.Items != 2 || len(h.Texts) != 2 || h.Texts[1].Answer != "5" {
		t.Errorf("ReadHeader = %+v, %v", h, err)
	}
}

func TestNormalizeAnswer(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"integer", "18", "18"},
		{"float with zero fraction", "27.0", "27"},
		{"decimal becomes a reduced rational", "0.50", "1/2"},
		{"latex fraction", `\dfrac{6}{8}`, "3/4"},
		{"slash fraction", "-3/4", "-3/4"},
		{"boxed", `The answer is $\boxed{\frac{1}{2}}$.`, "1/2"},
		{"thousands separator", "1,234", "1234"},
		{"parenthesised unit", "9 (apples)", "9"},
		{"unit words", `10 \text{ cm}`, "10"},
		{"dollar sign", `\$18`, "18"},
		{"expression keeps its tokens", `$10-4 n$`, "10-4n"},
		{"tuple", `(3, \frac{\pi}{2})`, "3fracpi2"},
		{"empty", "  ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeAnswer(tc.in); got != tc.want {
				t.Errorf("NormalizeAnswer(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestLastBoxed(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`so $\boxed{\frac{1}{2}}$`, `\frac{1}{2}`, true},
		{`first \boxed{1} then \boxed{2}`, "2", true},
		{`\fbox{x}`, "x", true},
		{`\boxed{\{1,2\}}`, `\{1,2\}`, true},
		{`no box`, "", false},
		{`\boxed{unclosed`, "", false},
	}
	for _, tc := range tests {
		got, ok := LastBoxed(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("LastBoxed(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	idx, err := LoadIndex(Config{})
	if err != nil {
		b.Fatal(err)
	}
	probs := problemgen.Problems(256, 1)
	// Baseline measured in the same run: tokenising the problems alone.
	start := time.Now()
	for i := 0; i < b.N; i++ {
		_ = dedup.Tokens(probs[i%len(probs)].Text)
	}
	base := time.Since(start)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := probs[i%len(probs)]
		idx.Check(p.Text, p.Answer)
	}
	b.StopTimer()
	if base > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(base), "x_tokenize")
	}
}

func BenchmarkLoadIndex(b *testing.B) {
	// Baseline measured in the same run: decoding the smallest file alone.
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := LoadIndex(Config{Benchmarks: []string{"sat_math-test"}}); err != nil {
			b.Fatal(err)
		}
	}
	base := time.Since(start)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := LoadIndex(Config{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if base > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(base), "x_one_small_benchmark")
	}
}
