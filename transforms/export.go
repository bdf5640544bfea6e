package transforms

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/export"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/schemas"
)

// This file holds the stages of `arrows export`: encode each accepted row
// in the export format, assign rows to splits (one assignment for the
// whole corpus, from the rows' structure units), write each data file
// sorted by id, and write the manifest (export.json) and the dataset card.
// The logic is in internal/export.

// ManifestFile is the name of the export's manifest beside its data files.
const ManifestFile = "export.json"

// Tally is one count of an export's outcome tally (export.Count* keys).
type Tally struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

func init() {
	register.DoFn5x1[context.Context, schemas.Record, func(export.Encoded), func(schemas.Record), func(schemas.DeadLetter), error](&encodeExportFn{})
	register.Emitter1[export.Encoded]()
	register.Function2x0[export.Encoded, func(string, export.Unit)](unitOfEncoded)
	register.Emitter2[string, export.Unit]()
	register.Function2x1[export.Unit, export.Unit, export.Unit](mergeUnits)
	register.Function2x0[export.Unit, func(int, export.Unit)](keyUnit)
	register.Function2x0[[]byte, func(int, export.Unit)](unitMarker)
	register.Emitter2[int, export.Unit]()
	register.DoFn4x1[context.Context, int, func(*export.Unit) bool, func(string), error](&assignSplitsFn{})
	register.Iter1[export.Unit]()
	register.DoFn4x1[context.Context, export.Encoded, string, func(string, export.Encoded), error](&placeRowFn{})
	register.DoFn3x1[[]byte, string, func(string, export.Encoded), error](&fileMarkersFn{})
	register.Emitter2[string, export.Encoded]()
	register.DoFn4x1[context.Context, string, func(*export.Encoded) bool, func(Tally), error](&writeDataFileFn{})
	register.Iter1[export.Encoded]()
	register.Emitter1[Tally]()
	register.DoFn2x0[schemas.DeadLetter, func(Tally)](&tallyDeadFn{})
	register.Function2x0[Tally, func(int, Tally)](keyTally)
	register.Function2x0[[]byte, func(int, Tally)](tallyMarker)
	register.Emitter2[int, Tally]()
	register.DoFn6x1[context.Context, int, func(*Tally) bool, string, stats.Stats, func(string), error](&writeManifestFn{})
	register.Iter1[Tally]()
}

// EncodeExport encodes each record in the export format (export.Options
// .Encode). Rows that cannot be exported (not accepted, missing fields, a
// template that fails on them) leave as dead letters whose reason is the
// skip reason prefixed "skipped_"; the exported records also leave as
// they came, for the statistics.
func EncodeExport(s beam.Scope, opts export.Options, records beam.PCollection) (rows, exported, skipped beam.PCollection) {
	s = s.Scope("Encode")
	return beam.ParDo3(s, &encodeExportFn{Opts: opts}, records)
}

// SkippedPrefix starts the dead-letter reason of a row the export skipped.
const SkippedPrefix = "skipped_"

type encodeExportFn struct {
	Opts export.Options `json:"opts"`

	exp *export.Exporter
}

func (fn *encodeExportFn) Setup() error {
	var err error
	fn.exp, err = export.NewExporter(fn.Opts.Chat)
	return err
}

func (fn *encodeExportFn) ProcessElement(ctx context.Context, rec schemas.Record, rows func(export.Encoded), exported func(schemas.Record), skipped func(schemas.DeadLetter)) error {
	enc, reason, detail := fn.Opts.Encode(fn.exp, &rec)
	if reason != "" {
		line, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode skipped row %s: %w", rec.ID, err)
		}
		count(ctx, "export/skipped/"+reason)
		skipped(schemas.DeadLetter{Origin: originOf(rec), Reason: SkippedPrefix + reason, Detail: detail, Line: string(line)})
		return nil
	}
	count(ctx, "export/encoded")
	rows(enc)
	exported(rec)
	return nil
}

// originOf is where a record was read from (its origin, else its id).
func originOf(rec schemas.Record) schemas.Origin {
	if rec.Origin != nil {
		return *rec.Origin
	}
	return schemas.Origin{RecordID: rec.ID}
}

// AssignSplits assigns the rows' structure units to the splits of opts
// (export.Assign) and returns the assignment as a one-element collection
// of its JSON, for the writers' side input. Units are merged per group
// where they are produced (a combiner), so only one unit per program
// structure reaches the single assigning step.
func AssignSplits(s beam.Scope, opts export.Options, rows beam.PCollection) beam.PCollection {
	s = s.Scope("AssignSplits")
	units := beam.CombinePerKey(s, mergeUnits, beam.ParDo(s, unitOfEncoded, rows))
	keyed := beam.ParDo(s, keyUnit, beam.DropKey(s, units))
	marker := beam.ParDo(s, unitMarker, beam.Impulse(s))
	return beam.ParDo(s, &assignSplitsFn{Splits: opts.Splits}, beam.GroupByKey(s, beam.Flatten(s, keyed, marker)))
}

