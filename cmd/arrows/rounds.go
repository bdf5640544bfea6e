package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/rounds"
	"github.com/arrows-math/arrows/pipeline"
	"github.com/arrows-math/arrows/runners"
	"github.com/arrows-math/arrows/transforms"
)

// generateRounds runs `arrows generate --target-accepted K`: generate jobs
// over successive seed ranges until K rows are accepted (see
// pipeline.GenerateRounds), each round waited for, so only local runners
// are supported. An output directory holding rounds.json is resumed
// unless overwrite is set, in which case it starts over.
func generateRounds(ctx context.Context, runner string, cfg pipeline.GenerateConfig, target, maxSeeds int64, overwrite bool) (retErr error) {
	if !runners.IsLocal(runner) {
		return fmt.Errorf("--target-accepted waits for each round's job: it needs a local runner, not %s (run rounds of --n seeds with --seed fixed instead)", runner)
	}
	if cfg.SeedsPathway != nil {
		return fmt.Errorf("--target-accepted draws topic seeds: it cannot be combined with --pathway seeds or mixed")
	}
	if maxSeeds <= 0 {
		maxSeeds = 10 * target
	}
	state := transforms.JoinPath(cfg.Out, rounds.FileName)
	resume, err := fileExists(ctx, state)
	if err != nil {
		return err
	}
	if resume && overwrite {
		if err := removeRounds(ctx, cfg.Out); err != nil {
			return err
		}
		resume = false
	}
	// The rounds write below rounds/; the top level gets stats.json, the
	// card and report.html of all rounds. A resumed run keeps the files of
	// the earlier rounds and their card's name.
	var plan *outputPlan
	if resume {
		plan, err = resumeOutput(ctx, os.Stderr, cfg.Out, "generate")
	} else {
		plan, err = prepareOutput(ctx, os.Stderr, cfg.Out, overwrite, "generate", []string{"rounds"})
	}
	if err != nil {
		return err
	}
	cfg.Card.File = plan.card
	defer func() {
		ie := interruption(ctx)
		if ferr := plan.finish(context.WithoutCancel(ctx), ie, retErr); ferr != nil && retErr == nil && ie == nil {
			retErr = ferr
		}
	}()
	restoreTemp := privateTempDir(runner)
	defer restoreTemp()
	start := time.Now()
	st, err := pipeline.GenerateRounds(ctx, cfg, pipeline.RoundsConfig{Target: target, MaxSeeds: maxSeeds}, func(ctx context.Context, build func(beam.Scope)) (beam.PipelineResult, error) {
		p, s := beam.NewPipelineWithRoot()
		build(s)
		return runners.Run(ctx, runner, p)
	})
	if st != nil {
		for _, r := range st.Rounds {
			fmt.Fprintf(os.Stderr, "round %d: seeds %d to %d, %d accepted, %d rejected\n", r.Index, r.Start, r.End-1, r.Accepted, r.Rejected)
		}
	}
	if ie := interruption(ctx); ie != nil {
		if done, _ := fileExists(context.WithoutCancel(ctx), state); done {
			return fmt.Errorf("%w: the job was cancelled; the rounds completed so far are kept in %s (run again with the same flags to resume after the last completed round)", ie, cfg.Out)
		}
		return interruptedRun(ie, runner, cfg.Out, true)
	}
	if err != nil {
		return err
	}
	if !st.Reached() {
		fmt.Fprintf(os.Stderr, "stopped at --max-seeds %d with %d of %d rows accepted (raise --max-seeds and run again to continue)\n", maxSeeds, st.Accepted(), target)
	}
	return printSummary(ctx, os.Stdout, cfg.Out, time.Since(start), false)
}

// removeRounds removes the state and the round outputs of an earlier
// --target-accepted run.
func removeRounds(ctx context.Context, out string) error {
	f, err := filesystem.New(ctx, out)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	defer f.Close()
	rm, ok := f.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("output %s: filesystem cannot remove files; clear it by hand", out)
	}
	var files []string
	for _, pat := range []string{rounds.FileName, "rounds/keys-*", "rounds/*/*", "rounds/*/*/*", "rounds/*/.tmp-dedup/*"} {
		more, err := f.List(ctx, transforms.JoinPath(out, pat))
		if err != nil {
			return fmt.Errorf("--overwrite: list %s: %w", pat, err)
		}
		files = append(files, more...)
	}
	for _, p := range files {
		if err := rm.Remove(ctx, p); err != nil {
			if st, serr := os.Stat(p); serr == nil && st.IsDir() {
				continue // a local directory: the files in it are listed too
			}
			return fmt.Errorf("--overwrite: remove %s: %w", p, err)
		}
	}
	return nil
}
