// Package seedse2e holds the end-to-end tests of the seeds pathway
// (programs from seed problems, evolved into new problems) on prism.
package seedse2e

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
)

func TestMain(m *testing.M) {
	ptest.Main(m)
}

// readRows reads every JSON line of the part files under dir, validating
// each against schema.
func readRows(t *testing.T, dir, schema string) []schemas.Record {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "part-*-of-*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no part files in %s", dir)
	}
	var out []schemas.Record
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			if schema != "" {
				if err := v.Validate(schema, sc.Bytes()); err != nil {
					t.Fatalf("%s: line does not validate against %s: %v\n%.600s", f, schema, err, sc.Text())
				}
			}
			var r schemas.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func runPipeline(t *testing.T, build func(s beam.Scope)) beam.PipelineResult {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	build(s)
	res, err := runners.Run(context.Background(), runners.Prism, p)
	if err != nil {
		t.Fatalf("pipeline failed: %v", err)
	}
	return res
}

// counters returns the arrows/* counters of a finished pipeline.
func counters(res beam.PipelineResult) map[string]int64 {
	out := map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == "arrows" {
			out[c.Name()] += c.Result()
		}
	}
	return out
}

func readStats(t *testing.T, out string) *stats.Stats {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New()
	if err := json.Unmarshal(b, st); err != nil {
		t.Fatal(err)
	}
	return st
}

// reasons summarises rejected rows as stage/reason=count.
func reasons(rows []schemas.Record) string {
	m := map[string]int{}
	for _, r := range rows {
		m[r.Rejection.Stage+"/"+r.Rejection.Reason]++
	}
	var out []string
	for k, v := range m {
		out = append(out, k+"="+strconv.Itoa(v))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// testLLM is the client configuration for the test server: distinct
// models per role, no key, quick retries.
func testLLM(baseURL string) *env.LLM {
	c := llm.DefaultConfig()
	c.BaseURL = baseURL
	c.APIKeyEnv = ""
	c.Models = map[llm.Role]string{
		llm.RoleGenerator:  "seeds-generator",
		llm.RoleTranslator: "seeds-translator",
		llm.RoleSolver:     "seeds-solver",
		llm.RoleJudge:      "seeds-judge",
	}
	c.Concurrency = 8
	c.MaxRetries = 3
	c.InitialBackoff = 20 * time.Millisecond
	c.MaxBackoff = 200 * time.Millisecond
	c.RequestTimeout = 20 * time.Second
	return &env.LLM{Client: c, BlindSolve: true}
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
