package gcse2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/graphx"
	v1pb "github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/graphx/v1"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/protox"
	pipepb "github.com/apache/beam/sdks/v2/go/pkg/beam/model/pipeline_v1"
	"google.golang.org/protobuf/proto"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/decontam"
	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/evolve"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/report"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/internal/version"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/transforms"
)

// fullGenerateConfig sets every field of the generate configuration to a
// value that is not its default (zeroFields checks that none is left out).
func fullGenerateConfig(t *testing.T, out string) pipeline.GenerateConfig {
	sb := env.Sandbox{Workers: 3, WallMillis: 4321, CPUMillis: 2345, MemoryMB: 777, MaxOutputBytes: 54321, NoNamespaces: true, NoSeccomp: true}
	lc := &env.LLM{
		Client: llm.Config{
			BaseURL: "http://llm.example:8000/v1",
			Models: map[llm.Role]string{llm.RoleGenerator: "gen-m", llm.RoleTranslator: "tr-m",
				llm.RoleSolver: "sol-m", llm.RoleJudge: "judge-m"},
			Sampling: map[llm.Role]llm.Sampling{
				llm.RoleGenerator:  {Temperature: 0.61, TopP: 0.91, MaxTokens: 1901, N: 3},
				llm.RoleTranslator: {Temperature: 0.27, TopP: 0.83, MaxTokens: 1702, N: 1},
				llm.RoleSolver:     {Temperature: 0.13, TopP: 0.77, MaxTokens: 1503, N: 1},
				llm.RoleJudge:      {Temperature: 0.05, TopP: 0.5, MaxTokens: 304, N: 1},
			},
			APIKeyEnv: "ARROWS_SETTINGS_KEY", Concurrency: 7, RPM: 611, TPM: 91011, MaxRetries: 9,
			InitialBackoff: 123 * time.Millisecond, MaxBackoff: 17 * time.Second, RequestTimeout: 71 * time.Second,
			BreakerFailures: 13, BreakerPause: 3 * time.Second, BreakerMaxOpen: 4 * time.Minute,
			MaxOutage: 5 * time.Minute, MaxReplyBytes: 123457,
			CacheDir:    "gs://arrows-settings/cache",
			PricesPer1M: map[string]llm.Price{"gen-m": {Prompt: 0.15, Completion: 0.6}},
			Budget:      llm.Limits{MaxCostUSD: 12.34, MaxTokens: 5678901, Run: "e2e-settings-run"},
		},
		BlindSolve: true, Judge: true,
	}
	tc := [3]float64{0.5, 0.3, 0.2}
	runSeed := int64(98765)
	// The job fills the card's generator, models, versions and run seed
	// itself; they are set here to what it fills in.
	card := fullCard(t)
	card.Generator, card.RunSeed = env.BackendLLM, &runSeed
	card.Models = map[string]string{"generator": "gen-m", "translator": "tr-m", "solver": "sol-m", "judge": "judge-m"}
	return pipeline.GenerateConfig{
		Env: env.Env{Sandbox: sb, LLM: lc, RunSeed: runSeed, RelTol: 2.5e-3},
		Seeds: transforms.SeedConfig{N: 123457, Start: 4321, Ranges: 17, OfflineOnly: true,
			StratumWeights: map[string]float64{"middle": 2.5}, TopicCounts: &tc},
		Out:    out,
		Shards: 7,
		Dedup: &transforms.DedupConfig{MinHash: dedup.MinHash{NumPerm: 96, Bands: 24, Shingle: 3, NumberWeight: 4, Threshold: 0.83, Seed: 0xabcdef12345}, MaxPerStructure: 11,
			Staging: transforms.DedupStaging{Dir: "gs://arrows-settings/out/.tmp-dedup", Partitions: 29, MemoryBytes: 7654321, Round: 3,
				PriorKeys: "gs://arrows-settings/out/rounds/keys-2", KeysOut: "gs://arrows-settings/out/rounds/keys-3"}},
		Decontam:    &transforms.DecontamConfig{N: decontam.DefaultN, Benchmarks: benchmarks(t), NoAnswerMatch: true},
		Card:        card,
		ProgressKey: "e2e-progress-gen",
		// The seeds pathway shares the job's Env; its own settings are odd
		// values.
		SeedsPathway: &pipeline.SeedsConfig{
			Read: transforms.ReadConfig{Globs: []string{"gs://arrows-settings/seeds/*.jsonl.gz"}, Format: "jsonl",
				Fields:       corpus.FieldMap{Problem: "q", Solution: "sol", Answer: "ans", ID: "uid", Program: "code"},
				MaxLineBytes: 65432, Pathway: pipeline.PathwaySeeds, RangeBytes: 7654321},
			MaxSeeds:     4567,
			SeedDecontam: &transforms.DecontamConfig{N: decontam.DefaultN, Benchmarks: benchmarks(t)[:1], NoAnswerMatch: true},
			Evolve:       transforms.EvolveConfig{Operators: []string{evolve.OpPerturbGivens, evolve.OpAskOther}, Variants: 3, Attempts: 9},
			Depth:        2,
		},
	}
}

