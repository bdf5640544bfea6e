package transforms

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
)

func TestGenerateOffline(t *testing.T) {
	rows := topicSeeds(t, 3, env.BackendOffline)
	noTopics := rows[0]
	noTopics.Seed.Topics = nil
	rows = append(rows, noTopics)
	run(t, func(s beam.Scope) {
		programs, rejected := Generate(s, testEnv(), beam.CreateList(s, rows))
		passert.Count(s, programs, "programs", 3)
		reasons(s, rejected, "generate/offline_generator")
	})
}

// With the llm backend each seed gives one row per sample (the generator's
// n), each its own call.
func TestGenerateLLMDrawsSamples(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{})
	defer srv.Close()
	c := srv.ClientConfig()
	s := c.Sampling[llm.RoleGenerator]
	s.N = 2
	c.Sampling[llm.RoleGenerator] = s
	e := testEnv()
	e.LLM = &env.LLM{Client: c}
	rows := topicSeeds(t, 3, env.BackendLLM)
	counters := run(t, func(s beam.Scope) {
		programs, rejected := Generate(s, e, beam.CreateList(s, rows))
		passert.Count(s, programs, "programs", 6)
		passert.Count(s, filter.Distinct(s, beam.ParDo(s, idOf, programs)), "distinct ids", 6)
		passert.Empty(s, rejected)
	})
	if counters["llm/generator/calls"] != 6 || counters["tokens/generator/prompt"] == 0 {
		t.Fatalf("usage counters %v", counters)
	}
}
