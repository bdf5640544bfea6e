package offline

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
)

// expr is a parsed parameter expression (the small integer language of
// FORMAT.md used by `expr` params and `where` constraints).
type expr interface {
	eval(env map[string]int64) (int64, error)
	names(add func(string))
}

var errOverflow = errors.New("integer overflow")

type numExpr int64

func (n numExpr) eval(map[string]int64) (int64, error) { return int64(n), nil }
func (numExpr) names(func(string))                     {}

type nameExpr string

func (n nameExpr) eval(env map[string]int64) (int64, error) {
	v, ok := env[string(n)]
	if !ok {
		return 0, fmt.Errorf("unknown name %q", string(n))
	}
	return v, nil
}
func (n nameExpr) names(add func(string)) { add(string(n)) }

type unaryExpr struct {
	op string
	x  expr
}

func (u unaryExpr) eval(env map[string]int64) (int64, error) {
	v, err := u.x.eval(env)
	if err != nil {
		return 0, err
	}
	switch u.op {
	case "-":
		if v == math.MinInt64 {
			return 0, errOverflow
		}
		return -v, nil
	case "not":
		return b2i(v == 0), nil
	}
	return 0, fmt.Errorf("bad unary operator %q", u.op)
}
func (u unaryExpr) names(add func(string)) { u.x.names(add) }

