package offline

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed exemplars/*.yaml
var exemplarFS embed.FS

// textAlts is a text template given as one string or a list of alternative wordings.
type textAlts []string

// UnmarshalYAML accepts a scalar string or a sequence of strings.
func (t *textAlts) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*t = textAlts{n.Value}
		return nil
	case yaml.SequenceNode:
		var xs []string
		if err := n.Decode(&xs); err != nil {
			return err
		}
		*t = xs
		return nil
	}
	return fmt.Errorf("line %d: want a string or a list of strings", n.Line)
}

// paramSpec is one param of an exemplar, in declaration order.
type paramSpec struct {
	Name    string
	Int     []int64 // [lo, hi] for int params
	NonZero bool
	Not     []int64
	Choice  []any // int64 or string
	Expr    string
	parsed  expr
}

func (p *paramSpec) kind() string {
	switch {
	case p.Int != nil:
		return "int"
	case p.Choice != nil:
		return "choice"
	}
	return "expr"
}

// integral reports whether the param is an int or a choice of ints.
func (p *paramSpec) integral() bool {
	if p.Int != nil {
		return true
	}
	if p.Choice == nil {
		return false
	}
	for _, c := range p.Choice {
		if _, ok := c.(int64); !ok {
			return false
		}
	}
	return true
}

// paramList decodes the params mapping keeping its order.
type paramList []*paramSpec

// UnmarshalYAML decodes a mapping name -> spec in document order.
func (pl *paramList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: params must be a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i].Value
		var raw struct {
			Int     []int64     `yaml:"int"`
			NonZero bool        `yaml:"nonzero"`
			Not     []int64     `yaml:"not"`
			Choice  []yaml.Node `yaml:"choice"`
			Expr    string      `yaml:"expr"`
		}
		if err := n.Content[i+1].Decode(&raw); err != nil {
			return fmt.Errorf("param %s: %w", name, err)
		}
		p := &paramSpec{Name: name, Int: raw.Int, NonZero: raw.NonZero, Not: raw.Not, Expr: raw.Expr}
		for _, c := range raw.Choice {
			var iv int64
			if c.Kind == yaml.MappingNode {
				var m map[string]string
				if err := c.Decode(&m); err != nil {
					return fmt.Errorf("param %s: choice: %w", name, err)
				}
				p.Choice = append(p.Choice, m)
			} else if c.Tag == "!!int" && c.Decode(&iv) == nil {
				p.Choice = append(p.Choice, iv)
			} else {
				p.Choice = append(p.Choice, c.Value)
			}
		}
		*pl = append(*pl, p)
	}
	return nil
}

// outputDecl declares the kind, range and quantity of an exemplar's answer.
type outputDecl struct {
	Kind string   `yaml:"kind"`
	Min  *float64 `yaml:"min"`
	Max  *float64 `yaml:"max"`
	// Quantity is what the answer measures (see quantities); default
	// "count" for a non-negative integer answer, "integer" for another
	// integer answer, else the kind.
	Quantity string `yaml:"quantity"`
	// Value optionally gives an integer answer as an expression of the
	// params (the expression language); the planner then knows the exact
	// result of a draw and can draw the params so that it fits the param
	// it feeds. Tests check it against the executed program.
	Value string `yaml:"value"`
	value expr
	// Approx marks a decimal approximation (a rounded float): it is not
	// combined with other results, whose exact arithmetic would print it
	// with all its digits.
	Approx bool `yaml:"approx"`
}

// takeDecl declares an int param that a previous part's result may supply.
type takeDecl struct {
	Param string `yaml:"param"`
	// Quantity is what the param is (see quantities); it accepts the
	// quantities listed for it in accepts. Default "count" when Min >= 0,
	// else "integer".
	Quantity string `yaml:"quantity"`
	Min      int64  `yaml:"min"`
	Max      int64  `yaml:"max"`
	// Exact restricts the param to values the generator knows (answer
	// value expressions), so that the constraints (where) that mention it
	// are checked with the actual value.
	Exact bool `yaml:"exact"`
	// Answer optionally widens the exemplar's answer range, [min, max],
	// for when this param is taken from another part (the declared answer
	// range then only needs to hold for the exemplar's own draws).
	Answer []float64 `yaml:"answer"`
}

// giveDecl declares an integer derived from a non-integer answer that a
// later part may take (see projections).
type giveDecl struct {
	Take     string `yaml:"take"`
	Quantity string `yaml:"quantity"`
	Min      int64  `yaml:"min"`
	Max      int64  `yaml:"max"`
}

// quantities are the kinds of values parts produce and consume. accepts
// lists, for each quantity a param can be, the quantities of results it
// takes: a plain number (count or integer) can become a measure, a
// measure does not become a count of things, and an integer param takes
// any integer-valued result.
var accepts = map[string][]string{
	"count":   {"count", "integer"},
	"integer": {"integer", "count", "length", "area", "volume", "money", "angle", "time", "mass"},
	"length":  {"length", "count", "integer"},
	"area":    {"area", "count", "integer"},
	"volume":  {"volume", "count", "integer"},
	"money":   {"money", "count", "integer"},
	"angle":   {"angle", "count", "integer"},
	"time":    {"time", "count", "integer"},
	"mass":    {"mass", "count", "integer"},
}

// resultQuantities are the quantities an answer may declare beyond those of accepts.
var resultQuantities = map[string]bool{"probability": true, "fraction": true, "real": true, "expression": true,
	"set": true, "tuple": true, "matrix": true, "interval": true, "boolean": true, "complex": true, "rational": true}

// projection is an integer a later part can take from a non-integer answer.
type projection struct {
	code string // Python expression of the answer local X
	noun string // noun phrase around the part's noun %s
	step string // solution sentence: %[1]s the answer's LaTeX placeholder, %[2]s the letter, %[3]s the value placeholder
}

// projections are the derived values giveDecl.Take may name.
var projections = map[string]projection{
	"denominator": {code: "X.denominator", noun: "the denominator of %s, written in lowest terms",
		step: "Written in lowest terms, $%[1]s$ has denominator $%[2]s = %[3]s$."},
	"numerator": {code: "X.numerator", noun: "the numerator of %s, written in lowest terms",
		step: "Written in lowest terms, $%[1]s$ has numerator $%[2]s = %[3]s$."},
	"floor": {code: "int(X // 1)", noun: "the greatest integer not exceeding %s",
		step: "The greatest integer not exceeding $%[1]s$ is $%[2]s = %[3]s$."},
}

// exemplar is one parameterised program with its text templates (see FORMAT.md).
type exemplar struct {
	ID       string      `yaml:"id"`
	Topic    string      `yaml:"topic"`
	Params   paramList   `yaml:"params"`
	Where    []string    `yaml:"where"`
	Code     string      `yaml:"code"`
	Setup    textAlts    `yaml:"setup"`
	Ask      textAlts    `yaml:"ask"`
	Noun     textAlts    `yaml:"noun"`
	Steps    []string    `yaml:"steps"`
	Answer   outputDecl  `yaml:"answer"`
	AnswerAs string      `yaml:"answer_as"`
	Takes    []*takeDecl `yaml:"takes"`
	Gives    []*giveDecl `yaml:"gives"`

	file   string
	where  []expr
	locals map[string]bool // names assigned in Code
	mods   []string        // modules referenced in Code
	srcs   []source        // values a later part can take from this exemplar
}

type exemplarFile struct {
	Exemplars []*exemplar `yaml:"exemplars"`
}

var (
	idRe          = regexp.MustCompile(`^[a-z0-9_]+$`)
	reservedLocal = regexp.MustCompile(`^p[0-9]+_`)
	knownKinds    = map[string]bool{"integer": true, "rational": true, "real": true, "complex": true, "expr": true,
		"tuple": true, "set": true, "matrix": true, "interval": true, "boolean": true}
	forbiddenText = []string{"sympy", "solve(", "factorint", "def ", "import", "**", "lambda", "numpy", "itertools", "fractions.", "math.", "print("}
)

// loadExemplars reads and validates every embedded exemplar file.
func loadExemplars(fsys fs.FS) ([]*exemplar, error) {
	files, err := fs.Glob(fsys, "exemplars/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list exemplars: %w", err)
	}
	sort.Strings(files)
	var all []*exemplar
	var errs []error
	seen := map[string]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		var ef exemplarFile
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&ef); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		for _, ex := range ef.Exemplars {
			ex.file = path.Base(f)
			if prev, dup := seen[ex.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: duplicate exemplar id %q (also in %s)", f, ex.ID, prev))
				continue
			}
			seen[ex.ID] = f
			if err := ex.prepare(); err != nil {
				errs = append(errs, fmt.Errorf("%s: exemplar %q: %w", f, ex.ID, err))
				continue
			}
			all = append(all, ex)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return all, nil
}

// prepare validates an exemplar and precomputes its parsed parts.
func (ex *exemplar) prepare() error {
	if !idRe.MatchString(ex.ID) {
		return fmt.Errorf("id must match %s", idRe)
	}
	if ex.Topic == "" {
		return fmt.Errorf("missing topic")
	}
	if strings.TrimSpace(ex.Code) == "" {
		return fmt.Errorf("missing code")
	}
	if len(ex.Ask) == 0 {
		return fmt.Errorf("missing ask")
	}
	if len(ex.Steps) == 0 {
		return fmt.Errorf("missing steps")
	}
	if !knownKinds[ex.Answer.Kind] {
		return fmt.Errorf("answer kind %q unknown", ex.Answer.Kind)
	}
	numeric := ex.Answer.Kind == "integer" || ex.Answer.Kind == "rational" || ex.Answer.Kind == "real"
	if len(ex.Noun) > 0 && numeric && (ex.Answer.Min == nil || ex.Answer.Max == nil) {
		return fmt.Errorf("answer min/max required for a numeric exemplar with a noun")
	}
	params := map[string]*paramSpec{}
	for _, p := range ex.Params {
		if !identRe.MatchString(p.Name) || reservedLocal.MatchString(p.Name) || p.Name == "answer" {
			return fmt.Errorf("bad param name %q", p.Name)
		}
		if params[p.Name] != nil {
			return fmt.Errorf("duplicate param %q", p.Name)
		}
		forms := 0
		if p.Int != nil {
			forms++
			if len(p.Int) != 2 || p.Int[0] > p.Int[1] {
				return fmt.Errorf("param %s: int wants [lo, hi]", p.Name)
			}
		}
		if p.Choice != nil {
			forms++
		}
		if p.Expr != "" {
			forms++
			e, err := parseExpr(p.Expr)
			if err != nil {
				return fmt.Errorf("param %s: %w", p.Name, err)
			}
			var bad error
			e.names(func(n string) {
				if params[n] == nil && bad == nil {
					bad = fmt.Errorf("param %s: uses %q before it is defined", p.Name, n)
				}
			})
			if bad != nil {
				return bad
			}
			p.parsed = e
		}
		if forms != 1 {
			return fmt.Errorf("param %s: give exactly one of int, choice, expr", p.Name)
		}
		params[p.Name] = p
	}
	for _, w := range ex.Where {
		e, err := parseExpr(w)
		if err != nil {
			return fmt.Errorf("where: %w", err)
		}
		var bad error
		e.names(func(n string) {
			if params[n] == nil && bad == nil {
				bad = fmt.Errorf("where %q: unknown param %q", w, n)
			}
		})
		if bad != nil {
			return bad
		}
		ex.where = append(ex.where, e)
	}
	code, err := scanPython(ex.Code)
	if err != nil {
		return fmt.Errorf("code: %w", err)
	}
	ex.locals = code.assigned
	ex.mods = code.modules
	if !ex.locals["answer"] {
		return fmt.Errorf("code must assign answer")
	}
	for l := range ex.locals {
		if reservedLocal.MatchString(l) {
			return fmt.Errorf("local %q uses a reserved prefix", l)
		}
	}
	if bad := forbiddenName(ex.Code); bad != "" {
		return fmt.Errorf("code must not use %q", bad)
	}
	// Placeholders in code must be params.
	for _, ph := range findPlaceholders(ex.Code) {
		if err := checkParamRef(params, ph.name); err != nil {
			return fmt.Errorf("code: %w", err)
		}
		if params[baseName(ph.name)] == nil {
			return fmt.Errorf("code placeholder {{%s}} is not a param", ph.name)
		}
		if len(ph.filters) > 0 {
			return fmt.Errorf("code placeholder {{%s}} must not have filters", ph.name)
		}
	}
	checkText := func(field, t string, allowLocals bool) error {
		for _, ph := range findPlaceholders(t) {
			if params[baseName(ph.name)] != nil {
				if err := checkParamRef(params, ph.name); err != nil {
					return fmt.Errorf("%s: %w", field, err)
				}
			} else if !(allowLocals && ex.locals[ph.name]) {
				return fmt.Errorf("%s: {{%s}} is not a param%s", field, ph.name, map[bool]string{true: " or local", false: ""}[allowLocals])
			}
			for _, f := range ph.filters {
				if _, ok := filters[f]; !ok {
					return fmt.Errorf("%s: unknown filter %q", field, f)
				}
			}
		}
		return nil
	}
	for _, group := range []struct {
		name   string
		texts  []string
		locals bool
	}{{"setup", ex.Setup, false}, {"ask", ex.Ask, false}, {"noun", ex.Noun, false}, {"steps", ex.Steps, true}} {
		for _, t := range group.texts {
			if err := checkText(group.name, t, group.locals); err != nil {
				return err
			}
			if group.name != "steps" {
				low := strings.ToLower(t)
				for _, f := range forbiddenText {
					if strings.Contains(low, f) {
						return fmt.Errorf("%s mentions %q", group.name, f)
					}
				}
			}
		}
	}
	if err := ex.checkGrounding(params); err != nil {
		return err
	}
	if strings.Contains(ex.AnswerAs, "{{") {
		return fmt.Errorf("answer_as must be plain text")
	}
	return ex.prepareChaining(params)
}

// prepareChaining validates takes, gives and the answer's quantity, and
// lists the values the exemplar can give a later part.
func (ex *exemplar) prepareChaining(params map[string]*paramSpec) error {
	q := ex.Answer.Quantity
	if q == "" {
		q = ex.Answer.Kind
		if ex.Answer.Kind == "integer" {
			q = "integer"
			if ex.Answer.Min != nil && *ex.Answer.Min >= 0 {
				q = "count"
			}
		}
		ex.Answer.Quantity = q
	}
	if _, ok := accepts[q]; !ok && !resultQuantities[q] && !knownKinds[q] {
		return fmt.Errorf("answer quantity %q unknown", q)
	}
	if ex.Answer.Value != "" {
		if ex.Answer.Kind != "integer" {
			return fmt.Errorf("answer value is only for integer answers")
		}
		e, err := parseExpr(ex.Answer.Value)
		if err != nil {
			return fmt.Errorf("answer value: %w", err)
		}
		var bad error
		e.names(func(n string) {
			if params[n] == nil && bad == nil {
				bad = fmt.Errorf("answer value: unknown param %q", n)
			}
		})
		if bad != nil {
			return bad
		}
		ex.Answer.value = e
	}
	if ex.Answer.Kind == "integer" && len(ex.Noun) > 0 && ex.Answer.Min != nil && ex.Answer.Max != nil {
		if _, ok := accepts[q]; !ok {
			return fmt.Errorf("an integer answer cannot be the quantity %q", q)
		}
		ex.srcs = append(ex.srcs, source{quantity: q, min: int64(math.Ceil(*ex.Answer.Min)), max: int64(math.Floor(*ex.Answer.Max)), exact: ex.Answer.value != nil})
	}
	seen := map[string]bool{}
	for _, tk := range ex.Takes {
		p := params[tk.Param]
		if p == nil || !p.integral() {
			return fmt.Errorf("takes: param %q must be an int param (or a choice of ints)", tk.Param)
		}
		if seen[tk.Param] {
			return fmt.Errorf("takes: param %q listed twice", tk.Param)
		}
		seen[tk.Param] = true
		if tk.Quantity == "" {
			tk.Quantity = "count"
			if tk.Min < 0 {
				tk.Quantity = "integer"
			}
		}
		if _, ok := accepts[tk.Quantity]; !ok {
			return fmt.Errorf("takes: param %s: quantity %q unknown", tk.Param, tk.Quantity)
		}
		if tk.Min > tk.Max {
			return fmt.Errorf("takes: param %s: range empty", tk.Param)
		}
		if tk.Answer != nil && (len(tk.Answer) != 2 || tk.Answer[0] > tk.Answer[1]) {
			return fmt.Errorf("takes: param %s: answer wants [min, max]", tk.Param)
		}
		var err error
		for _, q := range ex.Params {
			if q.parsed == nil {
				continue
			}
			q.parsed.names(func(n string) {
				if n == tk.Param && err == nil {
					err = fmt.Errorf("takes: param %q is used by expr param %s", tk.Param, q.Name)
				}
			})
		}
		if err != nil {
			return err
		}
	}
	for _, gv := range ex.Gives {
		if _, ok := projections[gv.Take]; !ok {
			return fmt.Errorf("gives: unknown projection %q", gv.Take)
		}
		if len(ex.Noun) == 0 {
			return fmt.Errorf("gives: needs a noun")
		}
		if gv.Quantity == "" {
			gv.Quantity = "count"
			if gv.Min < 0 {
				gv.Quantity = "integer"
			}
		}
		if _, ok := accepts[gv.Quantity]; !ok {
			return fmt.Errorf("gives: quantity %q unknown", gv.Quantity)
		}
		if gv.Min > gv.Max {
			return fmt.Errorf("gives: range empty")
		}
		ex.srcs = append(ex.srcs, source{give: gv, quantity: gv.Quantity, min: gv.Min, max: gv.Max})
	}
	return nil
}

// forbiddenName returns the first name in code (outside strings) that would
// do I/O, randomness or dynamic evaluation, or "".
func forbiddenName(code string) string {
	toks, err := tokenizePython(placeholderRe.ReplaceAllString(code, "0"))
	if err != nil {
		return ""
	}
	for i, t := range toks {
		if t.kind != pyName {
			continue
		}
		attr := i > 0 && toks[i-1].text == "."
		switch t.text {
		case "random", "secrets", "subprocess", "socket", "urllib":
			return t.text
		case "import", "print", "open", "input", "eval", "exec", "compile", "__import__", "lambda", "os", "sys", "globals", "locals", "setattr":
			if !attr {
				return t.text
			}
		}
	}
	return ""
}

var singleBraceRe = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(?:\|[a-z_]+)*\}`)

// checkGrounding verifies that every param the code uses and every numeric
// literal written in the code (other than 0 and 1) is shown by each wording
// of the problem: setup+ask and setup+noun.
func (ex *exemplar) checkGrounding(params map[string]*paramSpec) error {
	var used []string
	for _, ph := range findPlaceholders(ex.Code) {
		used = append(used, baseName(ph.name))
	}
	toks, err := tokenizePython(placeholderRe.ReplaceAllString(ex.Code, "0"))
	if err != nil {
		return fmt.Errorf("code: %w", err)
	}
	var lits []string
	for _, t := range toks {
		if t.kind == pyNumber && t.text != "0" && t.text != "1" {
			lits = append(lits, t.text)
		}
	}
	setups := ex.Setup
	if len(setups) == 0 {
		setups = textAlts{""}
	}
	for _, s := range setups {
		for _, group := range []struct {
			name string
			alts textAlts
		}{{"ask", ex.Ask}, {"noun", ex.Noun}} {
			for _, q := range group.alts {
				text := s + " " + q
				for _, p := range used {
					if !strings.Contains(text, "{{"+p+"}}") && !strings.Contains(text, "{{"+p+"|") && !strings.Contains(text, "{{"+p+".") {
						return fmt.Errorf("%s %q (with setup) does not show param %s used by the code", group.name, q, p)
					}
				}
				plain := placeholderRe.ReplaceAllString(text, " ")
				for _, l := range lits {
					if !regexp.MustCompile(`(^|[^0-9.])` + regexp.QuoteMeta(l) + `([^0-9]|$)`).MatchString(plain) {
						return fmt.Errorf("%s %q (with setup) does not show the literal %s of the code", group.name, q, l)
					}
				}
			}
		}
	}
	return nil
}

// baseName strips the key of a map-choice reference "param.key".
func baseName(ref string) string {
	if i := strings.IndexByte(ref, '.'); i >= 0 {
		return ref[:i]
	}
	return ref
}

// checkParamRef validates a reference to a param: map choices must be
// referenced as param.key with a key every alternative has, other params
// without a key.
func checkParamRef(params map[string]*paramSpec, ref string) error {
	p := params[baseName(ref)]
	if p == nil {
		return nil
	}
	key := ""
	if i := strings.IndexByte(ref, '.'); i >= 0 {
		key = ref[i+1:]
	}
	isMap := false
	for _, c := range p.Choice {
		if m, ok := c.(map[string]string); ok {
			isMap = true
			if key == "" {
				return fmt.Errorf("{{%s}} needs a key: the choices of %s are mappings", ref, p.Name)
			}
			if _, ok := m[key]; !ok {
				return fmt.Errorf("{{%s}}: a choice of %s has no key %q", ref, p.Name, key)
			}
		}
	}
	if key != "" && !isMap {
		return fmt.Errorf("{{%s}}: %s is not a choice of mappings", ref, p.Name)
	}
	return nil
}
