// Package eval measures the offline generator end to end without Beam:
// seeds drawn with the knowledge sampler (restricted to the topics the
// offline generator covers, as `arrows generate` does), programs generated,
// executed in a real sandbox pool with analysis on, translated, verified
// with internal/verify, then summarised: how multi-topic programs compose
// (a part's result feeding another part, or a plain sum of independent
// parts), values that never reach the answer, text-lint findings, topics
// reached, acceptance, distinct-2 of problems and the near-duplicate rate.
// `make eval-offline` runs it over 2,000 seeds; the package test runs a
// reduced version.
package eval

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/arrows-math/arrows/internal/answer"
	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/internal/knowledge"
	"github.com/arrows-math/arrows/internal/offline"
	"github.com/arrows-math/arrows/internal/sandbox"
	"github.com/arrows-math/arrows/internal/stats"
	"github.com/arrows-math/arrows/internal/verify"
	"github.com/arrows-math/arrows/schemas"
)

//go:embed deadvalues.py
var deadValuesPy string

// Config says what to measure.
type Config struct {
	// Seeds is the number of seeds (indexes 0..Seeds-1).
	Seeds int
	// RunSeed is the run seed, as `arrows generate --seed`.
	RunSeed int64
	// Python is the interpreter that runs the dead-value analysis
	// (sandbox server's data flow, applied statically to accepted programs).
	Python string
	// ServerPy is the path of internal/sandbox/server.py.
	ServerPy string
	// Parallel bounds the programs in flight in the sandbox pool.
	Parallel int
	// WithoutToolsMatter folds the verdict without the tools_matter check
	// (the verifier before it existed); ToolsMatterFails still counts it.
	WithoutToolsMatter bool
}

// Row is one seed's outcome.
type Row struct {
	Index    int64
	Topics   []string
	Template string
	Stage    string // "" when accepted, else the rejection stage
	Reason   string
	Problem  string
	Solution string
	Source   string
	Unused   []string
	// Dead lists assignments ("name@line") whose value reaches neither the
	// answer nor an assert; DeadCalls are unused call sites (dotted names).
	Dead []string
	// Composition classifies multi-part programs (see Classify).
	Composition Composition
	Lint        []offline.Finding
	// OnlyToolsMatter is true when tools_matter is the only failed check;
	// ToolsMatterFailed when it failed.
	OnlyToolsMatter, ToolsMatterFailed bool
}

// Report is the summary of a run.
type Report struct {
	Seeds, Accepted int
	Rejections      map[string]int // "stage/reason" -> rows
	// MultiTopic counts accepted programs of 2+ parts; Feeds those in which
	// at least one part's result feeds another; PlainSums those ending in
	// a sum of independent parts; Combined those that combine independent
	// parts otherwise (ratio, comparison, ...).
	MultiTopic, Feeds, PlainSums, Combined int
	// DeadValue counts accepted programs with a value (assignment or call)
	// that reaches neither the answer nor an assert.
	DeadValue int
	// ToolsMatterRejected counts rows rejected by tools_matter alone;
	// ToolsMatterFails counts verified rows whose tools_matter check
	// failed (whether or not it decided the verdict).
	ToolsMatterRejected, ToolsMatterFails int
	LintFindings                          int
	LintByRule                            map[string]int
	LintExamples                          map[string][]string
	TopicsReached                         int
	Distinct2                             float64
	// Distinct2Exact is distinct-2 counted exactly (distinct bigram
	// hashes / all bigrams); Distinct2 is the stats package's sketch.
	Distinct2Exact float64
	NearDuplicates int
	Rows           []Row
}

