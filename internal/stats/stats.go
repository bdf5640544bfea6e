// Package stats accumulates corpus statistics over the rows a job writes:
// the stage funnel, rejections by stage and reason, acceptance per topic,
// education stage, subject, number of topics and tool, topic-pair
// coverage, program/solution/execution-time distributions, answer types,
// tool usage, distinct-n of problem texts, near-duplicate and
// contamination rates, verifier check failures, LLM usage per role and the
// provenance needed for a dataset card.
//
// Stats is a mergeable accumulator (a Beam combiner's accumulator): New,
// Add per row, Merge partial results, Finalize once at the end. It is
// JSON-serializable (exported fields only) and its memory is bounded by the
// number of distinct topics, tools and reasons, not by the number of rows:
// distinct-n uses a bounded sketch (see Distinct) and topic-pair counts are
// capped (see TopicPairsCap). After Finalize, the JSON encoding does not
// depend on the order of Add and Merge calls (maps encode with sorted keys).
package stats

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arrows-math/arrows/internal/dedup"
	"github.com/arrows-math/arrows/schemas"
)

// Version identifies the layout of Stats (stats.json).
const Version = "stats-v2"

// TopicPairsCap bounds the number of distinct topic pairs counted; past it
// TopicPairs is dropped and TopicPairsTruncated set (SubjectPairs remains).
// Whether the cap is hit depends only on the set of pairs, so the result is
// still independent of merge order.
const TopicPairsCap = 20000

// maxKeyLen bounds reasons, tool names and similar map keys (in bytes).
const maxKeyLen = 96

