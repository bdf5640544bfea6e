package transforms

import (
	"context"
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
	// Globs are file patterns (local paths or gs:// URLs), plain, .gz or .bz2.
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

// FileRange is a line range (corpus.Range) of one input file.
type FileRange struct {
	Path  string       `json:"path"`
	Range corpus.Range `json:"range"`
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
// A truncated or corrupt .gz or .bz2 file does not fail the job: every whole
// line decompressed before the fault is read, and the rest of the file
// becomes one dead letter (reason truncated_file or corrupt_file, with the
// decompressed and compressed offsets in its Fault). Errors of the storage
// itself (a missing object, a failed read) still fail the job.
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

// planRangesFn reads a file once and emits its line ranges
// (corpus.PlanRanges): each ends at a line end once it holds RangeBytes, a
// file holds at most maxRangesPerFile ranges (a file's only range may be
// empty), and a truncated or corrupt compressed file gets one more range
// for its unreadable remainder, which becomes one dead letter.
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
	ranges, err := corpus.PlanRanges(r, size, maxRangesPerFile)
	if err != nil {
		return fmt.Errorf("read %s: %w", f.Path, err)
	}
	for _, rg := range ranges {
		if rg.Fault != nil {
			count(ctx, "read_faulty_files")
		}
		emit(FileRange{Path: f.Path, Range: rg})
	}
	beam.NewCounter(metricNS, "read_ranges").Inc(ctx, int64(len(ranges)))
	return nil
}

// readRangeFn scans the lines of one range (corpus.ScanRange): each line
// becomes a record or a dead letter, and a fault range its one dead letter.
type readRangeFn struct {
	Cfg ReadConfig `json:"cfg"`
}

func (fn *readRangeFn) ProcessElement(ctx context.Context, rg FileRange, emit func(schemas.Record), dead func(schemas.DeadLetter)) error {
	p := corpus.Parser{Format: corpus.Format(fn.Cfg.Format), Fields: fn.Cfg.Fields, MaxLineBytes: fn.Cfg.MaxLineBytes}
	r, closeAll, err := openDecompressed(ctx, rg.Path)
	if err != nil {
		return err
	}
	defer closeAll()
	file := row.OriginName(fn.Cfg.Globs, rg.Path)
	c, err := corpus.ScanRange(r, file, rg.Range, p,
		func(it corpus.Item) error {
			count(ctx, "funnel/read")
			emit(row.FromItem(it, fn.Cfg.Pathway))
			return nil
		},
		func(dl schemas.DeadLetter) error {
			count(ctx, "deadletter/"+dl.Reason)
			dead(dl)
			return nil
		})
	if err != nil {
		return fmt.Errorf("read %s: %w", rg.Path, err)
	}
	beam.NewCounter(metricNS, "lines").Inc(ctx, c.Lines)
	return nil
}
