package verifyeval

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

// Corruption kinds, the categories of the corruption eval. "clean" is the
// unchanged copy, which the verifier must keep.
const (
	KindClean         = "clean"
	KindChangedNumber = "changed_number"
	KindNearbyNumber  = "changed_number_nearby"
	KindChangedUnit   = "changed_unit"
	KindDroppedGiven  = "dropped_given"
	KindSwapped       = "swapped_problem"
	KindChangedQ      = "changed_question"
	KindChangedBoxed  = "changed_boxed_answer"
)

// CorruptionKinds lists the kinds in report order.
var CorruptionKinds = []string{KindClean, KindChangedNumber, KindNearbyNumber, KindChangedUnit, KindDroppedGiven, KindSwapped, KindChangedQ, KindChangedBoxed}

// GenerateConfig configures the in-process generation of accepted triples.
type GenerateConfig struct {
	// RunSeed is the run seed (as `arrows generate --seed`).
	RunSeed int64
	// Accepted is how many accepted triples to collect.
	Accepted int
	// MaxSeeds bounds the seeds drawn (0: 4 × Accepted).
	MaxSeeds int
	// Workers is the number of programs in flight (0: 4).
	Workers int
}

// GenerateStats counts what generation did with its seeds.
type GenerateStats struct {
	Seeds    int            `json:"seeds"`
	Accepted int            `json:"accepted"`
	Rejected map[string]int `json:"rejected"` // stage:reason → count
}

// GenerateAccepted makes triples as `arrows generate` does with the offline
// backend, in process: seeds from the knowledge system's sampler
// (restricted to the topics the offline generator covers), programs from
// internal/offline, executed in the sandbox (with analysis), translated by
// internal/offline and verified by v. It returns the first cfg.Accepted
// accepted triples in seed order (a deterministic function of the run
// seed and the code), so the eval measures the generator as it is now.
func GenerateAccepted(ctx context.Context, run answer.Runner, v *verify.Verifier, cfg GenerateConfig) ([]schemas.Record, GenerateStats, error) {
	st := GenerateStats{Rejected: map[string]int{}}
	kb, err := knowledge.Load()
	if err != nil {
		return nil, st, fmt.Errorf("load knowledge system: %w", err)
	}
	gen, err := offline.New(kb)
	if err != nil {
		return nil, st, fmt.Errorf("offline generator: %w", err)
	}
	sc := knowledge.DefaultSamplerConfig()
	sc.Allowed = gen.Covers
	sampler, err := knowledge.NewSampler(kb, sc)
	if err != nil {
		return nil, st, fmt.Errorf("sampler: %w", err)
	}
	maxSeeds := cfg.MaxSeeds
	if maxSeeds <= 0 {
		maxSeeds = 4 * cfg.Accepted
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = 4
	}
	type result struct {
		rec    schemas.Record
		reason string
	}
	batch := cfg.Accepted + cfg.Accepted/10 + 8
	var accepted []schemas.Record
	for next := 0; next < maxSeeds && len(accepted) < cfg.Accepted; {
		n := batch
		if next+n > maxSeeds {
			n = maxSeeds - next
		}
		results := make([]result, n)
		var wg sync.WaitGroup
		sem := make(chan struct{}, workers)
		for k := 0; k < n; k++ {
			idx := int64(next + k)
			wg.Add(1)
			sem <- struct{}{}
			go func(k int, idx int64) {
				defer wg.Done()
				defer func() { <-sem }()
				rec, reason := makeTriple(ctx, run, v, gen, cfg.RunSeed, idx, sampler.Sample(cfg.RunSeed, idx))
				results[k] = result{rec, reason}
			}(k, idx)
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return accepted, st, err
		}
		// Count the seeds in order up to the last accepted triple needed.
		for _, r := range results {
			if len(accepted) == cfg.Accepted {
				break
			}
			st.Seeds++
			if r.reason != "" {
				st.Rejected[r.reason]++
				continue
			}
			accepted = append(accepted, r.rec)
		}
		next += n
	}
	st.Accepted = len(accepted)
	if len(accepted) < cfg.Accepted {
		return accepted, st, fmt.Errorf("only %d of %d accepted triples from %d seeds", len(accepted), cfg.Accepted, st.Seeds)
	}
	return accepted, st, nil
}