// Stats is the accumulator and the content of stats.json.
type Stats struct {
	// Version is the Stats layout version.
	Version string `json:"version"`
	// Rows is the number of rows that left the job (accepted + rejected).
	Rows     int64 `json:"rows"`
	Seeds    int64 `json:"seeds"`
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
	// DeadLettered counts input lines that could not be parsed (verify job).
	DeadLettered int64 `json:"dead_lettered"`
	// Funnel counts the rows that passed each stage, in pipeline order.
	Funnel Funnel `json:"funnel"`
	// Rejections counts rejected rows by stage, then reason.
	Rejections map[string]map[string]int64 `json:"rejections"`
	// DeadLetterReasons counts dead-lettered lines by reason.
	DeadLetterReasons map[string]int64 `json:"dead_letter_reasons,omitempty"`
	// Topics counts seeds and accepted rows per topic id.
	Topics map[string]*Count `json:"topics,omitempty"`
	// VerdictChanges counts re-verified rows whose verdict changed, by "old_to_new".
	VerdictChanges map[string]int64 `json:"verdict_changes,omitempty"`
	// Reverified counts re-verified rows that had a stored verdict.
	Reverified int64 `json:"reverified,omitempty"`

	// TopicNames maps topic ids to their tier path "stage / subject / name"
	// (the smallest path seen, for determinism).
	TopicNames map[string]string `json:"topic_names,omitempty"`
	// EducationStages counts rows and accepted rows per education stage
	// (tier 1 of the topic path); a row counts once per distinct stage.
	EducationStages map[string]*Count `json:"education_stages,omitempty"`
	// Subjects counts per "stage/subject" (tiers 1-2).
	Subjects map[string]*Count `json:"subjects,omitempty"`
	// NumTopics counts per number of topics in the seed ("1", "2", ...).
	NumTopics map[string]*Count `json:"num_topics,omitempty"`
	// Tools counts rows and accepted rows per toolkit API declared by the
	// seed's topics.
	Tools map[string]*Count `json:"tools,omitempty"`
	// ProgramCalls counts accepted rows whose program calls each dotted
	// API name (schemas.Execution.Calls).
	ProgramCalls map[string]int64 `json:"program_calls,omitempty"`
	// TopicPairs counts rows and accepted rows per unordered pair "a|b"
	// (a <= b) of the seed's distinct topics; a seed with a single
	// distinct topic counts as "a|a". Nil once TopicPairsTruncated.
	TopicPairs          map[string]*Count `json:"topic_pairs,omitempty"`
	TopicPairsTruncated bool              `json:"topic_pairs_truncated,omitempty"`
	// SubjectPairs is the same at "stage/subject" level (a seed within one
	// stratum counts as "s|s").
	SubjectPairs map[string]*Count `json:"subject_pairs,omitempty"`
	// Pathways counts rows per pathway ("topics", "seeds").
	Pathways map[string]*Count `json:"pathways,omitempty"`

	// Distributions over accepted rows.
	ProgramLines  Histogram `json:"program_lines"`  // non-blank program lines
	ToolCount     Histogram `json:"tool_count"`     // distinct API calls per program
	SolutionChars Histogram `json:"solution_chars"` // characters (runes)
	SolutionWords Histogram `json:"solution_words"`
	ProblemWords  Histogram `json:"problem_words"`
	// ExecCPUMillis is over every executed row (accepted or not).
	ExecCPUMillis Histogram `json:"exec_cpu_ms"`
	// AnswerTypes counts accepted rows by the kind of the program's result.
	AnswerTypes map[string]int64 `json:"answer_types,omitempty"`
	// AnswerMethods counts accepted rows by how the final answer was found
	// ("boxed", "fallback:...").
	AnswerMethods map[string]int64 `json:"answer_methods,omitempty"`
	// Distinct1..3 measure distinct-n of accepted problem texts
	// (dedup.Tokens): distinct n-grams / all n-grams.
	Distinct1 Distinct `json:"distinct_1"`
	Distinct2 Distinct `json:"distinct_2"`
	Distinct3 Distinct `json:"distinct_3"`

	// ChecksFailed and ChecksUndecided count verification checks by name
	// over all verified rows; CheckLayers counts passed checks by the
	// layer that decided them.
	ChecksFailed    map[string]int64 `json:"checks_failed,omitempty"`
	ChecksUndecided map[string]int64 `json:"checks_undecided,omitempty"`
	CheckLayers     map[string]int64 `json:"check_layers,omitempty"`
	// ToolsMatter counts the outcomes of the tools_matter check (every
	// declared tool the program calls reaches its answer) and the tools
	// whose value did not.
	ToolsMatter ToolsMatter `json:"tools_matter"`
	// Contamination counts decontamination rejections per matched
	// "benchmark@version" (from schemas.Rejection.Match).
	Contamination map[string]int64 `json:"contamination,omitempty"`
	// DecontamScope counts rows per benchmark version they were checked
	// against (schemas.Provenance.Decontam).
	DecontamScope map[string]int64 `json:"decontam_scope,omitempty"`
	// Evolution counts rows per evolution operator (seeds pathway).
	Evolution map[string]*Count `json:"evolution,omitempty"`

	// Usage sums LLM token usage per role over all rows.
	Usage map[string]*RoleUsage `json:"usage,omitempty"`
	// CostUSD is the LLM spend over all rows and roles (from the rows'
	// usage.cost_usd, i.e. the prices given to the run); set by Finalize.
	CostUSD float64 `json:"cost_usd,omitempty"`
	// CostPerAcceptedUSD is CostUSD / Accepted (what one accepted triple
	// cost, rejected rows' spend included); set by Finalize.
	CostPerAcceptedUSD float64 `json:"cost_per_accepted_usd,omitempty"`
	// Provenance counts rows per provenance value, for the dataset card.
	Provenance ProvenanceCounts `json:"provenance"`

	// Derived by Finalize.
	Steps          []FunnelStep `json:"funnel_steps,omitempty"`
	AcceptanceRate float64      `json:"acceptance_rate"`
	// NearDuplicateRate is dedup rejections / rows that reached dedup.
	NearDuplicateRate float64 `json:"near_duplicate_rate"`
	// ContaminationRate is decontamination rejections / rows that reached it.
	ContaminationRate float64 `json:"contamination_rate"`

	// StageTimes is the stage-time breakdown (see StageTime), keyed by the
	// TimeStages; JobWallMillis is the job's elapsed time. Both are
	// measurements, absent when the job could not read them (a run
	// submitted without waiting for it).
	StageTimes    map[string]*StageTime `json:"stage_times,omitempty"`
	JobWallMillis int64                 `json:"job_wall_ms,omitempty"`
	// FirstVerdictMillis is the time from the job's start to the first
	// row's verdict (start-up and one row's way through the stages), and
	// VerdictSpanMillis the time from the first verdict to the last (the
	// steady part); both measured by the launcher of a local run (absent
	// otherwise) and summed over merged runs, like JobWallMillis. See
	// Timing.
	FirstVerdictMillis int64 `json:"first_verdict_ms,omitempty"`
	VerdictSpanMillis  int64 `json:"verdict_span_ms,omitempty"`
}

