package evolve

import (
	"context"
	"fmt"
	"testing"

	"github.com/arrows-math/arrows/internal/llmtest"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/schemas"
)

// gsm8kSeeds are GSM8K train items (openai/grade-school-math, MIT) whose
// programs are built from their calculator annotations, as the llmtest
// server answers the seed-program prompt.
var gsm8kSeeds = []struct{ problem, solution string }{
	{nataliaProblem, "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72"},
	{"Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?",
		"Weng earns 12/60 = $<<12/60=0.2>>0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 = $<<0.2*50=10>>10.\n#### 10"},
	{"Betty is saving money for a new wallet which costs $100. Betty has only half of the money she needs. Her parents decided to give her $15 for that purpose, and her grandparents twice as much as her parents. How much more money does Betty need to buy the wallet?",
		"In the beginning, Betty has only 100 / 2 = $<<100/2=50>>50.\nBetty's grandparents gave her 15 * 2 = $<<15*2=30>>30.\nThis means, Betty needs 100 - 50 - 30 - 15 = $<<100-50-30-15=5>>5 more.\n#### 5"},
	{"Julie is reading a 120-page book. Yesterday, she was able to read 12 pages and today, she read twice as many pages as yesterday. If she wants to read half of the remaining pages tomorrow, how many pages should she read?",
		"Maila read 12 x 2 = <<12*2=24>>24 pages today.\nSo she was able to read a total of 12 + 24 = <<12+24=36>>36 pages since yesterday.\nThere are 120 - 36 = <<120-36=84>>84 pages left to be read.\nSince she wants to read half of the remaining pages tomorrow, then she should read 84/2 = <<84/2=42>>42 pages.\n#### 42"},
	{"James writes a 3-page letter to 2 different friends twice a week.  How many pages does he write a year?",
		"He writes each friend 3*2=<<3*2=6>>6 pages a week\nSo he writes 6*2=<<6*2=12>>12 pages every week\nThat means he writes 12*52=<<12*52=624>>624 pages a year\n#### 624"},
}

// TestPerturbedSeedProgramsRunInTheSandbox runs real programs: each seed
// program, then up to 6 perturbations of it, in the sandbox, and checks
// that CheckPerturbed accepts only children whose answer changed while
// every intermediate kept its kind and sign, and that most seeds yield a
// valid child.
func TestPerturbedSeedProgramsRunInTheSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Python sandbox servers")
	}
	ctx := context.Background()
	cfg := sandbox.DefaultConfig()
	cfg.Workers = 1
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	valid := 0
	for i, s := range gsm8kSeeds {
		src, err := llmtest.CalculatorProgram(s.solution)
		if err != nil {
			t.Fatal(err)
		}
		parent := pool.Run(ctx, sandbox.Request{Code: src, Analyze: true})
		if parent.Status != schemas.StatusOK {
			t.Fatalf("seed %d: %s %s", i, parent.Status, parent.Error)
		}
		found := false
		for attempt := 0; attempt < 6 && !found; attempt++ {
			out, err := Perturb(Parent{Source: src, Problem: s.problem}, RNG(1, fmt.Sprint(i), fmt.Sprint(attempt)))
			if err != nil {
				t.Fatalf("seed %d: %v", i, err)
			}
			child := pool.Run(ctx, sandbox.Request{Code: out.Source, Analyze: true})
			if child.Status != schemas.StatusOK {
				t.Logf("seed %d attempt %d: %s %s", i, attempt, child.Status, child.Error)
				continue
			}
			reason, detail := CheckPerturbed(&parent, &child)
			if reason != "" {
				t.Logf("seed %d attempt %d %v: %s (%s)", i, attempt, out.Changes, reason, detail)
				continue
			}
			found = true
			if SameValue(*parent.Result, *child.Result) {
				t.Fatalf("seed %d: accepted child has the parent's answer", i)
			}
			for name, pv := range parent.Locals {
				if Signature(pv) != Signature(child.Locals[name]) {
					t.Fatalf("seed %d: accepted child changed local %s", i, name)
				}
			}
			t.Logf("seed %d: %v -> answer %s (was %s)\n%s", i, out.Changes, child.Result.Latex, parent.Result.Latex, out.Problem)
		}
		if found {
			valid++
		}
	}
	if valid < len(gsm8kSeeds)-1 {
		t.Errorf("only %d of %d seeds gave a valid perturbation in 6 attempts", valid, len(gsm8kSeeds))
	}
}