func unitOfEncoded(e export.Encoded, emit func(string, export.Unit)) {
	emit(e.Group, e.Unit())
}

func mergeUnits(a, b export.Unit) export.Unit { return a.Merge(b) }

func keyUnit(u export.Unit, emit func(int, export.Unit)) { emit(0, u) }

// unitMarker makes the assignment's group non-empty for an empty corpus.
func unitMarker(_ []byte, emit func(int, export.Unit)) { emit(0, export.Unit{}) }

type assignSplitsFn struct {
	Splits []export.Split `json:"splits"`
}

func (fn *assignSplitsFn) ProcessElement(ctx context.Context, _ int, units func(*export.Unit) bool, emit func(string)) error {
	var all []export.Unit
	var u export.Unit
	for units(&u) {
		if u.Rows > 0 {
			all = append(all, u)
		}
	}
	a, err := export.Assign(all, fn.Splits)
	if err != nil {
		return err
	}
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode split assignment: %w", err)
	}
	beam.NewCounter(metricNS, "export/units").Inc(ctx, int64(len(all)))
	emit(string(b))
	return nil
}

// assignmentCache decodes the assignment side input once per DoFn
// instance.
type assignmentCache struct {
	text string
	a    export.Assignment
}

func (c *assignmentCache) get(text string) (export.Assignment, error) {
	if text != c.text || c.a.Splits == nil {
		var a export.Assignment
		if err := json.Unmarshal([]byte(text), &a); err != nil {
			return a, fmt.Errorf("decode split assignment: %w", err)
		}
		c.text, c.a = text, a
	}
	return c.a, nil
}

// WriteExport writes the rows into their data files under out (a split's
// shard by a hash of the row id; each file sorted by id, written
// atomically; every file of the assignment is written, none other) and
// returns the tally of rows per file and exported (Tally).
//
// A file's rows are brought together and sorted in memory by one worker:
// the files are bounded by export.Options.RowsPerShard rows.
func WriteExport(s beam.Scope, out string, opts export.Options, rows, assignment beam.PCollection) beam.PCollection {
	s = s.Scope("WriteData")
	placed := beam.ParDo(s, &placeRowFn{Opts: opts}, rows, beam.SideInput{Input: assignment})
	markers := beam.ParDo(s, &fileMarkersFn{Opts: opts}, beam.Impulse(s), beam.SideInput{Input: assignment})
	files := beam.GroupByKey(s, beam.Flatten(s, placed, markers))
	return beam.ParDo(s, &writeDataFileFn{Out: out, Opts: opts}, files)
}

type placeRowFn struct {
	Opts export.Options `json:"opts"`

	cache assignmentCache
}

func (fn *placeRowFn) ProcessElement(ctx context.Context, e export.Encoded, assignment string, emit func(string, export.Encoded)) error {
	a, err := fn.cache.get(assignment)
	if err != nil {
		return err
	}
	emit(fn.Opts.Place(a, e.Group, e.ID), e)
	return nil
}

// fileMarkersFn emits an empty marker per data file of the assignment, so
// that each is written even if no row hashes to it.
type fileMarkersFn struct {
	Opts export.Options `json:"opts"`
}

func (fn *fileMarkersFn) ProcessElement(_ []byte, assignment string, emit func(string, export.Encoded)) error {
	var c assignmentCache
	a, err := c.get(assignment)
	if err != nil {
		return err
	}
	for _, sf := range fn.Opts.Files(a) {
		for _, f := range sf.Files {
			emit(f, export.Encoded{})
		}
	}
	return nil
}

type writeDataFileFn struct {
	Out  string         `json:"out"`
	Opts export.Options `json:"opts"`
}

func (fn *writeDataFileFn) ProcessElement(ctx context.Context, file string, rows func(*export.Encoded) bool, emit func(Tally)) error {
	var all []export.Encoded
	var e export.Encoded
	for rows(&e) {
		if e.ID != "" {
			all = append(all, e)
		}
	}
	final := JoinPath(fn.Out, file)
	fs, err := filesystem.New(ctx, final)
	if err != nil {
		return fmt.Errorf("open filesystem for %s: %w", final, err)
	}
	defer fs.Close()
	var n int64
	if err := writeAtomic(ctx, fs, final, func(w *bufio.Writer) error {
		var err error
		n, err = fn.Opts.WriteFile(w, all)
		return err
	}); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	beam.NewCounter(metricNS, "export/exported").Inc(ctx, n)
	emit(Tally{Key: export.CountFilePrefix + file, N: n})
	emit(Tally{Key: export.CountExported, N: n})
	return nil
}

