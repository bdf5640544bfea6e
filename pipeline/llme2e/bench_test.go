package llme2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/transforms"
)

// BenchmarkLLMStage measures the request rate of the LLM generation stage
// (transforms.GenerateLLM: the DoFn with its in-flight window and the
// shared client) on prism, one worker process, against the test server
// with 200 ms latency per request, at concurrency 1, 16 and 64. The rate is
// taken over the stage's request window (first request's arrival to last
// request's arrival plus one latency), so prism's start-up does not count;
// ratio_to_ideal divides it by concurrency ÷ latency, the rate of a stage
// that always has exactly `concurrency` requests in flight. Target: ≥ 0.9
// at 64. wall_req/s is the same requests over the whole pipeline run.
func BenchmarkLLMStage(b *testing.B) {
	const latency = 200 * time.Millisecond
	const rounds = 15 // requests per in-flight slot
	fixed := llmtest.ResponderFunc(func(string, []llm.Message) (string, error) {
		return "```python\ndef solve():\n    return 1\n```", nil
	})
	srv := llmtest.NewServer(llmtest.Options{Responder: fixed, Latency: latency})
	defer srv.Close()
	b.Setenv(keyEnv, "sk-llme2e-bench")
	for _, conc := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			n := rounds * conc
			var rps, wallRPS float64
			for i := 0; i < b.N; i++ {
				srv.Reset()
				cfg := llmGenerateConfig(srv.URL(), int64(n), "")
				cfg.Env.LLM.Client.Concurrency = conc
				p, s := beam.NewPipelineWithRoot()
				programs, rejected := transforms.Generate(s, cfg.Env, transforms.Seeds(s, cfg.Env, cfg.Seeds))
				passert.Count(s, programs, "programs", n)
				passert.Empty(s, rejected)
				start := time.Now()
				if _, err := runners.Run(context.Background(), runners.Prism, p); err != nil {
					b.Fatalf("pipeline failed: %v", err)
				}
				wall := time.Since(start)
				entries := srv.Entries()
				if len(entries) != n {
					b.Fatalf("the server got %d requests, want %d", len(entries), n)
				}
				first, last := entries[0].Time, entries[0].Time
				for _, e := range entries {
					if e.Time.Before(first) {
						first = e.Time
					}
					if e.Time.After(last) {
						last = e.Time
					}
				}
				window := last.Sub(first) + latency
				rps = float64(n) / window.Seconds()
				wallRPS = float64(n) / wall.Seconds()
			}
			ideal := float64(conc) / latency.Seconds()
			b.ReportMetric(rps, "req/s")
			b.ReportMetric(rps/ideal, "ratio_to_ideal")
			b.ReportMetric(wallRPS, "wall_req/s")
			b.ReportMetric(0, "ns/op")
			fmt.Printf("LLM stage, concurrency %2d: %6.1f req/s (ideal %5.1f, ratio %.3f); %6.1f req/s over the whole prism run\n",
				conc, rps, ideal, rps/ideal, wallRPS)
		})
	}
}
