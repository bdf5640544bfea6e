package dedup

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/arrows-math/arrows/internal/extsort"
)

// Config holds the deduplication parameters.
type Config struct {
	// MinHash holds the near-duplicate parameters.
	MinHash MinHash
	// MaxPerStructure caps the rows kept per StructureKey; 0 disables the
	// structure stage.
	MaxPerStructure int
}

// Engine deduplicates rows by their Keys in bounded memory. It makes the
// same decisions as resolving every group in memory:
//
//   - exact: rows with the same Exact key keep the first row (smallest
//     (Round, ID)); the others are removed with Of = that row;
//   - near, on the rows exact kept: every row joins one group per LSH band
//     (MinHash.BandHashes); each group is resolved as MinHash.Dedup does,
//     greedily in (Round, ID) order, a row being a duplicate of the most
//     similar earlier row kept in that group whose Similarity reaches the
//     threshold (ties: the earlier row); a row removed in any band is
//     removed, with the highest similarity and then the smallest Of over
//     its bands;
//   - structure, on the rows near kept: rows with the same non-empty
//     Structure keep the first MaxPerStructure; the others are removed with
//     Of = the first.
//
// Rows are ordered by (Round, ID), so with a single round "first" is the
// smallest id. A row's fate depends only on rows ordered before it: the
// decisions for the rows of rounds 1..r are the same whether or not later
// rounds are present, which is what makes resumable rounds exact.
//
// Every step is a sort or a streaming pass over sorted runs (extsort) in
// Scratch: the keys are never all in memory, only the buffers of the
// sorters and, for a band group, its kept signatures up to
// NearMemoryBytes (beyond that they are compared from disk in chunks).
// Key records that share (Round, ID) are copies of one row (ids are
// content hashes): the engine decides once per row, taking the near and
// structure keys from the first copy in byte order of its encoding, while
// the exact stage considers the Exact key of every copy.
type Engine struct {
	Config Config
	// Scratch and ScratchDir hold the engine's temporary runs (removed when
	// Run returns).
	Scratch    extsort.Storage
	ScratchDir string
	// Sort bounds the memory of each sorter and the merge fan-in.
	Sort extsort.Options
	// NearMemoryBytes bounds the signatures of one band group held in
	// memory (0: Sort.MemoryBytes or extsort.DefaultMemoryBytes).
	NearMemoryBytes int
}

// Sinks receive the engine's results, in (Round, ID) order.
type Sinks struct {
	// Key, when set, receives every distinct row's key record (OrderKey and
	// Key.Encode bytes): the compacted input of a later round.
	Key func(order, encoded []byte) error
	// Decision receives the decision of every removed row.
	Decision func(d *Decision) error
}

// Summary counts what the engine saw and decided.
type Summary struct {
	// Rows is the number of distinct rows; Copies the further key records
	// of rows already seen.
	Rows   int64 `json:"rows"`
	Copies int64 `json:"copies"`
	// Exact, Near and Structure count the rows each stage removed.
	Exact     int64 `json:"exact"`
	Near      int64 `json:"near"`
	Structure int64 `json:"structure"`
	// BandGroups is the number of band groups with two or more rows, and
	// LargestBandGroup the size of the largest; SpilledBandGroups counts
	// groups whose kept signatures did not fit NearMemoryBytes.
	BandGroups        int64 `json:"band_groups"`
	LargestBandGroup  int64 `json:"largest_band_group"`
	SpilledBandGroups int64 `json:"spilled_band_groups"`
}

// Run deduplicates the rows whose keys keys yields: records sorted by
// extsort order with OrderKey keys and Key.Encode values (the merge of
// sorted key runs).
func (e *Engine) Run(ctx context.Context, keys extsort.Iterator, sinks Sinks) (Summary, error) {
	r := &engineRun{e: e, ctx: ctx, opt: e.Sort}
	defer r.cleanup()
	if err := r.run(keys, sinks); err != nil {
		return r.sum, fmt.Errorf("dedup: %w", err)
	}
	return r.sum, nil
}

