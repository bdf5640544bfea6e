package transforms

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/extsort"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/schemas"
)

// DedupConfig configures deduplication. It is plain data carried by the
// DoFns.
type DedupConfig struct {
	// MinHash holds the near-duplicate parameters (shingles, permutations,
	// bands, threshold); see dedup.MinHash.
	MinHash dedup.MinHash `json:"minhash"`
	// MaxPerStructure caps how many rows one program structure may
	// contribute per topic set (dedup.StructureKey); 0 disables the cap.
	MaxPerStructure int `json:"max_per_structure"`
	// Staging is set by the job, not by users: where the stage keeps its
	// sorted runs, and the rounds of a --target-accepted run.
	Staging DedupStaging `json:"staging"`
}

// DedupStaging says where the dedup stage keeps its sorted runs and how it
// spreads the routing of the rows; the job fills it in.
type DedupStaging struct {
	// Dir holds the staged rows, keys and decisions while the stage runs;
	// they are removed at the end. It must be a directory every worker
	// reaches (the jobs use <out>/.tmp-dedup). Empty: a new directory in
	// the temporary directory of the machine that builds the pipeline,
	// which only single-machine runners (prism) can share.
	Dir string `json:"dir,omitempty"`
	// Partitions is the number of groups the rows are routed in
	// (0: defaultDedupPartitions).
	Partitions int `json:"partitions,omitempty"`
	// MemoryBytes bounds each buffer of sorted records (0:
	// defaultDedupMemory).
	MemoryBytes int `json:"memory_bytes,omitempty"`
	// Round is the round of a --target-accepted run the rows belong to
	// (0 without rounds): rows of earlier rounds come first.
	Round int `json:"round,omitempty"`
	// PriorKeys is the key file of every row of the earlier rounds (the
	// KeysOut of the round before): this job's rows are deduplicated
	// against them too. Empty: none.
	PriorKeys string `json:"prior_keys,omitempty"`
	// KeysOut, when set, receives the key file of the earlier rounds' rows
	// and this job's rows: the next round's PriorKeys.
	KeysOut string `json:"keys_out,omitempty"`
}

const (
	defaultDedupPartitions = 8
	defaultDedupMemory     = 16 << 20
)

// defaultMaxPerStructure is the default structure cap. The offline
// generator varies numbers, names and the composition of topics, so a
// structure key (program AST with literals and names abstracted, plus the
// topic set) rarely repeats: in a 1,000-seed offline run the largest group
// had 5 rows and 858 of 976 rows had a key of their own.
const defaultMaxPerStructure = 5

// DefaultDedupConfig returns the defaults: dedup.DefaultMinHash (threshold
// 0.7) and at most defaultMaxPerStructure rows per structure.
func DefaultDedupConfig() DedupConfig {
	return DedupConfig{MinHash: dedup.DefaultMinHash(), MaxPerStructure: defaultMaxPerStructure}
}

// Validate reports unusable parameters.
func (c DedupConfig) Validate() error {
	if err := c.MinHash.Validate(); err != nil {
		return env.In("MinHash", err)
	}
	if c.MinHash.Threshold <= 0 || c.MinHash.Threshold > 1 {
		return env.Errorf("MinHash.Threshold", "must be in (0, 1], got %g", c.MinHash.Threshold)
	}
	if c.MaxPerStructure < 0 {
		return env.Errorf("MaxPerStructure", "must be ≥ 0 (0: no cap), got %d", c.MaxPerStructure)
	}
	if c.Staging.Partitions < 0 || c.Staging.MemoryBytes < 0 || c.Staging.Round < 0 {
		return env.Errorf("Staging", "partitions, memory and round must be ≥ 0")
	}
	return nil
}

func (c DedupConfig) partitions() int {
	if c.Staging.Partitions > 0 {
		return c.Staging.Partitions
	}
	return defaultDedupPartitions
}

func (c DedupConfig) sortOptions() extsort.Options {
	m := c.Staging.MemoryBytes
	if m <= 0 {
		m = defaultDedupMemory
	}
	return extsort.Options{MemoryBytes: m}
}

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(int, string), func(int, string), error](&stageRowsFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(string), error](&dedupEngineFn{})
	register.DoFn7x1[context.Context, int, func(*string) bool, string, func(schemas.Record), func(schemas.Record), func(int), error](&routeRowsFn{})
	register.Emitter1[int]()
	register.Function2x1(sumInts)
	register.DoFn2x1[context.Context, int, error](&removeStagingFn{})
}

