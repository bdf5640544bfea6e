package corpus

import (
	"bufio"
	"bytes"
	"os"
	"testing"
	"time"
)

// BenchmarkParse parses the GSM8K and MATH500 testdata lines and reports
// the share of the parse time spent in the duplicate-key scan (measured in
// the same run, on the same lines), which every line pays on top of its
// JSON decoding: dupscan_share = scan time / parse time.
func BenchmarkParse(b *testing.B) {
	for _, tc := range []struct {
		name, file string
		format     Format
	}{
		{"gsm8k", "testdata/gsm8k/test_head300.jsonl", FormatGSM8K},
		{"math500", "testdata/math500/test_head300.jsonl", FormatMATH},
	} {
		b.Run(tc.name, func(b *testing.B) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				b.Fatal(err)
			}
			var lines [][]byte
			sc := bufio.NewScanner(bytes.NewReader(data))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines = append(lines, bytes.Clone(sc.Bytes()))
			}
			p := Parser{Format: tc.format}
			var parse, scan time.Duration
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				for _, l := range lines {
					if _, err := p.Parse(l, at("f", 1)); err != nil {
						b.Fatal(err)
					}
				}
				t1 := time.Now()
				for _, l := range lines {
					if _, dup := duplicateKey(l); dup {
						b.Fatal("duplicate key in testdata")
					}
				}
				parse += t1.Sub(t0)
				scan += time.Since(t1)
			}
			b.ReportMetric(float64(scan)/float64(parse), "dupscan_share")
		})
	}
}
