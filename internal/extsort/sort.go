package extsort

import (
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
)

// DefaultMemoryBytes is the default in-memory budget of a Sorter.
const DefaultMemoryBytes = 32 << 20

// DefaultFanIn is the default largest number of runs merged at once; each
// open run costs a 64 KiB read buffer.
const DefaultFanIn = 128

// entryOverhead is what one buffered record costs besides its bytes (its
// index entry).
const entryOverhead = 32

// Iterator is a stream of records in sorted order.
type Iterator interface {
	// Next advances to the next record; false at the end or on an error.
	Next() bool
	// Key and Value are the current record's, valid until the next Next.
	Key() []byte
	Value() []byte
	// Err is the first error met, if any.
	Err() error
	// Close releases the stream (and removes its intermediate runs).
	Close() error
}

// Sorter sorts records in bounded memory: it buffers up to MemoryBytes of
// records, writes them to Dir as a sorted run whenever the budget is
// reached, and merges the runs when asked for the sorted stream.
type Sorter struct {
	st     Storage
	dir    string
	prefix string
	limit  int
	fanIn  int

	arena []byte
	ents  []entry
	runs  []string
	added int64
}

type entry struct {
	off, klen, vlen int
}

// Options configures a Sorter or a merge.
type Options struct {
	// MemoryBytes is the buffer budget (0: DefaultMemoryBytes).
	MemoryBytes int
	// FanIn is the largest number of runs merged at once (0:
	// DefaultFanIn; at least 2).
	FanIn int
}

func (o Options) withDefaults() Options {
	if o.MemoryBytes <= 0 {
		o.MemoryBytes = DefaultMemoryBytes
	}
	if o.FanIn <= 0 {
		o.FanIn = DefaultFanIn
	}
	if o.FanIn < 2 {
		o.FanIn = 2
	}
	return o
}

// NewSorter returns a Sorter that writes its runs to dir (in st), named
// <prefix>-<nonce>-<n>.
func NewSorter(st Storage, dir, prefix string, opt Options) *Sorter {
	opt = opt.withDefaults()
	return &Sorter{st: st, dir: dir, prefix: prefix, limit: opt.MemoryBytes, fanIn: opt.FanIn}
}

// Add buffers a copy of the record, spilling a sorted run when the buffer
// is full.
func (s *Sorter) Add(ctx context.Context, key, val []byte) error {
	if len(s.ents) > 0 && len(s.arena)+len(key)+len(val)+entryOverhead*(len(s.ents)+1) > s.limit {
		if err := s.Spill(ctx); err != nil {
			return err
		}
	}
	off := len(s.arena)
	if need := off + len(key) + len(val); need > cap(s.arena) {
		// Grow by doubling, but not past the budget: the buffer's real size
		// stays within the budget plus one record.
		c := min(max(2*cap(s.arena), 64<<10), max(s.limit, need))
		s.arena = append(make([]byte, 0, max(c, need)), s.arena...)
	}
	s.arena = append(s.arena, key...)
	s.arena = append(s.arena, val...)
	s.ents = append(s.ents, entry{off: off, klen: len(key), vlen: len(val)})
	s.added++
	return nil
}

// Added is the number of records added.
func (s *Sorter) Added() int64 { return s.added }

// Buffered is the number of bytes held in memory.
func (s *Sorter) Buffered() int { return len(s.arena) + entryOverhead*len(s.ents) }

func (s *Sorter) key(e entry) []byte { return s.arena[e.off : e.off+e.klen] }
func (s *Sorter) val(e entry) []byte {
	return s.arena[e.off+e.klen : e.off+e.klen+e.vlen]
}

func (s *Sorter) sortBuffer() {
	sort.Slice(s.ents, func(i, j int) bool {
		a, b := s.ents[i], s.ents[j]
		return Compare(s.key(a), s.val(a), s.key(b), s.val(b)) < 0
	})
}

// Spill writes the buffered records as a sorted run (nothing when the
// buffer is empty).
func (s *Sorter) Spill(ctx context.Context) error {
	if len(s.ents) == 0 {
		return nil
	}
	s.sortBuffer()
	name, err := NewRunName(s.dir, s.prefix)
	if err != nil {
		return err
	}
	wc, err := s.st.Create(ctx, name)
	if err != nil {
		return fmt.Errorf("create run %s: %w", name, err)
	}
	w := NewWriter(wc)
	for _, e := range s.ents {
		if err := w.Write(s.key(e), s.val(e)); err != nil {
			w.Close()
			return fmt.Errorf("write run %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write run %s: %w", name, err)
	}
	s.runs = append(s.runs, name)
	s.arena, s.ents = s.arena[:0], s.ents[:0]
	return nil
}

// Runs are the runs written so far.
func (s *Sorter) Runs() []string { return append([]string(nil), s.runs...) }

// Sorted returns every record added, in order. Records still buffered are
// sorted in memory and merged with the runs written so far; when nothing
// was spilled no file is touched. The Sorter must not be used afterwards
// except for Remove.
func (s *Sorter) Sorted(ctx context.Context) (Iterator, error) {
	s.sortBuffer()
	mem := &memIter{s: s, i: -1}
	if len(s.runs) == 0 {
		return mem, nil
	}
	return mergeWith(ctx, s.st, s.runs, Options{FanIn: s.fanIn}, s.dir, s.prefix+"-m", mem)
}

// Remove deletes the runs the Sorter wrote.
func (s *Sorter) Remove(ctx context.Context) error {
	var errs []error
	for _, r := range s.runs {
		if err := s.st.Remove(ctx, r); err != nil {
			errs = append(errs, fmt.Errorf("remove run %s: %w", r, err))
		}
	}
	s.runs = nil
	return errors.Join(errs...)
}

type memIter struct {
	s *Sorter
	i int
}

func (m *memIter) Next() bool {
	if m.i+1 >= len(m.s.ents) {
		m.i = len(m.s.ents)
		return false
	}
	m.i++
	return true
}
func (m *memIter) Key() []byte   { return m.s.key(m.s.ents[m.i]) }
func (m *memIter) Value() []byte { return m.s.val(m.s.ents[m.i]) }
func (m *memIter) Err() error    { return nil }
func (m *memIter) Close() error  { return nil }

// NewRunName is a fresh, unique run path in dir: <prefix>-<random nonce>.
func NewRunName(dir, prefix string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("run name: %w", err)
	}
	return Join(dir, prefix+"-"+hex.EncodeToString(b[:])), nil
}

