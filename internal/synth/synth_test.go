package synth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/seeds"
	"github.com/arrows-math/arrows/internal/synth"
	"github.com/arrows-math/arrows/internal/testpool"
	"github.com/arrows-math/arrows/internal/usage"
	"github.com/arrows-math/arrows/schemas"
)

func kb(t *testing.T) *knowledge.KB {
	t.Helper()
	k, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// seedRow is seed index i of run seed 1 for the first topic the offline
// generator covers.
func seedRow(t *testing.T, i int64, generator string) schemas.Record {
	t.Helper()
	gen, err := synth.OfflineGenerator()
	if err != nil {
		t.Fatal(err)
	}
	ref, ok := kb(t).Ref(gen.Topics()[0])
	if !ok {
		t.Fatal("the offline generator covers a topic the knowledge base lacks")
	}
	return seeds.Topic(1, i, []schemas.TopicRef{ref}, generator)
}

func TestMain(m *testing.M) { testpool.Main(m) }

// run executes the row's program in the sandbox.
func run(t *testing.T, rec schemas.Record) schemas.Record {
	t.Helper()
	ex := testpool.Get(t).Run(context.Background(), sandbox.Request{Code: rec.Program.Source, Analyze: true})
	if ex.Status != schemas.StatusOK {
		t.Fatalf("program: %s %s\n%s", ex.Status, ex.Error, rec.Program.Source)
	}
	rec.Execution = &ex
	return rec
}

func TestNewChoosesTheBackendFromTheConfiguration(t *testing.T) {
	b, err := synth.New(kb(t), nil, nil)
	if err != nil || b.Name() != env.BackendOffline {
		t.Fatalf("without an LLM configuration: %v, %v", b, err)
	}
	cfg := &env.LLM{Client: llm.DefaultConfig()}
	if _, err := synth.New(kb(t), cfg, nil); err == nil {
		t.Fatal("the llm backend without a completer must be refused")
	}
	b, err = synth.New(kb(t), cfg, usage.NewMeter(nil))
	if err != nil || b.Name() != env.BackendLLM || b.Concurrency() != llm.DefaultConfig().Concurrency {
		t.Fatalf("with an LLM configuration: %v, %v", b, err)
	}
}

func TestOfflineBackend(t *testing.T) {
	b, err := synth.NewOffline()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	seed := seedRow(t, 3, env.BackendOffline)
	if got := b.Samples(seed); len(got) != 1 || got[0].ID != seed.ID {
		t.Fatalf("offline samples: %d rows", len(got))
	}
	gen := b.Generate(ctx, seed)
	if !gen.OK || gen.Rec.Program == nil {
		t.Fatalf("generate: %+v", gen.Rec.Rejection)
	}
	pv := gen.Rec.Provenance
	if pv.Generator != env.BackendOffline || pv.PromptVersion != offline.PromptVersion || pv.Models["translator"] != "offline" || gen.Rec.ID != row.ID(&gen.Rec) {
		t.Fatalf("provenance %+v, id %s", pv, gen.Rec.ID)
	}
	tr := b.Translate(ctx, run(t, gen.Rec))
	if !tr.OK || tr.Rec.Problem == "" || !strings.Contains(tr.Rec.Solution, `\boxed{`) {
		t.Fatalf("translate: %+v", tr.Rec)
	}
	if tr.Rec.ID == gen.Rec.ID || tr.Rec.ID != row.ID(&tr.Rec) {
		t.Fatal("the translated row needs the id of its text")
	}

	noTopics := seed
	noTopics.Seed.Topics = nil
	if o := b.Generate(ctx, noTopics); o.OK || o.Rec.Rejection.Stage != schemas.StageGenerate || o.Rec.Rejection.Reason != "offline_generator" {
		t.Fatalf("a seed without topics: %+v", o.Rec.Rejection)
	}
	if o := b.Translate(ctx, schemas.Record{Program: &schemas.Program{Source: "def solve():\n    return 1\n"}, Execution: gen.Rec.Execution}); o.OK || o.Rec.Rejection.Reason != "offline_translation" {
		t.Fatalf("a program without offline templates: %+v", o)
	}
}

// llmBackend is the llm backend against the test server (the offline
// responder unless opts says otherwise), with n samples per seed.
func llmBackend(t *testing.T, opts llmtest.Options, n int) (synth.Backend, *usage.Meter) {
	t.Helper()
	srv := llmtest.NewServer(opts)
	t.Cleanup(srv.Close)
	c := srv.ClientConfig()
	c.Models[llm.RoleGenerator], c.Models[llm.RoleTranslator] = "test-gen", "test-tr"
	s := c.Sampling[llm.RoleGenerator]
	s.N = n
	c.Sampling[llm.RoleGenerator] = s
	client, err := llm.NewClient(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	meter := usage.NewMeter(client)
	b, err := synth.New(kb(t), &env.LLM{Client: c}, meter)
	if err != nil {
		t.Fatal(err)
	}
	return b, meter
}

func TestLLMBackendWritesAndTranslatesPrograms(t *testing.T) {
	b, _ := llmBackend(t, llmtest.Options{}, 3)
	ctx := context.Background()
	seed := seedRow(t, 5, env.BackendLLM)
	seed.Provenance.Models["x"] = "shared?"
	samples := b.Samples(seed)
	if len(samples) != 3 {
		t.Fatalf("%d samples, want 3", len(samples))
	}
	ids := map[string]bool{}
	for i, s := range samples {
		if s.Provenance.SampleIndex != i || s.ID != row.ID(&s) {
			t.Fatalf("sample %d: index %d id %s", i, s.Provenance.SampleIndex, s.ID)
		}
		ids[s.ID] = true
	}
	samples[1].Provenance.Models["x"] = "changed"
	if len(ids) != 3 || samples[0].Provenance.Models["x"] != "shared?" || seed.Provenance.Models["x"] != "shared?" {
		t.Fatal("samples must have distinct ids and share no map")
	}
	if samples[0].ID != seed.ID {
		t.Fatal("sample 0 keeps the seed row's id")
	}

	gen := b.Generate(ctx, samples[0])
	if !gen.OK {
		t.Fatalf("generate: %+v", gen.Rec.Rejection)
	}
	pv := gen.Rec.Provenance
	if gen.Rec.Program.Template != prompts.GenerateVersion || pv.Generator != env.BackendLLM || pv.Models["generator"] != "test-gen" || gen.Rec.Usage["generator"].Calls != 1 {
		t.Fatalf("program %+v, provenance %+v, usage %+v", gen.Rec.Program, pv, gen.Rec.Usage)
	}
	tr := b.Translate(ctx, run(t, gen.Rec))
	if !tr.OK || tr.Rec.Problem == "" || tr.Rec.Solution == "" {
		t.Fatalf("translate: %+v", tr.Rec.Rejection)
	}
	if tr.Rec.Provenance.PromptVersion != prompts.GenerateVersion+"+"+prompts.TranslateVersion || tr.Rec.Provenance.Models["translator"] != "test-tr" {
		t.Fatalf("provenance %+v", tr.Rec.Provenance)
	}
}

func TestLLMBackendRejections(t *testing.T) {
	ctx := context.Background()
	answer := func(content string) llmtest.Options {
		return llmtest.Options{Responder: llmtest.ResponderFunc(func(string, []llm.Message) (string, error) { return content, nil })}
	}
	cases := []struct {
		name   string
		opts   llmtest.Options
		reason string
	}{
		{"a refusal", answer("I'm sorry, but I can't help with that request."), prompts.ReasonRefusal},
		{"an answer cut at max_tokens", llmtest.Options{Faults: llmtest.Faults{Truncated: 1}}, "truncated"},
		{"a refused endpoint", llmtest.Options{RequireKey: "sk-other"}, "llm_" + llm.KindRefused},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, meter := llmBackend(t, c.opts, 1)
			o := b.Generate(ctx, seedRow(t, 1, env.BackendLLM))
			if o.OK || o.Rec.Rejection.Stage != schemas.StageGenerate || o.Rec.Rejection.Reason != c.reason {
				t.Fatalf("got %+v, want reason %s", o.Rec.Rejection, c.reason)
			}
			if fatal := meter.Err() != nil; fatal != (c.reason == "llm_"+llm.KindRefused) {
				t.Fatalf("fatal error kept: %v", meter.Err())
			}
		})
	}
}

func TestPromptTopicsPrefersOfflineExemplars(t *testing.T) {
	gen, err := synth.OfflineGenerator()
	if err != nil {
		t.Fatal(err)
	}
	seed := seedRow(t, 2, env.BackendLLM).Seed
	topics, withOffline := synth.PromptTopics(kb(t), gen, seed)
	if len(topics) != 1 || topics[0].ID != seed.Topics[0].ID || len(topics[0].Tools) == 0 || topics[0].Description == "" {
		t.Fatalf("topics %+v", topics)
	}
	if len(withOffline) != 1 || !strings.Contains(withOffline[0], "def solve") {
		t.Fatalf("want one offline exemplar program, got %q", withOffline)
	}
	_, again := synth.PromptTopics(kb(t), gen, seed)
	if again[0] != withOffline[0] {
		t.Fatal("exemplars must be a function of the seed")
	}
}