// fullCard sets every dataset-card field.
func fullCard(t *testing.T) report.CardMeta {
	t.Helper()
	runSeed := int64(4242)
	return report.CardMeta{
		PrettyName: "e2e corpus", License: "cc-by-4.0", Languages: []string{"en", "de"}, Summary: "A test corpus.",
		Generator: "offline", Models: map[string]string{"generator": "offline"}, PromptVersion: "e2e-prompts-3",
		VerifierVersion: verify.Version, ArrowsVersion: version.Version, RunSeed: &runSeed,
		Command: "arrows generate --n 123457", Created: "2026-11-27", Repository: "https://example.org/arrows",
		Benchmarks:   []report.BenchmarkRef{{Name: "gsm8k", Version: "e2e-v1", Source: "https://example.org/gsm8k", License: "mit", Items: 1319}},
		DecontamRule: "13-grams and answers", Prices: map[string]report.Price{"gen-m": {PromptPerMTok: 0.25, CompletionPerMTok: 1.25}},
		DataFiles: "accepted/part-*.jsonl", File: "DATASET_CARD.md",
		Configs: []report.DataConfig{{Name: "default", Files: []report.DataFile{{Split: "train", Path: "data/train-*.parquet"}}}},
		Fields:  [][2]string{{"problem", "the problem text"}}, FieldsOf: "data/*.parquet",
		Plan:       &costplan.Plan{Version: "e2e-plan-1", N: 1000},
		MaxCostUSD: 12.34, MaxLLMTokens: 5678901,
	}
}

// benchmarks returns one shipped decontamination benchmark.
func benchmarks(t *testing.T) []string {
	t.Helper()
	names, err := decontam.Available()
	if err != nil || len(names) == 0 {
		t.Fatalf("no decontamination benchmarks: %v", err)
	}
	return names[:1]
}

// fullVerifyConfig is fullGenerateConfig for the verify job.
func fullVerifyConfig(t *testing.T, out string) pipeline.VerifyJobConfig {
	sb := env.Sandbox{Workers: 2, WallMillis: 5432, CPUMillis: 3456, MemoryMB: 666, MaxOutputBytes: 43210, NoNamespaces: true, NoSeccomp: true}
	return pipeline.VerifyJobConfig{
		Env: env.Env{Sandbox: sb, RunSeed: 24680, RelTol: 3.5e-3},
		Read: transforms.ReadConfig{Globs: []string{"gs://arrows-settings/in/*.jsonl", "/data/more/*.gz"}, Format: "jsonl",
			Fields:       corpus.FieldMap{Problem: "q", Solution: "s", Answer: "a", ID: "uid", Program: "code"},
			MaxLineBytes: 98765, Pathway: "imported", RangeBytes: 8765432},
		Out:    out,
		Shards: 5,
		Dedup: &transforms.DedupConfig{MinHash: dedup.MinHash{NumPerm: 80, Bands: 16, Shingle: 4, NumberWeight: 2, Threshold: 0.91, Seed: 0x1234abcd}, MaxPerStructure: 13,
			Staging: transforms.DedupStaging{Dir: "gs://arrows-settings/verified/.tmp-dedup", Partitions: 31, MemoryBytes: 6543210, Round: 2,
				PriorKeys: "gs://arrows-settings/verified/keys-1", KeysOut: "gs://arrows-settings/verified/keys-2"}},
		Decontam:    &transforms.DecontamConfig{N: decontam.DefaultN, Benchmarks: benchmarks(t), NoAnswerMatch: true},
		Card:        fullCard(t),
		ProgressKey: "e2e-progress-verify",
		SpillBytes:  3456789,
	}
}

