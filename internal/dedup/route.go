package dedup

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/arrows-math/arrows/internal/extsort"
)

// Verdict is what deduplication did with one row.
type Verdict struct {
	// Decision is the row's removal; nil when the row is kept or is a Copy.
	Decision *Decision
	// Copy marks the second and later copies of a row that is not removed
	// by the exact stage: they are exact duplicates of the first copy
	// (reason ReasonExact, detail CopyDetail, Of the row's own id).
	Copy bool
	// Passed is the number of stages the row got through (0 to 3; a kept
	// row passed all of them).
	Passed int
}

// Kept reports whether the row stays.
func (v Verdict) Kept() bool { return v.Decision == nil && !v.Copy }

// Route joins rows with the engine's decisions as a streaming merge: rows
// yields (OrderKey, encoded row) sorted by extsort order, so the copies of
// a row come together, in byte order of their encodings; decisions yields
// (OrderKey, EncodeDecision bytes) sorted by order key, at most one per
// row (decisions for rows that rows does not hold are skipped). fn is
// called once per row, in order. The first copy of a row takes its
// decision (or is kept); when the decision is the exact stage's, every
// copy takes it (the copies share the text), otherwise the later copies
// are Copy.
func Route(rows, decisions extsort.Iterator, fn func(order, row []byte, v Verdict) error) error {
	hasDec := decisions.Next()
	var dec *Decision
	var prev []byte
	for rows.Next() {
		order := rows.Key()
		if prev != nil && bytes.Equal(order, prev) {
			v := Verdict{Copy: true}
			if dec != nil && dec.Stage == StageExact {
				v = Verdict{Decision: dec}
			}
			if err := fn(order, rows.Value(), v); err != nil {
				return err
			}
			continue
		}
		if prev != nil && bytes.Compare(order, prev) < 0 {
			return fmt.Errorf("dedup: rows are not sorted (%q after %q)", order, prev)
		}
		prev = append(prev[:0], order...)
		dec = nil
		for hasDec && bytes.Compare(decisions.Key(), order) < 0 {
			hasDec = decisions.Next()
		}
		if hasDec && bytes.Equal(decisions.Key(), order) {
			d, err := DecodeDecision(decisions.Key(), decisions.Value())
			if err != nil {
				return err
			}
			dec = &d
			hasDec = decisions.Next()
		}
		v := Verdict{Passed: 3}
		if dec != nil {
			v = Verdict{Decision: dec, Passed: int(dec.Stage) - 1}
		}
		if err := fn(order, rows.Value(), v); err != nil {
			return err
		}
	}
	return errors.Join(rows.Err(), decisions.Err())
}
