// Package seedse2e holds the end-to-end tests of the seeds pathway
// (programs from seed problems, evolved into new problems) on prism.
package seedse2e

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/schemas"
)

func TestMain(m *testing.M) {
	ptest.Main(m)
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
