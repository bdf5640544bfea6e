package verifye2e

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/internal/e2etest"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/schemas"
)

// childEnv names the environment variable that turns this test binary into
// a verify job (TestVerifyJobChild), so that the benchmark can measure the
// job's peak RSS in a process of its own.
const childEnv = "ARROWS_VERIFYE2E_CHILD"

// heapProfileEnv names the environment variable that makes the child write
// a Go heap profile (runtime/pprof, in-use and allocated) to the path it
// names, taken when the in-use heap was largest; prism and the SDK harness
// share the child's heap, so `go tool pprof -sample_index=inuse_space -top`
// shows which of them holds the memory.
const heapProfileEnv = "ARROWS_VERIFYE2E_HEAPPROFILE"

// childJob is the job a child process runs and what it reports back.
type childJob struct {
	In     string `json:"in"`
	Out    string `json:"out"`
	Format string `json:"format"`
	Shards int    `json:"shards"`
}

// childResult is written by the child to <out>/child.json.
type childResult struct {
	Lines   int64   `json:"lines"` // accepted + rejected + dead-lettered
	Seconds float64 `json:"seconds"`
	// VmHWMKB is the peak RSS of the job process itself (prism and the SDK
	// harness run in it; the sandbox's Python servers do not) when the job
	// has finished, before the child reads the outputs back.
	VmHWMKB int64 `json:"vm_hwm_kb"`
}

