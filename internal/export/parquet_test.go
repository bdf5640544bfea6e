package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/arrows-math/arrows/internal/export/exporttest"
)

// parquetRows returns n rows with the awkward cases: non-ASCII and
// LaTeX text, empty topic lists, long programs.
func parquetRows(t *testing.T, n int) []Row {
	t.Helper()
	var rows []Row
	for i := 0; i < n; i++ {
		topics := []string{fmt.Sprintf("high.algebra.t%d", i%7), "middle.geometry.angles"}
		if i%10 == 0 {
			topics = nil // a seed-pathway row has no topics
		}
		rec := triple(fmt.Sprintf("%032x", 1000003*i+17), topics, fmt.Sprintf("sk%d", i))
		rec.Problem = fmt.Sprintf("Row %d: ∑ ħ \"quoted\" \\frac{a}{b} — émoji 🙂 %s", i, strings.Repeat("x", i%50))
		rec.Program.Source += strings.Repeat("# padding line\n", i%40)
		row, err := FlatRow(rec)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	return rows
}

func writeParquetFile(t *testing.T, path string, rows []Row) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteParquet(&buf, append([]Row(nil), rows...)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedByID(rows []Row) []Row {
	out := append([]Row(nil), rows...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func TestParquetReadsBackWithTheGoReader(t *testing.T) {
	rows := parquetRows(t, 500)
	path := filepath.Join(t.TempDir(), ParquetFileName("train", 0, 1))
	writeParquetFile(t, path, rows)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	got, err := ReadParquet(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	want := sortedByID(rows)
	if len(got) != len(want) {
		t.Fatalf("read %d rows, wrote %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		// parquet-go reads an empty list as nil.
		if len(g.Topics) == 0 && len(w.Topics) == 0 {
			g.Topics, w.Topics = nil, nil
		}
		if len(g.Stages) == 0 && len(w.Stages) == 0 {
			g.Stages, w.Stages = nil, nil
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// asJSON is a row as a reader of another language sees it: column name
// to value, lists as lists.
func asJSON(t *testing.T, r Row) map[string]any {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"topics", "stages"} {
		if m[k] == nil {
			m[k] = []any{}
		}
	}
	return m
}

func TestParquetReadsBackWithHyparquet(t *testing.T) {
	reader := exporttest.New(t)
	dir := t.TempDir()
	all := parquetRows(t, 400)
	shards := [][]Row{all[:150], all[150:]}
	var paths []string
	for i, rows := range shards {
		p := filepath.Join(dir, ParquetFileName("train", i, len(shards)))
		writeParquetFile(t, p, rows)
		paths = append(paths, p)
	}
	files, err := reader.Read(paths...)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(shards) {
		t.Fatalf("hyparquet read %d files, want %d", len(files), len(shards))
	}
	for i, f := range files {
		want := sortedByID(shards[i])
		if f.NumRows != int64(len(want)) || len(f.Rows) != len(want) {
			t.Fatalf("%s: %d rows (metadata %d), wrote %d", f.Path, len(f.Rows), f.NumRows, len(want))
		}
		for j, w := range want {
			if got, exp := f.Rows[j], asJSON(t, w); !reflect.DeepEqual(got, exp) {
				t.Fatalf("%s row %d:\n got %v\nwant %v", f.Path, j, got, exp)
			}
		}
		if f.Metadata["arrows.row_schema"] != RowSchemaVersion {
			t.Errorf("key-value metadata %v lacks arrows.row_schema=%s", f.Metadata, RowSchemaVersion)
		}
		// The flat schema: the documented columns, strings as UTF-8,
		// topics and stages as LIST<string>, num_topics INT32.
		var top []string
		kinds := map[string]exporttest.Column{}
		for k, c := range f.Schema {
			kinds[c.Name] = c
			if k > 0 && (c.Name != "list" && c.Name != "element") {
				top = append(top, c.Name)
			}
		}
		var documented []string
		for _, d := range RowFields {
			documented = append(documented, d[0])
		}
		if !reflect.DeepEqual(top, documented) {
			t.Errorf("columns %v, documented %v", top, documented)
		}
		if c := kinds["id"]; c.Type != "BYTE_ARRAY" || (c.LogicalType != "STRING" && c.ConvertedType != "UTF8") {
			t.Errorf("id column %+v is not a UTF-8 string", c)
		}
		if c := kinds["topics"]; c.LogicalType != "LIST" && c.ConvertedType != "LIST" {
			t.Errorf("topics column %+v is not a LIST", c)
		}
		if c := kinds["num_topics"]; c.Type != "INT32" {
			t.Errorf("num_topics column %+v is not INT32", c)
		}
	}
}

func TestParquetWriterStreamsRowGroups(t *testing.T) {
	var buf bytes.Buffer
	pw := NewParquetWriter(&buf)
	const n = 2*RowGroupRows + 17
	for i := 0; i < n; i++ {
		if err := pw.Write(Row{ID: fmt.Sprintf("%08d", i), Problem: "p", Topics: []string{"t"}, Stages: []string{}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if g := len(f.RowGroups()); g != 3 {
		t.Errorf("%d rows in %d row groups, want 3 of at most %d", n, g, RowGroupRows)
	}
	rows, err := ReadParquet(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n || rows[0].ID != "00000000" || rows[n-1].ID != fmt.Sprintf("%08d", n-1) {
		t.Errorf("read %d rows (first %q), want %d in order", len(rows), rows[0].ID, n)
	}
}
