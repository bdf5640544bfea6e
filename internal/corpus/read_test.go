package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

type gotLine struct {
	no      int64
	text    string
	tooLong bool
}

func collect(t *testing.T, r io.Reader, max int) []gotLine {
	t.Helper()
	var got []gotLine
	err := ReadLines(r, max, func(no int64, line []byte, tooLong bool) error {
		got = append(got, gotLine{no, string(line), tooLong})
		return nil
	})
	if err != nil {
		t.Fatalf("ReadLines: %v", err)
	}
	return got
}

func TestReadLines(t *testing.T) {
	cases := []struct {
		name  string
		input string
		max   int
		want  []gotLine
	}{
		{"empty input has no lines", "", 10, nil},
		{"a lone newline is one empty line", "\n", 10, []gotLine{{1, "", false}}},
		{"final line without newline is delivered", "a\nb", 10, []gotLine{{1, "a", false}, {2, "b", false}}},
		{"trailing newline adds no extra line", "a\nb\n", 10, []gotLine{{1, "a", false}, {2, "b", false}}},
		{"blank lines are delivered and numbered", "a\n\n  \nb\n", 10, []gotLine{{1, "a", false}, {2, "", false}, {3, "  ", false}, {4, "b", false}}},
		{"CRLF endings are stripped", "a\r\nb\r\n", 10, []gotLine{{1, "a", false}, {2, "b", false}}},
		{"line of exactly max bytes is not too long", "12345\n", 5, []gotLine{{1, "12345", false}}},
		{"line of exactly max bytes with CRLF is not too long", "12345\r\n", 5, []gotLine{{1, "12345", false}}},
		{"line of max+1 bytes is too long and cut to max", "123456\nok\n", 5, []gotLine{{1, "12345", true}, {2, "ok", false}}},
		{"too long final line without newline", "ok\n1234567890", 5, []gotLine{{1, "ok", false}, {2, "12345", true}}},
		{"invalid UTF-8 bytes pass through unchanged", "a\xffb\n", 10, []gotLine{{1, "a\xffb", false}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := collect(t, strings.NewReader(tc.input), tc.max)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadLinesLongLinesAcrossBufferBoundaries(t *testing.T) {
	// Lines around the 64 KiB read buffer size and around max.
	max := 100_000
	sizes := []int{0, 1, readBufferBytes - 1, readBufferBytes, readBufferBytes + 1, max - 1, max, max + 1, 3*readBufferBytes + 7, 10}
	var in bytes.Buffer
	for i, n := range sizes {
		in.WriteString(strings.Repeat(string(rune('a'+i)), n))
		in.WriteByte('\n')
	}
	got := collect(t, &in, max)
	if len(got) != len(sizes) {
		t.Fatalf("got %d lines, want %d", len(got), len(sizes))
	}
	for i, n := range sizes {
		wantLen, wantLong := n, n > max
		if wantLong {
			wantLen = max
		}
		g := got[i]
		if g.no != int64(i+1) || len(g.text) != wantLen || g.tooLong != wantLong {
			t.Errorf("line %d (%d bytes): got no=%d len=%d tooLong=%v", i+1, n, g.no, len(g.text), g.tooLong)
		}
		if wantLen > 0 && g.text != strings.Repeat(string(rune('a'+i)), wantLen) {
			t.Errorf("line %d: content corrupted", i+1)
		}
	}
}

func TestReadLinesStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	var seen int64
	err := ReadLines(strings.NewReader("a\nb\nc\n"), 0, func(no int64, _ []byte, _ bool) error {
		seen = no
		if no == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 2 {
		t.Fatalf("got err=%v after line %d, want the callback's error after line 2", err, seen)
	}
}

// endlessLine produces one line of n bytes followed by "\nok\n", without
// holding it in memory.
type endlessLine struct {
	left int64
	tail []byte
}

func (e *endlessLine) Read(p []byte) (int, error) {
	if e.left > 0 {
		n := int64(len(p))
		if n > e.left {
			n = e.left
		}
		for i := range p[:n] {
			p[i] = 'x'
		}
		e.left -= n
		return int(n), nil
	}
	if len(e.tail) == 0 {
		return 0, io.EOF
	}
	n := copy(p, e.tail)
	e.tail = e.tail[n:]
	return n, nil
}

func TestReadLinesDoesNotBufferOversizedLines(t *testing.T) {
	const lineBytes = 64 << 20 // 64 MiB line
	const max = 1 << 20
	src := &endlessLine{left: lineBytes, tail: []byte("\nok\n")}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var got []gotLine
	err := ReadLines(src, max, func(no int64, line []byte, tooLong bool) error {
		got = append(got, gotLine{no, fmt.Sprint(len(line)), tooLong})
		return nil
	})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	want := []gotLine{{1, fmt.Sprint(max), true}, {2, "2", false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Allocation over the whole read must stay near max, far below the line.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("reading a %d-byte line allocated %d bytes; the line must not be buffered whole", lineBytes, alloc)
	}
}

// writeGzipLines writes n numbered JSON lines as members gzip members
// concatenated (a multi-member .gz, as produced by `cat a.gz b.gz`).
func writeGzipLines(t *testing.T, path string, n, members int) {
	t.Helper()
	var out bytes.Buffer
	per := (n + members - 1) / members
	for m := 0; m < members; m++ {
		zw := gzip.NewWriter(&out)
		for i := m * per; i < min(n, (m+1)*per); i++ {
			// Vary the length so lines straddle read and gzip block boundaries.
			fmt.Fprintf(zw, "{\"question\":\"q%d %s\",\"answer\":\"s\\n#### %d\"}\n", i+1, strings.Repeat("z", i%97), i+1)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenGzipSeesEveryLine(t *testing.T) {
	const n = 100_000
	for _, members := range []int{1, 7} {
		t.Run(fmt.Sprintf("%d gzip members", members), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "lines.jsonl.gz")
			writeGzipLines(t, path, n, members)
			rc, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			var next int64 = 1
			err = ReadLines(rc, 0, func(no int64, line []byte, tooLong bool) error {
				if no != next {
					return fmt.Errorf("got line %d, want %d", no, next)
				}
				want := fmt.Sprintf("{\"question\":\"q%d ", no)
				if tooLong || !bytes.HasPrefix(line, []byte(want)) {
					return fmt.Errorf("line %d: got %.40q", no, line)
				}
				it, err := ParseLine(FormatGSM8K, FieldMap{}, line, at(path, no))
				if err != nil {
					return fmt.Errorf("line %d: %w", no, err)
				}
				if it.Source.Answer != fmt.Sprint(no) {
					return fmt.Errorf("line %d: answer %q", no, it.Source.Answer)
				}
				next++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if next-1 != n {
				t.Fatalf("saw %d lines, want %d", next-1, n)
			}
		})
	}
}

func TestDecompressDetectsByMagicBytes(t *testing.T) {
	plain := "{\"question\":\"q1\",\"answer\":\"a\\n#### 1\"}\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain))
	zw.Close()
	bz, err := os.ReadFile("testdata/three.jsonl.bz2")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, file string
		in         []byte
		wantPrefix string
	}{
		{"plain text named .gz is read as is (already transcoded)", "x.jsonl.gz", []byte(plain), plain},
		{"gzip content without .gz name is decompressed", "x.jsonl", gz.Bytes(), plain},
		{"bzip2 content is decompressed", "three.jsonl.bz2", bz, `{"question":"q1"`},
		{"empty input stays empty", "empty.jsonl", nil, ""},
		{"input shorter than the magic is plain", "tiny", []byte("{}"), "{}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Decompress(bytes.NewReader(tc.in), tc.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(got), tc.wantPrefix) || (tc.wantPrefix == "" && len(got) != 0) {
				t.Errorf("got %.60q, want prefix %q", got, tc.wantPrefix)
			}
		})
	}
}

func TestReadLinesReportsTruncatedGzip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cut.jsonl.gz")
	writeGzipLines(t, path, 5000, 1)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)/2], 0o644)
	rc, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var lines int64
	err = ReadLines(rc, 0, func(int64, []byte, bool) error { lines++; return nil })
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v after %d lines, want an unexpected EOF error", err, lines)
	}
	if lines == 0 || lines >= 5000 {
		t.Errorf("delivered %d lines before the cut, want some but not all", lines)
	}
}

func TestOpenHonoursContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.jsonl")
	os.WriteFile(path, []byte("{}\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	rc, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	cancel()
	if _, err := io.ReadAll(rc); !errors.Is(err, context.Canceled) {
		t.Errorf("read after cancel: got %v, want context.Canceled", err)
	}
	if _, err := Open(ctx, path); !errors.Is(err, context.Canceled) {
		t.Errorf("open after cancel: got %v, want context.Canceled", err)
	}
	if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "missing.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("open missing file: got %v, want os.ErrNotExist", err)
	}
}

func TestGlob(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.jsonl", "a.jsonl", "c.txt"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	os.Mkdir(filepath.Join(dir, "d.jsonl"), 0o755)
	cases := []struct {
		name    string
		pattern string
		want    []string
		wantErr error
	}{
		{"matches are sorted regular files", "*.jsonl", []string{"a.jsonl", "b.jsonl"}, nil},
		{"a plain path names one file", "c.txt", []string{"c.txt"}, nil},
		{"no match is an error", "*.csv", nil, ErrNoMatch},
		{"a directory alone is no match", "d.jsonl", nil, ErrNoMatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Glob(filepath.Join(dir, tc.pattern))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			var names []string
			for _, g := range got {
				names = append(names, filepath.Base(g))
			}
			if fmt.Sprint(names) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", names, tc.want)
			}
		})
	}
}