// zeroFields lists the fields of v (recursively) that hold their zero
// value. A setting a test leaves at zero is a setting it cannot show
// arriving, so a new field fails these tests until it is covered.
func zeroFields(v reflect.Value, path string, skip map[string]bool) []string {
	if skip[path] {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return []string{path}
		}
		return zeroFields(v.Elem(), path, skip)
	case reflect.Struct:
		var out []string
		for i := 0; i < v.NumField(); i++ {
			if f := v.Type().Field(i); f.IsExported() {
				out = append(out, zeroFields(v.Field(i), path+"."+f.Name, skip)...)
			}
		}
		return out
	case reflect.Map:
		if v.Len() == 0 {
			return []string{path}
		}
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, zeroFields(v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k), skip)...)
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			return []string{path}
		}
		var out []string
		for i := 0; i < v.Len(); i++ {
			out = append(out, zeroFields(v.Index(i), fmt.Sprintf("%s[%d]", path, i), skip)...)
		}
		return out
	}
	if v.IsZero() {
		return []string{path}
	}
	return nil
}

// workerDoFns translates p to the Beam pipeline proto exactly as a
// submission does, and decodes every DoFn from it as a worker does
// (graphx.DecodeMultiEdge rebuilds the struct from its JSON payload). It
// returns each DoFn's exported fields as JSON values, keyed by type name.
func workerDoFns(t *testing.T, p *beam.Pipeline) map[string][]any {
	t.Helper()
	edges, _, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	benv, err := graphx.CreateEnvironment(context.Background(), "beam:env:docker:v1", func(context.Context) string { return "arrows-worker:test" })
	if err != nil {
		t.Fatal(err)
	}
	pb, err := graphx.Marshal(edges, &graphx.Options{Environment: benv})
	if err != nil {
		t.Fatalf("translate the pipeline: %v", err)
	}
	out := map[string][]any{}
	for id, tr := range pb.GetComponents().GetTransforms() {
		var data []byte
		switch tr.GetSpec().GetUrn() {
		case graphx.URNParDo:
			var pardo pipepb.ParDoPayload
			if err := proto.Unmarshal(tr.GetSpec().GetPayload(), &pardo); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			data = pardo.GetDoFn().GetPayload()
		case graphx.URNCombinePerKey:
			var cmb pipepb.CombinePayload
			if err := proto.Unmarshal(tr.GetSpec().GetPayload(), &cmb); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			data = cmb.GetCombineFn().GetPayload()
		default:
			continue
		}
		var tp v1pb.TransformPayload
		if err := protox.DecodeBase64(string(data), &tp); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if tp.GetUrn() != graphx.URNDoFn {
			continue
		}
		_, fn, _, _, _, err := graphx.DecodeMultiEdge(tp.GetEdge())
		if err != nil {
			t.Fatalf("decode the DoFn of %s as a worker would: %v", id, err)
		}
		if fn == nil || fn.Recv == nil {
			continue // a function, not a struct DoFn
		}
		if vals, ok := createdValues(t, fn.Recv); ok {
			// beam.Create: the values a side input carries (configuration
			// of function DoFns), decoded with their coder as the worker
			// decodes them.
			out["beam.Create"] = append(out["beam.Create"], vals...)
			continue
		}
		b, err := json.Marshal(fn.Recv)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		name := shortTypeName(reflect.TypeOf(fn.Recv))
		out[name] = append(out[name], v)
	}
	return out
}

