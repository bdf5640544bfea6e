// Package decontam flags generated problems that reproduce benchmark test
// items, against n-gram sets of named, versioned benchmark test sets that
// ship with the binary (data/*.ngr.gz, built by cmd/buildngrams from the
// test sets; see data/README.md).
//
// Rule (Check): a problem is contaminated by a benchmark item when
//   - ngram: at least MinHits of its distinct N-grams of normalised tokens
//     (dedup.Tokens; N = 13 by default) occur in that item, and those hits
//     are at least a MinOverlap fraction of its n-grams; or
//   - short_exact / answer_overlap: the row's normalised answer
//     (NormalizeAnswer) equals the item's, both contain the same numbers (as
//     a multiset of number tokens), and the token overlap
//     |A ∩ B| / max(|A|, |B|) of their token multisets is at least
//     ShortOverlap for short items (fewer than 2N tokens, which n-grams
//     cannot match reliably; kind short_exact) or AnswerOverlap for longer
//     ones (kind answer_overlap: this catches paraphrases that swap names
//     and reword the start and end, which leave no 13-gram intact in short
//     word problems).
//
// Every row should record Index.Versions() (what it was checked against),
// so users can tell which benchmark versions a corpus is clean of.
//
// The package is pure Go and holds no global state: load one Index per
// worker (LoadIndex takes ~0.3 s of CPU and allocates ~50 MB, of which
// ~25 MB stay live) and share it; Check is
// safe for concurrent use.
package decontam

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/arrows-math/arrows/internal/dedup"
)

//go:embed data
var embedded embed.FS

// Match kinds.
const (
	KindNGram         = "ngram"
	KindShortExact    = "short_exact"
	KindAnswerOverlap = "answer_overlap"
)

// Rejection reasons written by the decontamination stage
// (schemas.Rejection.Reason with Stage "decontaminate"), one per kind.
const (
	ReasonNGram         = "benchmark_ngram_overlap"
	ReasonShortExact    = "benchmark_short_exact"
	ReasonAnswerOverlap = "benchmark_answer_overlap"
)

// Match describes the benchmark item a problem matched.
type Match struct {
	// Benchmark is the benchmark name, e.g. "gsm8k-test".
	Benchmark string `json:"benchmark"`
	// Version is the source commit (first 12 hex digits).
	Version string `json:"version"`
	ItemID  string `json:"item_id"`
	// Kind is KindNGram, KindShortExact or KindAnswerOverlap.
	Kind string `json:"kind"`
	// Overlap is, for ngram matches, the fraction of the problem's n-grams
	// found in the item; for the answer-based kinds, the token overlap.
	Overlap float64 `json:"overlap"`
	// Hits is the number of the problem's distinct n-grams found in the
	// item (0 for the answer-based kinds).
	Hits int `json:"hits,omitempty"`
}

// String renders the match for schemas.Rejection.Match:
// "benchmark@version:item_id".
func (m Match) String() string {
	return m.Benchmark + "@" + m.Version + ":" + m.ItemID
}

// Reason is the rejection reason for the match's kind.
func (m Match) Reason() string {
	switch m.Kind {
	case KindShortExact:
		return ReasonShortExact
	case KindAnswerOverlap:
		return ReasonAnswerOverlap
	}
	return ReasonNGram
}

// Config selects benchmarks and thresholds. The zero value means the
// defaults.
type Config struct {
	// N is the n-gram length; it must equal the N the data was built with
	// (13). Zero means 13.
	N int
	// MinHits is the number of a problem's distinct n-grams that must occur
	// in one benchmark item. Zero means 1.
	MinHits int
	// MinOverlap is the minimal fraction of the problem's n-grams found in
	// that item, in addition to MinHits. Zero means no minimum.
	MinOverlap float64
	// ShortOverlap is the minimal token overlap for short_exact matches.
	// Zero means DefaultShortOverlap.
	ShortOverlap float64
	// AnswerOverlap is the minimal token overlap for answer_overlap
	// matches. Zero means DefaultAnswerOverlap.
	AnswerOverlap float64
	// NoAnswerMatch disables the answer-based kinds (short_exact and
	// answer_overlap): only n-grams are checked.
	NoAnswerMatch bool
	// Benchmarks names the benchmarks to check (see Available); empty means
	// all.
	Benchmarks []string
}

// Defaults.
const (
	DefaultN             = 13
	DefaultMinHits       = 1
	DefaultShortOverlap  = 0.7
	DefaultAnswerOverlap = 0.6
)

func (c Config) withDefaults() Config {
	if c.N == 0 {
		c.N = DefaultN
	}
	if c.MinHits == 0 {
		c.MinHits = DefaultMinHits
	}
	if c.ShortOverlap == 0 {
		c.ShortOverlap = DefaultShortOverlap
	}
	if c.AnswerOverlap == 0 {
		c.AnswerOverlap = DefaultAnswerOverlap
	}
	return c
}

type textItem struct {
	item    int
	toks    []string
	numbers string // sorted number tokens joined by spaces
	short   bool
}

