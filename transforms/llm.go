package transforms

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/prompts"
	"github.com/arrows-math/arrows/schemas"
)

// LLMConfig configures the LLM backend. It is plain data and holds no
// secret: the API key is read on the worker from the environment variable
// named by Client.APIKeyEnv.
type LLMConfig struct {
	Client llm.Config `json:"client"`
	// BlindSolve adds the blind re-solve consistency check to verification.
	BlindSolve bool `json:"blind_solve"`
	// Judge adds the LLM judge consistency check (off by default).
	Judge bool `json:"judge"`
}

func init() {
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&llmGenerateFn{})
	register.DoFn4x1[context.Context, schemas.Record, func(schemas.Record), func(schemas.Record), error](&llmTranslateFn{})
}

// clientRegistry shares one LLM client (and so one rate limiter, breaker
// and connection pool) per endpoint configuration in a worker process, like
// the sandbox pools: the limits are per endpoint, not per DoFn instance.
type clientRegistry struct {
	mu      sync.Mutex
	clients map[string]*sharedClient
}

type sharedClient struct {
	c    *llm.Client
	refs int
}

var llmClients = &clientRegistry{clients: map[string]*sharedClient{}}

func clientKey(cfg llm.Config) string {
	return fmt.Sprintf("%s|%s|%d|%d|%d|%s", cfg.BaseURL, cfg.APIKeyEnv, cfg.Concurrency, cfg.RPM, cfg.TPM, cfg.CacheDir)
}

func acquireClient(ctx context.Context, cfg llm.Config) (*llm.Client, error) {
	key := clientKey(cfg)
	llmClients.mu.Lock()
	defer llmClients.mu.Unlock()
	if sc, ok := llmClients.clients[key]; ok {
		sc.refs++
		return sc.c, nil
	}
	c, err := llm.NewClient(context.WithoutCancel(ctx), cfg)
	if err != nil {
		return nil, fmt.Errorf("llm client for %s: %w", cfg.BaseURL, err)
	}
	log.Infof(ctx, "arrows: LLM client for %s (concurrency %d)", cfg.BaseURL, cfg.Concurrency)
	llmClients.clients[key] = &sharedClient{c: c, refs: 1}
	return c, nil
}

func releaseClient(cfg llm.Config) {
	key := clientKey(cfg)
	llmClients.mu.Lock()
	defer llmClients.mu.Unlock()
	if sc, ok := llmClients.clients[key]; ok {
		sc.refs--
		if sc.refs <= 0 {
			_ = sc.c.Close()
			delete(llmClients.clients, key)
		}
	}
}

// addUsage adds u to the row's usage of role.
func addUsage(rec *schemas.Record, role llm.Role, u schemas.Usage) {
	if rec.Usage == nil {
		rec.Usage = map[string]schemas.Usage{}
	}
	rec.Usage[string(role)] = sumUsage(rec.Usage[string(role)], u)
}

func sumUsage(a, b schemas.Usage) schemas.Usage {
	a.PromptTokens += b.PromptTokens
	a.CompletionTokens += b.CompletionTokens
	a.Calls += b.Calls
	a.CacheHits += b.CacheHits
	a.CostUSD += b.CostUSD
	return a
}

// llmStage is what the LLM DoFns share: the client, the in-flight window,
// the first fatal error (endpoint down), which fails the bundle, and the
// usage spent since it was last reported as metrics.
type llmStage struct {
	client *llm.Client
	inf    *inflight[routed]
	mu     sync.Mutex
	fatal  error
	spent  map[llm.Role]schemas.Usage
}

// spend records a response's token usage and cost on the row (per role)
// and in the stage's unreported spend. It runs on the in-flight goroutines.
func (st *llmStage) spend(rec *schemas.Record, role llm.Role, resp llm.Response) {
	u := resp.RecordUsage()
	u.CostUSD = st.client.Cost(role, resp)
	addUsage(rec, role, u)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.spent == nil {
		st.spent = map[llm.Role]schemas.Usage{}
	}
	st.spent[role] = sumUsage(st.spent[role], u)
}

// reportUsage adds the usage spent since the last report to the bundle's
// metrics, per role: arrows/tokens/<role>/prompt and .../completion,
// arrows/llm/<role>/calls, .../cache_hits and .../cost_nano_usd (cost in
// 1e-9 USD, with --llm-price). Beam metrics must be updated on the DoFn's
// own goroutine, so the stage calls it from ProcessElement and
// FinishBundle, not where the calls complete.
func (st *llmStage) reportUsage(ctx context.Context) {
	st.mu.Lock()
	spent := st.spent
	st.spent = nil
	st.mu.Unlock()
	for role, u := range spent {
		r := string(role)
		inc := func(name string, v int64) {
			if v != 0 {
				beam.NewCounter(metricNS, name).Inc(ctx, v)
			}
		}
		inc("tokens/"+r+"/prompt", u.PromptTokens)
		inc("tokens/"+r+"/completion", u.CompletionTokens)
		inc("llm/"+r+"/calls", u.Calls)
		inc("llm/"+r+"/cache_hits", u.CacheHits)
		inc("llm/"+r+"/cost_nano_usd", int64(math.Round(u.CostUSD*1e9)))
	}
}

