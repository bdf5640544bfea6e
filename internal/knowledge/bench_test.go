package knowledge

import (
	"math/rand"
	"testing"
	"time"
)

// nsPerOp times f over n calls (a baseline measured inside a benchmark run).
func nsPerOp(n int, f func(i int)) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		f(i)
	}
	ns := float64(time.Since(start).Nanoseconds()) / float64(n)
	if ns <= 0 {
		return 1
	}
	return ns
}

// BenchmarkSample measures Sample for sequential indices (the cycle plan is
// cached) and for scattered indices (a new plan per call), and reports both
// as ratios to a baseline measured in the same run: building one TopicRef
// with kb.Ref, the unavoidable part of every Sample.
func BenchmarkSample(b *testing.B) {
	kb := mustLoad(b)
	s := mustSampler(b, kb, DefaultSamplerConfig())
	ids := s.Topics()
	base := nsPerOp(200_000, func(i int) { kb.Ref(ids[i%len(ids)]) })
	b.Run("sequential", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s.Sample(1, int64(i))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/base, "x_ref")
	})
	b.Run("scattered", func(b *testing.B) {
		r := rand.New(rand.NewSource(1))
		idx := make([]int64, 4096)
		for i := range idx {
			idx[i] = r.Int63n(1 << 40)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s.Sample(1, idx[i%len(idx)])
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/base, "x_ref")
	})
}

// BenchmarkNewSampler measures building a sampler (done once per worker)
// relative to parsing the knowledge base, measured in the same run.
func BenchmarkNewSampler(b *testing.B) {
	load := nsPerOp(5, func(int) {
		if _, err := LoadFS(dataFS, "data"); err != nil { // a fresh parse: Load parses once per process
			b.Fatal(err)
		}
	})
	kb := mustLoad(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mustSampler(b, kb, DefaultSamplerConfig())
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/load, "x_load")
}
