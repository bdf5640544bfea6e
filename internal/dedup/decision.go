package dedup

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Stage is one of the three deduplication stages, in the order they run.
type Stage byte

// The stages: each runs on the rows the ones before it kept.
const (
	StageExact Stage = iota + 1
	StageNear
	StageStructure
)

// String is the stage's name.
func (s Stage) String() string {
	switch s {
	case StageExact:
		return "exact"
	case StageNear:
		return "near"
	case StageStructure:
		return "structure"
	}
	return fmt.Sprintf("stage(%d)", byte(s))
}

// Reason is the rejection reason of the stage.
func (s Stage) Reason() string {
	switch s {
	case StageExact:
		return ReasonExact
	case StageNear:
		return ReasonNear
	case StageStructure:
		return ReasonStructure
	}
	return ""
}

// Decision says that a row is removed by a stage in favour of the kept row
// Of. Rows without a decision are kept.
type Decision struct {
	Round int
	ID    string
	Stage Stage
	// Of is the id of the kept row the removed one duplicates (for the
	// structure stage, the smallest id of the rows kept for the key).
	Of string
	// Similarity is the estimated Jaccard similarity (near stage only).
	Similarity float64
	// Detail explains the decision in words (schemas.Rejection.Detail).
	Detail string
}

// Reason is the rejection reason (schemas.Rejection.Reason).
func (d *Decision) Reason() string { return d.Stage.Reason() }

// better reports whether d wins over e for the same row: the earlier stage
// (a row removed by a stage never reaches the next), then the higher
// similarity, then the smaller representative id (the rule the in-memory
// stage applies when a row is similar to rows in several bands).
func (d *Decision) better(e *Decision) bool {
	if d.Stage != e.Stage {
		return d.Stage < e.Stage
	}
	if d.Similarity != e.Similarity {
		return d.Similarity > e.Similarity
	}
	return d.Of < e.Of
}

// ExactDetail, NearDetail, StructureDetail and CopyDetail are the
// rejection details the stages write.
func ExactDetail(of string) string { return "same normalised problem text as row " + of }

// NearDetail: see ExactDetail.
func NearDetail(sim, threshold float64, of string) string {
	return fmt.Sprintf("estimated Jaccard similarity %.2f ≥ %.2f to row %s", sim, threshold, of)
}

// StructureDetail: see ExactDetail.
func StructureDetail(max int, of string) string {
	return fmt.Sprintf("program structure and topic set already used by %d kept rows (the cap, --max-per-structure); smallest id %s", max, of)
}

// CopyDetail is the detail of the second and later copies of one row (the
// same id given more than once); they are exact duplicates of the first.
func CopyDetail(id string) string {
	return "the same row (id " + id + ") appears more than once in the input"
}

// EncodeDecision appends the encoding of d (without its order key) to b.
func EncodeDecision(b []byte, d *Decision) []byte {
	b = append(b, byte(d.Stage))
	b = appendString(b, d.Of)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(d.Similarity))
	return appendString(b, d.Detail)
}

// DecodeDecision decodes a decision from its order key and
// EncodeDecision's bytes.
func DecodeDecision(order, b []byte) (Decision, error) {
	var d Decision
	var err error
	if d.Round, d.ID, err = ParseOrderKey(order); err != nil {
		return d, err
	}
	dec := decoder{b: b}
	d.Stage = Stage(dec.byte1())
	d.Of = dec.str()
	d.Similarity = dec.float()
	d.Detail = dec.str()
	if dec.err == nil && (d.Stage < StageExact || d.Stage > StageStructure) {
		dec.err = fmt.Errorf("unknown stage %d", d.Stage)
	}
	if dec.err != nil {
		return d, fmt.Errorf("decode dedup decision of %q: %w", d.ID, dec.err)
	}
	return d, nil
}
