package transforms

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/progress"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

// This file holds what a run reports about itself: the dataset card
// (README.md) and report.html written next to stats.json, and the taps of
// the live progress line of local runs.

func init() {
	register.DoFn3x1[context.Context, stats.Stats, func(*schemas.DeadLetter) bool, error](&writeReportFn{})
	register.DoFn1x0[schemas.Record](&progressTapFn{})
}

// Names of the files WriteReport writes into the output directory.
const (
	CardFile   = "README.md"
	ReportFile = "report.html"
)

// WriteReport writes the dataset card (README.md) and report.html into dir
// from the final statistics (with the dead-lettered lines counted in, as in
// stats.json) and meta. With decon set, the card lists the benchmarks of
// that configuration (names, versions, sources, licences).
func WriteReport(s beam.Scope, dir string, meta report.CardMeta, decon *DecontamConfig, st, dead beam.PCollection) {
	s = s.Scope("WriteReport")
	beam.ParDo0(s, &writeReportFn{Dir: dir, Meta: meta, Decontam: decon}, st, beam.SideInput{Input: dead})
}

type writeReportFn struct {
	Dir      string          `json:"dir"`
	Meta     report.CardMeta `json:"meta"`
	Decontam *DecontamConfig `json:"decontam,omitempty"`
}

func (fn *writeReportFn) ProcessElement(ctx context.Context, st stats.Stats, dead func(*schemas.DeadLetter) bool) error {
	var d schemas.DeadLetter
	for dead(&d) {
		st.AddDeadLetter(&d)
	}
	meta := fn.Meta
	if fn.Decontam != nil {
		var res resources
		idx, err := res.index(ctx, *fn.Decontam)
		if err != nil {
			return err
		}
		meta.Benchmarks = benchmarkRefs(idx.Benchmarks())
		res.release()
	}
	return WriteReportFiles(ctx, fn.Dir, &st, meta, true)
}

// WriteReportFiles renders report.html, and the dataset card when card is
// set (README.md, or meta.File), from st into dir (local path or gs://),
// each written atomically.
func WriteReportFiles(ctx context.Context, dir string, st *stats.Stats, meta report.CardMeta, card bool) error {
	page, err := report.HTML(st, meta)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(ctx, JoinPath(dir, ReportFile), page); err != nil {
		return err
	}
	if card {
		name := CardFile
		if meta.File != "" {
			name = meta.File
		}
		return writeFileAtomic(ctx, JoinPath(dir, name), []byte(report.DatasetCard(st, meta)))
	}
	return nil
}

// benchmarkRefs converts the loaded benchmarks of a decontamination index
// into the card's table rows.
func benchmarkRefs(infos []decontam.BenchmarkInfo) []report.BenchmarkRef {
	out := make([]report.BenchmarkRef, len(infos))
	for i, b := range infos {
		out[i] = report.BenchmarkRef{Name: b.Name, Version: b.Version, Source: b.Source, License: b.License, Items: b.Items}
	}
	return out
}

// ScopeBenchmarks describes the shipped benchmarks named by a corpus's
// decontamination scope (stats.Stats.DecontamScope, "benchmark@version"
// keys), for re-rendering a card after the run. Scope entries this binary
// does not ship (another version) are left out; the card lists them from
// the scope itself.
func ScopeBenchmarks(scope map[string]int64) ([]report.BenchmarkRef, error) {
	if len(scope) == 0 {
		return nil, nil
	}
	idx, err := decontam.LoadIndex(decontam.Config{})
	if err != nil {
		return nil, fmt.Errorf("load decontamination index: %w", err)
	}
	versions := idx.Versions()
	var out []report.BenchmarkRef
	for i, b := range idx.Benchmarks() {
		if _, ok := scope[versions[i]]; ok {
			out = append(out, benchmarkRefs([]decontam.BenchmarkInfo{b})...)
		}
	}
	if len(out) != len(scope) {
		return nil, nil // partly unknown versions: let the card list the scope as recorded
	}
	return out, nil
}

// TrackProgress counts the rows of verified and rejected into the local
// progress counts (internal/progress) under key, as they are produced (the
// taps fuse with the stages that produce them). An empty key adds nothing
// to the graph. The key is a field of the taps, not a side input: on prism
// a stage with a side input kept the scheduler busy on a core for as long
// as the job ran (measured: 35–40 s of CPU instead of 6–7 s for 600
// seeds, and 40% more wall time).
func TrackProgress(s beam.Scope, key string, verified beam.PCollection, rejected ...beam.PCollection) {
	if key == "" {
		return
	}
	s = s.Scope("Progress")
	beam.ParDo0(s, &progressTapFn{Key: key, Verified: true}, verified)
	for _, r := range rejected {
		beam.ParDo0(s, &progressTapFn{Key: key}, r)
	}
}

// progressTapFn counts each row under Key, as verified or not.
type progressTapFn struct {
	Key      string `json:"key"`
	Verified bool   `json:"verified"`
}

func (fn *progressTapFn) ProcessElement(_ schemas.Record) { progress.Add(fn.Key, fn.Verified) }