// seedID is the id `arrows generate` gives seed i of a run (the same
// formula as transforms.NewSeedRecord), so the same programs are drawn.
func seedID(runSeed, i int64, topics []schemas.TopicRef) string {
	ids := make([]string, len(topics))
	for k, t := range topics {
		ids[k] = t.ID
	}
	h := sha256.New()
	for _, p := range []string{"seed", strconv.FormatInt(runSeed, 10), strconv.FormatInt(i, 10), strings.Join(ids, "+")} {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// makeTriple runs one seed through generate, execute, translate and verify;
// reason is "" for an accepted triple, else "stage:reason".
func makeTriple(ctx context.Context, run answer.Runner, v *verify.Verifier, gen *offline.Generator, runSeed, i int64, topics []schemas.TopicRef) (schemas.Record, string) {
	seed := schemas.Seed{Index: i, RunSeed: runSeed, Pathway: "topics", Topics: topics}
	seed.ID = seedID(runSeed, i, topics)
	rec := schemas.Record{ID: seed.ID, Seed: seed, Provenance: schemas.Provenance{
		Generator: "offline", Models: map[string]string{"generator": "offline", "translator": "offline"},
		PromptVersion: offline.PromptVersion, RunSeed: runSeed, Pathway: "topics"}}
	prog, err := gen.Generate(seed)
	if err != nil {
		return rec, schemas.StageGenerate + ":offline_generator"
	}
	rec.Program = prog
	ex := run.Run(ctx, sandbox.Request{Code: prog.Source, Analyze: true})
	rec.Execution = &ex
	if ex.Status != schemas.StatusOK {
		return rec, schemas.StageExecute + ":" + ex.Status
	}
	problem, solution, err := offline.Translate(prog, &ex)
	if err != nil {
		return rec, schemas.StageTranslate + ":offline_translation"
	}
	rec.Problem, rec.Solution = problem, solution
	ver := v.Verify(ctx, &rec)
	rec.Verification = &ver
	if ver.Verdict != schemas.VerdictAccepted {
		return rec, schemas.StageVerify + ":" + verify.Reason(ver)
	}
	return rec, ""
}

// CorruptCase is a copy of an accepted triple, clean or corrupted.
type CorruptCase struct {
	// ID is the triple's id and the kind.
	ID string `json:"id"`
	// Kind is the corruption (or KindClean).
	Kind string `json:"kind"`
	// Record is the copy to verify (its verification is cleared).
	Record schemas.Record `json:"record"`
	// Note says what was changed.
	Note string `json:"note"`
}

// rngFor derives a deterministic random source from a seed and a key.
func rngFor(seed int64, key string) *rand.Rand {
	sum := sha256.Sum256([]byte(fmt.Sprintf("verifyeval\x00%d\x00%s", seed, key)))
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
}

// Corrupt makes the clean copy of every accepted triple and one corrupted
// copy per kind where the triple allows it (a changed unit needs a unit
// word in the problem; the other kinds need a given stated in it). Every
// corruption changes the problem's meaning (or the boxed answer's value):
//   - changed_number: one number of the problem that is a given of the
//     program (its value is a literal of the program, and it is a quantity,
//     not an index, label or name) is replaced by a different number of the
//     same form (an integer by an integer, 2.35 by another decimal with two
//     places).
//   - changed_unit: one unit word is replaced by another unit of the same
//     dimension (cm → mm, hours → minutes, dollars → cents).
//   - dropped_given: the sentence that states a given is removed (or, in a
//     one-sentence problem, the formula or number stating it).
//   - swapped_problem: the problem of another triple with a different
//     result.
//   - changed_question: the question asks for something else: an opposite
//     (largest → smallest, sum → product, N + M → N - M) or, when it has
//     none, another triple's question.
//   - changed_boxed_answer: the number in the solution's \boxed{} changes
//     (its first integer + 1).
func Corrupt(recs []schemas.Record, seed int64) []CorruptCase {
	var out []CorruptCase
	questions := make([]string, len(recs))
	for i, r := range recs {
		_, questions[i] = splitQuestion(r.Problem)
	}
	for i, r := range recs {
		base := r
		base.Verification = nil
		base.FinalAnswer = nil
		add := func(kind string, rec schemas.Record, note string) {
			out = append(out, CorruptCase{ID: r.ID + "/" + kind, Kind: kind, Record: rec, Note: note})
		}
		add(KindClean, base, "unchanged")
		rng := rngFor(seed, r.ID)
		if p, note, ok := changeNumber(r.Problem, r.Program, r.Execution, rng, plusSeven); ok {
			c := base
			c.Problem = p
			add(KindChangedNumber, c, note)
		}
		if p, note, ok := changeNumber(r.Problem, r.Program, r.Execution, rng, nearby); ok {
			c := base
			c.Problem = p
			add(KindNearbyNumber, c, note)
		}
		if p, note, ok := changeUnit(r.Problem, rng); ok {
			c := base
			c.Problem = p
			add(KindChangedUnit, c, note)
		}
		if p, note, ok := dropGiven(r.Problem, r.Program, r.Execution, rng); ok {
			c := base
			c.Problem = p
			add(KindDroppedGiven, c, note)
		}
		if j, ok := pickOther(recs, i, rng); ok {
			c := base
			c.Problem = recs[j].Problem
			add(KindSwapped, c, "problem of "+recs[j].ID)
		}
		if p, note, ok := changeQuestion(r.Problem, questions, i, rng); ok {
			c := base
			c.Problem = p
			add(KindChangedQ, c, note)
		}
		if s, note, ok := changeBoxed(r.Solution); ok {
			c := base
			c.Solution = s
			add(KindChangedBoxed, c, note)
		}
	}
	return out
}

// RunCorruptions verifies every case (workers at a time) and returns the
// outcomes: a clean copy should be accepted, a corrupted one rejected.
func RunCorruptions(ctx context.Context, v *verify.Verifier, cases []CorruptCase, workers int) []Outcome {
	if workers <= 0 {
		workers = 4
	}
	outs := make([]Outcome, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for k := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func(k int) {
			defer wg.Done()
			defer func() { <-sem }()
			c := cases[k]
			rec := c.Record
			ver := v.Verify(ctx, &rec)
			o := Outcome{ID: c.ID, Category: c.Kind, Want: c.Kind == KindClean, Got: ver.Verdict == schemas.VerdictAccepted}
			if !o.Got && verify.Reason(ver) != "" && strings.HasSuffix(verify.Reason(ver), "_undecided") {
				o.Undecided = true
			}
			o.Detail = c.Note + DetailSep + verdictDetail(ver)
			outs[k] = o
		}(k)
	}
	wg.Wait()
	return outs
}

// givenValues is the set of the program's givens (literals and numbers
// written as strings), as RatStrings of absolute values.
func givenValues(prog *schemas.Program, ex *schemas.Execution) map[string]bool {
	out := map[string]bool{}
	if ex == nil {
		return out
	}
	lits := append([]string(nil), ex.Literals...)
	if prog != nil {
		for _, m := range reSrcNumString.FindAllStringSubmatch(prog.Source, -1) {
			lits = append(lits, m[1])
		}
	}
	for _, l := range lits {
		if v, ok := new(big.Rat).SetString(strings.ReplaceAll(l, "_", "")); ok {
			out[v.Abs(v).RatString()] = true
		}
	}
	return out
}

var (
	reSrcNumString = regexp.MustCompile(`\b(?:Decimal|Rational|Fraction|Float|S)\(\s*['"]\s*(-?[0-9]+(?:\.[0-9]+)?)\s*['"]`)
	// A number token as written (thousands separators, decimals).
	reToken = regexp.MustCompile(`[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?`)
)

// givenToken is a number token of the problem that states a given.
type givenToken struct {
	start, end int
	text       string
	value      *big.Rat
}

// givenTokens returns the number tokens of a problem whose value is a
// given of the program and that are quantities of the problem (not an
// index, label, name, year, unit exponent or option: changing those does
// not change the problem's meaning). 0 and 1 are not givens: the project
// treats them as structural constants (the grounding check and the offline
// exemplar format exempt them), so they are never the changed number.
func givenTokens(problem string, prog *schemas.Program, ex *schemas.Execution) []givenToken {
	givens := givenValues(prog, ex)
	qs := verify.ReadQuantities(problem)
	var out []givenToken
	for _, m := range reToken.FindAllStringIndex(problem, -1) {
		text := problem[m[0]:m[1]]
		if m[0] > 0 && (problem[m[0]-1] == '.' || isDigit(problem[m[0]-1])) {
			continue
		}
		v, ok := new(big.Rat).SetString(strings.ReplaceAll(text, ",", ""))
		if !ok || !givens[v.RatString()] || v.Sign() == 0 || v.Cmp(big.NewRat(1, 1)) == 0 {
			continue // 0 and 1 are structural constants, not givens (FORMAT.md, grounding)
		}
		quantity := true
		for _, q := range qs {
			if q.Start <= m[0] && m[1] <= q.End && q.Role != "" {
				quantity = false
			}
		}
		if quantity {
			out = append(out, givenToken{m[0], m[1], text, v})
		}
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// changeNumber replaces one given of the problem by a different number of
// the same form, chosen by change.
func changeNumber(problem string, prog *schemas.Program, ex *schemas.Execution, rng *rand.Rand, change func(string, *rand.Rand) string) (string, string, bool) {
	toks := givenTokens(problem, prog, ex)
	if len(toks) == 0 {
		return "", "", false
	}
	t := toks[rng.IntN(len(toks))]
	nt := change(t.text, rng)
	if nt == t.text {
		return "", "", false
	}
	return problem[:t.start] + nt + problem[t.end:], fmt.Sprintf("%s → %s", t.text, nt), true
}

// plusSeven is the change of a given (17 → 24, 100 → 107, 2 → 9,
// 3 → 10): 7 more in the number's last place (2.35 → 2.42).
func plusSeven(s string, _ *rand.Rand) string {
	return stepNumber(s, big.NewInt(7))
}

// stepNumber adds d units of the last place to the number written s,
// keeping its form (decimal places, thousands separators).
func stepNumber(s string, d *big.Int) string {
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	digits := strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), ".", "")
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return s
	}
	return formatLike(s, new(big.Int).Add(n, d), places)
}

func formatLike(s string, m *big.Int, places int) string {
	out := new(big.Int).Abs(m).String()
	if places > 0 {
		for len(out) <= places {
			out = "0" + out
		}
		out = out[:len(out)-places] + "." + out[len(out)-places:]
	}
	if strings.Contains(s, ",") {
		out = withThousands(out)
	}
	return out
}

// nearby returns a different number written like s: an integer for an
// integer (with thousands separators if s has them), a decimal with as
// many places for a decimal. The change is a random step of up to about a
// third of the value (at least ±3 units of the last place), so it often
// lands on another given of the program (3 → 2 when 2 is an exponent).
func nearby(s string, rng *rand.Rand) string {
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	digits := strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), ".", "")
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return s
	}
	span := new(big.Int).Div(n, big.NewInt(3))
	if span.Cmp(big.NewInt(3)) < 0 {
		span = big.NewInt(3)
	}
	var m *big.Int
	for tries := 0; tries < 20; tries++ {
		var d *big.Int
		if span.IsInt64() {
			d = big.NewInt(rng.Int64N(span.Int64()) + 1)
		} else {
			d = big.NewInt(rng.Int64N(1<<40) + 1)
		}
		if rng.IntN(2) == 0 {
			d.Neg(d)
		}
		m = new(big.Int).Add(n, d)
		if m.Sign() < 0 {
			m.Neg(m)
		}
		if m.Cmp(n) != 0 {
			break
		}
	}
	if m == nil || m.Cmp(n) == 0 {
		m = new(big.Int).Add(n, big.NewInt(1))
	}
	return formatLike(s, m, places)
}

