package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/arrows-math/arrows/schemas"
)

// Range is a run of whole lines of one file's decompressed content: bytes
// [Start, End), holding Lines lines, the first of which is line FirstLine
// (1-based). A pipeline splits a large file into ranges (PlanRanges) and
// reads them in parallel (ScanRange), each range reading the file from its
// start, so that every line is read exactly once.
//
// A range with Fault set stands for the unreadable remainder of a truncated
// or corrupt compressed file: [Start, End) are the bytes of the partial line
// decompressed before the fault (End = Fault.Offset), FirstLine its number,
// Lines 1; scanning it yields one dead letter.
type Range struct {
	Start     int64              `json:"start"`
	End       int64              `json:"end"`
	FirstLine int64              `json:"first_line"`
	Lines     int64              `json:"lines"`
	Fault     *schemas.ReadFault `json:"fault,omitempty"`
}

// planBufferBytes is the read size of PlanRanges.
const planBufferBytes = 256 << 10

// PlanRanges reads r (a file's decompressed content, see Decompress) once,
// counting lines as ReadLines delimits them, and splits it into ranges: a
// range ends at the first line end at least size bytes after its start, and
// neighbours are merged so that there are at most maxRanges (<= 0: no
// limit). A file's only range may be empty.
//
// When r fails with a *CorruptError, the ranges cover the whole lines read
// before the fault and one more range, with Fault set, covers the rest (see
// Range). Any other read error is returned.
func PlanRanges(r io.Reader, size int64, maxRanges int) ([]Range, error) {
	if size <= 0 {
		size = 1
	}
	var (
		cuts     []Range
		cur      = Range{FirstLine: 1}
		off      int64 // decompressed bytes read
		lineEnd  int64 // offset just past the last newline
		lastByte byte
		buf      = make([]byte, planBufferBytes)
		fault    *schemas.ReadFault
	)
	for {
		n, rerr := r.Read(buf)
		chunk := buf[:n]
		for len(chunk) > 0 {
			i := bytes.IndexByte(chunk, '\n')
			if i < 0 {
				off += int64(len(chunk))
				break
			}
			off += int64(i + 1)
			lineEnd = off
			chunk = chunk[i+1:]
			cur.Lines++
			if off-cur.Start >= size {
				cur.End = off
				cuts = append(cuts, cur)
				cur = Range{Start: off, FirstLine: cur.FirstLine + cur.Lines}
			}
		}
		if n > 0 {
			lastByte = buf[n-1]
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			f, ok := FaultOf(rerr)
			if !ok {
				return nil, fmt.Errorf("reading at decompressed byte %d: %w", off, rerr)
			}
			fault = &f
			break
		}
	}
	if fault == nil && off > cur.Start && lastByte != '\n' {
		cur.Lines++ // a last line without a newline
		lineEnd = off
	}
	cur.End = lineEnd
	if cur.End > cur.Start || len(cuts) == 0 {
		cuts = append(cuts, cur)
	}
	ranges := coalesce(cuts, maxRanges)
	if fault != nil {
		last := ranges[len(ranges)-1]
		if last.End == last.Start && last.Lines == 0 {
			ranges = ranges[:len(ranges)-1] // the fault came before any whole line
		}
		ranges = append(ranges, Range{Start: lineEnd, End: off, FirstLine: last.FirstLine + last.Lines, Lines: 1, Fault: fault})
	}
	return ranges, nil
}

// coalesce merges neighbouring ranges into at most max ranges of about
// equal numbers of cuts.
func coalesce(cuts []Range, max int) []Range {
	if max <= 0 || len(cuts) <= max {
		return cuts
	}
	per := (len(cuts) + max - 1) / max
	var out []Range
	for i := 0; i < len(cuts); i += per {
		rg := cuts[i]
		for _, c := range cuts[i+1 : min(i+per, len(cuts))] {
			rg.End = c.End
			rg.Lines += c.Lines
		}
		out = append(out, rg)
	}
	return out
}

// scanBufferBytes is the read buffer of ScanRange.
const scanBufferBytes = 256 << 10

// ScanRange scans the lines of rg: r is the file's decompressed content from
// its start (ScanRange skips to rg.Start), file the name recorded in each
// Origin. Every line of the range goes to item or dead, exactly as Scan
// would deliver it for the whole file, with its line number in the file. A
// fault range (rg.Fault set) yields its one dead letter (FaultDeadLetter).
// It fails when the range does not hold rg.Lines lines (the file changed
// since it was planned), on a read error, or when a callback fails.
func ScanRange(r io.Reader, file string, rg Range, p Parser, item func(Item) error, dead func(schemas.DeadLetter) error) (Counts, error) {
	c := Counts{Reasons: map[string]int64{}}
	if _, err := ParseFormat(string(p.Format)); err != nil {
		return c, err
	}
	br := bufio.NewReaderSize(r, scanBufferBytes)
	if n, err := br.Discard(int(rg.Start)); err != nil {
		return c, fmt.Errorf("skip to byte %d (file changed since it was split?): got %d bytes: %w", rg.Start, n, err)
	}
	if rg.Fault != nil {
		keep := min(rg.End-rg.Start, DeadLetterLineBytes+1)
		partial := make([]byte, keep)
		if n, err := io.ReadFull(br, partial); err != nil {
			return c, fmt.Errorf("read the %d bytes before the fault at byte %d: got %d: %w", keep, rg.End, n, err)
		}
		dl := FaultDeadLetter(schemas.Origin{File: file, Line: rg.FirstLine}, partial, *rg.Fault)
		c.Lines, c.DeadLetters = 1, 1
		c.Reasons[dl.Reason]++
		return c, dead(dl)
	}
	sub, err := scan(io.LimitReader(br, rg.End-rg.Start), file, rg.FirstLine, p, item, dead)
	if err != nil {
		return sub, fmt.Errorf("lines %d-: %w", rg.FirstLine, err)
	}
	if sub.Lines != rg.Lines {
		return sub, fmt.Errorf("bytes %d-%d hold %d lines, %d when the file was split (file changed?)", rg.Start, rg.End, sub.Lines, rg.Lines)
	}
	return sub, nil
}
