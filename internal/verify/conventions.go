package verify

import (
	"math/big"
	"regexp"
	"strings"
)

// A convention is a conventional constant: a number a problem may state, or
// a program may use, without the other side holding it, because the
// problem's own words imply it (100 cm in a metre when the problem speaks
// of both, 60 minutes in an hour, 180° in a triangle). Each applies only
// when every one of its contexts appears in the problem.
type convention struct {
	value *big.Rat
	name  string
	// when lists alternatives; each alternative is a list of contexts that
	// must all appear.
	when [][]string
}

// Contexts: what the problem must mention for a convention to apply.
var contexts = map[string]*regexp.Regexp{
	"percent":  regexp.MustCompile(`(?i)%|\bpercent(age)?s?\b|\bper\s+cent\b|\bpct\b`),
	"mm":       regexp.MustCompile(`(?i)\bmm\b|\bmillimet(er|re)s?\b`),
	"cm":       regexp.MustCompile(`(?i)\bcm\b|\bcentimet(er|re)s?\b`),
	"m":        regexp.MustCompile(`(?i)\bmet(er|re)s?\b|[0-9]\$?\s*(\\[,;: ]|~)?\s*\$?\s*(\\(text|mathrm)\{\s*)?m\b[^^]|\\(text|mathrm)\{\s*m\s*\}|\bm\s*=`),
	"km":       regexp.MustCompile(`(?i)\bkm\b|\bkilomet(er|re)s?\b`),
	"mg":       regexp.MustCompile(`(?i)\bmg\b|\bmilligrams?\b`),
	"g":        regexp.MustCompile(`(?i)\bgrams?\b|[0-9]\$?\s*(\\[,;: ]|~)?\s*\$?\s*(\\(text|mathrm)\{\s*)?g\b`),
	"kg":       regexp.MustCompile(`(?i)\bkg\b|\bkilo(gram)?s?\b`),
	"tonne":    regexp.MustCompile(`(?i)\b(tonnes?|metric tons?)\b`),
	"ml":       regexp.MustCompile(`(?i)\bml\b|\bmillilit(er|re)s?\b`),
	"l":        regexp.MustCompile(`(?i)\blit(er|re)s?\b|[0-9]\$?\s*(\\[,;: ]|~)?\s*\$?\s*(\\(text|mathrm)\{\s*)?[lL]\b`),
	"s":        regexp.MustCompile(`(?i)\bseconds\b|\bsecs?\b|\bper second\b|[0-9]\$?\s*(\\[,;: ]|~)?\s*\$?\s*(\\(text|mathrm)\{\s*)?s\b`),
	"min":      regexp.MustCompile(`(?i)\bminutes?\b|\bmins?\b`),
	"h":        regexp.MustCompile(`(?i)\bhours?\b|\bhrs?\b|\bhourly\b|[0-9]\$?\s*(\\[,;: ]|~)?\s*\$?\s*(\\(text|mathrm)\{\s*)?h\b`),
	"day":      regexp.MustCompile(`(?i)\bdays?\b|\bdaily\b|\bevery (morning|evening|night)\b|\bper day\b|\ba day\b`),
	"week":     regexp.MustCompile(`(?i)\bweeks?\b|\bweekly\b`),
	"month":    regexp.MustCompile(`(?i)\bmonths?\b|\bmonthly\b`),
	"year":     regexp.MustCompile(`(?i)\byears?\b|\byearly\b|\bannual(ly)?\b`),
	"decade":   regexp.MustCompile(`(?i)\bdecades?\b`),
	"century":  regexp.MustCompile(`(?i)\bcentur(y|ies)\b`),
	"dollar":   regexp.MustCompile(`(?i)\$\s*[0-9]|\\\$|\bdollars?\b|\busd\b`),
	"cent":     regexp.MustCompile(`(?i)\bcents?\b|¢`),
	"inch":     regexp.MustCompile(`(?i)\binch(es)?\b|\bin\.`),
	"foot":     regexp.MustCompile(`(?i)\bfeet\b|\bfoot\b|\bft\b`),
	"yard":     regexp.MustCompile(`(?i)\byards?\b|\byd\b`),
	"mile":     regexp.MustCompile(`(?i)\bmiles?\b|\bmph\b`),
	"oz":       regexp.MustCompile(`(?i)\bounces?\b|\boz\b`),
	"lb":       regexp.MustCompile(`(?i)\bpounds?\b|\blbs?\b`),
	"dozen":    regexp.MustCompile(`(?i)\bdozens?\b`),
	"clock":    regexp.MustCompile(`(?i)\bclocks?\b|\b(a\.m\.|p\.m\.|am|pm|o'clock)\b`),
	"degree":   regexp.MustCompile(`(?i)\\circ|°|\bdegrees?\b`),
	"pi":       regexp.MustCompile(`\\pi|π|(?i)\bradians?\b`),
	"triangle": regexp.MustCompile(`(?i)\btriangles?\b|\\triangle|\bpolygons?\b|\binterior angles?\b|\bangles? sum\b`),
	"straight": regexp.MustCompile(`(?i)\bstraight (angle|line)\b|\bsupplementary\b|\blinear pair\b|\bhalf[- ]turn\b`),
	"right":    regexp.MustCompile(`(?i)\bright[- ]angled?\b|\bright triangles?\b|\bperpendicular\b|\\perp\b|\bcomplementary\b|\brectangles?\b|\bsquares?\b`),
	"full":     regexp.MustCompile(`(?i)\bcircles?\b|\bfull (turn|rotation|circle)\b|\brevolutions?\b|\bturns?\b|\baround a point\b|\bexterior angles?\b|\bclocks?\b|\bsectors?\b|\bpie\b`),
	"diameter": regexp.MustCompile(`(?i)\bdiameters?\b`),
	"parity":   regexp.MustCompile(`(?i)\b(odd|even|parity)\b`),
	"tri3":     regexp.MustCompile(`(?i)\btriangles?\b|\btriangular\b`),
	"quad4":    regexp.MustCompile(`(?i)\b(squares?|rectangles?|quadrilaterals?|rhombus|rhombi|parallelograms?|trapezoids?|trapeziums?)\b`),
	"pent5":    regexp.MustCompile(`(?i)\bpentagons?\b|\bpentagonal\b`),
	"hex6":     regexp.MustCompile(`(?i)\bhexagons?\b|\bhexagonal\b`),
	"oct8":     regexp.MustCompile(`(?i)\boctagons?\b|\boctagonal\b`),
	"cube":     regexp.MustCompile(`(?i)\bcubes?\b|\bdice\b|\bdie\b`),
	"polyside": regexp.MustCompile(`(?i)\b(sides?|perimeters?|edges?|vertices|vertex|corners?|diagonals?|faces?|sided)\b`),
	"radius":   regexp.MustCompile(`(?i)\bradi(us|i)\b`),
	"celsius":  regexp.MustCompile(`(?i)\bcelsius\b|°\s*C\b|\\circ\s*\}?\s*(\\text\{\s*)?C\b`),
	"fahr":     regexp.MustCompile(`(?i)\bfahrenheit\b|°\s*F\b|\\circ\s*\}?\s*(\\text\{\s*)?F\b`),
}

