package answer

import (
	"errors"
	"math/big"
	"regexp"
	"strings"
)

// number is an exact value of Q(i) (a Gaussian rational) parsed from text,
// with what the text says about its precision.
type number struct {
	re, im *big.Rat
	// approx: written with a decimal point or an exponent, so possibly a
	// rounded value.
	approx bool
	// ulp is one unit in the last stated place of a decimal (0.08333 ->
	// 0.00001), nil when unknown (sums of decimals, powers).
	ulp *big.Rat
	// sig is the number of significant digits stated, 0 when unknown.
	sig int
}

func (n number) isReal() bool { return n.im.Sign() == 0 }

func (n number) isInteger() bool { return n.isReal() && n.re.IsInt() }

func (n number) String() string {
	if n.isReal() {
		return ratString(n.re)
	}
	return ratString(n.re) + "+" + ratString(n.im) + "i"
}

// ratString renders a rational compactly, eliding huge values.
func ratString(r *big.Rat) string {
	s := r.RatString()
	if len(s) > 60 {
		return s[:25] + "…(" + itoa(len(s)) + " chars)…" + s[len(s)-25:]
	}
	return s
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

// Limits of the exact parser; anything larger is left to the sandbox.
// Rationals are normalized with a GCD, which is quadratic in their size, so
// values over maxBits (about 158,000 digits) are refused rather than computed.
const (
	maxFactorial = 20000   // 20000! has 77,338 digits
	maxBits      = 1 << 19 // numerator or denominator size of any intermediate value
	maxBinomialN = 20000
	maxLiteral   = 150000 // digits in one literal
)

// tooBig reports a value whose parts exceed maxBits.
func tooBig(n number) bool {
	for _, r := range []*big.Rat{n.re, n.im} {
		if r != nil && (r.Num().BitLen() > maxBits || r.Denom().BitLen() > maxBits) {
			return true
		}
	}
	return false
}

// checked fails values that grew too big.
func checked(n number, err error) (number, error) {
	if err == nil && tooBig(n) {
		return number{}, errNotNumber
	}
	return n, err
}

var errNotNumber = errors.New("not an exact number")

var mixedRe = regexp.MustCompile(`^([-+]?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$`)

// parseNumber parses a normalized answer as an exact number: integers,
// decimals (with precision), scientific notation (1.5e3, 1.5\times10^{3}),
// a/b, \frac{a}{b}, mixed numbers (2\frac{1}{2} is 5/2 when it is the whole
// value), repeating decimals 0.\overline{3}, + - * / ^ with integer
// exponents, n!, \binom, \sqrt of perfect squares, and the imaginary unit i.
func parseNumber(s string) (number, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return number{}, false
	}
	if m := mixedRe.FindStringSubmatch(s); m != nil {
		whole, _ := new(big.Int).SetString(m[2], 10)
		num, _ := new(big.Int).SetString(m[3], 10)
		den, _ := new(big.Int).SetString(m[4], 10)
		if den.Sign() > 0 && num.Cmp(den) < 0 {
			v := new(big.Rat).SetFrac(num, den)
			v.Add(v, new(big.Rat).SetInt(whole))
			if m[1] == "-" {
				v.Neg(v)
			}
			return number{re: v, im: new(big.Rat)}, true
		}
	}
	p := &numParser{s: s}
	n, err := p.expr()
	if err != nil {
		return number{}, false
	}
	p.space()
	if p.i != len(p.s) {
		return number{}, false
	}
	return n, true
}

type numParser struct {
	s string
	i int
}

func (p *numParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *numParser) peekCmd(cmd string) bool {
	if !strings.HasPrefix(p.s[p.i:], cmd) {
		return false
	}
	end := p.i + len(cmd)
	return end >= len(p.s) || !isLetter(p.s[end])
}

