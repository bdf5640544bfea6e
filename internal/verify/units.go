package verify

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// CheckUnitConsistency compares the unit a problem gives a number in with
// the unit the program's name for that given declares.
const CheckUnitConsistency = "unit_consistency"

// unit is a unit's dimension and canonical name.
type unit struct{ dim, name string }

// unitLexicon maps unit words (of problems and of program names) to units.
// One-letter abbreviations are read in problems only after a number.
var unitLexicon = map[string]unit{
	"mm": {"length", "mm"}, "millimeter": {"length", "mm"}, "millimeters": {"length", "mm"}, "millimetre": {"length", "mm"}, "millimetres": {"length", "mm"},
	"cm": {"length", "cm"}, "centimeter": {"length", "cm"}, "centimeters": {"length", "cm"}, "centimetre": {"length", "cm"}, "centimetres": {"length", "cm"},
	"m": {"length", "m"}, "meter": {"length", "m"}, "meters": {"length", "m"}, "metre": {"length", "m"}, "metres": {"length", "m"},
	"km": {"length", "km"}, "kilometer": {"length", "km"}, "kilometers": {"length", "km"}, "kilometre": {"length", "km"}, "kilometres": {"length", "km"},
	"inch": {"length", "in"}, "inches": {"length", "in"},
	"ft": {"length", "ft"}, "foot": {"length", "ft"}, "feet": {"length", "ft"},
	"yd": {"length", "yd"}, "yard": {"length", "yd"}, "yards": {"length", "yd"},
	"mi": {"length", "mi"}, "mile": {"length", "mi"}, "miles": {"length", "mi"},
	"sec": {"time", "s"}, "secs": {"time", "s"}, "second": {"time", "s"}, "seconds": {"time", "s"},
	"min": {"time", "min"}, "mins": {"time", "min"}, "minute": {"time", "min"}, "minutes": {"time", "min"},
	"h": {"time", "h"}, "hr": {"time", "h"}, "hrs": {"time", "h"}, "hour": {"time", "h"}, "hours": {"time", "h"}, "hourly": {"time", "h"},
	"day": {"time", "day"}, "days": {"time", "day"}, "daily": {"time", "day"},
	"week": {"time", "week"}, "weeks": {"time", "week"}, "weekly": {"time", "week"},
	"month": {"time", "month"}, "months": {"time", "month"}, "monthly": {"time", "month"},
	"year": {"time", "year"}, "years": {"time", "year"}, "yearly": {"time", "year"}, "annual": {"time", "year"}, "annually": {"time", "year"},
	"dollar": {"money", "dollar"}, "dollars": {"money", "dollar"}, "usd": {"money", "dollar"},
	"cent": {"money", "cent"}, "cents": {"money", "cent"},
	"euro": {"money", "euro"}, "euros": {"money", "euro"}, "eur": {"money", "euro"},
	"mg": {"mass", "mg"}, "milligram": {"mass", "mg"}, "milligrams": {"mass", "mg"},
	"g": {"mass", "g"}, "gram": {"mass", "g"}, "grams": {"mass", "g"},
	"kg": {"mass", "kg"}, "kilogram": {"mass", "kg"}, "kilograms": {"mass", "kg"},
	"lb": {"mass", "lb"}, "lbs": {"mass", "lb"},
	"oz": {"mass", "oz"}, "ounce": {"mass", "oz"}, "ounces": {"mass", "oz"},
	"ml": {"volume", "ml"}, "milliliter": {"volume", "ml"}, "milliliters": {"volume", "ml"}, "millilitre": {"volume", "ml"}, "millilitres": {"volume", "ml"},
	"l": {"volume", "l"}, "liter": {"volume", "l"}, "liters": {"volume", "l"}, "litre": {"volume", "l"}, "litres": {"volume", "l"},
	"gallon": {"volume", "gal"}, "gallons": {"volume", "gal"},
	"percent": {"ratio", "percent"}, "pct": {"ratio", "percent"}, "percentage": {"ratio", "percent"},
}

var (
	reNameToken = regexp.MustCompile(`[A-Z]?[a-z]+|[A-Z]+`)
	reWordAfter = regexp.MustCompile(`^[A-Za-z]+`)
)

// nameUnits reads the units a program name declares: distance_km,
// cm_per_hour, timeMinutes. One-letter tokens are not read (p1_m is not a
// metre).
func nameUnits(name string) map[string]string {
	out := map[string]string{}
	for _, tok := range reNameToken.FindAllString(name, -1) {
		t := strings.ToLower(tok)
		if len(t) < 2 {
			continue
		}
		if u, ok := unitLexicon[t]; ok {
			out[u.dim] = u.name
		}
	}
	return out
}

