// Package offline is the built-in, LLM-free backend of `arrows generate`.
//
// It composes real Python/SymPy programs from parameterised exemplars (YAML
// files under exemplars/, format in FORMAT.md), one exemplar per sampled
// knowledge-system topic, chaining 2–3 topics so that the result of one part
// becomes a given of the next. After the sandbox has executed a program,
// Translate renders the natural-language problem and the step-by-step solution
// (ending in \boxed{answer}) from the exemplars' templates and the program's
// locals.
package offline

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/arrows-math/arrows/schemas"
)

// PromptVersion identifies the offline templates for provenance; bump it when
// the exemplars or the text assembly change.
const PromptVersion = "offline-v2"

// maxDraws bounds rejection sampling of one exemplar's params.
const maxDraws = 2000

// Generator builds programs from the embedded exemplars.
type Generator struct {
	byTopic map[string][]*exemplar
	topics  []string
	byID    map[string]*exemplar
}

// newGenerator indexes exemplars by topic after checkTopic accepted each one.
func newGenerator(exs []*exemplar, checkTopic func(*exemplar) error) (*Generator, error) {
	g := &Generator{byTopic: map[string][]*exemplar{}, byID: map[string]*exemplar{}}
	for _, ex := range exs {
		if checkTopic != nil {
			if err := checkTopic(ex); err != nil {
				return nil, fmt.Errorf("exemplar %s (%s): %w", ex.ID, ex.file, err)
			}
		}
		g.byTopic[ex.Topic] = append(g.byTopic[ex.Topic], ex)
		g.byID[ex.ID] = ex
	}
	for t := range g.byTopic {
		g.topics = append(g.topics, t)
	}
	sort.Strings(g.topics)
	if len(g.topics) == 0 {
		return nil, errors.New("no exemplars")
	}
	return g, nil
}

// Covers reports whether topicID has at least one exemplar.
func (g *Generator) Covers(topicID string) bool { return len(g.byTopic[topicID]) > 0 }

// Topics lists the covered topic ids, sorted.
func (g *Generator) Topics() []string { return append([]string(nil), g.topics...) }

// seedRNG derives the generator's random source from the seed.
func seedRNG(seed schemas.Seed) *rand.Rand {
	h := sha256.New()
	fmt.Fprintf(h, "arrows-offline\x00%d\x00%d\x00%s", seed.RunSeed, seed.Index, seed.ID)
	for _, t := range seed.Topics {
		fmt.Fprintf(h, "\x00%s", t.ID)
	}
	sum := h.Sum(nil)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
}