// pkgPath matches the import path in front of a type name inside the name
// of an instantiated generic type.
var pkgPath = regexp.MustCompile(`[\w.-]+(/[\w.-]+)*/`)

// shortTypeName names a DoFn type with package names only:
// "*transforms.asyncFn[*transforms.executeStage]" for an async stage.
func shortTypeName(t reflect.Type) string {
	return pkgPath.ReplaceAllString(t.String(), "")
}

// stageFn is the type name of the DoFn of an async stage.
func stageFn(stage string) string { return "*transforms.asyncFn[*transforms." + stage + "]" }

// leaves adds the scalar leaves of a JSON value to set as "key=value", key
// being the name of the object field (or map key) that holds the scalar;
// array elements take their array's key.
func leaves(v any, key string, set map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			leaves(e, k, set)
		}
	case []any:
		for _, e := range x {
			leaves(e, key, set)
		}
	case nil:
	default:
		set[fmt.Sprintf("%s=%v", key, x)] = true
	}
}

// constructionOnly are the job settings used to build the graph, which
// therefore need not reach the workers.
var constructionOnly = map[string]string{
	"SeedsPathway.Depth": "the number of evolution levels in the graph",
}

// checkEveryLeaf checks that every setting of a job configuration (each
// scalar inside each field of cfg) is held, under its own JSON name, by
// some decoded DoFn; a top-level scalar field (Out, Shards) must appear as
// some DoFn's value. This covers configuration fields added later without
// naming the DoFns that use them.
func checkEveryLeaf(t *testing.T, cfg any, fns map[string][]any) {
	t.Helper()
	have := map[string]bool{}
	values := map[string]bool{}
	for _, vs := range fns {
		for _, v := range vs {
			leaves(v, "", have)
		}
	}
	for kv := range have {
		_, v, _ := strings.Cut(kv, "=")
		values[v] = true
	}
	rv := reflect.ValueOf(cfg)
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		if !f.IsExported() || constructionOnly[f.Name] != "" {
			continue
		}
		want := map[string]bool{}
		leaves(jsonValue(t, rv.Field(i).Interface()), "", want)
		for kv := range want {
			if strings.HasPrefix(kv, "=") { // a top-level scalar: look for its value
				if !values[kv[1:]] {
					t.Errorf("%s.%s = %s reaches no DoFn (if it only shapes the graph, add it to constructionOnly)", rv.Type().Name(), f.Name, kv[1:])
				}
				continue
			}
			if k, _, _ := strings.Cut(kv, "="); constructionOnly[f.Name+"."+k] != "" {
				continue
			}
			// A DoFn may hold a setting under another name (dedup's
			// MaxPerStructure is its "n"): then the value must still be there.
			if _, v, _ := strings.Cut(kv, "="); !have[kv] && !values[v] {
				t.Errorf("%s.%s: %s reaches no DoFn", rv.Type().Name(), f.Name, kv)
			}
		}
	}
}

// createdValues decodes the elements of a beam.Create DoFn (its Values,
// encoded with the coder of its Type) into generic JSON values; ok is false
// for any other DoFn.
func createdValues(t *testing.T, recv any) (vals []any, ok bool) {
	t.Helper()
	rv := reflect.ValueOf(recv)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct || rv.Elem().Type().String() != "beam.createFn" {
		return nil, false
	}
	enc, ok := rv.Elem().FieldByName("Type").Interface().(beam.EncodedType)
	if !ok {
		t.Fatalf("beam.createFn's Type is %T", rv.Elem().FieldByName("Type").Interface())
	}
	dec := beam.NewElementDecoder(enc.T)
	for _, raw := range rv.Elem().FieldByName("Values").Interface().([][]byte) {
		el, err := dec.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("decode a created %v: %v", enc.T, err)
		}
		vals = append(vals, jsonValue(t, el))
	}
	return vals, true
}

