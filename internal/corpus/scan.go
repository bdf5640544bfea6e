package corpus

import (
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
// each Origin. An error returned by a callback, or a read error, stops the
// scan; the counts up to that point are returned with it.
func Scan(r io.Reader, file string, p Parser, item func(Item) error, dead func(schemas.DeadLetter) error) (Counts, error) {
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
		origin := schemas.Origin{File: file, Line: lineNo}
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
	return c, err
}
