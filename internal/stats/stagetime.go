package stats

import (
	"sort"
	"time"
)

// Stage names of the stage-time breakdown, in pipeline order.
const (
	TimeGenerate  = "generate"
	TimeExecute   = "execute"
	TimeTranslate = "translate"
	TimeVerify    = "verify"
	TimeDedup     = "dedup"
	TimeDecontam  = "decontaminate"
	TimeWrite     = "write"
)

// TimeStages lists the breakdown's stages in pipeline order.
func TimeStages() []string {
	return []string{TimeGenerate, TimeExecute, TimeTranslate, TimeVerify, TimeDedup, TimeDecontam, TimeWrite}
}

// StageTime is the time one stage spent, summed over the rows (or, for
// dedup and write, the batches) it handled. Wall is the elapsed time of
// each piece of work summed, so work done concurrently counts once per
// piece; CPU includes the sandbox processes' CPU time for the stages that
// run programs.
type StageTime struct {
	// Items is the number of rows (or batches) measured.
	Items      int64 `json:"items"`
	WallMicros int64 `json:"wall_us"`
	CPUMicros  int64 `json:"cpu_us"`
}

// Timing is when a job ran, as its launcher measured it: Wall from the
// job's start to its end and, when the rows were counted as they reached
// their verdicts (local runs), FirstVerdict and LastVerdict from the
// job's start to the first and the last verdict (zero when not counted).
type Timing struct {
	Wall, FirstVerdict, LastVerdict time.Duration
}

// SetTiming records t: JobWallMillis and, when the verdicts were timed,
// FirstVerdictMillis and VerdictSpanMillis.
func (s *Stats) SetTiming(t Timing) {
	s.JobWallMillis = t.Wall.Milliseconds()
	s.FirstVerdictMillis, s.VerdictSpanMillis = 0, 0
	if t.FirstVerdict > 0 && t.LastVerdict >= t.FirstVerdict {
		s.FirstVerdictMillis = t.FirstVerdict.Milliseconds()
		s.VerdictSpanMillis = (t.LastVerdict - t.FirstVerdict).Milliseconds()
	}
}

// AddStageTime adds measured time to a stage of the breakdown.
func (s *Stats) AddStageTime(stage string, items, wallMicros, cpuMicros int64) {
	if s.StageTimes == nil {
		s.StageTimes = map[string]*StageTime{}
	}
	t := s.StageTimes[stage]
	if t == nil {
		t = &StageTime{}
		s.StageTimes[stage] = t
	}
	t.Items += items
	t.WallMicros += wallMicros
	t.CPUMicros += cpuMicros
}

// StageTimeNames are the stages with a measured time: the TimeStages that
// have one, in order, then any others sorted.
func (s *Stats) StageTimeNames() []string {
	var out []string
	known := map[string]bool{}
	for _, st := range TimeStages() {
		known[st] = true
		if s.StageTimes[st] != nil {
			out = append(out, st)
		}
	}
	var rest []string
	for st := range s.StageTimes {
		if !known[st] {
			rest = append(rest, st)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func mergeStageTimes(dst *Stats, src map[string]*StageTime) {
	for st, t := range src {
		if t != nil {
			dst.AddStageTime(st, t.Items, t.WallMicros, t.CPUMicros)
		}
	}
}
