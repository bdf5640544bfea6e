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
// The line slice is only valid during the call. ReadLines does not check
// UTF-8 (ParseLine does). An error returned by fn stops reading and is
// returned as is; a read error is returned wrapped with the line number.
func ReadLines(r io.Reader, maxBytes int, fn func(lineNo int64, line []byte, tooLong bool) error) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxLineBytes
	}
	br := bufio.NewReaderSize(r, readBufferBytes)
	// buf holds at most maxBytes+1 bytes of the current line: one more than the
	// limit so that a line of exactly maxBytes plus "\r" is not mistaken for
	// an oversized one.
	var buf []byte
	var lineNo int64
	overflow := false
	partial := false // bytes of the current line have been read
	emit := func() error {
		lineNo++
		line := buf
		if !overflow && len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		tooLong := overflow || len(line) > maxBytes
		if len(line) > maxBytes {
			line = line[:maxBytes]
		}
		err := fn(lineNo, line, tooLong)
		buf = buf[:0]
		overflow = false
		partial = false
		return err
	}
	for {
		chunk, err := br.ReadSlice('\n')
		complete := err == nil
		if complete {
			chunk = chunk[:len(chunk)-1]
		}
		if len(chunk) > 0 {
			partial = true
			if room := maxBytes + 1 - len(buf); room > 0 {
				take := chunk
				if len(take) > room {
					take = take[:room]
				}
				buf = append(buf, take...)
			}
			if len(buf) == maxBytes+1 && (len(chunk) > 0 && !endsLineWithCR(buf, chunk, complete)) {
				overflow = overflow || len(buf) > maxBytes && !(complete && buf[len(buf)-1] == '\r' && len(buf) == maxBytes+1 && fitsWithCR(chunk, maxBytes, buf))
			}
		}
		switch {
		case complete:
			if ferr := emit(); ferr != nil {
				return ferr
			}
		case errors.Is(err, bufio.ErrBufferFull):
			// Long line: keep reading its next chunk.
		case errors.Is(err, io.EOF):
			if partial {
				return emit()
			}
			return nil
		default:
			return fmt.Errorf("reading line %d: %w", lineNo+1, err)
		}
	}
}
