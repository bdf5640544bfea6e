package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Encoded is one exportable row, encoded for its data file: what the
// export job carries from the reader to the writers.
type Encoded struct {
	// ID is the row id (files are sorted by it).
	ID string `json:"id"`
	// Group and Stratum place the row in a split (see Unit).
	Group   string `json:"group"`
	Stratum string `json:"stratum"`
	// Payload is the row's JSON line (sft, rl) or the JSON of its Row
	// (parquet).
	Payload string `json:"payload"`
}

// Unit is the row's one-row split unit.
func (e Encoded) Unit() Unit {
	return Unit{Group: e.Group, Stratum: e.Stratum, MinID: e.ID, Rows: 1}
}

// ReasonEncode is the skip reason of a row whose payload could not be made
// (a --template that fails on it, say).
const ReasonEncode = "encode_error"

// Encode makes the encoded row of rec in o.Format with e (built from
// o.Chat). A row that cannot be exported gets a reason (Exportable's, or
// ReasonEncode) and a detail instead.
func (o Options) Encode(e *Exporter, rec *schemas.Record) (enc Encoded, reason, detail string) {
	if why := Exportable(rec); why != "" {
		return Encoded{}, why, "row " + rec.ID + " cannot be exported: " + why
	}
	var payload []byte
	var err error
	if o.Format == FormatParquet {
		var r Row
		if r, err = FlatRow(rec); err == nil {
			payload, err = json.Marshal(r)
		}
	} else {
		payload, err = e.JSONLine(o.Format, rec)
	}
	if err != nil {
		return Encoded{}, ReasonEncode, err.Error()
	}
	return Encoded{ID: rec.ID, Group: GroupKey(rec), Stratum: Stratum(rec), Payload: string(payload)}, "", ""
}

// Place is the data file (relative to the output directory) of a row of
// group id under assignment a.
func (o Options) Place(a Assignment, group, id string) string {
	k := a.SplitOf(group)
	n := o.Shards(a.Rows[k])
	return o.FileName(a.Splits[k].Name, ShardOf(id, n), n)
}

// WriteFile writes the payloads of one data file to w in the format of o,
// sorted by row id (each payload is given with its id), and returns the
// number of rows written. JSONL files hold one payload per line; Parquet
// files are streamed a row group at a time.
func (o Options) WriteFile(w io.Writer, rows []Encoded) (int64, error) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	if o.Format != FormatParquet {
		bw := bufio.NewWriter(w)
		for _, r := range rows {
			bw.WriteString(r.Payload)
			if err := bw.WriteByte('\n'); err != nil {
				return 0, err
			}
		}
		return int64(len(rows)), bw.Flush()
	}
	pw := NewParquetWriter(w)
	for _, r := range rows {
		var row Row
		if err := json.Unmarshal([]byte(r.Payload), &row); err != nil {
			return 0, fmt.Errorf("decode row %s: %w", r.ID, err)
		}
		if err := pw.Write(row); err != nil {
			return 0, err
		}
	}
	return pw.Rows(), pw.Close()
}

// Count keys of an export's outcome tally (see NewManifest).
const (
	// CountExported counts the rows written to data files.
	CountExported = "exported"
	// CountDeadLettered counts input lines that could not be read.
	CountDeadLettered = "dead_lettered"
	// CountSkippedPrefix + reason counts rows that could not be exported.
	CountSkippedPrefix = "skipped/"
	// CountFilePrefix + file name counts the rows of one data file.
	CountFilePrefix = "file/"
)

// NewManifest builds the manifest of an export from its split assignment
// and its outcome tally (the Count* keys), and checks that the counts add
// up: the data files are exactly the assignment's, each split's files
// hold its rows, and every input row was exported or skipped.
func NewManifest(input string, o Options, a Assignment, counts map[string]int64) (Manifest, error) {
	m := Manifest{Version: ManifestVersion, Input: input, Options: o, Exported: counts[CountExported],
		DeadLettered: counts[CountDeadLettered], Splits: o.Files(a)}
	var skipped int64
	for k, v := range counts {
		if reason, ok := strings.CutPrefix(k, CountSkippedPrefix); ok {
			if m.Skipped == nil {
				m.Skipped = map[string]int64{}
			}
			m.Skipped[reason] += v
			skipped += v
		}
	}
	m.Rows = m.Exported + skipped
	want := map[string]bool{}
	var assigned int64
	for _, s := range m.Splits {
		assigned += s.Rows
		var inFiles int64
		for _, f := range s.Files {
			want[f] = true
			n, ok := counts[CountFilePrefix+f]
			if !ok {
				return m, fmt.Errorf("export: data file %s was not written", f)
			}
			inFiles += n
		}
		if inFiles != s.Rows {
			return m, fmt.Errorf("export: split %s was assigned %d rows, its files hold %d", s.Name, s.Rows, inFiles)
		}
	}
	for k := range counts {
		if f, ok := strings.CutPrefix(k, CountFilePrefix); ok && !want[f] {
			return m, fmt.Errorf("export: data file %s is not in the split assignment", f)
		}
	}
	if assigned != m.Exported {
		return m, fmt.Errorf("export: %d rows assigned to splits, %d written", assigned, m.Exported)
	}
	return m, nil
}
