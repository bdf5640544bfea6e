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
const PromptVersion = "offline-v1"

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
	pl, err := choosePlan(rng, cands)
	if err != nil {
		return nil, fmt.Errorf("offline: topics %v: %w", topicIDs(seed), err)
	}
	return pl.build(rng)
}

func topicIDs(seed schemas.Seed) []string {
	var ids []string
	for _, t := range seed.Topics {
		ids = append(ids, t.ID)
	}
	return ids
}

// plan is an arrangement of parts: groups of chained parts; when there is
// more than one group the final answer is the sum of the groups' results.
type plan struct {
	groups [][]*exemplar
}

func (p plan) parts() []*exemplar {
	var out []*exemplar
	for _, g := range p.groups {
		out = append(out, g...)
	}
	return out
}

func numericKind(k string) bool { return k == "integer" || k == "rational" || k == "real" }

// fits reports whether a's answer can feed b's input.
func fits(a, b *exemplar) bool {
	if len(a.Noun) == 0 || b.Input == nil || a.Answer.Kind != "integer" || a.Answer.Min == nil || a.Answer.Max == nil {
		return false
	}
	return *a.Answer.Min >= float64(b.Input.Min) && *a.Answer.Max <= float64(b.Input.Max)
}

// chainOK reports whether the sequence chains end to end.
func chainOK(seq []*exemplar) bool {
	for i := 0; i+1 < len(seq); i++ {
		if !fits(seq[i], seq[i+1]) {
			return false
		}
	}
	return true
}

// summable reports whether a group's last part can be a term of a sum.
func summable(e *exemplar) bool {
	return len(e.Noun) > 0 && numericKind(e.Answer.Kind) && e.Answer.Min != nil && e.Answer.Max != nil
}

func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for pos := 0; pos <= len(p); pos++ {
			q := append(append(append([]int{}, p[:pos]...), n-1), p[pos:]...)
			out = append(out, q)
		}
	}
	return out
}

// arrange finds the best plan for a fixed choice of exemplars: a full chain,
// else a chain plus a summed term, else a sum of all parts.
func arrange(rng *rand.Rand, exs []*exemplar) (plan, bool) {
	if len(exs) == 1 {
		return plan{groups: [][]*exemplar{{exs[0]}}}, true
	}
	perms := permutations(len(exs))
	rng.Shuffle(len(perms), func(i, j int) { perms[i], perms[j] = perms[j], perms[i] })
	seq := func(p []int) []*exemplar {
		out := make([]*exemplar, len(p))
		for i, k := range p {
			out[i] = exs[k]
		}
		return out
	}
	for _, p := range perms {
		if s := seq(p); chainOK(s) {
			return plan{groups: [][]*exemplar{s}}, true
		}
	}
	if len(exs) == 3 {
		for _, p := range perms {
			s := seq(p)
			if chainOK(s[:2]) && summable(s[1]) && summable(s[2]) {
				return plan{groups: [][]*exemplar{s[:2], s[2:]}}, true
			}
		}
	}
	p := seq(perms[0])
	for _, e := range p {
		if !summable(e) {
			return plan{}, false
		}
	}
	var groups [][]*exemplar
	for _, e := range p {
		groups = append(groups, []*exemplar{e})
	}
	return plan{groups: groups}, true
}

// choosePlan draws one exemplar per topic and arranges them. A full chain
// (each result feeding the next part) is preferred: when the drawn exemplars
// do not chain, the other exemplar combinations of the same topics are tried
// in a seeded order, and only then a sum of independent results is used.
func choosePlan(rng *rand.Rand, cands [][]*exemplar) (plan, error) {
	first := make([]*exemplar, len(cands))
	for i, c := range cands {
		first[i] = c[rng.IntN(len(c))]
	}
	firstPlan, firstOK := arrange(rng, first)
	if firstOK && len(firstPlan.groups) == 1 {
		return firstPlan, nil
	}
	// Enumerate the other combinations (bounded) in a seeded order.
	total := 1
	for _, c := range cands {
		total *= len(c)
		if total > 5000 {
			total = 5000
			break
		}
	}
	var fallback *plan
	for _, k := range rng.Perm(total) {
		pick := make([]*exemplar, len(cands))
		for i, c := range cands {
			pick[i] = c[k%len(c)]
			k /= len(c)
		}
		pl, ok := arrange(rng, pick)
		if !ok {
			continue
		}
		if len(pl.groups) == 1 {
			return pl, nil
		}
		if fallback == nil {
			fallback = &pl
		}
	}
	if firstOK {
		return firstPlan, nil
	}
	if fallback != nil {
		return *fallback, nil
	}
	return plan{}, errors.New("no composable exemplars (need a noun and a numeric answer, or a matching chain input)")
}