// Run measures cfg.Seeds seeds.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	kb, err := knowledge.Load()
	if err != nil {
		return nil, fmt.Errorf("knowledge: %w", err)
	}
	gen, err := offline.New(kb)
	if err != nil {
		return nil, fmt.Errorf("offline generator: %w", err)
	}
	sc := knowledge.DefaultSamplerConfig()
	sc.Allowed = gen.Covers
	sampler, err := knowledge.NewSampler(kb, sc)
	if err != nil {
		return nil, fmt.Errorf("sampler: %w", err)
	}
	pool, err := sandbox.NewPool(ctx, sandbox.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("sandbox pool: %w", err)
	}
	defer pool.Close()
	ver := &verify.Verifier{Checker: &answer.Checker{Runner: pool}}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 4
	}

	rows := make([]Row, cfg.Seeds)
	recs := make([]*schemas.Record, cfg.Seeds)
	var wg sync.WaitGroup
	sem := make(chan struct{}, cfg.Parallel)
	for i := 0; i < cfg.Seeds; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			rows[i], recs[i] = runSeed(ctx, gen, sampler, pool, ver, cfg.RunSeed, int64(i), cfg.WithoutToolsMatter)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Dead values of accepted programs (static data flow, outside the sandbox).
	var srcs []string
	var idx []int
	for i, r := range rows {
		if r.Stage == "" {
			srcs = append(srcs, r.Source)
			idx = append(idx, i)
		}
	}
	dead, err := deadValues(cfg.Python, cfg.ServerPy, srcs)
	if err != nil {
		return nil, err
	}
	for k, i := range idx {
		rows[i].Dead = dead[k]
	}
	return summarize(rows, recs), nil
}

func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// runSeed takes one seed through generate, execute, translate and verify
// as the pipeline's stages do.
func runSeed(ctx context.Context, gen *offline.Generator, sampler *knowledge.Sampler, pool *sandbox.Pool, ver *verify.Verifier, runSeed, i int64, withoutToolsMatter bool) (Row, *schemas.Record) {
	topics := sampler.Sample(runSeed, i)
	seed := schemas.Seed{Index: i, RunSeed: runSeed, Pathway: "topics", Topics: topics}
	var ids []string
	for _, t := range topics {
		ids = append(ids, t.ID)
	}
	// The seed id as transforms.NewSeedRecord derives it (the generator's
	// random source depends on it).
	seed.ID = hashID("seed", strconv.FormatInt(runSeed, 10), strconv.FormatInt(i, 10), strings.Join(ids, "+"))
	rec := &schemas.Record{ID: fmt.Sprintf("%08d", i), Seed: seed, Provenance: schemas.Provenance{Generator: "offline", RunSeed: runSeed, Pathway: "topics"}}
	row := Row{Index: i, Topics: ids}
	reject := func(stage, reason string) (Row, *schemas.Record) {
		row.Stage, row.Reason = stage, reason
		rec.Rejection = &schemas.Rejection{Stage: stage, Reason: reason}
		return row, rec
	}
	prog, err := gen.Generate(seed)
	if err != nil {
		return reject(schemas.StageGenerate, "offline_generator")
	}
	rec.Program = prog
	row.Template, row.Source = prog.Template, prog.Source
	ex := pool.Run(ctx, sandbox.Request{Code: prog.Source, Analyze: true})
	rec.Execution = &ex
	row.Unused = ex.Unused
	if ex.Status != schemas.StatusOK {
		return reject(schemas.StageExecute, ex.Status)
	}
	problem, solution, err := offline.Translate(prog, &ex)
	if err != nil {
		return reject(schemas.StageTranslate, "offline_translation")
	}
	rec.Problem, rec.Solution = problem, solution
	row.Problem, row.Solution = problem, solution
	row.Lint = append(offline.Lint(problem), offline.Lint(solution)...)
	row.Composition = Classify(prog.Source, len(strings.Split(prog.Template, "+")))
	v := ver.Verify(ctx, rec)
	var kept []schemas.Check
	for _, c := range v.Checks {
		if c.Name == verify.CheckToolsMatter {
			row.ToolsMatterFailed = c.Result == schemas.ResultFail
			if withoutToolsMatter {
				continue
			}
		}
		kept = append(kept, c)
	}
	v = verify.Fold(kept)
	rec.Verification = &v
	if v.Verdict != schemas.VerdictAccepted {
		row.OnlyToolsMatter = len(v.Failed) == 1 && v.Failed[0] == verify.CheckToolsMatter
		return reject(schemas.StageVerify, verify.Reason(v))
	}
	return row, rec
}

