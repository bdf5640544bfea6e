package main

import (
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/pipeline"
)

// Every flag the field table names is a flag of generate or verify.
func TestFieldFlagsAreFlags(t *testing.T) {
	gen, _ := lookup("test", "generate")
	ver, _ := lookup("test", "verify")
	g, v := commandFlags(gen), commandFlags(ver)
	for field, f := range fieldFlags {
		name := strings.TrimPrefix(f, "--")
		if g.Lookup(name) == nil && v.Lookup(name) == nil {
			t.Errorf("%s maps to %s, which no command has", field, f)
		}
	}
}

// Configuration errors reach the user with the flag's name, not the field's.
func TestValidateErrorsNameFlags(t *testing.T) {
	withLLM := func(edit func(*env.LLM)) pipeline.GenerateConfig {
		cfg := pipeline.DefaultGenerateConfig()
		c := llm.DefaultConfig()
		c.Models = map[llm.Role]string{llm.RoleGenerator: "g", llm.RoleTranslator: "t", llm.RoleSolver: "s"}
		cfg.Env.LLM = &env.LLM{Client: c, BlindSolve: true}
		edit(cfg.Env.LLM)
		return cfg
	}
	noSeeds := pipeline.DefaultGenerateConfig()
	noSeeds.Seeds.N = 0
	badThreshold := pipeline.DefaultGenerateConfig()
	badThreshold.Dedup.MinHash.Threshold = 2
	noIn := pipeline.DefaultVerifyJobConfig()
	noIn.Out = "x"
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"no seeds", noSeeds.Validate(), "--n must be positive, got 0"},
		{"a near-duplicate threshold above 1", badThreshold.Validate(), "--near-threshold "},
		{"an LLM run without an endpoint", withLLM(func(l *env.LLM) { l.Client.BaseURL = "" }).Validate(), "--llm-base-url is required"},
		{"a judge without a model", withLLM(func(l *env.LLM) { l.Judge = true }).Validate(), "--llm-judge-model (or --llm-model) is empty"},
		{"verify without input", noIn.Validate(), "--in is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.err == nil {
				t.Fatal("want an error")
			}
			if got := flagError(c.err).Error(); !strings.HasPrefix(got, c.want) {
				t.Fatalf("got %q, want it to start with %q", got, c.want)
			}
		})
	}
}