func withThousands(s string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// unitSwaps replace a unit by another of the same dimension.
var unitSwaps = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\bcm\b`), "mm"},
	{regexp.MustCompile(`\bkm\b`), "m"},
	{regexp.MustCompile(`\bmm\b`), "cm"},
	{regexp.MustCompile(`\bcentimet(er|re)s\b`), "millimeters"},
	{regexp.MustCompile(`\bmet(er|re)s\b`), "centimeters"},
	{regexp.MustCompile(`\bkilomet(er|re)s\b`), "meters"},
	{regexp.MustCompile(`\bhours\b`), "minutes"},
	{regexp.MustCompile(`\bhour\b`), "minute"},
	{regexp.MustCompile(`\bminutes\b`), "hours"},
	{regexp.MustCompile(`\bminute\b`), "hour"},
	{regexp.MustCompile(`\bseconds\b`), "minutes"},
	{regexp.MustCompile(`\bdays\b`), "weeks"},
	{regexp.MustCompile(`\bweeks\b`), "days"},
	{regexp.MustCompile(`\bmonths\b`), "years"},
	{regexp.MustCompile(`\byears\b`), "months"},
	{regexp.MustCompile(`\bdollars\b`), "cents"},
	{regexp.MustCompile(`\bcents\b`), "dollars"},
	{regexp.MustCompile(`\bkg\b`), "g"},
	{regexp.MustCompile(`\bkilograms\b`), "grams"},
	{regexp.MustCompile(`\bgrams\b`), "kilograms"},
	{regexp.MustCompile(`\blit(er|re)s\b`), "milliliters"},
	{regexp.MustCompile(`\bfeet\b`), "inches"},
	{regexp.MustCompile(`\binches\b`), "feet"},
	{regexp.MustCompile(`\bmiles\b`), "kilometers"},
	{regexp.MustCompile(`\bpounds\b`), "ounces"},
	{regexp.MustCompile(`\bdegrees\b`), "radians"},
}

// changeUnit replaces one unit word of the problem.
func changeUnit(problem string, rng *rand.Rand) (string, string, bool) {
	type hit struct {
		start, end int
		with       string
	}
	var hits []hit
	for _, u := range unitSwaps {
		for _, m := range u.re.FindAllStringIndex(problem, -1) {
			hits = append(hits, hit{m[0], m[1], u.with})
		}
	}
	if len(hits) == 0 {
		return "", "", false
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].start < hits[b].start })
	h := hits[rng.IntN(len(hits))]
	return problem[:h.start] + h.with + problem[h.end:], fmt.Sprintf("%s → %s", problem[h.start:h.end], h.with), true
}

// sentenceSpans splits a problem into sentences (byte spans), not inside
// $…$.
func sentenceSpans(p string) [][2]int {
	var out [][2]int
	start, inMath := 0, false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\' && i+1 < len(p):
			i++
		case c == '$':
			inMath = !inMath
		case !inMath && (c == '.' || c == '?' || c == '!') && (i+1 == len(p) || p[i+1] == ' ' || p[i+1] == '\n'):
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if strings.TrimSpace(p[start:]) != "" {
		out = append(out, [2]int{start, len(p)})
	}
	return out
}

// splitQuestion returns the problem without its last sentence, and that
// sentence (the question of a generated problem).
func splitQuestion(p string) (string, string) {
	ss := sentenceSpans(p)
	if len(ss) == 0 {
		return "", p
	}
	// Skip trailing format instructions ("Give the answer as …").
	k := len(ss) - 1
	for k > 0 && reFormatSentence.MatchString(strings.TrimSpace(p[ss[k][0]:ss[k][1]])) {
		k--
	}
	return p[:ss[k][0]], strings.TrimSpace(p[ss[k][0]:ss[k][1]])
}

var reFormatSentence = regexp.MustCompile(`^(Give|Express|Round|Write the answer|Enter)\b`)

// dropGiven removes the sentence that states a given (not the question);
// in a one-sentence problem, the formula or number stating it.
func dropGiven(problem string, prog *schemas.Program, ex *schemas.Execution, rng *rand.Rand) (string, string, bool) {
	toks := givenTokens(problem, prog, ex)
	if len(toks) == 0 {
		return "", "", false
	}
	t := toks[rng.IntN(len(toks))]
	ss := sentenceSpans(problem)
	qStart := len(problem)
	if rest, _ := splitQuestion(problem); len(ss) > 1 {
		qStart = len(rest)
	}
	for _, s := range ss {
		if s[0] <= t.start && t.end <= s[1] && s[1] <= qStart && len(ss) > 1 {
			out := strings.TrimSpace(problem[:s[0]] + problem[s[1]:])
			return strings.Join(strings.Fields(out), " "), "dropped the sentence stating " + t.text, true
		}
	}
	// The given is in the question: drop its formula $…$ (or the number).
	i, j := t.start, t.end
	if a := strings.LastIndexByte(problem[:t.start], '$'); a >= 0 && strings.Count(problem[:t.start], "$")%2 == 1 {
		if b := strings.IndexByte(problem[t.end:], '$'); b >= 0 {
			i, j = a, t.end+b+1
		}
	}
	out := strings.Join(strings.Fields(problem[:i]+problem[j:]), " ")
	return out, "dropped " + problem[i:j], true
}

// pickOther chooses another triple with a different problem and result.
func pickOther(recs []schemas.Record, i int, rng *rand.Rand) (int, bool) {
	if len(recs) < 2 {
		return 0, false
	}
	for tries := 0; tries < 50; tries++ {
		j := rng.IntN(len(recs))
		if j == i || recs[j].Problem == recs[i].Problem || sameResult(recs[i].Execution, recs[j].Execution) {
			continue
		}
		return j, true
	}
	return 0, false
}

func sameResult(a, b *schemas.Execution) bool {
	if a == nil || b == nil || a.Result == nil || b.Result == nil {
		return false
	}
	return a.Result.Latex == b.Result.Latex
}

// opposites swap what a question asks for.
var opposites = [][2]string{
	{"largest", "smallest"}, {"smallest", "largest"}, {"greatest", "least"}, {"least", "greatest"},
	{"maximum", "minimum"}, {"minimum", "maximum"}, {"sum", "product"}, {"product", "sum"},
	{"area", "perimeter"}, {"perimeter", "area"}, {"longest", "shortest"}, {"shortest", "longest"},
	{"highest", "lowest"}, {"lowest", "highest"}, {"remainder", "quotient"}, {"quotient", "remainder"},
	{"numerator", "denominator"}, {"denominator", "numerator"}, {"larger", "smaller"}, {"smaller", "larger"},
	{"more", "fewer"}, {"after", "before"}, {"before", "after"}, {"mean", "median"}, {"median", "mean"},
	{"width", "length"}, {"length", "width"}, {"total", "difference"}, {"difference", "total"},
}

var reSumOfNames = regexp.MustCompile(`\$([A-Z]) \+ ([A-Z])`)

// changeQuestion makes the question ask for something else.
func changeQuestion(problem string, questions []string, i int, rng *rand.Rand) (string, string, bool) {
	rest, q := splitQuestion(problem)
	if q == "" {
		return "", "", false
	}
	qi := strings.LastIndex(problem, q)
	if qi < 0 {
		return "", "", false
	}
	tail := problem[qi+len(q):]
	var cands []string
	for _, o := range opposites {
		if regexp.MustCompile(`\b` + o[0] + `\b`).MatchString(q) {
			cands = append(cands, o[0]+"→"+o[1])
		}
	}
	if reSumOfNames.MatchString(q) {
		cands = append(cands, "+→-")
	}
	if len(cands) > 0 {
		c := cands[rng.IntN(len(cands))]
		var nq string
		if c == "+→-" {
			nq = reSumOfNames.ReplaceAllString(q, "$$$1 - $2")
		} else {
			parts := strings.SplitN(c, "→", 2)
			re := regexp.MustCompile(`\b` + parts[0] + `\b`)
			done := false
			nq = re.ReplaceAllStringFunc(q, func(m string) string {
				if done {
					return m
				}
				done = true
				return parts[1]
			})
		}
		if nq != q {
			return rest + nq + tail, "question: " + c, true
		}
	}
	// Another triple's question.
	for tries := 0; tries < 50; tries++ {
		j := rng.IntN(len(questions))
		if j == i || questions[j] == "" || questions[j] == q {
			continue
		}
		return rest + questions[j] + tail, "question replaced by: " + clipText(questions[j], 60), true
	}
	return "", "", false
}

// changeBoxed changes the value in the solution's last \boxed{}: its first
// integer + 1, or "+ 1" appended when it has none.
func changeBoxed(solution string) (string, string, bool) {
	k := strings.LastIndex(solution, `\boxed{`)
	if k < 0 {
		return "", "", false
	}
	start := k + len(`\boxed{`)
	depth, end := 0, -1
	for i := start; i < len(solution); i++ {
		if solution[i] == '{' {
			depth++
		} else if solution[i] == '}' {
			if depth == 0 {
				end = i
				break
			}
			depth--
		}
	}
	if end < 0 {
		return "", "", false
	}
	box := solution[start:end]
	var nb string
	if loc := reAlterInt.FindStringIndex(box); loc != nil {
		n, _ := new(big.Int).SetString(box[loc[0]:loc[1]], 10)
		nb = box[:loc[0]] + n.Add(n, big.NewInt(1)).String() + box[loc[1]:]
	} else {
		nb = box + " + 1"
	}
	return solution[:start] + nb + solution[end:], fmt.Sprintf("boxed %s → %s", clipText(box, 40), clipText(nb, 40)), true
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// TargetResult is one benchmark target of `make eval-verifier` and whether
// it is met.
type TargetResult struct {
	// Name says what is measured, e.g. "corruptions: changed_number rejected".
	Name string
	// Got is the measured share (0..1), over N cases.
	Got float64
	N   int
	// Bound is the target; AtMost makes it an upper bound.
	Bound  float64
	AtMost bool
	// Count makes Got and Bound counts, not shares.
	Count bool
	// Met reports whether Got satisfies the bound (and N > 0).
	Met bool
}

// AtLeast is a target Got ≥ bound.
func AtLeast(name string, got float64, n int, bound float64) TargetResult {
	return TargetResult{Name: name, Got: got, N: n, Bound: bound, Met: n > 0 && got >= bound-1e-12}
}

// CountAtLeast is a target on a count: n ≥ bound.
func CountAtLeast(name string, n, bound int) TargetResult {
	return TargetResult{Name: name, Got: float64(n), N: n, Bound: float64(bound), Count: true, Met: n >= bound}
}

// AtMostTarget is a target Got ≤ bound.
func AtMostTarget(name string, got float64, n int, bound float64) TargetResult {
	return TargetResult{Name: name, Got: got, N: n, Bound: bound, AtMost: true, Met: n > 0 && got <= bound+1e-12}
}

// CorruptionTargets are the targets on the corruptions of arrows'
// own accepted triples: changed number rejected ≥ 97%, changed boxed answer
// rejected ≥ 99.5%, swapped problem rejected ≥ 98%, clean copies kept ≥ 99%.
func CorruptionTargets(outs []Outcome) []TargetResult {
	_, by := Summarize(outs)
	rej := func(kind string, bound float64) TargetResult {
		t := by[kind]
		return AtLeast("corruptions: "+kind+" rejected", t.Rejection(), t.TN+t.FP, bound)
	}
	clean := by[KindClean]
	return []TargetResult{
		rej(KindChangedNumber, 0.97),
		rej(KindChangedBoxed, 0.995),
		rej(KindSwapped, 0.98),
		AtLeast("corruptions: clean copies kept", clean.Recall(), clean.TP+clean.FN, 0.99),
	}
}

// FprintTargets writes one line per target, "met" or "NOT met" with the
// figure, and reports whether all are met.
func FprintTargets(w io.Writer, ts []TargetResult) bool {
	all := true
	for _, t := range ts {
		status := "met    "
		if !t.Met {
			status, all = "NOT met", false
		}
		op := "≥"
		if t.AtMost {
			op = "≤"
		}
		if t.Count {
			fmt.Fprintf(w, "  %s  %-58s %8.0f  (target %s %.0f)\n", status, t.Name, t.Got, op, t.Bound)
			continue
		}
		fmt.Fprintf(w, "  %s  %-58s %7.2f%%  (target %s %.1f%%, n=%d)\n", status, t.Name, 100*t.Got, op, 100*t.Bound, t.N)
	}
	return all
}

// DetailSep separates what a case changed from the verifier's verdict in
// an Outcome's Detail.
const DetailSep = " ⇒ "

// verdictDetail is "accepted" or the rejection detail (failed checks and
// the first reason).
func verdictDetail(ver schemas.Verification) string {
	if ver.Verdict == schemas.VerdictAccepted {
		return "accepted"
	}
	return verify.Detail(ver)
}

// CaughtBy counts the rejected cases of outs that the label wants rejected
// by the first check that failed (read from the Detail after DetailSep).
func CaughtBy(outs []Outcome) map[string]int {
	m := map[string]int{}
	for _, o := range outs {
		if o.Want || o.Got {
			continue
		}
		d := o.Detail
		if i := strings.LastIndex(d, DetailSep); i >= 0 {
			d = d[i+len(DetailSep):]
		}
		if i := strings.IndexAny(d, ",:"); i >= 0 {
			d = d[:i]
		}
		m[d]++
	}
	return m
}
