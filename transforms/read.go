package transforms

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// ReadConfig configures reading existing corpora.
type ReadConfig struct {
	// Globs are file patterns (local paths or gs:// URLs), plain or .gz.
	// Origins record each file relative to its glob's base directory (see
	// row.OriginName), so the same corpus gives the same record ids and the
	// same output bytes wherever it is stored.
	Globs  []string        `json:"globs"`
	Format string          `json:"format"`
	Fields corpus.FieldMap `json:"fields"`
	// MaxLineBytes caps a line; longer lines are dead-lettered (0: default 1 MiB).
	MaxLineBytes int `json:"max_line_bytes"`
	// Pathway is recorded on records built from external formats.
	Pathway string `json:"pathway"`
	// RangeBytes is the size of the line ranges a file is split into
	// (decompressed bytes; 0: DefaultRangeBytes). See ReadCorpus.
	RangeBytes int64 `json:"range_bytes,omitempty"`
}

// DefaultRangeBytes is the default size of the line ranges ReadCorpus
// splits files into.
const DefaultRangeBytes = 32 << 20

// maxRangesPerFile caps the ranges of one file: a range reader decompresses
// (or reads) its file from the start, so n ranges read the file about n/2
// times over; a larger file gets larger ranges instead of more.
const maxRangesPerFile = 64

// FileRange is a run of whole lines of one input file: decompressed bytes
// [Start, End), holding Lines lines, the first of which is line FirstLine
// (1-based) of the file.
type FileRange struct {
	Path      string `json:"path"`
	Start     int64  `json:"start"`
	End       int64  `json:"end"`
	FirstLine int64  `json:"first_line"`
	Lines     int64  `json:"lines"`
}

func init() {
	register.DoFn3x1[context.Context, fileio.FileMetadata, func(FileRange), error](&planRangesFn{})
	register.Emitter1[FileRange]()
	register.DoFn4x1[context.Context, FileRange, func(schemas.Record), func(schemas.DeadLetter), error](&readRangeFn{})
	register.Emitter1[schemas.DeadLetter]()
}

// ReadCorpus reads every line of the files matching cfg.Globs exactly once,
// without textio (which silently drops lines of .gz files): each file is
// opened through Beam's filesystem (local or gs://), decompressed when it is
// gzip or bzip2, and split into ranges of whole lines of about
// cfg.RangeBytes; the ranges (not the rows) are reshuffled, so that the
// ranges of one large file are read in parallel on a distributed runner,
// and each range is scanned line by line. Each line becomes a record or a
// dead letter with its origin (file, line number, the record's own id),
// exactly as if the file were read in one piece.
//
// The rows are not reshuffled: they flow, fused, into the stages that
// consume them. On prism every stage boundary holds the whole collection
// crossing it in memory, so the rows must not cross one.
func ReadCorpus(s beam.Scope, cfg ReadConfig) (records, dead beam.PCollection) {
	s = s.Scope("Read")
	var matches []beam.PCollection
	for _, g := range cfg.Globs {
		matches = append(matches, fileio.MatchFiles(s, g, fileio.MatchEmptyDisallow()))
	}
	files := beam.Reshuffle(s, beam.Flatten(s, matches...))
	ranges := beam.ParDo(s, &planRangesFn{RangeBytes: cfg.RangeBytes}, files)
	return beam.ParDo2(s, &readRangeFn{Cfg: cfg}, beam.Reshuffle(s, ranges))
}

// openDecompressed opens a file through Beam's filesystem and returns a
// reader of its decompressed content.
func openDecompressed(ctx context.Context, p string) (io.Reader, func(), error) {
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return nil, nil, fmt.Errorf("open filesystem for %s: %w", p, err)
	}
	rc, err := fs.OpenRead(ctx, p)
	if err != nil {
		fs.Close()
		return nil, nil, fmt.Errorf("open %s: %w", p, err)
	}
	closeAll := func() {
		rc.Close()
		fs.Close()
	}
	r, err := corpus.Decompress(rc, p)
	if err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("decompress %s: %w", p, err)
	}
	return r, closeAll, nil
}

// planRangesFn reads a file once, counting lines as corpus.ReadLines
// delimits them, and emits its ranges: each ends at a line end once it
// holds RangeBytes, and a file holds at most maxRangesPerFile ranges (a
// file's only range may be empty).
type planRangesFn struct {
	RangeBytes int64 `json:"range_bytes"`
}

