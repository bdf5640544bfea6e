package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arrows-math/arrows/schemas"
)

// faultLines returns n distinct GSM8K lines (with multi-byte characters,
// so that cuts also fall inside runes) and the file content they make.
func faultLines(n int) ([]string, []byte) {
	lines := make([]string, n)
	var b bytes.Buffer
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"question":"Combien font %d × 3 ? %s","answer":"%d × 3 = %d\n#### %d"}`,
			i+1, strings.Repeat("é", i%41), i+1, 3*(i+1), 3*(i+1))
		b.WriteString(lines[i])
		b.WriteByte('\n')
	}
	return lines, b.Bytes()
}

func gzipBytes(t testing.TB, data []byte, members int) []byte {
	t.Helper()
	var out bytes.Buffer
	per := (len(data) + members - 1) / members
	for m := 0; m < members; m++ {
		zw := gzip.NewWriter(&out)
		if _, err := zw.Write(data[min(len(data), m*per):min(len(data), (m+1)*per)]); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// bzip2Bytes compresses data with Python's bz2 module at level 1 (100 kB
// blocks, so a few hundred kB make several blocks). Go has no bzip2 writer.
func bzip2Bytes(t testing.TB, data []byte) []byte {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", "-c", "import bz2, sys; sys.stdout.buffer.write(bz2.compress(sys.stdin.buffer.read(), 1))")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bzip2 with /usr/bin/python3: %v", err)
	}
	return out
}

// scanned is the outcome of scanning one file.
type scanned struct {
	counts Counts
	items  []Item
	dead   []schemas.DeadLetter
}

// scanPath opens path with Open (decompressing) and scans it as GSM8K.
func scanPath(t *testing.T, path string) (scanned, error) {
	t.Helper()
	rc, err := Open(context.Background(), path)
	if err != nil {
		return scanned{}, err
	}
	defer rc.Close()
	var s scanned
	s.counts, err = Scan(rc, filepath.Base(path), Parser{Format: FormatGSM8K},
		func(it Item) error { s.items = append(s.items, it); return nil },
		func(dl schemas.DeadLetter) error { s.dead = append(s.dead, dl); return nil })
	return s, err
}

// checkFaultScan asserts the guarantees of a scan of a damaged file whose
// intact content is lines: the accounting adds up and the last dead letter,
// with reason want, stands for the rest of the file, with offsets that agree
// with what was read. For a truncated file (want ReasonTruncatedFile) the
// items are exactly the first K lines and that dead letter, the only one, is
// at line K+1 holding a prefix of it. Corrupt data may decode to garbage
// before the decompressor notices (gzip checks its CRC at the end of a
// member, bzip2 at the end of a block), so there the lines read before the
// fault are checked for accounting only. It returns how many leading items
// are intact lines.
func checkFaultScan(t *testing.T, s scanned, lines []string, compressedSize int, want string) int {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	c := s.counts
	if c.Lines != c.Items+c.DeadLetters || c.Items != int64(len(s.items)) || c.DeadLetters != int64(len(s.dead)) {
		t.Fatalf("counts %+v do not add up (items %d, dead %d)", c, len(s.items), len(s.dead))
	}
	if len(s.dead) == 0 || s.dead[len(s.dead)-1].Reason != want {
		t.Fatalf("dead letters %+v, want the last to be %s", s.dead, want)
	}
	for _, dl := range s.dead[:len(s.dead)-1] {
		if dl.Reason == ReasonTruncatedFile || dl.Reason == ReasonCorruptFile || want == ReasonTruncatedFile {
			t.Fatalf("dead letter %+v before the fault's", dl)
		}
	}
	intact := 0
	for i, it := range s.items {
		if it.Origin.Line != int64(i+1) || it.Source.Answer != fmt.Sprint(3*(i+1)) {
			if want == ReasonTruncatedFile {
				t.Fatalf("item %d: line %d answer %q, want line %d answer %d", i, it.Origin.Line, it.Source.Answer, i+1, 3*(i+1))
			}
			break
		}
		intact++
	}
	dl := s.dead[len(s.dead)-1]
	if dl.Origin.Line != c.Lines {
		t.Errorf("fault dead letter at line %d, want %d (the line after the last one read)", dl.Origin.Line, c.Lines)
	}
	if want != ReasonTruncatedFile {
		if dl.Fault == nil || dl.Fault.Truncated || dl.Fault.Error == "" || dl.Fault.CompressedOffset < 0 || dl.Fault.CompressedOffset > int64(compressedSize) {
			t.Errorf("fault %+v", dl.Fault)
		}
		if err := v.ValidateValue(schemas.SchemaDeadLetter, dl); err != nil {
			t.Errorf("dead letter fails its schema: %v", err)
		}
		return intact
	}
	k := len(s.items)
	var offset int64
	for i := range s.items {
		offset += int64(len(lines[i]) + 1)
	}
	partial := []byte(dl.Line)
	if dl.LineBase64 != "" {
		if partial, err = base64.StdEncoding.DecodeString(dl.LineBase64); err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(partial) {
			t.Errorf("line_base64 set for valid UTF-8 %q", partial)
		}
	} else if !utf8.ValidString(dl.Line) {
		t.Errorf("line %q is not valid UTF-8 and has no line_base64", dl.Line)
	}
	next := ""
	if k < len(lines) {
		next = lines[k] + "\n"
	}
	if !strings.HasPrefix(next, string(partial)) {
		t.Errorf("dead letter holds %q, not a prefix of line %d %.40q", partial, k+1, next)
	}
	f := dl.Fault
	switch {
	case f == nil:
		t.Fatal("dead letter without fault")
	case f.Offset != offset+int64(len(partial)):
		t.Errorf("fault offset %d, want %d (kept lines) + %d (partial line)", f.Offset, offset, len(partial))
	case f.CompressedOffset < 0 || f.CompressedOffset > int64(compressedSize):
		t.Errorf("compressed offset %d outside the file of %d bytes", f.CompressedOffset, compressedSize)
	case f.Truncated != (want == ReasonTruncatedFile) || f.Error == "":
		t.Errorf("fault %+v for reason %s", f, want)
	}
	if !strings.Contains(dl.Detail, f.Compression) || !strings.Contains(dl.Detail, fmt.Sprint(f.Offset)) {
		t.Errorf("detail %q names neither the compression nor the offset", dl.Detail)
	}
	if err := v.ValidateValue(schemas.SchemaDeadLetter, dl); err != nil {
		t.Errorf("dead letter fails its schema: %v", err)
	}
	return k
}

func TestTruncatedCompressedFilesKeepEveryWholeLineAndDeadLetterTheRest(t *testing.T) {
	lines, data := faultLines(6000) // about 560 kB: several bzip2 blocks
	files := []struct {
		name string
		data []byte
	}{
		{"gzip", gzipBytes(t, data, 1)},
		{"multi-member gzip", gzipBytes(t, data, 5)},
		{"bzip2", bzip2Bytes(t, data)},
	}
	for _, file := range files {
		for _, frac := range []float64{0, 0.1, 0.37, 0.5, 0.83, 0.999} {
			cut := max(12, int(frac*float64(len(file.data)))) // bzip2 is recognised by its first 10 bytes
			t.Run(fmt.Sprintf("%s cut at byte %d of %d", file.name, cut, len(file.data)), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "cut.jsonl.x")
				if err := os.WriteFile(path, file.data[:cut], 0o644); err != nil {
					t.Fatal(err)
				}
				s, err := scanPath(t, path)
				if err != nil {
					t.Fatalf("scan of a truncated file failed: %v", err)
				}
				k := checkFaultScan(t, s, lines, cut, ReasonTruncatedFile)
				// What a decoder can deliver grows with the bytes it gets:
				// gzip streams, bzip2 decodes whole 100 kB blocks.
				if frac >= 0.37 && k < len(lines)/10 {
					t.Errorf("kept %d of %d lines from %.0f%% of the file", k, len(lines), 100*frac)
				}
				if k >= len(lines) {
					t.Errorf("kept all %d lines of a truncated file", k)
				}
				t.Logf("kept %d lines; fault %+v", k, *s.dead[0].Fault)
			})
		}
	}
}

func TestCorruptCompressedFilesKeepEveryLineBeforeTheFault(t *testing.T) {
	lines, data := faultLines(6000)
	gz := gzipBytes(t, data, 1)
	bz := bzip2Bytes(t, data)
	damage := func(b []byte, f func([]byte) []byte) []byte { return f(bytes.Clone(b)) }
	cases := []struct {
		name string
		data []byte
		// minKept is how many lines must survive; exact requires all of them
		// and the fault after the last line.
		minKept int
	}{
		{"gzip with garbage in the middle of the deflate stream", damage(gz, func(b []byte) []byte {
			copy(b[len(b)/2:], bytes.Repeat([]byte{0xff}, 64))
			return b
		}), len(lines) / 4},
		{"gzip whose CRC-32 does not match", damage(gz, func(b []byte) []byte {
			b[len(b)-8] ^= 0x01
			return b
		}), len(lines)},
		{"gzip followed by bytes that are not a gzip member", append(bytes.Clone(gz), []byte("this is not gzip data at all")...), len(lines)},
		{"gzip with a corrupt header", damage(gz, func(b []byte) []byte {
			b[3] |= 0x02 // FHCRC: a header checksum that is not there
			return b
		}), 0},
		{"bzip2 with garbage in its third block", damage(bz, func(b []byte) []byte {
			copy(b[len(b)*2/3:], bytes.Repeat([]byte{0x55}, 64))
			return b
		}), 1000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.jsonl.gz")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := scanPath(t, path)
			if err != nil {
				t.Fatalf("scan of a corrupt file failed: %v", err)
			}
			k := checkFaultScan(t, s, lines, len(tc.data), ReasonCorruptFile)
			if k < tc.minKept {
				t.Errorf("kept %d lines, want at least %d", k, tc.minKept)
			}
			t.Logf("kept %d lines; fault %+v", k, *s.dead[0].Fault)
		})
	}
}

// failingStore delivers the first n bytes of data, then fails as a
// storage (network, disk) would.
type failingStore struct {
	data []byte
	n    int
	err  error
}

func (f *failingStore) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, f.err
	}
	k := copy(p, f.data[:min(f.n, len(f.data))])
	f.data, f.n = f.data[k:], f.n-k
	return k, nil
}

func TestStorageErrorsFailTheScanInsteadOfDeadLettering(t *testing.T) {
	_, data := faultLines(3000)
	storageErr := errors.New("connection reset by the object store")
	for _, tc := range []struct {
		name string
		data []byte
	}{{"gzip", gzipBytes(t, data, 1)}, {"bzip2", bzip2Bytes(t, data)}} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Decompress(&failingStore{data: tc.data, n: len(tc.data) / 2, err: storageErr}, "f")
			if err != nil {
				t.Fatal(err)
			}
			var dead int
			_, err = Scan(r, "f", Parser{Format: FormatGSM8K}, func(Item) error { return nil },
				func(schemas.DeadLetter) error { dead++; return nil })
			if !errors.Is(err, storageErr) {
				t.Fatalf("err = %v, want the storage error", err)
			}
			if _, ok := FaultOf(err); ok || dead != 0 {
				t.Errorf("a storage failure was taken for corrupt data (%d dead letters)", dead)
			}
		})
	}
}

func TestFaultDeadLetterKeepsThePartialLineExactly(t *testing.T) {
	f := schemas.ReadFault{Compression: "gzip", Offset: 1234, CompressedOffset: 99, Truncated: true, Error: "unexpected EOF"}
	cases := []struct {
		name          string
		partial       []byte
		wantLine      string
		wantBase64    bool
		wantTruncated bool
	}{
		{"no partial line", nil, "", false, false},
		{"valid UTF-8 is kept as is", []byte(`{"question":"caf`), `{"question":"caf`, false, false},
		{"a rune cut by the fault goes to base64", []byte("{\"q\":\"caf\xc3"), "{\"q\":\"caf\uFFFD", true, false},
		{"a long partial line is cut and marked", bytes.Repeat([]byte("a"), DeadLetterLineBytes+1), strings.Repeat("a", DeadLetterLineBytes), false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dl := FaultDeadLetter(schemas.Origin{File: "x.jsonl.gz", Line: 42}, tc.partial, f)
			if dl.Reason != ReasonTruncatedFile || dl.Origin.Line != 42 || dl.Fault == nil || *dl.Fault != f {
				t.Errorf("dead letter %+v", dl)
			}
			if dl.Line != tc.wantLine || dl.Truncated != tc.wantTruncated {
				t.Errorf("line %.30q truncated %v, want %.30q %v", dl.Line, dl.Truncated, tc.wantLine, tc.wantTruncated)
			}
			if tc.wantBase64 {
				got, err := base64.StdEncoding.DecodeString(dl.LineBase64)
				if err != nil || !bytes.Equal(got, tc.partial) {
					t.Errorf("line_base64 %q decodes to %q, want %q", dl.LineBase64, got, tc.partial)
				}
			} else if dl.LineBase64 != "" {
				t.Errorf("line_base64 %q set for valid text", dl.LineBase64)
			}
			for _, want := range []string{"gzip", "truncated", "unexpected EOF", "1234", "99", "line 42"} {
				if !strings.Contains(dl.Detail, want) {
					t.Errorf("detail %q lacks %q", dl.Detail, want)
				}
			}
		})
	}
}

// TestRangesReadEveryLineOnceEvenPastAFault checks that splitting a file
// into ranges and scanning each (as a distributed reader does) gives the
// same items and dead letters as one Scan of the whole file, for intact and
// damaged files.
func TestRangesReadEveryLineOnceEvenPastAFault(t *testing.T) {
	lines, data := faultLines(4000)
	gz := gzipBytes(t, data, 3)
	bz := bzip2Bytes(t, data)
	mixed := []byte(strings.Join([]string{`{"question":"q","answer":"#### 1"}`, ``, `not json`, `{"question":"q","answer":"#### 2"}`}, "\n"))
	files := []struct {
		name string
		data []byte
		want string // the fault reason, "" for none
	}{
		{"plain", data, ""},
		{"plain with bad lines and no final newline", mixed, ""},
		{"empty", nil, ""},
		{"gzip", gz, ""},
		{"truncated gzip", gz[:len(gz)*3/5], ReasonTruncatedFile},
		{"truncated bzip2", bz[:len(bz)/2], ReasonTruncatedFile},
		{"gzip truncated inside its header", gz[:6], ReasonTruncatedFile},
		{"gzip with a bad checksum", func() []byte { b := bytes.Clone(gz); b[len(b)-8] ^= 1; return b }(), ReasonCorruptFile},
	}
	for _, file := range files {
		for _, size := range []int64{1, 50_000, 1 << 30} {
			t.Run(fmt.Sprintf("%s in ranges of %d bytes", file.name, size), func(t *testing.T) {
				open := func() io.Reader {
					r, err := Decompress(bytes.NewReader(file.data), file.name)
					if err != nil {
						t.Fatal(err)
					}
					return r
				}
				var whole scanned
				var err error
				whole.counts, err = Scan(open(), "f", Parser{Format: FormatGSM8K},
					func(it Item) error { whole.items = append(whole.items, it); return nil },
					func(dl schemas.DeadLetter) error { whole.dead = append(whole.dead, dl); return nil })
				if err != nil {
					t.Fatal(err)
				}
				ranges, err := PlanRanges(open(), size, 8)
				if err != nil {
					t.Fatalf("plan: %v", err)
				}
				if len(ranges) > 8+1 {
					t.Errorf("%d ranges, want at most 8 plus a fault range", len(ranges))
				}
				var parts scanned
				for i, rg := range ranges {
					if (rg.Fault != nil) != (file.want != "" && i == len(ranges)-1) {
						t.Errorf("range %d %+v: fault set wrongly", i, rg)
					}
					c, err := ScanRange(open(), "f", rg, Parser{Format: FormatGSM8K},
						func(it Item) error { parts.items = append(parts.items, it); return nil },
						func(dl schemas.DeadLetter) error { parts.dead = append(parts.dead, dl); return nil })
					if err != nil {
						t.Fatalf("range %d %+v: %v", i, rg, err)
					}
					parts.counts.Lines += c.Lines
					parts.counts.Items += c.Items
					parts.counts.DeadLetters += c.DeadLetters
				}
				if !reflect.DeepEqual(parts.items, whole.items) || !reflect.DeepEqual(parts.dead, whole.dead) {
					t.Errorf("ranges gave %d items %d dead letters, one scan %d and %d (or they differ)",
						len(parts.items), len(parts.dead), len(whole.items), len(whole.dead))
				}
				if parts.counts.Lines != whole.counts.Lines || parts.counts.Lines != parts.counts.Items+parts.counts.DeadLetters {
					t.Errorf("range counts %+v, whole-file counts %+v", parts.counts, whole.counts)
				}
				if file.want != "" {
					if n := len(whole.dead); n == 0 || whole.dead[n-1].Reason != file.want {
						t.Errorf("dead letters %v, want the last to be %s", whole.dead, file.want)
					} else {
						checkFaultScan(t, whole, lines, len(file.data), file.want)
					}
				}
			})
		}
	}
}

func TestRangesOfAChangedFileFail(t *testing.T) {
	_, data := faultLines(100)
	ranges, err := PlanRanges(bytes.NewReader(data), 1000, 0)
	if err != nil || len(ranges) < 3 {
		t.Fatalf("plan: %v, %d ranges", err, len(ranges))
	}
	shorter := data[:len(data)/3]
	_, err = ScanRange(bytes.NewReader(shorter), "f", ranges[len(ranges)-1], Parser{Format: FormatGSM8K},
		func(Item) error { return nil }, func(schemas.DeadLetter) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("scanning a range of a file that shrank: err = %v", err)
	}
}
