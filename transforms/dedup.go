package transforms

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/env"
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
}

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
	return nil
}

func init() {
	beam.RegisterCoder(reflect.TypeOf((*dedup.Member)(nil)).Elem(), encodeMember, decodeMember)
	beam.RegisterCoder(reflect.TypeOf((*dupMark)(nil)).Elem(), encodeMark, decodeMark)
	// The dedup steps are functions with their configuration as a singleton
	// side input rather than struct DoFns: register.DoFnNxM instantiates
	// Beam's generic bundle-method wrappers for every new signature, which
	// costs about 0.3 GB and 8 s of compiler time each for this package.
	register.Function2x0(exactKeyOf)
	register.Function2x0(structureKeyOf)
	register.Function2x0(keyByID)
	register.Emitter2[string, string]()
	register.Combiner3[[]string, string, []string](&smallestIDsFn{})
	register.Function5x0(markRest)
	register.Iter1[[]string]()
	register.Emitter2[string, dupMark]()
	register.Function3x0(bandMembers)
	register.Emitter2[string, dedup.Member]()
	register.Function4x0(nearMarks)
	register.Iter1[dedup.Member]()
	register.Emitter2[string, schemas.Record]()
	register.Function7x0(applyMarks)
	register.Iter1[schemas.Record]()
	register.Iter1[dupMark]()
}

// Dedup removes duplicate rows in three stages, each on the survivors of
// the one before: exact (same normalised problem text), near (MinHash/LSH
// similarity of the problem texts at or above the threshold) and structure
// (more than cfg.MaxPerStructure rows with the same program structure and
// topic set). Every stage keeps a deterministic representative, the
// smallest row id, and sends the others to rejected with stage "dedup", a
// reason from the dedup package and Rejection.Match naming the row they
// duplicate. No step holds more than one key's group in memory.
func Dedup(s beam.Scope, cfg DedupConfig, in beam.PCollection) (kept, rejected beam.PCollection) {
	s = s.Scope("Dedup")
	kept, rejExact := dedupExact(s, in)
	kept, rejNear := dedupNear(s, cfg.MinHash, kept)
	if cfg.MaxPerStructure <= 0 {
		return kept, beam.Flatten(s, rejExact, rejNear)
	}
	kept, rejStruct := dedupStructure(s, cfg.MaxPerStructure, kept)
	return kept, beam.Flatten(s, rejExact, rejNear, rejStruct)
}

// dedupExact keeps one row per normalised problem text (dedup.ExactKey):
// key → smallest id per key (a lifted combiner) → join the key's ids with
// it → mark the others → join the marks back to the rows by id.
func dedupExact(s beam.Scope, in beam.PCollection) (kept, rejected beam.PCollection) {
	s = s.Scope("Exact")
	keys := beam.ParDo(s, exactKeyOf, in)
	marks := markAllButSmallest(s, keys, 1, dedup.ReasonExact)
	return joinMarks(s, "dedup_exact", in, marks)
}

// dedupNear drops near-duplicate problem texts: every row is emitted once
// per LSH band with its MinHash signature, each band group is resolved by
// MinHash.Dedup (greedy in id order, candidates confirmed by estimated
// similarity ≥ m.Threshold), and the union of the reported ids is joined
// back to the rows. A dropped row's Match is the smaller-id row it is
// similar to.
func dedupNear(s beam.Scope, m dedup.MinHash, in beam.PCollection) (kept, rejected beam.PCollection) {
	s = s.Scope("Near")
	params := sideValue(s, m)
	members := beam.ParDo(s, bandMembers, in, params)
	groups := beam.GroupByKey(s, members)
	marks := beam.ParDo(s, nearMarks, groups, params)
	return joinMarks(s, "dedup_near", in, marks)
}

// dedupStructure keeps at most max rows (the smallest ids) per program
// structure and topic set (dedup.StructureKey of Execution.Skeleton, or of
// dedup.SkeletonFromSource when the row has no skeleton). Rows without a
// program are never grouped.
func dedupStructure(s beam.Scope, max int, in beam.PCollection) (kept, rejected beam.PCollection) {
	s = s.Scope("Structure")
	keys := beam.ParDo(s, structureKeyOf, in)
	marks := markAllButSmallest(s, keys, max, dedup.ReasonStructure)
	return joinMarks(s, "dedup_structure", in, marks)
}

// sideValue is a configuration value as a singleton side input.
func sideValue(s beam.Scope, v any) beam.SideInput {
	return beam.SideInput{Input: beam.Create(s, v)}
}