// draw samples the params of ex; constraints mentioning skip (the chained
// input) are ignored.
func (ex *exemplar) draw(rng *rand.Rand, skip string) (map[string]any, error) {
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
					return nil, fmt.Errorf("param %s: no admissible value", p.Name)
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
		for i, w := range ex.where {
			if skip != "" && mentions(w, skip) {
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
		if ok {
			return vals, nil
		}
	}
	if lastErr != nil {
		return nil, fmt.Errorf("exemplar %s: no valid draw in %d tries (last error: %w)", ex.ID, maxDraws, lastErr)
	}
	return nil, fmt.Errorf("exemplar %s: no valid draw in %d tries", ex.ID, maxDraws)
}

func mentions(e expr, name string) bool {
	found := false
	e.names(func(n string) {
		if n == name {
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
	ex      *exemplar
	vals    map[string]any
	prefix  string // "" for a single-part program, else "p<i>_"
	answer  string // the name of its answer local in the program
	chainIn string // the previous part's answer local feeding ex.Input, or ""
	chainSy string // the letter that stands for that value in the problem text
	letter  string // the letter naming this part's result in the problem text ("" for the final ask)
}

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

func (pt *part) chained(name string) bool {
	return pt.chainIn != "" && pt.ex.Input != nil && pt.ex.Input.Param == name
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
		if pt.chained(name) {
			return "int(" + pt.chainIn + ")", true
		}
		v, ok := pt.value(name)
		if !ok {
			return "", false
		}
		return pyLiteral(v), true
	})
	rename := map[string]string{}
	for l := range pt.ex.locals {
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
		if pt.chained(name) {
			return applyFilters(pt.chainSy, fs), true
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
		if pt.chained(name) {
			return "{" + strings.Join(append([]string{pt.chainIn}, fs...), "|") + "}", true
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

var letterCandidates = []string{"N", "M", "K", "T", "A", "B", "C", "S", "P", "Q", "R", "U", "V", "W"}

func usesLetter(text, l string) bool {
	re := regexp.MustCompile(`(^|[^A-Za-z\\])` + l + `([^A-Za-z]|$)`)
	return re.MatchString(text)
}

var (
	letIntros = []string{"Let $%s$ be %s.", "Let $%s$ denote %s.", "Define $%s$ as %s.", "Write $%s$ for %s."}
	sumAsks   = []string{"Find $%s$.", "Compute $%s$.", "What is the value of $%s$?", "Determine $%s$."}
	resIntros = []string{"So $%s = %s$.", "Hence $%s = %s$.", "Thus $%s = %s$.", "This gives $%s = %s$."}
)

// build instantiates the plan: draws params, names results, renders the program and its text templates.
func (pl plan) build(rng *rand.Rand) (*schemas.Program, error) {
	exs := pl.parts()
	single := len(exs) == 1
	var parts []*part
	idx := 0
	for gi, grp := range pl.groups {
		for pi, ex := range grp {
			idx++
			pt := &part{ex: ex}
			if !single {
				pt.prefix = fmt.Sprintf("p%d_", idx)
			}
			pt.answer = pt.prefix + "answer"
			if single || (len(pl.groups) == 1 && pi == len(grp)-1) {
				pt.answer = "answer"
			}
			if pi > 0 {
				prev := parts[len(parts)-1]
				pt.chainIn = prev.answer
			}
			_ = gi
			skip := ""
			if pt.chainIn != "" {
				skip = ex.Input.Param
			}
			vals, err := ex.draw(rng, skip)
			if err != nil {
				return nil, err
			}
			pt.vals = vals
			parts = append(parts, pt)
		}
	}
	// Pick the wording alternatives first, then letters that none of them uses.
	type words struct{ setup, ask, noun string }
	chosen := make([]words, len(parts))
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
	finalAsk := len(pl.groups) == 1
	needLetters := len(parts)
	if finalAsk {
		needLetters--
	}
	if len(free) < needLetters {
		return nil, errors.New("offline: no free letters to name intermediate results")
	}
	li := 0
	for i, pt := range parts {
		isFinal := finalAsk && i == len(parts)-1
		if !isFinal {
			pt.letter = free[li]
			li++
		}
		if i > 0 && pt.chainIn != "" {
			pt.chainSy = parts[i-1].letter
		}
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
	}
	var sumTerms []string
	if !finalAsk {
		for _, grp := range partGroups(pl, parts) {
			sumTerms = append(sumTerms, grp[len(grp)-1].answer)
		}
		body.WriteString("answer = " + strings.Join(sumTerms, " + ") + "\n")
	}
	src := renderSource(mods, body.String(), partSubmodules(parts))

	// Problem and steps.
	var prob []string
	var steps []string
	var givens []string
	seenGiven := map[string]bool{}
	for i, pt := range parts {
		w := chosen[i]
		if s := pt.text(w.setup); s != "" {
			prob = append(prob, s)
		}
		if pt.letter == "" {
			prob = append(prob, pt.text(w.ask))
		} else {
			prob = append(prob, fmt.Sprintf(pick(rng, letIntros), pt.letter, pt.text(w.noun)))
		}
		for _, s := range pt.ex.Steps {
			steps = append(steps, pt.step(s))
		}
		if pt.letter != "" {
			steps = append(steps, fmt.Sprintf(pick(rng, resIntros), pt.letter, "{"+pt.answer+"}"))
		}
		for _, p := range pt.ex.Params {
			if pt.chained(p.Name) {
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
	answerAs := parts[len(parts)-1].ex.AnswerAs
	if !finalAsk {
		var letters, vals []string
		for _, grp := range partGroups(pl, parts) {
			last := grp[len(grp)-1]
			letters = append(letters, last.letter)
			if len(vals) == 0 {
				vals = append(vals, "{"+last.answer+"}")
			} else {
				vals = append(vals, "{"+last.answer+"|paren}")
			}
		}
		sum := strings.Join(letters, " + ")
		prob = append(prob, fmt.Sprintf(pick(rng, sumAsks), sum))
		steps = append(steps, fmt.Sprintf("Therefore $%s = %s = {answer}$.", sum, strings.Join(vals, " + ")))
		answerAs = ""
		for _, pt := range parts {
			if pt.ex.Answer.Kind != "integer" && pt.ex.AnswerAs != "" {
				answerAs = pt.ex.AnswerAs
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

// partGroups splits the instantiated parts back into the plan's groups.
func partGroups(pl plan, parts []*part) [][]*part {
	var out [][]*part
	i := 0
	for _, g := range pl.groups {
		out = append(out, parts[i:i+len(g)])
		i += len(g)
	}
	return out
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
