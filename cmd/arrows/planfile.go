package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/costplan"
	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/report"
)

// This file holds `arrows generate --plan plan.json`: the plan of
// `arrows plan` read back and checked against the run it is given to, so
// that the dataset card and report.html can set it next to what the run
// spent.
//
// The checks, decided as follows:
//   - an error when the plan cannot describe this run's LLM use: another
//     plan version, a run without --backend=llm, a pilot that made no LLM
//     calls, or a role whose model differs from the model the pilot
//     measured (another model's token counts do not predict this one's);
//   - a warning, and a projection made again under this run's settings,
//     when only flags that shape cost or wall time but not the tokens
//     differ (--llm-price, --llm-concurrency, --llm-rpm, --llm-tpm,
//     --exec-workers, --max_num_workers): the pilot's measurements still
//     hold, the card compares like with like;
//   - a warning for any other generate flag that differs from the pilot's
//     (--seed: the pilot's cached answers are not reused; prompts, dedup,
//     sandbox limits: the acceptance rate may differ): the plan is used as
//     it is, and the card's error column shows what the change did.
//   - --n may differ: the projection is compared at the run's seeds.

// planIgnoredFlags do not change what a seed costs: they are neither
// recorded in plan.json nor compared.
var planIgnoredFlags = map[string]bool{
	"n": true, "out": true, "pilot": true, "plan": true, "llm-cache": true, "overwrite": true, "progress": true,
	"verbose": true, "license": true, "max-cost": true, "max-llm-tokens": true, "llm-api-key-env": true,
	"shards": true, "runner": true, "job_name": true, "endpoint": true, "environment_type": true,
	"environment_config": true, "dry_run": true, "staging_location": true, "temp_location": true,
	"project": true, "region": true, "sdk_container_image": true,
}

// planSettingsFlags shape a run's cost or wall time, not its tokens: a
// plan made with other values is projected again under the run's.
var planSettingsFlags = map[string]bool{
	"llm-price": true, "llm-concurrency": true, "llm-rpm": true, "llm-tpm": true, "exec-workers": true, "max_num_workers": true,
}

// pilotFlags records the flags set on the command line of a pilot, for
// plan.json (costplan.Plan.Flags).
func pilotFlags(fs *flag.FlagSet) map[string]string {
	out := map[string]string{}
	fs.Visit(func(f *flag.Flag) {
		if !planIgnoredFlags[f.Name] {
			out[f.Name] = f.Value.String()
		}
	})
	return out
}

// flagDiff is one flag whose value differs between a plan's pilot and a run.
type flagDiff struct{ name, plan, run string }

func (d flagDiff) String() string { return fmt.Sprintf("--%s=%s (plan: %s)", d.name, d.run, d.plan) }

// diffFlags compares a pilot's recorded flags with the run's flag set:
// flags recorded in the plan or set now, each at its effective value (a
// flag not set has its default). A flag this binary does not know is
// compared with "".
func diffFlags(recorded map[string]string, fs *flag.FlagSet) []flagDiff {
	names := map[string]bool{}
	for k := range recorded {
		names[k] = true
	}
	fs.Visit(func(f *flag.Flag) { names[f.Name] = true })
	var out []flagDiff
	for name := range names {
		if planIgnoredFlags[name] {
			continue
		}
		var run, def string
		if f := fs.Lookup(name); f != nil {
			run, def = f.Value.String(), f.DefValue
		}
		plan, ok := recorded[name]
		if !ok {
			plan = def
		}
		if plan != run {
			out = append(out, flagDiff{name, plan, run})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// readPlan reads and decodes a plan.json (local path or gs://).
func readPlan(ctx context.Context, path string) (costplan.Plan, error) {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return costplan.Plan{}, fmt.Errorf("--plan: open %s: %w", path, err)
	}
	defer fsys.Close()
	b, err := filesystem.Read(ctx, fsys, path)
	if err != nil {
		return costplan.Plan{}, fmt.Errorf("--plan: read %s: %w", path, err)
	}
	var pl costplan.Plan
	if err := json.Unmarshal(b, &pl); err != nil {
		return costplan.Plan{}, fmt.Errorf("--plan: %s is not a plan.json: %w", path, err)
	}
	return pl, nil
}

// checkPlan checks a plan against the run configured by fs (whose models
// per role are models; nil for an offline run) and returns the plan to
// compare the run with. Warnings go to w.
func checkPlan(pl costplan.Plan, path string, fs *flag.FlagSet, models map[string]string, w io.Writer) (costplan.Plan, error) {
	if pl.Version != costplan.Version {
		return pl, fmt.Errorf("--plan %s: plan version %q, this arrows reads %q: make the plan again with arrows plan", path, pl.Version, costplan.Version)
	}
	if models == nil {
		return pl, fmt.Errorf("--plan %s: a plan projects LLM calls; this run has --backend=%s (use --backend=%s)", path, fs.Lookup("backend").Value.String(), env.BackendLLM)
	}
	if len(pl.Pilot.Roles) == 0 {
		return pl, fmt.Errorf("--plan %s: the plan's pilot made no LLM calls (was it run with --backend=%s?): it projects nothing for this run", path, env.BackendOffline)
	}
	var wrong []string
	for _, role := range sortedRoles(pl.Pilot.Roles) {
		r := pl.Pilot.Roles[role]
		if run, ok := models[role]; ok && r.Calls > 0 && run != r.Model {
			wrong = append(wrong, fmt.Sprintf("%s: %s (plan: %s)", role, run, r.Model))
		}
	}
	if len(wrong) > 0 {
		return pl, fmt.Errorf("--plan %s: the plan's pilot measured other models than this run uses (%s): make a plan with this run's models", path, strings.Join(wrong, "; "))
	}
	var settings, other []string
	for _, d := range diffFlags(pl.Flags, fs) {
		switch {
		case planSettingsFlags[d.name]:
			settings = append(settings, d.String())
		case d.name == "seed":
			fmt.Fprintf(w, "warning: --plan %s: the pilot ran with --seed=%s, this run with --seed=%s: it draws other seeds and pays again for the pilot's calls\n", path, d.plan, d.run)
		default:
			other = append(other, d.String())
		}
	}
	if len(other) > 0 {
		fmt.Fprintf(w, "warning: --plan %s was made with other flags: %s; the projection may not hold for this run (its card shows by how much)\n", path, strings.Join(other, ", "))
	}
	if len(settings) > 0 {
		s, err := planSettings(fs)
		if err != nil {
			return pl, err
		}
		again, err := pl.WithSettings(s, pl.N)
		if err != nil {
			return pl, fmt.Errorf("--plan %s: %w", path, err)
		}
		again.Notes = append(again.Notes, "projected again under the run's settings: "+strings.Join(settings, ", "))
		fmt.Fprintf(w, "warning: --plan %s: the run's prices, concurrency or limits differ (%s): the pilot's measurements are projected again under this run's\n", path, strings.Join(settings, ", "))
		pl = again
	}
	return pl, nil
}

func sortedRoles[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// printPlanComparison prints, after a local run given --plan, its plan
// next to what it used (as its card and report.html show it).
func printPlanComparison(ctx context.Context, w io.Writer, out string, meta report.CardMeta) error {
	st, err := readStats(ctx, out)
	if err != nil {
		return err
	}
	c := report.PlanComparison(st, meta)
	if c == nil {
		return nil
	}
	fmt.Fprintf(w, "\nplan (pilot of %d seeds) for the run's %d seeds:\n%s", c.Plan.Pilot.Seeds, c.Seeds, c.Text())
	return nil
}