// Dedup removes duplicate rows in three stages, each on the survivors of
// the one before (the rows of all cols together): exact (same normalised problem text), near (MinHash/LSH
// similarity of the problem texts at or above the threshold) and structure
// (more than cfg.MaxPerStructure rows with the same program structure and
// topic set). Every stage keeps a deterministic representative, the first
// row in (round, id) order — the smallest id within a run — and sends the
// others to rejected with stage "dedup", a reason from the dedup package
// and Rejection.Match naming the row they duplicate. Copies of one row (the
// same id, e.g. a line repeated in a verified corpus) keep the copy read
// first from the input (file, then line; see stagedRow), so the kept copy
// is the same on every runner.
//
// No step's memory grows with the number of rows, on any runner, and no
// row crosses a stage boundary (on prism every such boundary holds its
// whole collection in memory):
//
//  1. where the rows are produced, each bundle writes them as sorted runs
//     (extsort) into cfg.Staging.Dir, one per routing partition (a hash of
//     the id), and their compact dedup keys (dedup.Key, about 1 KB) as
//     sorted runs of their own; only the run names go on;
//  2. one worker merges the key runs (with cfg.Staging.PriorKeys, the rows
//     of earlier rounds) and runs dedup.Engine over them — sorts and
//     streaming passes over sorted runs on its local disk — writing the
//     decisions, in order, to a file;
//  3. per partition, the row runs are merged and joined with the decision
//     file as a stream (dedup.Route), and each row is kept or rejected.
//
// The decisions depend only on the multiset of rows, never on bundle
// boundaries or the runner: the engine orders rows by (round, id) and
// equal ids by the bytes of their encoding.
func Dedup(s beam.Scope, cfg DedupConfig, cols ...beam.PCollection) (kept, rejected beam.PCollection) {
	s = s.Scope("Dedup")
	if cfg.Staging.Dir == "" {
		cfg.Staging.Dir = filepath.Join(os.TempDir(), "arrows-dedup-"+mustNonce())
	}
	keyRuns := []beam.PCollection{beam.ParDo(s, &shardMarkersFn{Shards: 1}, beam.Impulse(s))}
	rowRuns := []beam.PCollection{beam.ParDo(s, &shardMarkersFn{Shards: cfg.partitions()}, beam.Impulse(s))}
	for _, c := range cols {
		r, k := beam.ParDo2(s, &stageRowsFn{Cfg: cfg}, c)
		rowRuns, keyRuns = append(rowRuns, r), append(keyRuns, k)
	}
	decisions := beam.ParDo(s, &dedupEngineFn{Cfg: cfg}, beam.GroupByKey(s, beam.Flatten(s, keyRuns...)))
	rowGroups := beam.GroupByKey(s, beam.Flatten(s, rowRuns...))
	kept, rejected, done := beam.ParDo3(s, &routeRowsFn{Cfg: cfg}, rowGroups, beam.SideInput{Input: decisions})
	beam.ParDo0(s, &removeStagingFn{Dir: cfg.Staging.Dir}, beam.Combine(s, sumInts, done))
	return kept, rejected
}

func mustNonce() string {
	n, err := newNonce()
	if err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return n
}

// stageRowsFn writes the rows of a bundle as sorted runs per routing
// partition and their dedup keys as sorted runs, under one memory budget
// each, and emits (partition, run) and (0, key run).
type stageRowsFn struct {
	Cfg DedupConfig `json:"cfg"`

	rows             *extsort.Partitioned
	keys             *extsort.Sorter
	emitRow, emitKey func(int, string)
}

func (fn *stageRowsFn) StartBundle(_ context.Context, rowRuns, keyRuns func(int, string)) {
	fn.emitRow, fn.emitKey = rowRuns, keyRuns
	dir := fn.Cfg.Staging.Dir
	opt := fn.Cfg.sortOptions()
	fn.rows = extsort.NewPartitioned(beamStorage{}, dir, func(p int) string { return fmt.Sprintf("rows-%05d", p) }, opt.MemoryBytes,
		func(p int, run string) error { fn.emitRow(p, run); return nil })
	fn.keys = extsort.NewSorter(beamStorage{}, dir, "keys", opt)
}

