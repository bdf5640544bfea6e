package extsort

import (
	"context"
	"fmt"
	"sort"
)

// Partitioned buffers records for several partitions under one memory
// budget and, whenever the budget is reached (and on Spill), writes each
// partition's buffered records as a sorted run of its own, so that a
// partition can later be merged from its runs alone. It is what a
// pipeline stage uses to stage its rows per output partition in bounded
// memory.
type Partitioned struct {
	st     Storage
	dir    string
	prefix func(p int) string
	limit  int
	onRun  func(p int, run string) error

	bufs map[int]*Sorter
	size int
}

// NewPartitioned writes the runs of partition p to dir (in st) named
// <prefix(p)>-<nonce>, and calls onRun for every run written.
func NewPartitioned(st Storage, dir string, prefix func(p int) string, memoryBytes int, onRun func(p int, run string) error) *Partitioned {
	if memoryBytes <= 0 {
		memoryBytes = DefaultMemoryBytes
	}
	return &Partitioned{st: st, dir: dir, prefix: prefix, limit: memoryBytes, onRun: onRun, bufs: map[int]*Sorter{}}
}

// Add buffers a copy of the record for partition p.
func (s *Partitioned) Add(ctx context.Context, p int, key, val []byte) error {
	b := s.bufs[p]
	if b == nil {
		// The per-partition sorters never spill on their own: the shared
		// budget below decides.
		b = NewSorter(s.st, s.dir, s.prefix(p), Options{MemoryBytes: int(^uint(0) >> 1)})
		s.bufs[p] = b
	}
	before := b.Buffered()
	if err := b.Add(ctx, key, val); err != nil {
		return err
	}
	s.size += b.Buffered() - before
	if s.size >= s.limit {
		return s.Spill(ctx)
	}
	return nil
}

// Buffered is the number of bytes held in memory.
func (s *Partitioned) Buffered() int { return s.size }

// Spill writes every partition's buffered records as a sorted run, in
// partition order.
func (s *Partitioned) Spill(ctx context.Context) error {
	parts := make([]int, 0, len(s.bufs))
	for p := range s.bufs {
		parts = append(parts, p)
	}
	sort.Ints(parts)
	for _, p := range parts {
		b := s.bufs[p]
		if err := b.Spill(ctx); err != nil {
			return fmt.Errorf("partition %d: %w", p, err)
		}
		for _, run := range b.Runs() {
			if err := s.onRun(p, run); err != nil {
				return err
			}
		}
	}
	s.bufs, s.size = map[int]*Sorter{}, 0
	return nil
}
