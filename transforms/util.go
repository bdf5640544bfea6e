package transforms

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

func millis(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// Namespace of every arrows Beam metric.
const metricNS = "arrows"

// count increments the counter arrows/<name>.
func count(ctx context.Context, name string) {
	beam.NewCounter(metricNS, name).Inc(ctx, 1)
}

// reject marks rec as rejected at stage for reason and returns it. It is
// counted when emitted (see emitter), on the DoFn's own goroutine.
func reject(rec schemas.Record, stage, reason, detail string) schemas.Record {
	if len(detail) > 2000 {
		detail = detail[:2000] + "…"
	}
	rec.Rejection = &schemas.Rejection{Stage: stage, Reason: reason, Detail: detail}
	if v := rec.Verification; v != nil && v.Verdict == "" {
		// A re-verified row rejected before the verifier ran (its program
		// failed to execute) carries only its previous verdict so far: it
		// is now rejected, with no checks run.
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

// routed is a record on its way to a stage's main or rejected output.
type routed struct {
	rec schemas.Record
	ok  bool
}

func pass(rec schemas.Record) routed { return routed{rec: rec, ok: true} }

func fail(rec schemas.Record, stage, reason, detail string) routed {
	return routed{rec: reject(rec, stage, reason, detail)}
}

// emitter sends routed records to their output and counts them: passing
// records in arrows/funnel/<funnel>, rejected ones in
// arrows/rejected/<stage>/<reason>.
func emitter(ctx context.Context, funnel string, ok, rejected func(schemas.Record)) func(routed) {
	return func(r routed) {
		if r.ok {
			count(ctx, "funnel/"+funnel)
			ok(r.rec)
			return
		}
		rj := r.rec.Rejection
		count(ctx, "rejected/"+rj.Stage+"/"+rj.Reason)
		rejected(r.rec)
	}
}

// hashID returns a stable content-derived id (32 hex chars) of the parts.
func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// RecordID is the stable id of a row: a hash of its seed and of the triple
// it carries so far (program, problem, solution), and of its sample index
// when the generator drew several samples per seed (index 0 keeps the id of
// a single-sample run).
func RecordID(rec *schemas.Record) string {
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
	return hashID(parts...)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func topicIDs(seed schemas.Seed) []string {
	ids := make([]string, len(seed.Topics))
	for i, t := range seed.Topics {
		ids[i] = t.ID
	}
	return ids
}

func joinIDs(seed schemas.Seed) string { return strings.Join(topicIDs(seed), "+") }
