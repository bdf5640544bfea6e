package knowledge

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"
)

const systemPython = "/usr/bin/python3"

// exampleResult is one line of testdata/run_examples.py's report.
type exampleResult struct {
	Name    string  `json:"name"`
	OK      bool    `json:"ok"`
	Error   string  `json:"error"`
	Result  string  `json:"result"`
	Seconds float64 `json:"seconds"`
}

// TestToolkitExamplesRunAndReturnAValue runs every toolkit example with the
// real interpreter in one subprocess (testdata/run_examples.py execs each in
// a fresh globals dict, calls solve() and reports per-example outcomes).
// The sandbox-based variant lives in the sandboxcheck subpackage.
func TestToolkitExamplesRunAndReturnAValue(t *testing.T) {
	if _, err := os.Stat(systemPython); err != nil {
		t.Skipf("%s not available: %v", systemPython, err)
	}
	kb := mustLoad(t)
	type item struct {
		Name string `json:"name"`
		Code string `json:"code"`
	}
	items := make([]item, len(kb.Tools))
	for i, tool := range kb.Tools {
		items[i] = item{tool.Name, tool.Example}
	}
	input, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, systemPython, "testdata/run_examples.py")
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harness: %v\n%s", err, stderr.String())
	}
	var results []exampleResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	if len(results) != len(kb.Tools) {
		t.Fatalf("harness reported %d results for %d examples", len(results), len(kb.Tools))
	}
	slowest := exampleResult{}
	for i, r := range results {
		if r.Name != kb.Tools[i].Name {
			t.Fatalf("result %d is for %s, want %s", i, r.Name, kb.Tools[i].Name)
		}
		if !r.OK {
			t.Errorf("%s: %s", r.Name, r.Error)
			continue
		}
		if r.Result == "" {
			t.Errorf("%s: empty result", r.Name)
		}
		if r.Seconds > slowest.Seconds {
			slowest = r
		}
	}
	t.Logf("%d examples ran; slowest %s (%.2fs)", len(results), slowest.Name, slowest.Seconds)
}

// TestExampleHarnessReportsFailures checks that the harness really catches
// broken programs, so a passing run above means something.
func TestExampleHarnessReportsFailures(t *testing.T) {
	if _, err := os.Stat(systemPython); err != nil {
		t.Skipf("%s not available: %v", systemPython, err)
	}
	input := `[
	{"name": "raises", "code": "def solve():\n    return 1 / 0\n"},
	{"name": "no_solve", "code": "x = 1\n"},
	{"name": "returns_none", "code": "def solve():\n    pass\n"},
	{"name": "bad_api", "code": "import sympy\ndef solve():\n    return sympy.no_such_function(3)\n"},
	{"name": "fine", "code": "import math\ndef solve():\n    return math.comb(5, 2)\n"}
	]`
	cmd := exec.Command(systemPython, "testdata/run_examples.py")
	cmd.Stdin = bytes.NewReader([]byte(input))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	var results []exampleResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"raises":       "ZeroDivisionError",
		"no_solve":     "NoSolve",
		"returns_none": "NoValue",
		"bad_api":      "AttributeError",
	}
	for _, r := range results {
		if r.Name == "fine" {
			if !r.OK || r.Result != "10" {
				t.Errorf("fine: %+v", r)
			}
			continue
		}
		if r.OK || !bytes.HasPrefix([]byte(r.Error), []byte(want[r.Name])) {
			t.Errorf("%s: ok=%v error=%q, want error starting %q", r.Name, r.OK, r.Error, want[r.Name])
		}
	}
}
