// Package answer extracts the final answer from a solution or a model
// response and decides whether it equals a gold answer.
//
// The gold is either a program output serialized by the sandbox
// (schemas.Value, CompareValue) or a reference string such as GSM8K's
// "#### 72", a MATH \boxed{} answer or an exam key (CompareText). Grade
// reads a response and compares it with a Key in one call (answer-only
// grading); Extract is the reading of generated solutions, whose contract is
// to end in \boxed{}.
//
// # Extraction (ExtractWith)
//
// <think>...</think> blocks are dropped and the text is cut at an
// end-of-turn token (<|im_end|>...). The method is recorded on the row
// (schemas.FinalAnswer.Method):
//
//   - boxed: the last \boxed{}/\fbox{}; with a list gold, the boxes of the
//     final statement form one list ("$x=\boxed{2}$ and $y=\boxed{-3}$" is
//     (2, -3)). An unterminated last box is no answer.
//   - final_answer_phrase, gsm8k_hash: "The final answer is $28\%$",
//     "Answer: $9$" (a line label), "#### 72". Explicit markers compete by
//     position: "Final Answer: The final answer is $10,455$" after
//     intermediate boxes wins, unless PreferBoxed (Extract). A phrase that
//     talks about the answer ("the answer is correct") is not a marker.
//     "The largest $n$ is 34" gives 34; "The answer is 12, not 13" gives 12.
//   - choice_letter: with a letter key or known options, "(B)", "option b",
//     "The answer is B." give B.
//   - whole_text: a bare answer ("\frac34", "x = 10", "28 percent").
//   - display_math, inline_math, last_number: the final statement of free
//     text: its last sentence and clause stating a value; the value after
//     its last cue ("9 + 6 = 15 liters of the 24 liters" gives 15, "the
//     domain is $(2, \infty)$" gives (2, \infty)), else its last math span
//     stating a value ("$x$" alone does not), else its last number. A $
//     is math only by pandoc's rule, so "$400 + $60 = $460" is currency.
//
// # Equivalence rules
//
// Each rule is applied by the gold (the reading of the answer depends on
// it) and has a test case of the same name in rules_test.go.
//
//   - Thousands separators vs decimal comma: "1,000" = 1000, "1{,}000" and
//     "1,\!000" too, "1 000" too; "1,000" is never 1. "1000,99" and "1,22"
//     are decimal commas against a single-number gold (1000.99, 1.22), a
//     pair against a list gold; "0,111" is 0.111; "1.000,5" is 1000.5.
//   - Percent: "28\%" = "28 percent" = "28 pct" = "28 per cent". A gold
//     stated in percent ("28\%"), or a key whose question asks for a
//     percent ("What percent of ..."), is in percent units: "28" equals
//     it, "0.28" only with PercentFraction. Otherwise "3\%" is 0.03 and is
//     not 3. A 100x mismatch is never equal.
//   - Units and \text{}: trailing units go ("5\text{ cm}^2", "12 square
//     feet", "35 hours per week", "20 minutes/day", "5 m^2", "\$5", "€45");
//     \text{13} is 13; a number followed by words ("762 M&M's") is the
//     number.
//   - Degrees: "30^\circ" = "30°" = "30 degrees" = 30 (no conversion to
//     radians: 30° is not \pi/6).
//   - "=" chains: against a gold that is not an equation the last
//     right-hand side is compared ("x = 5+5+1 = 11" is 11, "f(x) = x^2"
//     is x^2); equations compare as equations ("2x+4y-3=0" =
//     "y=-x/2+3/4").
//   - \approx: "A \approx B" compares B against a decimal gold and A
//     otherwise ("\frac{70}{9} \approx 7.78" equals both 7.78 and 70/9;
//     "x \approx 3.14" is 3.14).
//   - Inequalities, intervals, set-builder: "x \geq 5" = "x >= 5" =
//     "[5, \infty)" = "\{x \mid x \ge 5\}" = "5 \le x"; "-2 \le x < 7" =
//     "[-2, 7)"; "x < -1 or x > 2" is a union; "x \in [-2, 7]" is [-2, 7].
//     Bracket kinds matter; ends at infinity are open; a bare list "3, 4"
//     is not the interval (3, 4].
//   - Solution sets vs tuples: a bare list, "or"/"and" and \pm are
//     unordered ("x = 2 or x = 3" = "3, 2", "\pm 3" = "3, -3"); a bracketed
//     tuple is ordered ("(2, 3)" is not "(3, 2)"); "{1,3}" is 1, 3 (plain
//     braces only group); "1, 2, 3, ..." is open-ended.
//   - Matrices and vectors element-wise: pmatrix = bmatrix = array =
//     "[[1, 2], [3, 4]]" = "Matrix([[1, 2], [3, 4]])"; a column vector =
//     "(1, 2, 3)" = "\langle 1, 2, 3 \rangle"; "-\begin{pmatrix}...\end{pmatrix}"
//     scales its cells; shapes must match.
//   - Mixed numbers: "2\frac{1}{2}" = "2 1/2" = 5/2 when it is the whole value.
//   - Scientific notation and scale words: "1.5e3" = "1.5 \times 10^{3}" =
//     1500; "2.5 million" = 2500000.
//   - Numerals in a base: "204_5" equals "204_{5}", not "205_5".
//   - Floats vs exact values (below): strict relative tolerance by default,
//     Decimals and RoundStated on request.
//
// # Numbers
//
// Exact values compare exactly, never with an absolute tolerance: 1/2004! and
// 1/2006!, or 0.0000001 and 0.0000002, are different. When a side is a decimal
// (a possibly rounded value) the values must agree within the relative
// tolerance RelTol (default 1e-6) and within one unit of the decimal's last
// stated place, so 33.3 is not 100/3 and 1000000.5 is not 1000000; two
// stated decimals must agree at the coarser one's places (16386.17 is not
// 16386.16). RoundingPolicy RoundStated additionally accepts a decimal of at
// least MinSignificant significant digits that is the gold correctly rounded
// to its stated places (0.08333 for 1/12, 33.3 for 100/3, not 0.6666 for
// 2/3). Decimals > 0 compares at that many decimal places (1/3 and 0.333
// at 3; not at 4).
//
// # Layers
//
// Checking runs in layers, and every Outcome names the layer that decided:
//
//  1. Go fast path ("go:*"), deterministic and free of Python: the answer is
//     normalised (the union of the Hendrycks MATH `_strip_string` and Minerva
//     rules, see Normalize), read by the gold (the rules above), split into
//     a structure (tuple, set, interval, matrix, ± pair) and compared exactly
//     with math/big: integers, fractions, decimals, mixed numbers, scientific
//     notation, factorials, integer powers, Gaussian rationals (14 - i) and
//     percentages.
//  2. Sandbox path ("sympy:*"): whatever Go cannot decide is sent to the
//     sandbox's fork servers as a tiny program calling arrows_check.check
//     (python/arrows_check.py, preloaded through Modules). It parses the
//     answer with SymPy's LaTeX grammar, regenerated for Debian's ANTLR
//     runtime and vendored in python/, and compares with `==`, equation
//     proportionality, a time-boxed simplify(a-b)==0 and numeric tests with a
//     relative tolerance. Model text is never passed to sympify/parse_expr, and
//     nothing symbolic runs outside the sandbox, whose kill timeout bounds it.
//  3. The verdict is equal, not_equal or undecided, with a reason. An
//     undecidable pair stays undecided; it is never accepted.
//
// # Asymmetry
//
// Checking is gold-driven, as in Math-Verify: the gold decides how the answer
// is read. "(1, 2)" is an open interval when the gold is an interval and a
// pair when it is a tuple; "x = 5" loses its "x =" unless the gold is an
// equation; "3%" is 0.03 unless the gold itself is stated as a percent; a bare
// list "1, 2" is order-insensitive against a list of solutions but "(1, 2)" is
// ordered; "1,5" is 1.5 against a number and a pair against a list. So
// Compare(a, b) and Compare(b, a) may differ, on purpose: the gold is trusted
// (program output or reference answer), the answer is not.
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
