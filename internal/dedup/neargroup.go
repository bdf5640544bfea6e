package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/arrows-math/arrows/internal/extsort"
)

// nearGroup resolves one band group streamed in (Round, ID) order, as
// MinHash.Dedup does, in bounded memory. Members are taken in chunks; a
// chunk is compared first with the kept members already written to disk
// (one pass over them per chunk), then greedily, in order, with the kept
// members in memory, which all come after the ones on disk. When the kept
// members in memory exceed the limit they are written out as a run.
type nearGroup struct {
	run       *engineRun
	threshold float64
	limit     int
	emit      func(Decision) error

	chunk   []nearMember
	kept    []nearMember
	spilled []string
}

type nearMember struct {
	order []byte
	sig   []uint64
	// best is the best match among the kept members on disk.
	bestSim float64
	bestOf  string
}

func (g *nearGroup) memberBytes(sigLen int) int { return 8*sigLen + 64 }

func decodeSig(b []byte) ([]uint64, error) {
	if len(b)%8 != 0 {
		return nil, fmt.Errorf("signature of %d bytes", len(b))
	}
	sig := make([]uint64, len(b)/8)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return sig, nil
}

func (g *nearGroup) add(order, sigBytes []byte) error {
	sig, err := decodeSig(sigBytes)
	if err != nil {
		return err
	}
	g.chunk = append(g.chunk, nearMember{order: append([]byte(nil), order...), sig: sig})
	if len(g.chunk)*g.memberBytes(len(sig)) >= g.limit {
		return g.flushChunk()
	}
	return nil
}

func (g *nearGroup) finish() error {
	err := g.flushChunk()
	for _, s := range g.spilled {
		if rmErr := g.run.e.Scratch.Remove(g.run.ctx, s); rmErr != nil && err == nil {
			err = rmErr
		}
	}
	if len(g.spilled) > 0 {
		g.run.sum.SpilledBandGroups++
	}
	return err
}

func (g *nearGroup) flushChunk() error {
	if len(g.chunk) == 0 {
		return nil
	}
	if err := g.compareSpilled(); err != nil {
		return err
	}
	for i := range g.chunk {
		m := &g.chunk[i]
		bestSim, bestOf := m.bestSim, m.bestOf
		for _, k := range g.kept {
			if s := Similarity(m.sig, k.sig); s >= g.threshold && s > bestSim {
				bestSim = s
				_, bestOf, _ = ParseOrderKey(k.order)
			}
		}
		if bestOf != "" {
			round, id, err := ParseOrderKey(m.order)
			if err != nil {
				return err
			}
			if err := g.emit(Decision{Round: round, ID: id, Of: bestOf, Similarity: bestSim}); err != nil {
				return err
			}
			continue
		}
		g.kept = append(g.kept, nearMember{order: m.order, sig: m.sig})
	}
	g.chunk = g.chunk[:0]
	if len(g.kept) > 0 && len(g.kept)*g.memberBytes(len(g.kept[0].sig)) >= g.limit {
		return g.spillKept()
	}
	return nil
}

// compareSpilled records, for every member of the chunk, its best match
// among the kept members on disk (in order: ties keep the earlier one).
func (g *nearGroup) compareSpilled() error {
	for _, name := range g.spilled {
		rd, err := g.run.open(name)
		if err != nil {
			return err
		}
		for rd.Next() {
			sig, err := decodeSig(rd.Value())
			if err != nil {
				rd.Close()
				return err
			}
			of := ""
			for i := range g.chunk {
				m := &g.chunk[i]
				if s := Similarity(m.sig, sig); s >= g.threshold && s > m.bestSim {
					if of == "" {
						_, of, _ = ParseOrderKey(rd.Key())
					}
					m.bestSim, m.bestOf = s, of
				}
			}
		}
		if err := errors.Join(rd.Err(), rd.Close()); err != nil {
			return err
		}
	}
	return nil
}

func (g *nearGroup) spillKept() error {
	name, err := extsort.NewRunName(g.run.e.ScratchDir, "near-kept")
	if err != nil {
		return err
	}
	wc, err := g.run.e.Scratch.Create(g.run.ctx, name)
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	g.spilled = append(g.spilled, name)
	w := extsort.NewWriter(wc)
	buf := make([]byte, 0, 8*len(g.kept[0].sig))
	for _, k := range g.kept {
		buf = buf[:0]
		for _, h := range k.sig {
			buf = binary.LittleEndian.AppendUint64(buf, h)
		}
		if err := w.Write(k.order, buf); err != nil {
			w.Close()
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	g.kept = g.kept[:0]
	return nil
}
