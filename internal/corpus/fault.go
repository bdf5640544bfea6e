package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/arrows-math/arrows/schemas"
)

// Dead-letter reasons of a file that cannot be read to its end.
const (
	// ReasonTruncatedFile: a compressed file ends before its compressed
	// stream does (a partial download or copy). Its remainder is one dead
	// letter; every whole line before the cut is read.
	ReasonTruncatedFile = "truncated_file"
	// ReasonCorruptFile: a compressed file holds data its decompressor
	// rejects (corrupt deflate or bzip2 data, a checksum mismatch, bytes
	// after the last stream that are not a stream). Its remainder is one
	// dead letter; every whole line decompressed before the fault is read.
	ReasonCorruptFile = "corrupt_file"
)

// CorruptError is the read error of a reader returned by Decompress when the
// compressed data itself is truncated or corrupt (as opposed to the storage
// under it failing, whose errors are returned unchanged so that a job fails
// or retries instead of dead-lettering good data). Its ReadFault says where.
type CorruptError struct {
	schemas.ReadFault
	// Err is the decompressor's error (io.ErrUnexpectedEOF when truncated).
	Err error
}

// Error implements error.
func (e *CorruptError) Error() string {
	what := "corrupt"
	if e.Truncated {
		what = "truncated"
	}
	at := ""
	if e.CompressedOffset >= 0 {
		at = fmt.Sprintf(" (compressed byte %d)", e.CompressedOffset)
	}
	return fmt.Sprintf("%s %s data after %d decompressed bytes%s: %v", what, e.Compression, e.Offset, at, e.Err)
}

// Unwrap returns the decompressor's error.
func (e *CorruptError) Unwrap() error { return e.Err }

// FaultOf reports whether err is (or wraps) a *CorruptError, and returns its
// ReadFault. A reader of line ranges uses it to tell a file whose remainder
// must be dead-lettered (ok) from a read that must fail the job (not ok).
func FaultOf(err error) (schemas.ReadFault, bool) {
	var ce *CorruptError
	if errors.As(err, &ce) {
		return ce.ReadFault, true
	}
	return schemas.ReadFault{}, false
}

// FaultReason is the dead-letter reason of a fault: ReasonTruncatedFile or
// ReasonCorruptFile.
func FaultReason(f schemas.ReadFault) string {
	if f.Truncated {
		return ReasonTruncatedFile
	}
	return ReasonCorruptFile
}

// FaultDeadLetter builds the one dead letter that stands for the unreadable
// remainder of a file. origin names the file and the number of the first
// line not read in full; partial holds the bytes of that line decompressed
// before the fault (the bytes after the last newline; empty when the fault
// came at a line start). Pass at most DeadLetterLineBytes+1 bytes of it: a
// longer partial line is kept cut, with Truncated set.
func FaultDeadLetter(origin schemas.Origin, partial []byte, f schemas.ReadFault) schemas.DeadLetter {
	dl := newDeadLetter(origin, partial, FaultReason(f))
	fc := f
	dl.Fault = &fc
	what := "is corrupt"
	if f.Truncated {
		what = "is truncated"
	}
	at := ""
	if f.CompressedOffset >= 0 {
		at = fmt.Sprintf(", compressed byte %d", f.CompressedOffset)
	}
	dl.Detail = fmt.Sprintf("%s data %s: %s (after decompressed byte %d%s); lines before line %d were read, the rest of the file is lost",
		f.Compression, what, f.Error, f.Offset, at, origin.Line)
	return dl
}

// countingReader counts the bytes read from the storage under a
// decompressor and keeps the storage's own error, so that Decompress can tell
// a storage failure from corrupt data.
type countingReader struct {
	r   io.Reader
	n   int64
	err error // the last error other than io.EOF
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		c.err = err
	}
	return n, err
}

// faultReader is the reader Decompress returns for compressed content: it
// passes the decompressed bytes through and turns an error of the
// decompressor that the storage did not cause into a *CorruptError.
type faultReader struct {
	dec         io.Reader // the decompressor (nil if its header failed)
	compression string
	src         *countingReader
	buf         *bufio.Reader // between src and dec: bytes read ahead of dec
	n           int64         // decompressed bytes delivered
	err         error         // sticky
}

func (f *faultReader) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.dec.Read(p)
	f.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		err = f.fault(err)
		f.err = err
	}
	return n, err
}

// fault classifies a decompressor error err.
func (f *faultReader) fault(err error) error {
	if f.src.err != nil {
		// The storage failed; the data may well be fine.
		return err
	}
	return &CorruptError{
		ReadFault: schemas.ReadFault{
			Compression:      f.compression,
			Offset:           f.n,
			CompressedOffset: f.src.n - int64(f.buf.Buffered()),
			Truncated:        errors.Is(err, io.ErrUnexpectedEOF),
			Error:            err.Error(),
		},
		Err: err,
	}
}
