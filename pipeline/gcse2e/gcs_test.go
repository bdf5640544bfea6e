package gcse2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/fsouza/fake-gcs-server/fakestorage"

	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// generateConfig is the small offline run the GCS tests compare.
func generateConfig(out string) pipeline.GenerateConfig {
	cfg := pipeline.DefaultGenerateConfig()
	cfg.Seeds.N, cfg.Env.RunSeed = 40, 11
	cfg.Out, cfg.Shards = out, 3
	return cfg
}

var localGen struct {
	once sync.Once
	dir  string
	err  error
}

// localGenerate runs generateConfig into a local directory once per test
// binary and returns the directory (TestMain removes it).
func localGenerate(t *testing.T) string {
	t.Helper()
	localGen.once.Do(func() {
		localGen.dir, localGen.err = os.MkdirTemp("", "arrows-gcse2e-gen-")
		if localGen.err != nil {
			return
		}
		cfg := generateConfig(localGen.dir)
		p, s := beam.NewPipelineWithRoot()
		pipeline.Generate(s, cfg)
		localGen.err = runOnPrism(p)
	})
	if localGen.err != nil {
		t.Fatalf("local generate: %v", localGen.err)
	}
	return localGen.dir
}

func TestGenerateOnGCSMatchesLocal(t *testing.T) {
	local := localGenerate(t)
	remote := gsPath("generate/out")
	cfg := generateConfig(remote)
	run(t, func(s beam.Scope) { pipeline.Generate(s, cfg) })

	want, got := tree(t, local), tree(t, remote)
	if n := e2etest.SameOutputs(t, want, got, "the local run", "the gs:// run"); n == 0 {
		t.Error("no execution measurements were set aside: the outputs hold no executed rows")
	}
	for _, dir := range []string{"accepted", "rejected"} {
		for i := 0; i < cfg.Shards; i++ {
			if _, ok := got[dir+"/"+e2etest.ShardName(i, cfg.Shards)]; !ok {
				t.Errorf("gs:// run lacks %s/%s", dir, e2etest.ShardName(i, cfg.Shards))
			}
		}
	}
	if _, ok := got["stats.json"]; !ok {
		t.Error("gs:// run lacks stats.json")
	}
	if acc, rej := len(lines(got, "accepted")), len(lines(got, "rejected")); acc+rej != int(cfg.Seeds.N) || acc < int(cfg.Seeds.N)/2 {
		t.Errorf("gs:// run: accepted %d + rejected %d rows for %d seeds", acc, rej, cfg.Seeds.N)
	}
	for name := range got {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary object left behind: %s", name)
		}
	}
}

