package stats

import (
	"math"
	"math/bits"
	"sort"
)

const (
	// distinctExactCap is the number of distinct hashes a Distinct keeps
	// exactly before switching to HyperLogLog.
	distinctExactCap = 512
	// hllP is the HyperLogLog precision: 2^12 = 4096 one-byte registers,
	// standard error 1.04/sqrt(4096) = 1.6%.
	hllP = 12
	hllM = 1 << hllP
)

// Distinct counts distinct items (n-gram hashes) in bounded memory: it
// keeps the exact set of hashes while there are at most 512 of them, then
// switches to a HyperLogLog sketch with 4,096 registers (standard error
// about 1.6%; small cardinalities use linear counting, which is nearly
// exact). Both forms merge by union, so the result does not depend on the
// order of Add and Merge calls. JSON size stays under ~11 KB.
type Distinct struct {
	// Total is the number of items added, with repetition.
	Total int64 `json:"total"`
	// Exact holds the sorted distinct hashes while they number at most
	// 512 and HLL is empty.
	Exact []uint64 `json:"exact,omitempty"`
	// HLL holds the registers once the exact set overflowed.
	HLL []byte `json:"hll,omitempty"`
	// Count, Ratio (Count/Total) and Estimated are set by Finalize.
	Count     int64   `json:"distinct"`
	Ratio     float64 `json:"ratio"`
	Estimated bool    `json:"estimated"`
}

// AddHashes adds a batch of item hashes.
func (d *Distinct) AddHashes(hs []uint64) {
	if len(hs) == 0 {
		return
	}
	d.Total += int64(len(hs))
	if d.HLL != nil {
		for _, h := range hs {
			d.hllAdd(h)
		}
		return
	}
	batch := append([]uint64(nil), hs...)
	sort.Slice(batch, func(i, j int) bool { return batch[i] < batch[j] })
	d.Exact = unionSorted(d.Exact, batch)
	d.maybeOverflow()
}

func (d *Distinct) maybeOverflow() {
	if len(d.Exact) <= distinctExactCap {
		return
	}
	d.HLL = make([]byte, hllM)
	for _, h := range d.Exact {
		d.hllAdd(h)
	}
	d.Exact = nil
}

func (d *Distinct) hllAdd(h uint64) {
	h = mix64(h)
	idx := h >> (64 - hllP)
	w := h<<hllP | 1<<(hllP-1) // guard bit bounds the rank
	rank := byte(bits.LeadingZeros64(w) + 1)
	if rank > d.HLL[idx] {
		d.HLL[idx] = rank
	}
}

// mix64 re-mixes a hash so that HLL buckets do not depend on how the input
// hash distributes its high bits.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// Merge adds o into d.
func (d *Distinct) Merge(o Distinct) {
	d.Total += o.Total
	switch {
	case d.HLL == nil && o.HLL == nil:
		d.Exact = unionSorted(d.Exact, o.Exact)
		d.maybeOverflow()
	case d.HLL != nil && o.HLL != nil:
		for i := range d.HLL {
			if i < len(o.HLL) && o.HLL[i] > d.HLL[i] {
				d.HLL[i] = o.HLL[i]
			}
		}
	case d.HLL != nil:
		for _, h := range o.Exact {
			d.hllAdd(h)
		}
	default: // o has registers, d is exact
		exact := d.Exact
		d.HLL = append(make([]byte, 0, hllM), o.HLL...)
		for len(d.HLL) < hllM {
			d.HLL = append(d.HLL, 0)
		}
		d.Exact = nil
		for _, h := range exact {
			d.hllAdd(h)
		}
	}
}

// finalize sets Count, Ratio and Estimated.
func (d *Distinct) finalize() {
	if d.HLL == nil {
		d.Count, d.Estimated = int64(len(d.Exact)), false
	} else {
		d.Count, d.Estimated = d.estimate(), true
	}
	d.Ratio = 0
	if d.Total > 0 {
		d.Ratio = float64(d.Count) / float64(d.Total)
		if d.Ratio > 1 {
			d.Ratio = 1
		}
	}
}

func (d *Distinct) estimate() int64 {
	m := float64(hllM)
	sum, zeros := 0.0, 0
	for _, r := range d.HLL {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros)) // linear counting
	}
	return int64(e + 0.5)
}

// unionSorted merges two sorted, duplicate-free slices.
func unionSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var v uint64
		switch {
		case j >= len(b) || i < len(a) && a[i] < b[j]:
			v = a[i]
			i++
		case i >= len(a) || b[j] < a[i]:
			v = b[j]
			j++
		default:
			v = a[i]
			i++
			j++
		}
		if len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
	return out
}
