package transforms

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/schemas"
)

// ReadConfig configures reading existing corpora.
type ReadConfig struct {
	// Globs are file patterns (local paths or gs:// URLs), plain or .gz.
	// Origins record each file relative to its glob's base directory (see
	// OriginName), so the same corpus gives the same record ids and the
	// same output bytes wherever it is stored.
	Globs  []string        `json:"globs"`
	Format string          `json:"format"`
	Fields corpus.FieldMap `json:"fields"`
	// MaxLineBytes caps a line; longer lines are dead-lettered (0: default 1 MiB).
	MaxLineBytes int `json:"max_line_bytes"`
	// Pathway is recorded on records built from external formats.
	Pathway string `json:"pathway"`
}

func init() {
	register.DoFn4x1[context.Context, fileio.FileMetadata, func(schemas.Record), func(schemas.DeadLetter), error](&readFileFn{})
	register.Emitter1[schemas.DeadLetter]()
}

// ReadCorpus reads every line of the files matching cfg.Globs exactly once,
// without textio (which silently drops lines of .gz files): each file is
// opened through Beam's filesystem (local or gs://), decompressed when it is
// gzip, and scanned line by line. Each line becomes a record or a dead
// letter with its origin (file, line number, the record's own id).
func ReadCorpus(s beam.Scope, cfg ReadConfig) (records, dead beam.PCollection) {
	s = s.Scope("Read")
	var matches []beam.PCollection
	for _, g := range cfg.Globs {
		matches = append(matches, fileio.MatchFiles(s, g, fileio.MatchEmptyDisallow()))
	}
	files := beam.Reshuffle(s, beam.Flatten(s, matches...))
	records, dead = beam.ParDo2(s, &readFileFn{Cfg: cfg}, files)
	return beam.Reshuffle(s, records), dead
}

type readFileFn struct {
	Cfg ReadConfig `json:"cfg"`
}

func (fn *readFileFn) ProcessElement(ctx context.Context, f fileio.FileMetadata, emit func(schemas.Record), dead func(schemas.DeadLetter)) error {
	fs, err := filesystem.New(ctx, f.Path)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", f.Path, err)
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, f.Path)
	if err != nil {
		return fmt.Errorf("open %s: %w", f.Path, err)
	}
	defer rc.Close()
	r, err := corpus.Decompress(rc, f.Path)
	if err != nil {
		return fmt.Errorf("decompress %s: %w", f.Path, err)
	}
	p := corpus.Parser{Format: corpus.Format(fn.Cfg.Format), Fields: fn.Cfg.Fields, MaxLineBytes: fn.Cfg.MaxLineBytes}
	counts, err := corpus.Scan(r, OriginName(fn.Cfg.Globs, f.Path), p, func(it corpus.Item) error {
		count(ctx, "funnel/read")
		emit(ItemRecord(it, fn.Cfg.Pathway))
		return nil
	}, func(dl schemas.DeadLetter) error {
		count(ctx, "deadletter/"+dl.Reason)
		dead(dl)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read %s (after %d lines): %w", f.Path, counts.Lines, err)
	}
	beam.NewCounter(metricNS, "lines").Inc(ctx, counts.Lines)
	return nil
}

// OriginName is the file name recorded in origins (and hashed into the ids
// of external rows) for a file the globs matched: its path relative to the
// common base directory of the globs, a glob's base being the part before
// the segment holding its first wildcard. With --in
// gs://bucket/gsm8k/*.jsonl and --in ./gsm8k/*.jsonl the file test.jsonl is
// recorded as "test.jsonl" both times, so a corpus copied from a laptop to a
// bucket keeps its record ids and its verified outputs are byte for byte
// the same; with --in run/accepted/*.jsonl,run/rejected/*.jsonl the files
// are "accepted/part-…" and "rejected/part-…", never two files under one
// name. A path under no common base is kept as it is.
func OriginName(globs []string, file string) string {
	norm := normPath(file)
	base, found := "", false
	for _, g := range globs {
		b := globBase(g)
		if !found {
			base, found = b, true
			continue
		}
		base = commonDir(base, b)
	}
	if !found || norm == base || !strings.HasPrefix(norm, base) {
		return file
	}
	return strings.TrimPrefix(norm, base)
}

// commonDir is the longest common prefix of two directory paths that ends
// in "/" ("" when they share no directory).
func commonDir(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	if n == len(a) && n == len(b) {
		return a
	}
	if i := strings.LastIndex(a[:n], "/"); i >= 0 {
		d := a[:i+1]
		if strings.HasSuffix(d, "://") || strings.HasSuffix(d, ":/") {
			return "" // only the scheme in common
		}
		return d
	}
	return ""
}

// globBase is the directory part of glob before its first wildcard, ending
// in "/" ("" for a bare pattern such as *.jsonl).
func globBase(glob string) string {
	g := normPath(glob)
	if i := strings.IndexAny(g, "*?["); i >= 0 {
		g = g[:i]
	}
	i := strings.LastIndex(g, "/")
	if i < 0 {
		return ""
	}
	return g[:i+1]
}

// normPath cleans local paths the way filepath.Glob returns them
// ("./in//a.jsonl" is "in/a.jsonl"); URLs (gs://…) are left alone.
func normPath(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return path.Clean(p)
}

// ItemRecord turns a parsed input line into a record. Rows of our own format
// keep everything they carry; external rows become records of pathway
// "verify" (or the given pathway) whose seed holds the source item.
func ItemRecord(it corpus.Item, pathway string) schemas.Record {
	origin := it.Origin
	if it.Record != nil {
		rec := *it.Record
		rec.Origin = &origin
		if rec.Provenance.Models == nil {
			rec.Provenance.Models = map[string]string{}
		}
		return rec
	}
	if pathway == "" {
		pathway = "verify"
	}
	src := *it.Source
	seed := schemas.Seed{
		ID:      hashID("source", origin.File, strconv.FormatInt(origin.Line, 10), src.Problem),
		Index:   origin.Line,
		Pathway: pathway,
		Source:  &src,
	}
	rec := schemas.Record{
		Seed:     seed,
		Problem:  src.Problem,
		Solution: src.Solution,
		Origin:   &origin,
		Provenance: schemas.Provenance{
			Generator:     "external",
			Models:        map[string]string{},
			ArrowsVersion: version.Version,
			Pathway:       pathway,
		},
	}
	rec.ID = RecordID(&rec)
	return rec
}
