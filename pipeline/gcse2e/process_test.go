package gcse2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/fsouza/fake-gcs-server/fakestorage"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// Non-default settings whose effects show in the outputs.
const (
	processKeyEnv = "ARROWS_E2E_PROCESS_KEY"
	processSecret = "sk-arrows-e2e-process-5b7d1c"
	wallMillis    = 4000 // the sleeping program needs 6 s
	memoryMB      = 256  // the allocating program needs 400 MB
	relTol        = 2e-3 // accepts 33.3 for 100/3; the default 1e-6 does not
)

var roleSampling = map[llm.Role]llm.Sampling{
	llm.RoleGenerator:  {Temperature: 0.61, TopP: 0.91, MaxTokens: 1901, N: 1},
	llm.RoleTranslator: {Temperature: 0.27, TopP: 0.83, MaxTokens: 1702, N: 1},
	llm.RoleSolver:     {Temperature: 0.13, TopP: 0.77, MaxTokens: 1503, N: 1},
	llm.RoleJudge:      {Temperature: 0.05, TopP: 0.5, MaxTokens: 304, N: 1},
}

func roleModel(r llm.Role) string { return "e2e-" + string(r) }

func processSandbox() env.Sandbox {
	sb := env.DefaultSandbox()
	sb.Workers, sb.WallMillis, sb.MemoryMB, sb.NoNamespaces = 1, wallMillis, memoryMB, true
	return sb
}

func processGenerateConfig(baseURL, cacheDir, out string) pipeline.GenerateConfig {
	cfg := pipeline.DefaultGenerateConfig()
	cfg.Seeds = transforms.SeedConfig{N: 12, Ranges: 3, OfflineOnly: true}
	cfg.Env.RunSeed = 97
	cfg.Env.Sandbox = processSandbox()
	cfg.Env.RelTol = relTol
	c := llm.DefaultConfig()
	c.BaseURL, c.APIKeyEnv, c.CacheDir = baseURL, processKeyEnv, cacheDir
	c.Concurrency, c.MaxRetries, c.RequestTimeout = 3, 2, time.Minute
	c.Models = map[llm.Role]string{}
	for r, s := range roleSampling {
		c.Models[r], c.Sampling[r] = roleModel(r), s
	}
	c.PricesPer1M = map[string]llm.Price{roleModel(llm.RoleGenerator): {Prompt: 1.5, Completion: 6}}
	cfg.Env.LLM = &env.LLM{Client: c, BlindSolve: true, Judge: true}
	cfg.Out, cfg.Shards = out, 3
	return cfg
}