type binExpr struct {
	op   string
	l, r expr
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (b binExpr) eval(env map[string]int64) (int64, error) {
	l, err := b.l.eval(env)
	if err != nil {
		return 0, err
	}
	// Short-circuit boolean operators.
	switch b.op {
	case "and":
		if l == 0 {
			return 0, nil
		}
		r, err := b.r.eval(env)
		return b2i(r != 0), err
	case "or":
		if l != 0 {
			return 1, nil
		}
		r, err := b.r.eval(env)
		return b2i(r != 0), err
	}
	r, err := b.r.eval(env)
	if err != nil {
		return 0, err
	}
	switch b.op {
	case "+":
		s := l + r
		if (l > 0 && r > 0 && s < 0) || (l < 0 && r < 0 && s >= 0) {
			return 0, errOverflow
		}
		return s, nil
	case "-":
		s := l - r
		if (l >= 0 && r < 0 && s < 0) || (l < 0 && r > 0 && s >= 0) {
			return 0, errOverflow
		}
		return s, nil
	case "*":
		return mulChecked(l, r)
	case "//":
		if r == 0 {
			return 0, errors.New("division by zero")
		}
		q := l / r
		if (l%r != 0) && ((l < 0) != (r < 0)) {
			q--
		}
		return q, nil
	case "%":
		if r == 0 {
			return 0, errors.New("modulo by zero")
		}
		m := l % r
		if m != 0 && ((m < 0) != (r < 0)) {
			m += r
		}
		return m, nil
	case "**":
		if r < 0 {
			return 0, errors.New("negative exponent")
		}
		acc := int64(1)
		for i := int64(0); i < r; i++ {
			if acc, err = mulChecked(acc, l); err != nil {
				return 0, err
			}
		}
		return acc, nil
	case "==":
		return b2i(l == r), nil
	case "!=":
		return b2i(l != r), nil
	case "<":
		return b2i(l < r), nil
	case "<=":
		return b2i(l <= r), nil
	case ">":
		return b2i(l > r), nil
	case ">=":
		return b2i(l >= r), nil
	}
	return 0, fmt.Errorf("bad operator %q", b.op)
}
func (b binExpr) names(add func(string)) { b.l.names(add); b.r.names(add) }

func mulChecked(a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	neg := (a < 0) != (b < 0)
	ua, ub := absU(a), absU(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > math.MaxInt64 {
		return 0, errOverflow
	}
	if neg {
		return -int64(lo), nil
	}
	return int64(lo), nil
}

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

type callExpr struct {
	fn   string
	args []expr
}

func (c callExpr) names(add func(string)) {
	for _, a := range c.args {
		a.names(add)
	}
}

var exprFuncs = map[string][2]int{ // name -> [min args, max args (-1 = any)]
	"abs": {1, 1}, "min": {1, -1}, "max": {1, -1}, "gcd": {2, -1}, "lcm": {2, -1},
	"isqrt": {1, 1}, "is_square": {1, 1}, "is_prime": {1, 1}, "factorial": {1, 1},
	"comb": {2, 2}, "distinct": {2, -1}, "if": {3, 3}, "powmod": {3, 3},
	"perm": {2, 2}, "tau": {1, 1}, "sigma": {1, 1}, "phi": {1, 1}, "digitsum": {1, 2}, "ndigits": {1, 2},
	"subfact": {1, 1}, "val": {2, 2},
}

func (c callExpr) eval(env map[string]int64) (int64, error) {
	if c.fn == "if" {
		cond, err := c.args[0].eval(env)
		if err != nil {
			return 0, err
		}
		if cond != 0 {
			return c.args[1].eval(env)
		}
		return c.args[2].eval(env)
	}
	vs := make([]int64, len(c.args))
	for i, a := range c.args {
		v, err := a.eval(env)
		if err != nil {
			return 0, err
		}
		vs[i] = v
	}
	switch c.fn {
	case "abs":
		if vs[0] == math.MinInt64 {
			return 0, errOverflow
		}
		if vs[0] < 0 {
			return -vs[0], nil
		}
		return vs[0], nil
	case "min", "max":
		m := vs[0]
		for _, v := range vs[1:] {
			if (c.fn == "min" && v < m) || (c.fn == "max" && v > m) {
				m = v
			}
		}
		return m, nil
	case "gcd":
		g := int64(0)
		for _, v := range vs {
			g = gcd64(g, v)
		}
		return g, nil
	case "lcm":
		l := int64(1)
		for _, v := range vs {
			if v == 0 {
				return 0, nil
			}
			g := gcd64(l, v)
			var err error
			if l, err = mulChecked(l/g, absI(v)); err != nil {
				return 0, err
			}
		}
		return l, nil
	case "isqrt":
		if vs[0] < 0 {
			return 0, errors.New("isqrt of a negative number")
		}
		return isqrt64(vs[0]), nil
	case "is_square":
		if vs[0] < 0 {
			return 0, nil
		}
		r := isqrt64(vs[0])
		return b2i(r*r == vs[0]), nil
	case "is_prime":
		return b2i(isPrime64(vs[0])), nil
	case "factorial":
		if vs[0] < 0 || vs[0] > 20 {
			return 0, fmt.Errorf("factorial(%d) out of range", vs[0])
		}
		f := int64(1)
		for i := int64(2); i <= vs[0]; i++ {
			f *= i
		}
		return f, nil
	case "comb":
		n, k := vs[0], vs[1]
		if k < 0 || n < 0 || k > n {
			return 0, nil
		}
		if k > n-k {
			k = n - k
		}
		r := int64(1)
		for i := int64(1); i <= k; i++ {
			var err error
			if r, err = mulChecked(r, n-k+i); err != nil {
				return 0, err
			}
			r /= i
		}
		return r, nil
	case "powmod":
		b, e, m := vs[0], vs[1], vs[2]
		if m <= 0 || e < 0 {
			return 0, fmt.Errorf("powmod(%d, %d, %d) undefined", b, e, m)
		}
		r, base := int64(1)%m, ((b%m)+m)%m
		for ; e > 0; e >>= 1 {
			if e&1 == 1 {
				var err error
				if r, err = mulChecked(r, base); err != nil {
					return 0, err
				}
				r %= m
			}
			var err error
			if base, err = mulChecked(base, base); err != nil {
				return 0, err
			}
			base %= m
		}
		return r, nil
	case "perm":
		n, k := vs[0], vs[1]
		if k < 0 || n < 0 || k > n {
			return 0, nil
		}
		r := int64(1)
		for i := n - k + 1; i <= n; i++ {
			var err error
			if r, err = mulChecked(r, i); err != nil {
				return 0, err
			}
		}
		return r, nil
	case "tau", "sigma", "phi":
		n := vs[0]
		if n < 1 || n > 1<<40 {
			return 0, fmt.Errorf("%s(%d) out of range", c.fn, n)
		}
		return arith(c.fn, n), nil
	case "digitsum", "ndigits":
		n, b := absI(vs[0]), int64(10)
		if len(vs) == 2 {
			b = vs[1]
		}
		if b < 2 {
			return 0, fmt.Errorf("%s: base %d", c.fn, b)
		}
		sum, count := int64(0), int64(0)
		for ; n > 0; n /= b {
			sum += n % b
			count++
		}
		if c.fn == "ndigits" {
			return max(count, 1), nil
		}
		return sum, nil
	case "subfact":
		n := vs[0]
		if n < 0 || n > 20 {
			return 0, fmt.Errorf("subfact(%d) out of range", n)
		}
		a, b := int64(1), int64(0) // D(0), D(1)
		if n == 0 {
			return 1, nil
		}
		for i := int64(2); i <= n; i++ {
			a, b = b, (i-1)*(a+b)
		}
		return b, nil
	case "val":
		p, n := vs[0], absI(vs[1])
		if p < 2 || n == 0 {
			return 0, fmt.Errorf("val(%d, %d) undefined", vs[0], vs[1])
		}
		k := int64(0)
		for n%p == 0 {
			n /= p
			k++
		}
		return k, nil
	case "distinct":
		seen := map[int64]bool{}
		for _, v := range vs {
			if seen[v] {
				return 0, nil
			}
			seen[v] = true
		}
		return 1, nil
	}
	return 0, fmt.Errorf("unknown function %q", c.fn)
}

func absI(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

func gcd64(a, b int64) int64 {
	a, b = absI(a), absI(b)
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func isqrt64(n int64) int64 {
	r := int64(math.Sqrt(float64(n)))
	for r*r > n {
		r--
	}
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}

func isPrime64(n int64) bool {
	if n < 2 {
		return false
	}
	for p := int64(2); p*p <= n; p++ {
		if n%p == 0 {
			return false
		}
	}
	return true
}

// parseExpr parses one expression of the parameter language.
func parseExpr(src string) (expr, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", src, err)
	}
	p := &exprParser{toks: toks}
	e, err := p.parse(0)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", src, err)
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("expression %q: unexpected %q", src, p.toks[p.pos])
	}
	return e, nil
}

func lexExpr(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case unicode.IsDigit(c):
			j := i
			for j < len(s) && unicode.IsDigit(rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case c == '_' || unicode.IsLetter(c):
			j := i
			for j < len(s) && (s[j] == '_' || unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j]))) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			matched := false
			for _, op := range []string{"**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "%", "<", ">", "(", ")", ","} {
				if strings.HasPrefix(s[i:], op) {
					toks = append(toks, op)
					i += len(op)
					matched = true
					break
				}
			}
			if !matched {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
		}
	}
	return toks, nil
}

