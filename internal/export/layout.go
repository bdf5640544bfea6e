package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/schemas"
)

// DefaultRowsPerShard is how many rows one data file holds at most unless
// the caller sets Options.RowsPerShard. A shard is sorted (and, for
// Parquet, encoded) in memory by one worker: 20,000 triples are about
// 100 MB of JSON and a 20-40 MB Parquet file.
const DefaultRowsPerShard = 20_000

// Options configure an export.
type Options struct {
	// Format is FormatSFT, FormatRL or FormatParquet.
	Format string `json:"format"`
	// Chat configures the sft and rl formats.
	Chat ChatOptions `json:"chat"`
	// Splits are the splits to assign rows to (DefaultSplits if empty).
	Splits []Split `json:"splits"`
	// RowsPerShard bounds the rows of one data file (DefaultRowsPerShard
	// if 0).
	RowsPerShard int64 `json:"rows_per_shard,omitempty"`
}

// Validate reports an unknown format, bad splits or chat options.
func (o Options) Validate() error {
	switch o.Format {
	case FormatSFT, FormatRL, FormatParquet:
	default:
		return env.Errorf("Format", "must be one of %s, got %q", strings.Join(Formats, ", "), o.Format)
	}
	if o.RowsPerShard < 0 {
		return env.Errorf("RowsPerShard", "must be ≥ 0, got %d", o.RowsPerShard)
	}
	sum := 0.0
	for _, s := range o.Splits {
		sum += s.Fraction
	}
	if len(o.Splits) > 0 && (sum < 1-1e-6 || sum > 1+1e-6) {
		return env.Errorf("Splits", "fractions sum to %g, not 1", sum)
	}
	if o.Format == FormatParquet && (o.Chat.Template != "" || o.Chat.System != "" || o.Chat.Target != "") {
		return env.Errorf("Chat", "applies to the sft and rl formats, not parquet")
	}
	return env.In("Chat", o.Chat.Validate())
}

// Ext is the file extension of the format's data files.
func (o Options) Ext() string {
	if o.Format == FormatParquet {
		return "parquet"
	}
	return "jsonl"
}

// FileName is the path, relative to the output directory, of shard i of n
// of a split: data/{split}-{i:05d}-of-{n:05d}.{parquet|jsonl}.
func (o Options) FileName(split string, i, n int) string {
	if o.Format == FormatParquet {
		return ParquetFileName(split, i, n)
	}
	return JSONLFileName(split, i, n)
}

// Shards is the number of data files of a split of rows rows (0 for an
// empty split, which gets no file).
func (o Options) Shards(rows int64) int {
	per := o.RowsPerShard
	if per <= 0 {
		per = DefaultRowsPerShard
	}
	if rows <= 0 {
		return 0
	}
	return int((rows + per - 1) / per)
}

// ShardOf places a row in one of n shards by a hash of its id.
func ShardOf(id string, n int) int {
	if n <= 1 {
		return 0
	}
	sum := sha256.Sum256([]byte("arrows-shard\x00" + id))
	return int(binary.BigEndian.Uint64(sum[:8]) % uint64(n))
}