// markSpec configures markRest.
type markSpec struct {
	Reason string `json:"reason"`
	N      int    `json:"n"`
}

// dupMark says that row Of is kept in place of the marked row.
type dupMark struct {
	Reason     string  `json:"reason"`
	Of         string  `json:"of"`
	Similarity float64 `json:"similarity,omitempty"`
	Detail     string  `json:"detail,omitempty"`
}

func encodeMark(m dupMark) ([]byte, error) { return json.Marshal(m) }

func decodeMark(b []byte) (dupMark, error) {
	var m dupMark
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("decode duplicate mark: %w", err)
	}
	return m, nil
}

// Members travel as: uvarint id length, id, uvarint signature length, then
// each hash as 8 little-endian bytes (MinHash values are uniform 64-bit
// numbers, so varints would not be shorter).
func encodeMember(m dedup.Member) ([]byte, error) {
	b := make([]byte, 0, 2*binary.MaxVarintLen64+len(m.ID)+8*len(m.Signature))
	b = binary.AppendUvarint(b, uint64(len(m.ID)))
	b = append(b, m.ID...)
	b = binary.AppendUvarint(b, uint64(len(m.Signature)))
	for _, h := range m.Signature {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	return b, nil
}

func decodeMember(b []byte) (dedup.Member, error) {
	var m dedup.Member
	r := bytes.NewReader(b)
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(r.Len()) {
		return m, fmt.Errorf("decode member id length: %v", err)
	}
	id := make([]byte, n)
	if _, err := io.ReadFull(r, id); err != nil {
		return m, fmt.Errorf("decode member id: %w", err)
	}
	k, err := binary.ReadUvarint(r)
	if err != nil || k*8 != uint64(r.Len()) {
		return m, fmt.Errorf("decode member signature length %d with %d bytes left: %v", k, r.Len(), err)
	}
	m.ID = string(id)
	m.Signature = make([]uint64, k)
	rest := b[len(b)-r.Len():]
	for i := range m.Signature {
		m.Signature[i] = binary.LittleEndian.Uint64(rest[8*i:])
	}
	return m, nil
}

// markAllButSmallest marks, in every key of keyed (KV<key, id>), the ids
// that are not among the n smallest. The n smallest are found with a lifted
// combiner (memory O(n) per key); the key's ids are then streamed once past
// them in a CoGroupByKey.
func markAllButSmallest(s beam.Scope, keyed beam.PCollection, n int, reason string) beam.PCollection {
	smallest := beam.CombinePerKey(s, &smallestIDsFn{N: n}, keyed)
	joined := beam.CoGroupByKey(s, keyed, smallest)
	return beam.ParDo(s, markRest, joined, sideValue(s, markSpec{Reason: reason, N: n}))
}

// exactKeyOf keys a row's id by its normalised problem text.
func exactKeyOf(rec schemas.Record, emit func(string, string)) {
	emit(dedup.ExactKey(rec.Problem), rec.ID)
}

// structureKeyOf keys a row's id by its program structure and topic set.
func structureKeyOf(rec schemas.Record, emit func(string, string)) {
	skeleton := ""
	if rec.Execution != nil {
		skeleton = rec.Execution.Skeleton
	}
	if skeleton == "" && rec.Program != nil {
		skeleton = dedup.SkeletonFromSource(rec.Program.Source)
	}
	if key := dedup.StructureKey(skeleton, row.TopicIDs(rec.Seed)); key != "" {
		emit(key, rec.ID)
	}
}

// smallestIDsFn keeps the N smallest distinct ids, sorted.
type smallestIDsFn struct {
	N int `json:"n"`
}

func (fn *smallestIDsFn) CreateAccumulator() []string { return nil }

func (fn *smallestIDsFn) AddInput(acc []string, id string) []string {
	return fn.keep(append(acc, id))
}

func (fn *smallestIDsFn) MergeAccumulators(a, b []string) []string {
	return fn.keep(append(append([]string{}, a...), b...))
}

func (fn *smallestIDsFn) ExtractOutput(acc []string) []string { return acc }

func (fn *smallestIDsFn) keep(ids []string) []string {
	sort.Strings(ids)
	out := ids[:0]
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			continue
		}
		out = append(out, id)
	}
	if len(out) > fn.N {
		out = out[:fn.N]
	}
	return out
}

