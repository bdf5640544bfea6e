package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
)

func TestMain(m *testing.M) {
	ptest.Main(m)
}

// readRows reads every JSON line of the part files under dir and validates
// each against schema.
func readRows(t *testing.T, dir, schema string) []schemas.Record {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "part-*-of-*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no part files in %s", dir)
	}
	var out []schemas.Record
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			if err := v.Validate(schema, sc.Bytes()); err != nil {
				t.Fatalf("%s: line does not validate: %v\n%s", f, err, clip(sc.Text(), 600))
			}
			var r schemas.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func runPipeline(t *testing.T, build func(s beam.Scope)) beam.PipelineResult {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	build(s)
	res, err := runners.Run(context.Background(), runners.Prism, p)
	if err != nil {
		t.Fatalf("pipeline failed: %v", err)
	}
	return res
}

// counters returns the arrows/* counters of a finished pipeline.
func counters(res beam.PipelineResult) map[string]int64 {
	out := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "arrows" {
			out[c.Name()] += c.Result()
		}
	}
	return out
}

func TestGenerateOfflineOnPrism(t *testing.T) {
	const n = 120
	out := t.TempDir()
	cfg := DefaultGenerateConfig()
	cfg.Seeds.N = n
	cfg.Env.RunSeed = 7
	cfg.Out = out
	cfg.Shards = 3
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	res := runPipeline(t, func(s beam.Scope) { Generate(s, cfg) })

	accepted := readRows(t, filepath.Join(out, "accepted"), schemas.SchemaTriple)
	rejected := readRows(t, filepath.Join(out, "rejected"), schemas.SchemaRejected)

	// Every seed ends in exactly one of accepted or rejected.
	seen := map[int64]string{}
	for _, r := range append(append([]schemas.Record{}, accepted...), rejected...) {
		if prev, dup := seen[r.Seed.Index]; dup {
			t.Fatalf("seed %d appears twice (%s and %s)", r.Seed.Index, prev, r.ID)
		}
		seen[r.Seed.Index] = r.ID
	}
	if len(seen) != n {
		t.Fatalf("accepted %d + rejected %d = %d rows, want %d seeds", len(accepted), len(rejected), len(seen), n)
	}
	for i := int64(0); i < n; i++ {
		if _, ok := seen[i]; !ok {
			t.Fatalf("seed %d lost", i)
		}
	}
	if len(accepted) < n*3/4 {
		t.Errorf("only %d of %d seeds verified; rejections: %v", len(accepted), n, reasons(rejected))
	}
	for _, r := range rejected {
		if r.Rejection.Stage == "" || r.Rejection.Reason == "" {
			t.Fatalf("rejected row without stage/reason: %+v", r.Rejection)
		}
	}
	topics := map[string]bool{}
	for _, r := range accepted {
		for _, tp := range r.Seed.Topics {
			topics[tp.ID] = true
		}
		if r.ID != recordIDOf(r) {
			t.Fatalf("row id %s is not its content id", r.ID)
		}
	}
	if len(topics) < 20 {
		t.Errorf("accepted rows cover %d topics, want ≥20", len(topics))
	}

	// Counters agree with the files.
	c := counters(res)
	if c["funnel/seeds"] != n {
		t.Errorf("counter funnel/seeds = %d, want %d", c["funnel/seeds"], n)
	}
	if c["funnel/verified"] != int64(len(accepted)) {
		t.Errorf("counter funnel/verified = %d, want %d", c["funnel/verified"], len(accepted))
	}
	var rejCount int64
	for name, v := range c {
		if strings.HasPrefix(name, "rejected/") {
			rejCount += v
		}
	}
	if rejCount != int64(len(rejected)) {
		t.Errorf("rejected counters sum to %d, want %d", rejCount, len(rejected))
	}

	// stats.json has the same funnel.
	st := readStatsFile(t, out)
	if st.Seeds != n || st.Accepted != int64(len(accepted)) || st.Rejected != int64(len(rejected)) {
		t.Errorf("stats.json funnel seeds=%d accepted=%d rejected=%d; files: %d/%d", st.Seeds, st.Accepted, st.Rejected, len(accepted), len(rejected))
	}
}

func reasons(rows []schemas.Record) []string {
	m := map[string]int{}
	for _, r := range rows {
		m[r.Rejection.Stage+"/"+r.Rejection.Reason]++
	}
	var out []string
	for k, v := range m {
		out = append(out, k+"="+itoa(v))
	}
	sort.Strings(out)
	return out
}

func recordIDOf(r schemas.Record) string { return row.ID(&r) }

func itoa(n int) string { return strconv.Itoa(n) }

func readStatsFile(t *testing.T, out string) *stats.Stats {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New()
	if err := json.Unmarshal(b, st); err != nil {
		t.Fatal(err)
	}
	return st
}
