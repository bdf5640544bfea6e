package steps

import (
	"errors"
	"math/big"
)

var errSyntax = errors.New("not an arithmetic expression")

// ptok is a non-space token with whether space separated it from the previous one.
type ptok struct {
	token
	spaced bool
}

// parser is a recursive-descent parser of numeric expressions:
//
//	expr    := term (('+'|'-') term)*
//	term    := unary (('*'|'/'|'x'|implicit) unary)*
//	unary   := ('-'|'+') unary | power
//	power   := postfix ('^' exponent)?
//	postfix := atom ('!'|'%')*
//	atom    := NUM | NUM \frac.. (mixed number) | '(' expr ')' | '{' expr '}'
//	         | \frac{expr}{expr} | \frac12 | \sqrt{expr} | \binom{expr}{expr}
//
// The reading options select alternative parses of ambiguous notation.
type parser struct {
	toks []ptok
	pos  int
	reading
}

// reading selects how an expression's layout is parsed.
type reading struct {
	// flat: + - * / share one precedence level and apply left to right (how
	// some solutions write running computations: "5 + 3 * 2 = 16").
	flat bool
	// tight: an unspaced integer fraction binds tighter than spaced operators,
	// as in "25 / 1/3 = 75" (25 divided by one third).
	tight bool
}

// parseExpr parses the whole token run as one expression.
func parseExpr(run []token, rd reading) (*node, error) {
	p := &parser{reading: rd}
	spaced := false
	for _, t := range run {
		if t.kind == tSpace || t.kind == tNewline {
			spaced = true
			continue
		}
		p.toks = append(p.toks, ptok{token: t, spaced: spaced})
		spaced = false
	}
	if len(p.toks) == 0 {
		return nil, errSyntax
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, errSyntax
	}
	return n, nil
}

func (p *parser) peek() *ptok {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

func (p *parser) peekAt(k int) *ptok {
	if p.pos+k < len(p.toks) {
		return &p.toks[p.pos+k]
	}
	return nil
}

func (p *parser) isOp(t *ptok, ops string) bool {
	if t == nil || t.kind != tOp {
		return false
	}
	for i := 0; i < len(ops); i++ {
		if t.op == ops[i] {
			return true
		}
	}
	return false
}

func (p *parser) expr() (*node, error) {
	if p.flat {
		return p.flatExpr()
	}
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for t := p.peek(); p.isOp(t, "+-"); t = p.peek() {
		p.pos++
		r, err := p.term()
		if err != nil {
			return nil, err
		}
		kind := nAdd
		if t.op == '-' {
			kind = nSub
		}
		l = &node{kind: kind, l: l, r: r}
	}
	return l, nil
}

// flatExpr evaluates + - * / left to right.
func (p *parser) flatExpr() (*node, error) { return p.leftToRight(true) }

// term is a product or quotient of unary expressions.
func (p *parser) term() (*node, error) { return p.leftToRight(false) }

// leftToRight parses unary expressions joined by the operators binaryOp
// accepts (with additive, + and - too), grouping from the left.
func (p *parser) leftToRight(additive bool) (*node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		kind, ok := p.binaryOp(additive)
		if !ok {
			return l, nil
		}
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &node{kind: kind, l: l, r: r}
	}
}

// binaryOp consumes a multiplicative operator (and, with additive, + or -)
// and returns its node kind. Implicit multiplication ("2(3)", "(2)(3)",
// "2\sqrt{4}") consumes nothing.
func (p *parser) binaryOp(additive bool) (nodeKind, bool) {
	t := p.peek()
	if t == nil {
		return 0, false
	}
	prev := p.toks[p.pos-1]
	switch {
	case additive && p.isOp(t, "+-"):
		p.pos++
		if t.op == '-' {
			return nSub, true
		}
		return nAdd, true
	case p.isOp(t, "*/"):
		p.pos++
		if t.op == '/' {
			return nDiv, true
		}
		return nMul, true
	case t.kind == tWord && (t.text == "x" || t.text == "X"):
		// "5 x 3" or "5x3": x as a multiplication sign only between a number
		// (or closing parenthesis) and a number (or opening parenthesis),
		// spaced on both sides or on neither.
		next := p.peekAt(1)
		if next == nil || (prev.kind != tNum && prev.kind != tRParen) || (next.kind != tNum && next.kind != tLParen) || t.spaced != next.spaced {
			return 0, false
		}
		p.pos++
		return nMul, true
	case !t.spaced && (prev.kind == tNum || prev.kind == tRParen) && t.kind == tLParen:
		return nMul, true
	case !t.spaced && prev.kind == tNum && t.kind == tCmd && (t.text == `\sqrt` || isBinom(t.text)):
		return nMul, true
	}
	return 0, false
}

func (p *parser) unary() (*node, error) {
	if t := p.peek(); p.isOp(t, "+-") {
		p.pos++
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.op == '-' {
			return &node{kind: nNeg, l: v}, nil
		}
		return v, nil
	}
	return p.power()
}

