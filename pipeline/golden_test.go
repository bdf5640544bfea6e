package pipeline

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/report"
)

// update reports whether the run asked to rewrite the golden files
// (`go test ./pipeline -update`). The flag is Beam's own --update (of
// Dataflow streaming jobs), registered in every binary that links the
// runners; the golden tests read it instead of registering a second one.
func update() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// The deterministic outputs of a small offline run — the dataset card,
// stats.json and what report.html's sections say — match their golden
// files, measured execution times masked. After an intended change, run
// `go test ./pipeline -run TestGoldenOutputs -update` and review the diff.
// The corpus is then re-verified by the verify job.
func TestGoldenOutputs(t *testing.T) {
	out := t.TempDir()
	cfg := DefaultGenerateConfig()
	cfg.Seeds.N, cfg.Env.RunSeed = 30, 3
	cfg.Out, cfg.Shards = out, 1
	cfg.Card = report.CardMeta{License: "cc-by-4.0", Command: "arrows generate --n=30 --seed=3"}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	e2etest.Run(t, func(s beam.Scope) { Generate(s, cfg) })

	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	st, masked := e2etest.Mask("stats.json", read("stats.json"))
	if masked == 0 {
		t.Fatal("stats.json has no execution times to mask: the mask is stale")
	}
	golden := filepath.Join("testdata", "golden")
	e2etest.Golden(t, filepath.Join(golden, "README.md"), read("README.md"), update())
	e2etest.Golden(t, filepath.Join(golden, "stats.json"), st, update())
	e2etest.Golden(t, filepath.Join(golden, "report-sections.txt"), e2etest.ReportSections(read("report.html")), update())

	// The verify job re-verifies the corpus: every line it reads ends in
	// exactly one output, and rows generated as accepted stay accepted.
	gen := e2etest.ReadOutput(t, out)
	again := filepath.Join(t.TempDir(), "verified")
	vc := DefaultVerifyJobConfig()
	vc.Read.Globs = []string{filepath.Join(out, "accepted", "*.jsonl"), filepath.Join(out, "rejected", "*.jsonl")}
	vc.Out = again
	if err := vc.Validate(); err != nil {
		t.Fatal(err)
	}
	c := e2etest.Counters(e2etest.Run(t, func(s beam.Scope) { Verify(s, vc) }))
	ver := e2etest.ReadOutput(t, again)
	lines := len(gen.Accepted) + len(gen.Rejected)
	if got := len(ver.Accepted) + len(ver.Rejected) + len(ver.Dead); got != lines || ver.Stats.Rows != int64(lines) {
		t.Fatalf("verify: %d accepted + %d rejected + %d dead-lettered (stats: %d rows) of %d lines",
			len(ver.Accepted), len(ver.Rejected), len(ver.Dead), ver.Stats.Rows, lines)
	}
	if len(ver.Accepted) < len(gen.Accepted) || c["verdict_changed/accepted_to_rejected"] != 0 {
		t.Fatalf("re-verification rejected generated rows: %d of %d accepted, counters %v", len(ver.Accepted), len(gen.Accepted), c)
	}
}
