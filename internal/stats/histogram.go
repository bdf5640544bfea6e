package stats

// Histogram is a mergeable histogram over int64 values with fixed bucket
// bounds. Bucket i (i < len(Bounds)) holds values v with
// Bounds[i-1] < v <= Bounds[i]; the last bucket holds values above the
// last bound.
type Histogram struct {
	Bounds []int64 `json:"bounds"`
	Counts []int64 `json:"counts"`
	N      int64   `json:"n"`
	Sum    int64   `json:"sum"`
	Min    int64   `json:"min"`
	Max    int64   `json:"max"`
	// Mean, P50 and P90 are set by Finalize. Percentiles are the upper
	// bound of the bucket holding them, clamped to [Min, Max].
	Mean float64 `json:"mean"`
	P50  int64   `json:"p50"`
	P90  int64   `json:"p90"`
}

// NewHistogram returns an empty histogram with the given ascending bounds.
func NewHistogram(bounds ...int64) Histogram {
	b := append([]int64(nil), bounds...)
	return Histogram{Bounds: b, Counts: make([]int64, len(b)+1)}
}

func (h *Histogram) bucket(v int64) int {
	lo, hi := 0, len(h.Bounds)
	for lo < hi {
		mid := (lo + hi) / 2
		if v <= h.Bounds[mid] {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// Observe adds one value.
func (h *Histogram) Observe(v int64) { h.observeN(v, 1) }

func (h *Histogram) observeN(v, n int64) {
	if n == 0 {
		return
	}
	if len(h.Counts) != len(h.Bounds)+1 {
		h.Counts = make([]int64, len(h.Bounds)+1)
	}
	h.Counts[h.bucket(v)] += n
	if h.N == 0 || v < h.Min {
		h.Min = v
	}
	if h.N == 0 || v > h.Max {
		h.Max = v
	}
	h.N += n
	h.Sum += v * n
}

func equalBounds(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Merge adds o into h. Histograms with different bounds (which New never
// produces within one version) are merged by re-bucketing each of o's
// buckets at its upper bound, clamped to o.Max; N, Sum, Min and Max stay
// exact.
func (h *Histogram) Merge(o Histogram) {
	if o.N == 0 {
		return
	}
	if len(h.Bounds) == 0 && h.N == 0 {
		h.Bounds = append([]int64(nil), o.Bounds...)
	}
	if len(h.Counts) != len(h.Bounds)+1 {
		h.Counts = make([]int64, len(h.Bounds)+1)
	}
	if equalBounds(h.Bounds, o.Bounds) && len(o.Counts) == len(o.Bounds)+1 {
		for i, c := range o.Counts {
			h.Counts[i] += c
		}
	} else {
		for i, c := range o.Counts {
			v := o.Max
			if i < len(o.Bounds) && o.Bounds[i] < o.Max {
				v = o.Bounds[i]
			}
			h.Counts[h.bucket(v)] += c
		}
	}
	if h.N == 0 || o.Min < h.Min {
		h.Min = o.Min
	}
	if h.N == 0 || o.Max > h.Max {
		h.Max = o.Max
	}
	h.N += o.N
	h.Sum += o.Sum
}

// finalize computes Mean, P50 and P90.
func (h *Histogram) finalize() {
	h.Mean, h.P50, h.P90 = 0, 0, 0
	if h.N == 0 {
		return
	}
	h.Mean = float64(h.Sum) / float64(h.N)
	h.P50 = h.quantile(0.5)
	h.P90 = h.quantile(0.9)
}

func (h *Histogram) quantile(q float64) int64 {
	target := int64(q*float64(h.N) + 0.5)
	if target < 1 {
		target = 1
	}
	var cum int64
	for i, c := range h.Counts {
		cum += c
		if cum >= target {
			v := h.Max
			if i < len(h.Bounds) && h.Bounds[i] < h.Max {
				v = h.Bounds[i]
			}
			if v < h.Min {
				v = h.Min
			}
			return v
		}
	}
	return h.Max
}