func (p *parser) power() (*node, error) {
	base, err := p.postfix()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); p.isOp(t, "^") {
		p.pos++
		exp, err := p.exponent()
		if err != nil {
			return nil, err
		}
		return &node{kind: nPow, l: base, r: exp}, nil
	}
	return base, nil
}

// exponent parses what follows '^': a signed number, a group, or a power (right associative).
func (p *parser) exponent() (*node, error) {
	if t := p.peek(); p.isOp(t, "-") {
		p.pos++
		v, err := p.exponent()
		if err != nil {
			return nil, err
		}
		return &node{kind: nNeg, l: v}, nil
	}
	return p.power()
}

func (p *parser) postfix() (*node, error) {
	n, err := p.atom()
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t != nil && !t.spaced; t = p.peek() {
		switch {
		case t.kind == tPercent:
			n = &node{kind: nPct, l: n}
		case t.kind == tOther && t.text == "!":
			if next := p.peekAt(1); next != nil && next.kind == tOther && next.text == "!" && !next.spaced {
				return nil, errSyntax // double factorial
			}
			n = &node{kind: nFact, l: n}
		default:
			return n, nil
		}
		p.pos++
	}
	return n, nil
}

func isFrac(s string) bool  { return s == `\frac` || s == `\dfrac` || s == `\tfrac` }
func isBinom(s string) bool { return s == `\binom` || s == `\dbinom` || s == `\tbinom` }

func (p *parser) atom() (*node, error) {
	t := p.peek()
	if t == nil {
		return nil, errSyntax
	}
	p.pos++
	switch {
	case t.kind == tNum:
		n := &node{kind: nNum, val: t.rat()}
		if p.tight {
			if f := p.tightFraction(t); f != nil {
				return f, nil
			}
		}
		// A mixed number: an integer written right before a numeric \frac.
		if next := p.peek(); next != nil && !next.spaced && next.kind == tCmd && isFrac(next.text) && t.isInt() {
			p.pos++
			f, err := p.fracArgs()
			if err != nil {
				return nil, err
			}
			return &node{kind: nMixed, l: n, r: f}, nil
		}
		return n, nil
	case t.kind == tLParen:
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c == nil || c.kind != tRParen {
			return nil, errSyntax
		}
		p.pos++
		return n, nil
	case t.kind == tLBrace:
		return p.groupRest()
	case t.kind == tCmd && isFrac(t.text):
		return p.fracArgs()
	case t.kind == tCmd && t.text == `\sqrt`:
		if c := p.peek(); c == nil || c.kind != tLBrace {
			return nil, errSyntax // \sqrt[3]{x} or \sqrt2: not handled
		}
		p.pos++
		v, err := p.groupRest()
		if err != nil {
			return nil, err
		}
		return &node{kind: nSqrt, l: v}, nil
	case t.kind == tCmd && isBinom(t.text):
		a, err := p.braced()
		if err != nil {
			return nil, err
		}
		b, err := p.braced()
		if err != nil {
			return nil, err
		}
		return &node{kind: nBinom, l: a, r: b}, nil
	}
	return nil, errSyntax
}

// fracArgs parses the two arguments of \frac: {a}{b}, or two digits (\frac12).
func (p *parser) fracArgs() (*node, error) {
	if t := p.peek(); t != nil && t.kind == tNum && len(t.text) == 2 && t.decimals == 0 && isDigit(t.text[0]) && isDigit(t.text[1]) {
		p.pos++
		return &node{kind: nDiv,
			l: &node{kind: nNum, val: big.NewRat(int64(t.text[0]-'0'), 1)},
			r: &node{kind: nNum, val: big.NewRat(int64(t.text[1]-'0'), 1)}}, nil
	}
	a, err := p.braced()
	if err != nil {
		return nil, err
	}
	b, err := p.braced()
	if err != nil {
		return nil, err
	}
	return &node{kind: nDiv, l: a, r: b}, nil
}

// braced parses "{expr}".
func (p *parser) braced() (*node, error) {
	if t := p.peek(); t == nil || t.kind != tLBrace {
		return nil, errSyntax
	}
	p.pos++
	return p.groupRest()
}

// groupRest parses "expr}" after an opening brace.
func (p *parser) groupRest() (*node, error) {
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if c := p.peek(); c == nil || c.kind != tRBrace {
		return nil, errSyntax
	}
	p.pos++
	return n, nil
}

// tightFraction returns the fraction a/b when the number t just read is
// followed, without spaces, by "/" and another integer, and moves past it.
func (p *parser) tightFraction(t *ptok) *node {
	slash, den := p.peek(), p.peekAt(1)
	if slash == nil || den == nil || slash.spaced || den.spaced || !p.isOp(slash, "/") || den.kind != tNum ||
		!t.isInt() || !den.isInt() {
		return nil
	}
	if after := p.peekAt(2); after != nil && !after.spaced {
		return nil // 1/2/3 or 1/2(3): not a lone fraction
	}
	p.pos += 2
	return &node{kind: nDiv, l: &node{kind: nNum, val: t.rat()}, r: &node{kind: nNum, val: den.rat()}}
}
