package pipeline

import (
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/export"
	"github.com/arrows-math/arrows/transforms"
)

// ExportJobConfig is everything `arrows export` needs.
type ExportJobConfig struct {
	// In is the corpus as given on the command line: a run's output
	// directory (its accepted/ rows are read) or file patterns.
	In string
	// Read reads the rows (arrows' own format); ExportInput fills it
	// from In.
	Read transforms.ReadConfig
	// Out is the output directory (local path or gs://).
	Out string
	// Export is the format, chat layout, splits and shard size.
	Export export.Options
	// Meta is the manifest's and card's metadata.
	Meta transforms.ExportMeta
}

// DefaultExportJobConfig returns the defaults of `arrows export`.
func DefaultExportJobConfig() ExportJobConfig {
	return ExportJobConfig{
		Read:   transforms.ReadConfig{Format: string(corpus.FormatArrows)},
		Export: export.Options{Format: export.FormatSFT, Splits: export.DefaultSplits},
	}
}

// ExportInput is the file patterns of --in: the accepted rows of a run's
// output directory (DIR/accepted/*.jsonl*), or --in itself when it is a
// pattern or a file (it holds a wildcard or ends in .jsonl, .gz or
// .bz2); several comma-separated values are allowed.
func ExportInput(in string) []string {
	var globs []string
	for _, g := range strings.Split(in, ",") {
		g = strings.TrimSpace(g)
		switch {
		case g == "":
		case strings.ContainsAny(g, "*?[") || strings.HasSuffix(g, ".jsonl") || strings.HasSuffix(g, ".gz") || strings.HasSuffix(g, ".bz2"):
			globs = append(globs, g)
		default:
			globs = append(globs, transforms.JoinPath(strings.TrimSuffix(g, "/"), "accepted/*.jsonl*"))
		}
	}
	return globs
}

// Validate reports configuration mistakes before anything runs, as
// *env.FieldError values naming the field.
func (c ExportJobConfig) Validate() error {
	if len(c.Read.Globs) == 0 {
		return env.Errorf("Read.Globs", "is required (a run's output directory or a file pattern, local or gs://)")
	}
	if c.Read.Format != string(corpus.FormatArrows) {
		return env.Errorf("Read.Format", "must be %s: the export reads arrows triples", corpus.FormatArrows)
	}
	if c.Out == "" {
		return env.Errorf("Out", "is required")
	}
	return env.In("Export", c.Export.Validate())
}

// Export builds the export job: read the triples → encode each in the
// format (rows that cannot be exported are dead-lettered with reason
// skipped_<why>) → assign structure units to stratified splits → write
// data/{split}-SSSSS-of-NNNNN.{jsonl|parquet}, deadletter/, export.json (the
// manifest, with counts that add up: every input line is exported,
// skipped or dead-lettered) and README.md (the dataset card, whose
// configs point at the data files).
func Export(s beam.Scope, cfg ExportJobConfig) {
	records, dead := transforms.ReadCorpus(s, cfg.Read)
	rows, exported, skipped := transforms.EncodeExport(s, cfg.Export, records)
	assignment := transforms.AssignSplits(s, cfg.Export, rows)
	written := transforms.WriteExport(s, cfg.Out, cfg.Export, rows, assignment)
	allDead := beam.Flatten(s, dead, skipped)
	transforms.WriteDeadLetters(s, transforms.JoinPath(cfg.Out, "deadletter"), 1, allDead)
	st := transforms.Stats(s, beam.PCollection{}, exported)
	transforms.WriteManifest(s, cfg.Out, cfg.Export, cfg.Meta, assignment, st, written, transforms.TallyDeadLetters(s, allDead))
}
