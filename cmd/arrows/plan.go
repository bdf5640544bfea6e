package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/schemas"
	"github.com/arrows-math/arrows/transforms"
)

// PlanFile is the name of the plan `arrows plan` writes into its --out.
const PlanFile = "plan.json"

// planCmd is `arrows plan --n N [generate flags]`: it runs the generate
// job as a pilot of --pilot seeds (a real, small run written to --out,
// default ./plan) through the LLM response cache (--llm-cache; default
// <out>/llm-cache), so that the real run with the same cache re-pays
// nothing for the calls the pilot made, then projects the pilot's measured
// usage to N seeds (internal/costplan), prints it and writes plan.json.
func planCmd(fs *flag.FlagSet) func(context.Context, []string) error {
	gen := generateCmd(fs)
	pilot := fs.Int64("pilot", costplan.DefaultPilotSeeds, "seeds of the pilot run whose measured usage is projected to --n")
	return func(ctx context.Context, args []string) error {
		n, err := strconv.ParseInt(fs.Lookup("n").Value.String(), 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("--n must be a positive number of seeds to plan for")
		}
		if *pilot <= 0 {
			return fmt.Errorf("--pilot must be at least 1, got %d", *pilot)
		}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if set["plan"] {
			return fmt.Errorf("--plan is for the real run (arrows generate --plan %s), not for arrows plan", PlanFile)
		}
		flags := pilotFlags(fs)
		if !set["out"] {
			if err := fs.Set("out", "./plan"); err != nil {
				return err
			}
		}
		out := fs.Lookup("out").Value.String()
		llmBackend := fs.Lookup("backend").Value.String() == env.BackendLLM
		if llmBackend && fs.Lookup("llm-cache").Value.String() == "" {
			if err := fs.Set("llm-cache", transforms.JoinPath(out, "llm-cache")); err != nil {
				return err
			}
		}
		if err := fs.Set("n", strconv.FormatInt(min(*pilot, n), 10)); err != nil {
			return err
		}
		if r, err := runners.Canonical(fs.Lookup("runner").Value.String()); err == nil && !runners.IsLocal(r) {
			return fmt.Errorf("arrows plan measures a pilot it runs and waits for: use a local runner, not --runner=%s", r)
		}
		start := time.Now()
		if err := gen(ctx, args); err != nil {
			return fmt.Errorf("pilot: %w", err)
		}
		wall := time.Since(start)
		st, err := readStats(ctx, out)
		if err != nil {
			return err
		}
		settings, err := planSettings(fs)
		if err != nil {
			return err
		}
		pilotRun := costplan.PilotFromStats(st, min(*pilot, n), wall)
		recs, err := readRows(ctx, out, "accepted", "rejected")
		if err != nil {
			return err
		}
		pilotRun.Spread = costplan.SpreadFromRecords(recs, settings.Prices)
		pl, err := costplan.New(pilotRun, settings, n)
		if err != nil {
			return err
		}
		if seed, err := strconv.ParseInt(fs.Lookup("seed").Value.String(), 10, 64); err == nil {
			pl.RunSeed = &seed
		}
		pl.Flags = flags
		b, err := json.MarshalIndent(pl, "", "  ")
		if err != nil {
			return fmt.Errorf("encode plan: %w", err)
		}
		path := transforms.JoinPath(out, PlanFile)
		if err := transforms.WriteFile(ctx, path, append(b, '\n')); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "\n%s\nwrote %s", pl.Text(), path)
		if llmBackend {
			fmt.Fprintf(os.Stdout, "; run the real job with --llm-cache=%s --plan=%s to reuse the pilot's responses and see the plan next to the spend",
				fs.Lookup("llm-cache").Value.String(), path)
		}
		fmt.Fprintln(os.Stdout)
		return nil
	}
}

// readRows reads the rows a run wrote into dirs of out (local or gs://).
func readRows(ctx context.Context, out string, dirs ...string) ([]*schemas.Record, error) {
	var recs []*schemas.Record
	for _, d := range dirs {
		glob := transforms.JoinPath(out, d+"/*.jsonl")
		fsys, err := filesystem.New(ctx, glob)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", glob, err)
		}
		files, err := fsys.List(ctx, glob)
		if err != nil {
			fsys.Close()
			return nil, fmt.Errorf("list %s: %w", glob, err)
		}
		for _, f := range files {
			b, err := filesystem.Read(ctx, fsys, f)
			if err != nil {
				fsys.Close()
				return nil, fmt.Errorf("read %s: %w", f, err)
			}
			for i, line := range bytes.Split(b, []byte("\n")) {
				if len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				rec := &schemas.Record{}
				if err := json.Unmarshal(line, rec); err != nil {
					fsys.Close()
					return nil, fmt.Errorf("%s line %d: %w", f, i+1, err)
				}
				recs = append(recs, rec)
			}
		}
		fsys.Close()
	}
	return recs, nil
}

// planSettings reads the real run's settings from the generate flags.
func planSettings(fs *flag.FlagSet) (costplan.Settings, error) {
	val := func(name string) string {
		if f := fs.Lookup(name); f != nil {
			return f.Value.String()
		}
		return ""
	}
	num := func(name string) int {
		v, _ := strconv.Atoi(val(name))
		return v
	}
	prices, err := parsePrices(val("llm-price"))
	if err != nil {
		return costplan.Settings{}, err
	}
	s := costplan.Settings{Prices: prices, Concurrency: num("llm-concurrency"), RPM: num("llm-rpm"), TPM: num("llm-tpm"),
		Workers: max(1, num("max_num_workers")), SandboxWorkers: num("exec-workers")}
	if s.SandboxWorkers <= 0 {
		s.SandboxWorkers = runtime.NumCPU()
	}
	return s, nil
}