type engineRun struct {
	e     *Engine
	ctx   context.Context
	opt   extsort.Options
	sum   Summary
	files []string
}

func (r *engineRun) cleanup() {
	for _, f := range r.files {
		r.e.Scratch.Remove(r.ctx, f)
	}
}

func (r *engineRun) sorter(prefix string) *extsort.Sorter {
	return extsort.NewSorter(r.e.Scratch, r.e.ScratchDir, prefix, r.opt)
}

// file creates a scratch file removed at the end.
func (r *engineRun) file(prefix string) (string, *extsort.Writer, error) {
	name, err := extsort.NewRunName(r.e.ScratchDir, prefix)
	if err != nil {
		return "", nil, err
	}
	r.files = append(r.files, name)
	wc, err := r.e.Scratch.Create(r.ctx, name)
	if err != nil {
		return "", nil, fmt.Errorf("create %s: %w", name, err)
	}
	return name, extsort.NewWriter(wc), nil
}

func (r *engineRun) open(name string) (*extsort.Reader, error) {
	rc, err := r.e.Scratch.Open(r.ctx, name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return extsort.NewReader(name, rc), nil
}

// sortedFile drains a sorter into one scratch file and releases the
// sorter's runs.
func (r *engineRun) sortedFile(s *extsort.Sorter, prefix string) (string, error) {
	it, err := s.Sorted(r.ctx)
	if err != nil {
		return "", err
	}
	name, w, err := r.file(prefix)
	if err != nil {
		it.Close()
		return "", err
	}
	for it.Next() {
		if err := w.Write(it.Key(), it.Value()); err != nil {
			it.Close()
			w.Close()
			return "", fmt.Errorf("write %s: %w", name, err)
		}
	}
	err = errors.Join(it.Err(), it.Close(), w.Close(), s.Remove(r.ctx))
	return name, err
}

// prefixed is a grouping key: uvarint length, key, then the order key.
func prefixed(key string, order []byte) []byte {
	b := binary.AppendUvarint(make([]byte, 0, 2+len(key)+len(order)), uint64(len(key)))
	b = append(b, key...)
	return append(b, order...)
}

// splitPrefixed splits a prefixed key into the group part and the order key.
func splitPrefixed(b []byte) (group, order []byte, err error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return nil, nil, fmt.Errorf("bad grouping key")
	}
	return b[:k+int(n)], b[k+int(n):], nil
}

// bandGroupLen is the length of a band group id: band index and hash.
const bandGroupLen = 9

func (r *engineRun) run(keys extsort.Iterator, sinks Sinks) error {
	keys0, err := r.collect(keys, sinks.Key)
	if err != nil {
		return err
	}
	marksE, err := r.exact(keys0.exact)
	if err != nil {
		return err
	}
	keys1, bands, err := r.survivors(keys0.name, marksE, true)
	if err != nil {
		return err
	}
	marksN, err := r.near(keys1, bands)
	if err != nil {
		return err
	}
	marks := []string{marksE, marksN}
	if r.e.Config.MaxPerStructure > 0 {
		_, structs, err := r.survivors(keys1, marksN, false)
		if err != nil {
			return err
		}
		marksS, err := r.structure(structs)
		if err != nil {
			return err
		}
		marks = append(marks, marksS)
	}
	return r.decide(marks, sinks.Decision)
}

type collected struct {
	name  string
	exact *extsort.Sorter
}