// CheckToolsMatter is the name of verify's tools_matter check
// (verify.CheckToolsMatter; stats does not import verify).
const CheckToolsMatter = "tools_matter"

// ToolsMatter summarizes the tools_matter check over verified rows.
type ToolsMatter struct {
	// Checked counts rows on which the check ran (passed or failed).
	Checked int64 `json:"checked"`
	// Failed counts rows it rejected.
	Failed int64 `json:"failed"`
	// Unused counts, over the failed rows, each declared tool of the
	// seed's topics whose call did not reach the answer.
	Unused map[string]int64 `json:"unused_tools,omitempty"`
}

// Count is a seen/accepted pair.
type Count struct {
	Seen     int64 `json:"seen"`
	Accepted int64 `json:"accepted"`
	// Rate is Accepted/Seen, set by Finalize.
	Rate float64 `json:"rate,omitempty"`
}

// Funnel is the number of rows that got through each stage.
type Funnel struct {
	Seeds      int64 `json:"seeds"`
	Programs   int64 `json:"programs"`
	Executed   int64 `json:"executed"`
	Translated int64 `json:"translated"`
	Verified   int64 `json:"verified"`
	Deduped    int64 `json:"deduplicated"`
	Decontam   int64 `json:"decontaminated"`
	Accepted   int64 `json:"accepted"`
}

// FunnelStep is one line of the funnel table, derived from Funnel.
type FunnelStep struct {
	// Name is "seeds", "programs", "executed", "translated", "verified",
	// "deduplicated", "decontaminated" or "accepted".
	Name  string `json:"name"`
	Count int64  `json:"count"`
	// Dropped is how many rows the previous step had more.
	Dropped int64 `json:"dropped"`
	// OfPrevious is Count / previous Count; OfSeeds is Count / seeds.
	OfPrevious float64 `json:"of_previous"`
	OfSeeds    float64 `json:"of_seeds"`
	// Stages are the rejection stages whose rows make up Dropped.
	Stages []string `json:"stages,omitempty"`
}

// RoleUsage is LLM usage summed over rows for one role.
type RoleUsage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	Calls            int64 `json:"calls"`
	CacheHits        int64 `json:"cache_hits"`
	// CostNanoUSD is the summed cost of the role's calls in 1e-9 USD,
	// each row's cost rounded to the nano-dollar: an integer, so the sum
	// does not depend on the order rows are added and merged.
	CostNanoUSD int64 `json:"cost_nano_usd,omitempty"`
	// CostUSD is CostNanoUSD in USD (0 without prices); set by Finalize.
	CostUSD float64 `json:"cost_usd,omitempty"`
	// CachedPromptTokens and CachedCompletionTokens are the tokens of the
	// cache hits as reported when they were made (not spent by this run).
	CachedPromptTokens     int64 `json:"cached_prompt_tokens,omitempty"`
	CachedCompletionTokens int64 `json:"cached_completion_tokens,omitempty"`
	// LatencyMillis is the summed endpoint latency of the role's calls
	// (cache hits: when they were made); LatencyCalls counts the calls
	// with a known latency.
	LatencyMillis int64 `json:"latency_ms,omitempty"`
	LatencyCalls  int64 `json:"latency_calls,omitempty"`
	// Rows is the number of rows with usage for the role.
	Rows int64 `json:"rows"`
	// Models counts those rows per model (schemas.Provenance.Models).
	Models map[string]int64 `json:"models,omitempty"`
}

// ProvenanceCounts counts rows per provenance value.
type ProvenanceCounts struct {
	Generators       map[string]int64 `json:"generators,omitempty"`
	Models           map[string]int64 `json:"models,omitempty"` // "role=model"
	PromptVersions   map[string]int64 `json:"prompt_versions,omitempty"`
	VerifierVersions map[string]int64 `json:"verifier_versions,omitempty"`
	ArrowsVersions   map[string]int64 `json:"arrows_versions,omitempty"`
	RunSeeds         map[string]int64 `json:"run_seeds,omitempty"`
}

// Histogram bounds used by New.
var (
	programLineBounds  = []int64{5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200}
	toolCountBounds    = []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20}
	solutionCharBounds = []int64{100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 8000}
	solutionWordBounds = []int64{20, 40, 60, 80, 100, 150, 200, 300, 400, 600, 1000}
	problemWordBounds  = []int64{10, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300}
	execMillisBounds   = []int64{5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000}
)

