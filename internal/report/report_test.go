package report

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/internal/stats/statstest"
)

var screenshotOut = flag.String("screenshot", "", "also copy the Chromium screenshot of the sample report to this path (e.g. ../../docs/report.png)")

const chromium = "/usr/bin/chromium"

func sampleStats(t testing.TB) *stats.Stats {
	t.Helper()
	st := stats.New()
	for _, r := range statstest.Records(800, 5) {
		st.Add(r)
	}
	st.Finalize()
	return st
}

func sampleMeta() CardMeta {
	seed := int64(42)
	return CardMeta{
		PrettyName: "arrows synthetic math (sample run)",
		License:    "apache-2.0",
		RunSeed:    &seed,
		Command:    "arrows generate --backend llm --n 800 --seed 42 --out gs://bucket/run-42",
		Created:    "2025-01-31",
		Benchmarks: []BenchmarkRef{
			{Name: "gsm8k-test", Version: "3101c7d5072418e28b9008a6636bde82a006892c", Source: "openai/grade-school-math grade_school_math/data/test.jsonl", License: "MIT", Items: 1319},
			{Name: "math500-test", Version: "db77bc6bb2a17c90ed2d63e88ebd8c40a82858c5", Source: "ZubinGou/math-evaluation-harness data/math_oai/test.jsonl", License: "MIT", Items: 500},
		},
		Prices: map[string]Price{"qwen2.5-coder-32b": {PromptPerMTok: 0.2, CompletionPerMTok: 0.6}, "qwen2.5-72b-instruct": {PromptPerMTok: 0.4, CompletionPerMTok: 1.2}},
	}
}

func TestDatasetCard(t *testing.T) {
	st := sampleStats(t)
	card := DatasetCard(st, sampleMeta())

	parts := strings.SplitN(card, "---\n", 3)
	if len(parts) != 3 || parts[0] != "" {
		t.Fatalf("card does not start with a YAML header:\n%.300s", card)
	}
	var hdr struct {
		License        string   `yaml:"license"`
		PrettyName     string   `yaml:"pretty_name"`
		Language       []string `yaml:"language"`
		TaskCategories []string `yaml:"task_categories"`
		Tags           []string `yaml:"tags"`
		SizeCategories []string `yaml:"size_categories"`
		Configs        []struct {
			ConfigName string `yaml:"config_name"`
			DataFiles  []struct {
				Split string `yaml:"split"`
				Path  string `yaml:"path"`
			} `yaml:"data_files"`
		} `yaml:"configs"`
	}
	if err := yaml.Unmarshal([]byte(parts[1]), &hdr); err != nil {
		t.Fatalf("YAML header does not parse: %v\n%s", err, parts[1])
	}
	if hdr.License != "apache-2.0" || hdr.PrettyName != "arrows synthetic math (sample run)" || len(hdr.Language) != 1 ||
		len(hdr.TaskCategories) == 0 || len(hdr.Tags) == 0 || len(hdr.SizeCategories) != 1 || hdr.SizeCategories[0] != SizeCategory(st.Accepted) {
		t.Errorf("header = %+v", hdr)
	}
	if len(hdr.Configs) != 1 || len(hdr.Configs[0].DataFiles) != 1 || hdr.Configs[0].DataFiles[0].Path != "accepted/*.jsonl" {
		t.Errorf("configs = %+v", hdr.Configs)
	}

	body := parts[2]
	for _, want := range []string{
		"## How it was made", "## Funnel", "## Rejection reasons", "## Composition", "## Decontamination",
		"## LLM usage", "## Fields", "## Limitations",
		"| run seed | 42 |", "| verifier version | verify-1.0.0 |", "| arrows version | 0.1.0 |",
		"generator: qwen2.5-coder-32b", "`3101c7d5072418e28b9008a6636bde82a006892c`",
		"| accepted | " + num(st.Accepted) + " |",
		"Estimated total cost",
		"`provenance`",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	// Every rejection reason appears in the table with its count.
	for stage, m := range st.Rejections {
		for reason, n := range m {
			row := "| " + stage + " | " + reason + " | " + num(n) + " |"
			if !strings.Contains(body, row) {
				t.Errorf("card lacks rejection row %q", row)
			}
		}
	}
	if DatasetCard(st, sampleMeta()) != card {
		t.Error("DatasetCard is not deterministic")
	}
}

func TestSizeCategory(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "n<1K"}, {999, "n<1K"}, {1000, "1K<n<10K"}, {54321, "10K<n<100K"}, {2_000_000, "1M<n<10M"}} {
		if got := SizeCategory(c.n); got != c.want {
			t.Errorf("SizeCategory(%d) = %s, want %s", c.n, got, c.want)
		}
	}
}

var externalRef = regexp.MustCompile(`(?i)<script|<link|<img|<iframe|@import|url\(|src=|href=`)

func TestHTMLIsSelfContained(t *testing.T) {
	st := sampleStats(t)
	out, err := HTML(st, sampleMeta())
	if err != nil {
		t.Fatal(err)
	}
	if m := externalRef.Find(out); m != nil {
		t.Errorf("report references external content: %q", m)
	}
	withoutNS := strings.ReplaceAll(string(out), `xmlns="http://www.w3.org/2000/svg"`, "")
	if strings.Contains(withoutNS, "http://") || strings.Contains(withoutNS, "https://") {
		t.Error("report contains a URL")
	}
	for _, id := range ChartIDs() {
		sec := section(string(out), id)
		if sec == "" || !strings.Contains(sec, "<svg") || !strings.Contains(sec, "</svg>") {
			t.Errorf("chart %s missing or without SVG", id)
		}
	}
	again, _ := HTML(st, sampleMeta())
	if !bytes.Equal(out, again) {
		t.Error("HTML is not deterministic")
	}
	// The funnel shows every step's count.
	for _, s := range st.Steps {
		if !strings.Contains(section(string(out), ChartFunnel), num(s.Count)) {
			t.Errorf("funnel chart lacks %s=%d", s.Name, s.Count)
		}
	}
}

