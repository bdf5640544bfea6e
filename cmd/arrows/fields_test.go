package main

import (
	"flag"
	"strings"
	"testing"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/export"
	"github.com/arrows-math/arrows/internal/llm"
	"github.com/arrows-math/arrows/pipeline"
)

// Every flag the field table names is a flag of generate, verify or
// export.
func TestFieldFlagsAreFlags(t *testing.T) {
	var sets []*flag.FlagSet
	for _, name := range []string{"generate", "verify", "export"} {
		c, _ := lookup("test", name)
		sets = append(sets, commandFlags(c))
	}
	for field, f := range fieldFlags {
		for _, one := range strings.FieldsFunc(f, func(r rune) bool { return r == ',' || r == ' ' }) {
			if one == "or" {
				continue
			}
			name := strings.TrimPrefix(one, "--")
			found := false
			for _, fs := range sets {
				found = found || fs.Lookup(name) != nil
			}
			if !found {
				t.Errorf("%s maps to %s, which no command has", field, one)
			}
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
	exp := func(edit func(*export.Options)) error {
		cfg := pipeline.DefaultExportJobConfig()
		cfg.Read.Globs, cfg.Out = []string{"in/accepted/*.jsonl"}, "out"
		edit(&cfg.Export)
		return cfg.Validate()
	}
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
		{"an export to an unknown format", exp(func(o *export.Options) { o.Format = "csv" }), "--format must be one of sft, rl, parquet"},
		{"an export with a negative shard size", exp(func(o *export.Options) { o.RowsPerShard = -1 }), "--rows-per-shard must be ≥ 0"},
		{"an export whose splits do not sum to 1", exp(func(o *export.Options) { o.Splits = []export.Split{{Name: "train", Fraction: 0.5}} }), "--split fractions sum to 0.5"},
		{"a parquet export with a system message", exp(func(o *export.Options) { o.Format, o.Chat.System = export.FormatParquet, "x" }),
			"--target, --system or --template applies to the sft and rl formats, not parquet"},
		{"an export with an unknown target", exp(func(o *export.Options) { o.Chat.Target = "proof" }), "--target must be one of"},
		{"an export with a template that does not parse", exp(func(o *export.Options) { o.Chat.Template = "{{" }), "--template does not parse"},
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
