package transforms

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/extsort"
	"github.com/arrows-math/arrows/schemas"
)

func init() { register.Function1x1(stageOf) }

func stageOf(rec schemas.Record) string { return rec.Rejection.Stage }

func TestDedupKeepsTheSmallestIDOfEachProblem(t *testing.T) {
	var rows []schemas.Record
	for i, p := range []string{nataliaProblem, nataliaProblem + " ", " " + nataliaProblem, wengProblem} {
		rows = append(rows, external("a.jsonl", int64(i+1), p, nataliaSolution, "72"))
	}
	smallest := rows[0].ID
	for _, r := range rows[1:3] {
		smallest = min(smallest, r.ID)
	}
	run(t, func(s beam.Scope) {
		kept, rejected := Dedup(s, DefaultDedupConfig(), beam.CreateList(s, rows))
		passert.Equals(s, beam.ParDo(s, idOf, kept), smallest, rows[3].ID)
		reasons(s, rejected, "dedup/"+dedup.ReasonExact, "dedup/"+dedup.ReasonExact)
	})
}

func TestDedupConfigValidateNamesTheField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*DedupConfig)
		field string
	}{
		{"a threshold above 1", func(c *DedupConfig) { c.MinHash.Threshold = 1.5 }, "MinHash"},
		{"a negative structure cap", func(c *DedupConfig) { c.MaxPerStructure = -1 }, "MaxPerStructure"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultDedupConfig()
			c.edit(&cfg)
			var fe *env.FieldError
			if err := cfg.Validate(); !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("got %v, want a field error for %s", err, c.field)
			}
		})
	}
}

func init() { register.Function1x1(outcomeOf) }

// outcomeOf is "id stage/reason match" of a row.
func outcomeOf(rec schemas.Record) string {
	match := ""
	if rec.Rejection != nil {
		match = rec.Rejection.Match
	}
	return rec.ID + " " + reasonOf(rec) + " " + match
}

// dedupRows are rows with an exact duplicate (white space), a near
// duplicate (a word added), a row given twice and two distinct rows.
func dedupRows() []schemas.Record {
	natalia := external("a.jsonl", 1, nataliaProblem, nataliaSolution, "72")
	spaced := external("a.jsonl", 2, nataliaProblem+"  ", nataliaSolution, "72")
	word := external("a.jsonl", 3, strings.Replace(nataliaProblem, "of her friends", "of her good friends", 1), nataliaSolution, "72")
	weng := external("a.jsonl", 4, wengProblem, wengSolution, "10")
	wendi := external("a.jsonl", 5, wendiProblem, "#### 20", "20")
	return []schemas.Record{natalia, spaced, word, weng, weng, wendi}
}

// The rows' fate does not depend on how they arrive: split over three
// collections, routed in three partitions and spilled to a sorted run
// after every row, they are decided exactly as in one collection with the
// default buffers; and the staging directory is gone afterwards.
func TestDedupDoesNotDependOnHowTheRowsAreSplit(t *testing.T) {
	rows := dedupRows()
	stage := filepath.Join(t.TempDir(), "staging")
	run(t, func(s beam.Scope) {
		whole, wholeRej := Dedup(s.Scope("Whole"), DefaultDedupConfig(), beam.CreateList(s, rows))
		cfg := DefaultDedupConfig()
		cfg.Staging = DedupStaging{Dir: stage, Partitions: 3, MemoryBytes: 1}
		split, splitRej := Dedup(s.Scope("Split"), cfg,
			beam.CreateList(s, rows[:2]), beam.CreateList(s, rows[2:4]), beam.CreateList(s, rows[4:]))
		outcomes := func(a, b beam.PCollection) beam.PCollection {
			return beam.ParDo(s, outcomeOf, beam.Flatten(s, a, b))
		}
		passert.Equals(s, outcomes(split, splitRej), outcomes(whole, wholeRej))
		reasons(s, beam.Flatten(s, split, splitRej), "passed", "passed", "passed",
			"dedup/"+dedup.ReasonExact, "dedup/"+dedup.ReasonExact, "dedup/"+dedup.ReasonNear)
	})
	if _, err := os.Stat(stage); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the staging directory is still there (%v)", err)
	}
}

