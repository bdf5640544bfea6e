// Package schemas defines the records that flow between the stages of the
// arrows pipelines and the rows they write, together with their JSON Schemas
// (embedded from the *.schema.json files beside this file).
//
// The package is pure Go: it does not import Beam, so every other package
// (sandbox, answer checking, LLM client, pipelines) can share these types.
package schemas

// Value kinds reported by the sandbox for the value a program's solve()
// returned. The kind drives answer comparison: exact kinds are compared with
// math/big, containers element by element, everything else symbolically.
const (
	KindInteger  = "integer"  // Python int or sympy Integer; Exact holds the decimal digits
	KindRational = "rational" // Fraction or sympy Rational; Exact holds "p/q"
	KindReal     = "real"     // float, numpy float, sympy Float, or an exact irrational real expression (sqrt(2), pi/4)
	KindComplex  = "complex"  // complex numbers with a non-zero imaginary part
	KindBoolean  = "boolean"
	KindString   = "string"
	KindTuple    = "tuple" // ordered: tuple, list, numpy vector
	KindSet      = "set"   // unordered: set, frozenset, sympy FiniteSet
	KindMatrix   = "matrix"
	KindInterval = "interval"
	KindExpr     = "expr" // symbolic expression with free symbols, equations, relations
	KindDict     = "dict"
	KindNone     = "none"
	KindOther    = "other"
)

// Value is a program's result (or one of solve()'s locals) serialized by the
// sandbox. Repr and Latex are always set (possibly truncated for huge values,
// see Truncated); the other fields depend on Kind.
type Value struct {
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// Type is the Python type name, e.g. "Integer", "int", "Rational", "Fraction", "float", "tuple", "MutableDenseMatrix".
	Type string `json:"type"`
	// Repr is Python's repr() (sympy's str for sympy objects).
	Repr string `json:"repr"`
	// Latex is sympy.latex() of the value (or of its sympified form).
	Latex string `json:"latex"`
	// Exact is set for integer ("-12") and rational ("3/4") kinds, in full precision.
	Exact string `json:"exact,omitempty"`
	// Numeric is the value as a float64 when it is real and finite.
	Numeric *float64 `json:"numeric,omitempty"`
	// Imag is the imaginary part for complex values (Numeric then holds the real part).
	Imag *float64 `json:"imag,omitempty"`
	// Srepr is sympy.srepr() for symbolic kinds, so the checker can rebuild the object inside the sandbox.
	Srepr string `json:"srepr,omitempty"`
	// Elements are the members of tuples and sets, and the cells of matrices in row-major order.
	Elements []Value `json:"elements,omitempty"`
	// Shape is [rows, cols] for matrices.
	Shape []int `json:"shape,omitempty"`
	// Interval endpoints and openness.
	Left      *Value `json:"left,omitempty"`
	Right     *Value `json:"right,omitempty"`
	LeftOpen  bool   `json:"left_open,omitempty"`
	RightOpen bool   `json:"right_open,omitempty"`
	// Digits is the number of decimal digits of an integer's absolute value.
	Digits int `json:"digits,omitempty"`
	// Truncated reports that Repr/Latex were cut to the configured cap.
	Truncated bool `json:"truncated,omitempty"`
}