// Generate composes one program for the seed's topics. It is a deterministic
// function of the seed.
func (g *Generator) Generate(seed schemas.Seed) (*schemas.Program, error) {
	if len(seed.Topics) == 0 {
		return nil, errors.New("offline: seed has no topics")
	}
	if len(seed.Topics) > 3 {
		return nil, fmt.Errorf("offline: %d topics (at most 3 can be composed)", len(seed.Topics))
	}
	cands := make([][]*exemplar, len(seed.Topics))
	for i, t := range seed.Topics {
		cands[i] = g.byTopic[t.ID]
		if len(cands[i]) == 0 {
			return nil, fmt.Errorf("offline: topic %q has no exemplar", t.ID)
		}
	}
	rng := seedRNG(seed)
	plans, err := choosePlans(rng, cands)
	if err != nil {
		return nil, fmt.Errorf("offline: topics %v: %w", topicIDs(seed), err)
	}
	var errs []error
	for _, pl := range plans {
		prog, err := pl.build(rng)
		if err == nil {
			return prog, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("offline: topics %v: no plan could be drawn: %w", topicIDs(seed), errors.Join(errs...))
}

func topicIDs(seed schemas.Seed) []string {
	var ids []string
	for _, t := range seed.Topics {
		ids = append(ids, t.ID)
	}
	return ids
}

// draw samples the params of ex. Params in fed are supplied by other parts;
// known holds the values of those the generator knows. Constraints that
// mention a fed param of unknown value are ignored. When want is not nil,
// the answer value (answer.value) must lie in [want[0], want[1]]. draw
// returns the params and, when the answer value can be evaluated, the value.
func (ex *exemplar) draw(rng *rand.Rand, fed map[string]bool, known map[string]int64, want *[2]int64) (map[string]any, *int64, error) {
	unknown := map[string]bool{}
	for p := range fed {
		if _, ok := known[p]; !ok {
			unknown[p] = true
		}
	}
	for _, p := range ex.Params {
		v, ok := known[p.Name]
		if !ok {
			continue
		}
		if p.NonZero && v == 0 {
			return nil, nil, fmt.Errorf("exemplar %s: param %s cannot take 0", ex.ID, p.Name)
		}
		for _, not := range p.Not {
			if v == not {
				return nil, nil, fmt.Errorf("exemplar %s: param %s cannot take %d", ex.ID, p.Name, v)
			}
		}
	}
	valueKnown := ex.Answer.value != nil && !mentionsAny(ex.Answer.value, unknown)
	if want != nil && !valueKnown {
		return nil, nil, fmt.Errorf("exemplar %s: the answer value is not known, cannot steer it into [%d, %d]", ex.ID, want[0], want[1])
	}
	var lastErr error
	for try := 0; try < maxDraws; try++ {
		vals := map[string]any{}
		env := map[string]int64{}
		ok := true
		for _, p := range ex.Params {
			switch p.kind() {
			case "int":
				v, good := drawInt(rng, p)
				if !good {
					return nil, nil, fmt.Errorf("param %s: no admissible value", p.Name)
				}
				vals[p.Name], env[p.Name] = v, v
			case "choice":
				c := p.Choice[rng.IntN(len(p.Choice))]
				vals[p.Name] = c
				if iv, isInt := c.(int64); isInt {
					env[p.Name] = iv
				}
			default:
				v, err := p.parsed.eval(env)
				if err != nil {
					lastErr = fmt.Errorf("param %s: %w", p.Name, err)
					ok = false
				}
				vals[p.Name], env[p.Name] = v, v
			}
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		for p, v := range known {
			vals[p], env[p] = v, v
		}
		for i, w := range ex.where {
			if mentionsAny(w, unknown) {
				continue
			}
			v, err := w.eval(env)
			if err != nil {
				lastErr = fmt.Errorf("where %q: %w", ex.Where[i], err)
				ok = false
				break
			}
			if v == 0 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if !valueKnown {
			return vals, nil, nil
		}
		v, err := ex.Answer.value.eval(env)
		if err != nil {
			lastErr = fmt.Errorf("answer value: %w", err)
			continue
		}
		if want != nil && (v < want[0] || v > want[1]) {
			continue
		}
		return vals, &v, nil
	}
	if lastErr != nil {
		return nil, nil, fmt.Errorf("exemplar %s: no valid draw in %d tries (last error: %w)", ex.ID, maxDraws, lastErr)
	}
	return nil, nil, fmt.Errorf("exemplar %s: no valid draw in %d tries", ex.ID, maxDraws)
}

func mentionsAny(e expr, names map[string]bool) bool {
	found := false
	e.names(func(n string) {
		if names[n] {
			found = true
		}
	})
	return found
}

func drawInt(rng *rand.Rand, p *paramSpec) (int64, bool) {
	lo, hi := p.Int[0], p.Int[1]
	for i := 0; i < 200; i++ {
		v := lo + rng.Int64N(hi-lo+1)
		if p.NonZero && v == 0 {
			continue
		}
		bad := false
		for _, n := range p.Not {
			if v == n {
				bad = true
			}
		}
		if !bad {
			return v, true
		}
	}
	return 0, false
}

// part is one exemplar instantiated inside a program.
type part struct {
	ex     *exemplar
	vals   map[string]any
	prefix string // "" for a single-part program, else "p<i>_"
	answer string // the name of its answer local in the program
	// in maps each param fed by another part to that value.
	in map[string]feed
	// give is what the part gives to another part or to the combination
	// (nil for the final part of a chain); out is the local that holds it
	// and letter the letter naming it in the problem text.
	give   *source
	out    string
	letter string
	// known is the answer's value when the generator knows it (answer.value).
	known *int64
}

// feed is a value another part gives: its local and its letter.
type feed struct{ local, letter string }

func pyLiteral(v any) string {
	switch x := v.(type) {
	case int64:
		if x < 0 {
			return "(" + strconv.FormatInt(x, 10) + ")"
		}
		return strconv.FormatInt(x, 10)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func textValue(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// value looks up a param (or a key of a map-choice param, "param.key").
func (pt *part) value(ref string) (any, bool) {
	v, ok := pt.vals[baseName(ref)]
	if !ok {
		return nil, false
	}
	if m, isMap := v.(map[string]string); isMap {
		i := strings.IndexByte(ref, '.')
		if i < 0 {
			return nil, false
		}
		s, ok := m[ref[i+1:]]
		return s, ok
	}
	return v, true
}

func (pt *part) chained(name string) (feed, bool) {
	f, ok := pt.in[name]
	return f, ok
}

func (pt *part) localName(l string) string {
	if l == "answer" {
		return pt.answer
	}
	return pt.prefix + l
}

// code renders the part's body with params substituted and locals renamed.
func (pt *part) code() (string, error) {
	src := substitute(pt.ex.Code, func(name string, _ []string) (string, bool) {
		if f, ok := pt.chained(name); ok {
			return "int(" + f.local + ")", true
		}
		v, ok := pt.value(name)
		if !ok {
			return "", false
		}
		return pyLiteral(v), true
	})
	rename := map[string]string{}
	for l := range pt.ex.locals {
		if strings.HasPrefix(l, "_") {
			continue // a throwaway name stays a throwaway name
		}
		if to := pt.localName(l); to != l {
			rename[l] = to
		}
	}
	if len(rename) == 0 {
		return src, nil
	}
	out, err := renamePython(src, rename)
	if err != nil {
		return "", fmt.Errorf("exemplar %s: %w", pt.ex.ID, err)
	}
	return out, nil
}

// text renders a problem-side template (setup, ask, noun).
func (pt *part) text(t string) string {
	return substitute(t, func(name string, fs []string) (string, bool) {
		if f, ok := pt.chained(name); ok {
			return applyFilters(f.letter, fs), true
		}
		if v, ok := pt.value(name); ok {
			return applyFilters(textValue(v), fs), true
		}
		return "", false
	})
}

// step renders a solution step: params become values, locals become
// translator placeholders.
func (pt *part) step(t string) string {
	t = pt.escapeLocalGroups(t)
	return substitute(t, func(name string, fs []string) (string, bool) {
		if f, ok := pt.chained(name); ok {
			return "{" + strings.Join(append([]string{f.local}, fs...), "|") + "}", true
		}
		if v, ok := pt.value(name); ok {
			return applyFilters(textValue(v), fs), true
		}
		if pt.ex.locals[name] {
			return "{" + strings.Join(append([]string{pt.localName(name)}, fs...), "|") + "}", true
		}
		return "", false
	})
}

func pick(rng *rand.Rand, alts []string) string {
	if len(alts) == 0 {
		return ""
	}
	return alts[rng.IntN(len(alts))]
}

var letterCandidates = []string{"A", "B", "C", "K", "M", "N", "P", "Q", "R", "S", "T", "U", "V", "W"}

var letterRes = func() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	for _, l := range letterCandidates {
		m[l] = regexp.MustCompile(`(^|[^A-Za-z\\])` + l + `([^A-Za-z]|$)`)
	}
	return m
}()

func usesLetter(text, l string) bool {
	re := letterRes[l]
	if re == nil {
		re = regexp.MustCompile(`(^|[^A-Za-z\\])` + regexp.QuoteMeta(l) + `([^A-Za-z]|$)`)
	}
	return re.MatchString(text)
}

var (
	letIntros = []string{"Let $%s$ be %s.", "Let $%s$ denote %s.", "Define $%s$ as %s.", "Write $%s$ for %s.",
		"Denote by $%s$ %s.", "Call $%s$ %s.", "Take $%s$ to be %s.", "Let $%s$ stand for %s."}
	resIntros = []string{"So $%s = %s$.", "Hence $%s = %s$.", "Thus $%s = %s$.", "This gives $%s = %s$.",
		"Therefore $%s = %s$.", "That is, $%s = %s$."}
)

// combination is the question, the code and the closing step of a way to
// combine results; %[1]s.. are the letters, {%[n]s} the locals.
type combination struct {
	asks []string
	code string
	step string
}

// combinations by operator and number of results.
var combinations = map[string]map[int]combination{
	combineLarger: {
		2: {asks: []string{"Which is larger, $%[1]s$ or $%[2]s$? Give its value.", "Find the larger of $%[1]s$ and $%[2]s$.", "What is the larger of the two numbers $%[1]s$ and $%[2]s$?",
			"Compute $\\max(%[1]s, %[2]s)$.", "Of $%[1]s$ and $%[2]s$, which is greater? Give the greater value."},
			code: "max(%[1]s, %[2]s)", step: "Comparing $%[1]s = {%[3]s}$ with $%[2]s = {%[4]s}$, the larger is ${answer}$."},
		3: {asks: []string{"Find the largest of $%[1]s$, $%[2]s$ and $%[3]s$.", "Which of $%[1]s$, $%[2]s$ and $%[3]s$ is the largest? Give its value."},
			code: "max(%[1]s, %[2]s, %[3]s)", step: "Of $%[1]s = {%[4]s}$, $%[2]s = {%[5]s}$ and $%[3]s = {%[6]s}$, the largest is ${answer}$."},
	},
	combineDifference: {
		2: {asks: []string{"Find $|%[1]s - %[2]s|$.", "By how much do $%[1]s$ and $%[2]s$ differ? Give a non-negative number.", "What is the distance between $%[1]s$ and $%[2]s$ on the number line?",
			"Compute the positive difference of $%[1]s$ and $%[2]s$.", "How far apart are the numbers $%[1]s$ and $%[2]s$?"},
			code: "abs(%[1]s - %[2]s)", step: "With $%[1]s = {%[3]s}$ and $%[2]s = {%[4]s}$, $|%[1]s - %[2]s| = {answer}$."},
	},
	combineRatio: {
		2: {asks: []string{"Find the ratio $\\frac{%[1]s}{%[2]s}$.", "What is $%[1]s$ divided by $%[2]s$?", "Compute $\\frac{%[1]s}{%[2]s}$.", "Express $%[1]s : %[2]s$ as a single number $\\frac{%[1]s}{%[2]s}$."},
			code: "sympy.S(%[1]s) / %[2]s", step: "With $%[1]s = {%[3]s}$ and $%[2]s = {%[4]s}$, $\\frac{%[1]s}{%[2]s} = {answer}$."},
	},
	combineSpread: {
		3: {asks: []string{"Find the difference between the largest and the smallest of $%[1]s$, $%[2]s$ and $%[3]s$.", "By how much does the largest of $%[1]s$, $%[2]s$ and $%[3]s$ exceed the smallest?"},
			code: "max(%[1]s, %[2]s, %[3]s) - min(%[1]s, %[2]s, %[3]s)", step: "Of $%[1]s = {%[4]s}$, $%[2]s = {%[5]s}$ and $%[3]s = {%[6]s}$, the largest minus the smallest is ${answer}$."},
	},
	combineSum: {
		2: {asks: []string{"Find $%[1]s + %[2]s$.", "Compute $%[1]s + %[2]s$.", "What is the value of $%[1]s + %[2]s$?"},
			code: "%[1]s + %[2]s", step: "With $%[1]s = {%[3]s}$ and $%[2]s = {%[4]s}$, $%[1]s + %[2]s = {answer}$."},
		3: {asks: []string{"Find $%[1]s + %[2]s + %[3]s$.", "Compute $%[1]s + %[2]s + %[3]s$.", "What is the value of $%[1]s + %[2]s + %[3]s$?"},
			code: "%[1]s + %[2]s + %[3]s", step: "With $%[1]s = {%[4]s}$, $%[2]s = {%[5]s}$ and $%[3]s = {%[6]s}$, $%[1]s + %[2]s + %[3]s = {answer}$."},
	},
}

func fmtArgs(xs ...[]string) []any {
	var out []any
	for _, x := range xs {
		for _, s := range x {
			out = append(out, s)
		}
	}
	return out
}

// maxRestarts bounds how often instantiate redraws a whole plan whose
// parts could not be drawn consistently.
const maxRestarts = 20

// instantiate draws the params of every part in order. A part whose exact
// value feeds another is drawn so that the value fits the param it feeds,
// and the fed part then checks its constraints with that value; when a part
// cannot be drawn, the whole plan is redrawn (up to maxRestarts times).
func (pl plan) instantiate(rng *rand.Rand) ([]*part, error) {
	n := len(pl.parts)
	fed := make([]map[string]bool, n)
	for i := range fed {
		fed[i] = map[string]bool{}
	}
	out := make([]*edge, n)
	for k := range pl.edges {
		e := &pl.edges[k]
		fed[e.to][e.take.Param] = true
		out[e.from] = e
	}
	var lastErr error
	for attempt := 0; attempt < maxRestarts; attempt++ {
		parts := make([]*part, n)
		values := make([]*int64, n)
		ok := true
		for i, ex := range pl.parts {
			known := map[string]int64{}
			for _, e := range pl.edges {
				if e.to == i && e.src.exact && values[e.from] != nil {
					known[e.take.Param] = *values[e.from]
				}
			}
			var want *[2]int64
			if e := out[i]; e != nil && e.src.exact {
				want = &[2]int64{e.take.Min, e.take.Max}
			}
			vals, v, err := ex.draw(rng, fed[i], known, want)
			if err != nil {
				lastErr, ok = err, false
				break
			}
			values[i] = v
			parts[i] = &part{ex: ex, in: map[string]feed{}, vals: vals, known: v}
		}
		if ok {
			return parts, nil
		}
	}
	return nil, lastErr
}

// build instantiates the plan: draws params, names the values parts give
// one another, renders the program and its text templates.
func (pl plan) build(rng *rand.Rand) (*schemas.Program, error) {
	parts, err := pl.instantiate(rng)
	if err != nil {
		return nil, err
	}
	return pl.render(rng, parts)
}

// render names the values parts give one another and renders the program
// and its text templates.
func (pl plan) render(rng *rand.Rand, parts []*part) (*schemas.Program, error) {
	n := len(pl.parts)
	single := n == 1
	for i, pt := range parts {
		if !single {
			pt.prefix = fmt.Sprintf("p%d_", i+1)
		}
		pt.answer = pt.prefix + "answer"
		if pl.combine == "" && i == n-1 {
			pt.answer = "answer"
		}
		pt.out = pt.answer
	}
	for _, e := range pl.edges {
		src := e.src
		parts[e.from].give = &src
		if src.give != nil {
			parts[e.from].out = parts[e.from].prefix + src.give.Take
		}
	}
	for _, s := range pl.sinks {
		pt := parts[s]
		if pt.give != nil {
			continue
		}
		pt.give = &source{quantity: pt.ex.Answer.Quantity}
		if g := floorGive(pt.ex); pt.ex.Answer.Approx && g != nil {
			// An approximate result takes part through its floor.
			pt.give = &source{give: g, quantity: g.Quantity, min: g.Min, max: g.Max}
			pt.out = pt.prefix + g.Take
		}
	}

	// Pick the wording alternatives first, then letters that none of them uses.
	type words struct{ setup, ask, noun string }
	chosen := make([]words, n)
	var all strings.Builder
	for i, pt := range parts {
		chosen[i] = words{pick(rng, pt.ex.Setup), pick(rng, pt.ex.Ask), pick(rng, pt.ex.Noun)}
		all.WriteString(chosen[i].setup + " " + chosen[i].ask + " " + chosen[i].noun + " ")
		for _, v := range pt.vals {
			if m, isMap := v.(map[string]string); isMap {
				for _, k := range sortedMapKeys(m) {
					all.WriteString(m[k] + " ")
				}
				continue
			}
			all.WriteString(textValue(v) + " ")
		}
	}
	var free []string
	for _, l := range letterCandidates {
		if !usesLetter(all.String(), l) {
			free = append(free, l)
		}
	}
	// Letters in alphabetical order from a seeded start (N, M, K, ... would
	// make every problem read alike).
	if len(free) > 0 {
		start := rng.IntN(len(free))
		free = append(append([]string{}, free[start:]...), free[:start]...)
	}
	li := 0
	for _, pt := range parts {
		if pt.give == nil {
			continue
		}
		if li >= len(free) {
			return nil, errors.New("offline: no free letters to name intermediate results")
		}
		pt.letter = free[li]
		li++
	}
	for _, e := range pl.edges {
		from := parts[e.from]
		parts[e.to].in[e.take.Param] = feed{local: from.out, letter: from.letter}
	}

	// Program source.
	mods := map[string]bool{}
	var body strings.Builder
	for _, pt := range parts {
		for _, m := range pt.ex.mods {
			mods[m] = true
		}
		code, err := pt.code()
		if err != nil {
			return nil, err
		}
		body.WriteString(strings.TrimRight(code, "\n") + "\n")
		if pt.give != nil && pt.give.give != nil {
			pr := projections[pt.give.give.Take]
			body.WriteString(pt.out + " = " + strings.ReplaceAll(pr.code, "X", pt.answer) + "\n")
		}
	}
	var comb combination
	var sinkLetters, sinkLocals []string
	if pl.combine != "" {
		comb = combinations[pl.combine][len(pl.sinks)]
		for _, s := range pl.sinks {
			sinkLetters = append(sinkLetters, parts[s].letter)
			sinkLocals = append(sinkLocals, parts[s].out)
		}
		body.WriteString("answer = " + fmt.Sprintf(comb.code, fmtArgs(sinkLocals)...) + "\n")
		if pl.combine == combineRatio {
			mods["sympy"] = true
		}
	}
	src := renderSource(mods, body.String(), partSubmodules(parts))

	// Problem and steps.
	var prob, steps, givens []string
	seenGiven := map[string]bool{}
	for i, pt := range parts {
		w := chosen[i]
		if s := pt.text(w.setup); s != "" {
			prob = append(prob, s)
		}
		noun := pt.text(w.noun)
		if pt.give != nil && pt.give.give != nil {
			noun = fmt.Sprintf(projections[pt.give.give.Take].noun, noun)
		}
		if pt.letter == "" {
			prob = append(prob, pt.text(w.ask))
		} else {
			prob = append(prob, fmt.Sprintf(pick(rng, letIntros), pt.letter, noun))
		}
		for _, s := range pt.ex.Steps {
			steps = append(steps, pt.step(s))
		}
		if pt.letter != "" {
			if pt.give.give != nil {
				steps = append(steps, fmt.Sprintf(projections[pt.give.give.Take].step, "{"+pt.answer+"}", pt.letter, "{"+pt.out+"}"))
			} else {
				steps = append(steps, fmt.Sprintf(pick(rng, resIntros), pt.letter, "{"+pt.answer+"}"))
			}
		}
		for _, p := range pt.ex.Params {
			if _, ok := pt.chained(p.Name); ok {
				continue
			}
			if iv, ok := pt.vals[p.Name].(int64); ok {
				g := strconv.FormatInt(iv, 10)
				if !seenGiven[g] && strings.Contains(pt.text(w.setup+" "+w.ask+" "+w.noun), g) {
					seenGiven[g] = true
					givens = append(givens, g)
				}
			}
		}
	}
	answerAs := parts[n-1].ex.AnswerAs
	if pl.combine != "" {
		prob = append(prob, fmt.Sprintf(pick(rng, comb.asks), fmtArgs(sinkLetters)...))
		steps = append(steps, fmt.Sprintf(comb.step, fmtArgs(sinkLetters, sinkLocals)...))
		answerAs = ""
		if pl.combine == combineRatio {
			answerAs = "Give the answer as a fraction in lowest terms."
		} else {
			for _, s := range pl.sinks {
				if e := parts[s].ex; e.Answer.Kind != "integer" && !e.Answer.Approx && e.AnswerAs != "" {
					answerAs = e.AnswerAs
				}
			}
		}
	}
	problem := strings.Join(prob, " ")
	if answerAs != "" {
		problem += " " + answerAs
	}
	var ids []string
	for _, pt := range parts {
		ids = append(ids, pt.ex.ID)
	}
	sum := sha256.Sum256([]byte(src))
	return &schemas.Program{
		Source:   src,
		Hash:     hex.EncodeToString(sum[:]),
		Template: strings.Join(ids, "+"),
		Offline: &schemas.OfflineText{
			Problem:  problem,
			Steps:    steps,
			Givens:   givens,
			AnswerAs: answerAs,
		},
	}, nil
}

// sympySubmodules must be imported explicitly when code references them.
var sympySubmodules = []string{
	"sympy.stats", "sympy.combinatorics", "sympy.combinatorics.named_groups", "sympy.utilities.iterables",
	"sympy.ntheory.modular", "sympy.ntheory", "sympy.calculus.util", "sympy.logic.boolalg",
	"sympy.functions.combinatorial.numbers",
}

func partSubmodules(parts []*part) []string {
	var out []string
	for _, sm := range sympySubmodules {
		for _, pt := range parts {
			if strings.Contains(pt.ex.Code, sm+".") {
				out = append(out, sm)
				break
			}
		}
	}
	return out
}

func renderSource(mods map[string]bool, body string, submods []string) string {
	var names []string
	for m := range mods {
		names = append(names, m)
	}
	names = append(names, submods...)
	sort.Strings(names)
	var b strings.Builder
	for _, m := range names {
		b.WriteString("import " + m + "\n")
	}
	b.WriteString("\n\ndef solve():\n")
	for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + line + "\n")
	}
	b.WriteString("    return answer\n")
	return b.String()
}

func sortedMapKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// escapeLocalGroups rewrites plain LaTeX groups such as e^{x} whose content
// is the name of a local into e^{ x}, so the translator does not take them
// for placeholders (the space is invisible in math mode).
func (pt *part) escapeLocalGroups(t string) string {
	var b strings.Builder
	last := 0
	for _, m := range placeholderRe.FindAllStringIndex(t, -1) {
		b.WriteString(pt.escapeSegment(t[last:m[0]]))
		b.WriteString(t[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(pt.escapeSegment(t[last:]))
	return b.String()
}

func (pt *part) escapeSegment(seg string) string {
	return singleBraceRe.ReplaceAllStringFunc(seg, func(g string) string {
		name := singleBraceRe.FindStringSubmatch(g)[1]
		if name == "answer" || pt.ex.locals[name] || pt.ex.locals[strings.TrimPrefix(name, pt.prefix)] {
			return "{ " + g[1:]
		}
		return g
	})
}