// deadValues runs deadvalues.py over the sources: per source, the
// assignments whose value reaches neither the answer nor an assert.
func deadValues(python, serverPy string, srcs []string) ([][]string, error) {
	if len(srcs) == 0 {
		return nil, nil
	}
	in, err := json.Marshal(map[string]any{"server": serverPy, "sources": srcs})
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(python, "-c", deadValuesPy)
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dead-value analysis: %v: %s", err, stderr.String())
	}
	var res [][]string
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("dead-value analysis output: %w", err)
	}
	if len(res) != len(srcs) {
		return nil, fmt.Errorf("dead-value analysis: %d results for %d programs", len(res), len(srcs))
	}
	return res, nil
}

// Composition is how a program's parts are combined.
type Composition struct {
	Parts int
	// Feeds is true when a statement of one part reads a local of another
	// part (a result used as a given), the final combination excepted.
	Feeds bool
	// Combination is the final statement that reads the results of two or
	// more parts ("" when there is none, as in a full chain).
	Combination string
	// PlainSum is true when there is no feed and the combination is a sum
	// of the parts' results.
	PlainSum bool
}

var (
	partRef  = regexp.MustCompile(`\bp([0-9]+)_[A-Za-z0-9_]*`)
	plainSum = regexp.MustCompile(`^answer = p[0-9]+_answer( \+ p[0-9]+_answer)+$`)
	// combination matches a line computing answer from the plain results
	// of parts: every p<i>_ name in it is a p<i>_answer not passed to int().
	combination = regexp.MustCompile(`^answer = ([^p]|p[0-9]+_answer\b|p[^0-9])*$`)
)

// Classify reads the body of solve() of an offline program of n parts
// (locals of part i are named p<i>_..., the final result answer). Each
// line belongs to the part of its first p<i>_ name (a line assigning answer
// to the last part); a line that reads a local of another part is a feed,
// except the combination: a line assigning answer from the plain results
// (p<i>_answer) of two or more parts.
func Classify(src string, n int) Composition {
	c := Composition{Parts: n}
	if n < 2 {
		return c
	}
	body := src[strings.Index(src, "def solve():")+1:]
	for _, line := range strings.Split(body, "\n") {
		s := strings.TrimSpace(line)
		if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "return ") {
			continue
		}
		refs := partRef.FindAllStringSubmatch(s, -1)
		if len(refs) == 0 {
			continue
		}
		parts := map[string]bool{}
		for _, r := range refs {
			parts[r[1]] = true
		}
		own := refs[0][1]
		if strings.HasPrefix(s, "answer =") {
			if len(parts) >= 2 && combination.MatchString(s) {
				c.Combination = s
				continue
			}
			own = strconv.Itoa(n)
		}
		for p := range parts {
			if p != own {
				c.Feeds = true
			}
		}
	}
	c.PlainSum = !c.Feeds && plainSum.MatchString(c.Combination)
	return c
}

func summarize(rows []Row, recs []*schemas.Record) *Report {
	rep := &Report{Seeds: len(rows), Rejections: map[string]int{}, LintByRule: map[string]int{}, LintExamples: map[string][]string{}, Rows: rows}
	st := stats.New()
	topics := map[string]bool{}
	var members []dedup.Member
	mh := dedup.DefaultMinHash()
	for i, r := range rows {
		st.Add(recs[i])
		if r.ToolsMatterFailed {
			rep.ToolsMatterFails++
		}
		if r.Stage != "" {
			rep.Rejections[r.Stage+"/"+r.Reason]++
			if r.OnlyToolsMatter {
				rep.ToolsMatterRejected++
			}
			continue
		}
		rep.Accepted++
		for _, t := range r.Topics {
			topics[t] = true
		}
		if r.Composition.Parts >= 2 {
			rep.MultiTopic++
			switch {
			case r.Composition.Feeds:
				rep.Feeds++
			case r.Composition.PlainSum:
				rep.PlainSums++
			default:
				rep.Combined++
			}
		}
		if len(r.Dead) > 0 || len(r.Unused) > 0 {
			rep.DeadValue++
		}
		for _, f := range r.Lint {
			rep.LintFindings++
			rep.LintByRule[f.Rule]++
			if len(rep.LintExamples[f.Rule]) < 3 {
				rep.LintExamples[f.Rule] = append(rep.LintExamples[f.Rule], f.Excerpt)
			}
		}
		members = append(members, dedup.Member{ID: recs[i].ID, Signature: mh.Signature(r.Problem)})
	}
	st.Finalize()
	rep.Distinct2 = st.Distinct2.Ratio
	var texts []string
	for _, r := range rows {
		if r.Stage == "" {
			texts = append(texts, r.Problem)
		}
	}
	rep.Distinct2Exact = DistinctN(texts, 2)
	rep.TopicsReached = len(topics)
	rep.NearDuplicates = nearDuplicates(mh, members)
	return rep
}