// Rounds: a row of round 2 that duplicates a row of round 1 is removed in
// its favour, whatever their ids, and the key file of round 2 holds both
// rounds' rows.
func TestDedupRemovesDuplicatesOfEarlierRounds(t *testing.T) {
	rows := dedupRows()
	natalia, spaced, weng, wendi := rows[0], rows[1], rows[3], rows[5]
	dir := t.TempDir()
	keys1, keys2 := filepath.Join(dir, "keys-1"), filepath.Join(dir, "keys-2")
	cfg := DefaultDedupConfig()
	cfg.Staging = DedupStaging{Dir: filepath.Join(dir, "stage-1"), Round: 1, KeysOut: keys1}
	run(t, func(s beam.Scope) {
		kept, rej := Dedup(s, cfg, beam.CreateList(s, []schemas.Record{spaced, weng}))
		passert.Equals(s, beam.ParDo(s, idOf, kept), spaced.ID, weng.ID)
		passert.Empty(s, rej)
	})
	cfg.Staging = DedupStaging{Dir: filepath.Join(dir, "stage-2"), Round: 2, PriorKeys: keys1, KeysOut: keys2}
	run(t, func(s beam.Scope) {
		kept, rej := Dedup(s, cfg, beam.CreateList(s, []schemas.Record{natalia, wendi}))
		passert.Equals(s, beam.ParDo(s, idOf, kept), wendi.ID)
		passert.Equals(s, beam.ParDo(s, outcomeOf, rej), natalia.ID+" dedup/"+dedup.ReasonExact+" "+spaced.ID)
	})
	it, err := extsort.Merge(context.Background(), extsort.Local{}, []string{keys2}, dir, extsort.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var got []string
	for it.Next() {
		round, id, err := dedup.ParseOrderKey(it.Key())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s", round, id))
	}
	want := []string{"1 " + min(spaced.ID, weng.ID), "1 " + max(spaced.ID, weng.ID), "2 " + min(natalia.ID, wendi.ID), "2 " + max(natalia.ID, wendi.ID)}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("key file of round 2 holds %v, want %v", got, want)
	}
}

// Copies of a row (the same id, read from several places) are staged so
// that the copy read first from the input sorts first and is kept, whatever
// their measured times: the choice does not depend on the runner.
func TestStagedCopiesSortByWhereTheyWereRead(t *testing.T) {
	row := func(file string, line, cpu int64) schemas.Record {
		r := external(file, line, nataliaProblem, nataliaSolution, "72")
		r.ID = "same-id"
		r.Execution = &schemas.Execution{Status: schemas.StatusOK, CPUMillis: cpu}
		return r
	}
	cases := []struct {
		name          string
		first, second schemas.Record
	}{
		{"an earlier line of the same file comes first, though it ran slower", row("a.jsonl", 5, 900), row("a.jsonl", 8, 1)},
		{"line 9 comes before line 10 (not in text order)", row("a.jsonl", 9, 1), row("a.jsonl", 10, 1)},
		{"an earlier file comes first", row("a.jsonl", 50, 1), row("b.jsonl", 2, 1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := stagedRow(tc.first)
			if err != nil {
				t.Fatal(err)
			}
			b, err := stagedRow(tc.second)
			if err != nil {
				t.Fatal(err)
			}
			if extsort.Compare(nil, a, nil, b) >= 0 {
				t.Errorf("%s:%d does not sort before %s:%d", tc.first.Origin.File, tc.first.Origin.Line, tc.second.Origin.File, tc.second.Origin.Line)
			}
			back, err := unstageRow(a)
			if err != nil || back.Origin == nil || back.Origin.Line != tc.first.Origin.Line || back.Execution.CPUMillis != tc.first.Execution.CPUMillis {
				t.Errorf("round trip: %+v, %v", back, err)
			}
		})
	}
	if _, err := unstageRow([]byte(`{"id":"x"}`)); err == nil {
		t.Error("a row staged without its tiebreak was decoded")
	}
}
