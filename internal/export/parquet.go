package export

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/parquet-go/parquet-go"

	"github.com/arrows-math/arrows/internal/version"
)

// RowSchemaVersion names the layout of Row; it is stored in each Parquet
// file's key-value metadata under "arrows.row_schema".
const RowSchemaVersion = "arrows-row-v1"

// ParquetFileName is the Hugging Face layout name of shard i (from 0) of n
// of a split: data/{split}-{i:05d}-of-{n:05d}.parquet.
func ParquetFileName(split string, i, n int) string {
	return fmt.Sprintf("data/%s-%05d-of-%05d.parquet", split, i, n)
}

// JSONLFileName is the same layout for the JSONL formats (.jsonl).
func JSONLFileName(split string, i, n int) string {
	return fmt.Sprintf("data/%s-%05d-of-%05d.jsonl", split, i, n)
}

// WriteParquet writes rows, sorted by id, as one Parquet file to w (see
// ParquetWriter). The rows are sorted in place.
func WriteParquet(w io.Writer, rows []Row) error {
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	pw := NewParquetWriter(w)
	for _, r := range rows {
		if err := pw.Write(r); err != nil {
			return err
		}
	}
	return pw.Close()
}

// ReadParquet reads every row of a Parquet file written by WriteParquet.
func ReadParquet(r io.ReaderAt, size int64) ([]Row, error) {
	f, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("open parquet file: %w", err)
	}
	pr := parquet.NewGenericReader[Row](f)
	defer pr.Close()
	out := make([]Row, 0, f.NumRows())
	buf := make([]Row, 256)
	for {
		n, err := pr.Read(buf)
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read parquet rows: %w", err)
		}
		if n == 0 {
			break
		}
	}
	return out, nil
}

// RowGroupRows bounds the rows of one Parquet row group, and so the rows a
// ParquetWriter holds in memory.
const RowGroupRows = 5000

// ParquetWriter streams rows into one Parquet file, in the order given
// (callers sort them by id), holding at most one row group in memory.
type ParquetWriter struct {
	w *parquet.GenericWriter[Row]
	n int64
}

// NewParquetWriter starts a Parquet file on w (Snappy compression).
func NewParquetWriter(w io.Writer) *ParquetWriter {
	return &ParquetWriter{w: parquet.NewGenericWriter[Row](w,
		parquet.Compression(&parquet.Snappy),
		parquet.CreatedBy("arrows", version.Version, RowSchemaVersion),
		parquet.KeyValueMetadata("arrows.row_schema", RowSchemaVersion),
		parquet.MaxRowsPerRowGroup(RowGroupRows),
	)}
}

// Write adds one row.
func (pw *ParquetWriter) Write(r Row) error {
	if _, err := pw.w.Write([]Row{r}); err != nil {
		return fmt.Errorf("write parquet row %s: %w", r.ID, err)
	}
	pw.n++
	return nil
}

// Rows is the number of rows written.
func (pw *ParquetWriter) Rows() int64 { return pw.n }

// Close writes the footer (the file is not valid before).
func (pw *ParquetWriter) Close() error {
	if err := pw.w.Close(); err != nil {
		return fmt.Errorf("close parquet file: %w", err)
	}
	return nil
}
