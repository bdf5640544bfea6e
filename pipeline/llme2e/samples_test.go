package llme2e

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/prompts"
	seedrows "github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/internal/synth"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// TestGenerateLLMSamplesPerSeed draws n=3 generator samples per seed: each
// becomes its own row with provenance.sample_index and its own id.
func TestGenerateLLMSamplesPerSeed(t *testing.T) {
	const seeds, n = 6, 3
	newSecret(t)
	srv := newServer(t, llmtest.Options{Seed: 9})
	cfg := llmGenerateConfig(srv.URL(), seeds, t.TempDir())
	s := cfg.Env.LLM.Client.Sampling[llm.RoleGenerator]
	s.N = n
	cfg.Env.LLM.Client.Sampling[llm.RoleGenerator] = s

	res := mustRunGenerate(t, cfg)
	accepted, rejected, _ := readOutputs(t, cfg.Out)
	assertAccounted(t, seeds, n, accepted, rejected)

	if got := srv.Counts().ByKind[prompts.KindGenerate]; got != seeds*n {
		t.Errorf("the server got %d generate requests, want %d seeds × %d samples", got, seeds, n)
	}
	if got := e2etest.Counters(res)["llm/generator/calls"]; got != seeds*n {
		t.Errorf("metric llm/generator/calls = %d, want %d", got, seeds*n)
	}
	// Samples of a seed are different programs (the server's model answers
	// a repeated prompt with another program).
	programs := map[int64]map[string]bool{}
	for _, r := range append(append([]schemas.Record{}, accepted...), rejected...) {
		if r.Program == nil {
			continue
		}
		if programs[r.Seed.Index] == nil {
			programs[r.Seed.Index] = map[string]bool{}
		}
		programs[r.Seed.Index][r.Program.Hash] = true
	}
	distinct := 0
	for _, ps := range programs {
		if len(ps) == n {
			distinct++
		}
	}
	if distinct < seeds/2 {
		t.Errorf("only %d of %d seeds got %d distinct programs: %v", distinct, seeds, n, programs)
	}
}

// TestGenerateLLMCacheKeepsSeedsWithIdenticalPromptsApart generates for two
// seeds whose prompts are identical (same topics the offline generator does
// not cover, so the same exemplars): they must get independent programs,
// in the first run and when replayed from the cache.
func TestGenerateLLMCacheKeepsSeedsWithIdenticalPromptsApart(t *testing.T) {
	newSecret(t)
	var asked atomic.Int64
	model := llmtest.ResponderFunc(func(kind string, _ []llm.Message) (string, error) {
		return fmt.Sprintf("```python\ndef solve():\n    return %d\n```", asked.Add(1)), nil
	})
	srv := newServer(t, llmtest.Options{Responder: model})

	kb, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	gen, err := offline.New(kb)
	if err != nil {
		t.Fatal(err)
	}
	var topic schemas.TopicRef
	for _, tp := range kb.Topics {
		if !gen.Covers(tp.ID) {
			topic, _ = kb.Ref(tp.ID)
			break
		}
	}
	if topic.ID == "" {
		t.Skip("the offline generator covers every topic: no two seeds have identical prompts")
	}
	seeds := []schemas.Record{
		seedrows.Topic(1, 0, []schemas.TopicRef{topic}, env.BackendLLM),
		seedrows.Topic(1, 1, []schemas.TopicRef{topic}, env.BackendLLM),
	}
	m0, _ := prompts.Generate(synth.PromptTopics(kb, gen, seeds[0].Seed))
	m1, _ := prompts.Generate(synth.PromptTopics(kb, gen, seeds[1].Seed))
	if !reflect.DeepEqual(m0, m1) {
		t.Fatalf("the two seeds' prompts differ; the test needs identical ones")
	}

	cfg := llmGenerateConfig(srv.URL(), 2, "")
	cfg.Env.LLM.Client.CacheDir = filepath.Join(t.TempDir(), "cache")
	run := func(out string) map[int64]string {
		p, s := beam.NewPipelineWithRoot()
		programs, rejected := transforms.Generate(s, cfg.Env, beam.CreateList(s, seeds))
		transforms.WriteRecords(s.Scope("Programs"), filepath.Join(out, "programs"), 1, programs)
		transforms.WriteRecords(s.Scope("Rejected"), filepath.Join(out, "rejected"), 1, rejected)
		if _, err := runners.Run(context.Background(), runners.Prism, p); err != nil {
			t.Fatalf("pipeline failed: %v", err)
		}
		got := map[int64]string{}
		for _, r := range e2etest.ReadRows(t, filepath.Join(out, "programs"), schemas.SchemaRecord) {
			got[r.Seed.Index] = r.Program.Source
		}
		if len(got) != 2 || got[0] == got[1] {
			t.Errorf("programs by seed = %v, want two different programs", got)
		}
		return got
	}
	dir := t.TempDir()
	first := run(filepath.Join(dir, "run1"))
	srv.Reset()
	replay := run(filepath.Join(dir, "run2"))
	if srv.Total() != 0 {
		t.Errorf("the replay sent %d requests, want 0", srv.Total())
	}
	if !reflect.DeepEqual(first, replay) {
		t.Errorf("the replay got programs %v, the first run %v", replay, first)
	}
}
