// Package llme2e tests the LLM backend end to end: `generate --backend llm`
// pipelines on prism against the OpenAI-compatible test server
// (internal/llmtest), with faults, outages, the response cache, samples
// per seed, secret handling and token/cost accounting; and benchmarks the
// LLM stage's request rate. It has no non-test code.
package llme2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"io"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/graphx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"google.golang.org/protobuf/proto"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/row"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
)

func TestMain(m *testing.M) {
	ptest.Main(m)
}

// keyEnv is the NAME of the environment variable the tests put the API key in.
const keyEnv = "ARROWS_LLME2E_API_KEY"

// Models per role: distinct, so provenance and the server's per-model
// counts show which role made which call.
var testModels = map[llm.Role]string{
	llm.RoleGenerator:  "test-generator",
	llm.RoleTranslator: "test-translator",
	llm.RoleSolver:     "test-solver",
	llm.RoleJudge:      "test-judge",
}

// testPrices are USD per 1M tokens.
var testPrices = map[string]llm.Price{
	"test-generator":  {Prompt: 2.5, Completion: 10},
	"test-translator": {Prompt: 0.15, Completion: 0.6},
	"test-solver":     {Prompt: 1, Completion: 4},
}

// newSecret returns a fresh random API key, sets it in keyEnv for the
// test, and returns it.
func newSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	key := "sk-llme2e-" + hex.EncodeToString(b)
	t.Setenv(keyEnv, key)
	return key
}

// llmGenerateConfig is a `generate --backend llm` configuration against
// baseURL: n seeds (drawn only from topics the offline generator covers,
// the ones the test server's model can write programs for), blind re-solve
// on, prices set, small backoffs so faults cost little time.
func llmGenerateConfig(baseURL string, n int64, out string) pipeline.GenerateConfig {
	cfg := pipeline.DefaultGenerateConfig()
	cfg.Seeds.N = n
	cfg.Env.RunSeed = 11
	cfg.Seeds.OfflineOnly = true
	cfg.Out = out
	cfg.Shards = 2
	c := llm.DefaultConfig()
	c.BaseURL = baseURL
	c.APIKeyEnv = keyEnv
	c.Models = map[llm.Role]string{}
	for r, m := range testModels {
		c.Models[r] = m
	}
	c.PricesPer1M = testPrices
	c.Concurrency = 16
	c.MaxRetries = 6
	c.InitialBackoff = 20 * time.Millisecond
	c.MaxBackoff = 400 * time.Millisecond
	c.RequestTimeout = 10 * time.Second
	c.BreakerFailures = 12
	c.BreakerPause = 200 * time.Millisecond
	c.BreakerMaxOpen = 2 * time.Minute
	cfg.Env.LLM = &env.LLM{Client: c, BlindSolve: true}
	return cfg
}

// runGenerate builds and runs the generate job on prism.
func runGenerate(t *testing.T, cfg pipeline.GenerateConfig) (beam.PipelineResult, error) {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	p, s := beam.NewPipelineWithRoot()
	pipeline.Generate(s, cfg)
	return runners.Run(context.Background(), runners.Prism, p)
}

// mustRunGenerate is runGenerate failing the test on error.
func mustRunGenerate(t *testing.T, cfg pipeline.GenerateConfig) beam.PipelineResult {
	t.Helper()
	res, err := runGenerate(t, cfg)
	if err != nil {
		t.Fatalf("pipeline failed: %v", err)
	}
	return res
}

// readOutputs reads a finished run's accepted and rejected rows and stats.json.
func readOutputs(t *testing.T, out string) (accepted, rejected []schemas.Record, st *stats.Stats) {
	t.Helper()
	o := e2etest.ReadOutput(t, out)
	return o.Accepted, o.Rejected, o.Stats
}

// sampleKey identifies one generator sample of one seed.
type sampleKey struct {
	seed   int64
	sample int
}

