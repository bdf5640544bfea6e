package steps

import (
	"errors"
	"fmt"
	"math/big"
)

// nodeKind is the kind of an expression tree node.
type nodeKind int

const (
	nNum nodeKind = iota
	nPct          // x% : x/100, or x when percent signs are read as decoration
	nAdd
	nSub
	nMul
	nDiv
	nPow
	nNeg
	nSqrt
	nBinom
	nFact
	nMixed // 2\frac{1}{2}: a mixed number (2 + 1/2) or a product (2 * 1/2)
)

// node is an expression tree node.
type node struct {
	kind nodeKind
	val  *big.Rat
	l, r *node
}

// interp selects how ambiguous notation is read. Check accepts a step when
// any interpretation that applies to it gives the claimed value.
type interp struct {
	pctIgnore    bool // read "50%" as 50 instead of 0.5
	mixedProduct bool // read 2\frac{1}{2} as 2 * 1/2 instead of 2 + 1/2
}

// Evaluation failures. errInexact marks values that exist but are not
// rational (sqrt(2), 2^(1/2)): such steps are not checked.
var (
	errInexact  = errors.New("not an exact rational")
	errDivZero  = errors.New("division by zero")
	errTooLarge = errors.New("value too large to evaluate")
)

// Evaluation limits that keep a hostile or odd input from exhausting memory.
const (
	maxPowBits   = 1 << 16 // bits of a power's numerator or denominator
	maxFactorial = 1000
	maxBinomN    = 100000
)

// eval computes the exact value of n under the interpretation in.
func (n *node) eval(in interp) (*big.Rat, error) {
	switch n.kind {
	case nNum:
		return new(big.Rat).Set(n.val), nil
	case nPct:
		v, err := n.l.eval(in)
		if err != nil || in.pctIgnore {
			return v, err
		}
		return v.Quo(v, big.NewRat(100, 1)), nil
	case nNeg:
		v, err := n.l.eval(in)
		if err != nil {
			return nil, err
		}
		return v.Neg(v), nil
	case nSqrt:
		v, err := n.l.eval(in)
		if err != nil {
			return nil, err
		}
		return ratSqrt(v)
	case nFact:
		v, err := n.l.eval(in)
		if err != nil {
			return nil, err
		}
		if !v.IsInt() || v.Sign() < 0 || v.Num().Cmp(big.NewInt(maxFactorial)) > 0 {
			return nil, errInexact
		}
		f := new(big.Int).MulRange(1, v.Num().Int64())
		return new(big.Rat).SetInt(f), nil
	}
	a, err := n.l.eval(in)
	if err != nil {
		return nil, err
	}
	b, err := n.r.eval(in)
	if err != nil {
		return nil, err
	}
	switch n.kind {
	case nAdd:
		return a.Add(a, b), nil
	case nSub:
		return a.Sub(a, b), nil
	case nMul:
		return a.Mul(a, b), nil
	case nDiv:
		if b.Sign() == 0 {
			return nil, errDivZero
		}
		return a.Quo(a, b), nil
	case nMixed:
		if in.mixedProduct {
			return a.Mul(a, b), nil
		}
		if a.Sign() < 0 {
			return a.Sub(a, b), nil
		}
		return a.Add(a, b), nil
	case nPow:
		return ratPow(a, b)
	case nBinom:
		if !a.IsInt() || !b.IsInt() || a.Sign() < 0 || a.Num().Cmp(big.NewInt(maxBinomN)) > 0 {
			return nil, errInexact
		}
		nn, kk := a.Num().Int64(), b.Num().Int64()
		if kk < 0 || kk > nn {
			return new(big.Rat), nil
		}
		return new(big.Rat).SetInt(new(big.Int).Binomial(nn, kk)), nil
	}
	return nil, fmt.Errorf("unknown node kind %d", n.kind)
}

// ratPow raises a to an integer power b exactly.
func ratPow(a, b *big.Rat) (*big.Rat, error) {
	if !b.IsInt() {
		return nil, errInexact
	}
	e := b.Num()
	if !e.IsInt64() {
		return nil, errTooLarge
	}
	k := e.Int64()
	if a.Sign() == 0 {
		if k < 0 {
			return nil, errDivZero
		}
		if k == 0 {
			return big.NewRat(1, 1), nil
		}
		return new(big.Rat), nil
	}
	abs := k
	if abs < 0 {
		abs = -abs
	}
	if bits := int64(max(a.Num().BitLen(), a.Denom().BitLen())); abs > 1 && (bits-1)*abs > maxPowBits {
		return nil, errTooLarge
	}
	exp := big.NewInt(abs)
	num := new(big.Int).Exp(a.Num(), exp, nil)
	den := new(big.Int).Exp(a.Denom(), exp, nil)
	if k < 0 {
		num, den = den, num
	}
	return new(big.Rat).SetFrac(num, den), nil
}

// ratSqrt returns the square root of a when it is rational.
func ratSqrt(a *big.Rat) (*big.Rat, error) {
	if a.Sign() < 0 {
		return nil, errInexact
	}
	num, ok1 := intSqrt(a.Num())
	den, ok2 := intSqrt(a.Denom())
	if !ok1 || !ok2 {
		return nil, errInexact
	}
	return new(big.Rat).SetFrac(num, den), nil
}

func intSqrt(x *big.Int) (*big.Int, bool) {
	r := new(big.Int).Sqrt(x)
	return r, new(big.Int).Mul(r, r).Cmp(x) == 0
}

// hasKind reports whether the tree contains a node of kind k.
func (n *node) hasKind(k nodeKind) bool {
	if n == nil {
		return false
	}
	return n.kind == k || n.l.hasKind(k) || n.r.hasKind(k)
}

// isOperation reports whether the tree computes something (is not a bare
// number or percentage), so that "100% = 20" is not read as a claim.
func (n *node) isOperation() bool {
	switch n.kind {
	case nNum:
		return false
	case nPct:
		return n.l.isOperation()
	case nNeg:
		return n.l.isOperation()
	}
	return true
}

// String renders the tree fully parenthesized with exact values, so that
// "9 * 2", "9*2" and "9 × 2" render alike.
func (n *node) String() string {
	op := map[nodeKind]string{nAdd: "+", nSub: "-", nMul: "*", nDiv: "/", nPow: "^", nMixed: "&"}
	switch n.kind {
	case nNum:
		return n.val.RatString()
	case nPct:
		return n.l.String() + "%"
	case nNeg:
		return "(-" + n.l.String() + ")"
	case nSqrt:
		return "sqrt(" + n.l.String() + ")"
	case nFact:
		return n.l.String() + "!"
	case nBinom:
		return "C(" + n.l.String() + "," + n.r.String() + ")"
	}
	return "(" + n.l.String() + op[n.kind] + n.r.String() + ")"
}