// collect writes one key record per distinct row (the first copy) to a
// scratch file and to the key sink, and sorts (Exact, order) pairs.
func (r *engineRun) collect(keys extsort.Iterator, sink func(order, encoded []byte) error) (collected, error) {
	name, w, err := r.file("keys")
	if err != nil {
		return collected{}, err
	}
	exact := r.sorter("exact")
	var prev []byte
	var prevExact []string
	for keys.Next() {
		order, val := keys.Key(), keys.Value()
		d := decoder{b: val}
		ex := d.str()
		if d.err != nil {
			w.Close()
			return collected{}, fmt.Errorf("key record: %w", d.err)
		}
		if prev != nil {
			switch c := bytes.Compare(order, prev); {
			case c < 0:
				w.Close()
				return collected{}, fmt.Errorf("key records are not sorted (%q after %q)", order, prev)
			case c == 0:
				r.sum.Copies++
				if !contains(prevExact, ex) {
					prevExact = append(prevExact, ex)
					if err := exact.Add(r.ctx, prefixed(ex, order), nil); err != nil {
						w.Close()
						return collected{}, err
					}
				}
				continue
			}
		}
		r.sum.Rows++
		prev = append(prev[:0], order...)
		prevExact = append(prevExact[:0], ex)
		if err := w.Write(order, val); err != nil {
			w.Close()
			return collected{}, fmt.Errorf("write %s: %w", name, err)
		}
		if sink != nil {
			if err := sink(order, val); err != nil {
				w.Close()
				return collected{}, err
			}
		}
		if err := exact.Add(r.ctx, prefixed(ex, order), nil); err != nil {
			w.Close()
			return collected{}, err
		}
	}
	if err := errors.Join(keys.Err(), w.Close()); err != nil {
		return collected{}, err
	}
	return collected{name: name, exact: exact}, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// groups calls fn for each run of records of it that share group(key):
// fn reads the run's records with next until it returns false.
func groups(it extsort.Iterator, group func(key []byte) ([]byte, error), fn func(g []byte, next func() ([]byte, []byte, bool)) error) error {
	var cur []byte
	has := it.Next()
	for has {
		g, err := group(it.Key())
		if err != nil {
			return err
		}
		cur = append(cur[:0], g...)
		first, done := true, false
		next := func() ([]byte, []byte, bool) {
			if done {
				return nil, nil, false
			}
			if first {
				first = false
				return it.Key(), it.Value(), true
			}
			if has = it.Next(); !has {
				done = true
				return nil, nil, false
			}
			g, err2 := group(it.Key())
			if err2 != nil {
				err, done, has = err2, true, false
				return nil, nil, false
			}
			if !bytes.Equal(g, cur) {
				done = true
				return nil, nil, false
			}
			return it.Key(), it.Value(), true
		}
		if err := fn(cur, next); err != nil {
			return err
		}
		for { // skip what fn did not read
			if _, _, ok := next(); !ok {
				break
			}
		}
		if err != nil {
			return err
		}
	}
	return it.Err()
}

// exact marks every row whose Exact key an earlier row has.
func (r *engineRun) exact(sorted *extsort.Sorter) (string, error) {
	it, err := sorted.Sorted(r.ctx)
	if err != nil {
		return "", err
	}
	defer func() { it.Close(); sorted.Remove(r.ctx) }()
	marks := r.sorter("marks-exact")
	err = groups(it, func(k []byte) ([]byte, error) {
		g, _, err := splitPrefixed(k)
		return g, err
	}, func(_ []byte, next func() ([]byte, []byte, bool)) error {
		var rep []byte
		repID := ""
		for {
			k, _, ok := next()
			if !ok {
				return nil
			}
			_, order, _ := splitPrefixed(k)
			if rep == nil {
				rep = append([]byte(nil), order...)
				_, repID, _ = ParseOrderKey(order)
				continue
			}
			if bytes.Equal(order, rep) {
				continue
			}
			d := Decision{Stage: StageExact, Of: repID, Detail: ExactDetail(repID)}
			if err := marks.Add(r.ctx, order, EncodeDecision(nil, &d)); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return "", err
	}
	return r.sortedFile(marks, "marks-exact-sorted")
}

// survivors joins the key records of keysFile with the marks of a stage
// (both sorted by order) and, for the rows not marked, writes their key
// records to a new file and feeds the next stage's sorter: band records
// (bands true) or structure records.
func (r *engineRun) survivors(keysFile, marksFile string, bands bool) (string, *extsort.Sorter, error) {
	keys, err := r.open(keysFile)
	if err != nil {
		return "", nil, err
	}
	defer keys.Close()
	marks, err := r.open(marksFile)
	if err != nil {
		return "", nil, err
	}
	defer marks.Close()
	var out *extsort.Writer
	name := ""
	if bands {
		if name, out, err = r.file("keys-kept"); err != nil {
			return "", nil, err
		}
	}
	next := r.sorter("structure")
	if bands {
		next = r.sorter("bands")
	}
	hasMark := marks.Next()
	mh := r.e.Config.MinHash
	rec := make([]byte, 0, bandGroupLen+64)
	for keys.Next() {
		order := keys.Key()
		for hasMark && bytes.Compare(marks.Key(), order) < 0 {
			hasMark = marks.Next()
		}
		if hasMark && bytes.Equal(marks.Key(), order) {
			continue
		}
		k, err := DecodeKey(order, keys.Value())
		if err != nil {
			return "", nil, err
		}
		if !bands {
			if k.Structure != "" {
				if err := next.Add(r.ctx, prefixed(k.Structure, order), nil); err != nil {
					return "", nil, err
				}
			}
			continue
		}
		if err := out.Write(order, keys.Value()); err != nil {
			out.Close()
			return "", nil, fmt.Errorf("write %s: %w", name, err)
		}
		for b, h := range mh.BandHashes(k.Signature) {
			rec = append(rec[:0], byte(b))
			rec = binary.BigEndian.AppendUint64(rec, h)
			rec = append(rec, order...)
			if err := next.Add(r.ctx, rec, nil); err != nil {
				return "", nil, err
			}
		}
	}
	err = errors.Join(keys.Err(), marks.Err())
	if out != nil {
		err = errors.Join(err, out.Close())
	}
	return name, next, err
}

// near resolves the band groups of the rows in keysFile.
func (r *engineRun) near(keysFile string, bands *extsort.Sorter) (string, error) {
	// Band groups of two or more rows: request each member's signature.
	it, err := bands.Sorted(r.ctx)
	if err != nil {
		return "", err
	}
	requests := r.sorter("requests")
	err = groups(it, func(k []byte) ([]byte, error) {
		if len(k) < bandGroupLen {
			return nil, fmt.Errorf("bad band record")
		}
		return k[:bandGroupLen], nil
	}, func(g []byte, next func() ([]byte, []byte, bool)) error {
		var first []byte
		n := int64(0)
		for {
			k, _, ok := next()
			if !ok {
				break
			}
			n++
			order := k[bandGroupLen:]
			switch n {
			case 1:
				first = append(first[:0], order...)
				continue
			case 2:
				if err := requests.Add(r.ctx, first, g); err != nil {
					return err
				}
			}
			if err := requests.Add(r.ctx, order, g); err != nil {
				return err
			}
		}
		if n >= 2 {
			r.sum.BandGroups++
			r.sum.LargestBandGroup = max(r.sum.LargestBandGroup, n)
		}
		return nil
	})
	err = errors.Join(err, it.Close(), bands.Remove(r.ctx))
	if err != nil {
		return "", err
	}

	// Join the requests with the signatures: (group, order) -> signature.
	members := r.sorter("members")
	req, err := requests.Sorted(r.ctx)
	if err != nil {
		return "", err
	}
	keys, err := r.open(keysFile)
	if err != nil {
		req.Close()
		return "", err
	}
	hasKey := keys.Next()
	var sig []byte
	var sigOrder []byte
	rec := make([]byte, 0, bandGroupLen+64)
	for req.Next() {
		order, g := req.Key(), req.Value()
		for hasKey && bytes.Compare(keys.Key(), order) < 0 {
			hasKey = keys.Next()
		}
		if !hasKey || !bytes.Equal(keys.Key(), order) {
			err = fmt.Errorf("band member %q has no key record", order)
			break
		}
		if !bytes.Equal(sigOrder, order) {
			d := decoder{b: keys.Value()}
			d.str()
			d.str()
			d.uvarint()
			if d.err != nil {
				err = d.err
				break
			}
			sig = append(sig[:0], d.b...)
			sigOrder = append(sigOrder[:0], order...)
		}
		rec = append(append(rec[:0], g...), order...)
		if err = members.Add(r.ctx, rec, sig); err != nil {
			break
		}
	}
	err = errors.Join(err, req.Err(), keys.Err(), req.Close(), keys.Close(), requests.Remove(r.ctx))
	if err != nil {
		return "", err
	}

	// Resolve each group.
	marks := r.sorter("marks-near")
	mem, err := members.Sorted(r.ctx)
	if err != nil {
		return "", err
	}
	limit := r.e.NearMemoryBytes
	if limit <= 0 {
		limit = r.opt.MemoryBytes
	}
	if limit <= 0 {
		limit = extsort.DefaultMemoryBytes
	}
	thr := r.e.Config.MinHash.Threshold
	err = groups(mem, func(k []byte) ([]byte, error) {
		if len(k) < bandGroupLen {
			return nil, fmt.Errorf("bad member record")
		}
		return k[:bandGroupLen], nil
	}, func(_ []byte, next func() ([]byte, []byte, bool)) error {
		g := &nearGroup{run: r, threshold: thr, limit: limit, emit: func(d Decision) error {
			d.Stage = StageNear
			d.Detail = NearDetail(d.Similarity, thr, d.Of)
			return marks.Add(r.ctx, OrderKey(d.Round, d.ID), EncodeDecision(nil, &d))
		}}
		for {
			k, v, ok := next()
			if !ok {
				break
			}
			if err := g.add(k[bandGroupLen:], v); err != nil {
				return err
			}
		}
		return g.finish()
	})
	err = errors.Join(err, mem.Close(), members.Remove(r.ctx))
	if err != nil {
		return "", err
	}
	return r.sortedFile(marks, "marks-near-sorted")
}

// structure keeps the first MaxPerStructure rows of every structure key.
func (r *engineRun) structure(sorted *extsort.Sorter) (string, error) {
	it, err := sorted.Sorted(r.ctx)
	if err != nil {
		return "", err
	}
	defer func() { it.Close(); sorted.Remove(r.ctx) }()
	max := r.e.Config.MaxPerStructure
	marks := r.sorter("marks-structure")
	err = groups(it, func(k []byte) ([]byte, error) {
		g, _, err := splitPrefixed(k)
		return g, err
	}, func(_ []byte, next func() ([]byte, []byte, bool)) error {
		kept := 0
		repID := ""
		var last []byte
		for {
			k, _, ok := next()
			if !ok {
				return nil
			}
			_, order, _ := splitPrefixed(k)
			if last != nil && bytes.Equal(order, last) {
				continue
			}
			last = append(last[:0], order...)
			if kept == 0 {
				_, repID, _ = ParseOrderKey(order)
			}
			if kept < max {
				kept++
				continue
			}
			d := Decision{Stage: StageStructure, Of: repID, Detail: StructureDetail(max, repID)}
			if err := marks.Add(r.ctx, order, EncodeDecision(nil, &d)); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return "", err
	}
	return r.sortedFile(marks, "marks-structure-sorted")
}

// decide merges the stages' marks and sends one decision per removed row.
func (r *engineRun) decide(marks []string, sink func(*Decision) error) error {
	it, err := extsort.Merge(r.ctx, r.e.Scratch, marks, r.e.ScratchDir, r.opt)
	if err != nil {
		return err
	}
	defer it.Close()
	var best *Decision
	flush := func() error {
		if best == nil {
			return nil
		}
		switch best.Stage {
		case StageExact:
			r.sum.Exact++
		case StageNear:
			r.sum.Near++
		case StageStructure:
			r.sum.Structure++
		}
		var err error
		if sink != nil {
			err = sink(best)
		}
		best = nil
		return err
	}
	for it.Next() {
		d, err := DecodeDecision(it.Key(), it.Value())
		if err != nil {
			return err
		}
		if best != nil && (best.Round != d.Round || best.ID != d.ID) {
			if err := flush(); err != nil {
				return err
			}
		}
		if best == nil || d.better(best) {
			best = &d
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	return flush()
}
