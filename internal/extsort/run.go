package extsort

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Record framing in a run: uvarint key length, key, uvarint value length,
// value. A run is a plain concatenation of records, sorted by Compare.

// maxFieldBytes bounds one key or value when reading, so that a corrupt
// length cannot make a reader allocate without limit.
const maxFieldBytes = 256 << 20

// Compare orders records: by key bytes, then by value bytes.
func Compare(ka, va, kb, vb []byte) int {
	if c := bytes.Compare(ka, kb); c != 0 {
		return c
	}
	return bytes.Compare(va, vb)
}

// Writer writes framed records to a stream.
type Writer struct {
	w   *bufio.Writer
	c   io.Closer
	n   int64
	buf [binary.MaxVarintLen64]byte
}

// NewWriter writes records to wc (closed by Close).
func NewWriter(wc io.WriteCloser) *Writer {
	return &Writer{w: bufio.NewWriterSize(wc, 256<<10), c: wc}
}

// Write appends one record.
func (w *Writer) Write(key, val []byte) error {
	for _, f := range [][]byte{key, val} {
		k := binary.PutUvarint(w.buf[:], uint64(len(f)))
		if _, err := w.w.Write(w.buf[:k]); err != nil {
			return err
		}
		if _, err := w.w.Write(f); err != nil {
			return err
		}
	}
	w.n++
	return nil
}

// Records is the number of records written so far.
func (w *Writer) Records() int64 { return w.n }

// Close flushes and closes the stream.
func (w *Writer) Close() error {
	if err := w.w.Flush(); err != nil {
		w.c.Close()
		return err
	}
	return w.c.Close()
}

// Reader reads framed records from a stream.
type Reader struct {
	name     string
	r        *bufio.Reader
	c        io.Closer
	key, val []byte
	err      error
}

// NewReader reads the records of rc (closed by Close); name is used in
// errors.
func NewReader(name string, rc io.ReadCloser) *Reader {
	return &Reader{name: name, r: bufio.NewReaderSize(rc, 64<<10), c: rc}
}

// Next advances to the next record; it returns false at the end of the
// stream or on an error (see Err).
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	k, err := r.field(r.key[:0], true)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			r.err = err
		}
		return false
	}
	v, err := r.field(r.val[:0], false)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		r.err = fmt.Errorf("run %s: value: %w", r.name, err)
		return false
	}
	r.key, r.val = k, v
	return true
}

func (r *Reader) field(dst []byte, first bool) ([]byte, error) {
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		if errors.Is(err, io.EOF) && first {
			return nil, io.EOF
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("run %s: length: %w", r.name, err)
	}
	if n > maxFieldBytes {
		return nil, fmt.Errorf("run %s: record field of %d bytes (corrupt run?)", r.name, n)
	}
	if uint64(cap(dst)) < n {
		dst = make([]byte, n)
	}
	dst = dst[:n]
	if _, err := io.ReadFull(r.r, dst); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("run %s: %w", r.name, err)
	}
	return dst, nil
}

// Key is the current record's key, valid until the next call to Next.
func (r *Reader) Key() []byte { return r.key }

// Value is the current record's value, valid until the next call to Next.
func (r *Reader) Value() []byte { return r.val }

// Err is the first read error, if any.
func (r *Reader) Err() error { return r.err }

// Close closes the stream.
func (r *Reader) Close() error { return r.c.Close() }
