package dedup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/extsort"
)

// engineOnce runs the engine over n synthetic rows (10% exact and 10% near
// duplicates, structure groups of 8) whose key runs were written as 16
// bundles would, and returns the time the engine took and the largest
// heap seen while it ran.
func engineOnce(b *testing.B, n int) (time.Duration, uint64, dedup.Summary) {
	ctx := context.Background()
	dir := b.TempDir()
	st := extsort.Local{}
	m := dedup.DefaultMinHash()
	rng := rand.New(rand.NewPCG(uint64(n), 3))
	words := strings.Fields("apple river stone cloud garden number triangle circle angle square cube ratio train speed hour minute price cost profit share boy girl teacher class book page")
	opt := extsort.Options{MemoryBytes: 8 << 20}
	var runs []string
	sorters := make([]*extsort.Sorter, 16)
	for i := range sorters {
		sorters[i] = extsort.NewSorter(st, dir, fmt.Sprintf("keys-%d", i), opt)
	}
	var prev string
	for i := 0; i < n; i++ {
		var text string
		switch {
		case i%10 == 1 && prev != "":
			text = strings.ToUpper(prev)
		case i%10 == 2 && prev != "":
			text = prev + " again"
		default:
			w := make([]string, 20+rng.IntN(20))
			for j := range w {
				w[j] = words[rng.IntN(len(words))]
			}
			text = strings.Join(w, " ") + fmt.Sprintf(" %d", rng.IntN(1000))
		}
		prev = text
		id := fmt.Sprintf("%032x", rng.Uint64())
		k := dedup.NewKey(m, 0, id, text, fmt.Sprintf("skel-%d", i/8), "", nil)
		if err := sorters[i%16].Add(ctx, dedup.OrderKey(0, id), k.Encode(nil)); err != nil {
			b.Fatal(err)
		}
	}
	for _, s := range sorters {
		if err := s.Spill(ctx); err != nil {
			b.Fatal(err)
		}
		runs = append(runs, s.Runs()...)
	}
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan bool)
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	keys, err := extsort.Merge(ctx, st, runs, dir, opt)
	if err != nil {
		b.Fatal(err)
	}
	e := &dedup.Engine{Config: dedup.Config{MinHash: m, MaxPerStructure: 5}, Scratch: st, ScratchDir: dir + "/scratch", Sort: opt}
	sum, err := e.Run(ctx, keys, dedup.Sinks{Decision: func(*dedup.Decision) error { return nil }})
	keys.Close()
	took := time.Since(start)
	close(done)
	if err != nil {
		b.Fatal(err)
	}
	return took, peak.Load(), sum
}

// BenchmarkEngine runs the engine at n and 10n rows (ENGINE_N, default
// 20,000) and reports the time per row and the peak heap ratio: bounded
// memory means a ratio near 1.
func BenchmarkEngine(b *testing.B) {
	n := 20000
	for i := 0; i < b.N; i++ {
		t1, h1, s1 := engineOnce(b, n)
		t10, h10, s10 := engineOnce(b, 10*n)
		b.Logf("n=%d: %v, peak heap %.1f MB, %+v", n, t1, float64(h1)/(1<<20), s1)
		b.Logf("n=%d: %v, peak heap %.1f MB, %+v", 10*n, t10, float64(h10)/(1<<20), s10)
		b.ReportMetric(float64(t10.Microseconds())/float64(10*n), "us/row_10n")
		b.ReportMetric(float64(h10)/float64(h1), "heap_ratio_10n")
		b.ReportMetric(float64(t10)/float64(10*t1), "time_per_row_ratio")
	}
}