// attachedUnits reads the units a problem gives the number ending at j:
// the unit words among the next words, up to punctuation or another
// number ("2 centimeters every hour", "12-mile", "0.5 hours a day"), and a
// currency sign before it.
func attachedUnits(t string, i, j int) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	add := func(u unit) {
		if out[u.dim] == nil {
			out[u.dim] = map[string]bool{}
		}
		out[u.dim][u.name] = true
	}
	k := i - 1
	for k >= 0 && (t[k] == ' ' || t[k] == '{') {
		k--
	}
	if k >= 0 && t[k] == '$' && (k == 0 || t[k-1] != '$') {
		// "$5" or "\$5": a dollar sign (not the start of a formula
		// unless escaped or followed by a digit in prose).
		if k > 0 && t[k-1] == '\\' || currencyDollar(t, k) {
			add(unitLexicon["dollar"])
		}
	}
	k = j
	words := 0
	first := true
	for k < len(t) && words < 5 {
		c := t[k]
		switch {
		case c == ' ' || c == '$' || c == '-' || c == '~' || c == '{' || c == '}':
			k++
			continue
		case c == '\\':
			// \text{cm}, \, : skip the command name.
			m := reWordAfter.FindString(t[k+1:])
			if m == "text" || m == "mathrm" || m == "textrm" || m == "mbox" || m == "" {
				k += 1 + len(m)
				continue
			}
			return out
		case isDigitByte(c) || c == '.' || c == ',' || c == ';' || c == ':' || c == '?' || c == '!' || c == '(' || c == ')':
			return out
		}
		w := reWordAfter.FindString(t[k:])
		if w == "" {
			return out
		}
		lw := strings.ToLower(w)
		if u, ok := unitLexicon[lw]; ok && (len(lw) > 1 || first) && lw != "in" {
			add(u)
		}
		if lw == "and" || lw == "or" || lw == "than" {
			return out
		}
		first = false
		words++
		k += len(w)
	}
	return out
}

// UnitConsistency checks that the problem gives each number in the unit
// the program's name for it declares: when the program writes
// meters_per_sprint = 60, the problem may not give 60 in yards; when it
// writes per_day = 2, not "2 a week". Only simple assignments of a
// literal to a name are read, and only names that contain a unit word; a
// program that names no units (as the offline generator's) is not
// judged. A number the problem gives without a unit of that dimension is
// not judged either.
func UnitConsistency(problem, src string, ex *schemas.Execution) schemas.Check {
	c := schemas.Check{Name: CheckUnitConsistency}
	if ex == nil || src == "" {
		c.Result, c.Reason = schemas.ResultSkipped, "no program source"
		return c
	}
	consts := constants(src)
	type named struct {
		name  string
		units map[string]string
	}
	byValue := map[string][]named{}
	for name, lit := range consts {
		u := nameUnits(name)
		if len(u) == 0 {
			continue
		}
		v, ok := parseRat(lit)
		if !ok {
			continue
		}
		key := new(big.Rat).Abs(v).RatString()
		byValue[key] = append(byValue[key], named{name, u})
	}
	if len(byValue) == 0 {
		c.Result, c.Reason = schemas.ResultSkipped, "the program names no units"
		return c
	}
	// The units the problem gives each value in, by dimension.
	given := map[string]map[string]map[string]bool{}
	for _, q := range ReadQuantities(problem) {
		if q.Role != "" || q.Value == nil {
			continue
		}
		key := q.Value.RatString()
		if _, ok := byValue[key]; !ok {
			continue
		}
		if given[key] == nil {
			given[key] = map[string]map[string]bool{}
		}
		for dim, names := range attachedUnits(problem, q.Start, q.End) {
			if given[key][dim] == nil {
				given[key][dim] = map[string]bool{}
			}
			for n := range names {
				given[key][dim][n] = true
			}
		}
	}
	var bad []string
	checked := 0
	keys := make([]string, 0, len(byValue))
	for k := range byValue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		for _, nm := range byValue[key] {
			for dim, want := range nm.units {
				got := given[key][dim]
				if len(got) == 0 {
					continue
				}
				checked++
				if !got[want] {
					var gs []string
					for g := range got {
						gs = append(gs, g)
					}
					sort.Strings(gs)
					bad = append(bad, fmt.Sprintf("%s in %s, but the program calls it %s (%s)", key, strings.Join(gs, "/"), nm.name, want))
				}
			}
		}
	}
	if len(bad) > 0 {
		c.Result = schemas.ResultFail
		c.Reason = "the problem gives " + strings.Join(bad, "; ")
		return c
	}
	c.Result, c.Reason = schemas.ResultPass, fmt.Sprintf("%d units match the program's names", checked)
	return c
}
