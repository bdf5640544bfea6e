package stats

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestStageTimesSumInAnyMergeOrder(t *testing.T) {
	parts := []*Stats{New(), New(), New()}
	parts[0].AddStageTime(TimeExecute, 10, 5000, 4000)
	parts[1].AddStageTime(TimeExecute, 5, 2500, 1000)
	parts[1].AddStageTime(TimeDedup, 1, 900, 800)
	parts[2].AddStageTime("custom", 2, 10, 10)
	parts[2].SetTiming(Timing{Wall: 1234 * time.Millisecond, FirstVerdict: 200 * time.Millisecond, LastVerdict: 1100 * time.Millisecond})
	parts[1].SetTiming(Timing{Wall: 10 * time.Millisecond}) // verdicts not timed
	merge := func(order ...int) []byte {
		s := New()
		for _, i := range order {
			b, _ := json.Marshal(parts[i]) // partials travel as JSON
			var p Stats
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatal(err)
			}
			s.Merge(&p)
		}
		s.Finalize()
		out, _ := json.Marshal(s)
		return out
	}
	a, b := merge(0, 1, 2), merge(2, 0, 1)
	if string(a) != string(b) {
		t.Fatalf("merge order changes stats.json:\n%s\n%s", a, b)
	}
	var s Stats
	json.Unmarshal(a, &s)
	if got := *s.StageTimes[TimeExecute]; got != (StageTime{Items: 15, WallMicros: 7500, CPUMicros: 5000}) {
		t.Errorf("execute %+v", got)
	}
	if s.JobWallMillis != 1244 || s.FirstVerdictMillis != 200 || s.VerdictSpanMillis != 900 {
		t.Errorf("job wall %d, first verdict %d, verdict span %d; want 1244, 200, 900", s.JobWallMillis, s.FirstVerdictMillis, s.VerdictSpanMillis)
	}
	if got, want := s.StageTimeNames(), []string{TimeExecute, TimeDedup, "custom"}; !reflect.DeepEqual(got, want) {
		t.Errorf("StageTimeNames %v, want %v (pipeline order, then others)", got, want)
	}
}

func TestStatsWithoutStageTimesOmitTheField(t *testing.T) {
	s := New()
	s.Finalize()
	b, _ := json.Marshal(s)
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"stage_times", "job_wall_ms", "first_verdict_ms", "verdict_span_ms"} {
		if _, ok := m[k]; ok {
			t.Errorf("stats.json of a run without measurements has %s", k)
		}
	}
}
