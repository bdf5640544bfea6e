// Package evolve holds the evolution operators of the seeds pathway: a
// program that solves a seed problem (or an existing arrows triple) is
// turned into new programs, each of which then goes through execution,
// translation and bilateral verification like any generated program.
//
// Operators:
//   - perturb_givens (no LLM): change some numeric givens of the program
//     within their valid range (see Perturb and Givens) and write them
//     consistently into the program and its problem text (and, for offline
//     programs, into the offline templates); after re-execution the child
//     must answer differently with an answer of the same kind, and every
//     intermediate value must keep its kind, sign and size (CheckPerturbed).
//   - add_step (LLM): extend the program with a step that uses a tool of a
//     related topic of the knowledge system (RelatedTopics, AddStepPrompt).
//   - ask_other (LLM): ask a different quantity of the same situation
//     (AskOtherPrompt).
//
// Every evolved program records its operator, its parent (the parent
// program's hash), its root seed and its depth in schemas.Evolution.
//
// The package is pure Go (no Beam).
package evolve

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Operator names, as recorded in schemas.Evolution.Operator.
const (
	OpPerturbGivens = "perturb_givens"
	OpAddStep       = "add_step"
	OpAskOther      = "ask_other"
)

// Operators lists every operator.
var Operators = []string{OpPerturbGivens, OpAddStep, OpAskOther}

// NeedsLLM reports whether an operator needs the LLM backend.
func NeedsLLM(op string) bool { return op == OpAddStep || op == OpAskOther }

// ParseOperators parses a comma-separated operator list ("all" for every
// operator, "" for the default of the backend: every operator with an LLM,
// perturb_givens without). Duplicates are dropped; order is kept.
func ParseOperators(spec string, llm bool) ([]string, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" || spec == "all" {
		if !llm && spec == "" {
			return []string{OpPerturbGivens}, nil
		}
		spec = strings.Join(Operators, ",")
	}
	seen := map[string]bool{}
	var out []string
	for _, part := range strings.Split(spec, ",") {
		op := strings.TrimSpace(part)
		if op == "" || seen[op] {
			continue
		}
		known := false
		for _, k := range Operators {
			known = known || k == op
		}
		if !known {
			return nil, fmt.Errorf("unknown evolution operator %q (want %s)", op, strings.Join(Operators, ", "))
		}
		if NeedsLLM(op) && !llm {
			return nil, fmt.Errorf("evolution operator %s needs the llm backend", op)
		}
		seen[op] = true
		out = append(out, op)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no evolution operator in %q", spec)
	}
	return out, nil
}

// RNG returns the random source of one evolution: a pure function of the
// run seed and the parts (parent program hash, operator, variant, attempt),
// so a run is reproducible on any runner.
func RNG(runSeed int64, parts ...string) *rand.Rand {
	h := sha256.New()
	fmt.Fprintf(h, "arrows-evolve\x00%d", runSeed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	sum := h.Sum(nil)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
}
