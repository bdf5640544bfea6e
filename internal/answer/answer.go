// Package answer extracts the final answer from a solution and decides
// whether it equals a gold answer.
//
// The gold is either a program output serialized by the sandbox
// (schemas.Value, CompareValue) or a reference string from a public corpus
// such as GSM8K's "#### 72" or a MATH \boxed{} answer (CompareText).
//
// Checking runs in layers, and every Outcome names the layer that decided:
//
//  1. Go fast path ("go:*"), deterministic and free of Python: the answer is
//     normalised (the union of the Hendrycks MATH `_strip_string` and Minerva
//     rules: \left/\right, \dfrac, \text{} wrappers, units, degrees, \$,
//     thousands separators, spacing, a trailing period, an `x =` prefix),
//     split into a structure chosen by the gold (tuple, set, interval, matrix,
//     ± pair) and compared exactly with math/big: integers, fractions,
//     decimals, mixed numbers, scientific notation, factorials, integer powers,
//     Gaussian rationals (14 - i) and percentages.
//  2. Sandbox path ("sympy:*"): whatever Go cannot decide is sent to the
//     sandbox's fork servers as a tiny program calling arrows_check.check
//     (python/arrows_check.py, preloaded through Modules). It parses the
//     answer with SymPy's LaTeX grammar, regenerated for Debian's ANTLR
//     runtime and vendored in python/, and compares with `==`, equation
//     proportionality, a time-boxed simplify(a-b)==0 and numeric tests with a
//     relative tolerance. Model text is never passed to sympify/parse_expr, and
//     nothing symbolic runs outside the sandbox, whose kill timeout bounds it.
//  3. The verdict is equal, not_equal or undecided, with a reason.
//
// # Asymmetry
//
// Checking is gold-driven, as in Math-Verify: the gold decides how the answer
// is read. "(1, 2)" is an open interval when the gold is an interval and a
// pair when it is a tuple; "x = 5" loses its "x =" unless the gold is an
// equation; "3%" is 0.03 unless the gold itself is stated as a percent; a bare
// list "1, 2" is order-insensitive against a list of solutions but "(1, 2)" is
// ordered; an inequality answer is turned into a set only when the gold is a
// set. So Compare(a, b) and Compare(b, a) may differ, on purpose: the gold
// is trusted (program output or reference answer), the answer is not.
//
// # Numbers
//
// Exact values compare exactly, never with an absolute tolerance: 1/2004! and
// 1/2006!, or 0.0000001 and 0.0000002, are different. When a side is a decimal
// (a possibly rounded value) the values must agree within the relative
// tolerance RelTol and within one unit of the decimal's last stated place, so
// 33.3 is not 100/3 at the default RelTol of 1e-6 and 1000000.5 is not
// 1000000. RoundingPolicy RoundStated additionally accepts a decimal of at
// least MinSignificant significant digits that is the gold correctly rounded
// to its stated places (0.08333 for 1/12, 33.3 for 100/3).
package answer

import (
	"time"

	"github.com/arrows-math/arrows/schemas"
)

// Version identifies the checker's behaviour; record it with verdicts.
const Version = "answer-v1"

// Verdict is the result of a comparison.
type Verdict string

// Verdicts.
const (
	// Equal: the answer equals the gold.
	Equal Verdict = "equal"
	// NotEqual: the answer provably differs from the gold (under the
	// documented policies: tolerance, percent, structure).
	NotEqual Verdict = "not_equal"
	// Undecided: no layer could decide (unparseable answer, timeout,
	// inconclusive numeric test, sandbox unavailable).
	Undecided Verdict = "undecided"
)

// CheckResult maps a verdict to the result of a schemas.Check.
func (v Verdict) CheckResult() string {
	switch v {
	case Equal:
		return schemas.ResultPass
	case NotEqual:
		return schemas.ResultFail
	default:
		return schemas.ResultUndecided
	}
}

// Outcome is a verdict with its reason and the layer that decided, e.g.
// "go:string", "go:rational", "go:tuple", "sympy:simplify", "sympy:numeric".
type Outcome struct {
	Verdict Verdict `json:"verdict"`
	Reason  string  `json:"reason"`
	Layer   string  `json:"layer"`
}