func (st *llmStage) setFatal(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.fatal == nil {
		st.fatal = err
	}
}

func (st *llmStage) err() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.fatal
}

// callFailure turns a failed call into a rejection, or records a fatal
// error when the endpoint is down or refuses the configuration.
func (st *llmStage) callFailure(rec schemas.Record, stage string, err error) routed {
	if llm.Fatal(err) {
		st.setFatal(err)
	}
	return fail(rec, stage, "llm_"+llm.Reason(err), err.Error())
}

// GenerateLLM turns seeds into programs written by the generator model.
func GenerateLLM(s beam.Scope, cfg LLMConfig, seeds beam.PCollection) (programs, rejected beam.PCollection) {
	s = s.Scope("GenerateLLM")
	return beam.ParDo2(s, &llmGenerateFn{Cfg: cfg}, seeds)
}

type llmGenerateFn struct {
	Cfg LLMConfig `json:"cfg"`

	kb  *knowledge.KB
	gen *offline.Generator
	llmStage
}

func (fn *llmGenerateFn) Setup(ctx context.Context) error {
	kb, err := knowledge.Load()
	if err != nil {
		return fmt.Errorf("load knowledge system: %w", err)
	}
	fn.kb = kb
	if g, err := offline.New(kb); err == nil {
		fn.gen = g // exemplar programs for the prompt
	}
	fn.client, err = acquireClient(ctx, fn.Cfg.Client)
	return err
}

func (fn *llmGenerateFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	fn.inf = newInflight[routed](concurrency(fn.Cfg.Client))
}

// ProcessElement starts the seed's n samples (Sampling.N of the generator
// role, default 1): each is its own call (cached on its own) and becomes
// its own row, with provenance.sample_index and a distinct id.
func (fn *llmGenerateFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	if err := fn.err(); err != nil {
		return err
	}
	fn.reportUsage(ctx)
	emit := emitter(ctx, "programs", ok, rejected)
	for i := range samplesPerSeed(fn.Cfg.Client) {
		sample := withSampleIndex(rec, i)
		fn.inf.Go(func() routed { return fn.run(ctx, sample) }, emit)
	}
	return nil
}

func (fn *llmGenerateFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(emitter(ctx, "programs", ok, rejected))
	fn.reportUsage(ctx)
	return fn.err()
}

// samplesPerSeed is the generator's n (at least 1).
func samplesPerSeed(c llm.Config) int {
	return max(c.Sampling[llm.RoleGenerator].N, 1)
}

// withSampleIndex returns sample i of a seed row: a copy that shares no
// map with rec, with provenance.sample_index = i and its own id.
func withSampleIndex(rec schemas.Record, i int) schemas.Record {
	rec.Provenance.Models = maps.Clone(rec.Provenance.Models)
	rec.Usage = maps.Clone(rec.Usage)
	rec.Provenance.SampleIndex = i
	rec.ID = RecordID(&rec)
	return rec
}

func (fn *llmGenerateFn) Teardown() {
	if fn.client != nil {
		releaseClient(fn.Cfg.Client)
		fn.client = nil
	}
}

// PromptTopics describes a seed's topics for the generation prompt, and
// picks up to two exemplar programs (offline exemplars of the same topics,
// else toolkit usage examples).
func PromptTopics(kb *knowledge.KB, gen *offline.Generator, seed schemas.Seed) ([]prompts.Topic, []string) {
	var topics []prompts.Topic
	var exemplars []string
	for i, ref := range seed.Topics {
		pt := prompts.Topic{ID: ref.ID, Path: ref.Path}
		if t, ok := kb.Topic(ref.ID); ok {
			pt.Description = t.Description
		}
		for _, name := range ref.Tools {
			td := prompts.ToolDoc{Name: name}
			if tool, ok := kb.Tool(name); ok {
				td.Signature, td.Doc = tool.Signature, tool.Doc
				if len(exemplars) < 2 && gen == nil && tool.Example != "" {
					exemplars = append(exemplars, tool.Example)
				}
			}
			pt.Tools = append(pt.Tools, td)
		}
		topics = append(topics, pt)
		if gen != nil && gen.Covers(ref.ID) && len(exemplars) < 2 {
			one := schemas.Seed{ID: seed.ID + "/ex" + strconv.Itoa(i), Index: seed.Index, RunSeed: seed.RunSeed, Pathway: seed.Pathway, Topics: []schemas.TopicRef{ref}}
			if p, err := gen.Generate(one); err == nil {
				exemplars = append(exemplars, p.Source)
			}
		}
	}
	return topics, exemplars
}

