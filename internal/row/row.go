// Package row holds what every stage does to a row (schemas.Record),
// outside Beam: the row's stable content-derived id, and the outcome of a
// stage for one row — passed on, or rejected with the stage and a reason.
//
// A stage's logic (in the Beam-free packages: synth, seeds, evolve,
// verify) returns Outcomes; the Beam adapters in transforms route them to
// the stage's main or rejected output and count them.
//
// The package is pure Go (no Beam).
package row

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// Hash returns a stable content-derived id (32 hex chars) of the parts.
func Hash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// SHA256 is the hex SHA-256 of s (a program's hash).
func SHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// ID is the stable id of a row: a hash of its seed and of the triple it
// carries so far (program, problem, solution), and of its sample index when
// the generator drew several samples per seed (index 0 keeps the id of a
// single-sample run), and of its evolution lineage.
func ID(rec *schemas.Record) string {
	prog := ""
	if rec.Program != nil {
		prog = rec.Program.Hash
	}
	parts := []string{"record", rec.Seed.ID, prog, rec.Problem, rec.Solution}
	if i := rec.Provenance.SampleIndex; i > 0 {
		parts = append(parts, "sample", strconv.Itoa(i))
	}
	if ev := rec.Provenance.Evolution; ev != nil {
		// Two evolution candidates may reach the same program and text
		// (an LLM repeating itself): their lineage keeps them apart.
		parts = append(parts, "evolution", ev.Operator, ev.ParentID, strconv.Itoa(ev.Depth), strconv.Itoa(ev.Variant))
	}
	return Hash(parts...)
}

// Outcome is what a stage made of one row: Rec goes on to the next stage
// when OK, else it leaves on the stage's rejected output carrying its
// schemas.Rejection.
type Outcome struct {
	Rec schemas.Record
	OK  bool
}

// Pass is the outcome of a row that goes on.
func Pass(rec schemas.Record) Outcome { return Outcome{Rec: rec, OK: true} }

// Fail is the outcome of a row rejected at stage for reason (see Reject).
func Fail(rec schemas.Record, stage, reason, detail string) Outcome {
	return Outcome{Rec: Reject(rec, stage, reason, detail)}
}

// maxDetail caps a rejection's detail (bytes, then "…").
const maxDetail = 2000

// Reject marks rec as rejected at stage for reason and returns it. A row
// being re-verified that is rejected before the verifier ran (its program
// failed to execute) carries only its previous verdict so far: it becomes
// rejected, with no checks run.
func Reject(rec schemas.Record, stage, reason, detail string) schemas.Record {
	if len(detail) > maxDetail {
		detail = detail[:maxDetail] + "…"
	}
	rec.Rejection = &schemas.Rejection{Stage: stage, Reason: reason, Detail: detail}
	if v := rec.Verification; v != nil && v.Verdict == "" {
		vv := *v
		vv.Verdict = schemas.VerdictRejected
		if vv.Checks == nil {
			vv.Checks = []schemas.Check{}
		}
		if vv.Version == "" {
			vv.Version = verify.Version
		}
		rec.Verification = &vv
	}
	return rec
}

// TopicIDs lists the ids of a seed's topics.
func TopicIDs(seed schemas.Seed) []string {
	ids := make([]string, len(seed.Topics))
	for i, t := range seed.Topics {
		ids[i] = t.ID
	}
	return ids
}

// PreviousVerdict is the verdict a stored row carries: rejected when it
// has a rejection, else its verification's verdict, else "none".
func PreviousVerdict(rec *schemas.Record) string {
	switch {
	case rec.Rejection != nil:
		return schemas.VerdictRejected
	case rec.Verification != nil && rec.Verification.Verdict != "":
		return rec.Verification.Verdict
	}
	return "none"
}

// RootID is the root seed id of a row of the seeds pathway: its program's
// evolution root, else its seed's id.
func RootID(rec *schemas.Record) string {
	if rec.Program != nil && rec.Program.Evolution != nil && rec.Program.Evolution.RootID != "" {
		return rec.Program.Evolution.RootID
	}
	return rec.Seed.ID
}

// Clip shortens s to n bytes, marking the cut with "…".
func Clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
