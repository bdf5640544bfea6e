package report

import (
	"fmt"
	"html/template"

	"github.com/arrows-math/arrows/internal/stats"
)

// ChartStageTimes is the id of the stage-time breakdown chart.
const ChartStageTimes = "chart-stage-times"

// stageTimeChart draws, per stage, the summed wall-clock time of its work
// with the CPU part over it.
func stageTimeChart(st *stats.Stats) chart {
	var bars []bar
	var cpuTotal int64
	for _, name := range st.StageTimeNames() {
		cpuTotal += st.StageTimes[name].CPUMicros
	}
	for _, name := range st.StageTimeNames() {
		t := st.StageTimes[name]
		share := 0.0
		if cpuTotal > 0 {
			share = 100 * float64(t.CPUMicros) / float64(cpuTotal)
		}
		bars = append(bars, bar{
			Label: name, Value: float64(max(t.WallMicros, t.CPUMicros)), Part: float64(t.CPUMicros), Colour: colPrimary,
			Text: fmt.Sprintf("CPU %s, wall %s", seconds(t.CPUMicros), seconds(t.WallMicros)),
			Title: fmt.Sprintf("%s: %s CPU (%.0f%% of the stages' CPU), %s wall summed over %s items",
				name, seconds(t.CPUMicros), share, seconds(t.WallMicros), num(t.Items)),
		})
	}
	note := "Summed over the rows (dedup and write: over their batches); bars show wall time (grey) and its CPU part (green; sandbox processes included)."
	if st.JobWallMillis > 0 {
		timing := ""
		if st.VerdictSpanMillis > 0 {
			timing = fmt.Sprintf(" (first row verdict after %s, all verdicts within %s)", seconds(st.FirstVerdictMillis*1000), seconds(st.VerdictSpanMillis*1000))
		}
		note = fmt.Sprintf("Job wall time %s%s. ", seconds(st.JobWallMillis*1000), timing) + note
	}
	return chart{ID: ChartStageTimes, Title: "Time per stage", SVG: template.HTML(hbars("Time per stage", bars)), Note: note}
}

func seconds(micros int64) string {
	s := float64(micros) / 1e6
	switch {
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	case s < 600:
		return fmt.Sprintf("%.0f s", s)
	default:
		return fmt.Sprintf("%.1f min", s/60)
	}
}
