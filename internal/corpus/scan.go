package corpus

import (
	"errors"
	"io"

	"github.com/arrows-math/arrows/schemas"
)

// Counts tallies one Scan. Lines == Items + DeadLetters always holds.
type Counts struct {
	Lines       int64 `json:"lines"`
	Items       int64 `json:"items"`
	DeadLetters int64 `json:"dead_letters"`
	// Reasons counts dead letters by reason.
	Reasons map[string]int64 `json:"reasons,omitempty"`
}

// Scan reads r (already decompressed, see Decompress) line by line, parses
// each line with p and calls item for each Item or dead for each line that
// failed, so that every line goes to exactly one of them. file is recorded in
// each Origin.
//
// When r fails with a *CorruptError (a truncated or corrupt compressed
// file), the whole lines read before the fault are kept and the rest of the
// file, starting with the partial line being read, becomes one dead letter
// (FaultDeadLetter, counted as one line); Scan then returns without error.
// Any other read error, or an error returned by a callback, stops the scan;
// the counts up to that point are returned with it.
func Scan(r io.Reader, file string, p Parser, item func(Item) error, dead func(schemas.DeadLetter) error) (Counts, error) {
	return scan(r, file, 1, p, item, dead)
}

// scan is Scan of lines numbered from firstLine.
func scan(r io.Reader, file string, firstLine int64, p Parser, item func(Item) error, dead func(schemas.DeadLetter) error) (Counts, error) {
	c := Counts{Reasons: map[string]int64{}}
	if _, err := ParseFormat(string(p.Format)); err != nil {
		return c, err
	}
	max := p.MaxLineBytes
	if max <= 0 {
		max = DefaultMaxLineBytes
	}
	err := ReadLines(r, max, func(lineNo int64, line []byte, tooLong bool) error {
		c.Lines++
		origin := schemas.Origin{File: file, Line: firstLine + lineNo - 1}
		var (
			it   Item
			perr error
		)
		if tooLong {
			perr = parseErr(ReasonOversized, nil)
		} else {
			it, perr = p.Parse(line, origin)
		}
		if perr != nil {
			c.DeadLetters++
			dl := NewDeadLetter(origin, line, perr)
			c.Reasons[dl.Reason]++
			return dead(dl)
		}
		c.Items++
		return item(it)
	})
	var re *ReadError
	if errors.As(err, &re) {
		if f, ok := FaultOf(re.Err); ok {
			partial := re.Partial
			if len(partial) > DeadLetterLineBytes+1 {
				partial = partial[:DeadLetterLineBytes+1]
			}
			dl := FaultDeadLetter(schemas.Origin{File: file, Line: firstLine + re.Line - 1}, partial, f)
			if re.PartialBytes > int64(len(re.Partial)) {
				dl.Truncated = true // ReadLines kept only the line limit's worth
			}
			c.Lines++
			c.DeadLetters++
			c.Reasons[dl.Reason]++
			return c, dead(dl)
		}
	}
	return c, err
}
