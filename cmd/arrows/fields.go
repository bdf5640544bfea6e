package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/arrows-math/arrows/internal/env"
)

// fieldFlags names the flag that sets each configuration field of the
// generate and verify jobs (the paths of env.FieldError). Configuration
// packages name fields, never flags; this table is the one place that
// knows both.
var fieldFlags = map[string]string{
	"Seeds.N":                       "--n",
	"Out":                           "--out",
	"Shards":                        "--shards",
	"Read.Globs":                    "--in",
	"Read.Format":                   "--format",
	"Env.LLM.Client.BaseURL":        "--llm-base-url",
	"Dedup.MinHash":                 "--near-threshold",
	"Dedup.MinHash.Threshold":       "--near-threshold",
	"Dedup.MaxPerStructure":         "--max-per-structure",
	"Decontam":                      "--decontam-n",
	"SeedsPathway.Read.Globs":       "--seeds",
	"SeedsPathway.Read.Format":      "--seed-format",
	"SeedsPathway.Evolve.Operators": "--evolve-ops",
	"SeedsPathway.Evolve.Variants":  "--evolve-variants",
	"SeedsPathway.Evolve.Attempts":  "--evolve-attempts",
	"SeedsPathway.Depth":            "--evolve-depth",
	"SeedsPathway.MaxSeeds":         "--seed-limit",
	"SeedsPathway.SeedDecontam":     "--decontam-n",
	"Export.Format":                 "--format",
	"Export.RowsPerShard":           "--rows-per-shard",
	"Export.Splits":                 "--split",
	"Export.Chat":                   "--target, --system or --template",
	"Export.Chat.Target":            "--target",
	"Export.Chat.Template":          "--template",
}

// flagError rewrites a configuration error for the command line: the
// field an env.FieldError names becomes the flag that sets it. Other
// errors are returned as they are.
func flagError(err error) error {
	var fe *env.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("%s %w", flagOf(fe.Field), fe.Err)
}

// flagOf names the flag of a configuration field; a field without a flag
// keeps its path.
func flagOf(field string) string {
	if f, ok := fieldFlags[field]; ok {
		return f
	}
	if role, ok := strings.CutPrefix(field, "Env.LLM.Client.Models."); ok {
		return "--llm-" + role + "-model (or --llm-model)"
	}
	return field
}