// nearDuplicates counts the rows the dedup stage would drop as near
// duplicates: members grouped by LSH band key, each group resolved by
// MinHash.Dedup, the union of the dropped ids.
func nearDuplicates(mh dedup.MinHash, members []dedup.Member) int {
	groups := map[string][]dedup.Member{}
	for _, m := range members {
		for _, k := range mh.BandKeys(m.Signature) {
			groups[k] = append(groups[k], m)
		}
	}
	dropped := map[string]bool{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		for _, d := range mh.Dedup(g) {
			dropped[d.ID] = true
		}
	}
	return len(dropped)
}

func pct(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

// Print writes the figures.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "seeds %d, accepted %d (%s)\n", r.Seeds, r.Accepted, pct(r.Accepted, r.Seeds))
	var keys []string
	for k := range r.Rejections {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  rejected %-40s %d\n", k, r.Rejections[k])
	}
	fmt.Fprintf(w, "  rejected by tools_matter alone: %d; tools_matter failed (counted in the verdict or not): %d\n", r.ToolsMatterRejected, r.ToolsMatterFails)
	fmt.Fprintf(w, "multi-topic accepted %d: a part's result feeds another %d (%s), plain sum of independent parts %d (%s), other combination %d (%s)\n",
		r.MultiTopic, r.Feeds, pct(r.Feeds, r.MultiTopic), r.PlainSums, pct(r.PlainSums, r.MultiTopic), r.Combined, pct(r.Combined, r.MultiTopic))
	fmt.Fprintf(w, "accepted programs with a value that reaches neither the answer nor an assert: %d (%s)\n", r.DeadValue, pct(r.DeadValue, r.Accepted))
	fmt.Fprintf(w, "text-lint findings: %d\n", r.LintFindings)
	var rules []string
	for k := range r.LintByRule {
		rules = append(rules, k)
	}
	sort.Strings(rules)
	for _, k := range rules {
		fmt.Fprintf(w, "  %-18s %d  e.g. %q\n", k, r.LintByRule[k], r.LintExamples[k])
	}
	fmt.Fprintf(w, "distinct topics reached: %d\n", r.TopicsReached)
	fmt.Fprintf(w, "distinct-2 of problems: %.4f exact (%.4f by the stats sketch)\n", r.Distinct2Exact, r.Distinct2)
	fmt.Fprintf(w, "near-duplicates (MinHash, threshold %.2f): %d (%s of accepted)\n", dedup.DefaultMinHash().Threshold, r.NearDuplicates, pct(r.NearDuplicates, r.Accepted))
}

// DistinctN is the exact distinct-n of texts: distinct n-grams of
// dedup.Tokens over all n-grams (0 without n-grams).
func DistinctN(texts []string, n int) float64 {
	seen := map[uint64]bool{}
	total := 0
	for _, t := range texts {
		toks := dedup.Tokens(t)
		for i := 0; i+n <= len(toks); i++ {
			seen[dedup.HashTokens(toks[i:i+n])] = true
			total++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(len(seen)) / float64(total)
}