// TestVerifyJobChild runs one verify job when the benchmark starts this
// binary as a child process; otherwise it is skipped.
func TestVerifyJobChild(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		t.Skip("runs only as the benchmark's child process")
	}
	var job childJob
	e2etest.Unmarshal(t, []byte(spec), &job)
	cfg := verifyConfig([]string{job.In}, corpus.Format(job.Format), job.Out)
	cfg.Shards = job.Shards
	if path := os.Getenv(heapProfileEnv); path != "" {
		stop := profileHeapPeak(t, path)
		defer stop()
	}
	start := time.Now()
	runVerify(t, cfg)
	secs := time.Since(start).Seconds()
	// The peak is read before the outputs are validated below.
	hwm := vmHWM(t)
	lines, st := countOutput(t, job.Out)
	res := childResult{Lines: lines, Seconds: secs, VmHWMKB: hwm}
	if st.Rows+st.DeadLettered != res.Lines {
		t.Fatalf("stats.json counts %d+%d lines, files %d", st.Rows, st.DeadLettered, res.Lines)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(job.Out, "child.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// profileHeapPeak samples the in-use heap every 200 ms and, each time it
// is 10% above the largest seen so far, writes a heap profile to path
// (after a GC, so the profile shows what is live). The returned function
// stops sampling.
func profileHeapPeak(t testing.TB, path string) (stop func()) {
	t.Helper()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var peak uint64
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse < peak+peak/10 {
				continue
			}
			peak = ms.HeapInuse
			runtime.GC()
			f, err := os.Create(path)
			if err != nil {
				t.Errorf("heap profile: %v", err)
				return
			}
			if err := pprof.WriteHeapProfile(f); err != nil {
				t.Errorf("heap profile: %v", err)
			}
			f.Close()
			fmt.Fprintf(os.Stderr, "heap profile at %s: heap in use %d MB\n", time.Now().Format(time.TimeOnly), peak>>20)
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// countOutput validates every output line of a job (like readOutput,
// without holding the rows) and returns their number and stats.json.
func countOutput(t testing.TB, out string) (int64, *stats.Stats) {
	t.Helper()
	var n int64
	for dir, schema := range map[string]string{"accepted": schemas.SchemaTriple, "rejected": schemas.SchemaRejected, "deadletter": schemas.SchemaDeadLetter} {
		e2etest.EachLine(t, filepath.Join(out, dir), schema, func([]byte) { n++ })
	}
	b, err := os.ReadFile(filepath.Join(out, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	st := stats.New()
	e2etest.Unmarshal(t, b, st)
	return n, st
}

// vmHWM is the peak resident set size of this process in KiB.
func vmHWM(t testing.TB) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// runChild runs the verify job in a child process and returns what it
// reported and the child's rusage peak RSS (KiB; the largest of the process
// and its reaped descendants, i.e. also the sandbox's Python servers).
func runChild(b *testing.B, job childJob) (childResult, int64) {
	b.Helper()
	spec, err := json.Marshal(job)
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestVerifyJobChild$", "-test.count=1", "-test.timeout=30m")
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	logf, err := os.Create(job.Out + ".log")
	if err != nil {
		b.Fatal(err)
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Run(); err != nil {
		tail, _ := os.ReadFile(job.Out + ".log")
		b.Fatalf("child verify job failed: %v\n%s", err, e2etest.Clip(string(tail[max(0, len(tail)-3000):]), 3000))
	}
	maxrss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	rb, err := os.ReadFile(filepath.Join(job.Out, "child.json"))
	if err != nil {
		b.Fatal(err)
	}
	var res childResult
	if err := json.Unmarshal(rb, &res); err != nil {
		b.Fatal(err)
	}
	return res, maxrss
}

// gsm8kTrain locates the GSM8K train set ($ARROWS_CORPORA or the shared corpora).
func gsm8kTrain() string {
	dirs := []string{filepath.Join("..", "..", "..", "shared", "corpora")}
	if env, ok := os.LookupEnv("ARROWS_CORPORA"); ok {
		dirs = []string{env}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "gsm8k", "train.jsonl.gz")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// repeatGzip writes the decompressed content of src k times into a new .gz file.
func repeatGzip(b *testing.B, src, dst string, k int) {
	b.Helper()
	f, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < k; i++ {
		rc, err := corpus.Open(context.Background(), src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(zw, rc); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerifyGSM8KTrain measures `arrows verify --format gsm8k` on the
// GSM8K train set (final answers and step arithmetic, no LLM): records/s,
// and the peak RSS of the job process at 1× and 10× the input (the train set
// concatenated 10 times into one .gz). The target is RSS growing by less than
// 1.5× for 10× the input. ARROWS_BENCH_SHARDS sets --shards (default 1).
func BenchmarkVerifyGSM8KTrain(b *testing.B) {
	train := gsm8kTrain()
	if train == "" {
		b.Skip("GSM8K train set not found (set ARROWS_CORPORA)")
	}
	shards := 1
	if s := os.Getenv("ARROWS_BENCH_SHARDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("ARROWS_BENCH_SHARDS=%q", s)
		}
		shards = n
	}
	dir := b.TempDir()
	ten := filepath.Join(dir, "train_x10.jsonl.gz")
	repeatGzip(b, train, ten, 10)
	name := "arrows verify"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r1, maxrss1 := runChild(b, childJob{In: train, Out: filepath.Join(dir, fmt.Sprintf("x1-%d", i)), Format: "gsm8k", Shards: shards})
		r10, maxrss10 := runChild(b, childJob{In: ten, Out: filepath.Join(dir, fmt.Sprintf("x10-%d", i)), Format: "gsm8k", Shards: shards})
		if r10.Lines != 10*r1.Lines {
			b.Fatalf("10× input gave %d lines, 1× %d", r10.Lines, r1.Lines)
		}
		ratio := float64(r10.VmHWMKB) / float64(r1.VmHWMKB)
		b.ReportMetric(float64(r1.Lines)/r1.Seconds, "records/s")
		b.ReportMetric(float64(r10.Lines)/r10.Seconds, "records/s_10x")
		b.ReportMetric(float64(r1.VmHWMKB)/1024, "rss_MB_1x")
		b.ReportMetric(float64(r10.VmHWMKB)/1024, "rss_MB_10x")
		b.ReportMetric(ratio, "rss_ratio_10x/1x")
		b.ReportMetric(float64(maxrss10)/float64(maxrss1), "rusage_maxrss_ratio")
		fmt.Printf("%s, gsm8k train, shards=%d: 1×: %d records in %.1fs = %.0f records/s, peak RSS %.0f MB (rusage maxrss %.0f MB); "+
			"10×: %d records in %.1fs = %.0f records/s, peak RSS %.0f MB (rusage maxrss %.0f MB); RSS ratio 10×/1× = %.2f (target < 1.5)\n",
			name, shards, r1.Lines, r1.Seconds, float64(r1.Lines)/r1.Seconds, float64(r1.VmHWMKB)/1024, float64(maxrss1)/1024,
			r10.Lines, r10.Seconds, float64(r10.Lines)/r10.Seconds, float64(r10.VmHWMKB)/1024, float64(maxrss10)/1024, ratio)
	}
}
