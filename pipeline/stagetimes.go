package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/transforms"
)

// StageTimes reads the stage-time breakdown from a finished job's counters
// (arrows/stagetime/<stage>/{items,wall_us,cpu_us}, see
// transforms.StageTimePrefix) into a stats.Stats that holds only it.
func StageTimes(res beam.PipelineResult) *stats.Stats {
	type acc struct{ items, wall, cpu int64 }
	by := map[string]*acc{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		name, ok := strings.CutPrefix(c.Name(), transforms.StageTimePrefix)
		if c.Namespace() != "arrows" || !ok {
			continue
		}
		stage, field, ok := strings.Cut(name, "/")
		if !ok {
			continue
		}
		a := by[stage]
		if a == nil {
			a = &acc{}
			by[stage] = a
		}
		switch field {
		case "items":
			a.items += c.Result()
		case "wall_us":
			a.wall += c.Result()
		case "cpu_us":
			a.cpu += c.Result()
		}
	}
	st := stats.New()
	names := make([]string, 0, len(by))
	for s := range by {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		a := by[s]
		st.AddStageTime(s, a.items, a.wall, a.cpu)
	}
	return st
}

// RecordStageTimes adds a finished generate job's stage-time breakdown and
// timing (its wall time and, when measured, when its rows reached their
// verdicts) to its stats.json and redraws report.html (README.md is left
// as the job wrote it). The job itself cannot: the counters are read from
// its result, after it ended, so a job that is only submitted (Dataflow)
// has no breakdown.
func (c GenerateConfig) RecordStageTimes(ctx context.Context, res beam.PipelineResult, t stats.Timing) error {
	return recordStageTimes(ctx, c.Out, c.cardMeta(), res, t)
}

func recordStageTimes(ctx context.Context, out string, meta report.CardMeta, res beam.PipelineResult, t stats.Timing) error {
	p := transforms.JoinPath(out, "stats.json")
	st, err := readStatsFile(ctx, p)
	if err != nil {
		return err
	}
	times := StageTimes(res)
	st.StageTimes = times.StageTimes
	st.SetTiming(t)
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode stats: %w", err)
	}
	if err := writeFile(ctx, p, append(b, '\n')); err != nil {
		return err
	}
	if meta.Benchmarks, err = transforms.ScopeBenchmarks(st.DecontamScope); err != nil {
		return err
	}
	return transforms.WriteReportFiles(ctx, out, st, meta, false)
}
