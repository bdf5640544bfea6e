package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/arrows-math/arrows/internal/env"
	"github.com/arrows-math/arrows/internal/rounds"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/transforms"
)

// RoundsConfig configures a generate run that draws seeds until a target
// number of rows is accepted (`arrows generate --target-accepted K`).
type RoundsConfig struct {
	// Target is the number of accepted rows wanted (after dedup and
	// decontamination, counted over all rounds).
	Target int64
	// MaxSeeds caps the seeds drawn over all rounds.
	MaxSeeds int64
	// FirstRound is the size of round 1 (0: Target / rounds.DefaultYield).
	FirstRound int64
}

// Validate reports unusable parameters.
func (c RoundsConfig) Validate() error {
	if c.Target <= 0 {
		return env.Errorf("Rounds.Target", "must be positive, got %d", c.Target)
	}
	if c.MaxSeeds <= 0 {
		return env.Errorf("Rounds.MaxSeeds", "must be positive, got %d", c.MaxSeeds)
	}
	if c.FirstRound < 0 {
		return env.Errorf("Rounds.FirstRound", "must be ≥ 0, got %d", c.FirstRound)
	}
	return nil
}

// RoundDir is the output directory of round r (1-based) under out: each
// round writes the generate job's layout there (accepted/, rejected/,
// deadletter/, stats.json, README.md, report.html).
func RoundDir(out string, r int) string {
	return transforms.JoinPath(out, fmt.Sprintf("rounds/round-%04d", r))
}

// roundKeys is the dedup key file of rounds 1..r.
func roundKeys(out string, r int) string {
	return transforms.JoinPath(out, fmt.Sprintf("rounds/keys-%04d", r))
}

// RunJob runs one built job to completion and returns its result (the
// command line runs it on its runner; tests on prism).
type RunJob func(ctx context.Context, build func(s beam.Scope)) (beam.PipelineResult, error)

// GenerateRounds runs the generate job cfg round after round (see package
// internal/rounds) until rc.Target rows are accepted or rc.MaxSeeds seeds
// are drawn. Round r draws the next seed indexes of the same run seed and
// writes its rows to RoundDir(out, r); its dedup is global: its rows are
// also deduplicated against every row of the earlier rounds (their dedup
// key file), the earlier rows winning. After each round, rounds.json in
// cfg.Out records it, so a run started again with the same configuration
// continues after the last completed round (a different configuration is
// refused). At the end, stats.json, README.md and report.html in cfg.Out
// describe all rounds together. cfg.Seeds.N is ignored; the seeds pathway
// is not supported.
func GenerateRounds(ctx context.Context, cfg GenerateConfig, rc RoundsConfig, run RunJob) (*rounds.State, error) {
	if err := rc.Validate(); err != nil {
		return nil, err
	}
	if cfg.SeedsPathway != nil {
		return nil, env.Errorf("SeedsPathway", "cannot be combined with a target of accepted rows")
	}
	settings, err := roundSettings(cfg)
	if err != nil {
		return nil, err
	}
	statePath := transforms.JoinPath(cfg.Out, rounds.FileName)
	st, err := loadRounds(ctx, statePath)
	if err != nil {
		return nil, err
	}
	if st == nil {
		if st, err = rounds.New(rc.Target, rc.MaxSeeds, rc.FirstRound, settings); err != nil {
			return nil, err
		}
	} else if err := st.Resume(rc.Target, rc.MaxSeeds, settings); err != nil {
		return nil, err
	}
	for {
		r, ok := st.Next()
		if !ok {
			break
		}
		c := cfg
		c.Seeds.Start, c.Seeds.N = r.Start, r.Seeds()
		c.Out = RoundDir(cfg.Out, r.Index)
		if c.Shards <= 0 {
			c.Shards = c.shards()
		}
		if cfg.Dedup != nil {
			d := *cfg.Dedup
			d.Staging.Dir = transforms.JoinPath(c.Out, dedupStagingDir)
			d.Staging.Round = r.Index
			d.Staging.PriorKeys = st.Keys()
			d.Staging.KeysOut = roundKeys(cfg.Out, r.Index)
			c.Dedup = &d
			r.Keys = d.Staging.KeysOut
		}
		c.Card.Command = fmt.Sprintf("%s (round %d: seeds %d to %d)", cfg.Card.Command, r.Index, r.Start, r.End-1)
		began := time.Now()
		res, err := run(ctx, func(s beam.Scope) { Generate(s, c) })
		if err != nil {
			return st, fmt.Errorf("round %d (seeds %d to %d): %w", r.Index, r.Start, r.End-1, err)
		}
		if res != nil {
			if err := c.RecordStageTimes(ctx, res, stats.Timing{Wall: time.Since(began)}); err != nil {
				return st, fmt.Errorf("round %d: %w", r.Index, err)
			}
		}
		rs, err := readStatsFile(ctx, transforms.JoinPath(c.Out, "stats.json"))
		if err != nil {
			return st, fmt.Errorf("round %d: %w", r.Index, err)
		}
		r.Accepted, r.Rejected = rs.Accepted, rs.Rejected
		if err := st.Complete(r); err != nil {
			return st, err
		}
		if err := writeFile(ctx, statePath, st.Marshal()); err != nil {
			return st, fmt.Errorf("record round %d: %w", r.Index, err)
		}
	}
	return st, writeRoundsSummary(ctx, cfg, st)
}

