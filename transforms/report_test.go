package transforms

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/progress"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

// The card and report.html are written from the statistics; with a
// decontamination configuration the card lists its benchmarks.
func TestWriteReport(t *testing.T) {
	dir := t.TempDir()
	st := stats.New()
	rec := external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72")
	st.Add(&rec)
	st.Finalize()
	decon := DefaultDecontamConfig()
	run(t, func(s beam.Scope) {
		WriteReport(s, dir, report.CardMeta{License: "mit"}, &decon, beam.Create(s, *st), NoDeadLetters(s))
	})
	card, err := os.ReadFile(filepath.Join(dir, CardFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(card), "license: mit") || !strings.Contains(string(card), "gsm8k") {
		t.Fatalf("the card lacks the licence or the benchmarks:\n%s", card)
	}
	if b, err := os.ReadFile(filepath.Join(dir, ReportFile)); err != nil || !strings.Contains(string(b), "<html") {
		t.Fatalf("report.html: %v", err)
	}
}

// The progress taps count, in this process, the rows that reached a
// verdict under the registered key.
func TestTrackProgress(t *testing.T) {
	key, unregister := progress.Register()
	defer unregister()
	verified := []schemas.Record{external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72")}
	rejected := []schemas.Record{external("a.jsonl", 2, wengProblem, wengSolution, "10"), external("a.jsonl", 3, wendiProblem, "", "20")}
	run(t, func(s beam.Scope) {
		TrackProgress(s, key, beam.CreateList(s, verified), beam.CreateList(s, rejected))
	})
	if got := progress.Of(key); got.Done != 3 || got.Verified != 1 || got.First.IsZero() || got.Last.Before(got.First) {
		t.Fatalf("progress %+v, want 3 done, 1 verified, first and last times", got)
	}
}