func (fn *llmGenerateFn) run(ctx context.Context, rec schemas.Record) routed {
	topics, exemplars := PromptTopics(fn.kb, fn.gen, rec.Seed)
	msgs, ver := prompts.Generate(topics, exemplars)
	rec.Provenance.Generator = BackendLLM
	rec.Provenance.PromptVersion = ver
	rec.Provenance.Models = map[string]string{"generator": fn.Cfg.Client.Models[llm.RoleGenerator]}
	// The seed id keeps seeds with identical prompts (same topics, same
	// exemplars) from sharing one cached program.
	resp, err := fn.client.Complete(ctx, llm.Request{Role: llm.RoleGenerator, PromptVersion: ver, Messages: msgs,
		SampleIndex: rec.Provenance.SampleIndex, Item: rec.Seed.ID})
	if err != nil {
		return fn.callFailure(rec, schemas.StageGenerate, err)
	}
	fn.spend(&rec, llm.RoleGenerator, resp)
	if resp.Truncated() {
		return fail(rec, schemas.StageGenerate, "truncated", "the completion hit max_tokens")
	}
	code, err := prompts.ParseProgram(resp.Content)
	if err != nil {
		reason := prompts.Reason(err)
		if reason == "" {
			reason = "unparsable"
		}
		return fail(rec, schemas.StageGenerate, reason, err.Error())
	}
	rec.Program = &schemas.Program{Source: code, Hash: sha256Hex(code), Template: ver}
	rec.ID = RecordID(&rec)
	return pass(rec)
}

func concurrency(c llm.Config) int {
	if c.Concurrency > 0 {
		return c.Concurrency
	}
	return llm.DefaultConfig().Concurrency
}

// TranslateLLM turns executed programs into problem + solution with the
// translator model.
func TranslateLLM(s beam.Scope, cfg LLMConfig, executed beam.PCollection) (translated, rejected beam.PCollection) {
	s = s.Scope("TranslateLLM")
	return beam.ParDo2(s, &llmTranslateFn{Cfg: cfg}, executed)
}

type llmTranslateFn struct {
	Cfg LLMConfig `json:"cfg"`
	llmStage
}

func (fn *llmTranslateFn) Setup(ctx context.Context) error {
	var err error
	fn.client, err = acquireClient(ctx, fn.Cfg.Client)
	return err
}

func (fn *llmTranslateFn) StartBundle(_ context.Context, _, _ func(schemas.Record)) {
	fn.inf = newInflight[routed](concurrency(fn.Cfg.Client))
}

func (fn *llmTranslateFn) ProcessElement(ctx context.Context, rec schemas.Record, ok, rejected func(schemas.Record)) error {
	if err := fn.err(); err != nil {
		return err
	}
	fn.reportUsage(ctx)
	fn.inf.Go(func() routed { return fn.run(ctx, rec) }, emitter(ctx, "translated", ok, rejected))
	return nil
}

func (fn *llmTranslateFn) FinishBundle(ctx context.Context, ok, rejected func(schemas.Record)) error {
	fn.inf.Flush(emitter(ctx, "translated", ok, rejected))
	fn.reportUsage(ctx)
	return fn.err()
}

func (fn *llmTranslateFn) Teardown() {
	if fn.client != nil {
		releaseClient(fn.Cfg.Client)
		fn.client = nil
	}
}

func (fn *llmTranslateFn) run(ctx context.Context, rec schemas.Record) routed {
	msgs, ver := prompts.Translate(rec.Program.Source, *rec.Execution)
	if rec.Provenance.Models == nil {
		rec.Provenance.Models = map[string]string{}
	}
	rec.Provenance.Models["translator"] = fn.Cfg.Client.Models[llm.RoleTranslator]
	rec.Provenance.PromptVersion = joinVersions(rec.Provenance.PromptVersion, ver)
	resp, err := fn.client.Complete(ctx, llm.Request{Role: llm.RoleTranslator, PromptVersion: ver, Messages: msgs})
	if err != nil {
		return fn.callFailure(rec, schemas.StageTranslate, err)
	}
	fn.spend(&rec, llm.RoleTranslator, resp)
	if resp.Truncated() {
		return fail(rec, schemas.StageTranslate, "truncated", "the completion hit max_tokens")
	}
	problem, solution, err := prompts.ParseTranslation(resp.Content)
	if err != nil {
		reason := prompts.Reason(err)
		if reason == "" {
			reason = "unparsable"
		}
		return fail(rec, schemas.StageTranslate, reason, err.Error())
	}
	rec.Problem, rec.Solution = problem, solution
	rec.ID = RecordID(&rec)
	return pass(rec)
}

// joinVersions appends prompt version b to the "+"-joined versions a,
// unless it is already there.
func joinVersions(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || slices.Contains(strings.Split(a, "+"), b):
		return a
	}
	return a + "+" + b
}
