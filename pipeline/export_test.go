package pipeline

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/export"
	"github.com/arrows-math/arrows/internal/export/exporttest"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// TestExportOnPrism generates a small corpus, adds a rejected row and an
// unreadable line to the input, and exports it as sft, rl and parquet with
// a train/test split: every input line is exported, skipped or
// dead-lettered; the data files hold exactly the accepted rows; the split
// is the same in every format (deterministic) and no program structure
// straddles it; the SFT file round-trips and the Parquet files read back
// with hyparquet.
func TestExportOnPrism(t *testing.T) {
	corpus := t.TempDir()
	gen := DefaultGenerateConfig()
	gen.Seeds.N = 60
	gen.Env.RunSeed = 11
	gen.Out = corpus
	gen.Shards = 2
	e2etest.Run(t, func(s beam.Scope) { Generate(s, gen) })
	run := e2etest.ReadOutput(t, corpus)
	if len(run.Accepted) < 20 || len(run.Rejected) == 0 {
		t.Fatalf("corpus has %d accepted and %d rejected rows; want ≥20 and ≥1", len(run.Accepted), len(run.Rejected))
	}
	rejected, err := json.Marshal(run.Rejected[0])
	if err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(t.TempDir(), "extra.jsonl")
	if err := os.WriteFile(extra, append(append(rejected, '\n'), "{not json\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	byID := map[string]schemas.Record{}
	for _, r := range run.Accepted {
		byID[r.ID] = r
	}

	splitOf := map[string]map[string]string{} // format → id → split
	for _, format := range export.Formats {
		t.Run(format, func(t *testing.T) {
			out := t.TempDir()
			cfg := DefaultExportJobConfig()
			cfg.In = corpus
			cfg.Read.Globs = append(ExportInput(corpus), extra)
			cfg.Out = out
			cfg.Export.Format = format
			cfg.Export.RowsPerShard = 16
			cfg.Export.Splits = []export.Split{{Name: "train", Fraction: 0.75}, {Name: "test", Fraction: 0.25}}
			if format == export.FormatSFT {
				cfg.Export.Chat.System = "Solve the problem."
			}
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			e2etest.Run(t, func(s beam.Scope) { Export(s, cfg) })

			var m export.Manifest
			b, err := os.ReadFile(filepath.Join(out, transforms.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			e2etest.Unmarshal(t, b, &m)
			// Counts add up: input lines = exported + skipped + dead-lettered.
			if m.Exported != int64(len(run.Accepted)) || m.Skipped["not_accepted"] != 1 || m.DeadLettered != 1 || m.Rows != m.Exported+1 {
				t.Fatalf("manifest rows=%d exported=%d skipped=%v dead=%d; want exported=%d, 1 not_accepted, 1 dead-lettered",
					m.Rows, m.Exported, m.Skipped, m.DeadLettered, len(run.Accepted))
			}
			dead := e2etest.ReadDeadLetters(t, filepath.Join(out, "deadletter"))
			reasons := []string{}
			for _, d := range dead {
				reasons = append(reasons, d.Reason)
			}
			sort.Strings(reasons)
			if len(dead) != 2 || reasons[1] != transforms.SkippedPrefix+"not_accepted" {
				t.Fatalf("deadletter/ holds %v, want the unreadable line and skipped_not_accepted", reasons)
			}

			ids := map[string]string{} // id → split
			var files []string
			for _, s := range m.Splits {
				if s.Rows == 0 || len(s.Files) != int((s.Rows+15)/16) {
					t.Fatalf("split %s: %d rows in %d files, want ≥1 row and files of ≤16 rows", s.Name, s.Rows, len(s.Files))
				}
				for _, f := range s.Files {
					files = append(files, filepath.Join(out, f))
					for _, id := range readIDs(t, format, filepath.Join(out, f)) {
						if _, dup := ids[id]; dup {
							t.Fatalf("row %s exported twice", id)
						}
						ids[id] = s.Name
					}
				}
			}
			got, _ := filepath.Glob(filepath.Join(out, "data", "*"))
			sort.Strings(got)
			sort.Strings(files)
			if strings.Join(got, ",") != strings.Join(files, ",") {
				t.Fatalf("data/ holds %v, the manifest lists %v", got, files)
			}
			if len(ids) != len(run.Accepted) {
				t.Fatalf("data files hold %d rows, want the %d accepted", len(ids), len(run.Accepted))
			}
			groups := map[string]string{}
			for id, split := range ids {
				rec, ok := byID[id]
				if !ok {
					t.Fatalf("exported row %s is not an accepted row", id)
				}
				g := export.GroupKey(&rec)
				if prev, ok := groups[g]; ok && prev != split {
					t.Fatalf("program structure %s is in both %s and %s", g, prev, split)
				}
				groups[g] = split
			}
			splitOf[format] = ids

			card, err := os.ReadFile(filepath.Join(out, transforms.CardFile))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"configs:", `split: "train"`, `split: "test"`, `path: "data/test-*.` + cfg.Export.Ext() + `"`} {
				if !bytes.Contains(card, []byte(want)) {
					t.Errorf("README.md lacks %q", want)
				}
			}

			switch format {
			case export.FormatSFT:
				checkSFT(t, cfg.Export, files, byID)
			case export.FormatParquet:
				checkParquet(t, files, byID)
			}
		})
	}
	// The split depends on the rows only, not on the format or the run.
	for _, f := range export.Formats[1:] {
		if a, b := splitOf[export.Formats[0]], splitOf[f]; len(a) != len(b) || !sameSplits(a, b) {
			t.Errorf("the %s and %s exports split the rows differently", export.Formats[0], f)
		}
	}
}

func sameSplits(a, b map[string]string) bool {
	for id, s := range a {
		if b[id] != s {
			return false
		}
	}
	return true
}

// readIDs returns the row ids of a data file, in file order, and checks
// that they are sorted.
func readIDs(t *testing.T, format, path string) []string {
	t.Helper()
	var ids []string
	if format == export.FormatParquet {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		rows, err := export.ReadParquet(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
			var v struct {
				ID string `json:"id"`
			}
			e2etest.Unmarshal(t, line, &v)
			ids = append(ids, v.ID)
		}
	}
	if !sort.StringsAreSorted(ids) {
		t.Fatalf("%s is not sorted by id", path)
	}
	return ids
}

// checkSFT: each line decodes to the conversation of its triple and
// encodes back to the same bytes.
func checkSFT(t *testing.T, opts export.Options, files []string, byID map[string]schemas.Record) {
	t.Helper()
	exp, err := export.NewExporter(opts.Chat)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
			var l export.SFTLine
			e2etest.Unmarshal(t, line, &l)
			rec := byID[l.ID]
			if len(l.Messages) != 3 || l.Messages[0].Content != "Solve the problem." ||
				l.Messages[1].Role != "user" || l.Messages[1].Content != rec.Problem ||
				l.Messages[2].Role != "assistant" || l.Messages[2].Content != rec.Solution {
				t.Fatalf("row %s: messages %+v are not system, problem, solution", l.ID, l.Messages)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(l); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), line) {
				t.Fatalf("row %s does not round-trip:\n%s\n%s", l.ID, line, buf.Bytes())
			}
			want, err := exp.JSONLine(export.FormatSFT, &rec)
			if err != nil || !bytes.Equal(want, line) {
				t.Fatalf("row %s: line differs from the exporter's (%v)", l.ID, err)
			}
		}
	}
}