// assertAccounted checks that every (seed, sample) of n seeds × samples
// ends in exactly one row, accepted or rejected, and that the ids are the
// rows' content ids.
func assertAccounted(t *testing.T, n int64, samples int, accepted, rejected []schemas.Record) {
	t.Helper()
	seen := map[sampleKey]string{}
	ids := map[string]bool{}
	for _, r := range append(append([]schemas.Record{}, accepted...), rejected...) {
		k := sampleKey{r.Seed.Index, r.Provenance.SampleIndex}
		if prev, dup := seen[k]; dup {
			t.Errorf("seed %d sample %d appears twice (%s and %s)", k.seed, k.sample, prev, r.ID)
		}
		seen[k] = r.ID
		if ids[r.ID] {
			t.Errorf("row id %s appears twice", r.ID)
		}
		ids[r.ID] = true
		if want := row.ID(&r); r.ID != want {
			t.Errorf("row id %s is not its content id %s", r.ID, want)
		}
	}
	if want := int(n) * samples; len(accepted)+len(rejected) != want || len(seen) != want {
		t.Errorf("accepted %d + rejected %d rows (%d distinct seed samples), want %d seeds × %d samples",
			len(accepted), len(rejected), len(seen), n, samples)
	}
	for i := int64(0); i < n; i++ {
		for j := 0; j < samples; j++ {
			if _, ok := seen[sampleKey{i, j}]; !ok {
				t.Errorf("seed %d sample %d lost", i, j)
			}
		}
	}
}

// capture records everything logged while it is active: the default slog
// logger (which prism uses for worker log entries and the llm client for
// its own), the standard log package and writes to os.Stderr.
type capture struct {
	mu  sync.Mutex
	buf bytes.Buffer

	prevSlog   *slog.Logger
	prevLogOut io.Writer
	prevStderr *os.File
	pipeW      *os.File
	done       chan struct{}
}

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

// String returns what was captured so far.
func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// captureLogs starts capturing; the returned capture stops at test cleanup
// (or when stop is called).
func captureLogs(t *testing.T) *capture {
	t.Helper()
	c := &capture{prevSlog: slog.Default(), prevLogOut: log.Writer(), prevStderr: os.Stderr, done: make(chan struct{})}
	slog.SetDefault(slog.New(slog.NewTextHandler(c, &slog.HandlerOptions{Level: slog.Level(-8)})))
	log.SetOutput(c)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c.pipeW = w
	os.Stderr = w
	go func() {
		defer close(c.done)
		io.Copy(io.MultiWriter(c, c.prevStderr), r)
	}()
	t.Cleanup(c.stop)
	return c
}

func (c *capture) stop() {
	if c.pipeW == nil {
		return
	}
	slog.SetDefault(c.prevSlog)
	log.SetOutput(c.prevLogOut)
	os.Stderr = c.prevStderr
	c.pipeW.Close()
	<-c.done
	c.pipeW = nil
}

// marshalPipeline builds the generate job for cfg and returns its
// serialized Beam pipeline proto: what a runner receives.
func marshalPipeline(t *testing.T, cfg pipeline.GenerateConfig) []byte {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	pipeline.Generate(s, cfg)
	edges, _, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	env, err := graphx.CreateEnvironment(context.Background(), graphx.URNEnvDocker, func(context.Context) string { return "apache/beam_go_sdk:2.77.0" })
	if err != nil {
		t.Fatal(err)
	}
	pb, err := graphx.Marshal(edges, &graphx.Options{Environment: env})
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var base64Run = regexp.MustCompile(`[A-Za-z0-9+/]{16,}={0,2}`)

// containsDeep reports whether needle occurs in b or in any base64 payload
// nested in it (the Go SDK stores DoFns, with their JSON-encoded fields, as
// base64 protos inside the pipeline proto), to a few levels.
func containsDeep(b []byte, needle string, depth int) bool {
	if bytes.Contains(b, []byte(needle)) {
		return true
	}
	if depth == 0 {
		return false
	}
	for _, m := range base64Run.FindAll(b, -1) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			if dec, err := enc.DecodeString(string(m)); err == nil && containsDeep(dec, needle, depth-1) {
				return true
			}
		}
	}
	return false
}

// filesContaining lists the files under dir whose bytes contain needle.
func filesContaining(t *testing.T, dir, needle string) (hits []string, files int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(needle)) {
			hits = append(hits, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits, files
}

// tripleOf is what must be identical between a run and its cached replay.
type tripleOf struct {
	Program, Problem, Solution, Answer string
}

func triples(rows []schemas.Record) map[string]tripleOf {
	out := map[string]tripleOf{}
	for _, r := range rows {
		tr := tripleOf{Problem: r.Problem, Solution: r.Solution}
		if r.Program != nil {
			tr.Program = r.Program.Source
		}
		if r.FinalAnswer != nil {
			tr.Answer = r.FinalAnswer.Text
		}
		out[r.ID] = tr
	}
	return out
}

// newServer starts a test server requiring key and closes it at cleanup.
func newServer(t *testing.T, opts llmtest.Options) *llmtest.Server {
	t.Helper()
	srv := llmtest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hasPrefixAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
