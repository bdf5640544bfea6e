package llm_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
)

// BenchmarkLLMThroughput measures requests/s through the client against the
// test server with 200 ms latency per request, at concurrency 1, 16 and
// 64, and reports the ratio to the ideal (concurrency / latency). A ratio
// well below 1 at 64 means the client throttles itself (e.g. an HTTP pool
// keeping 2 idle connections per host).
func BenchmarkLLMThroughput(b *testing.B) {
	const latency = 200 * time.Millisecond
	fixed := llmtest.ResponderFunc(func(string, []llm.Message) (string, error) {
		return "```python\ndef solve():\n    return 1\n```", nil
	})
	s := llmtest.NewServer(llmtest.Options{Responder: fixed, Latency: latency})
	defer s.Close()
	for _, conc := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			cfg := testConfig(s.URL())
			cfg.Concurrency = conc
			c := newClient(b, cfg)
			conns0 := s.Connections()
			perIter := 10 * conc // ten latency rounds: 640 requests at 64
			ctx := context.Background()
			next := 0
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				for j := 0; j < perIter; j++ {
					next++
					c.Submit(ctx, req(next), func(_ llm.Response, err error) {
						if err != nil {
							b.Error(err)
						}
					})
				}
				c.Wait()
			}
			elapsed := time.Since(start)
			b.StopTimer()
			rps := float64(b.N*perIter) / elapsed.Seconds()
			ideal := float64(conc) / latency.Seconds()
			b.ReportMetric(rps, "req/s")
			b.ReportMetric(rps/ideal, "ratio_to_ideal")
			b.ReportMetric(float64(s.Connections()-conns0), "conns_opened")
			b.ReportMetric(0, "ns/op")
		})
	}
}
