package eval

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

var (
	evalSeeds   = flag.Int("eval.seeds", 0, "seeds for TestEvalOffline (0: the reduced default)")
	evalRunSeed = flag.Int64("eval.runseed", 5, "run seed for TestEvalOffline")
	evalDump    = flag.String("eval.dump", "", "write every row (problem, solution, program, analysis) to this file")
	evalNoTM    = flag.Bool("eval.without-tools-matter", false, "fold verdicts without the tools_matter check (the verifier before it)")
)

// reducedSeeds is the size of the evaluation in `go test` (make eval-offline
// runs 2,000).
const reducedSeeds = 120

func TestEvalOffline(t *testing.T) {
	n := *evalSeeds
	if n == 0 {
		if testing.Short() {
			t.Skip("starts a sandbox pool")
		}
		n = reducedSeeds
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Config{Seeds: n, RunSeed: *evalRunSeed, Python: "/usr/bin/python3", ServerPy: "../../sandbox/server.py", WithoutToolsMatter: *evalNoTM})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b)
	t.Log("\n" + b.String())
	if *evalDump != "" {
		var d strings.Builder
		for _, r := range rep.Rows {
			fmt.Fprintf(&d, "=== %d %s [%s/%s] %v\n%s\n--- solution\n%s\n--- program\n%s\n--- unused %v dead %v lint %v\n\n", r.Index, r.Template, r.Stage, r.Reason, r.Topics, r.Problem, r.Solution, r.Source, r.Unused, r.Dead, r.Lint)
		}
		if err := os.WriteFile(*evalDump, []byte(d.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