// markRest marks every id of a key that is not among the kept ones.
func markRest(_ string, ids func(*string) bool, smallest func(*[]string) bool, spec markSpec, emit func(string, dupMark)) {
	var kept []string
	var k []string
	for smallest(&k) {
		kept = k
	}
	if len(kept) == 0 {
		return
	}
	keep := make(map[string]bool, len(kept))
	for _, id := range kept {
		keep[id] = true
	}
	detail := "same normalised problem text as row " + kept[0]
	if spec.Reason == dedup.ReasonStructure {
		detail = fmt.Sprintf("program structure and topic set already used by %d kept rows (the cap, --max-per-structure); smallest id %s", spec.N, kept[0])
	}
	var id string
	for ids(&id) {
		if !keep[id] {
			emit(id, dupMark{Reason: spec.Reason, Of: kept[0], Detail: detail})
		}
	}
}

// bandMembers emits a row's MinHash signature once per LSH band key.
func bandMembers(rec schemas.Record, m dedup.MinHash, emit func(string, dedup.Member)) {
	sig := m.Signature(rec.Problem)
	mem := dedup.Member{ID: rec.ID, Signature: sig}
	for _, key := range m.BandKeys(sig) {
		emit(key, mem)
	}
}

// nearMarks resolves one band group. Singleton groups (most of them) cost
// nothing; larger ones are held in memory while MinHash.Dedup runs.
func nearMarks(_ string, members func(*dedup.Member) bool, mh dedup.MinHash, emit func(string, dupMark)) {
	var group []dedup.Member
	var m dedup.Member
	for members(&m) {
		group = append(group, m)
		m = dedup.Member{}
	}
	if len(group) < 2 {
		return
	}
	for _, d := range mh.Dedup(group) {
		emit(d.ID, dupMark{
			Reason: dedup.ReasonNear, Of: d.Of, Similarity: d.Similarity,
			Detail: fmt.Sprintf("estimated Jaccard similarity %.2f ≥ %.2f to row %s", d.Similarity, mh.Threshold, d.Of),
		})
	}
}

// keyByID keys a row by its id.
func keyByID(rec schemas.Record, emit func(string, schemas.Record)) {
	emit(rec.ID, rec)
}

// joinMarks joins rows with the duplicate marks for their ids and routes
// the marked ones to rejected; funnel names the counter of kept rows.
func joinMarks(s beam.Scope, funnel string, rows, marks beam.PCollection) (kept, rejected beam.PCollection) {
	byID := beam.ParDo(s, keyByID, rows)
	joined := beam.CoGroupByKey(s, byID, marks)
	return beam.ParDo2(s, applyMarks, joined, sideValue(s, funnel))
}

// applyMarks routes the rows of one id. With several marks (a row similar
// to rows in several bands) the one kept is deterministic: the highest
// similarity, then the smallest representative id. Several rows with the
// same id (the same input given twice) are exact duplicates of each other:
// the first in encoding order stays.
func applyMarks(ctx context.Context, id string, recs func(*schemas.Record) bool, marks func(*dupMark) bool, funnel string,
	ok, rejected func(schemas.Record)) {
	var best *dupMark
	var m dupMark
	for marks(&m) {
		if best == nil || m.Similarity > best.Similarity || m.Similarity == best.Similarity && m.Of < best.Of {
			c := m
			best = &c
		}
	}
	var rows []schemas.Record
	var rec schemas.Record
	for recs(&rec) {
		rows = append(rows, rec)
		rec = schemas.Record{}
	}
	if len(rows) > 1 {
		sortByEncoding(rows)
	}
	emit := emitter(ctx, funnel, ok, rejected)
	for i, r := range rows {
		switch {
		case best != nil:
			out := row.Fail(r, schemas.StageDedup, best.Reason, best.Detail)
			out.Rec.Rejection.Match = best.Of
			emit(out)
		case i > 0:
			out := row.Fail(r, schemas.StageDedup, dedup.ReasonExact, "the same row (id "+id+") appears more than once in the input")
			out.Rec.Rejection.Match = id
			emit(out)
		default:
			emit(row.Pass(r))
		}
	}
}

func sortByEncoding(rows []schemas.Record) {
	keys := make([]string, len(rows))
	for i := range rows {
		b, _ := json.Marshal(rows[i])
		keys[i] = string(b)
	}
	sort.Sort(byKey{rows, keys})
}

type byKey struct {
	rows []schemas.Record
	keys []string
}

func (b byKey) Len() int           { return len(b.rows) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.rows[i], b.rows[j] = b.rows[j], b.rows[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}