func (fn *planRangesFn) ProcessElement(ctx context.Context, f fileio.FileMetadata, emit func(FileRange)) error {
	r, closeAll, err := openDecompressed(ctx, f.Path)
	if err != nil {
		return err
	}
	defer closeAll()
	size := fn.RangeBytes
	if size <= 0 {
		size = DefaultRangeBytes
	}
	// Cut at every line end past a multiple of size (from the previous
	// cut), then merge neighbours when there are too many.
	var (
		cuts     []FileRange
		cur      = FileRange{Path: f.Path, FirstLine: 1}
		off      int64
		lastByte byte
		buf      = make([]byte, 256<<10)
	)
	for {
		n, rerr := r.Read(buf)
		chunk := buf[:n]
		for len(chunk) > 0 {
			i := bytes.IndexByte(chunk, '\n')
			if i < 0 {
				off += int64(len(chunk))
				break
			}
			off += int64(i + 1)
			chunk = chunk[i+1:]
			cur.Lines++
			if off-cur.Start >= size {
				cur.End = off
				cuts = append(cuts, cur)
				cur = FileRange{Path: f.Path, Start: off, FirstLine: cur.FirstLine + cur.Lines}
			}
		}
		if n > 0 {
			lastByte = buf[n-1]
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read %s (at byte %d): %w", f.Path, off, rerr)
		}
	}
	if off > cur.Start && lastByte != '\n' {
		cur.Lines++ // a last line without a newline
	}
	cur.End = off
	if cur.End > cur.Start || len(cuts) == 0 {
		cuts = append(cuts, cur)
	}
	ranges := coalesceRanges(cuts, maxRangesPerFile)
	for _, rg := range ranges {
		emit(rg)
	}
	beam.NewCounter(metricNS, "read_ranges").Inc(ctx, int64(len(ranges)))
	return nil
}

// coalesceRanges merges neighbouring ranges into at most max ranges of
// about equal numbers of cuts.
func coalesceRanges(cuts []FileRange, max int) []FileRange {
	if len(cuts) <= max {
		return cuts
	}
	per := (len(cuts) + max - 1) / max
	var out []FileRange
	for i := 0; i < len(cuts); i += per {
		rg := cuts[i]
		for _, c := range cuts[i+1 : min(i+per, len(cuts))] {
			rg.End = c.End
			rg.Lines += c.Lines
		}
		out = append(out, rg)
	}
	return out
}

// readRangeFn scans the lines of one range.
type readRangeFn struct {
	Cfg ReadConfig `json:"cfg"`
}

func (fn *readRangeFn) ProcessElement(ctx context.Context, rg FileRange, emit func(schemas.Record), dead func(schemas.DeadLetter)) error {
	p := corpus.Parser{Format: corpus.Format(fn.Cfg.Format), Fields: fn.Cfg.Fields, MaxLineBytes: fn.Cfg.MaxLineBytes}
	if _, err := corpus.ParseFormat(string(p.Format)); err != nil {
		return err
	}
	r, closeAll, err := openDecompressed(ctx, rg.Path)
	if err != nil {
		return err
	}
	defer closeAll()
	br := bufio.NewReaderSize(r, 256<<10)
	if n, err := br.Discard(int(rg.Start)); err != nil {
		return fmt.Errorf("read %s: skip to byte %d (file changed since it was split?): got %d bytes: %w", rg.Path, rg.Start, n, err)
	}
	file := row.OriginName(fn.Cfg.Globs, rg.Path)
	var lines int64
	err = corpus.ReadLines(io.LimitReader(br, rg.End-rg.Start), p.MaxLineBytes, func(n int64, line []byte, tooLong bool) error {
		lines++
		origin := schemas.Origin{File: file, Line: rg.FirstLine + n - 1}
		var (
			it   corpus.Item
			perr error
		)
		if tooLong {
			perr = &corpus.ParseError{Reason: corpus.ReasonOversized}
		} else {
			it, perr = p.Parse(line, origin)
		}
		if perr != nil {
			dl := corpus.NewDeadLetter(origin, line, perr)
			count(ctx, "deadletter/"+dl.Reason)
			dead(dl)
			return nil
		}
		count(ctx, "funnel/read")
		emit(row.FromItem(it, fn.Cfg.Pathway))
		return nil
	})
	if err != nil {
		return fmt.Errorf("read %s (lines %d-): %w", rg.Path, rg.FirstLine, err)
	}
	if lines != rg.Lines {
		return fmt.Errorf("read %s: bytes %d-%d hold %d lines, %d when the file was split (file changed?)", rg.Path, rg.Start, rg.End, lines, rg.Lines)
	}
	beam.NewCounter(metricNS, "lines").Inc(ctx, lines)
	return nil
}
