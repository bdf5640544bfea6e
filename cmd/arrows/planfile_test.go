package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/costplan"
)

// testPlan is a plan whose pilot ran generate with pilotArgs and measured
// the generator and translator on model "m".
func testPlan(t *testing.T, pilotArgs ...string) costplan.Plan {
	t.Helper()
	fs := commandFlags(command{name: "generate", setup: generateCmd})
	if err := parseFlags(fs, pilotArgs); err != nil {
		t.Fatal(err)
	}
	pilot := costplan.Pilot{Seeds: 10, Rows: 10, Accepted: 8, WallSeconds: 5, Roles: map[string]costplan.PilotRole{
		"generator":  {Model: "m", Calls: 10, PromptTokens: 9000, CompletionTokens: 4000, LatencyMillis: 8000, LatencyCalls: 10},
		"translator": {Model: "m", Calls: 10, PromptTokens: 12000, CompletionTokens: 5000, LatencyMillis: 6000, LatencyCalls: 10},
	}}
	s, err := planSettings(fs)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := costplan.New(pilot, s, 100)
	if err != nil {
		t.Fatal(err)
	}
	pl.Flags = pilotFlags(fs)
	return pl
}

func TestGeneratePlanIsCheckedAgainstTheRun(t *testing.T) {
	pilotArgs := []string{"--backend=llm", "--llm-model=m", "--llm-price=m=2:8", "--seed=5", "--n=10", "--out=plan"}
	models := map[string]string{"generator": "m", "translator": "m"}
	cases := []struct {
		name    string
		args    []string
		models  map[string]string
		edit    func(*costplan.Plan)
		err     string   // the error names this; "" for none
		warn    []string // the warnings name these
		nowarn  bool
		reprice bool // the projection is made again under the run's prices
	}{
		{name: "the same flags and another --n and --out: used as it is, no warning",
			args: []string{"--backend=llm", "--llm-model=m", "--llm-price=m=2:8", "--seed=5", "--n=1000", "--out=run"}, models: models, nowarn: true},
		{name: "another plan version is an error",
			args: pilotArgs, models: models, edit: func(p *costplan.Plan) { p.Version = "plan-v0" }, err: "plan version"},
		{name: "an offline run is an error",
			args: []string{"--seed=5"}, models: nil, err: "--backend=offline"},
		{name: "a pilot without LLM calls is an error",
			args: pilotArgs, models: models, edit: func(p *costplan.Plan) { p.Pilot.Roles = nil }, err: "made no LLM calls"},
		{name: "another model for a role is an error",
			args:   []string{"--backend=llm", "--llm-model=m", "--llm-translator-model=big", "--llm-price=m=2:8", "--seed=5"},
			models: map[string]string{"generator": "m", "translator": "big"}, err: "translator: big (plan: m)"},
		{name: "other prices: a warning and the projection made again under them",
			args: []string{"--backend=llm", "--llm-model=m", "--llm-price=m=4:16", "--seed=5"}, models: models,
			warn: []string{"--llm-price=m=4:16 (plan: m=2:8)", "projected again"}, reprice: true},
		{name: "another concurrency: a warning, projected again",
			args: append([]string{"--llm-concurrency=7"}, pilotArgs...), models: models, warn: []string{"--llm-concurrency=7"}},
		{name: "another seed: a warning that the pilot's calls are paid again",
			args: []string{"--backend=llm", "--llm-model=m", "--llm-price=m=2:8", "--seed=6"}, models: models, warn: []string{"--seed=5, this run with --seed=6", "pays again"}},
		{name: "another flag that shapes acceptance: a warning naming it",
			args: append([]string{"--dedup=false"}, pilotArgs...), models: models, warn: []string{"--dedup=false (plan: true)", "may not hold"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl := testPlan(t, pilotArgs...)
			if c.edit != nil {
				c.edit(&pl)
			}
			fs := commandFlags(command{name: "generate", setup: generateCmd})
			if err := parseFlags(fs, c.args); err != nil {
				t.Fatal(err)
			}
			var w bytes.Buffer
			got, err := checkPlan(pl, "plan.json", fs, c.models, &w)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "--plan plan.json") {
					t.Fatalf("error %v, want one naming --plan plan.json and %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.nowarn && w.Len() > 0 {
				t.Errorf("warnings for a matching run:\n%s", w.String())
			}
			for _, want := range c.warn {
				if !strings.Contains(w.String(), want) {
					t.Errorf("warnings lack %q:\n%s", want, w.String())
				}
			}
			wantCost := pl.Projection.CostUSD
			if c.reprice {
				wantCost *= 2 // every price doubled
				if !strings.Contains(strings.Join(got.Notes, "\n"), "projected again under the run's settings") {
					t.Errorf("notes %q do not say the plan was projected again", got.Notes)
				}
			}
			if diff := got.Projection.CostUSD - wantCost; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("projected cost %.6f USD, want %.6f", got.Projection.CostUSD, wantCost)
			}
			if got.N != pl.N || got.Pilot.Seeds != pl.Pilot.Seeds || len(got.Flags) == 0 {
				t.Errorf("the plan lost its N, pilot or flags: %+v", got)
			}
		})
	}
}

// pilotFlags records what shapes a seed's cost, not where outputs go.
func TestPilotFlagsLeaveOutTheRunsPlaceAndSize(t *testing.T) {
	fs := commandFlags(command{name: "generate", setup: generateCmd})
	if err := parseFlags(fs, []string{"--backend=llm", "--llm-model=m", "--n=10", "--out=x", "--llm-cache=c", "--overwrite", "--seed=3"}); err != nil {
		t.Fatal(err)
	}
	got := pilotFlags(fs)
	if got["backend"] != "llm" || got["llm-model"] != "m" || got["seed"] != "3" {
		t.Errorf("pilot flags %v lack backend, model or seed", got)
	}
	for _, name := range []string{"n", "out", "llm-cache", "overwrite"} {
		if _, ok := got[name]; ok {
			t.Errorf("pilot flags record --%s", name)
		}
	}
}