func TestHTMLHandlesEmptyStats(t *testing.T) {
	st := stats.New()
	st.Finalize()
	out, err := HTML(st, CardMeta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ChartIDs() {
		if !strings.Contains(section(string(out), id), "<svg") {
			t.Errorf("chart %s missing in an empty report", id)
		}
	}
	if !strings.Contains(DatasetCard(st, CardMeta{}), "No row was rejected.") {
		t.Error("empty card should say nothing was rejected")
	}
}

func TestHTMLEscapesUserText(t *testing.T) {
	st := stats.New()
	r := statstest.Records(1, 1)[0]
	r.Seed.Topics[0].ID = `<script>alert(1)</script>`
	r.Seed.Topics[0].Path = []string{"high", "algebra", `<b>bold</b> & "quoted"`}
	st.Add(r)
	st.Finalize()
	out, err := HTML(st, CardMeta{PrettyName: `<img src=x>`})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "<script>") || strings.Contains(string(out), "<b>bold") || strings.Contains(string(out), "<img") {
		t.Error("user-controlled text is not escaped")
	}
}

// section returns the element <section ... id="id"> ... </section> of doc.
func section(doc, id string) string {
	i := strings.Index(doc, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(doc[i:], "</section>")
	if j < 0 {
		return ""
	}
	return doc[i : i+j]
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

// TestHTMLRendersInChromium loads the report in headless Chromium, checks
// that every chart is in the rendered DOM with its SVG, and takes a
// screenshot. Skipped when /usr/bin/chromium is absent (Debian package
// "chromium").
func TestHTMLRendersInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("headless Chromium not installed at %s (apt-get install chromium): %v", chromium, err)
	}
	st := sampleStats(t)
	out, err := HTML(st, sampleMeta())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, out, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	dom := string(runChromium(t, ctx, "--dump-dom", "file://"+page))
	for _, id := range ChartIDs() {
		sec := section(dom, id)
		if !strings.Contains(sec, "<svg") || !strings.Contains(sec, "<rect") && !strings.Contains(sec, "<text") {
			t.Errorf("rendered DOM lacks chart %s with SVG content", id)
		}
	}

	shot := filepath.Join(dir, "report.png")
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
	if n := distinctColours(img); n < 50 || len(data) < 50_000 {
		t.Errorf("screenshot looks blank: %d colours, %d bytes", n, len(data))
	}
	if *screenshotOut != "" {
		if err := os.WriteFile(*screenshotOut, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", *screenshotOut, len(data))
	}
}

func distinctColours(img image.Image) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
		}
	}
	return len(seen)
}

func TestBucketLabels(t *testing.T) {
	h := stats.NewHistogram(0, 1, 5, 10, 1000, 2000)
	got := strings.Join(bucketLabels(h), " ")
	if want := "≤0 1 2–5 6–10 ≤1k ≤2k >2k"; got != want {
		t.Errorf("bucketLabels = %q, want %q", got, want)
	}
}

func TestStageTimeChartShowsEveryMeasuredStage(t *testing.T) {
	st := stats.New()
	st.AddStageTime(stats.TimeExecute, 500, 90_000_000, 60_000_000)
	st.AddStageTime(stats.TimeVerify, 480, 30_000_000, 12_500_000)
	st.AddStageTime(stats.TimeDedup, 1, 2_000_000, 1_900_000)
	st.SetTiming(stats.Timing{Wall: 61 * time.Second, FirstVerdict: 9 * time.Second, LastVerdict: 57 * time.Second})
	st.Finalize()
	out, err := HTML(st, CardMeta{})
	if err != nil {
		t.Fatal(err)
	}
	sec := section(string(out), ChartStageTimes)
	for _, want := range []string{"execute", "verify", "dedup", "CPU 60 s, wall 90 s", "CPU 1.90 s, wall 2.00 s", "Job wall time 61 s (first row verdict after 9.00 s, all verdicts within 48 s)"} {
		if !strings.Contains(sec, want) {
			t.Errorf("stage-time chart lacks %q", want)
		}
	}
	if strings.Contains(sec, "no data") {
		t.Error("stage-time chart with data shows the placeholder")
	}
	if !strings.Contains(section(string(mustHTML(t, stats.New())), ChartStageTimes), "no data") {
		t.Error("a run without measurements should show the placeholder")
	}
}

func mustHTML(t *testing.T, st *stats.Stats) []byte {
	t.Helper()
	st.Finalize()
	out, err := HTML(st, CardMeta{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCardReportsToolsMatter(t *testing.T) {
	st := stats.New()
	st.ToolsMatter = stats.ToolsMatter{Checked: 40, Failed: 3, Unused: map[string]int64{"sympy.diophantine": 2, "sympy.npartitions": 1}}
	st.Finalize()
	card := DatasetCard(st, CardMeta{})
	for _, want := range []string{"Tools matter: in 37 of 40 checked rows (92.5%)", "`sympy.diophantine` 2", "`sympy.npartitions` 1", "`tools_matter`"} {
		if !strings.Contains(card, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	if strings.Contains(DatasetCard(stats.New(), CardMeta{}), "Tools matter") {
		t.Error("a card without checked rows mentions tools_matter")
	}
}