// conventions is the table of conventional constants (documented in the
// package doc of UngroundedNumbers and in Conventions).
var conventions = []convention{
	{rat(100, 1), "100 per cent", [][]string{{"percent"}}},
	{rat(100, 1), "100 cm per m", [][]string{{"cm", "m"}}},
	{rat(100, 1), "100 cents per dollar", [][]string{{"cent", "dollar"}}},
	{rat(100, 1), "100 years per century", [][]string{{"year", "century"}}},
	{rat(1000, 1), "1000 per kilo or milli unit", [][]string{{"m", "km"}, {"g", "kg"}, {"mg", "g"}, {"ml", "l"}, {"mm", "m"}, {"kg", "tonne"}}},
	{rat(10, 1), "10 mm per cm, 10 years per decade", [][]string{{"mm", "cm"}, {"year", "decade"}}},
	{rat(60, 1), "60 minutes per hour, 60 seconds per minute", [][]string{{"min", "h"}, {"s", "min"}}},
	{rat(3600, 1), "3600 seconds per hour", [][]string{{"s", "h"}}},
	{rat(24, 1), "24 hours per day", [][]string{{"h", "day"}, {"h", "clock"}}},
	{rat(1440, 1), "1440 minutes per day", [][]string{{"min", "day"}}},
	{rat(7, 1), "7 days per week", [][]string{{"day", "week"}}},
	{rat(12, 1), "12 months per year, 12 inches per foot, a dozen, 12 hours on a clock", [][]string{{"month", "year"}, {"inch", "foot"}, {"dozen"}, {"clock"}}},
	{rat(52, 1), "52 weeks per year", [][]string{{"week", "year"}}},
	{rat(365, 1), "365 days per year", [][]string{{"day", "year"}}},
	{rat(3, 1), "3 feet per yard", [][]string{{"foot", "yard"}}},
	{rat(36, 1), "36 inches per yard", [][]string{{"inch", "yard"}}},
	{rat(5280, 1), "5280 feet per mile", [][]string{{"foot", "mile"}}},
	{rat(16, 1), "16 ounces per pound", [][]string{{"oz", "lb"}}},
	{rat(2, 1), "a diameter is 2 radii; odd and even numbers speak of 2", [][]string{{"diameter", "radius"}, {"parity"}}},
	{rat(3, 1), "a triangle has 3 sides", [][]string{{"tri3", "polyside"}}},
	{rat(4, 1), "a square, rectangle or quadrilateral has 4 sides", [][]string{{"quad4", "polyside"}}},
	{rat(5, 1), "a pentagon has 5 sides", [][]string{{"pent5", "polyside"}}},
	{rat(6, 1), "a hexagon has 6 sides, a cube (a die) 6 faces", [][]string{{"hex6", "polyside"}, {"cube", "polyside"}}},
	{rat(8, 1), "an octagon has 8 sides", [][]string{{"oct8", "polyside"}}},
	{rat(180, 1), "180° in a triangle, a straight angle, π radians", [][]string{{"degree", "triangle"}, {"degree", "straight"}, {"degree", "pi"}}},
	{rat(360, 1), "360° in a full turn", [][]string{{"degree", "full"}}},
	{rat(90, 1), "90° in a right angle", [][]string{{"degree", "right"}}},
	{rat(32, 1), "water freezes at 32 °F", [][]string{{"celsius", "fahr"}}},
	{rat(9, 5), "°F = 9/5 °C + 32", [][]string{{"celsius", "fahr"}}},
	{rat(5, 9), "°C = 5/9 (°F - 32)", [][]string{{"celsius", "fahr"}}},
}

// problemContext is the set of contexts a problem mentions.
type problemContext map[string]bool

func readContext(problem string) problemContext {
	ctx := problemContext{}
	for name, re := range contexts {
		if re.MatchString(problem) {
			ctx[name] = true
		}
	}
	return ctx
}

// convention returns the name of a conventional constant equal to v whose
// contexts the problem mentions.
func (ctx problemContext) convention(v *big.Rat) (string, bool) {
	for _, c := range conventions {
		if c.value.Cmp(v) != 0 {
			continue
		}
		for _, alt := range c.when {
			all := true
			for _, need := range alt {
				if !ctx[need] {
					all = false
					break
				}
			}
			if all {
				return c.name, true
			}
		}
	}
	return "", false
}

// Conventions lists the conventional constants with the contexts that make
// each apply (for documentation and the report).
func Conventions() []string {
	var out []string
	for _, c := range conventions {
		var alts []string
		for _, a := range c.when {
			alts = append(alts, strings.Join(a, "+"))
		}
		out = append(out, c.value.RatString()+": "+c.name+" (when the problem mentions "+strings.Join(alts, " or ")+")")
	}
	return out
}