func (p *numParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(tok, `\`) {
		if p.peekCmd(tok) {
			p.i += len(tok)
			return true
		}
		return false
	}
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *numParser) expr() (number, error) {
	left, err := p.term()
	if err != nil {
		return number{}, err
	}
	for {
		switch {
		case p.eat("+"):
			right, err := p.term()
			if err != nil {
				return number{}, err
			}
			if left, err = checked(add(left, right, false), nil); err != nil {
				return number{}, err
			}
		case p.eat("-"):
			right, err := p.term()
			if err != nil {
				return number{}, err
			}
			if left, err = checked(add(left, right, true), nil); err != nil {
				return number{}, err
			}
		default:
			return left, nil
		}
	}
}

func (p *numParser) term() (number, error) {
	left, err := p.unary()
	if err != nil {
		return number{}, err
	}
	for {
		p.space()
		switch {
		case p.eat(`\cdot`), p.eat(`\times`), p.eat("*"):
			right, err := p.unary()
			if err != nil {
				return number{}, err
			}
			if left, err = checked(mul(left, right), nil); err != nil {
				return number{}, err
			}
		case p.eat("/"), p.eat(`\div`):
			right, err := p.unary()
			if err != nil {
				return number{}, err
			}
			if left, err = checked(div(left, right)); err != nil {
				return number{}, err
			}
		case p.implicitFactor():
			right, err := p.power()
			if err != nil {
				return number{}, err
			}
			if left, err = checked(mul(left, right), nil); err != nil {
				return number{}, err
			}
		default:
			return left, nil
		}
	}
}

// implicitFactor reports a factor that multiplies without an operator:
// "2(3)", "2\sqrt{4}", "3i".
func (p *numParser) implicitFactor() bool {
	if p.i >= len(p.s) {
		return false
	}
	c := p.s[p.i]
	if c == '(' || c == '{' {
		return true
	}
	if c == 'i' && (p.i+1 == len(p.s) || !isLetter(p.s[p.i+1])) {
		return true
	}
	return p.peekCmd(`\frac`) || p.peekCmd(`\sqrt`) || p.peekCmd(`\binom`)
}

func (p *numParser) unary() (number, error) {
	switch {
	case p.eat("-"):
		n, err := p.unary()
		if err != nil {
			return number{}, err
		}
		return neg(n), nil
	case p.eat("+"):
		return p.unary()
	}
	return p.power()
}

func (p *numParser) power() (number, error) {
	base, err := p.postfix()
	if err != nil {
		return number{}, err
	}
	if !p.eat("^") {
		return base, nil
	}
	p.space()
	var exp number
	switch {
	case p.i < len(p.s) && p.s[p.i] == '{':
		p.i++
		if exp, err = p.expr(); err != nil {
			return number{}, err
		}
		if !p.eat("}") {
			return number{}, errNotNumber
		}
	case p.i < len(p.s) && (p.s[p.i] == '-' || p.s[p.i] == '+'):
		sign := p.s[p.i]
		p.i++
		if exp, err = p.postfix(); err != nil {
			return number{}, err
		}
		if sign == '-' {
			exp = neg(exp)
		}
	default:
		if exp, err = p.postfix(); err != nil {
			return number{}, err
		}
	}
	return checked(pow(base, exp))
}

func (p *numParser) postfix() (number, error) {
	n, err := p.primary()
	if err != nil {
		return number{}, err
	}
	for p.i < len(p.s) && p.s[p.i] == '!' {
		p.i++
		if n, err = checked(factorial(n)); err != nil {
			return number{}, err
		}
	}
	return n, nil
}

// group reads an expression up to its closing bracket.
func (p *numParser) group(close string) (number, error) {
	n, err := p.expr()
	if err != nil {
		return number{}, err
	}
	if !p.eat(close) {
		return number{}, errNotNumber
	}
	return n, nil
}

// arg reads a \frac/\binom argument: {expr} or a single digit.
func (p *numParser) arg() (number, error) {
	p.space()
	if p.i >= len(p.s) {
		return number{}, errNotNumber
	}
	if p.s[p.i] == '{' {
		p.i++
		return p.group("}")
	}
	if isDigit(p.s[p.i]) {
		v := new(big.Rat).SetInt64(int64(p.s[p.i] - '0'))
		p.i++
		return number{re: v, im: new(big.Rat)}, nil
	}
	return number{}, errNotNumber
}

func (p *numParser) primary() (number, error) {
	p.space()
	if p.i >= len(p.s) {
		return number{}, errNotNumber
	}
	c := p.s[p.i]
	switch {
	case c == '(':
		p.i++
		return p.group(")")
	case c == '{':
		p.i++
		return p.group("}")
	case isDigit(c) || c == '.':
		return p.literal()
	case c == 'i' && (p.i+1 == len(p.s) || !isLetter(p.s[p.i+1])):
		p.i++
		return number{re: new(big.Rat), im: big.NewRat(1, 1)}, nil
	case p.eat(`\frac`):
		num, err := p.arg()
		if err != nil {
			return number{}, err
		}
		den, err := p.arg()
		if err != nil {
			return number{}, err
		}
		return checked(div(num, den))
	case p.eat(`\binom`):
		n, err := p.arg()
		if err != nil {
			return number{}, err
		}
		k, err := p.arg()
		if err != nil {
			return number{}, err
		}
		return checked(binom(n, k))
	case p.eat(`\sqrt`):
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '{' {
			return number{}, errNotNumber
		}
		x, err := p.arg()
		if err != nil {
			return number{}, err
		}
		return sqrtExact(x)
	}
	return number{}, errNotNumber
}

// literal reads 12, 0.125, 1.5e-3 and 0.1\overline{6}.
func (p *numParser) literal() (number, error) {
	start := p.i
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
	intPart := p.s[start:p.i]
	frac := ""
	hasPoint := false
	if p.i < len(p.s) && p.s[p.i] == '.' {
		hasPoint = true
		p.i++
		fs := p.i
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
		frac = p.s[fs:p.i]
	}
	if intPart == "" && frac == "" {
		return number{}, errNotNumber
	}
	if len(intPart)+len(frac) > maxLiteral {
		return number{}, errNotNumber
	}
	digits := intPart + frac
	mant, _ := new(big.Int).SetString(strings.TrimLeft(digits, "0")+"0", 10)
	mant.Quo(mant, big.NewInt(10)) // the appended "0" keeps SetString happy for all-zero input
	scale := -len(frac)
	// Repeating decimal: 0.1\overline{6}.
	if hasPoint && strings.HasPrefix(p.s[p.i:], `\overline{`) {
		end, ok := matchBrace(p.s, p.i+len(`\overline`))
		rep := p.s[p.i+len(`\overline{`) : max(end, p.i+len(`\overline{`))]
		if !ok || rep == "" || strings.Trim(rep, "0123456789") != "" {
			return number{}, errNotNumber
		}
		p.i = end + 1
		// x = 0.<frac>(<rep>) = (frac.rep - frac) / (10^len(frac) * (10^len(rep) - 1)) + int
		a, _ := new(big.Int).SetString(digits+rep, 10)
		b, _ := new(big.Int).SetString(digits+"0", 10)
		b.Quo(b, big.NewInt(10))
		num := new(big.Int).Sub(a, b)
		den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
		den.Mul(den, new(big.Int).Sub(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(rep))), nil), big.NewInt(1)))
		return number{re: new(big.Rat).SetFrac(num, den), im: new(big.Rat)}, nil
	}
	exp := 0
	hasExp := false
	if p.i+1 < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		j := p.i + 1
		sign := 1
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			if p.s[j] == '-' {
				sign = -1
			}
			j++
		}
		k := j
		for k < len(p.s) && isDigit(p.s[k]) {
			k++
		}
		if k > j && k-j <= 6 {
			for _, d := range p.s[j:k] {
				exp = exp*10 + int(d-'0')
			}
			exp *= sign
			hasExp = true
			p.i = k
		}
	}
	v := new(big.Rat).SetInt(mant)
	v.Mul(v, pow10(scale+exp))
	n := number{re: v, im: new(big.Rat)}
	if hasPoint || hasExp {
		n.approx = true
		n.ulp = pow10(scale + exp)
		n.sig = significantDigits(intPart, frac)
	}
	return n, nil
}

func significantDigits(intPart, frac string) int {
	d := strings.TrimLeft(intPart+frac, "0")
	if strings.TrimLeft(intPart, "0") == "" {
		// 0.0830: leading zeros of the fraction are not significant
		d = strings.TrimLeft(frac, "0")
	}
	return len(d)
}

// pow10 returns 10^k as a rational.
func pow10(k int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(k))), nil)
	if k >= 0 {
		return new(big.Rat).SetInt(p)
	}
	return new(big.Rat).SetFrac(big.NewInt(1), p)
}

func abs(k int) int {
	if k < 0 {
		return -k
	}
	return k
}

func ratAbs(r *big.Rat) *big.Rat { return new(big.Rat).Abs(r) }

func neg(n number) number {
	n.re = new(big.Rat).Neg(n.re)
	n.im = new(big.Rat).Neg(n.im)
	return n
}

func add(a, b number, sub bool) number {
	if sub {
		b = neg(b)
	}
	r := number{re: new(big.Rat).Add(a.re, b.re), im: new(big.Rat).Add(a.im, b.im)}
	r.approx = a.approx || b.approx
	switch {
	case a.approx && !b.approx:
		r.ulp = a.ulp
	case b.approx && !a.approx:
		r.ulp = b.ulp
	case a.approx && b.approx && a.ulp != nil && b.ulp != nil:
		r.ulp = a.ulp
		if b.ulp.Cmp(a.ulp) > 0 {
			r.ulp = b.ulp
		}
	}
	return r
}

// scaleBy carries a decimal's precision through multiplication by an exact real factor.
func scaleBy(approxSide, exact number, factor *big.Rat) number {
	r := number{approx: true}
	if approxSide.ulp != nil && exact.isReal() {
		r.ulp = new(big.Rat).Mul(approxSide.ulp, ratAbs(factor))
		r.sig = approxSide.sig
	}
	return r
}

func mul(a, b number) number {
	var re, im *big.Rat
	if a.isReal() && b.isReal() {
		re, im = new(big.Rat).Mul(a.re, b.re), new(big.Rat)
	} else {
		re = new(big.Rat).Sub(new(big.Rat).Mul(a.re, b.re), new(big.Rat).Mul(a.im, b.im))
		im = new(big.Rat).Add(new(big.Rat).Mul(a.re, b.im), new(big.Rat).Mul(a.im, b.re))
	}
	r := number{}
	switch {
	case a.approx && !b.approx:
		r = scaleBy(a, b, b.re)
	case b.approx && !a.approx:
		r = scaleBy(b, a, a.re)
	case a.approx && b.approx:
		r.approx = true
	}
	r.re, r.im = re, im
	return r
}

func div(a, b number) (number, error) {
	var re, im *big.Rat
	if b.isReal() {
		if b.re.Sign() == 0 {
			return number{}, errNotNumber
		}
		re, im = new(big.Rat).Quo(a.re, b.re), new(big.Rat).Quo(a.im, b.re)
	} else {
		den := new(big.Rat).Add(new(big.Rat).Mul(b.re, b.re), new(big.Rat).Mul(b.im, b.im))
		re = new(big.Rat).Add(new(big.Rat).Mul(a.re, b.re), new(big.Rat).Mul(a.im, b.im))
		im = new(big.Rat).Sub(new(big.Rat).Mul(a.im, b.re), new(big.Rat).Mul(a.re, b.im))
		re.Quo(re, den)
		im.Quo(im, den)
	}
	r := number{}
	switch {
	case a.approx && !b.approx:
		if b.isReal() {
			r = scaleBy(a, b, new(big.Rat).Inv(b.re))
		} else {
			r.approx = true
		}
	case b.approx:
		r.approx = true
	}
	r.re, r.im = re, im
	return r, nil
}

func pow(base, exp number) (number, error) {
	if !exp.isInteger() || exp.approx {
		return number{}, errNotNumber
	}
	if !exp.re.Num().IsInt64() {
		return number{}, errNotNumber
	}
	k := exp.re.Num().Int64()
	if k == 0 {
		if base.re.Sign() == 0 && base.im.Sign() == 0 {
			return number{}, errNotNumber // 0^0
		}
		return number{re: big.NewRat(1, 1), im: new(big.Rat)}, nil
	}
	neg := k < 0
	if neg {
		k = -k
	}
	var r number
	if base.isReal() {
		bits := int64(base.re.Num().BitLen() + base.re.Denom().BitLen())
		if bits*k > maxBits {
			return number{}, errNotNumber
		}
		num := new(big.Int).Exp(base.re.Num(), big.NewInt(k), nil)
		den := new(big.Int).Exp(base.re.Denom(), big.NewInt(k), nil)
		r = number{re: new(big.Rat).SetFrac(num, den), im: new(big.Rat)}
	} else {
		bits := int64(base.re.Num().BitLen() + base.re.Denom().BitLen() + base.im.Num().BitLen() + base.im.Denom().BitLen())
		if k > 4096 || bits*k > maxBits {
			return number{}, errNotNumber
		}
		r = number{re: big.NewRat(1, 1), im: new(big.Rat)}
		b := number{re: base.re, im: base.im}
		for e := k; e > 0; e >>= 1 {
			if e&1 == 1 {
				r = mul(r, b)
			}
			b = mul(b, b)
		}
	}
	r.approx = base.approx
	if neg {
		return div(number{re: big.NewRat(1, 1), im: new(big.Rat)}, r)
	}
	return r, nil
}

func factorial(n number) (number, error) {
	if !n.isInteger() || n.re.Sign() < 0 || !n.re.Num().IsInt64() || n.re.Num().Int64() > maxFactorial {
		return number{}, errNotNumber
	}
	k := n.re.Num().Int64()
	f := big.NewInt(1)
	if k > 1 {
		f.MulRange(1, k)
	}
	return number{re: new(big.Rat).SetInt(f), im: new(big.Rat), approx: n.approx}, nil
}

func binom(n, k number) (number, error) {
	if !n.isInteger() || !k.isInteger() || !n.re.Num().IsInt64() || !k.re.Num().IsInt64() {
		return number{}, errNotNumber
	}
	nn, kk := n.re.Num().Int64(), k.re.Num().Int64()
	if nn < 0 || nn > maxBinomialN {
		return number{}, errNotNumber
	}
	if kk < 0 || kk > nn {
		return number{re: new(big.Rat), im: new(big.Rat)}, nil
	}
	return number{re: new(big.Rat).SetInt(new(big.Int).Binomial(nn, kk)), im: new(big.Rat)}, nil
}

// sqrtExact returns the square root of a non-negative (or negative, giving
// an imaginary value) rational that is a perfect square; otherwise it fails.
func sqrtExact(x number) (number, error) {
	if !x.isReal() || x.approx {
		return number{}, errNotNumber
	}
	v := ratAbs(x.re)
	num, okN := isqrt(v.Num())
	den, okD := isqrt(v.Denom())
	if !okN || !okD {
		return number{}, errNotNumber
	}
	root := new(big.Rat).SetFrac(num, den)
	if x.re.Sign() < 0 {
		return number{re: new(big.Rat), im: root}, nil
	}
	return number{re: root, im: new(big.Rat)}, nil
}

func isqrt(n *big.Int) (*big.Int, bool) {
	r := new(big.Int).Sqrt(n)
	return r, new(big.Int).Mul(r, r).Cmp(n) == 0
}

// infinity parses \infty, +\infty, -\infty (and oo): +1, -1, or 0 if not infinite.
func infinity(s string) int {
	switch strings.ReplaceAll(s, " ", "") {
	case `\infty`, `+\infty`:
		return 1
	case `-\infty`:
		return -1
	}
	return 0
}
