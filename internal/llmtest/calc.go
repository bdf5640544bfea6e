package llmtest

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

var (
	// annotationRe matches a GSM8K calculator annotation <<expr=value>>.
	annotationRe = regexp.MustCompile(`<<([^<>=]+)=([^<>]*)>>`)
	// finalRe matches the GSM8K final-answer line "#### 72".
	finalRe = regexp.MustCompile(`(?m)^####\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*$`)
)

// step is one calculator annotation turned into a Python assignment.
type step struct {
	name  string
	expr  string // Python expression over Fractions and earlier steps
	value *big.Rat
	note  string // the annotation as written
}

// CalculatorProgram turns a GSM8K-style reference solution into a Python
// program: every calculator annotation <<48/2=24>> becomes an exact
// Fraction computation (numbers equal to an earlier step's value refer to
// that step), and solve() returns the step whose value is the "#### N"
// answer (or N itself when no step computes it). It fails when the
// solution has no "#### N" line.
func CalculatorProgram(solution string) (string, error) {
	fm := finalRe.FindStringSubmatch(solution)
	if fm == nil {
		return "", errors.New("no \"#### N\" final answer")
	}
	final, ok := new(big.Rat).SetString(strings.ReplaceAll(fm[1], ",", ""))
	if !ok {
		return "", fmt.Errorf("final answer %q is not a number", fm[1])
	}
	var steps []step
	for _, m := range annotationRe.FindAllStringSubmatch(solution, -1) {
		p := &calcParser{src: strings.ReplaceAll(m[1], ",", ""), steps: steps}
		expr, val, err := p.parse()
		if err != nil {
			continue // an annotation we cannot read is skipped, as a reader would
		}
		steps = append(steps, step{name: fmt.Sprintf("step%d", len(steps)+1), expr: expr, value: val, note: strings.TrimSpace(m[0])})
	}
	var b strings.Builder
	b.WriteString("from fractions import Fraction\n\n\ndef solve():\n")
	ret := ""
	for _, s := range steps {
		fmt.Fprintf(&b, "    %s = %s  # %s\n", s.name, s.expr, s.note)
		if s.value.Cmp(final) == 0 {
			ret = s.name
		}
	}
	if ret == "" {
		ret = "answer"
		fmt.Fprintf(&b, "    answer = %s\n", fracLit(final))
	}
	if final.IsInt() {
		fmt.Fprintf(&b, "    return int(%s)\n", ret)
	} else {
		fmt.Fprintf(&b, "    return %s\n", ret)
	}
	return b.String(), nil
}

func fracLit(r *big.Rat) string {
	if r.IsInt() {
		return "Fraction(" + r.Num().String() + ")"
	}
	return "Fraction(" + r.Num().String() + ", " + r.Denom().String() + ")"
}

// calcParser parses a calculator expression (numbers, + - * x / ^ and
// parentheses) into a Python expression and its exact value.
type calcParser struct {
	src   string
	pos   int
	steps []step
}

func (p *calcParser) parse() (string, *big.Rat, error) {
	e, v, err := p.sum()
	if err != nil {
		return "", nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return "", nil, fmt.Errorf("unexpected %q", p.src[p.pos:])
	}
	return e, v, nil
}

func (p *calcParser) space() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '$') {
		p.pos++
	}
}

func (p *calcParser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *calcParser) sum() (string, *big.Rat, error) {
	e, v, err := p.product()
	if err != nil {
		return "", nil, err
	}
	for {
		op := p.peek()
		if op != '+' && op != '-' {
			return e, v, nil
		}
		p.pos++
		e2, v2, err := p.product()
		if err != nil {
			return "", nil, err
		}
		if op == '+' {
			v = new(big.Rat).Add(v, v2)
		} else {
			v = new(big.Rat).Sub(v, v2)
		}
		e = e + " " + string(op) + " " + e2
	}
}

func (p *calcParser) product() (string, *big.Rat, error) {
	e, v, err := p.power()
	if err != nil {
		return "", nil, err
	}
	for {
		op := p.peek()
		if op != '*' && op != '/' && op != 'x' && op != 'X' {
			return e, v, nil
		}
		p.pos++
		e2, v2, err := p.power()
		if err != nil {
			return "", nil, err
		}
		if op == '/' {
			if v2.Sign() == 0 {
				return "", nil, errors.New("division by zero")
			}
			v = new(big.Rat).Quo(v, v2)
			e = e + " / " + e2
		} else {
			v = new(big.Rat).Mul(v, v2)
			e = e + " * " + e2
		}
	}
}

func (p *calcParser) power() (string, *big.Rat, error) {
	e, v, err := p.unary()
	if err != nil {
		return "", nil, err
	}
	if p.peek() != '^' && !strings.HasPrefix(p.src[p.pos:], "**") {
		return e, v, nil
	}
	if p.src[p.pos] == '^' {
		p.pos++
	} else {
		p.pos += 2
	}
	e2, v2, err := p.unary()
	if err != nil {
		return "", nil, err
	}
	if !v2.IsInt() || v2.Num().BitLen() > 8 {
		return "", nil, errors.New("unsupported exponent")
	}
	n := v2.Num().Int64()
	out := big.NewRat(1, 1)
	base := v
	if n < 0 {
		if v.Sign() == 0 {
			return "", nil, errors.New("zero to a negative power")
		}
		base, n = new(big.Rat).Inv(v), -n
	}
	for i := int64(0); i < n; i++ {
		out.Mul(out, base)
	}
	return e + " ** " + e2, out, nil
}

func (p *calcParser) unary() (string, *big.Rat, error) {
	switch p.peek() {
	case '-':
		p.pos++
		e, v, err := p.unary()
		if err != nil {
			return "", nil, err
		}
		return "-" + e, new(big.Rat).Neg(v), nil
	case '(':
		p.pos++
		e, v, err := p.sum()
		if err != nil {
			return "", nil, err
		}
		if p.peek() != ')' {
			return "", nil, errors.New("missing )")
		}
		p.pos++
		return "(" + e + ")", v, nil
	}
	return p.number()
}

func (p *calcParser) number() (string, *big.Rat, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
		p.pos++
	}
	lit := p.src[start:p.pos]
	if lit == "" {
		return "", nil, fmt.Errorf("expected a number at %q", p.src[start:])
	}
	if p.pos < len(p.src) && p.src[p.pos] == '%' { // 25% -> 25/100
		p.pos++
		v, ok := new(big.Rat).SetString(lit)
		if !ok {
			return "", nil, fmt.Errorf("bad number %q", lit)
		}
		return "Fraction('" + lit + "') / 100", v.Quo(v, big.NewRat(100, 1)), nil
	}
	v, ok := new(big.Rat).SetString(lit)
	if !ok {
		return "", nil, fmt.Errorf("bad number %q", lit)
	}
	// A number equal to an earlier result refers to it (latest first).
	for i := len(p.steps) - 1; i >= 0; i-- {
		if p.steps[i].value.Cmp(v) == 0 {
			return p.steps[i].name, v, nil
		}
	}
	return "Fraction('" + lit + "')", v, nil
}