// New returns an empty accumulator.
func New() *Stats {
	s := &Stats{}
	s.init()
	return s
}

func (s *Stats) init() {
	s.Version = Version
	if s.Rejections == nil {
		s.Rejections = map[string]map[string]int64{}
	}
	if s.Topics == nil {
		s.Topics = map[string]*Count{}
	}
	if s.TopicPairs == nil && !s.TopicPairsTruncated {
		s.TopicPairs = map[string]*Count{}
	}
	initHist(&s.ProgramLines, programLineBounds)
	initHist(&s.ToolCount, toolCountBounds)
	initHist(&s.SolutionChars, solutionCharBounds)
	initHist(&s.SolutionWords, solutionWordBounds)
	initHist(&s.ProblemWords, problemWordBounds)
	initHist(&s.ExecCPUMillis, execMillisBounds)
}

func initHist(h *Histogram, bounds []int64) {
	if len(h.Bounds) == 0 && h.N == 0 {
		*h = NewHistogram(bounds...)
	}
}

// stageOrder is the pipeline order; a row rejected at stage i passed all
// stages before i.
// A row rejected at stage budget (the LLM budget was spent before it
// finished) counts as dropped before a program, wherever it stopped.
var stageOrder = []string{
	schemas.StageRead, schemas.StageSeed, schemas.StageBudget, schemas.StageGenerate, schemas.StageExecute, schemas.StageTranslate,
	schemas.StageVerify, schemas.StageDedup, schemas.StageDecontam,
}

func stageIndex(stage string) int {
	for i, s := range stageOrder {
		if s == stage {
			return i
		}
	}
	return len(stageOrder)
}

