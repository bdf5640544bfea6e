package pipebench

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkGeneratePipeline is `make bench-pipeline`: it runs the arrows
// binary named by ARROWS_BENCH_BIN (skipped without it) at n =
// ARROWS_BENCH_N (default 500) and 10n on the offline backend and the
// local runner, then the sandbox-bound ceiling on up to 2,000 programs of
// the larger run, prints the report and reports the ratios as metrics.
func BenchmarkGeneratePipeline(b *testing.B) {
	bin := os.Getenv("ARROWS_BENCH_BIN")
	if bin == "" {
		b.Skip("set ARROWS_BENCH_BIN to an arrows binary (make bench-pipeline does)")
	}
	n := int64(500)
	if v := os.Getenv("ARROWS_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.ParseInt(v, 10, 64); err != nil || n <= 0 {
			b.Fatalf("ARROWS_BENCH_N=%q", v)
		}
	}
	dir := b.TempDir()
	ctx := context.Background()
	logf, err := os.Create(filepath.Join(dir, "runs.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logf.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var rep Report
		if rep.Small, err = Generate(ctx, bin, n, 1, filepath.Join(dir, "small"), logf); err != nil {
			b.Fatal(err)
		}
		if rep.Large, err = Generate(ctx, bin, 10*n, 1, filepath.Join(dir, "large"), logf); err != nil {
			b.Fatal(err)
		}
		progs, err := Programs(rep.Large.Out, 2000)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Ceiling, err = SandboxCeiling(ctx, progs); err != nil {
			b.Fatal(err)
		}
		rep.Print(os.Stdout)
		b.ReportMetric(rep.RSSRatio(), "rss_ratio")
		b.ReportMetric(rep.CeilingFraction(), "of_ceiling")
		b.ReportMetric(rep.Large.SeedsPerSecond(), "seeds/s")
		b.ReportMetric(rep.Large.AcceptedPerSecond(), "accepted/s")
		b.ReportMetric(float64(rep.Large.MaxRSSKB)/1024, "MB_peak_rss")
	}
}