type bench struct {
	name, version string
	fullVersion   string
	ids           []string
	itemNGrams    []int
	hashes        []uint64
	owners        []uint32
	texts         map[string][]textItem // normalised answer -> items
	shortItems    int
	header        Header
}

// Index is a loaded set of benchmark n-gram sets.
type Index struct {
	cfg     Config
	benches []*bench
}

// Available lists the names of the embedded benchmarks, sorted.
func Available() ([]string, error) {
	return availableIn(embedded, "data")
}

func availableIn(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("list n-gram data: %w", err)
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".ngr.gz"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// LoadIndex loads the embedded benchmark n-gram sets selected by cfg.
func LoadIndex(cfg Config) (*Index, error) {
	return LoadIndexFS(embedded, "data", cfg)
}

// LoadIndexFS loads n-gram files named <benchmark>.ngr.gz from dir in fsys
// (written by Encode). It refuses data built with a different N or
// normaliser than cfg and this binary use.
func LoadIndexFS(fsys fs.FS, dir string, cfg Config) (*Index, error) {
	cfg = cfg.withDefaults()
	if cfg.N < 1 || cfg.MinHits < 1 || cfg.MinOverlap < 0 || cfg.MinOverlap > 1 || cfg.ShortOverlap < 0 || cfg.ShortOverlap > 1 ||
		cfg.AnswerOverlap < 0 || cfg.AnswerOverlap > 1 {
		return nil, fmt.Errorf("decontam: invalid config %+v", cfg)
	}
	avail, err := availableIn(fsys, dir)
	if err != nil {
		return nil, err
	}
	names := cfg.Benchmarks
	if len(names) == 0 {
		names = avail
	}
	have := map[string]bool{}
	for _, a := range avail {
		have[a] = true
	}
	idx := &Index{cfg: cfg}
	seen := map[string]bool{}
	for _, name := range names {
		if !have[name] {
			return nil, fmt.Errorf("decontam: unknown benchmark %q (available: %s)", name, strings.Join(avail, ", "))
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		b, err := loadBench(fsys, path.Join(dir, name+".ngr.gz"), cfg)
		if err != nil {
			return nil, err
		}
		idx.benches = append(idx.benches, b)
	}
	return idx, nil
}

func loadBench(fsys fs.FS, file string, cfg Config) (*bench, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, fmt.Errorf("decontam: open %s: %w", file, err)
	}
	defer f.Close()
	d, err := decode(f, true)
	if err != nil {
		return nil, fmt.Errorf("decontam: read %s: %w", file, err)
	}
	if d.N != cfg.N {
		return nil, fmt.Errorf("decontam: %s was built with N=%d but the config asks for N=%d; "+
			"rebuild the n-gram data with `go run ./internal/decontam/cmd/buildngrams -n %d` or use N=%d",
			file, d.N, cfg.N, cfg.N, d.N)
	}
	if d.Normalizer != dedup.NormalizerVersion || d.Hash != HashName {
		return nil, fmt.Errorf("decontam: %s was built with normaliser %q and hash %q but this binary uses %q and %q; "+
			"rebuild the n-gram data with `go run ./internal/decontam/cmd/buildngrams`",
			file, d.Normalizer, d.Hash, dedup.NormalizerVersion, HashName)
	}
	b := &bench{
		name: d.Benchmark, version: shortCommit(d.Version), fullVersion: d.Version,
		ids: d.ItemIDs, itemNGrams: d.ItemNGrams, hashes: d.hashes, owners: d.owners,
		texts: map[string][]textItem{}, header: d.Header,
	}
	b.header.ItemIDs, b.header.ItemNGrams, b.header.Texts = nil, nil, nil
	for _, s := range d.Texts {
		if s.Answer == "" || s.Item < 0 || s.Item >= d.Items {
			continue
		}
		toks := strings.Fields(s.Text)
		short := len(toks) < d.ShortMaxTokens
		if short {
			b.shortItems++
		}
		b.texts[s.Answer] = append(b.texts[s.Answer], textItem{item: s.Item, toks: toks, numbers: numberKey(toks), short: short})
	}
	return b, nil
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// Versions lists what the index checks against, one "benchmark@commit"
// (first 12 hex digits of the source commit) per benchmark, in load order.
// Record it on every row checked (schemas.Provenance.Decontam).
func (x *Index) Versions() []string {
	out := make([]string, len(x.benches))
	for i, b := range x.benches {
		out[i] = b.name + "@" + b.version
	}
	return out
}

// Config returns the effective configuration (defaults filled in).
func (x *Index) Config() Config { return x.cfg }

// BenchmarkInfo describes one loaded benchmark.
type BenchmarkInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Source  string `json:"source"`
	License string `json:"license"`
	Items   int    `json:"items"`
	NGrams  int    `json:"ngrams"`
	// Texts is the number of items with an answer (for answer-based
	// matching), Short how many of them are short.
	Texts int `json:"texts"`
	Short int `json:"short_items"`
	N     int `json:"n"`
}

// Benchmarks describes the loaded benchmarks, in load order (for dataset
// cards).
func (x *Index) Benchmarks() []BenchmarkInfo {
	out := make([]BenchmarkInfo, len(x.benches))
	for i, b := range x.benches {
		texts := 0
		for _, s := range b.texts {
			texts += len(s)
		}
		out[i] = BenchmarkInfo{Name: b.name, Version: b.fullVersion, Source: b.header.Source, License: b.header.License,
			Items: b.header.Items, NGrams: b.header.NGrams, Texts: texts, Short: b.shortItems, N: b.header.N}
	}
	return out
}

// Check reports the best benchmark match of a problem (with its final
// answer, used for short items), and whether the problem is contaminated.
// The best match has the most n-gram hits (answer-based matches rank by
// overlap after n-gram matches); ties go to the earlier benchmark in load
// order, then the earlier item.
func (x *Index) Check(problem, answer string) (Match, bool) {
	ms := x.CheckAll(problem, answer)
	if len(ms) == 0 {
		return Match{}, false
	}
	return ms[0], true
}

// CheckAll returns the best match in every benchmark the problem matches,
// best first (see Check).
func (x *Index) CheckAll(problem, answer string) []Match {
	toks := dedup.Tokens(problem)
	grams := NGrams(toks, x.cfg.N)
	ans, nums := NormalizeAnswer(answer), numberKey(toks)
	var out []Match
	order := map[string]int{}
	for bi, b := range x.benches {
		order[b.name] = bi
		if m, ok := b.checkNGrams(grams, x.cfg); ok {
			out = append(out, m)
			continue
		}
		if x.cfg.NoAnswerMatch {
			continue
		}
		if m, ok := b.checkAnswer(toks, nums, ans, x.cfg); ok {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if (a.Kind == KindNGram) != (c.Kind == KindNGram) {
			return a.Kind == KindNGram
		}
		if a.Hits != c.Hits {
			return a.Hits > c.Hits
		}
		if a.Overlap != c.Overlap {
			return a.Overlap > c.Overlap
		}
		return order[a.Benchmark] < order[c.Benchmark]
	})
	return out
}

func (b *bench) checkNGrams(grams []uint64, cfg Config) (Match, bool) {
	if len(grams) == 0 || len(b.hashes) == 0 {
		return Match{}, false
	}
	var hits map[uint32]int
	for _, g := range grams {
		i := sort.Search(len(b.hashes), func(k int) bool { return b.hashes[k] >= g })
		if i < len(b.hashes) && b.hashes[i] == g {
			if hits == nil {
				hits = map[uint32]int{}
			}
			hits[b.owners[i]]++
		}
	}
	best, bestHits := uint32(0), 0
	for item, h := range hits {
		if h > bestHits || h == bestHits && item < best {
			best, bestHits = item, h
		}
	}
	overlap := float64(bestHits) / float64(len(grams))
	if bestHits < cfg.MinHits || overlap < cfg.MinOverlap {
		return Match{}, false
	}
	return Match{Benchmark: b.name, Version: b.version, ItemID: b.ids[best], Kind: KindNGram, Overlap: overlap, Hits: bestHits}, true
}

// checkAnswer applies the answer-based rules; ans is the normalised answer
// and nums the number key of toks.
func (b *bench) checkAnswer(toks []string, nums, ans string, cfg Config) (Match, bool) {
	if ans == "" || len(toks) == 0 {
		return Match{}, false
	}
	cands := b.texts[ans]
	if len(cands) == 0 {
		return Match{}, false
	}
	var best *textItem
	bestOv := 0.0
	for k := range cands {
		c := &cands[k]
		if c.numbers != nums {
			continue
		}
		min := cfg.AnswerOverlap
		if c.short {
			min = cfg.ShortOverlap
		}
		if ov := tokenOverlap(toks, c.toks); ov >= min && (best == nil || ov > bestOv || ov == bestOv && c.item < best.item) {
			best, bestOv = c, ov
		}
	}
	if best == nil {
		return Match{}, false
	}
	kind := KindAnswerOverlap
	if best.short {
		kind = KindShortExact
	}
	return Match{Benchmark: b.name, Version: b.version, ItemID: b.ids[best.item], Kind: kind, Overlap: bestOv}, true
}

// numberKey is the sorted multiset of number tokens.
func numberKey(toks []string) string {
	var nums []string
	for _, t := range toks {
		if isNumberTok(t) {
			nums = append(nums, t)
		}
	}
	sort.Strings(nums)
	return strings.Join(nums, " ")
}

// tokenOverlap is |A ∩ B| / max(|A|, |B|) over token multisets.
func tokenOverlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	count := make(map[string]int, len(a))
	for _, t := range a {
		count[t]++
	}
	inter := 0
	for _, t := range b {
		if count[t] > 0 {
			count[t]--
			inter++
		}
	}
	return float64(inter) / float64(max(len(a), len(b)))
}