// JSONLine renders the sft or rl line of a row (without the newline).
// HTML characters are not escaped, so text reads as written.
func (e *Exporter) JSONLine(format string, rec *schemas.Record) ([]byte, error) {
	var v any
	var err error
	switch format {
	case FormatSFT:
		v, err = e.SFT(rec)
	case FormatRL:
		v, err = e.RL(rec)
	default:
		return nil, fmt.Errorf("export: %s is not a JSONL format", format)
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode row %s: %w", rec.ID, err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// SFTFields documents the columns of an sft line.
var SFTFields = [][2]string{
	{"id", "string: stable row id"},
	{"messages", "list of {role, content}: an optional system message, the user's problem and the assistant's answer (the solution, the program in a ```python block, or both, per `target`)"},
	{"answer", "string: reference answer in exact form (digits, `p/q`, or SymPy's text form)"},
	{"answer_latex", "string: the reference answer in LaTeX"},
	{"topics", "list<string>: knowledge-system topic ids, primary first"},
	{"stages", "list<string>: education stages of the topics"},
	{"num_topics", "int: number of topics"},
	{"pathway", "string: `topics` or `seeds`"},
	{"verifier_version", "string: version of the verifier that accepted the row"},
	{"target", "string: what the assistant message holds: `solution`, `program` or `program+solution`"},
}

// RLFields documents the columns of an rl line.
var RLFields = [][2]string{
	{"id", "string: stable row id"},
	{"prompt", "list of {role, content}: an optional system message and the user's problem (no answer)"},
	{"answer", "string: the verifiable reference answer in exact form: the program's output as digits, `p/q` or SymPy's text form"},
	{"answer_latex", "string: the reference answer in LaTeX"},
	{"answer_kind", "string: kind of the program's output (`integer`, `rational`, `real`, `expr`, `tuple`, ...)"},
	{"data_source", "string: `arrows`"},
	{"ability", "string: `math`"},
	{"reward_model", "{style, ground_truth}: `rule` and the LaTeX reference answer (verl's layout)"},
	{"topics", "list<string>: knowledge-system topic ids, primary first"},
	{"stages", "list<string>: education stages of the topics"},
	{"pathway", "string: `topics` or `seeds`"},
	{"verifier_version", "string: version of the verifier that accepted the row"},
}

// Fields documents the columns of the format's rows.
func (o Options) Fields() [][2]string {
	switch o.Format {
	case FormatSFT:
		return SFTFields
	case FormatRL:
		return RLFields
	}
	return RowFields
}

// Manifest is what an export wrote (export.json beside the data files).
type Manifest struct {
	Version string  `json:"version"`
	Input   string  `json:"input"`
	Options Options `json:"options"`
	// Rows counts the input rows; Exported those written; Skipped those
	// that are not exportable, by reason (Exportable, or "encode_error");
	// DeadLettered the input lines that could not be parsed.
	// Rows = Exported + sum(Skipped); lines = Rows + DeadLettered.
	Rows         int64            `json:"rows"`
	Exported     int64            `json:"exported"`
	Skipped      map[string]int64 `json:"skipped,omitempty"`
	DeadLettered int64            `json:"dead_lettered"`
	// Splits lists each split's rows, structure units and files.
	Splits []SplitFiles `json:"splits"`
}

// ManifestVersion identifies the layout of Manifest.
const ManifestVersion = "export-v1"

// SplitFiles is one split of an export.
type SplitFiles struct {
	Name  string   `json:"name"`
	Rows  int64    `json:"rows"`
	Units int64    `json:"units"`
	Files []string `json:"files"`
}

// Files returns each split's files under the layout of o for an
// assignment (splits without rows get none).
func (o Options) Files(a Assignment) []SplitFiles {
	out := make([]SplitFiles, len(a.Splits))
	for k, s := range a.Splits {
		n := o.Shards(a.Rows[k])
		sf := SplitFiles{Name: s.Name, Rows: a.Rows[k], Units: a.Units[k]}
		for i := 0; i < n; i++ {
			sf.Files = append(sf.Files, o.FileName(s.Name, i, n))
		}
		out[k] = sf
	}
	return out
}

// CardConfigs is the dataset card's configs: one default config whose
// data files are each non-empty split's files (a glob per split).
func (o Options) CardConfigs(splits []SplitFiles) []report.DataConfig {
	c := report.DataConfig{Name: "default"}
	for _, s := range splits {
		if len(s.Files) == 0 {
			continue
		}
		c.Files = append(c.Files, report.DataFile{Split: s.Name, Path: "data/" + s.Name + "-*." + o.Ext()})
	}
	return []report.DataConfig{c}
}