// copyRows returns the rows (arrows JSON) under new ids: the same triples,
// so exact duplicates of the originals.
func copyRows(t *testing.T, rows []string) []string {
	t.Helper()
	var out []string
	for _, l := range rows {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		m["id"] = fmt.Sprint(m["id"], "-copy")
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func processVerifyConfig(glob, out string) pipeline.VerifyJobConfig {
	cfg := pipeline.DefaultVerifyJobConfig()
	dd := transforms.DefaultDedupConfig()
	cfg.Dedup = &dd
	cfg.Read.Globs = []string{glob}
	cfg.Env.Sandbox = processSandbox()
	cfg.Env.RelTol = relTol
	cfg.Out, cfg.Shards = out, 2
	return cfg
}

// Crafted rows for the verify job, each showing one setting on the worker.
const (
	rowSleep     = "e2e-sleep"     // times out under the wall limit
	rowMemory    = "e2e-memory"    // exceeds the memory budget
	rowNamespace = "e2e-namespace" // sees a private PID namespace unless NoNamespaces
	rowRounded   = "e2e-rounded"   // a rounded reference answer, within relTol
)

func craftedRows(t *testing.T, template schemas.Record) []string {
	t.Helper()
	withProgram := func(id, src string) schemas.Record {
		r := template
		r.ID = id
		sum := sha256.Sum256([]byte(src))
		r.Program = &schemas.Program{Source: src, Hash: hex.EncodeToString(sum[:])}
		r.Execution, r.Verification, r.FinalAnswer = nil, nil, nil
		return r
	}
	rows := []schemas.Record{
		withProgram(rowSleep, "import time\n\n\ndef solve():\n    time.sleep(6)\n    return 7\n"),
		withProgram(rowMemory, "def solve():\n    b = bytearray(400 * 1024 * 1024)\n    return len(b) // (1024 * 1024)\n"),
		withProgram(rowNamespace, "import os\n\n\ndef solve():\n    return 1 if os.getpid() < 100 else 0\n"),
		{
			ID:         rowRounded,
			Seed:       schemas.Seed{ID: "e2e-rounded-seed", Pathway: "verify", Source: &schemas.SourceItem{Problem: "100 litres of water are shared equally among 3 tanks. How many litres go into each tank, to one decimal place?", Solution: "Each tank gets a third of the water, about 33.3 litres.\n\nThe answer is $\\boxed{33.3}$", Answer: "100/3"}},
			Problem:    "100 litres of water are shared equally among 3 tanks. How many litres go into each tank, to one decimal place?",
			Solution:   "Each tank gets a third of the water, about 33.3 litres.\n\nThe answer is $\\boxed{33.3}$",
			Provenance: schemas.Provenance{Generator: "external", Models: map[string]string{}, Pathway: "verify"},
		},
	}
	var out []string
	for _, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// The same non-default settings give the same outputs whether the DoFns run
// in this process (LOOPBACK) or in a separate worker process started by
// Beam's boot program from the staged worker binary (PROCESS, the path
// Flink and Dataflow workers take, where Go flag variables keep their
// defaults), and the outputs show each setting took effect there.
func TestSettingsReachProcessWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Beam's boot program and starts worker processes; TestEverySettingReachesTheWorkersDoFns covers the settings")
	}
	t.Setenv(processKeyEnv, processSecret) // read on the workers, never part of the job
	tmp := t.TempDir()
	wrapper := bootWrapper(t, tmp)
	cleanupWorkerCopies(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	port := freePort(t)
	if _, err := prism.CreateJobServer(ctx, prism.Options{Port: port}); err != nil {
		t.Fatalf("start a prism job server: %v", err)
	}
	endpoint := fmt.Sprintf("localhost:%d", port)

	// Verify inputs: three accepted rows of a generated corpus and the crafted rows.
	gen := lines(tree(t, localGenerate(t)), "accepted")
	if len(gen) < 3 {
		t.Fatalf("generated corpus has %d accepted rows", len(gen))
	}
	var template schemas.Record
	if err := json.Unmarshal([]byte(gen[0]), &template); err != nil {
		t.Fatal(err)
	}
	// Two of the generated rows come twice, under other ids: dedup (on in
	// the verify job) must keep one of each pair, the same one on both
	// runners.
	input := strings.Join(append(append(craftedRows(t, template), gen[:3]...), copyRows(t, gen[:2])...), "\n") + "\n"
	localIn := filepath.Join(tmp, "in")
	if err := os.MkdirAll(localIn, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(localIn, "rows.jsonl"), []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	putObject(t, "process/in/rows.jsonl", []byte(input), "")

	type outputs struct {
		gen, ver map[string][]byte
		requests []llmRequest
	}
	runBoth := func(t *testing.T, mode string) outputs {
		// A fresh model per run: the test server's answers depend on what it was asked before.
		srv := llmtest.NewServer(llmtest.Options{RequireKey: processSecret})
		defer srv.Close()
		rec := newRecorder(t, srv.URL())
		defer rec.close()
		var genCfg pipeline.GenerateConfig
		var verCfg pipeline.VerifyJobConfig
		runner := runners.Prism
		if mode == "process" {
			genCfg = processGenerateConfig(rec.url(), gsPath("process/llm-cache"), gsPath("process/gen"))
			verCfg = processVerifyConfig(gsPath("process/in/*.jsonl"), gsPath("process/ver"))
			// Settings travel in the DoFns; the environment's env map carries
			// only what the worker's libraries read from the environment. The
			// API key is not put there (the map is part of the job): the
			// worker inherits it from the process that starts it, as a Flink
			// task manager's workers inherit the task manager's environment.
			envCfg, err := json.Marshal(map[string]any{"command": wrapper, "env": map[string]string{
				"STORAGE_EMULATOR_HOST": os.Getenv("STORAGE_EMULATOR_HOST"),
			}})
			if err != nil {
				t.Fatal(err)
			}
			setFlags(t, map[string]string{"runner": "universal", "endpoint": endpoint, "environment_type": "PROCESS",
				"environment_config": string(envCfg), "worker_binary": os.Args[0]})
			r, err := runners.Prepare(flag.CommandLine)
			if err != nil {
				t.Fatalf("runners.Prepare refused the PROCESS flags: %v", err)
			}
			runner = r
		} else {
			genCfg = processGenerateConfig(rec.url(), filepath.Join(tmp, "llm-cache"), filepath.Join(tmp, "gen"))
			verCfg = processVerifyConfig(filepath.Join(localIn, "*.jsonl"), filepath.Join(tmp, "ver"))
		}
		for _, job := range []func(beam.Scope){
			func(s beam.Scope) { pipeline.Generate(s, genCfg) },
			func(s beam.Scope) { pipeline.Verify(s, verCfg) },
		} {
			p, s := beam.NewPipelineWithRoot()
			job(s)
			start := time.Now()
			if _, err := runners.Run(ctx, runner, p); err != nil {
				t.Fatalf("%s run failed: %v", mode, err)
			}
			t.Logf("%s job ran in %v", mode, time.Since(start).Round(time.Millisecond))
		}
		return outputs{gen: tree(t, genCfg.Out), ver: tree(t, verCfg.Out), requests: rec.all()}
	}

	var proc, loop outputs
	t.Run("process worker", func(t *testing.T) {
		proc = runBoth(t, "process")
		checkProcessOutputs(t, proc.gen, proc.ver, proc.requests)
		objs, _, err := gcs.ListObjectsWithOptions(bucket, fakestorage.ListOptions{Prefix: "process/llm-cache/"})
		if err != nil || len(objs) == 0 {
			t.Errorf("the worker cached no LLM responses under the gs:// cache (%v)", err)
		}
	})
	if t.Failed() {
		return
	}
	t.Run("loopback", func(t *testing.T) { loop = runBoth(t, "loopback") })
	if t.Failed() {
		return
	}
	t.Run("same outputs", func(t *testing.T) {
		e2etest.SameOutputs(t, loop.gen, proc.gen, "the LOOPBACK generate", "the PROCESS generate")
		e2etest.SameOutputs(t, loop.ver, proc.ver, "the LOOPBACK verify", "the PROCESS verify")
		if len(loop.requests) != len(proc.requests) {
			t.Errorf("LOOPBACK made %d LLM requests, PROCESS %d", len(loop.requests), len(proc.requests))
		}
	})
}

// checkProcessOutputs checks that each non-default setting shows in what the
// worker process wrote and sent.
func checkProcessOutputs(t *testing.T, gen, ver map[string][]byte, reqs []llmRequest) {
	t.Helper()
	cfg := processGenerateConfig("", "", "")
	// N, run seed, shards, output path.
	for _, dir := range []string{"accepted", "rejected"} {
		for i := 0; i < cfg.Shards; i++ {
			if _, ok := gen[dir+"/"+e2etest.ShardName(i, cfg.Shards)]; !ok {
				t.Errorf("generate output lacks %s/%s", dir, e2etest.ShardName(i, cfg.Shards))
			}
		}
	}
	all := append(lines(gen, "accepted"), lines(gen, "rejected")...)
	if len(all) != int(cfg.Seeds.N) {
		t.Fatalf("%d rows for N=%d", len(all), cfg.Seeds.N)
	}
	indexes := map[int64]bool{}
	accepted := 0
	for _, l := range all {
		var r schemas.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		indexes[r.Seed.Index] = true
		if r.Seed.RunSeed != cfg.Env.RunSeed {
			t.Errorf("row of run seed %d, want %d", r.Seed.RunSeed, cfg.Env.RunSeed)
		}
		if r.Rejection != nil {
			continue
		}
		accepted++
		// The LLM backend, its models and the judge and blind-solve checks.
		for _, role := range []llm.Role{llm.RoleGenerator, llm.RoleTranslator, llm.RoleSolver, llm.RoleJudge} {
			if got := r.Provenance.Models[string(role)]; got != roleModel(role) {
				t.Errorf("row %s: %s model %q, want %q", r.ID, role, got, roleModel(role))
			}
		}
		checks := map[string]bool{}
		for _, c := range r.Verification.Checks {
			checks[c.Name] = true
		}
		if !checks[verify.CheckJudge] || !checks[verify.CheckBlindSolve] {
			t.Errorf("row %s lacks the judge or blind-solve check: %v", r.ID, checks)
		}
	}
	if len(indexes) != int(cfg.Seeds.N) || accepted == 0 {
		t.Errorf("%d distinct seed indexes, %d accepted rows", len(indexes), accepted)
	}
	var st struct {
		CostUSD float64 `json:"cost_usd"`
	}
	if err := json.Unmarshal(gen["stats.json"], &st); err != nil || st.CostUSD <= 0 {
		t.Errorf("stats.json has no LLM cost: the prices did not arrive (%v)", err)
	}

	for name, b := range gen {
		if bytes.Contains(b, []byte(processSecret)) {
			t.Errorf("the API key appears in the output %s", name)
		}
	}

	// The endpoint, key, models and per-role sampling, as the server saw them.
	if len(reqs) == 0 {
		t.Fatal("the worker sent no LLM requests")
	}
	models := map[string]bool{}
	for _, q := range reqs {
		models[q.Model] = true
		if q.Auth != "Bearer "+processSecret {
			t.Errorf("request with Authorization %q: the key from %s did not reach the worker", q.Auth, processKeyEnv)
		}
		var want *llm.Sampling
		for r, s := range roleSampling {
			if roleModel(r) == q.Model {
				s := s
				want = &s
			}
		}
		if want == nil {
			t.Errorf("request for unknown model %q", q.Model)
			continue
		}
		if q.Temperature != want.Temperature || q.TopP != want.TopP || q.maxTokens() != want.MaxTokens {
			t.Errorf("%s request: temperature %v top_p %v max tokens %d, want %v %v %d",
				q.Model, q.Temperature, q.TopP, q.maxTokens(), want.Temperature, want.TopP, want.MaxTokens)
		}
	}
	if len(models) != len(roleSampling) {
		t.Errorf("requests went to models %v, want all %d roles", models, len(roleSampling))
	}

	// Exec limits, namespaces and the verify tolerance.
	rows := map[string]schemas.Record{}
	for _, dir := range []string{"accepted", "rejected"} {
		for _, l := range lines(ver, dir) {
			var r schemas.Record
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			if r.Origin != nil && r.Origin.RecordID != "" {
				rows[r.Origin.RecordID] = r
			}
		}
	}
	status := func(id string) string {
		if r, ok := rows[id]; ok && r.Execution != nil {
			return r.Execution.Status
		}
		return "(no execution)"
	}
	if s := status(rowSleep); s != schemas.StatusTimeout {
		t.Errorf("the 6 s program: status %s, want %s under the %d ms wall limit", s, schemas.StatusTimeout, wallMillis)
	}
	if s := status(rowMemory); s == schemas.StatusOK || s == "(no execution)" {
		t.Errorf("the 400 MB program: status %s, want a failure under the %d MB budget", s, memoryMB)
	}
	if r, ok := rows[rowNamespace]; !ok || r.Execution == nil || r.Execution.Result == nil || r.Execution.Result.Exact != "0" {
		t.Errorf("the PID program saw a private PID namespace although NoNamespaces is set: %+v", rows[rowNamespace].Execution)
	}
	if r, ok := rows[rowRounded]; !ok || r.Rejection != nil {
		t.Errorf("33.3 for 100/3 was not accepted with rel_tol %g: %+v", relTol, rows[rowRounded].Rejection)
	}
	if n := len(lines(ver, "accepted")); n < 4 {
		t.Errorf("verify accepted %d rows, want the 3 generated rows and the rounded one", n)
	}
	// Dedup ran on the workers: one row of each copied pair is rejected as
	// an exact duplicate of the other, which is kept.
	dups := 0
	for _, l := range lines(ver, "rejected") {
		var r schemas.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Rejection != nil && r.Rejection.Stage == schemas.StageDedup {
			dups++
			if r.Rejection.Reason != dedup.ReasonExact {
				t.Errorf("%s rejected by dedup as %s, want %s", r.ID, r.Rejection.Reason, dedup.ReasonExact)
			}
		}
	}
	if dups != 2 {
		t.Errorf("verify rejected %d rows as duplicates, want one of each of the 2 copied pairs", dups)
	}
}

// bootWrapper builds Beam's boot program (the entrypoint of Beam's Go SDK
// container) and writes the script prism's PROCESS environment runs. Prism
// v2.77.0 passes --id='<id>' with literal single quotes, which boot looks
// up verbatim and fails; the wrapper strips them.
func bootWrapper(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	boot := filepath.Join(dir, "boot")
	start := time.Now()
	cmd := exec.Command(goBin, "build", "-o", boot, "github.com/apache/beam/sdks/v2/go/container")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build Beam's boot program: %v\n%s", err, out)
	}
	t.Logf("built boot in %v", time.Since(start).Round(time.Millisecond))
	persist := filepath.Join(dir, "semi_persist")
	if err := os.MkdirAll(persist, 0o755); err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf(`#!/bin/sh
# prism passes --id='<id>' with literal quotes; boot needs the bare id.
for a do
  shift
  set -- "$@" "$(printf '%%s' "$a" | tr -d "'")"
done
# boot writes pipeline_options.json into its working directory.
cd '%s' || exit 1
exec '%s' --semi_persist_dir='%s' "$@"
`, persist, boot, persist)
	wrapper := filepath.Join(dir, "boot-wrapper.sh")
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return wrapper
}

// cleanupWorkerCopies removes the copies of the worker binary that boot
// makes under /tmp/bin*/worker (it never removes them itself).
func cleanupWorkerCopies(t *testing.T) {
	before := map[string]bool{}
	old, _ := filepath.Glob("/tmp/bin*")
	for _, d := range old {
		before[d] = true
	}
	self, err := os.Stat(os.Args[0])
	if err != nil {
		return
	}
	t.Cleanup(func() {
		now, _ := filepath.Glob("/tmp/bin*")
		for _, d := range now {
			if before[d] {
				continue
			}
			entries, err := os.ReadDir(d)
			if err != nil || len(entries) != 1 || entries[0].Name() != "worker" {
				continue
			}
			if fi, err := entries[0].Info(); err == nil && fi.Size() == self.Size() {
				os.RemoveAll(d)
			}
		}
	})
}

// setFlags sets Beam's global flags for one test and restores them after.
func setFlags(t *testing.T, values map[string]string) {
	t.Helper()
	for name, v := range values {
		f := flag.Lookup(name)
		if f == nil {
			t.Fatalf("no flag --%s", name)
		}
		old := f.Value.String()
		if err := flag.Set(name, v); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { flag.Set(name, old) })
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// llmRequest is what the recorder keeps of one chat-completions request.
type llmRequest struct {
	Model               string  `json:"model"`
	Temperature         float32 `json:"temperature"`
	TopP                float32 `json:"top_p"`
	MaxTokens           int     `json:"max_tokens"`
	MaxCompletionTokens int     `json:"max_completion_tokens"`
	Auth                string  `json:"-"`
}

func (q llmRequest) maxTokens() int {
	if q.MaxCompletionTokens > 0 {
		return q.MaxCompletionTokens
	}
	return q.MaxTokens
}

// recorder is a reverse proxy in front of the test LLM server that keeps the
// model, sampling parameters and Authorization header of every request.
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []llmRequest
}

func newRecorder(t *testing.T, target string) *recorder {
	t.Helper()
	u, err := url.Parse(strings.TrimSuffix(target, "/v1"))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/chat/completions") {
			var q llmRequest
			if err := json.Unmarshal(body, &q); err == nil {
				q.Auth = r.Header.Get("Authorization")
				rec.mu.Lock()
				rec.reqs = append(rec.reqs, q)
				rec.mu.Unlock()
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		proxy.ServeHTTP(w, r)
	}))
	return rec
}

func (r *recorder) url() string { return r.srv.URL + "/v1" }

func (r *recorder) close() { r.srv.Close() }

func (r *recorder) all() []llmRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]llmRequest(nil), r.reqs...)
}
