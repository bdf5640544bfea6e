package transforms

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

// The statistics count every row of every collection (and dead letters)
// once.
func TestStatsCountEveryRowOnce(t *testing.T) {
	dir := t.TempDir()
	accepted := []schemas.Record{external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72")}
	rejected := []schemas.Record{
		external("a.jsonl", 2, wengProblem, wengSolution, "10"),
		external("a.jsonl", 3, wendiProblem, "", "20"),
	}
	for i := range rejected {
		rejected[i].Rejection = &schemas.Rejection{Stage: schemas.StageVerify, Reason: "answer_match"}
	}
	dead := []schemas.DeadLetter{{Origin: schemas.Origin{File: "a.jsonl", Line: 4}, Reason: "invalid_json"}}
	run(t, func(s beam.Scope) {
		st := Stats(s, beam.CreateList(s, dead), beam.CreateList(s, accepted), beam.CreateList(s, rejected))
		none := NoDeadLetters(s)
		WriteStats(s, dir, st, none)
	})
	b, err := os.ReadFile(filepath.Join(dir, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st stats.Stats
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	if st.Rows != 3 || st.Accepted != 1 || st.Rejected != 2 || st.DeadLettered != 1 {
		t.Fatalf("rows %d accepted %d rejected %d dead %d", st.Rows, st.Accepted, st.Rejected, st.DeadLettered)
	}
}
