package transforms

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"

	"github.com/arrows-math/arrows/internal/corpus"
	"github.com/arrows-math/arrows/schemas"
)

// Every line is read once, from plain and gzip files, split into small
// ranges; an unreadable line is dead-lettered.
func TestReadCorpusReadsEveryLineOnce(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := range 40 {
		lines = append(lines, `{"question": "How many apples are `+strings.Repeat("x", i)+`?", "answer": "Count them.\n#### 5"}`)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(strings.Join(lines[:20], "\n")+"\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "b.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(strings.Join(lines[20:], "\n")))
	zw.Close()
	f.Close()
	cfg := ReadConfig{Globs: []string{filepath.Join(dir, "*.jsonl*")}, Format: string(corpus.FormatGSM8K), RangeBytes: 256}
	c := run(t, func(s beam.Scope) {
		records, dead := ReadCorpus(s, cfg)
		passert.Count(s, records, "records", 40)
		passert.Count(s, dead, "dead letters", 1)
	})
	if c["lines"] != 41 || c["read_ranges"] < 4 {
		t.Fatalf("counters %v: want 41 lines in several ranges", c)
	}
}

func init() {
	register.Function1x1(deadOf)
}

// deadOf is "file line reason" of a dead letter, with "fault@offset" for
// the dead letter of an unreadable file.
func deadOf(d schemas.DeadLetter) string {
	s := fmt.Sprintf("%s %d %s", filepath.Base(d.Origin.File), d.Origin.Line, d.Reason)
	if d.Fault != nil {
		s += fmt.Sprintf(" fault@%d", d.Fault.Offset)
	}
	return s
}

// A truncated .gz file and one whose checksum is wrong do not fail the job:
// the whole lines before the fault are read (however the files are split
// into ranges), the rest of each file is one dead letter with the reason and
// the decompressed offset, and the good file is read in full.
func TestReadCorpusDeadLettersTheRestOfABrokenFile(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	const n = 300
	for i := range n {
		fmt.Fprintf(&b, `{"question": "How many apples are in box %d of %d?", "answer": "Count them: %d.\n#### %d"}`+"\n", i, i*7919%1000, i*31, i)
	}
	data := b.Bytes()
	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(data)
	zw.Close()
	gz := z.Bytes()
	truncated := gz[:len(gz)/2]
	badSum := append([]byte{}, gz...)
	badSum[len(badSum)-8] ^= 0xff // the CRC-32 in the gzip trailer

	// The lines a gzip reader delivers in full before the cut.
	zr, err := gzip.NewReader(bytes.NewReader(truncated))
	if err != nil {
		t.Fatal(err)
	}
	prefix, err := io.ReadAll(zr)
	if err == nil {
		t.Fatal("the truncated file reads without error")
	}
	kept := bytes.Count(prefix, []byte("\n"))
	if kept == 0 || kept >= n {
		t.Fatalf("the cut keeps %d of %d lines; want some but not all", kept, n)
	}
	for name, content := range map[string][]byte{"good.jsonl.gz": gz, "cut.jsonl.gz": truncated, "badsum.jsonl.gz": badSum} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, rangeBytes := range []int64{1 << 10, 0} {
		t.Run(fmt.Sprintf("ranges of %d bytes", rangeBytes), func(t *testing.T) {
			cfg := ReadConfig{Globs: []string{filepath.Join(dir, "*.gz")}, Format: string(corpus.FormatGSM8K), RangeBytes: rangeBytes}
			c := run(t, func(s beam.Scope) {
				records, dead := ReadCorpus(s, cfg)
				passert.Count(s, records, "records", n+kept+n)
				passert.Equals(s, beam.ParDo(s, deadOf, dead),
					fmt.Sprintf("cut.jsonl.gz %d truncated_file fault@%d", kept+1, len(prefix)),
					fmt.Sprintf("badsum.jsonl.gz %d corrupt_file fault@%d", n+1, len(data)))
			})
			if c["lines"] != int64(n+kept+1+n+1) || c["read_faulty_files"] != 2 {
				t.Errorf("counters %v: want %d lines (records and dead letters) and 2 faulty files", c, n+kept+1+n+1)
			}
		})
	}
}
