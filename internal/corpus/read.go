package corpus

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// DefaultMaxLineBytes is the default maximum length of one input line
// (without its line terminator). Longer lines are dead-lettered as "oversized".
const DefaultMaxLineBytes = 1 << 20

// readBufferBytes is the size of the bufio buffer ReadLines reads through.
const readBufferBytes = 64 << 10

// ErrNoMatch is returned (wrapped) by Glob when a pattern matches no file.
var ErrNoMatch = errors.New("no file matches")

// ReadLines calls fn once for every line of r, in order, with its 1-based
// line number. Lines are split on "\n"; a trailing "\r" is removed; a final
// line without a terminating newline is delivered too, while the empty string
// after a final newline is not a line. Empty lines are delivered (as empty
// slices), so the number of calls equals the number of physical lines.
//
// A line longer than maxBytes (<= 0 means DefaultMaxLineBytes) is delivered
// with tooLong set and only its first maxBytes bytes; the rest is read and
// discarded chunk by chunk, never held in memory whole.
//
// The caller must dead-letter a tooLong line as "oversized" itself (the
// prefix it gets is not over the limit, so Parse would not notice); Scan does.
// The line slice is only valid during the call. ReadLines does not check
// UTF-8 (ParseLine does). An error returned by fn stops reading and is
// returned as is; a read error is returned as a *ReadError, which holds the
// number of the line being read and the bytes of it read before the error
// (so that a truncated or corrupt file's last, partial line can be
// dead-lettered with its remainder: see FaultOf and FaultDeadLetter).
func ReadLines(r io.Reader, maxBytes int, fn func(lineNo int64, line []byte, tooLong bool) error) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxLineBytes
	}
	br := bufio.NewReaderSize(r, readBufferBytes)
	// buf holds at most the first maxBytes+1 bytes of the current line; n is
	// the line's full length so far and last its last byte.
	var (
		buf    []byte
		n      int64
		last   byte
		lineNo int64
	)
	emit := func() error {
		lineNo++
		length := n
		if last == '\r' {
			length-- // CRLF line ending
		}
		tooLong := length > int64(maxBytes)
		keep := len(buf)
		if int64(keep) > length {
			keep = int(length)
		}
		if keep > maxBytes {
			keep = maxBytes
		}
		err := fn(lineNo, buf[:keep], tooLong)
		buf, n, last = buf[:0], 0, 0
		return err
	}
	for {
		chunk, err := br.ReadSlice('\n')
		complete := err == nil
		if complete {
			chunk = chunk[:len(chunk)-1]
		}
		if len(chunk) > 0 {
			if room := maxBytes + 1 - len(buf); room > 0 {
				buf = append(buf, chunk[:min(room, len(chunk))]...)
			}
			n += int64(len(chunk))
			last = chunk[len(chunk)-1]
		}
		switch {
		case complete:
			if ferr := emit(); ferr != nil {
				return ferr
			}
		case errors.Is(err, bufio.ErrBufferFull):
			// A long line: go on with its next chunk.
		case errors.Is(err, io.EOF):
			if n > 0 {
				return emit()
			}
			return nil
		default:
			return &ReadError{Line: lineNo + 1, Partial: bytes.Clone(buf), PartialBytes: n, Err: err}
		}
	}
}

// ReadError is a read error met by ReadLines in the middle of the input.
type ReadError struct {
	// Line is the 1-based number of the line being read (the first line not
	// delivered).
	Line int64
	// Partial holds the first bytes of that line read before the error (at
	// most the line limit plus one byte; empty when the error came at a line
	// start), and PartialBytes how many bytes of it were read in all.
	Partial      []byte
	PartialBytes int64
	// Err is the reader's error.
	Err error
}

// Error implements error.
func (e *ReadError) Error() string { return fmt.Sprintf("reading line %d: %v", e.Line, e.Err) }

// Unwrap returns the reader's error.
func (e *ReadError) Unwrap() error { return e.Err }

// Decompress returns a reader of the decompressed content of r when r starts
// with a gzip (including multi-member gzip) or bzip2 header, and a reader of
// r's bytes unchanged otherwise. Detection is by magic bytes only, so a ".gz"
// object that a store already decompressed (GCS decompressive transcoding)
// reads correctly; name is used in error messages.
//
// When the compressed data is truncated or corrupt, the reader delivers every
// byte decompressed before the fault and then fails with a *CorruptError
// (see FaultOf) giving the decompressed and compressed offsets of the fault;
// a corrupt header is such an error at offset 0. Errors of r itself are
// returned unchanged: they are not the data's fault.
func Decompress(r io.Reader, name string) (io.Reader, error) {
	src := &countingReader{r: r}
	br := bufio.NewReaderSize(src, readBufferBytes)
	head, err := br.Peek(10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("reading header of %s: %w", name, err)
	}
	fr := &faultReader{src: src, buf: br}
	switch {
	case isGzip(head):
		fr.compression = "gzip"
		zr, err := gzip.NewReader(br)
		if err != nil {
			if src.err != nil {
				return nil, fmt.Errorf("opening gzip stream %s: %w", name, err)
			}
			fr.err = fr.fault(err)
			return fr, nil
		}
		zr.Multistream(true)
		fr.dec = zr
		return fr, nil
	case isBzip2(head):
		fr.compression = "bzip2"
		fr.dec = bzip2.NewReader(br)
		return fr, nil
	default:
		return br, nil
	}
}

func isGzip(head []byte) bool {
	return len(head) >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8
}

func isBzip2(head []byte) bool {
	return len(head) >= 10 && bytes.HasPrefix(head, []byte("BZh")) && head[3] >= '1' && head[3] <= '9' &&
		bytes.Equal(head[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59})
}

// Open opens a local file for reading, transparently decompressing gzip and
// bzip2 content (see Decompress). Reads fail with ctx's error once ctx is
// done. The caller must Close the result.
func Open(ctx context.Context, path string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening corpus file: %w", err)
	}
	r, err := Decompress(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &fileReader{ctx: ctx, r: r, f: f}, nil
}

type fileReader struct {
	ctx context.Context
	r   io.Reader
	f   *os.File
}

func (fr *fileReader) Read(p []byte) (int, error) {
	if err := fr.ctx.Err(); err != nil {
		return 0, err
	}
	return fr.r.Read(p)
}

func (fr *fileReader) Close() error {
	if c, ok := fr.r.(io.Closer); ok {
		if err := c.Close(); err != nil {
			fr.f.Close()
			return fmt.Errorf("closing %s: %w", fr.f.Name(), err)
		}
	}
	if err := fr.f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", fr.f.Name(), err)
	}
	return nil
}

// Glob returns the regular files matching a local filepath.Match pattern, in
// sorted order. A pattern without metacharacters names one file. It fails
// (wrapping ErrNoMatch) when nothing matches, so a mistyped input path is not
// read as an empty corpus.
func Glob(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("glob %q: %w", pattern, err)
	}
	var files []string
	for _, m := range matches {
		st, err := os.Stat(m)
		if err != nil {
			return nil, fmt.Errorf("glob %q: %w", pattern, err)
		}
		if st.Mode().IsRegular() {
			files = append(files, m)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("glob %q: %w", pattern, ErrNoMatch)
	}
	sort.Strings(files)
	return files, nil
}