// TallyDeadLetters counts dead letters: read errors as dead_lettered,
// skipped rows (reason SkippedPrefix + r) as skipped/r. It pre-sums per
// bundle.
func TallyDeadLetters(s beam.Scope, dead beam.PCollection) beam.PCollection {
	return beam.ParDo(s.Scope("TallyDeadLetters"), &tallyDeadFn{}, dead)
}

type tallyDeadFn struct {
	counts map[string]int64
}

func (fn *tallyDeadFn) StartBundle(_ func(Tally)) { fn.counts = map[string]int64{} }

func (fn *tallyDeadFn) ProcessElement(d schemas.DeadLetter, _ func(Tally)) {
	if r, ok := strings.CutPrefix(d.Reason, SkippedPrefix); ok {
		fn.counts[export.CountSkippedPrefix+r]++
		return
	}
	fn.counts[export.CountDeadLettered]++
}

func (fn *tallyDeadFn) FinishBundle(emit func(Tally)) {
	keys := make([]string, 0, len(fn.counts))
	for k := range fn.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		emit(Tally{Key: k, N: fn.counts[k]})
	}
	fn.counts = nil
}

func keyTally(t Tally, emit func(int, Tally)) { emit(0, t) }

func tallyMarker(_ []byte, emit func(int, Tally)) { emit(0, Tally{}) }

// WriteFile writes data to path (local or gs://) atomically: a temporary
// file beside it, then a rename.
func WriteFile(ctx context.Context, path string, data []byte) error {
	return writeFileAtomic(ctx, path, data)
}

// ExportMeta is what the manifest and card of an export say besides the
// counts.
type ExportMeta struct {
	// Input is the --in the rows were read from.
	Input string `json:"input"`
	// Card is the dataset card's metadata; Configs, Fields and DataFiles
	// are set from the export's layout.
	Card report.CardMeta `json:"card"`
}

// WriteManifest sums the tallies, checks that the counts add up
// (export.NewManifest: a failure fails the job) and writes export.json
// and the dataset card (README.md, from st: the statistics of the
// exported rows) into out. It returns the manifest's path.
func WriteManifest(s beam.Scope, out string, opts export.Options, meta ExportMeta, assignment, st beam.PCollection, tallies ...beam.PCollection) beam.PCollection {
	s = s.Scope("WriteManifest")
	keyed := []beam.PCollection{beam.ParDo(s, tallyMarker, beam.Impulse(s))}
	for _, t := range tallies {
		keyed = append(keyed, beam.ParDo(s, keyTally, t))
	}
	grouped := beam.GroupByKey(s, beam.Flatten(s, keyed...))
	return beam.ParDo(s, &writeManifestFn{Out: out, Opts: opts, Meta: meta}, grouped,
		beam.SideInput{Input: assignment}, beam.SideInput{Input: st})
}

type writeManifestFn struct {
	Out  string         `json:"out"`
	Opts export.Options `json:"opts"`
	Meta ExportMeta     `json:"meta"`
}

func (fn *writeManifestFn) ProcessElement(ctx context.Context, _ int, tallies func(*Tally) bool, assignment string, st stats.Stats, emit func(string)) error {
	counts := map[string]int64{}
	var t Tally
	for tallies(&t) {
		if t.Key != "" {
			counts[t.Key] += t.N
		}
	}
	var c assignmentCache
	a, err := c.get(assignment)
	if err != nil {
		return err
	}
	m, err := export.NewManifest(fn.Meta.Input, fn.Opts, a, counts)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	path := JoinPath(fn.Out, ManifestFile)
	if err := writeFileAtomic(ctx, path, append(b, '\n')); err != nil {
		return err
	}
	card := fn.Meta.Card
	card.ArrowsVersion = version.Version
	card.Configs = fn.Opts.CardConfigs(m.Splits)
	card.DataFiles = "data/*." + fn.Opts.Ext()
	card.Fields, card.FieldsOf = fn.Opts.Fields(), card.DataFiles
	name := CardFile
	if card.File != "" {
		name = card.File // DATASET_CARD.md beside a README.md arrows did not write
	}
	if err := writeFileAtomic(ctx, JoinPath(fn.Out, name), []byte(report.DatasetCard(&st, card))); err != nil {
		return err
	}
	emit(path)
	return nil
}