// key bounds a free-form map key to maxKeyLen bytes of valid UTF-8.
func key(s string) string {
	if s == "" {
		return "(none)"
	}
	if len(s) <= maxKeyLen {
		return s
	}
	cut := maxKeyLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func inc(m *map[string]int64, k string, n int64) {
	if *m == nil {
		*m = map[string]int64{}
	}
	(*m)[key(k)] += n
}

func incCount(m *map[string]*Count, k string, accepted bool) {
	if *m == nil {
		*m = map[string]*Count{}
	}
	k = key(k)
	c := (*m)[k]
	if c == nil {
		c = &Count{}
		(*m)[k] = c
	}
	c.Seen++
	if accepted {
		c.Accepted++
	}
}

// Add folds one output row into the statistics.
func (s *Stats) Add(rec *schemas.Record) {
	s.init()
	s.Rows++
	s.Seeds++
	accepted := rec.Rejection == nil
	passed := len(stageOrder) // accepted rows passed every stage
	if rec.Rejection != nil {
		s.Rejected++
		m := s.Rejections[key(rec.Rejection.Stage)]
		if m == nil {
			m = map[string]int64{}
			s.Rejections[key(rec.Rejection.Stage)] = m
		}
		m[key(rec.Rejection.Reason)]++
		passed = stageIndex(rec.Rejection.Stage)
		if rec.Rejection.Stage == schemas.StageDecontam {
			match := rec.Rejection.Match
			if i := strings.IndexByte(match, ':'); i >= 0 {
				match = match[:i]
			}
			inc(&s.Contamination, match, 1)
		}
	} else {
		s.Accepted++
	}
	f := &s.Funnel
	f.Seeds++
	for i := 0; i < passed && i < len(stageOrder); i++ {
		switch stageOrder[i] {
		case schemas.StageGenerate:
			f.Programs++
		case schemas.StageExecute:
			f.Executed++
		case schemas.StageTranslate:
			f.Translated++
		case schemas.StageVerify:
			f.Verified++
		case schemas.StageDedup:
			f.Deduped++
		case schemas.StageDecontam:
			f.Decontam++
		}
	}
	if accepted {
		f.Accepted++
	}
	for _, t := range rec.Seed.Topics {
		c := s.Topics[t.ID]
		if c == nil {
			c = &Count{}
			s.Topics[t.ID] = c
		}
		c.Seen++
		if accepted {
			c.Accepted++
		}
	}
	if v := rec.Verification; v != nil && (v.Previous == schemas.VerdictAccepted || v.Previous == schemas.VerdictRejected) {
		s.Reverified++
		now := schemas.VerdictAccepted
		if rec.Rejection != nil {
			now = schemas.VerdictRejected
		}
		if now != v.Previous {
			if s.VerdictChanges == nil {
				s.VerdictChanges = map[string]int64{}
			}
			s.VerdictChanges[v.Previous+"_to_"+now]++
		}
	}
	s.addTopics(rec, accepted)
	s.addProgram(rec, accepted)
	s.addText(rec, accepted)
	s.addVerification(rec)
	s.addProvenance(rec, accepted)
}

// addTopics counts acceptance per stage, subject, number of topics, tool
// and topic pair.
func (s *Stats) addTopics(rec *schemas.Record, accepted bool) {
	topics := rec.Seed.Topics
	if len(topics) > 0 {
		incCount(&s.NumTopics, strconv.Itoa(len(topics)), accepted)
	}
	stages, strata, tools, seenIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var ids, strataList []string
	for _, t := range topics {
		if !seenIDs[t.ID] {
			ids = append(ids, t.ID)
		}
		seenIDs[t.ID] = true
		if len(t.Path) > 0 {
			name := strings.Join(t.Path, " / ")
			if s.TopicNames == nil {
				s.TopicNames = map[string]string{}
			}
			if old, ok := s.TopicNames[t.ID]; !ok || name < old {
				s.TopicNames[t.ID] = key(name)
			}
			stages[t.Path[0]] = true
			if len(t.Path) > 1 {
				st := t.Path[0] + "/" + t.Path[1]
				if !strata[st] {
					strataList = append(strataList, st)
				}
				strata[st] = true
			}
		}
		for _, tool := range t.Tools {
			tools[tool] = true
		}
	}
	for st := range stages {
		incCount(&s.EducationStages, st, accepted)
	}
	for st := range strata {
		incCount(&s.Subjects, st, accepted)
	}
	for tool := range tools {
		incCount(&s.Tools, tool, accepted)
	}
	if !s.TopicPairsTruncated {
		for _, p := range pairs(ids) {
			incCount(&s.TopicPairs, p, accepted)
		}
		if len(s.TopicPairs) > TopicPairsCap {
			s.truncateTopicPairs()
		}
	}
	for _, p := range pairs(strataList) {
		incCount(&s.SubjectPairs, p, accepted)
	}
}

func (s *Stats) truncateTopicPairs() {
	s.TopicPairs = nil
	s.TopicPairsTruncated = true
}

// pairs returns the unordered pairs "a|b" (a <= b) of distinct items, or
// "a|a" for a single item.
func pairs(items []string) []string {
	if len(items) == 1 {
		return []string{items[0] + "|" + items[0]}
	}
	var out []string
	for i := 0; i < len(items); i++ {
		for j := i + 1; j < len(items); j++ {
			a, b := items[i], items[j]
			if b < a {
				a, b = b, a
			}
			out = append(out, a+"|"+b)
		}
	}
	return out
}

// addProgram records program, execution and answer-type figures.
func (s *Stats) addProgram(rec *schemas.Record, accepted bool) {
	if ex := rec.Execution; ex != nil && ex.Status != "" {
		s.ExecCPUMillis.Observe(ex.CPUMillis)
	}
	if !accepted {
		return
	}
	if p := rec.Program; p != nil && p.Source != "" {
		lines := int64(0)
		for _, ln := range strings.Split(p.Source, "\n") {
			if strings.TrimSpace(ln) != "" {
				lines++
			}
		}
		s.ProgramLines.Observe(lines)
	}
	if ex := rec.Execution; ex != nil {
		calls := map[string]bool{}
		for _, c := range ex.Calls {
			calls[c] = true
		}
		for c := range calls {
			inc(&s.ProgramCalls, c, 1)
		}
		s.ToolCount.Observe(int64(len(calls)))
		if ex.Result != nil {
			inc(&s.AnswerTypes, ex.Result.Kind, 1)
		}
	}
	if fa := rec.FinalAnswer; fa != nil {
		inc(&s.AnswerMethods, fa.Method, 1)
	}
}

// addText records solution lengths and distinct-n of accepted problems.
func (s *Stats) addText(rec *schemas.Record, accepted bool) {
	if !accepted {
		return
	}
	if rec.Solution != "" {
		s.SolutionChars.Observe(int64(utf8.RuneCountInString(rec.Solution)))
		s.SolutionWords.Observe(int64(len(strings.Fields(rec.Solution))))
	}
	if rec.Problem == "" {
		return
	}
	s.ProblemWords.Observe(int64(len(strings.Fields(rec.Problem))))
	toks := dedup.Tokens(rec.Problem)
	for n, d := range []*Distinct{&s.Distinct1, &s.Distinct2, &s.Distinct3} {
		size := n + 1
		if len(toks) < size {
			continue
		}
		hs := make([]uint64, 0, len(toks)-size+1)
		for i := 0; i+size <= len(toks); i++ {
			hs = append(hs, dedup.HashTokens(toks[i:i+size]))
		}
		d.AddHashes(hs)
	}
}

// addVerification counts checks by outcome.
func (s *Stats) addVerification(rec *schemas.Record) {
	v := rec.Verification
	if v == nil {
		return
	}
	for _, c := range v.Checks {
		if c.Name == CheckToolsMatter && (c.Result == schemas.ResultPass || c.Result == schemas.ResultFail) {
			s.ToolsMatter.Checked++
			if c.Result == schemas.ResultFail {
				s.ToolsMatter.Failed++
				s.addUnusedTools(rec)
			}
		}
		switch c.Result {
		case schemas.ResultFail:
			inc(&s.ChecksFailed, c.Name, 1)
		case schemas.ResultUndecided:
			inc(&s.ChecksUndecided, c.Name, 1)
		case schemas.ResultPass:
			if c.Layer != "" {
				inc(&s.CheckLayers, c.Layer, 1)
			}
		}
	}
}

// addUnusedTools counts the seed's declared tools that the program calls
// with a value that does not reach the answer (schemas.Execution.Unused).
func (s *Stats) addUnusedTools(rec *schemas.Record) {
	ex := rec.Execution
	if ex == nil {
		return
	}
	unused := map[string]bool{}
	for _, n := range ex.Unused {
		unused[n] = true
	}
	seen := map[string]bool{}
	for _, t := range rec.Seed.Topics {
		for _, tool := range t.Tools {
			if unused[tool] && !seen[tool] {
				seen[tool] = true
				inc(&s.ToolsMatter.Unused, tool, 1)
			}
		}
	}
}

// addProvenance counts provenance values, usage, pathways and evolution.
func (s *Stats) addProvenance(rec *schemas.Record, accepted bool) {
	pv := rec.Provenance
	p := &s.Provenance
	if pv.Generator != "" {
		inc(&p.Generators, pv.Generator, 1)
	}
	for role, model := range pv.Models {
		inc(&p.Models, role+"="+model, 1)
	}
	if pv.PromptVersion != "" {
		inc(&p.PromptVersions, pv.PromptVersion, 1)
	}
	if pv.ArrowsVersion != "" {
		inc(&p.ArrowsVersions, pv.ArrowsVersion, 1)
	}
	if pv.RunSeed != 0 || pv.Generator != "" {
		inc(&p.RunSeeds, strconv.FormatInt(pv.RunSeed, 10), 1)
	}
	if v := rec.Verification; v != nil && v.Version != "" {
		inc(&p.VerifierVersions, v.Version, 1)
	}
	pathway := pv.Pathway
	if pathway == "" {
		pathway = rec.Seed.Pathway
	}
	if pathway != "" {
		incCount(&s.Pathways, pathway, accepted)
	}
	evo := pv.Evolution
	if evo == nil && rec.Program != nil {
		evo = rec.Program.Evolution
	}
	if evo != nil {
		incCount(&s.Evolution, evo.Operator, accepted)
	}
	for _, d := range pv.Decontam {
		inc(&s.DecontamScope, d, 1)
	}
	for role, u := range rec.Usage {
		if s.Usage == nil {
			s.Usage = map[string]*RoleUsage{}
		}
		ru := s.Usage[key(role)]
		if ru == nil {
			ru = &RoleUsage{}
			s.Usage[key(role)] = ru
		}
		ru.PromptTokens += u.PromptTokens
		ru.CompletionTokens += u.CompletionTokens
		ru.Calls += u.Calls
		ru.CacheHits += u.CacheHits
		ru.CostNanoUSD += int64(math.Round(u.CostUSD * 1e9))
		ru.CachedPromptTokens += u.CachedPromptTokens
		ru.CachedCompletionTokens += u.CachedCompletionTokens
		if u.LatencyMillis > 0 {
			ru.LatencyMillis += u.LatencyMillis
			ru.LatencyCalls += u.Calls
		}
		ru.Rows++
		model := pv.Models[role]
		if model == "" {
			model = "(unknown)"
		}
		inc(&ru.Models, model, 1)
	}
}

// AddDeadLetter counts one dead-lettered input line.
func (s *Stats) AddDeadLetter(d *schemas.DeadLetter) {
	s.DeadLettered++
	if s.DeadLetterReasons == nil {
		s.DeadLetterReasons = map[string]int64{}
	}
	s.DeadLetterReasons[key(d.Reason)]++
}

func mergeInts(dst *map[string]int64, src map[string]int64) {
	for k, n := range src {
		if *dst == nil {
			*dst = map[string]int64{}
		}
		(*dst)[k] += n
	}
}

func mergeCounts(dst *map[string]*Count, src map[string]*Count) {
	for k, c := range src {
		if c == nil {
			continue
		}
		if *dst == nil {
			*dst = map[string]*Count{}
		}
		d := (*dst)[k]
		if d == nil {
			d = &Count{}
			(*dst)[k] = d
		}
		d.Seen += c.Seen
		d.Accepted += c.Accepted
	}
}

// Merge adds o into s.
func (s *Stats) Merge(o *Stats) {
	s.init()
	s.Rows += o.Rows
	s.Seeds += o.Seeds
	s.Accepted += o.Accepted
	s.Rejected += o.Rejected
	s.DeadLettered += o.DeadLettered
	s.Reverified += o.Reverified
	f, g := &s.Funnel, o.Funnel
	f.Seeds += g.Seeds
	f.Programs += g.Programs
	f.Executed += g.Executed
	f.Translated += g.Translated
	f.Verified += g.Verified
	f.Deduped += g.Deduped
	f.Decontam += g.Decontam
	f.Accepted += g.Accepted
	for stage, m := range o.Rejections {
		dst := s.Rejections[stage]
		if dst == nil {
			dst = map[string]int64{}
			s.Rejections[stage] = dst
		}
		for r, n := range m {
			dst[r] += n
		}
	}
	mergeInts(&s.DeadLetterReasons, o.DeadLetterReasons)
	mergeCounts(&s.Topics, o.Topics)
	mergeInts(&s.VerdictChanges, o.VerdictChanges)

	for id, name := range o.TopicNames {
		if s.TopicNames == nil {
			s.TopicNames = map[string]string{}
		}
		if old, ok := s.TopicNames[id]; !ok || name < old {
			s.TopicNames[id] = name
		}
	}
	mergeCounts(&s.EducationStages, o.EducationStages)
	mergeCounts(&s.Subjects, o.Subjects)
	mergeCounts(&s.NumTopics, o.NumTopics)
	mergeCounts(&s.Tools, o.Tools)
	mergeInts(&s.ProgramCalls, o.ProgramCalls)
	if o.TopicPairsTruncated {
		s.truncateTopicPairs()
	}
	if !s.TopicPairsTruncated {
		mergeCounts(&s.TopicPairs, o.TopicPairs)
		if len(s.TopicPairs) > TopicPairsCap {
			s.truncateTopicPairs()
		}
	}
	mergeCounts(&s.SubjectPairs, o.SubjectPairs)
	mergeCounts(&s.Pathways, o.Pathways)

	s.ProgramLines.Merge(o.ProgramLines)
	s.ToolCount.Merge(o.ToolCount)
	s.SolutionChars.Merge(o.SolutionChars)
	s.SolutionWords.Merge(o.SolutionWords)
	s.ProblemWords.Merge(o.ProblemWords)
	s.ExecCPUMillis.Merge(o.ExecCPUMillis)
	mergeInts(&s.AnswerTypes, o.AnswerTypes)
	mergeInts(&s.AnswerMethods, o.AnswerMethods)
	s.Distinct1.Merge(o.Distinct1)
	s.Distinct2.Merge(o.Distinct2)
	s.Distinct3.Merge(o.Distinct3)

	s.ToolsMatter.Checked += o.ToolsMatter.Checked
	s.ToolsMatter.Failed += o.ToolsMatter.Failed
	mergeInts(&s.ToolsMatter.Unused, o.ToolsMatter.Unused)
	mergeInts(&s.ChecksFailed, o.ChecksFailed)
	mergeInts(&s.ChecksUndecided, o.ChecksUndecided)
	mergeInts(&s.CheckLayers, o.CheckLayers)
	mergeInts(&s.Contamination, o.Contamination)
	mergeInts(&s.DecontamScope, o.DecontamScope)
	mergeCounts(&s.Evolution, o.Evolution)
	for role, u := range o.Usage {
		if u == nil {
			continue
		}
		if s.Usage == nil {
			s.Usage = map[string]*RoleUsage{}
		}
		d := s.Usage[role]
		if d == nil {
			d = &RoleUsage{}
			s.Usage[role] = d
		}
		d.PromptTokens += u.PromptTokens
		d.CompletionTokens += u.CompletionTokens
		d.Calls += u.Calls
		d.CacheHits += u.CacheHits
		d.CostNanoUSD += u.CostNanoUSD
		d.CachedPromptTokens += u.CachedPromptTokens
		d.CachedCompletionTokens += u.CachedCompletionTokens
		d.LatencyMillis += u.LatencyMillis
		d.LatencyCalls += u.LatencyCalls
		d.Rows += u.Rows
		mergeInts(&d.Models, u.Models)
	}
	p, q := &s.Provenance, o.Provenance
	mergeInts(&p.Generators, q.Generators)
	mergeInts(&p.Models, q.Models)
	mergeInts(&p.PromptVersions, q.PromptVersions)
	mergeInts(&p.VerifierVersions, q.VerifierVersions)
	mergeInts(&p.ArrowsVersions, q.ArrowsVersions)
	mergeInts(&p.RunSeeds, q.RunSeeds)
	mergeStageTimes(s, o.StageTimes)
	s.JobWallMillis += o.JobWallMillis
	s.FirstVerdictMillis += o.FirstVerdictMillis
	s.VerdictSpanMillis += o.VerdictSpanMillis
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// funnelStages names the rejection stages between consecutive funnel steps.
var funnelStages = [][]string{
	nil,
	{schemas.StageRead, schemas.StageSeed, schemas.StageBudget, schemas.StageGenerate},
	{schemas.StageExecute},
	{schemas.StageTranslate},
	{schemas.StageVerify},
	{schemas.StageDedup},
	{schemas.StageDecontam},
	{"other"},
}

// Finalize computes derived figures (Steps, rates, histogram summaries,
// distinct-n estimates). It is idempotent; call it after the last Add,
// AddDeadLetter or Merge.
func (s *Stats) Finalize() {
	s.init()
	f := s.Funnel
	counts := []int64{f.Seeds, f.Programs, f.Executed, f.Translated, f.Verified, f.Deduped, f.Decontam, f.Accepted}
	names := []string{"seeds", "programs", "executed", "translated", "verified", "deduplicated", "decontaminated", "accepted"}
	s.Steps = make([]FunnelStep, len(counts))
	for i, c := range counts {
		st := FunnelStep{Name: names[i], Count: c, OfSeeds: ratio(c, f.Seeds), Stages: funnelStages[i]}
		if i == 0 {
			st.OfPrevious = 1
			if c == 0 {
				st.OfPrevious = 0
			}
		} else {
			st.Dropped = counts[i-1] - c
			st.OfPrevious = ratio(c, counts[i-1])
		}
		s.Steps[i] = st
	}
	s.AcceptanceRate = ratio(s.Accepted, s.Rows)
	var nanos int64
	for _, u := range s.Usage {
		if u != nil {
			u.CostUSD = float64(u.CostNanoUSD) / 1e9
			nanos += u.CostNanoUSD
		}
	}
	s.CostUSD = float64(nanos) / 1e9
	s.CostPerAcceptedUSD = 0
	if s.Accepted > 0 {
		s.CostPerAcceptedUSD = s.CostUSD / float64(s.Accepted)
	}
	s.NearDuplicateRate = ratio(f.Verified-f.Deduped, f.Verified)
	s.ContaminationRate = ratio(f.Deduped-f.Decontam, f.Deduped)
	for _, m := range []map[string]*Count{s.Topics, s.EducationStages, s.Subjects, s.NumTopics, s.Tools, s.TopicPairs, s.SubjectPairs, s.Pathways, s.Evolution} {
		for _, c := range m {
			if c != nil {
				c.Rate = ratio(c.Accepted, c.Seen)
			}
		}
	}
	for _, h := range []*Histogram{&s.ProgramLines, &s.ToolCount, &s.SolutionChars, &s.SolutionWords, &s.ProblemWords, &s.ExecCPUMillis} {
		h.finalize()
	}
	for _, d := range []*Distinct{&s.Distinct1, &s.Distinct2, &s.Distinct3} {
		d.finalize()
	}
}