// checkParquet reads the files with hyparquet (npm; an independent
// reader) and compares every row with its triple.
func checkParquet(t *testing.T, files []string, byID map[string]schemas.Record) {
	t.Helper()
	r := exporttest.New(t)
	read, err := r.Read(files...)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range read {
		if f.Metadata["arrows.row_schema"] != export.RowSchemaVersion || int(f.NumRows) != len(f.Rows) {
			t.Fatalf("%s: metadata %v, %d rows of %d", f.Path, f.Metadata, len(f.Rows), f.NumRows)
		}
		for _, row := range f.Rows {
			n++
			id, _ := row["id"].(string)
			rec, ok := byID[id]
			if !ok {
				t.Fatalf("%s: row %q is not an accepted row", f.Path, id)
			}
			want, err := export.FlatRow(&rec)
			if err != nil {
				t.Fatal(err)
			}
			topics, _ := row["topics"].([]any)
			if row["problem"] != want.Problem || row["solution"] != want.Solution || row["answer"] != want.Answer ||
				row["program"] != want.Program || row["provenance"] != want.Provenance || len(topics) != len(want.Topics) ||
				row["num_topics"] != float64(want.NumTopics) {
				t.Fatalf("%s: row %s read back by hyparquet differs from its triple", f.Path, id)
			}
		}
	}
	if n != len(byID) {
		t.Fatalf("hyparquet read %d rows, want %d", n, len(byID))
	}
}