// roundSettings are the settings a resumed run must share with the run it
// continues: everything that decides the rows except the seed range.
func roundSettings(cfg GenerateConfig) (map[string]string, error) {
	seeds := cfg.Seeds
	seeds.N, seeds.Start = 0, 0
	parts := map[string]any{"env": cfg.Env, "seeds": seeds, "dedup": cfg.Dedup, "decontam": cfg.Decontam}
	out := map[string]string{}
	for k, v := range parts {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encode the %s settings: %w", k, err)
		}
		out[k] = string(b)
	}
	return out, nil
}

// loadRounds reads the state document, nil when there is none.
func loadRounds(ctx context.Context, p string) (*rounds.State, error) {
	b, err := readFile(ctx, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return rounds.Parse(b)
}

// writeRoundsSummary writes stats.json, README.md and report.html of all
// completed rounds together into cfg.Out.
func writeRoundsSummary(ctx context.Context, cfg GenerateConfig, st *rounds.State) error {
	sum := stats.New()
	for _, r := range st.Rounds {
		rs, err := readStatsFile(ctx, transforms.JoinPath(RoundDir(cfg.Out, r.Index), "stats.json"))
		if err != nil {
			return fmt.Errorf("round %d: %w", r.Index, err)
		}
		sum.Merge(rs)
	}
	sum.Finalize()
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return fmt.Errorf("encode stats: %w", err)
	}
	if err := writeFile(ctx, transforms.JoinPath(cfg.Out, "stats.json"), append(b, '\n')); err != nil {
		return err
	}
	meta := cfg.cardMeta()
	refs, err := transforms.ScopeBenchmarks(sum.DecontamScope)
	if err != nil {
		return err
	}
	meta.Benchmarks = refs
	return transforms.WriteReportFiles(ctx, cfg.Out, sum, meta, true)
}

func readStatsFile(ctx context.Context, p string) (*stats.Stats, error) {
	b, err := readFile(ctx, p)
	if err != nil {
		return nil, err
	}
	st := stats.New()
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("parse %s: %w", p, err)
	}
	return st, nil
}

func readFile(ctx context.Context, p string) ([]byte, error) {
	if !strings.Contains(p, "://") {
		return os.ReadFile(p)
	}
	f, err := filesystem.New(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("open filesystem for %s: %w", p, err)
	}
	defer f.Close()
	if _, err := f.Size(ctx, p); err != nil {
		return nil, fs.ErrNotExist // object stores report a missing object in their own words
	}
	return filesystem.Read(ctx, f, p)
}

// writeFile replaces p with data (a temporary file renamed into place).
func writeFile(ctx context.Context, p string, data []byte) error {
	return transforms.WriteFileAtomic(ctx, p, data)
}