// verifyInput is one input file of a verify test.
type verifyInput struct {
	name  string
	lines []string
	// gzip stores the file gzip-compressed (a .gz name); transcoded stores
	// it on GCS as gzip bytes with Content-Encoding: gzip (gsutil cp -Z),
	// which the bucket serves decompressed, and locally as plain text.
	gzip, transcoded bool
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// stage writes the inputs to a local directory and under a gs:// prefix.
func stage(t *testing.T, localDir, gsPrefix string, inputs []verifyInput) {
	t.Helper()
	for _, in := range inputs {
		text := strings.Join(in.lines, "\n") + "\n"
		content := []byte(text)
		if in.gzip {
			content = gz(t, text)
		}
		if err := os.WriteFile(filepath.Join(localDir, in.name), content, 0o644); err != nil {
			t.Fatal(err)
		}
		enc := ""
		if in.transcoded {
			content, enc = gz(t, text), "gzip"
		}
		putObject(t, gsPrefix+"/"+in.name, content, enc)
	}
}

func TestVerifyOnGCSMatchesLocal(t *testing.T) {
	gen := tree(t, localGenerate(t))
	accepted, rejected := lines(gen, "accepted"), lines(gen, "rejected")
	if len(accepted) < 11 {
		t.Fatalf("generated corpus too small: %d accepted, %d rejected", len(accepted), len(rejected))
	}
	if len(rejected) == 0 {
		// The run happened to reject nothing: a row whose boxed answer no
		// longer matches its program stands in for a rejected one.
		rejected = []string{wrongBoxed(t, accepted[10])}
	}
	gsm8k, err := os.ReadFile(filepath.Join("..", "..", "internal", "corpus", "testdata", "gsm8k", "test_head300.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	gsm := strings.Split(string(gsm8k), "\n")[:12]
	cases := []struct {
		name   string
		format string
		inputs []verifyInput
	}{
		{"arrows rows re-executed and re-verified, plain and gzip", "arrows", []verifyInput{
			{name: "a.jsonl", lines: append(append([]string{}, accepted[:5]...), "{this is not json", rejected[0])},
			{name: "b.jsonl.gz", lines: accepted[5:10], gzip: true},
		}},
		{"gsm8k rows checked against their references, plain, gzip and transcoded", "gsm8k", []verifyInput{
			{name: "test.jsonl", lines: append(append([]string{}, gsm[:4]...), `{"question": "no answer field"}`)},
			{name: "more.jsonl.gz", lines: gsm[4:8], gzip: true},
			{name: "served.jsonl", lines: gsm[8:12], transcoded: true},
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			localIn, localOut := t.TempDir(), filepath.Join(t.TempDir(), "out")
			gsIn := fmt.Sprintf("verify%d/in", i)
			remoteOut := gsPath(fmt.Sprintf("verify%d/out", i))
			stage(t, localIn, gsIn, c.inputs)
			total := 0
			names := map[string]bool{}
			for _, in := range c.inputs {
				total += len(in.lines)
				names[in.name] = true
			}
			for _, job := range []struct{ glob, out string }{
				{filepath.Join(localIn, "*"), localOut},
				{gsPath(gsIn + "/*"), remoteOut},
			} {
				cfg := pipeline.DefaultVerifyJobConfig()
				cfg.Read.Globs = []string{job.glob}
				cfg.Read.Format = c.format
				cfg.Out, cfg.Shards = job.out, 2
				if err := cfg.Validate(); err != nil {
					t.Fatal(err)
				}
				run(t, func(s beam.Scope) { pipeline.Verify(s, cfg) })
			}
			want, got := tree(t, localOut), tree(t, remoteOut)
			e2etest.SameOutputs(t, want, got, "the local run", "the gs:// run")

			// Every input line ends in exactly one output, and origins name
			// the input files relative to the glob's directory.
			var rows []string
			for _, dir := range []string{"accepted", "rejected", "deadletter"} {
				rows = append(rows, lines(got, dir)...)
			}
			if len(rows) != total {
				t.Fatalf("%d output rows for %d input lines", len(rows), total)
			}
			if len(lines(got, "deadletter")) != 1 || len(lines(got, "accepted")) == 0 {
				t.Errorf("want 1 dead letter and some accepted rows, got %d and %d", len(lines(got, "deadletter")), len(lines(got, "accepted")))
			}
			seen := map[string]int{}
			for _, l := range rows {
				var r struct {
					Origin *schemas.Origin `json:"origin"`
				}
				if err := json.Unmarshal([]byte(l), &r); err != nil || r.Origin == nil {
					t.Fatalf("row without origin: %s", e2etest.Clip(l, 300))
				}
				if !names[r.Origin.File] {
					t.Fatalf("origin file %q is not an input name relative to the glob", r.Origin.File)
				}
				seen[r.Origin.File]++
			}
			for _, in := range c.inputs {
				if seen[in.name] != len(in.lines) {
					t.Errorf("%s: %d of %d lines in the outputs", in.name, seen[in.name], len(in.lines))
				}
			}
		})
	}
}

func TestLLMCacheOnGCSServesTheSecondRun(t *testing.T) {
	srv := llmtest.NewServer(llmtest.Options{})
	defer srv.Close()
	cacheDir := gsPath("llm-cache")
	config := func(out string) pipeline.GenerateConfig {
		cfg := pipeline.DefaultGenerateConfig()
		cfg.Seeds.N, cfg.Env.RunSeed = 6, 5
		c := llm.DefaultConfig()
		c.BaseURL, c.APIKeyEnv, c.CacheDir, c.Concurrency = srv.URL(), "", cacheDir, 4
		c.Models = map[llm.Role]string{llm.RoleGenerator: "llmtest", llm.RoleTranslator: "llmtest", llm.RoleSolver: "llmtest"}
		cfg.Env.LLM = &env.LLM{Client: c, BlindSolve: true}
		cfg.Out, cfg.Shards = out, 1
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	first, second := filepath.Join(t.TempDir(), "first"), filepath.Join(t.TempDir(), "second")
	cfg1 := config(first)
	run(t, func(s beam.Scope) { pipeline.Generate(s, cfg1) })
	requests := srv.Total()
	if requests == 0 {
		t.Fatal("the first run made no LLM requests")
	}
	objs, _, err := gcs.ListObjectsWithOptions(bucket, fakestorage.ListOptions{Prefix: "llm-cache/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) == 0 {
		t.Fatal("the first run cached nothing under " + cacheDir)
	}

	cfg2 := config(second)
	run(t, func(s beam.Scope) { pipeline.Generate(s, cfg2) })
	if extra := srv.Total() - requests; extra != 0 {
		t.Fatalf("the second run made %d requests; want every response from the gs:// cache", extra)
	}
	ids := func(dir string) []string {
		var out []string
		for _, l := range lines(tree(t, dir), "accepted") {
			var r schemas.Record
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r.ID)
		}
		sort.Strings(out)
		return out
	}
	a, b := ids(first), ids(second)
	if len(a) == 0 || strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("accepted rows differ between the runs:\nfirst  %v\nsecond %v", a, b)
	}
	hits := int64(0)
	for _, l := range lines(tree(t, second), "accepted") {
		var r schemas.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		for _, u := range r.Usage {
			hits += u.CacheHits
		}
	}
	if hits == 0 {
		t.Error("the second run's rows record no cache hits")
	}
}

// A retried bundle rewrites its shard: the shard holds each row once, and a
// temporary file left by an attempt that died before its rename is neither
// read by output globs nor left behind.
func TestRetriedShardWritesDoNotDuplicateRows(t *testing.T) {
	ctx := context.Background()
	rows := []schemas.Record{{ID: "a"}, {ID: "b"}}
	for _, c := range []struct{ name, dir string }{
		{"gs", gsPath("retry/accepted")},
		{"local", filepath.Join(t.TempDir(), "accepted")},
	} {
		t.Run(c.name, func(t *testing.T) {
			final := transforms.JoinPath(c.dir, e2etest.ShardName(0, 1))
			fs, err := filesystem.New(ctx, c.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer fs.Close()
			// The first attempt died after writing its temporary file.
			leftover := transforms.JoinPath(c.dir, ".tmp-"+e2etest.ShardName(0, 1)+".0123456789abcdef")
			if err := filesystem.Write(ctx, fs, leftover, []byte(`{"id":"a"}`+"\n")); err != nil {
				t.Fatal(err)
			}
			for _, glob := range []string{"*.jsonl", "part-*", "part-*-of-*.jsonl"} {
				if got, err := fs.List(ctx, transforms.JoinPath(c.dir, glob)); err != nil || len(got) != 0 {
					t.Fatalf("glob %s sees the dead attempt's temporary file: %v %v", glob, got, err)
				}
			}
			// The retry, and a duplicate retry.
			for i := 0; i < 2; i++ {
				run(t, func(s beam.Scope) { transforms.WriteRecords(s, c.dir, 1, beam.CreateList(s, rows)) })
			}
			all, err := fs.List(ctx, transforms.JoinPath(c.dir, "*"))
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 1 || all[0] != final {
				t.Fatalf("after the retries the directory holds %v, want only %s", all, final)
			}
			rc, err := fs.OpenRead(ctx, final)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			got.ReadFrom(rc)
			rc.Close()
			if lines := strings.Split(strings.TrimSuffix(got.String(), "\n"), "\n"); len(lines) != 2 ||
				!strings.Contains(lines[0], `"id":"a"`) || !strings.Contains(lines[1], `"id":"b"`) {
				t.Fatalf("shard holds %q, want rows a and b once each", got.String())
			}
		})
	}

	// Re-running the whole writer over the same rows gives the same bytes.
	var recs []schemas.Record
	for i := 0; i < 25; i++ {
		recs = append(recs, schemas.Record{ID: fmt.Sprintf("row-%02d", i), Problem: fmt.Sprintf("problem %d", i)})
	}
	dir := gsPath("rewrite/accepted")
	var first map[string][]byte
	for attempt := 0; attempt < 2; attempt++ {
		run(t, func(s beam.Scope) { transforms.WriteRecords(s, dir, 3, beam.CreateList(s, recs)) })
		got := tree(t, dir)
		if attempt == 0 {
			first = got
			continue
		}
		e2etest.SameOutputs(t, first, got, "the first write", "the rewrite")
	}
	var all []string
	for name, b := range first {
		if !strings.HasPrefix(name, "part-") {
			t.Errorf("unexpected object %s", name)
		}
		all = append(all, strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")...)
	}
	ids := map[string]int{}
	for _, l := range all {
		if l == "" {
			continue
		}
		var r schemas.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		ids[r.ID]++
	}
	if len(ids) != len(recs) {
		t.Fatalf("%d distinct rows written, want %d", len(ids), len(recs))
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("row %s written %d times", id, n)
		}
	}
}

// wrongBoxed returns the arrows row line with its boxed answer replaced by
// one its program does not compute.
func wrongBoxed(t *testing.T, line string) string {
	t.Helper()
	var r schemas.Record
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatal(err)
	}
	i := strings.LastIndex(r.Solution, `\boxed{`)
	if i < 0 {
		t.Fatalf("row %s has no boxed answer", r.ID)
	}
	r.Solution = r.Solution[:i] + `\boxed{-987654321}$.`
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
