package evolve

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// Rejection reasons of evolved programs (stage "generate": evolution is how
// the seeds pathway generates programs).
const (
	// ReasonAnswerUnchanged: the evolved program returns the parent's answer.
	ReasonAnswerUnchanged = "evolve_answer_unchanged"
	// ReasonAnswerTypeChanged: perturbed givens changed the kind of the
	// answer (an integer count became a fraction, ...).
	ReasonAnswerTypeChanged = "evolve_answer_type_changed"
	// ReasonStructureChanged: perturbed givens changed the kind, sign or
	// size of an intermediate value: the new givens are outside the range
	// where the problem keeps its meaning (a count went negative, a
	// quadratic lost its real roots, a division stopped being exact).
	ReasonStructureChanged = "evolve_structure_changed"
	// ReasonNoGivens: nothing to perturb (see ErrNoGivens).
	ReasonNoGivens = "evolve_no_givens"
	// ReasonToolUnused: add_step's program does not call the new tool.
	ReasonToolUnused = "evolve_tool_unused"
	// ReasonNoResult: the parent or the child has no result to compare.
	ReasonNoResult = "evolve_no_result"
)

// Signature is a value's structure: its kind, the sign of numbers, and the
// sizes and signatures of containers, recursively. Two values with the same
// signature answer "the same kind of question".
func Signature(v schemas.Value) string {
	var b strings.Builder
	signature(&b, v, 0)
	return b.String()
}

func signature(b *strings.Builder, v schemas.Value, depth int) {
	b.WriteString(v.Kind)
	switch v.Kind {
	case schemas.KindInteger, schemas.KindRational, schemas.KindReal:
		b.WriteString(sign(v))
	case schemas.KindTuple, schemas.KindSet, schemas.KindMatrix:
		b.WriteString("[" + strconv.Itoa(len(v.Elements)))
		if len(v.Shape) == 2 {
			fmt.Fprintf(b, ":%dx%d", v.Shape[0], v.Shape[1])
		}
		if depth < 3 {
			for _, e := range v.Elements {
				b.WriteByte(' ')
				signature(b, e, depth+1)
			}
		}
		b.WriteString("]")
	case schemas.KindInterval:
		b.WriteString("(")
		if v.Left != nil {
			signature(b, *v.Left, depth+1)
		}
		b.WriteString(",")
		if v.Right != nil {
			signature(b, *v.Right, depth+1)
		}
		b.WriteString(")")
	}
}

// sign is "+", "-" or "0" for numbers whose sign is known, "" otherwise.
func sign(v schemas.Value) string {
	if v.Exact != "" {
		if r, ok := new(big.Rat).SetString(v.Exact); ok {
			return [...]string{"-", "0", "+"}[r.Sign()+1]
		}
	}
	if v.Numeric != nil {
		switch {
		case *v.Numeric > 0:
			return "+"
		case *v.Numeric < 0:
			return "-"
		}
		return "0"
	}
	return ""
}

// SameValue reports whether two values are certainly equal: the same exact
// value, or the same LaTeX. (Different LaTeX of symbolically equal values
// counts as different: this only decides whether an evolution changed the
// answer.)
func SameValue(a, b schemas.Value) bool {
	if a.Exact != "" && b.Exact != "" {
		ra, oka := new(big.Rat).SetString(a.Exact)
		rb, okb := new(big.Rat).SetString(b.Exact)
		if oka && okb {
			return ra.Cmp(rb) == 0
		}
	}
	if a.Kind == schemas.KindReal && b.Kind == schemas.KindReal && a.Numeric != nil && b.Numeric != nil && a.Srepr == "" && b.Srepr == "" {
		return *a.Numeric == *b.Numeric
	}
	return strings.TrimSpace(a.Latex) == strings.TrimSpace(b.Latex) && a.Kind == b.Kind
}

// CheckPerturbed decides whether a perturbed program is a valid new problem
// next to its parent: it must return a different answer of the same kind,
// and every local both programs have must keep its signature (kind, sign,
// size). It returns "" when the child is valid, else a Reason* and a detail.
func CheckPerturbed(parent, child *schemas.Execution) (reason, detail string) {
	if parent == nil || child == nil || parent.Result == nil || child.Result == nil {
		return ReasonNoResult, "no result to compare"
	}
	if parent.Result.Kind != child.Result.Kind {
		return ReasonAnswerTypeChanged, fmt.Sprintf("answer kind %s became %s (%s)", parent.Result.Kind, child.Result.Kind, clip(child.Result.Latex))
	}
	if SameValue(*parent.Result, *child.Result) {
		return ReasonAnswerUnchanged, "answer " + clip(child.Result.Latex)
	}
	if ps, cs := Signature(*parent.Result), Signature(*child.Result); ps != cs {
		return ReasonStructureChanged, fmt.Sprintf("answer %s became %s", ps, cs)
	}
	var names []string
	for n := range parent.Locals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		pv := parent.Locals[n]
		cv, ok := child.Locals[n]
		if !ok {
			return ReasonStructureChanged, fmt.Sprintf("local %s is gone", n)
		}
		if ps, cs := Signature(pv), Signature(cv); ps != cs {
			return ReasonStructureChanged, fmt.Sprintf("local %s: %s (%s) became %s (%s)", n, ps, clip(pv.Latex), cs, clip(cv.Latex))
		}
	}
	return "", ""
}

// CheckVariant decides whether a program written by an LLM operator is a
// valid new problem next to its parent: it must return a different answer,
// and (add_step) call at least one of the tools it was asked to use (none
// required when tools is empty).
func CheckVariant(parent, child *schemas.Execution, tools ...string) (reason, detail string) {
	if parent == nil || child == nil || parent.Result == nil || child.Result == nil {
		return ReasonNoResult, "no result to compare"
	}
	if SameValue(*parent.Result, *child.Result) {
		return ReasonAnswerUnchanged, "answer " + clip(child.Result.Latex)
	}
	if len(tools) == 0 {
		return "", ""
	}
	for _, t := range tools {
		if Calls(child, t) {
			return "", ""
		}
	}
	return ReasonToolUnused, fmt.Sprintf("the program calls none of %s (calls: %s)", strings.Join(tools, ", "), strings.Join(child.Calls, ", "))
}

// Calls reports whether an execution's program calls tool (a qualified
// name such as "math.gcd", or a method "sympy.Matrix.det" matched by its
// last component on any receiver).
func Calls(ex *schemas.Execution, tool string) bool {
	for _, c := range ex.Calls {
		if c == tool {
			return true
		}
	}
	// Methods: the analyzer resolves receivers it can type; accept the
	// method name on any receiver when the tool is a method of a class.
	if parts := strings.Split(tool, "."); len(parts) >= 3 {
		suffix := "." + parts[len(parts)-1]
		for _, c := range ex.Calls {
			if strings.HasSuffix(c, suffix) {
				return true
			}
		}
	}
	return false
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