type exprParser struct {
	toks []string
	pos  int
}

func (p *exprParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

var binPrec = map[string]int{
	"or": 1, "and": 2,
	"==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 5, "-": 5, "*": 6, "//": 6, "%": 6, "**": 8,
}

// parse is a precedence-climbing parser; `not` binds at level 3, unary minus at 7,
// `**` is right-associative.
func (p *exprParser) parse(minPrec int) (expr, error) {
	var left expr
	var err error
	switch t := p.peek(); {
	case t == "not" && minPrec <= 3:
		p.pos++
		x, err := p.parse(3)
		if err != nil {
			return nil, err
		}
		left = unaryExpr{"not", x}
	case t == "-":
		p.pos++
		x, err := p.parse(7)
		if err != nil {
			return nil, err
		}
		left = unaryExpr{"-", x}
	default:
		if left, err = p.atom(); err != nil {
			return nil, err
		}
	}
	for {
		op := p.peek()
		prec, ok := binPrec[op]
		if !ok || prec < minPrec {
			return left, nil
		}
		p.pos++
		next := prec + 1
		if op == "**" {
			next = prec - 1 // right-assoc; also lets -x bind under **: 2**-1 rejected at eval
		}
		right, err := p.parse(next)
		if err != nil {
			return nil, err
		}
		left = binExpr{op, left, right}
	}
}

func (p *exprParser) atom() (expr, error) {
	t := p.peek()
	if t == "" {
		return nil, errors.New("unexpected end")
	}
	p.pos++
	switch {
	case t == "(":
		e, err := p.parse(0)
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, errors.New("missing )")
		}
		p.pos++
		return e, nil
	case unicode.IsDigit(rune(t[0])):
		v, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, err
		}
		return numExpr(v), nil
	case t[0] == '_' || unicode.IsLetter(rune(t[0])):
		if t == "and" || t == "or" || t == "not" {
			return nil, fmt.Errorf("unexpected %q", t)
		}
		if p.peek() != "(" {
			if t == "True" {
				return numExpr(1), nil
			}
			if t == "False" {
				return numExpr(0), nil
			}
			return nameExpr(t), nil
		}
		p.pos++
		arity, ok := exprFuncs[t]
		if !ok {
			return nil, fmt.Errorf("unknown function %q", t)
		}
		var args []expr
		for p.peek() != ")" {
			a, err := p.parse(0)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek() == "," {
				p.pos++
			} else if p.peek() != ")" {
				return nil, fmt.Errorf("expected , or ) in call of %s", t)
			}
		}
		p.pos++
		if len(args) < arity[0] || (arity[1] >= 0 && len(args) > arity[1]) {
			return nil, fmt.Errorf("%s takes %d..%d arguments, got %d", t, arity[0], arity[1], len(args))
		}
		return callExpr{t, args}, nil
	}
	return nil, fmt.Errorf("unexpected %q", t)
}

// arith computes the divisor count (tau), divisor sum (sigma) or Euler's
// totient (phi) of n >= 1 by trial division.
func arith(fn string, n int64) int64 {
	tau, sigma, phi := int64(1), int64(1), n
	m := n
	for p := int64(2); p*p <= m; p++ {
		if m%p != 0 {
			continue
		}
		e, pk, sum := int64(0), int64(1), int64(1)
		for m%p == 0 {
			m /= p
			e++
			pk *= p
			sum += pk
		}
		tau *= e + 1
		sigma *= sum
		phi = phi / p * (p - 1)
	}
	if m > 1 {
		tau *= 2
		sigma *= m + 1
		phi = phi / m * (m - 1)
	}
	switch fn {
	case "tau":
		return tau
	case "sigma":
		return sigma
	}
	return phi
}
