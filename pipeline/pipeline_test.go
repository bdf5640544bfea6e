package pipeline

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

func TestMain(m *testing.M) {
	ptest.Main(m)
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
	res := e2etest.Run(t, func(s beam.Scope) { Generate(s, cfg) })

	accepted := e2etest.ReadRows(t, filepath.Join(out, "accepted"), schemas.SchemaTriple)
	rejected := e2etest.ReadRows(t, filepath.Join(out, "rejected"), schemas.SchemaRejected)

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
	c := e2etest.Counters(res)
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
	st := e2etest.ReadStats(t, out)
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