// jsonValue is v as a generic JSON value.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// contains reports whether want occurs as a subtree of v.
func contains(v, want any) bool {
	if reflect.DeepEqual(v, want) {
		return true
	}
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if contains(e, want) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if contains(e, want) {
				return true
			}
		}
	}
	return false
}

// carriers returns the DoFn types whose decoded fields contain want.
func carriers(fns map[string][]any, want any) []string {
	var out []string
	for name, vs := range fns {
		for _, v := range vs {
			if contains(v, want) {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// Every setting of generate and verify is inside the DoFns that need it
// after the round trip a remote worker makes (pipeline proto → DoFn
// struct): nothing depends on a Go flag variable or on unexported state.
func TestEverySettingReachesTheWorkersDoFns(t *testing.T) {
	gen := fullGenerateConfig(t, "gs://arrows-settings/out")
	ver := fullVerifyConfig(t, "gs://arrows-settings/verified")
	// The card's cost plan is a report (see internal/report's tests), not
	// a setting: the card carrying it is checked below.
	if z := zeroFields(reflect.ValueOf(gen), "GenerateConfig", map[string]bool{"GenerateConfig.Card.Plan": true}); len(z) > 0 {
		t.Fatalf("set a non-default value for %v in fullGenerateConfig", z)
	}
	// The verify job has no LLM; answer-only grading is its other mode.
	graded := ver
	graded.Grade = &transforms.GradeConfig{Decimals: 4, PercentFraction: true, RoundStated: true}
	if z := zeroFields(reflect.ValueOf(graded), "VerifyJobConfig", map[string]bool{"VerifyJobConfig.Env.LLM": true, "VerifyJobConfig.Card.Plan": true}); len(z) > 0 {
		t.Fatalf("set a non-default value for %v in fullVerifyConfig", z)
	}
	if err := gen.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := ver.Validate(); err != nil {
		t.Fatal(err)
	}

	type want struct {
		what  string
		value any
		// in names the DoFn types that must carry the value.
		in []string
	}
	jobs := []struct {
		name  string
		cfg   any
		build func(s beam.Scope)
		wants []want
	}{
		{"generate", gen, func(s beam.Scope) { pipeline.Generate(s, gen) }, []want{
			{"seeding (N, ranges, weights)", gen.Seeds, []string{"*transforms.seedRangesFn", "*transforms.seedOfIndexFn"}},
			{"the run seed", gen.Env.RunSeed, []string{"*transforms.seedOfIndexFn", "*transforms.seedRowFn"}},
			{"the sandbox limits", gen.Env.Sandbox, []string{stageFn("executeStage")}},
			{"the LLM backend", gen.Env.LLM, []string{stageFn("generateStage"), stageFn("translateStage")}},
			{"verification (tolerance, its sandbox and LLM checks)", gen.Env, []string{stageFn("verifyStage")}},
			{"the seeds pathway (its env, evolution settings)", map[string]any{"env": jsonValue(t, gen.Env), "cfg": jsonValue(t, gen.SeedsPathway.Evolve)}, []string{stageFn("evolveStage")}},
			{"the seed audit", map[string]any{"env": jsonValue(t, gen.Env)}, []string{stageFn("seedProgramStage")}},
			{"the accepted output", map[string]any{"dir": gen.Out + "/accepted", "shards": gen.Shards}, []string{"*transforms.mergeShardFn"}},
			{"the rejected output", map[string]any{"dir": gen.Out + "/rejected", "shards": gen.Shards}, []string{"*transforms.mergeShardFn"}},
			{"the stats output", map[string]any{"dir": gen.Out}, []string{"*transforms.writeStatsFn"}},
			{"the dataset card (with the cost plan and budget caps)", gen.Card, []string{"*transforms.writeReportFn"}},
			{"dedup staging (directory, partitions, memory, rounds)", gen.Dedup.Staging, []string{"*transforms.stageRowsFn", "*transforms.dedupEngineFn", "*transforms.routeRowsFn"}},
			{"the shard count", map[string]any{"shards": gen.Shards}, []string{"*transforms.shardKeyFn", "*transforms.shardMarkersFn"}},
			{"the progress key", gen.ProgressKey, []string{"*transforms.progressTapFn"}},
		}},
		{"verify", ver, func(s beam.Scope) { pipeline.Verify(s, ver) }, []want{
			{"reading (globs, format, fields, line cap)", ver.Read, []string{"*transforms.readRangeFn"}},
			{"the sandbox limits", ver.Env.Sandbox, []string{stageFn("executeStage")}},
			{"verification (tolerance and its sandbox)", ver.Env, []string{stageFn("verifyStage"), stageFn("referenceStage")}},
			{"the accepted output", map[string]any{"dir": ver.Out + "/accepted", "shards": ver.Shards}, []string{"*transforms.mergeShardFn"}},
			{"the rejected output", map[string]any{"dir": ver.Out + "/rejected", "shards": ver.Shards}, []string{"*transforms.mergeShardFn"}},
			{"the dead-letter output", map[string]any{"dir": ver.Out + "/deadletter", "shards": ver.Shards}, []string{"*transforms.mergeShardFn"}},
			{"the stats output", map[string]any{"dir": ver.Out}, []string{"*transforms.writeStatsFn"}},
			{"dedup staging", ver.Dedup.Staging, []string{"*transforms.stageRowsFn", "*transforms.dedupEngineFn", "*transforms.routeRowsFn"}},
			{"the progress key", ver.ProgressKey, []string{"*transforms.progressTapFn"}},
		}},
		{"verify --answer-only", graded, func(s beam.Scope) { pipeline.Verify(s, graded) }, []want{
			{"reading (globs, format, fields, line cap)", graded.Read, []string{"*transforms.readRangeFn"}},
			{"grading (tolerance, its sandbox)", graded.Env, []string{stageFn("gradeStage")}},
			{"the stated precision and percent policy", graded.Grade, []string{stageFn("gradeStage")}},
			{"the accepted output", map[string]any{"dir": graded.Out + "/accepted", "shards": graded.Shards}, []string{"*transforms.mergeShardFn"}},
		}},
	}
	for _, job := range jobs {
		t.Run(job.name, func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			job.build(s)
			fns := workerDoFns(t, p)
			if len(fns) == 0 {
				t.Fatal("no struct DoFns decoded")
			}
			checkEveryLeaf(t, job.cfg, fns)
			for _, w := range job.wants {
				v := jsonValue(t, w.value)
				got := carriers(fns, v)
				for _, name := range w.in {
					found := false
					for _, g := range got {
						found = found || g == name
					}
					if !found {
						t.Errorf("%s does not reach %s on the workers (carried by %v); decoded %s: %s",
							w.what, name, got, name, e2etest.Clip(fmt.Sprint(fns[name]), 800))
					}
				}
			}
		})
	}
}

// Go flag variables keep their defaults on remote workers, so no code that
// runs inside a pipeline may read them: the pipeline, transforms, schemas
// and internal packages must not import "flag" (only cmd/, runners/ and
// stand-alone tools, which run in the launcher or on their own, do).
func TestNoPipelineCodeReadsGoFlags(t *testing.T) {
	root := filepath.Join("..", "..")
	checked := 0
	for _, dir := range []string{"pipeline", "transforms", "schemas", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasSuffix(d.Name(), "e2e")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			if f.Name.Name == "main" {
				return nil // a command of its own (e.g. a data-building tool), not pipeline code
			}
			checked++
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "flag" {
					t.Errorf("%s imports \"flag\": pipeline code must take settings from DoFn fields, not Go flags", path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 20 {
		t.Fatalf("only %d Go files checked: wrong root?", checked)
	}
}
