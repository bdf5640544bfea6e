package offline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// harnessResult is what testdata/harness.py reports for one program.
type harnessResult struct {
	Status    string                   `json:"status"`
	Error     string                   `json:"error"`
	Result    *schemas.Value           `json:"result"`
	Locals    map[string]schemas.Value `json:"locals"`
	Calls     []string                 `json:"calls"`
	Refs      []string                 `json:"refs"`
	Literals  []string                 `json:"literals"`
	Unused    []string                 `json:"unused_calls"`
	Dead      []string                 `json:"dead"`
	CPUMillis int64                    `json:"cpu_ms"`
}

func (h harnessResult) execution() *schemas.Execution {
	return &schemas.Execution{Status: h.Status, Error: h.Error, Result: h.Result, Locals: h.Locals, Literals: h.Literals, Calls: h.Calls, Unused: h.Unused}
}

// harnessWorkers is the number of Python processes runPython uses.
const harnessWorkers = 2

// runPython executes programs with /usr/bin/python3 (real SymPy), split over
// harnessWorkers processes.
func runPython(t testing.TB, sources []string) []harnessResult {
	t.Helper()
	if len(sources) < 2*harnessWorkers {
		return runPythonBatch(t, sources)
	}
	chunk := (len(sources) + harnessWorkers - 1) / harnessWorkers
	parts := make([][]harnessResult, harnessWorkers)
	var wg sync.WaitGroup
	for w := 0; w < harnessWorkers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(sources))
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w] = runPythonBatch(t, sources[lo:hi])
		}()
	}
	wg.Wait()
	var out []harnessResult
	for _, p := range parts {
		out = append(out, p...)
	}
	if len(out) != len(sources) {
		t.Fatalf("harness returned %d results for %d programs", len(out), len(sources))
	}
	return out
}

// runPythonBatch executes programs in one Python process.
func runPythonBatch(t testing.TB, sources []string) []harnessResult {
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
		t.Errorf("harness: %v\n%s", err, stderr.String())
		return make([]harnessResult, len(sources))
	}
	var res []harnessResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Errorf("harness output: %v", err)
		return make([]harnessResult, len(sources))
	}
	if len(res) != len(sources) {
		t.Errorf("harness returned %d results for %d programs", len(res), len(sources))
		return make([]harnessResult, len(sources))
	}
	return res
}

// runPrograms executes generated programs with the Python harness.
func runPrograms(t testing.TB, progs []*schemas.Program) []harnessResult {
	t.Helper()
	srcs := make([]string, len(progs))
	for i, p := range progs {
		srcs[i] = p.Source
	}
	return runPython(t, srcs)
}

// exemplarRun is one generated instance of an exemplar and its execution.
type exemplarRun struct {
	ex     *exemplar
	draw   int
	prog   *schemas.Program
	result harnessResult
	// value is the answer value the generator computed (answer.value), or nil.
	value *int64
}

var (
	exemplarRunsOnce sync.Once
	exemplarRunsData []exemplarRun
	exemplarRunsErr  error
)

// exemplarRuns generates drawsPerExemplar single-part programs per exemplar
// and executes them once for all tests of the package.
func exemplarRuns(t *testing.T) []exemplarRun {
	t.Helper()
	exemplarRunsOnce.Do(func() {
		exs, err := loadExemplars(exemplarFS)
		if err != nil {
			exemplarRunsErr = err
			return
		}
		var runs []exemplarRun
		var progs []*schemas.Program
		// OFFLINE_EXEMPLARS=<regexp> restricts the runs to matching exemplar
		// ids (for authors iterating on a few exemplars).
		only := regexp.MustCompile(os.Getenv("OFFLINE_EXEMPLARS"))
		for _, ex := range exs {
			if !only.MatchString(ex.ID) {
				continue
			}
			for d := 0; d < drawsPerExemplar; d++ {
				pl := plan{parts: []*exemplar{ex}}
				rng := rand.New(rand.NewPCG(uint64(d), 77))
				parts, err := pl.instantiate(rng)
				if err != nil {
					exemplarRunsErr = fmt.Errorf("%s: %w", ex.ID, err)
					return
				}
				p, err := pl.render(rng, parts)
				if err != nil {
					exemplarRunsErr = fmt.Errorf("%s: %w", ex.ID, err)
					return
				}
				runs = append(runs, exemplarRun{ex: ex, draw: d, prog: p, value: parts[0].known})
				progs = append(progs, p)
			}
		}
		results := runPrograms(t, progs)
		for i := range runs {
			runs[i].result = results[i]
		}
		exemplarRunsData = runs
	})
	if exemplarRunsErr != nil {
		t.Fatalf("exemplar runs: %v", exemplarRunsErr)
	}
	return exemplarRunsData
}
