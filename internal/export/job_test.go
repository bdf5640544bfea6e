package export

import (
	"strings"
	"testing"
)

func TestManifestCountsMustAddUp(t *testing.T) {
	o := Options{Format: FormatSFT, RowsPerShard: 2}
	a := Assignment{Splits: []Split{{"train", 0.75}, {"test", 0.25}}, Rows: []int64{3, 1}, Units: []int64{2, 1}}
	good := map[string]int64{
		CountExported: 4, CountDeadLettered: 2, CountSkippedPrefix + "not_accepted": 3,
		CountFilePrefix + "data/train-00000-of-00002.jsonl": 2,
		CountFilePrefix + "data/train-00001-of-00002.jsonl": 1,
		CountFilePrefix + "data/test-00000-of-00001.jsonl":  1,
	}
	with := func(k string, v int64) map[string]int64 {
		m := map[string]int64{}
		for kk, vv := range good {
			m[kk] = vv
		}
		if v < 0 {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name    string
		counts  map[string]int64
		wantErr string
	}{
		{"input rows are the exported plus the skipped ones", good, ""},
		{"a data file of the assignment that was not written fails", with(CountFilePrefix+"data/test-00000-of-00001.jsonl", -1), "was not written"},
		{"a data file outside the assignment fails", with(CountFilePrefix+"data/other-00000-of-00001.jsonl", 1), "not in the split assignment"},
		{"a split whose files hold fewer rows than assigned fails", with(CountFilePrefix+"data/train-00001-of-00002.jsonl", 0), "its files hold 2"},
		{"an exported count that differs from the assignment fails", with(CountExported, 5), "4 rows assigned to splits, 5 written"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewManifest("in", o, a, c.counts)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Rows != 7 || m.Exported != 4 || m.Skipped["not_accepted"] != 3 || m.DeadLettered != 2 {
				t.Fatalf("manifest rows=%d exported=%d skipped=%v dead=%d", m.Rows, m.Exported, m.Skipped, m.DeadLettered)
			}
			if len(m.Splits) != 2 || len(m.Splits[0].Files) != 2 || len(m.Splits[1].Files) != 1 {
				t.Fatalf("splits %+v", m.Splits)
			}
		})
	}
}

func TestWriteFileSortsByID(t *testing.T) {
	var b strings.Builder
	n, err := Options{Format: FormatRL}.WriteFile(&b, []Encoded{{ID: "b", Payload: `{"id":"b"}`}, {ID: "a", Payload: `{"id":"a"}`}})
	if err != nil || n != 2 || b.String() != "{\"id\":\"a\"}\n{\"id\":\"b\"}\n" {
		t.Fatalf("n=%d err=%v file=%q", n, err, b.String())
	}
}
