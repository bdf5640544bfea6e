package answer

import (
	"strings"
	"testing"

	"github.com/arrows-math/arrows/schemas"
)

// textCase is one comparison of an answer with a text reference. layer is
// the expected deciding layer (exact match).
type textCase struct {
	name, answer, reference string
	want                    Verdict
	layer                   string
}

// The Go fast path decides these without any sandbox: the Checker has no Runner.
var fastTextCases = []textCase{
	// Strings and normalization.
	{"identical integers", "72", "72", Equal, "go:string"},
	{"gsm8k thousands separator", "1,000", "1000", Equal, "go:string"},
	{"text wrapper around a number equals the number", `\text{13}`, "13", Equal, "go:string"},
	{"x= prefix is dropped", "x=5", "5", Equal, "go:string"},
	{"k = prefix with spaces is dropped", "k = 12", "12", Equal, "go:string"},
	{"greek variable prefix is dropped", `\theta = 30^\circ`, "30", Equal, "go:string"},
	{"chained equals keep the last value", "x = 2 + 3 = 5", "5", Equal, "go:string"},
	{"approximately prefix keeps the value", `x \approx 3.14`, "3.14", Equal, "go:string"},
	{"two-letter names keep their case", "AB", "ab", Undecided, "go:no-sandbox"},
	{"dollar amount equals the number", `\$18.90`, "18.90", Equal, "go:string"},
	{"dfrac equals frac", `\dfrac{\pi}{2}`, `\frac{\pi}{2}`, Equal, "go:string"},
	{"single-character exponent braces are optional", "x^2 + 2x", "x^{2} + 2 x", Equal, "go:string"},
	{"multi-character exponents keep their braces", "x^23", "x^{23}", Undecided, "go:no-sandbox"},
	{"left right wrappers are ignored", `\left(\frac{1}{2}\right)`, `(\frac{1}{2})`, Equal, "go:string"},
	{"multiple choice letter in parentheses", "(B)", "B", Equal, "go:string"},
	{"text answers compare case-insensitively", `\text{Monday}`, "monday", Equal, "go:string"},
	{"units centimetres equal the bare number", "5 cm", "5", Equal, "go:string"},
	{"units squared equal the bare number", `5 \text{ cm}^2`, "5", Equal, "go:string"},
	{"degrees circ equal the bare number", `30^\circ`, "30", Equal, "go:string"},
	{"degrees word equal the bare number", "30 degrees", "30", Equal, "go:string"},
	{"infinity spelled two ways", `\infty`, "oo", Equal, "go:string"},
	{"different words are not equal by string but undecided", `\text{Tuesday}`, "Monday", Undecided, "go:no-sandbox"},

	// Exact numbers.
	{"fraction equals decimal exactly", `\frac{1}{2}`, "0.5", Equal, "go:decimal"},
	{"slash fraction equals latex fraction", "3/4", `\frac{3}{4}`, Equal, "go:rational"},
	{"unreduced fraction equals reduced", `\frac{6}{8}`, `\frac34`, Equal, "go:rational"},
	{"negative fraction placements", `-\frac{1}{2}`, `\frac{-1}{2}`, Equal, "go:rational"},
	{"mixed number equals improper fraction", `2\frac{1}{2}`, `\frac{5}{2}`, Equal, "go:rational"},
	{"plain mixed number", "7 3/4", "31/4", Equal, "go:rational"},
	{"integer with trailing zeros decimal", "12.00", "12", Equal, "go:decimal"},
	{"scientific notation e", "1.5e3", "1500", Equal, "go:decimal"},
	{"scientific notation latex", `1.5 \times 10^{3}`, "1500", Equal, "go:decimal"},
	{"negative exponent", `10^{-3}`, "0.001", Equal, "go:decimal"},
	{"repeating decimal", `0.\overline{3}`, `\frac{1}{3}`, Equal, "go:rational"},
	{"repeating decimal with prefix", `0.1\overline{6}`, `\frac{1}{6}`, Equal, "go:rational"},
	{"factorial arithmetic", "5!", "120", Equal, "go:integer"},
	{"binomial coefficient", `\binom{5}{2}`, "10", Equal, "go:integer"},
	{"perfect square root", `\sqrt{16}`, "4", Equal, "go:integer"},
	{"product with cdot", `3 \cdot 4`, "12", Equal, "go:integer"},
	{"power of two", "2^{10}", "1024", Equal, "go:integer"},
	{"different integers", "71", "72", NotEqual, "go:integer"},
	{"sign matters", "-5", "5", NotEqual, "go:integer"},
	{"factorials of different size differ exactly", `\frac{1}{2004!}`, `\frac{1}{2006!}`, NotEqual, "go:rational"},
	{"powers of two differ exactly", `\frac{1}{2^{99}}`, `\frac{1}{2^{98}}`, NotEqual, "go:rational"},
	{"plain powers of two differ exactly", "1/2^99", "1/2^98", NotEqual, "go:rational"},
	{"tiny decimals are compared relatively not absolutely", "0.0000001", "0.0000002", NotEqual, "go:decimal"},
	{"tiny equal decimals", "0.0000001", "1e-7", Equal, "go:decimal"},
	{"a third rounded to one decimal is not a third at rel 1e-6", "33.3", `\frac{100}{3}`, NotEqual, "go:decimal"},
	{"a twelfth to five places is not a twelfth at rel 1e-6", "0.08333", `\frac{1}{12}`, NotEqual, "go:decimal"},
	{"a twelfth to eight places is within rel 1e-6", "0.08333333", `\frac{1}{12}`, Equal, "go:decimal"},
	{"decimal within rel tol but beyond its last digit", "1000000.5", "1000000", NotEqual, "go:decimal"},
	{"large integer near miss is exact", "1000001", "1000000", NotEqual, "go:integer"},
	{"complex numbers in mixed forms", "14.0 + -1.0i", "14 - i", Equal, "go:complex"},
	{"complex conjugate differs", "14 + i", "14 - i", NotEqual, "go:complex"},
	{"complex with fraction parts", `\frac{1}{2}+\frac{3}{2}i`, `0.5+1.5i`, Equal, "go:complex"},

	// Percentages.
	{"percent equals its fraction", `3\%`, "0.03", Equal, "go:percent"},
	{"percent is not the bare number when the reference is not a percent", `3\%`, "3", NotEqual, "go:percent"},
	{"percent reference accepts the bare number", "25", `25\%`, Equal, "go:percent"},
	{"percent reference accepts the percent", `25\%`, "25 percent", Equal, "go:string"},
	{"percent reference rejects the fraction (100x)", "0.25", `25\%`, NotEqual, "go:percent"},
	{"percent off by a hundred is never equal", `0.03\%`, "3", NotEqual, "go:percent"},
	{"percent with decimal", `12.5\%`, `\frac{1}{8}`, Equal, "go:percent"},

	// Plus-minus, lists and sets.
	{"plus minus is not the positive value", `\pm 2021`, "2021", NotEqual, "go:structure"},
	{"plus minus equals both values", `\pm 2021`, "2021, -2021", Equal, "go:set"},
	{"plus minus equals the set in any order", `x = \pm 3`, `\{-3, 3\}`, Equal, "go:set"},
	{"lists with variable prefixes differ", "n=2,3,4", "n=1,2,3", NotEqual, "go:set"},
	{"bare lists are order-insensitive", "3, 1, 2", "1, 2, 3", Equal, "go:set"},
	{"sets are order-insensitive", `\{3, 1\}`, `\{1, 3\}`, Equal, "go:set"},
	{"set sizes differ", `\{1, 2\}`, `\{1, 2, 3\}`, NotEqual, "go:set"},
	{"empty set spellings", `\emptyset`, `\{\}`, Equal, "go:set"},
	{"a single value against a list", "2", "2, 3", NotEqual, "go:structure"},
	{"text and joins a list", `1 \text{ and } 2`, "2, 1", Equal, "go:set"},
	{"plain or joins alternatives", "x = 2 or x = 3", "3, 2", Equal, "go:set"},

	// Tuples, intervals, matrices.
	{"points are ordered", "(1, 2)", "(2, 1)", NotEqual, "go:tuple"},
	{"points equal elementwise", `\left( 1, \frac{1}{2} \right)`, "(1, 0.5)", Equal, "go:tuple"},
	{"tuple with pi equal by text", `\left( 3, \frac{\pi}{2} \right)`, `(3, \frac{\pi}{2})`, Equal, "go:string"},
	{"tuple with pi via dfrac", `\left( 3, \dfrac{\pi}{2} \right)`, `\left(3,\frac{\pi}{2}\right)`, Equal, "go:string"},
	{"tuple arity differs", "(1, 2, 3)", "(1, 2)", NotEqual, "go:tuple"},
	{"closed interval equals closed interval", "[0, 1]", `\left[ 0, 1 \right]`, Equal, "go:string"},
	{"interval ends must match", "[0, 1)", "[0, 1]", NotEqual, "go:interval"},
	{"open interval is not closed", "(0, 1)", "[0, 1]", NotEqual, "go:interval"},
	{"interval with infinity", `(-\infty, 3]`, `\left(-\infty, 3\right]`, Equal, "go:string"},
	{"interval to infinity with decimal end", `[0.5, \infty)`, `[\frac{1}{2}, \infty)`, Equal, "go:tuple"},
	{"union of intervals", `(-\infty, 1) \cup (2, \infty)`, `(-\infty,1)\cup(2,\infty)`, Equal, "go:string"},
	{"pmatrix equals bmatrix cell by cell", `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`, Equal, "go:matrix"},
	{"matrix cells compare exactly", `\begin{pmatrix} 1 & 2 \\ 3 & 5 \end{pmatrix}`, `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, NotEqual, "go:matrix"},
	{"matrix shapes differ", `\begin{pmatrix} 1 & 2 \end{pmatrix}`, `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`, NotEqual, "go:matrix"},
	{"matrix cells as fractions", `\begin{pmatrix} \frac{1}{2} \\ 0.25 \end{pmatrix}`, `\begin{pmatrix} 0.5 \\ \frac14 \end{pmatrix}`, Equal, "go:matrix"},

	// Empty answers.
	{"empty answer is not equal", "", "5", NotEqual, "go:empty"},
	{"answer that normalizes to nothing", "$ $", "5", NotEqual, "go:empty"},
}

func TestCompareTextFastPath(t *testing.T) {
	var c Checker // no Runner: only the Go layer
	for _, tc := range fastTextCases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CompareText(t.Context(), tc.answer, tc.reference)
			if got.Verdict != tc.want || got.Layer != tc.layer {
				t.Fatalf("CompareText(%q, %q) = %+v, want %s by %s", tc.answer, tc.reference, got, tc.want, tc.layer)
			}
			if got.Reason == "" {
				t.Fatalf("no reason in %+v", got)
			}
		})
	}
}

func TestRoundingPolicyStated(t *testing.T) {
	c := Checker{Rounding: RoundStated}
	cases := []textCase{
		{"a twelfth to five places is 1/12 rounded", "0.08333", `\frac{1}{12}`, Equal, "go:decimal"},
		{"a third to three significant digits is 100/3 rounded", "33.3", `\frac{100}{3}`, Equal, "go:decimal"},
		{"truncation that is not a rounding still fails", "0.6666", `\frac{2}{3}`, NotEqual, "go:decimal"},
		{"too few significant digits", "0.08", `\frac{1}{12}`, NotEqual, "go:decimal"},
		{"wrong digit", "0.08334", `\frac{1}{12}`, NotEqual, "go:decimal"},
		{"two decimals, coarser precision wins", "0.0833", "0.08333", Equal, "go:decimal"},
		{"tiny values keep relative meaning", "0.0000001", "0.0000002", NotEqual, "go:decimal"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CompareText(t.Context(), tc.answer, tc.reference)
			if got.Verdict != tc.want || got.Layer != tc.layer {
				t.Fatalf("CompareText(%q, %q) = %+v, want %s by %s", tc.answer, tc.reference, got, tc.want, tc.layer)
			}
		})
	}
}

func TestRelTolIsConfigurable(t *testing.T) {
	loose := Checker{RelTol: 1e-2}
	if got := loose.CompareText(t.Context(), "33.3", `\frac{100}{3}`); got.Verdict != Equal {
		t.Fatalf("rel 1e-2: got %+v", got)
	}
	// Still never absolute: tiny numbers far apart relatively stay unequal.
	if got := loose.CompareText(t.Context(), "0.0000001", "0.0000002"); got.Verdict != NotEqual {
		t.Fatalf("rel 1e-2 tiny: got %+v", got)
	}
}

func TestBigIntegers(t *testing.T) {
	var c Checker
	huge := "1" + strings.Repeat("0", 1200) + "7"
	huger := "1" + strings.Repeat("0", 1200) + "8"
	if got := c.CompareText(t.Context(), huge, huge); got.Verdict != Equal {
		t.Fatalf("same 1202-digit integer: %+v", got)
	}
	if got := c.CompareText(t.Context(), huge, huger); got.Verdict != NotEqual || got.Layer != "go:integer" {
		t.Fatalf("1202-digit integers differing in the last digit: %+v", got)
	}
	if got := c.CompareText(t.Context(), "10^{1201}+7", huge); got.Verdict != Equal || got.Layer != "go:integer" {
		t.Fatalf("power form of a 1202-digit integer: %+v", got)
	}
	if n := len(c.CompareText(t.Context(), huge, huger).Reason); n > 300 {
		t.Fatalf("reason not elided: %d bytes", n)
	}
	gold := schemas.Value{Kind: schemas.KindInteger, Type: "Integer", Repr: huge[:50], Latex: huge[:50], Exact: huge, Digits: len(huge), Truncated: true}
	if got := c.CompareValue(t.Context(), huge, gold); got.Verdict != Equal || got.Layer != "go:integer" {
		t.Fatalf("huge integer against a truncated Value: %+v", got)
	}
	if got := c.CompareValue(t.Context(), huger, gold); got.Verdict != NotEqual {
		t.Fatalf("huge integer near miss against a Value: %+v", got)
	}
}

// Values shaped like the sandbox's serializer output.
func intV(s string) schemas.Value {
	return schemas.Value{Kind: schemas.KindInteger, Type: "Integer", Repr: s, Latex: s, Exact: s}
}

func ratV(p, latex string, f float64) schemas.Value {
	return schemas.Value{Kind: schemas.KindRational, Type: "Rational", Repr: p, Latex: latex, Exact: p, Numeric: ptr(f)}
}

func floatV(repr string, f float64) schemas.Value {
	return schemas.Value{Kind: schemas.KindReal, Type: "float", Repr: repr, Latex: repr, Numeric: ptr(f)}
}

func realV(repr, latex, srepr string, f float64) schemas.Value {
	return schemas.Value{Kind: schemas.KindReal, Type: "Mul", Repr: repr, Latex: latex, Srepr: srepr, Numeric: ptr(f)}
}

func tupleV(typ string, el ...schemas.Value) schemas.Value {
	return schemas.Value{Kind: schemas.KindTuple, Type: typ, Elements: el}
}

func setV(el ...schemas.Value) schemas.Value {
	return schemas.Value{Kind: schemas.KindSet, Type: "set", Elements: el}
}

type valueCase struct {
	name   string
	answer string
	gold   schemas.Value
	want   Verdict
	layer  string
}

var (
	halfPi = realV("pi/2", `\frac{\pi}{2}`, "Mul(Rational(1, 2), pi)", 1.5707963267948966)
	sqrt2  = realV("sqrt(2)", `\sqrt{2}`, "Pow(Integer(2), Rational(1, 2))", 1.4142135623730951)
	matrix = schemas.Value{Kind: schemas.KindMatrix, Type: "MutableDenseMatrix", Latex: `\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]`,
		Shape: []int{2, 2}, Elements: []schemas.Value{intV("1"), intV("2"), intV("3"), intV("4")}}
	halfOpen = schemas.Value{Kind: schemas.KindInterval, Type: "Interval", Latex: `\left(0, 1\right]`, Srepr: "Interval(Integer(0), Integer(1), true, false)",
		Left: ptrV(intV("0")), Right: ptrV(intV("1")), LeftOpen: true}
	toThree = schemas.Value{Kind: schemas.KindInterval, Type: "Interval", Latex: `\left(-\infty, 3\right]`, Srepr: "Interval(-oo, Integer(3), true, false)",
		Left: ptrV(schemas.Value{Kind: schemas.KindExpr, Type: "NegativeInfinity", Repr: "-oo", Latex: `-\infty`, Srepr: "-oo"}), Right: ptrV(intV("3")), LeftOpen: true}
	gaussian = schemas.Value{Kind: schemas.KindComplex, Type: "Add", Repr: "14 - I", Latex: "14 - i", Numeric: ptr(14), Imag: ptr(-1), Srepr: "Add(Integer(14), Mul(Integer(-1), I))"}
)

func ptrV(v schemas.Value) *schemas.Value { return &v }

var fastValueCases = []valueCase{
	{"integer gold by text", "2021", intV("2021"), Equal, "go:string"},
	{"integer gold by arithmetic", `\frac{4042}{2}`, intV("2021"), Equal, "go:integer"},
	{"plus minus is not the integer gold", `\pm 2021`, intV("2021"), NotEqual, "go:structure"},
	{"plus minus equals a list of both roots", `\pm 2021`, tupleV("list", intV("-2021"), intV("2021")), Equal, "go:tuple"},
	{"integer gold with thousands separators", "2,021", intV("2021"), Equal, "go:string"},
	{"integer gold with units", "5 cm", intV("5"), Equal, "go:string"},
	{"integer gold with squared units", `5\text{ cm}^2`, intV("5"), Equal, "go:string"},
	{"integer gold with degrees", `30^\circ`, intV("30"), Equal, "go:string"},
	{"integer gold with a variable prefix", "x = 5", intV("5"), Equal, "go:string"},
	{"integer gold with text wrapper", `\text{13}`, intV("13"), Equal, "go:string"},
	{"rational gold as fraction", `\frac{3}{4}`, ratV("3/4", `\frac{3}{4}`, 0.75), Equal, "go:string"},
	{"rational gold as decimal", "0.75", ratV("3/4", `\frac{3}{4}`, 0.75), Equal, "go:decimal"},
	{"rational gold rounded decimal fails at rel 1e-6", "0.08333", ratV("1/12", `\frac{1}{12}`, 1.0/12), NotEqual, "go:decimal"},
	{"rational gold 100/3 against 33.3", "33.3", ratV("100/3", `\frac{100}{3}`, 100.0/3), NotEqual, "go:decimal"},
	{"rational gold percent", `75\%`, ratV("3/4", `\frac{3}{4}`, 0.75), Equal, "go:percent"},
	{"integer gold percent is 100x off", `3\%`, intV("3"), NotEqual, "go:percent"},
	{"float gold against fraction", `\frac{1}{12}`, floatV("0.08333333333333333", 1.0/12), Equal, "go:decimal"},
	{"float gold against short decimal", "0.0833", floatV("0.08333333333333333", 1.0/12), NotEqual, "go:decimal"},
	{"float gold exact repr", "0.1", floatV("0.1", 0.1), Equal, "go:string"},
	{"float gold tiny values relative", "0.0000001", floatV("2e-07", 2e-7), NotEqual, "go:decimal"},
	{"irrational gold decimal within tolerance", "1.41421356", sqrt2, Equal, "go:decimal"},
	{"irrational gold decimal too coarse", "1.4142", sqrt2, NotEqual, "go:decimal"},
	{"irrational gold exact far value", "4", sqrt2, NotEqual, "go:numeric"},
	{"irrational gold by latex text", `\dfrac{\pi}{2}`, halfPi, Equal, "go:string"},
	{"gaussian integer gold from latex", "14 - i", gaussian, Equal, "go:string"},
	{"gaussian integer gold mixed float form", "14.0 + -1.0i", gaussian, Equal, "go:complex"},
	{"gaussian integer gold wrong sign", "14 + i", gaussian, NotEqual, "go:complex"},
	{"python complex gold", "1+2i", schemas.Value{Kind: schemas.KindComplex, Type: "complex", Repr: "(1+2j)", Latex: "1.0 + 2.0 i", Numeric: ptr(1), Imag: ptr(2)}, Equal, "go:complex"},
	{"tuple gold with pi", `\left( 3, \frac{\pi}{2} \right)`, tupleV("tuple", intV("3"), halfPi), Equal, "go:tuple"},
	{"tuple gold is ordered", `\left( \frac{\pi}{2}, 3 \right)`, tupleV("tuple", intV("3"), halfPi), NotEqual, "go:tuple"},
	{"list gold of roots accepts any order", "2, 1", tupleV("list", intV("1"), intV("2")), Equal, "go:tuple"},
	{"list gold with one element takes a scalar", "7", tupleV("list", intV("7")), Equal, "go:string"},
	{"list gold with two elements rejects a scalar", "7", tupleV("list", intV("7"), intV("8")), NotEqual, "go:structure"},
	{"set gold order-insensitive", `\{2, 1\}`, setV(intV("1"), intV("2")), Equal, "go:set"},
	{"set gold with wrong element", `\{2, 3\}`, setV(intV("1"), intV("2")), NotEqual, "go:set"},
	{"empty set gold", `\emptyset`, schemas.Value{Kind: schemas.KindSet, Type: "EmptySet", Repr: "EmptySet", Latex: `\emptyset`, Srepr: "EmptySet"}, Equal, "go:set"},
	{"matrix gold pmatrix", `\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, matrix, Equal, "go:matrix"},
	{"matrix gold wrong cell", `\begin{pmatrix} 1 & 2 \\ 4 & 3 \end{pmatrix}`, matrix, NotEqual, "go:matrix"},
	{"matrix gold as sympy prints it", `\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]`, matrix, Equal, "go:matrix"},
	{"matrix gold wrong shape", `\begin{pmatrix} 1 & 2 & 3 & 4 \end{pmatrix}`, matrix, NotEqual, "go:matrix"},
	{"interval gold half open", "(0, 1]", halfOpen, Equal, "go:interval"},
	{"interval gold closed answer", "[0, 1]", halfOpen, NotEqual, "go:interval"},
	{"interval gold open answer", "(0, 1)", halfOpen, NotEqual, "go:interval"},
	{"interval gold with infinity", `(-\infty, 3]`, toThree, Equal, "go:interval"},
	{"interval gold with infinity and spacing", `\left( -\infty , 3 \right]`, toThree, Equal, "go:interval"},
	{"interval gold with a square bracket at infinity", `[-\infty, 3]`, toThree, Equal, "go:interval"},
	{"interval gold wrong end", `(-\infty, 4]`, toThree, NotEqual, "go:interval"},
	{"boolean gold yes", "Yes", schemas.Value{Kind: schemas.KindBoolean, Type: "bool", Repr: "True", Latex: `\text{True}`}, Equal, "go:string"},
	{"boolean gold no", "false", schemas.Value{Kind: schemas.KindBoolean, Type: "bool", Repr: "True", Latex: `\text{True}`}, NotEqual, "go:string"},
	{"string gold", `\text{Monday}`, schemas.Value{Kind: schemas.KindString, Type: "str", Repr: "'Monday'", Latex: `\mathtt{\text{Monday}}`}, Equal, "go:string"},
	{"huge rational gold is exact", `\frac{1}{2004!}`, ratV(factorialRecip(2006), "", 0), NotEqual, "go:rational"},
	{"huge rational gold equal", `\frac{1}{2006!}`, ratV(factorialRecip(2006), "", 0), Equal, "go:rational"},
}

