// Package verifye2e tests `arrows verify` end to end on prism: the public
// GSM8K test set and MATH500 with their own reference solutions (accepted)
// and with altered final answers (rejected), a corpus made by `arrows
// generate` re-verified as is (no verdict changes) and with injected
// corruptions (each rejected for its own reason), and bad input that must
// never stop the job (every input line ends in accepted/, rejected/ or
// deadletter/). Its benchmark measures records/s and the peak RSS of the
// verify job on the GSM8K train set at 1× and 10× its size. It has no
// non-test code.
package verifye2e

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/schemas"
)

func TestMain(m *testing.M) {
	ptest.Main(m)
}

// verifyConfig is the configuration `arrows verify --in globs --out out
// --format format` builds.
func verifyConfig(globs []string, format corpus.Format, out string) pipeline.VerifyJobConfig {
	cfg := pipeline.DefaultVerifyJobConfig()
	cfg.Read.Globs = globs
	cfg.Read.Format = string(format)
	cfg.Out = out
	return cfg
}

// runVerify runs the verify job on prism and fails the test on error.
func runVerify(t testing.TB, cfg pipeline.VerifyJobConfig) beam.PipelineResult {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return e2etest.Run(t, func(s beam.Scope) { pipeline.Verify(s, cfg) })
}

// readLines calls fn with every line of a local file, plain or compressed.
func readLines(path string, fn func(n int64, line []byte)) error {
	rc, err := corpus.Open(context.Background(), path)
	if err != nil {
		return err
	}
	defer rc.Close()
	return corpus.ReadLines(rc, 64<<20, func(n int64, line []byte, _ bool) error {
		fn(n, line)
		return nil
	})
}

// countLines is the number of physical lines of a local file, as
// corpus.ReadLines counts them.
func countLines(t testing.TB, path string) int64 {
	t.Helper()
	var n int64
	if err := readLines(path, func(int64, []byte) { n++ }); err != nil {
		t.Fatal(err)
	}
	return n
}

// sameFile reports whether an origin's file is the input file named name
// (origins record files relative to the base of the glob that matched them).
func sameFile(origin, name string) bool {
	return origin == name || strings.HasSuffix(origin, "/"+name) || filepath.Base(origin) == name
}

// originOf returns a row's origin or fails.
func originOf(t testing.TB, r schemas.Record) schemas.Origin {
	t.Helper()
	if r.Origin == nil || r.Origin.File == "" || r.Origin.Line < 1 {
		t.Fatalf("row %s has no origin (file, line): %+v", r.ID, r.Origin)
	}
	return *r.Origin
}

// byFile groups rows by the base name of their origin file.
func byFile(t testing.TB, rows []schemas.Record) map[string][]schemas.Record {
	t.Helper()
	m := map[string][]schemas.Record{}
	for _, r := range rows {
		o := originOf(t, r)
		m[filepath.Base(o.File)] = append(m[filepath.Base(o.File)], r)
	}
	return m
}

// writeJSONL writes rows (already encoded lines) to path.
func writeJSONL(t testing.TB, path string, lines [][]byte) {
	t.Helper()
	var b strings.Builder
	for _, l := range lines {
		b.Write(l)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// rate is n/d as a fraction (0 when d is 0).
func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// failedReasons summarizes rejected rows as "reason=count" strings.
func failedReasons(rows []schemas.Record) string {
	m := map[string]int{}
	for _, r := range rows {
		if r.Rejection != nil {
			m[r.Rejection.Stage+"/"+r.Rejection.Reason]++
		}
	}
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// alterNumber changes a numeric final answer (LaTeX answers: see
// verifyeval.AlterLatex).
func alterNumber(n *big.Rat) *big.Rat { return new(big.Rat).Add(n, big.NewRat(1, 1)) }
