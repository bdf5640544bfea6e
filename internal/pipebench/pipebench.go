// Package pipebench measures `arrows generate` end to end, for `make
// bench-pipeline`: it runs the arrows binary at a size and at ten times it
// (a separate process each, so that each has its own peak RSS), reads the
// runs' stats.json (funnel and stage-time breakdown), and measures in the
// same session the sandbox-bound ceiling: the programs per second a
// sandbox pool of the same size executes on the same programs, with
// nothing else of the pipeline around it.
package pipebench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

// Run is one measured `arrows generate`.
type Run struct {
	N    int64
	Out  string
	Wall time.Duration
	// UserCPU and SysCPU are the process's CPU time with the children it
	// waited for (its sandbox servers).
	UserCPU, SysCPU time.Duration
	// MaxRSSKB is the peak resident set of the arrows process (or of its
	// largest waited-for child, if larger), as /usr/bin/time reports it.
	MaxRSSKB int64
	// LoadBefore and LoadAfter are /proc/loadavg's 1-minute averages.
	LoadBefore, LoadAfter string
	Stats                 *stats.Stats
}

// SeedsPerSecond is the run's throughput in seeds.
func (r Run) SeedsPerSecond() float64 { return float64(r.N) / r.Wall.Seconds() }

// AcceptedPerSecond is the run's throughput in accepted rows.
func (r Run) AcceptedPerSecond() float64 {
	if r.Stats == nil {
		return 0
	}
	return float64(r.Stats.Accepted) / r.Wall.Seconds()
}

// Generate runs `bin generate --n n --seed seed --out out --overwrite
// --progress=false extra...` and measures it. Its output goes to log.
func Generate(ctx context.Context, bin string, n, seed int64, out string, log io.Writer, extra ...string) (Run, error) {
	args := append([]string{"generate", "--n", fmt.Sprint(n), "--seed", fmt.Sprint(seed), "--out", out, "--overwrite", "--progress=false"}, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	r := Run{N: n, Out: out, LoadBefore: Load()}
	start := time.Now()
	err := cmd.Run()
	r.Wall = time.Since(start)
	r.LoadAfter = Load()
	if err != nil {
		return r, fmt.Errorf("%s %s: %w", bin, strings.Join(args, " "), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.MaxRSSKB = ru.Maxrss
		r.UserCPU = time.Duration(ru.Utime.Nano())
		r.SysCPU = time.Duration(ru.Stime.Nano())
	}
	b, err := os.ReadFile(filepath.Join(out, "stats.json"))
	if err != nil {
		return r, fmt.Errorf("read the run's stats: %w", err)
	}
	r.Stats = stats.New()
	if err := json.Unmarshal(b, r.Stats); err != nil {
		return r, fmt.Errorf("decode %s/stats.json: %w", out, err)
	}
	return r, nil
}

// Programs returns up to limit program sources of a run's rows (accepted
// and rejected, in file order), the programs the run executed.
func Programs(out string, limit int) ([]string, error) {
	var progs []string
	for _, sub := range []string{"accepted", "rejected"} {
		files, err := filepath.Glob(filepath.Join(out, sub, "part-*.jsonl"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			if err := eachRecord(f, func(rec *schemas.Record) bool {
				if rec.Program != nil && rec.Program.Source != "" && rec.Execution != nil {
					progs = append(progs, rec.Program.Source)
				}
				return len(progs) < limit
			}); err != nil {
				return nil, err
			}
			if len(progs) >= limit {
				return progs, nil
			}
		}
	}
	return progs, nil
}

func eachRecord(path string, fn func(*schemas.Record) bool) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var rec schemas.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if !fn(&rec) {
			return nil
		}
	}
	return sc.Err()
}

// Ceiling is the sandbox-bound throughput: programs executed per second
// by a pool alone.
type Ceiling struct {
	Programs              int
	Workers               int
	Wall                  time.Duration
	Failed                int
	LoadBefore, LoadAfter string
}

// Rate is programs per second.
func (c Ceiling) Rate() float64 { return float64(c.Programs) / c.Wall.Seconds() }

// SandboxCeiling executes the programs on a pool of the pipeline's default
// configuration (one server per core, every isolation layer, analysis on,
// twice as many requests in flight as servers, as the execute stage does)
// and measures the steady-state rate: the pool is started and warmed
// before the clock starts.
func SandboxCeiling(ctx context.Context, programs []string) (Ceiling, error) {
	if len(programs) == 0 {
		return Ceiling{}, errors.New("no programs to run")
	}
	cfg := sandbox.DefaultConfig()
	pool, err := sandbox.NewPool(ctx, cfg)
	if err != nil {
		return Ceiling{}, fmt.Errorf("start the sandbox pool: %w", err)
	}
	defer pool.Close()
	for i := 0; i < cfg.Workers && i < len(programs); i++ {
		pool.Run(ctx, sandbox.Request{Code: programs[i], Analyze: true})
	}
	c := Ceiling{Programs: len(programs), Workers: cfg.Workers, LoadBefore: Load()}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2*cfg.Workers)
	start := time.Now()
	for _, p := range programs {
		wg.Add(1)
		sem <- struct{}{}
		go func(code string) {
			defer func() { <-sem; wg.Done() }()
			if ex := pool.Run(ctx, sandbox.Request{Code: code, Analyze: true}); ex.Status != schemas.StatusOK {
				mu.Lock()
				c.Failed++
				mu.Unlock()
			}
		}(p)
	}
	wg.Wait()
	c.Wall = time.Since(start)
	c.LoadAfter = Load()
	return c, nil
}