// WriteRun writes the records of it to a new file p.
func WriteRun(ctx context.Context, st Storage, p string, it Iterator) (int64, error) {
	wc, err := st.Create(ctx, p)
	if err != nil {
		return 0, fmt.Errorf("create run %s: %w", p, err)
	}
	w := NewWriter(wc)
	for it.Next() {
		if err := w.Write(it.Key(), it.Value()); err != nil {
			w.Close()
			return 0, fmt.Errorf("write run %s: %w", p, err)
		}
	}
	if err := it.Err(); err != nil {
		w.Close()
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, fmt.Errorf("write run %s: %w", p, err)
	}
	return w.Records(), nil
}

// Merge streams the records of sorted runs in order. At most opt.FanIn runs
// are open at once: with more, groups of runs are first merged into
// intermediate runs in tempDir (removed by Close).
func Merge(ctx context.Context, st Storage, runs []string, tempDir string, opt Options) (Iterator, error) {
	return mergeWith(ctx, st, runs, opt, tempDir, "merge", nil)
}

func mergeWith(ctx context.Context, st Storage, runs []string, opt Options, tempDir, prefix string, extra Iterator) (Iterator, error) {
	opt = opt.withDefaults()
	runs = append([]string(nil), runs...)
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			st.Remove(ctx, t)
		}
	}
	limit := opt.FanIn
	if extra != nil {
		limit-- // the in-memory stream takes no file, but keep the count simple
	}
	for len(runs) > limit {
		var next []string
		for i := 0; i < len(runs); i += opt.FanIn {
			part := runs[i:min(i+opt.FanIn, len(runs))]
			if len(part) == 1 {
				next = append(next, part[0])
				continue
			}
			it, err := openMerge(ctx, st, part, nil)
			if err != nil {
				cleanup()
				return nil, err
			}
			name, err := NewRunName(tempDir, prefix)
			if err != nil {
				it.Close()
				cleanup()
				return nil, err
			}
			temps = append(temps, name)
			_, err = WriteRun(ctx, st, name, it)
			it.Close()
			if err != nil {
				cleanup()
				return nil, err
			}
			next = append(next, name)
		}
		runs = next
	}
	m, err := openMerge(ctx, st, runs, extra)
	if err != nil {
		cleanup()
		return nil, err
	}
	m.cleanup = cleanup
	return m, nil
}

func openMerge(ctx context.Context, st Storage, runs []string, extra Iterator) (*merged, error) {
	m := &merged{}
	for _, r := range runs {
		rc, err := st.Open(ctx, r)
		if err != nil {
			m.Close()
			return nil, fmt.Errorf("open run %s: %w", r, err)
		}
		rd := NewReader(r, rc)
		m.closers = append(m.closers, rd)
		m.pending = append(m.pending, rd)
	}
	if extra != nil {
		m.closers = append(m.closers, extra)
		m.pending = append(m.pending, extra)
	}
	return m, nil
}

// merged is a k-way merge of iterators.
type merged struct {
	h       iterHeap
	pending []Iterator // not yet advanced to their first record
	closers []Iterator
	cur     Iterator
	err     error
	cleanup func()
}

func (m *merged) Next() bool {
	if m.err != nil {
		return false
	}
	if m.pending != nil {
		for _, it := range m.pending {
			if it.Next() {
				m.h = append(m.h, it)
			} else if err := it.Err(); err != nil {
				m.err = err
				return false
			}
		}
		m.pending = nil
		heap.Init(&m.h)
	} else if m.cur != nil {
		if m.cur.Next() {
			heap.Fix(&m.h, 0)
		} else {
			if err := m.cur.Err(); err != nil {
				m.err = err
				return false
			}
			heap.Pop(&m.h)
		}
	}
	if len(m.h) == 0 {
		m.cur = nil
		return false
	}
	m.cur = m.h[0]
	return true
}

func (m *merged) Key() []byte   { return m.cur.Key() }
func (m *merged) Value() []byte { return m.cur.Value() }
func (m *merged) Err() error    { return m.err }

func (m *merged) Close() error {
	var errs []error
	for _, c := range m.closers {
		if err := c.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	m.closers = nil
	if m.cleanup != nil {
		m.cleanup()
		m.cleanup = nil
	}
	return errors.Join(errs...)
}

type iterHeap []Iterator

func (h iterHeap) Len() int { return len(h) }
func (h iterHeap) Less(i, j int) bool {
	return Compare(h[i].Key(), h[i].Value(), h[j].Key(), h[j].Value()) < 0
}
func (h iterHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *iterHeap) Push(x any)   { *h = append(*h, x.(Iterator)) }
func (h *iterHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}