func (fn *stageRowsFn) ProcessElement(ctx context.Context, rec schemas.Record, rowRuns, keyRuns func(int, string)) error {
	fn.emitRow, fn.emitKey = rowRuns, keyRuns
	b, err := stagedRow(rec)
	if err != nil {
		return fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	order := dedup.OrderKey(fn.Cfg.Staging.Round, rec.ID)
	if err := fn.rows.Add(ctx, shardOf(rec.ID, fn.Cfg.partitions()), order, b); err != nil {
		return fmt.Errorf("stage row %s: %w", rec.ID, err)
	}
	skeleton, source := "", ""
	if rec.Execution != nil {
		skeleton = rec.Execution.Skeleton
	}
	if rec.Program != nil {
		source = rec.Program.Source
	}
	k := dedup.NewKey(fn.Cfg.MinHash, fn.Cfg.Staging.Round, rec.ID, rec.Problem, skeleton, source, row.TopicIDs(rec.Seed))
	if err := fn.keys.Add(ctx, order, k.Encode(nil)); err != nil {
		return fmt.Errorf("stage dedup key of %s: %w", rec.ID, err)
	}
	return nil
}

func (fn *stageRowsFn) FinishBundle(ctx context.Context, rowRuns, keyRuns func(int, string)) error {
	fn.emitRow, fn.emitKey = rowRuns, keyRuns
	if err := fn.rows.Spill(ctx); err != nil {
		return fmt.Errorf("stage rows: %w", err)
	}
	if err := fn.keys.Spill(ctx); err != nil {
		return fmt.Errorf("stage dedup keys: %w", err)
	}
	for _, r := range fn.keys.Runs() {
		keyRuns(0, r)
	}
	fn.rows, fn.keys = nil, nil
	return nil
}

// dedupEngineFn merges every key run (and the earlier rounds' key file)
// and runs dedup.Engine over them on local scratch space; it writes the
// decisions, sorted by (round, id), to one file in the staging directory
// and emits its path.
type dedupEngineFn struct {
	Cfg DedupConfig `json:"cfg"`
}

func (fn *dedupEngineFn) ProcessElement(ctx context.Context, _ int, names func(*string) bool, emit func(string)) error {
	return timed(ctx, "dedup", func() error { return fn.run(ctx, names, emit) })
}

func (fn *dedupEngineFn) run(ctx context.Context, names func(*string) bool, emit func(string)) error {
	runs := nonEmpty(names)
	if fn.Cfg.Staging.PriorKeys != "" {
		runs = append(runs, fn.Cfg.Staging.PriorKeys)
	}
	scratch, err := os.MkdirTemp("", "arrows-dedup-engine-")
	if err != nil {
		return fmt.Errorf("dedup scratch directory: %w", err)
	}
	defer os.RemoveAll(scratch)
	opt := fn.Cfg.sortOptions()
	st := beamStorage{}
	keys, err := extsort.Merge(ctx, st, runs, scratch, opt)
	if err != nil {
		return fmt.Errorf("merge dedup keys: %w", err)
	}
	defer keys.Close()
	decPath, err := extsort.NewRunName(fn.Cfg.Staging.Dir, "decisions")
	if err != nil {
		return err
	}
	decW, err := createRun(ctx, st, decPath)
	if err != nil {
		return err
	}
	var keyW *extsort.Writer
	if fn.Cfg.Staging.KeysOut != "" {
		if keyW, err = createRun(ctx, st, fn.Cfg.Staging.KeysOut); err != nil {
			decW.Close()
			return err
		}
	}
	eng := dedup.Engine{
		Config:  dedup.Config{MinHash: fn.Cfg.MinHash, MaxPerStructure: fn.Cfg.MaxPerStructure},
		Scratch: extsort.Local{}, ScratchDir: scratch, Sort: opt,
	}
	sinks := dedup.Sinks{Decision: func(d *dedup.Decision) error {
		return decW.Write(dedup.OrderKey(d.Round, d.ID), dedup.EncodeDecision(nil, d))
	}}
	if keyW != nil {
		sinks.Key = keyW.Write
	}
	sum, err := eng.Run(ctx, keys, sinks)
	err = errors.Join(err, decW.Close())
	if keyW != nil {
		err = errors.Join(err, keyW.Close())
	}
	if err != nil {
		return err
	}
	log.Infof(ctx, "dedup: %d rows (%d repeated copies): %d exact, %d near, %d structure duplicates; %d band groups, largest %d, %d spilled",
		sum.Rows, sum.Copies, sum.Exact, sum.Near, sum.Structure, sum.BandGroups, sum.LargestBandGroup, sum.SpilledBandGroups)
	emit(decPath)
	return nil
}

func createRun(ctx context.Context, st extsort.Storage, p string) (*extsort.Writer, error) {
	wc, err := st.Create(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", p, err)
	}
	return extsort.NewWriter(wc), nil
}

// nonEmpty drains an iterable of names, dropping the markers (""), sorted.
func nonEmpty(names func(*string) bool) []string {
	var out []string
	var n string
	for names(&n) {
		if n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// routeRowsFn merges the row runs of one partition and joins them with the
// decisions as a stream (dedup.Route): kept rows go on, removed rows are
// rejected at stage "dedup". It emits the partition when done.
type routeRowsFn struct {
	Cfg DedupConfig `json:"cfg"`
}

func (fn *routeRowsFn) ProcessElement(ctx context.Context, p int, names func(*string) bool, decisions string,
	ok, rejected func(schemas.Record), done func(int)) error {
	// The rows' later stages (decontamination, the writers' runs) run
	// fused inside the emits: the route's time includes them.
	if err := fn.route(ctx, p, names, decisions, ok, rejected); err != nil {
		return err
	}
	done(p)
	return nil
}

func (fn *routeRowsFn) route(ctx context.Context, p int, names func(*string) bool, decisions string, ok, rejected func(schemas.Record)) error {
	st := beamStorage{}
	rows, err := extsort.Merge(ctx, st, nonEmpty(names), fn.Cfg.Staging.Dir, fn.Cfg.sortOptions())
	if err != nil {
		return fmt.Errorf("merge staged rows of partition %d: %w", p, err)
	}
	defer rows.Close()
	rc, err := st.Open(ctx, decisions)
	if err != nil {
		return fmt.Errorf("open dedup decisions: %w", err)
	}
	dec := extsort.NewReader(decisions, rc)
	defer dec.Close()
	stages := []string{"dedup_exact", "dedup_near", "dedup_structure"}
	if fn.Cfg.MaxPerStructure <= 0 {
		stages = stages[:2]
	}
	err = dedup.Route(rows, dec, func(_, b []byte, v dedup.Verdict) error {
		rec, err := unstageRow(b)
		if err != nil {
			return err
		}
		for _, name := range stages[:min(v.Passed, len(stages))] {
			count(ctx, "funnel/"+name)
		}
		switch {
		case v.Kept():
			ok(rec)
			return nil
		case v.Copy:
			out := row.Reject(rec, schemas.StageDedup, dedup.ReasonExact, dedup.CopyDetail(rec.ID))
			out.Rejection.Match = rec.ID
			rec = out
		default:
			out := row.Reject(rec, schemas.StageDedup, v.Decision.Reason(), v.Decision.Detail)
			out.Rejection.Match = v.Decision.Of
			rec = out
		}
		count(ctx, "rejected/"+rec.Rejection.Stage+"/"+rec.Rejection.Reason)
		rejected(rec)
		return nil
	})
	if err != nil {
		return fmt.Errorf("route the rows of partition %d: %w", p, err)
	}
	return nil
}

func sumInts(a, b int) int { return a + b }

// stagedRow is a row as dedup stages it: a tiebreak, then its JSON. The
// staged rows sort by (order key, staged bytes), so the copies of a row
// (the same id) come together ordered by the tiebreak, and the first copy
// is the one kept. The tiebreak is where the row was read (file, line,
// record id), so the copy read first from the input is kept on every
// runner: the rest of a row's bytes hold measured times, which differ
// between runs. Rows without an origin (generated rows, whose copies can
// only be a runner's retries) have an empty tiebreak.
//
// Layout: the file name, a NUL byte, the line as 8 bytes big-endian, the
// record id, a NUL byte, the row's JSON.
func stagedRow(rec schemas.Record) ([]byte, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	var o schemas.Origin
	if rec.Origin != nil {
		o = *rec.Origin
	}
	if strings.ContainsRune(o.File, 0) || strings.ContainsRune(o.RecordID, 0) {
		return nil, fmt.Errorf("origin %q line %d has a NUL byte", o.File, o.Line)
	}
	out := make([]byte, 0, len(o.File)+len(o.RecordID)+10+len(b))
	out = append(out, o.File...)
	out = append(out, 0)
	out = binary.BigEndian.AppendUint64(out, uint64(o.Line))
	out = append(out, o.RecordID...)
	out = append(out, 0)
	return append(out, b...), nil
}

// unstageRow decodes a row staged by stagedRow.
func unstageRow(b []byte) (schemas.Record, error) {
	var rec schemas.Record
	i := bytes.IndexByte(b, 0)
	if i < 0 || len(b) < i+9 {
		return rec, fmt.Errorf("decode staged row: no tiebreak")
	}
	j := bytes.IndexByte(b[i+9:], 0)
	if j < 0 {
		return rec, fmt.Errorf("decode staged row: no end of tiebreak")
	}
	if err := json.Unmarshal(b[i+9+j+1:], &rec); err != nil {
		return rec, fmt.Errorf("decode staged row: %w", err)
	}
	return rec, nil
}

// removeStagingFn removes the staging directory's files once every
// partition is routed (its input is the count of routed partitions, so it
// runs after all of them).
type removeStagingFn struct {
	Dir string `json:"dir"`
}

func (fn *removeStagingFn) ProcessElement(ctx context.Context, _ int) error {
	st := beamStorage{}
	names, err := st.list(ctx, JoinPath(fn.Dir, "*"))
	if err != nil {
		log.Warnf(ctx, "list the dedup staging directory %s: %v", fn.Dir, err)
		return nil
	}
	for _, n := range names {
		if err := st.Remove(ctx, n); err != nil {
			log.Warnf(ctx, "remove staged file %s: %v", n, err)
		}
	}
	if !strings.Contains(fn.Dir, "://") {
		os.Remove(fn.Dir) // the empty directory; object stores have none
	}
	return nil
}