// Check converts the outcome into a named schemas.Check.
func (o Outcome) Check(name string) schemas.Check {
	return schemas.Check{Name: name, Result: o.Verdict.CheckResult(), Reason: o.Reason, Layer: o.Layer}
}

// PercentPolicy says how a percentage in the answer relates to the gold. No
// policy accepts both p and p/100 for the same gold: a 100× mismatch is never
// equal.
type PercentPolicy int

const (
	// PercentAsFraction (default): "p%" is the number p/100. It equals a
	// gold of p/100; it equals a gold of p only when the gold is itself
	// stated as a percent (a reference answer "p\%"), in which case a bare
	// "p" equals it too and p/100 does not.
	PercentAsFraction PercentPolicy = iota
	// PercentGoldInPercent: the caller knows the gold number is in percent
	// units (e.g. the program documents its answer as a percentage), so "p%"
	// and "p" equal a gold of p, and p/100 does not.
	PercentGoldInPercent
)

// RoundingPolicy says when a rounded decimal equals an exact value.
type RoundingPolicy int

const (
	// RoundRelative (default): equal when within RelTol relatively and
	// within one unit of the decimal's last stated place.
	RoundRelative RoundingPolicy = iota
	// RoundStated: additionally equal when the decimal states at least
	// MinSignificant significant digits and the gold rounded to the
	// decimal's stated places gives it (|a-g| <= half a unit in the last place).
	RoundStated
)

// Default settings.
const (
	DefaultRelTol         = 1e-6
	DefaultTimeout        = 5 * time.Second
	DefaultMinSignificant = 3
)

// Checker compares answers with golds. The zero value is usable without a
// sandbox (symbolic cases are then undecided); set Runner to a
// *sandbox.Pool started with Modules() for the symbolic layer. A Checker is
// safe for concurrent use if its Runner is.
type Checker struct {
	// Runner runs the symbolic checks; nil disables the sandbox path.
	Runner Runner
	// RelTol is the relative tolerance for rounded decimals; default 1e-6.
	// There is never an absolute tolerance.
	RelTol float64
	// Percent is the percentage policy.
	Percent PercentPolicy
	// PercentFraction also accepts the fraction p/100 for a gold stated in
	// percent (0.28 for a key "28\%"); off by default, as the fraction is
	// then 100× the stated number.
	PercentFraction bool
	// Decimals, when > 0, is a stated rounding precision in decimal places:
	// a decimal equals a value that agrees with it once both are rounded to
	// Decimals places (1/3 and 0.333 at 3), provided the rounded value is
	// not 0 (0.0000001 and 0.0000002 stay different at 6). Two exact values
	// are never rounded (1/2004! is not 1/2006!).
	Decimals int
	// Rounding is the rounded-decimal policy.
	Rounding RoundingPolicy
	// MinSignificant is the fewest significant digits a decimal needs for
	// RoundStated; default 3.
	MinSignificant int
	// Timeout is the sandbox wall and CPU limit of one symbolic check;
	// default 5 s. A fifth of it (at least 0.5 s) is the simplify budget,
	// after which the numeric test still runs.
	Timeout time.Duration
}

func (c *Checker) relTol() float64 {
	if c == nil || c.RelTol <= 0 {
		return DefaultRelTol
	}
	return c.RelTol
}

func (c *Checker) timeout() time.Duration {
	if c == nil || c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func (c *Checker) minSignificant() int {
	if c == nil || c.MinSignificant <= 0 {
		return DefaultMinSignificant
	}
	return c.MinSignificant
}

func equal(layer, format string, args ...any) Outcome {
	return Outcome{Verdict: Equal, Layer: layer, Reason: sprintf(format, args...)}
}

func notEqual(layer, format string, args ...any) Outcome {
	return Outcome{Verdict: NotEqual, Layer: layer, Reason: sprintf(format, args...)}
}

func undecided(layer, format string, args ...any) Outcome {
	return Outcome{Verdict: Undecided, Layer: layer, Reason: sprintf(format, args...)}
}