func factorialRecip(n int64) string {
	f, _ := parseNumber(itoa(int(n)) + "!")
	return "1/" + f.re.RatString()
}

func TestCompareValueFastPath(t *testing.T) {
	var c Checker
	for _, tc := range fastValueCases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CompareValue(t.Context(), tc.answer, tc.gold)
			if got.Verdict != tc.want || got.Layer != tc.layer {
				t.Fatalf("CompareValue(%q, %s) = %+v, want %s by %s", tc.answer, tc.gold.Repr, got, tc.want, tc.layer)
			}
		})
	}
}

func TestPercentGoldInPercentPolicy(t *testing.T) {
	c := Checker{Percent: PercentGoldInPercent}
	cases := []valueCase{
		{"percent answer equals the percent gold", `3\%`, intV("3"), Equal, "go:percent"},
		{"bare answer equals the percent gold", "4.0", intV("4"), Equal, "go:percent"},
		{"fraction answer is 100x off the percent gold", "0.03", intV("3"), NotEqual, "go:percent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CompareValue(t.Context(), tc.answer, tc.gold)
			if got.Verdict != tc.want || got.Layer != tc.layer {
				t.Fatalf("CompareValue(%q, %s) = %+v, want %s by %s", tc.answer, tc.gold.Repr, got, tc.want, tc.layer)
			}
		})
	}
}

func TestSymbolicWithoutSandboxIsUndecided(t *testing.T) {
	var c Checker
	for _, pair := range [][2]string{{`\sec^2 y`, `\tan^2 y + 1`}, {`\sqrt{8}`, `2\sqrt{2}`}, {`pi/2`, `\dfrac{\pi}{2}`}} {
		got := c.CompareText(t.Context(), pair[0], pair[1])
		if got.Verdict != Undecided || got.Layer != "go:no-sandbox" {
			t.Fatalf("CompareText(%q, %q) = %+v, want undecided by go:no-sandbox", pair[0], pair[1], got)
		}
	}
}

func TestVerdictMapsToCheckResults(t *testing.T) {
	o := Outcome{Verdict: NotEqual, Reason: "r", Layer: "go:integer"}
	ch := o.Check("answer_matches_program")
	if ch.Result != schemas.ResultFail || ch.Layer != "go:integer" || ch.Name != "answer_matches_program" || ch.Reason != "r" {
		t.Fatalf("Check = %+v", ch)
	}
	if Equal.CheckResult() != schemas.ResultPass || Undecided.CheckResult() != schemas.ResultUndecided {
		t.Fatal("verdict mapping")
	}
}
