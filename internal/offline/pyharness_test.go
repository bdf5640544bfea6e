package offline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// harnessResult is what testdata/harness.py reports for one program.
type harnessResult struct {
	Status   string                   `json:"status"`
	Error    string                   `json:"error"`
	Result   *schemas.Value           `json:"result"`
	Locals   map[string]schemas.Value `json:"locals"`
	Calls    []string                 `json:"calls"`
	Refs     []string                 `json:"refs"`
	Literals []string                 `json:"literals"`
}

func (h harnessResult) execution() *schemas.Execution {
	return &schemas.Execution{Status: h.Status, Error: h.Error, Result: h.Result, Locals: h.Locals, Literals: h.Literals, Calls: h.Calls}
}

// runPython executes programs in one /usr/bin/python3 process (real SymPy).
func runPython(t testing.TB, sources []string) []harnessResult {
	t.Helper()
	in, err := json.Marshal(sources)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "testdata/harness.py")
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("harness: %v\n%s", err, stderr.String())
	}
	var res []harnessResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("harness output: %v", err)
	}
	if len(res) != len(sources) {
		t.Fatalf("harness returned %d results for %d programs", len(res), len(sources))
	}
	return res
}

var _ = fmt.Sprint

// runPrograms executes generated programs with the Python harness.
func runPrograms(t testing.TB, progs []*schemas.Program) []harnessResult {
	t.Helper()
	srcs := make([]string, len(progs))
	for i, p := range progs {
		srcs[i] = p.Source
	}
	return runPython(t, srcs)
}