// Load is the 1-minute load average ("?" where unknown).
func Load() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

// Machine describes the CPU and kernel.
func Machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	kernel := "unknown kernel"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("%s, %d cores, Linux %s, %s/%s", model, runtime.NumCPU(), kernel, runtime.GOOS, runtime.GOARCH)
}

// Report is what `make bench-pipeline` prints.
type Report struct {
	Small, Large Run
	Ceiling      Ceiling
}

// RSSRatio is the peak RSS of the large run over the small one's.
func (r Report) RSSRatio() float64 {
	if r.Small.MaxRSSKB == 0 {
		return 0
	}
	return float64(r.Large.MaxRSSKB) / float64(r.Small.MaxRSSKB)
}

// CeilingFraction is the large run's seeds per second over the ceiling.
func (r Report) CeilingFraction() float64 {
	if r.Ceiling.Wall == 0 {
		return 0
	}
	return r.Large.SeedsPerSecond() / r.Ceiling.Rate()
}

// Print writes the report.
func (r Report) Print(w io.Writer) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "machine: %s\n\n", Machine())
	fmt.Fprintf(&b, "%-9s %8s %9s %10s %9s %11s %10s %9s  %s\n", "run", "seeds", "accepted", "wall", "seeds/s", "accepted/s", "peak RSS", "CPU", "load 1m (start → end)")
	for _, run := range []Run{r.Small, r.Large} {
		acc := int64(0)
		if run.Stats != nil {
			acc = run.Stats.Accepted
		}
		fmt.Fprintf(&b, "%-9s %8d %9d %10s %9.2f %11.2f %7.0f MB %9s  %s → %s\n", fmt.Sprintf("n=%d", run.N), run.N, acc,
			run.Wall.Round(time.Second), run.SeedsPerSecond(), run.AcceptedPerSecond(), float64(run.MaxRSSKB)/1024,
			(run.UserCPU + run.SysCPU).Round(time.Second), run.LoadBefore, run.LoadAfter)
	}
	fmt.Fprintf(&b, "\npeak RSS ratio (n=%d / n=%d): %.2f (target < 1.5)\n", r.Large.N, r.Small.N, r.RSSRatio())
	c := r.Ceiling
	fmt.Fprintf(&b, "sandbox-bound ceiling: %d programs of the n=%d run in %s on %d servers = %.2f programs/s (%d not ok; load %s → %s)\n",
		c.Programs, r.Large.N, c.Wall.Round(time.Millisecond), c.Workers, c.Rate(), c.Failed, c.LoadBefore, c.LoadAfter)
	fmt.Fprintf(&b, "pipeline at n=%d: %.2f seeds/s = %.2f of the ceiling (target ≥ 0.7)\n", r.Large.N, r.Large.SeedsPerSecond(), r.CeilingFraction())
	for _, run := range []Run{r.Small, r.Large} {
		printStageTimes(&b, run)
	}
	w.Write(b.Bytes())
}

func printStageTimes(b *bytes.Buffer, run Run) {
	st := run.Stats
	fmt.Fprintf(b, "\nstage times, n=%d", run.N)
	if st == nil || len(st.StageTimes) == 0 {
		fmt.Fprintf(b, ": none in stats.json (a binary without the breakdown)\n")
		return
	}
	fmt.Fprintf(b, " (job wall %s; wall summed over each stage's work items):\n", (time.Duration(st.JobWallMillis) * time.Millisecond).Round(time.Second))
	var cpu int64
	for _, name := range st.StageTimeNames() {
		cpu += st.StageTimes[name].CPUMicros
	}
	fmt.Fprintf(b, "  %-14s %8s %10s %10s %8s %12s\n", "stage", "items", "CPU s", "wall s", "CPU %", "CPU ms/item")
	for _, name := range st.StageTimeNames() {
		t := st.StageTimes[name]
		share, per := 0.0, 0.0
		if cpu > 0 {
			share = 100 * float64(t.CPUMicros) / float64(cpu)
		}
		if t.Items > 0 {
			per = float64(t.CPUMicros) / 1000 / float64(t.Items)
		}
		fmt.Fprintf(b, "  %-14s %8d %10.2f %10.2f %7.1f%% %12.2f\n", name, t.Items, float64(t.CPUMicros)/1e6, float64(t.WallMicros)/1e6, share, per)
	}
}
